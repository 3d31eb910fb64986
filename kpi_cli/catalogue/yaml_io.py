"""A catalogue as the one-file YAML that HR edits: readable, UTF-8, Chinese as written.

``export_dict`` is the editable form shared by the YAML and the xlsx export: everything the
loader reads back into an equal catalogue, and nothing it would have to guess. ``dump_yaml``
writes it with roles, dimensions and measures in block style and short values (params, grade
bands, departments) in flow style, under a comment that says what the file is.
"""

from __future__ import annotations

from typing import Any

import yaml

from kpi_cli.catalogue.model import Catalogue, Dimension, GradeBand, Measure, Role
from kpi_cli.i18n import t

FORMAT_DOC = "docs/catalogue-format.md"
# Two dimension weights closer than this are the same share (floating-point noise of 100 / 3).
_SAME_WEIGHT = 1e-9


# --- the editable form ----------------------------------------------------------------------------
def export_dict(cat: Catalogue) -> dict[str, Any]:
    """The catalogue as plain data in the one-file form (the keys of docs/catalogue-format.md).

    Unlike ``serialize.catalogue_to_dict`` (the public JSON), it writes params exactly as the
    catalogue holds them (no default rating scale added) and leaves the weight of dimensions
    that share the rest of 100% blank (null), so that loading it back gives an equal catalogue
    and an edited weight re-shares the rest instead of leaving a sum HR must redo by hand.
    """
    return {
        "name_zh": cat.name_zh,
        "name_en": cat.name_en,
        "version": cat.version,
        "departments": {k: {"name_zh": v.name_zh, "name_en": v.name_en} for k, v in cat.departments.items()},
        "grades": [grade_dict(g) for g in cat.grades],
        "quotas": [
            {
                k: v
                for k, v in (("grades", list(q.grades)), ("max_share", q.max_share), ("min_share", q.min_share))
                if v is not None
            }
            for q in cat.quotas
        ],
        "coverage_threshold": _num(cat.coverage_threshold),
        "coefficient_mode": cat.pay.mode,
        **({"coefficient_min": _num(cat.pay.min)} if cat.pay.min is not None else {}),
        **({"coefficient_max": _num(cat.pay.max)} if cat.pay.max is not None else {}),
        "calibrate": cat.pay.calibrate,
        "roles": [role_dict(r) for r in cat.roles],
    }


def grade_dict(g: GradeBand) -> dict[str, Any]:
    d = {"grade": g.grade, "name_zh": g.name_zh, "name_en": g.name_en, "min": _num(g.min)}
    if g.coefficient is not None:
        d["coefficient"] = _num(g.coefficient)
    return d


def shared_dimensions(role: Role) -> set[str]:
    """Codes of the dimensions whose weight is the equal share of what the others leave of 100%."""
    derived = [d for d in role.dimensions if d.origin == "derived"]
    if not derived:
        return set()
    given = sum(d.weight for d in role.dimensions if d.origin != "derived")
    share = (100.0 - given) / len(derived)
    if share <= 0 or any(abs(d.weight - share) > _SAME_WEIGHT for d in derived):
        return set()
    return {d.code for d in derived}


def role_dict(role: Role) -> dict[str, Any]:
    shared = shared_dimensions(role)
    d: dict[str, Any] = {
        "code": role.code,
        "name_zh": role.name_zh,
        "name_en": role.name_en,
        "department": role.department.code,
        "origin": role.origin,
    }
    if role.note_zh or role.note_en:
        d["note_zh"], d["note_en"] = role.note_zh, role.note_en
    if role.grades:
        d["grades"] = [grade_dict(g) for g in role.grades]
    d["dimensions"] = [dimension_dict(x, x.code in shared) for x in role.dimensions]
    if role.vetoes:
        d["vetoes"] = [measure_dict(m) for m in role.vetoes]
    if role.bonuses:
        d["bonuses"] = [measure_dict(m) for m in role.bonuses]
    return d


def dimension_dict(dim: Dimension, shared: bool = False) -> dict[str, Any]:
    return {
        "code": dim.code,
        "name_zh": dim.name_zh,
        "name_en": dim.name_en,
        "weight": None if shared else _num(dim.weight),
        "origin": dim.origin,
        "measures": [measure_dict(m) for m in dim.measures],
    }


