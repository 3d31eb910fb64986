"""Catalogue objects as plain dicts: the public JSON of `kpi role show` and the YAML export."""

from __future__ import annotations

from typing import Any

from kpi_cli.catalogue.model import Catalogue, Dimension, GradeBand, Measure, Role


def measure_to_dict(m: Measure) -> dict[str, Any]:
    params = dict(m.params)
    if m.rule == "rating":
        params["scale"] = [[_num(v), _num(p)] for v, p in m.scale]
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
        "weight": _num(m.weight),
        "origin": m.origin,
        "derived_params": list(m.derived_params),
    }
    if m.kind != "weighted":
        d["kind"] = m.kind
    for key in ("assessor_zh", "assessor_en"):
        if getattr(m, key):
            d[key] = getattr(m, key)
    if m.checklist_zh:
        d["checklist_zh"] = list(m.checklist_zh)
    if m.checklist_en:
        d["checklist_en"] = list(m.checklist_en)
    return d


def dimension_to_dict(d: Dimension) -> dict[str, Any]:
    return {
        "code": d.code,
        "name_zh": d.name_zh,
        "name_en": d.name_en,
        "weight": _num(round(d.weight, 6)),
        "origin": d.origin,
        "measures": [measure_to_dict(m) for m in d.measures],
    }


def grade_to_dict(g: GradeBand) -> dict[str, Any]:
    d = {"grade": g.grade, "name_zh": g.name_zh, "name_en": g.name_en, "min": _num(g.min)}
    if g.coefficient is not None:
        d["coefficient"] = _num(g.coefficient)
    return d


def role_to_dict(role: Role) -> dict[str, Any]:
    """The `kpi role show --format json` contract (README, "JSON of a role")."""
    d: dict[str, Any] = {
        "code": role.code,
        "name_zh": role.name_zh,
        "name_en": role.name_en,
        "department": role.department.code,
        "department_zh": role.department.name_zh,
        "department_en": role.department.name_en,
        "origin": role.origin,
        "dimensions": [dimension_to_dict(x) for x in role.dimensions],
    }
    if role.note_zh or role.note_en:
        d["note_zh"], d["note_en"] = role.note_zh, role.note_en
    if role.grades:
        d["grades"] = [grade_to_dict(g) for g in role.grades]
    if role.vetoes:
        d["vetoes"] = [measure_to_dict(m) for m in role.vetoes]
    if role.bonuses:
        d["bonuses"] = [measure_to_dict(m) for m in role.bonuses]
    return d


def catalogue_to_dict(cat: Catalogue) -> dict[str, Any]:
    """The whole catalogue in the one-file YAML form that `--catalogue` reads back."""
    return {
        "name_zh": cat.name_zh,
        "name_en": cat.name_en,
        "version": cat.version,
        "departments": {k: {"name_zh": v.name_zh, "name_en": v.name_en} for k, v in cat.departments.items()},
        "grades": [grade_to_dict(g) for g in cat.grades],
        "quotas": [
            {k: v for k, v in (("grades", list(q.grades)), ("max_share", q.max_share), ("min_share", q.min_share)) if v is not None}
            for q in cat.quotas
        ],
        "coverage_threshold": cat.coverage_threshold,
        "coefficient_mode": cat.pay.mode,
        **({"coefficient_min": _num(cat.pay.min)} if cat.pay.min is not None else {}),
        **({"coefficient_max": _num(cat.pay.max)} if cat.pay.max is not None else {}),
        "calibrate": cat.pay.calibrate,
        "roles": [role_to_dict(r) for r in cat.roles],
    }


def _num(x):
    if x is None:
        return None
    x = float(x)
    return int(x) if x.is_integer() else x
