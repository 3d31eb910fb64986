"""Catalogue objects as plain dicts, in two forms written by the same functions:

- the editable form (``public=False``): the one-file YAML/xlsx that HR edits and `--catalogue`
  reads back into an equal catalogue — params exactly as the catalogue holds them (no default
  rating scale added), numbers tidied (95 not 95.0), and the weight of dimensions that share the
  rest of 100% left blank (null), so that an edited weight re-shares the rest;
- the public JSON (``public=True``) of `kpi role show --format json` (README, "JSON of a role"):
  params as scored (the rating scale always written), department names, every dimension weight,
  ``derived_params`` always.

The keys and their order are the schema's (kpi_cli.catalogue.schema); the public JSON, older than
the editable form, keeps a few keys later (``_PUBLIC_LATER``).
"""

from __future__ import annotations

from typing import Any

from kpi_cli.cells import tidy_number
from kpi_cli.catalogue.model import Catalogue, Dimension, GradeBand, Measure, Role
from kpi_cli.catalogue.schema import CATALOGUE_KEYS, DIMENSION_KEYS, GRADE_KEYS, MEASURE_KEYS, ROLE_KEYS

# Two dimension weights closer than this are the same share (floating-point noise of 100 / 3).
_SAME_WEIGHT = 1e-9
# The public JSON writes these keys after "origin" (measures) and "dimensions" after "origin" (roles).
_PUBLIC_LATER = {"measure": ("derived_params", "kind"), "role": ("dimensions",)}


def _ordered(d: dict[str, Any], keys: tuple[str, ...], later: tuple[str, ...] = ()) -> dict[str, Any]:
    order = [k for k in keys if k not in later]
    if later:
        at = order.index("origin") + 1
        order[at:at] = later
    return {k: d[k] for k in order if k in d}


def _plain(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    return tidy_number(v) if isinstance(v, float) else v


def measure_to_dict(m: Measure, public: bool = True) -> dict[str, Any]:
    if public:
        params = dict(m.params)
        if m.rule == "rating":
            params["scale"] = [[tidy_number(v), tidy_number(p)] for v, p in m.scale]
    else:
        params = {k: _plain(v) for k, v in m.params.items()}
    d: dict[str, Any] = {
        "code": m.code,
        "name_zh": m.name_zh,
        "name_en": m.name_en,
        "standard_zh": m.standard_zh,
        "standard_en": m.standard_en,
        "source": m.source,
        "unit": m.unit,
        "rule": m.rule,
        "params": params,
        "aggregate": m.aggregate,
        "basis": m.basis,
        "cycle": m.cycle,
        "weight": tidy_number(m.weight),
        "origin": m.origin,
    }
    if m.derived_params or public:
        d["derived_params"] = list(m.derived_params)
    if m.kind != "weighted":
        d["kind"] = m.kind
    for key in ("assessor_zh", "assessor_en"):
        if getattr(m, key):
            d[key] = getattr(m, key)
    if m.checklist_zh:
        d["checklist_zh"] = list(m.checklist_zh)
    if m.checklist_en:
        d["checklist_en"] = list(m.checklist_en)
    if m.aliases:
        d["aliases"] = list(m.aliases)
    return _ordered(d, MEASURE_KEYS, _PUBLIC_LATER["measure"] if public else ())


def dimension_to_dict(dim: Dimension, public: bool = True, shared: bool = False) -> dict[str, Any]:
    """``shared``: its weight is the equal share of the rest (left blank in the editable form)."""
    if public:
        weight = tidy_number(round(dim.weight, 6))
    else:
        weight = None if shared else tidy_number(dim.weight)
    d = {
        "code": dim.code,
        "name_zh": dim.name_zh,
        "name_en": dim.name_en,
        "weight": weight,
        "origin": dim.origin,
        "measures": [measure_to_dict(m, public) for m in dim.measures],
    }
    return _ordered(d, DIMENSION_KEYS)


def grade_to_dict(g: GradeBand) -> dict[str, Any]:
    d = {"grade": g.grade, "name_zh": g.name_zh, "name_en": g.name_en, "min": tidy_number(g.min)}
    if g.coefficient is not None:
        d["coefficient"] = tidy_number(g.coefficient)
    return _ordered(d, GRADE_KEYS)


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


def role_to_dict(role: Role, public: bool = True) -> dict[str, Any]:
    """One role; ``public``: the `kpi role show --format json` contract."""
    shared = set() if public else shared_dimensions(role)
    d: dict[str, Any] = {
        "code": role.code,
        "name_zh": role.name_zh,
        "name_en": role.name_en,
        "department": role.department.code,
        "origin": role.origin,
        "dimensions": [dimension_to_dict(x, public, x.code in shared) for x in role.dimensions],
    }
    if public:
        d["department_zh"], d["department_en"] = role.department.name_zh, role.department.name_en
    if role.aliases:
        d["aliases"] = list(role.aliases)
    if role.note_zh or role.note_en:
        d["note_zh"], d["note_en"] = role.note_zh, role.note_en
    if role.grades:
        d["grades"] = [grade_to_dict(g) for g in role.grades]
    if role.vetoes:
        d["vetoes"] = [measure_to_dict(m, public) for m in role.vetoes]
    if role.bonuses:
        d["bonuses"] = [measure_to_dict(m, public) for m in role.bonuses]
    return _ordered(d, ROLE_KEYS, _PUBLIC_LATER["role"] if public else ())


def catalogue_to_dict(cat: Catalogue, public: bool = True) -> dict[str, Any]:
    """The whole catalogue in the one-file form that `--catalogue` reads back."""
    d: dict[str, Any] = {
        "name_zh": cat.name_zh,
        "name_en": cat.name_en,
        "version": cat.version,
        "departments": {k: {"name_zh": v.name_zh, "name_en": v.name_en} for k, v in cat.departments.items()},
        "grades": [grade_to_dict(g) for g in cat.grades],
        "quotas": [
            {k: v for k, v in (("grades", list(q.grades)), ("max_share", q.max_share), ("min_share", q.min_share)) if v is not None}
            for q in cat.quotas
        ],
        "coverage_threshold": cat.coverage_threshold if public else tidy_number(cat.coverage_threshold),
        "coefficient_mode": cat.pay.mode,
        "calibrate": cat.pay.calibrate,
        "roles": [role_to_dict(r, public) for r in cat.roles],
    }
    if cat.pay.min is not None:
        d["coefficient_min"] = tidy_number(cat.pay.min)
    if cat.pay.max is not None:
        d["coefficient_max"] = tidy_number(cat.pay.max)
    return _ordered(d, CATALOGUE_KEYS)


def export_dict(cat: Catalogue) -> dict[str, Any]:
    """The catalogue as plain data in the editable one-file form (docs/catalogue-format.md):
    everything the loader reads back into an equal catalogue, and nothing it would have to guess."""
    return catalogue_to_dict(cat, public=False)