def measure_dict(m: Measure) -> dict[str, Any]:
    d: dict[str, Any] = {"code": m.code}
    if m.kind != "weighted":
        d["kind"] = m.kind
    d.update(
        name_zh=m.name_zh,
        name_en=m.name_en,
        standard_zh=m.standard_zh,
        standard_en=m.standard_en,
        source=m.source,
        unit=m.unit,
        rule=m.rule,
        params={k: _plain(v) for k, v in m.params.items()},
    )
    if m.derived_params:
        d["derived_params"] = list(m.derived_params)
    d.update(aggregate=m.aggregate, basis=m.basis, cycle=m.cycle, weight=_num(m.weight), origin=m.origin)
    for key in ("assessor_zh", "assessor_en"):
        if getattr(m, key):
            d[key] = getattr(m, key)
    if m.checklist_zh:
        d["checklist_zh"] = list(m.checklist_zh)
    if m.checklist_en:
        d["checklist_en"] = list(m.checklist_en)
    return d


def _plain(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if isinstance(v, float):
        return _num(v)
    return v


def _num(x: Any) -> Any:
    if x is None or isinstance(x, bool) or not isinstance(x, (int, float)):
        return x
    x = float(x)
    return int(x) if x.is_integer() else x


# --- YAML text ------------------------------------------------------------------------------------
class _Flow(dict):
    """A mapping written on one line: {target: 95, floor: 80}."""


class _FlowList(list):
    """A list written on one line: [floor, ceiling]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False):
        # Indent list items under their key ("  - code: …"), as the built-in files do.
        return super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, text: str):
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Flow, lambda d, data: d.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)
)
_Dumper.add_representer(_FlowList, lambda d, data: d.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True))


def _styled(data: dict[str, Any]) -> dict[str, Any]:
    """The export dict with the short parts marked for flow style."""
    out = dict(data)
    out["departments"] = {k: _Flow(v) for k, v in data["departments"].items()}
    out["grades"] = [_Flow(g) for g in data["grades"]]
    out["quotas"] = [_Flow({k: (_FlowList(v) if isinstance(v, list) else v) for k, v in q.items()}) for q in data["quotas"]]
    out["roles"] = [_styled_role(r) for r in data["roles"]]
    return out


def _styled_role(r: dict[str, Any]) -> dict[str, Any]:
    out = dict(r)
    if "grades" in r:
        out["grades"] = [_Flow(g) for g in r["grades"]]
    out["dimensions"] = [dict(d, measures=[_styled_measure(m) for m in d["measures"]]) for d in r["dimensions"]]
    for key in ("vetoes", "bonuses"):
        if key in r:
            out[key] = [_styled_measure(m) for m in r[key]]
    return out


def _styled_measure(m: dict[str, Any]) -> dict[str, Any]:
    out = dict(m)
    out["params"] = _Flow({k: (_flow_lists(v)) for k, v in m["params"].items()})
    if "derived_params" in m:
        out["derived_params"] = _FlowList(m["derived_params"])
    return out


def _flow_lists(v: Any) -> Any:
    return _FlowList(_flow_lists(x) for x in v) if isinstance(v, list) else v


def dump_yaml(data: dict[str, Any], lang: str = "zh", source: str = "", note: str = "") -> str:
    """The export dict as commented YAML text (UTF-8 characters as written, not escaped)."""
    body = yaml.dump(
        _styled(data),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    header = [
        t("catyaml.header.what", lang, name=data.get(f"name_{lang}") or data.get("name_en", ""), version=data.get("version", "")),
    ]
    if source:
        header.append(t("catyaml.header.source", lang, source=source))
    if note:
        header.append(note)
    header += [
        t("catyaml.header.edit", lang),
        t("catyaml.header.check", lang),
        t("catyaml.header.use", lang),
        t("catyaml.header.format", lang, doc=FORMAT_DOC),
        t("catyaml.header.weight", lang),
    ]
    return "".join(f"# {line}\n" for line in header) + body


def catalogue_yaml(cat: Catalogue, lang: str = "zh", source: str = "", note: str = "") -> str:
    """The whole catalogue as an editable, commented YAML file; ``source`` says where it came from."""
    return dump_yaml(export_dict(cat), lang, source=source, note=note)
