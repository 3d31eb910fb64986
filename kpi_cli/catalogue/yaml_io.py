"""A catalogue as the one-file YAML that HR edits: readable, UTF-8, Chinese as written.

The data is the editable form of kpi_cli.catalogue.serialize (``export_dict``), shared with the
xlsx export. ``dump_yaml`` writes it with roles, dimensions and measures in block style and short
values (params, grade bands, departments) in flow style, under a comment that says what the file is.
"""

from __future__ import annotations

from typing import Any

import yaml

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.catalogue.serialize import export_dict
from kpi_cli.i18n import t

FORMAT_DOC = "docs/catalogue-format.md"


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
    if "aliases" in r:
        out["aliases"] = _FlowList(r["aliases"])
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
    for key in ("derived_params", "aliases"):
        if key in m:
            out[key] = _FlowList(m[key])
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
