"""What changed between two catalogues: roles, dimensions, weights, measures, rules, grades, quotas.

HR needs this when a catalogue is revised mid-year: which scores would move, and why. Each
change is one record (kind, where, field, old, new) with a message in zh and en.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpi_cli.cells import tidy_number
from kpi_cli.catalogue.model import PARAM_KEYS, Catalogue, GradeBand, Measure, Quota, Role
from kpi_cli.i18n import t

_TOLERANCE = 1e-9
CATALOGUE_FIELDS = ("name_zh", "name_en", "version", "coverage_threshold")
ROLE_FIELDS = ("name_zh", "name_en", "origin", "note_zh", "note_en", "aliases")
DIMENSION_FIELDS = ("weight", "name_zh", "name_en", "origin")
# The fields that change a score first, then the words.
MEASURE_FIELDS = (
    "rule",
    "unit",
    "basis",
    "cycle",
    "weight",
    "aggregate",
    "source",
    "origin",
    "derived_params",
    "name_zh",
    "name_en",
    "standard_zh",
    "standard_en",
    "assessor_zh",
    "assessor_en",
    "checklist_zh",
    "checklist_en",
    "aliases",
)


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` such as ``measure-changed``; where it is; the field; old → new."""

    kind: str
    role: str | None = None
    dimension: str | None = None
    measure: str | None = None
    field: str | None = None
    old: Any = None
    new: Any = None

    def where(self) -> str:
        return " › ".join(x for x in (self.role, self.dimension, self.measure) if x)

    def message(self, lang: str) -> str:
        return t(
            f"catdiff.{self.kind}",
            lang,
            role=self.role or "",
            dimension=self.dimension or "",
            measure=self.measure or "",
            field=self.field or "",
            old=show(self.old, lang),
            new=show(self.new, lang),
        )

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "role": self.role,
            "dimension": self.dimension,
            "measure": self.measure,
            "field": self.field,
            "old": _jsonable(self.old),
            "new": _jsonable(self.new),
            "message": self.message(lang),
        }


def show(v: Any, lang: str = "en") -> str:
    """A value for people: numbers without noise (33.33), lists joined, None as —."""
    if v is None:
        return "—"
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float):
        v = tidy_number(v)
        return str(v) if isinstance(v, int) else f"{v:.4f}".rstrip("0").rstrip(".")
    if isinstance(v, (list, tuple)):
        if v and all(isinstance(x, (list, tuple)) and len(x) == 2 for x in v):  # a scale or bands
            return ", ".join(f"{'*' if x is None else show(x)}:{show(y)}" for x, y in v)
        return ", ".join(show(x, lang) for x in v) if v else "—"
    return str(v)


def _jsonable(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    return tidy_number(v)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool) and not isinstance(b, bool):
        return abs(float(a) - float(b)) <= _TOLERANCE
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def diff_catalogues(a: Catalogue, b: Catalogue) -> list[Change]:
    """Every difference from ``a`` (the old catalogue) to ``b`` (the new one), in catalogue order."""
    out: list[Change] = []
    for f in CATALOGUE_FIELDS:
        if not _same(getattr(a, f), getattr(b, f)):
            out.append(Change("catalogue-changed", field=f, old=getattr(a, f), new=getattr(b, f)))
    for code, dep in b.departments.items():
        old = a.departments.get(code)
        if old is None:
            out.append(Change("department-added", field=code, new=dep.name_zh + " / " + dep.name_en))
            continue
        for f in ("name_zh", "name_en"):
            if getattr(old, f) != getattr(dep, f):
                out.append(Change("department-changed", field=f"{code}.{f}", old=getattr(old, f), new=getattr(dep, f)))
    for code, dep in a.departments.items():
        if code not in b.departments:
            out.append(Change("department-removed", field=code, old=dep.name_zh + " / " + dep.name_en))
    for f in ("mode", "min", "max", "calibrate"):
        old_v, new_v = getattr(a.pay, f), getattr(b.pay, f)
        if not _same(old_v, new_v):
            name = "calibrate" if f == "calibrate" else f"coefficient_{f}"
            out.append(Change("catalogue-changed", field=name, old=old_v, new=new_v))
    out += _grades(a.grades, b.grades, None)
    out += _quotas(a.quotas, b.quotas)
    old_roles = {r.code: r for r in a.roles}
    new_roles = {r.code: r for r in b.roles}
    for r in a.roles:
        if r.code not in new_roles:
            out.append(Change("role-removed", role=r.code, old=r.name_zh + " / " + r.name_en))
    for r in b.roles:
        old = old_roles.get(r.code)
        if old is None:
            out.append(Change("role-added", role=r.code, new=r.name_zh + " / " + r.name_en))
        else:
            out += _role(old, r)
    return out


def _grade_summary(bands: tuple[GradeBand, ...] | None) -> str | None:
    if not bands:
        return None
    return ", ".join(f"{g.grade} ≥ {show(g.min)}" if g.min is not None else g.grade for g in bands)


def _grades(a: tuple[GradeBand, ...], b: tuple[GradeBand, ...], role: str | None) -> list[Change]:
    out = []
    old = {g.grade: g for g in a}
    new = {g.grade: g for g in b}
    for g in a:
        if g.grade not in new:
            out.append(Change("grade-removed", role=role, field=g.grade, old=g.min))
    for g in b:
        o = old.get(g.grade)
        if o is None:
            out.append(Change("grade-added", role=role, field=g.grade, new=g.min))
            continue
        for f in ("min", "coefficient", "name_zh", "name_en"):
            if not _same(getattr(o, f), getattr(g, f)):
                out.append(Change("grade-changed", role=role, field=f"{g.grade}.{f}", old=getattr(o, f), new=getattr(g, f)))
    if [g.grade for g in a if g.grade in new] != [g.grade for g in b if g.grade in old]:
        out.append(Change("grade-order-changed", role=role, old=[g.grade for g in a], new=[g.grade for g in b]))
    return out


def _quotas(a: tuple[Quota, ...], b: tuple[Quota, ...]) -> list[Change]:
    out = []
    old = {q.grades: q for q in a}
    new = {q.grades: q for q in b}
    for q in a:
        if q.grades not in new:
            out.append(Change("quota-removed", field="+".join(q.grades), old=_quota_text(q)))
    for q in b:
        o = old.get(q.grades)
        if o is None:
            out.append(Change("quota-added", field="+".join(q.grades), new=_quota_text(q)))
            continue
        for f in ("max_share", "min_share"):
            if not _same(getattr(o, f), getattr(q, f)):
                out.append(Change("quota-changed", field=f"{'+'.join(q.grades)}.{f}", old=getattr(o, f), new=getattr(q, f)))
    return out


def _quota_text(q: Quota) -> str:
    parts = []
    if q.max_share is not None:
        parts.append(f"≤ {show(q.max_share)}")
    if q.min_share is not None:
        parts.append(f"≥ {show(q.min_share)}")
    return " ".join(parts)


def _role(a: Role, b: Role) -> list[Change]:
    code = b.code
    out = []
    for f in ROLE_FIELDS:
        if getattr(a, f) != getattr(b, f):
            out.append(Change("role-changed", role=code, field=f, old=getattr(a, f), new=getattr(b, f)))
    if a.department.code != b.department.code:
        out.append(Change("role-changed", role=code, field="department", old=a.department.code, new=b.department.code))
    if a.grades != b.grades:
        if a.grades is None:
            out.append(Change("role-grades-added", role=code, new=_grade_summary(b.grades)))
        elif b.grades is None:
            out.append(Change("role-grades-removed", role=code, old=_grade_summary(a.grades)))
        else:
            out += _grades(a.grades, b.grades, code)
    old_dims = {d.code: d for d in a.dimensions}
    new_dims = {d.code: d for d in b.dimensions}
    for d in a.dimensions:
        if d.code not in new_dims:
            out.append(Change("dimension-removed", role=code, dimension=d.code, old=d.weight))
    for d in b.dimensions:
        o = old_dims.get(d.code)
        if o is None:
            out.append(Change("dimension-added", role=code, dimension=d.code, new=d.weight))
            continue
        for f in DIMENSION_FIELDS:
            if not _same(getattr(o, f), getattr(d, f)):
                out.append(Change("dimension-changed", role=code, dimension=d.code, field=f, old=getattr(o, f), new=getattr(d, f)))
    old_ms = {m.code: (m, _place(a, m)) for m in a.all_measures}
    new_ms = {m.code: (m, _place(b, m)) for m in b.all_measures}
    for m in a.all_measures:
        if m.code not in new_ms:
            out.append(Change("measure-removed", role=code, dimension=old_ms[m.code][1], measure=m.code, old=m.rule))
    for m in b.all_measures:
        place = new_ms[m.code][1]
        if m.code not in old_ms:
            out.append(Change("measure-added", role=code, dimension=place, measure=m.code, new=m.rule))
            continue
        o, old_place = old_ms[m.code]
        if old_place != place:
            out.append(Change("measure-moved", role=code, dimension=place, measure=m.code, old=old_place, new=place))
        out += _measure(o, m, code, place)
    return out


def _place(role: Role, m: Measure) -> str:
    """The dimension a measure is in, or its list (vetoes / bonuses) for the others."""
    if m.kind == "veto":
        return "vetoes"
    if m.kind == "bonus":
        return "bonuses"
    return role.dimension_of(m.code).code


def _params(m: Measure) -> dict[str, Any]:
    p = dict(m.params)
    if m.rule == "rating":  # the default scale written out is the same scale
        p["scale"] = [list(x) for x in m.scale]
    return p


def _measure(a: Measure, b: Measure, role: str, place: str) -> list[Change]:
    out = []
    for f in MEASURE_FIELDS[:1]:
        if getattr(a, f) != getattr(b, f):
            out.append(Change("measure-changed", role=role, dimension=place, measure=b.code, field=f, old=getattr(a, f), new=getattr(b, f)))
    pa, pb = _params(a), _params(b)
    for key in [k for k in PARAM_KEYS if k in pa or k in pb]:
        if not _same(pa.get(key), pb.get(key)):
            out.append(
                Change("measure-param-changed", role=role, dimension=place, measure=b.code, field=key, old=pa.get(key), new=pb.get(key))
            )
    for f in MEASURE_FIELDS[1:]:
        if not _same(getattr(a, f), getattr(b, f)):
            out.append(Change("measure-changed", role=role, dimension=place, measure=b.code, field=f, old=getattr(a, f), new=getattr(b, f)))
    return out
