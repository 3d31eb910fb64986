"""The catalogue's schema: the keys of each level, and the checks that turn plain, located data
(from YAML or a workbook) into a Catalogue.

Every problem names its file and line (or sheet and cell), and the role / dimension / measure it
is in, so that HR can fix an edited catalogue without reading Python. The checks also resolve
what the format lets HR leave out: shared dimension weights, default floors and ceilings (marked
derived). Reading the files is kpi_cli.catalogue.loader's and xlsx_io's job.
"""

from __future__ import annotations

import hashlib
import math
import re
from pathlib import Path
from typing import Any

from kpi_cli.catalogue.model import (
    AGGREGATES,
    BASES,
    BONUS_RULE,
    CYCLES,
    PERIOD_MONTHS,
    Catalogue,
    Department,
    Dimension,
    GradeBand,
    COEFFICIENT_MODES,
    Measure,
    ORIGINS,
    PARAM_KEYS,
    PayPolicy,
    Quota,
    Role,
    RULES,
    SOURCES,
    UNITS,
    needed_cycle,
)
from kpi_cli.cells import tidy_number
from kpi_cli.errors import CatalogueError
from kpi_cli.problems import ERROR, WARNING, Problem

CODE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
WEIGHT_TOLERANCE = 0.01
DERIVABLE_FIELDS = ("basis", "cycle")  # measure fields that derived_params may name besides params

# The keys the format knows at each level (docs/catalogue-format.md), in the order the editable
# form writes them (kpi_cli.catalogue.serialize, the workbook's columns); anything else is a typo.
CATALOGUE_KEYS = (
    "name_zh", "name_en", "version", "departments", "grades", "quotas", "coverage_threshold",
    "coefficient_mode", "coefficient_min", "coefficient_max", "calibrate", "roles",
)
DEPARTMENT_KEYS = ("name_zh", "name_en")
GRADE_KEYS = ("grade", "name_zh", "name_en", "min", "coefficient")
QUOTA_KEYS = ("grades", "max_share", "min_share")
# department_zh / department_en: what `kpi role show --format json` adds; harmless when pasted back.
ROLE_KEYS = (
    "code", "name_zh", "name_en", "department", "department_zh", "department_en", "origin", "note_zh",
    "note_en", "grades", "dimensions", "vetoes", "bonuses", "aliases",
)
DIMENSION_KEYS = ("code", "name_zh", "name_en", "weight", "origin", "measures")
MEASURE_KEYS = (
    "code", "kind", "name_zh", "name_en", "standard_zh", "standard_en", "source", "unit", "rule", "params",
    "derived_params", "aggregate", "basis", "cycle", "weight", "origin", "assessor_zh", "assessor_en",
    "checklist_zh", "checklist_en", "aliases",
)


class Located(dict):
    """A mapping that remembers where it was written: the YAML line of itself and of each key,
    or, when it was read from a workbook, the sheet and the (row, column letter) of each key."""

    line: int = 0
    key_lines: dict = {}
    sheet: str | None = None  # set for mappings read from an xlsx catalogue
    cell: tuple[int, str | None] | None = None  # (row, column letter) of the mapping itself
    key_cells: dict = {}  # key → (row, column letter)


class LocatedList(list):
    line: int = 0
    item_lines: list = []
    sheet: str | None = None
    cell: tuple[int, str | None] | None = None


class Checker:
    """Collects located problems while turning plain YAML data into model objects."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # grade bands read, with where they were: (file, mapping, band, ctx) — for the check that
        # every grade has a coefficient once any has (_check_pay)
        self.bands: list[tuple[Path, Any, GradeBand, dict]] = []

    def add(
        self, type_: str, file: Path, where: Any = None, at: str | None = None, severity: str = ERROR, **params
    ) -> None:
        """Record a problem located at ``where`` (a mapping, list or line number), at its key ``at``.

        A missing key has no line or cell of its own: the mapping's line is used, or, in a
        workbook, the (empty) cell of that key's column.
        """
        line = sheet = row = column = None
        if isinstance(where, (Located, LocatedList)) and where.sheet:
            sheet = where.sheet
            cells = getattr(where, "key_cells", {})
            row, column = cells.get(at) or cells.get(params.get("key")) or where.cell or (None, None)
        elif isinstance(where, Located):
            line = where.key_lines.get(at, where.line) if at else where.line
        elif isinstance(where, LocatedList):
            line = where.line
        elif isinstance(where, int):
            line = where
        self.problems.append(
            Problem(
                type_,
                severity=severity,
                file=str(file),
                sheet=sheet,
                row=row,
                column=column,
                line=line or None,
                role=params.get("role"),
                measure=params.get("measure"),
                value=params.get("value"),
                params=params,
            )
        )

    def unknown_keys(self, d: dict, known: tuple[str, ...], file: Path, ctx: dict) -> None:
        """A key the format does not know is most likely a typo (wieght): warn, naming the known ones."""
        for key in d:
            if key not in known:
                self.add(
                    "catalogue-unknown-key",
                    file,
                    d,
                    key,
                    severity=WARNING,
                    key=key,
                    allowed=", ".join(sorted(known)),
                    **ctx,
                )

    # --- small typed getters -------------------------------------------------------------
    def text(self, d: dict, key: str, file: Path, ctx: dict, required: bool = True) -> str:
        v = d.get(key)
        if v is None or (isinstance(v, str) and not v.strip()):
            if required:
                self.add("catalogue-missing-key", file, d, None, key=key, **ctx)
            return ""
        return str(v).strip()

    def code(self, d: dict, file: Path, ctx: dict) -> str:
        v = self.text(d, "code", file, ctx)
        if v and not CODE_RE.match(v):
            self.add("catalogue-bad-code", file, d, "code", value=v, **ctx)
        return v

    def choice(self, d: dict, key: str, allowed: tuple, file: Path, ctx: dict, default=None) -> Any:
        v = d.get(key, default)
        if v is None and None in allowed:
            return None
        if v not in allowed:
            if key not in d and default is None:
                self.add("catalogue-missing-key", file, d, None, key=key, **ctx)
            else:
                self.add(
                    "catalogue-bad-choice",
                    file,
                    d,
                    key,
                    key=key,
                    value=v,
                    allowed=", ".join(str(a) for a in allowed if a is not None),
                    **ctx,
                )
            return default if default in allowed else allowed[0]
        return v

    def aliases(self, d: dict, file: Path, ctx: dict) -> tuple[str, ...]:
        """``aliases``: a list of other names (a single text is one name); blanks dropped."""
        raw = d.get("aliases")
        if raw is None:
            return ()
        if isinstance(raw, str):
            raw = [raw]
        if not isinstance(raw, list) or not all(isinstance(x, (str, int, float)) and not isinstance(x, bool) for x in raw):
            self.add("catalogue-not-a-list", file, d, "aliases", key="aliases", **ctx)
            return ()
        out: list[str] = []
        for x in raw:
            text = str(x).strip()
            if text and text not in out:
                out.append(text)
        return tuple(out)

    def number(self, v: Any) -> float | None:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
            return None
        return float(v)


def build_catalogue(data: Any, file: Path, ck: Checker, digest, read_part=None) -> Catalogue | None:
    """The catalogue ``data`` describes (located mappings), or None; problems go to ``ck``.

    ``read_part(path, problems)`` reads a role written in a file of its own (a string entry of
    ``roles``, YAML only); ``digest`` takes in the bytes of every file read.
    """
    if not isinstance(data, dict):
        ck.add("catalogue-not-a-mapping", file, 1)
        return None
    ctx: dict = {}
    ck.unknown_keys(data, CATALOGUE_KEYS, file, ctx)
    departments: dict[str, Department] = {}
    deps = data.get("departments") or {}
    if not isinstance(deps, dict) or not deps:
        ck.add("catalogue-missing-key", file, data, None, key="departments")
    else:
        for code, d in deps.items():
            if not isinstance(d, dict):
                ck.add("catalogue-not-a-mapping", file, deps, code)
                continue
            ck.unknown_keys(d, DEPARTMENT_KEYS, file, ctx)
            departments[str(code)] = Department(
                str(code),
                ck.text(d, "name_zh", file, ctx),
                ck.text(d, "name_en", file, ctx),
            )
    grades = _grades(data.get("grades"), data, file, ck, ctx)
    quotas = _quotas(data.get("quotas"), data, file, ck, {g.grade for g in grades})
    threshold = data.get("coverage_threshold", 0.5)
    if ck.number(threshold) is None or not 0 <= threshold <= 1:
        ck.add("catalogue-bad-threshold", file, data, "coverage_threshold", value=threshold)
        threshold = 0.5
    roles: list[Role] = []
    role_dicts: list[tuple[Path, dict]] = []
    seen: dict[str, int] = {}
    raw_roles = data.get("roles")
    if not isinstance(raw_roles, list) or not raw_roles:
        ck.add("catalogue-missing-key", file, data, None, key="roles")
        raw_roles = []
    for i, entry in enumerate(raw_roles):
        role_file, role_data = file, entry
        if isinstance(entry, str) and read_part is not None:
            role_file = file.parent / entry
            if not role_file.exists():
                line = raw_roles.item_lines[i] if isinstance(raw_roles, LocatedList) else None
                ck.add("catalogue-role-file-missing", file, line, value=entry)
                continue
            role_data = read_part(role_file, ck.problems)
            if role_data is None:
                continue
            digest.update(role_file.read_bytes())
        if not isinstance(role_data, dict):
            ck.add("catalogue-not-a-mapping", role_file, getattr(role_data, "line", None))
            continue
        role = _role(role_data, role_file, ck, departments, {g.grade for g in grades})
        if role is None:
            continue
        if role.code in seen:
            ck.add("catalogue-duplicate-code", role_file, role_data, "code", value=role.code, role=role.code)
            continue
        seen[role.code] = 1
        roles.append(role)
        role_dicts.append((role_file, role_data))
    _check_role_aliases(roles, role_dicts, ck)
    pay = _pay(data, file, ck, grades)
    if pay.mode == "grade":
        roles = [_with_shared_coefficients(r, grades) for r in roles]
    if any(p.severity == ERROR for p in ck.problems):
        return None
    return Catalogue(
        name_zh=ck.text(data, "name_zh", file, ctx),
        name_en=ck.text(data, "name_en", file, ctx),
        version=str(data.get("version", "")),
        departments=departments,
        grades=grades,
        quotas=quotas,
        coverage_threshold=float(threshold),
        roles=tuple(roles),
        path=str(file),
        sha256=digest.hexdigest(),
        pay=pay,
    )


def _with_shared_coefficients(role: Role, grades: tuple[GradeBand, ...]) -> Role:
    """The role with its own bands' missing coefficients taken from the catalogue's same letters."""
    if not role.grades or all(b.coefficient is not None for b in role.grades):
        return role
    from dataclasses import replace

    shared = {b.grade: b.coefficient for b in grades}
    bands = tuple(b if b.coefficient is not None else replace(b, coefficient=shared.get(b.grade)) for b in role.grades)
    return replace(role, grades=bands)


def _pay(data: dict, file: Path, ck: Checker, catalogue_grades: tuple[GradeBand, ...]) -> PayPolicy:
    """The coefficient mode, its range and the calibration default; every band's coefficient
    checked: once any grade has one, every grade needs one (a grade without one would pay nothing)."""
    mode = ck.choice(data, "coefficient_mode", COEFFICIENT_MODES, file, {}, default="grade")
    bounds = {}
    for key in ("coefficient_min", "coefficient_max"):
        v = data.get(key)
        if v is not None and (ck.number(v) is None or v < 0):
            ck.add("catalogue-bad-coefficient", file, data, key, key=key, value=v)
            v = None
        bounds[key] = None if v is None else float(v)
    lo, hi = bounds["coefficient_min"], bounds["coefficient_max"]
    if mode == "total":
        if lo is None or hi is None:
            missing = "coefficient_min" if lo is None else "coefficient_max"
            if data.get(missing) is None:
                ck.add("catalogue-missing-key", file, data, None, key=missing)
        elif lo > hi:
            ck.add("catalogue-bad-coefficient-range", file, data, "coefficient_min", value=f"{_tidy(lo)} > {_tidy(hi)}",
                   min=_tidy(lo), max=_tidy(hi))
    calibrate = data.get("calibrate", False)
    if not isinstance(calibrate, bool):
        ck.add("catalogue-bad-choice", file, data, "calibrate", key="calibrate", value=calibrate, allowed="true, false")
        calibrate = False
    if mode == "grade" and any(b.coefficient is not None for _, _, b, _ in ck.bands):
        # A role's own band without a coefficient takes the catalogue's for the same letter.
        shared = {b.grade: b.coefficient for b in catalogue_grades if b.coefficient is not None}
        for where_file, g, band, ctx in ck.bands:
            if band.coefficient is None and not (ctx.get("role") and band.grade in shared):
                ck.add("catalogue-missing-coefficient", where_file, g, None, value=band.grade, key="coefficient", **ctx)
    return PayPolicy(mode, lo, hi, bool(calibrate))


def _grades(raw: Any, parent: dict, file: Path, ck: Checker, ctx: dict) -> tuple[GradeBand, ...]:
    if not isinstance(raw, list) or not raw:
        ck.add("catalogue-missing-key", file, parent, None, key="grades", **ctx)
        return ()
    bands: list[GradeBand] = []
    for i, g in enumerate(raw):
        if not isinstance(g, dict):
            ck.add("catalogue-not-a-mapping", file, raw)
            continue
        ck.unknown_keys(g, GRADE_KEYS, file, ctx)
        lo = g.get("min")
        if lo is not None and ck.number(lo) is None:
            ck.add("catalogue-not-a-number", file, g, "min", key="min", value=lo, **ctx)
            lo = None
        coef = g.get("coefficient")
        if coef is not None and (ck.number(coef) is None or coef < 0):
            ck.add("catalogue-bad-coefficient", file, g, "coefficient", key="coefficient", value=coef, **ctx)
            coef = None
        bands.append(GradeBand(ck.text(g, "grade", file, ctx), ck.text(g, "name_zh", file, ctx), ck.text(g, "name_en", file, ctx), lo,
                               None if coef is None else float(coef)))
        ck.bands.append((file, g, bands[-1], dict(ctx)))
        if i < len(raw) - 1 and lo is None:
            ck.add("catalogue-grade-gap", file, g, None, value=g.get("grade"), **ctx)
        if i > 0 and lo is not None and bands[i - 1].min is not None and lo >= bands[i - 1].min:
            ck.add("catalogue-grade-overlap", file, g, "min", value=g.get("grade"), previous=bands[i - 1].grade, **ctx)
    if bands and bands[-1].min is not None:
        ck.add("catalogue-grade-gap-below", file, raw[-1], "min", value=bands[-1].grade, min=bands[-1].min, **ctx)
    letters = [b.grade for b in bands]
    for letter in {x for x in letters if letters.count(x) > 1}:
        ck.add("catalogue-duplicate-code", file, raw, value=letter, **ctx)
    return tuple(bands)


def _quotas(raw: Any, parent: dict, file: Path, ck: Checker, grade_letters: set[str]) -> tuple[Quota, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        ck.add("catalogue-not-a-list", file, parent, "quotas", key="quotas")
        return ()
    out = []
    for q in raw:
        if not isinstance(q, dict):
            ck.add("catalogue-not-a-mapping", file, raw)
            continue
        ck.unknown_keys(q, QUOTA_KEYS, file, {})
        grades = q.get("grades") or []
        if isinstance(grades, str):
            grades = [grades]
        for g in grades:
            if g not in grade_letters:
                ck.add("catalogue-unknown-grade", file, q, "grades", value=g, allowed=", ".join(sorted(grade_letters)))
        shares = {}
        for key in ("max_share", "min_share"):
            v = q.get(key)
            if v is not None and (ck.number(v) is None or not 0 <= v <= 1):
                ck.add("catalogue-bad-share", file, q, key, key=key, value=v)
                v = None
            shares[key] = v
        out.append(Quota(tuple(str(g) for g in grades), shares["max_share"], shares["min_share"]))
    return tuple(out)


def _role(d: dict, file: Path, ck: Checker, departments: dict[str, Department], grade_letters: set[str]) -> Role | None:
    code = ck.code(d, file, {})
    ctx = {"role": code}
    ck.unknown_keys(d, ROLE_KEYS, file, ctx)
    dep_code = d.get("department")
    department = departments.get(str(dep_code)) if dep_code is not None else None
    if department is None:
        ck.add("catalogue-unknown-department", file, d, "department", value=dep_code, allowed=", ".join(departments), **ctx)
        department = Department(str(dep_code), str(dep_code), str(dep_code))
    grades = None
    if d.get("grades") is not None:
        grades = _grades(d.get("grades"), d, file, ck, ctx) or None
        if grades:  # a veto's cap_grade names one of the role's own bands
            grade_letters = {g.grade for g in grades}
    raw_dims = d.get("dimensions")
    if not isinstance(raw_dims, list) or not raw_dims:
        ck.add("catalogue-missing-key", file, d, None, key="dimensions", **ctx)
        raw_dims = []
    # Weights: the source's where given; the rest of 100% shared equally by the others.
    given = [ck.number(x.get("weight")) if isinstance(x, dict) else None for x in raw_dims]
    for x, w in zip(raw_dims, given):
        if isinstance(x, dict) and x.get("weight") is not None and (w is None or w < 0):
            ck.add("catalogue-bad-weight", file, x, "weight", value=x.get("weight"), **ctx)
    known = sum(w for w in given if w is not None)
    n_missing = sum(1 for w in given if w is None)
    share = (100.0 - known) / n_missing if n_missing else 0.0
    if n_missing and share <= 0:
        ck.add("catalogue-weights-sum", file, d, "dimensions", total=_tidy(round(known, 4)), **ctx)
    elif not n_missing and raw_dims and abs(known - 100.0) > WEIGHT_TOLERANCE:
        ck.add("catalogue-weights-sum", file, d, "dimensions", total=_tidy(round(known, 4)), **ctx)
    dims: list[Dimension] = []
    measure_codes: dict[str, int] = {}
    dim_codes: set[str] = set()
    for x, w in zip(raw_dims, given):
        if not isinstance(x, dict):
            ck.add("catalogue-not-a-mapping", file, raw_dims, **ctx)
            continue
        dcode = ck.code(x, file, ctx)
        ck.unknown_keys(x, DIMENSION_KEYS, file, ctx)
        if dcode in dim_codes:
            ck.add("catalogue-duplicate-code", file, x, "code", value=dcode, **ctx)
        dim_codes.add(dcode)
        origin = ck.choice(x, "origin", ORIGINS, file, ctx, default="source" if w is not None else "derived")
        raw_ms = x.get("measures")
        if not isinstance(raw_ms, list) or not raw_ms:
            ck.add("catalogue-missing-key", file, x, None, key="measures", **ctx)
            raw_ms = []
        measures = tuple(
            m for m in (_measure(m, file, ck, ctx, measure_codes, grade_letters, "weighted") for m in raw_ms) if m
        )
        dims.append(
            Dimension(
                code=dcode,
                name_zh=ck.text(x, "name_zh", file, ctx),
                name_en=ck.text(x, "name_en", file, ctx),
                weight=w if w is not None else share,
                origin=origin if w is not None else "derived",
                measures=measures,
            )
        )
    extras = {}
    raw_all = [m for x in raw_dims if isinstance(x, dict) and isinstance(x.get("measures"), list) for m in x["measures"]]
    for key, kind in (("vetoes", "veto"), ("bonuses", "bonus")):
        raw = d.get(key) or []
        if not isinstance(raw, list):
            ck.add("catalogue-not-a-list", file, d, key, key=key, **ctx)
            raw = []
        raw_all += list(raw)
        extras[key] = tuple(m for m in (_measure(m, file, ck, ctx, measure_codes, grade_letters, kind) for m in raw) if m)
    _check_measure_aliases([m for m in raw_all if isinstance(m, dict)], file, ck, ctx)
    return Role(
        code=code,
        name_zh=ck.text(d, "name_zh", file, ctx),
        name_en=ck.text(d, "name_en", file, ctx),
        department=department,
        origin=ck.choice(d, "origin", ORIGINS, file, ctx, default="source"),
        dimensions=tuple(dims),
        note_zh=str(d.get("note_zh") or ""),
        note_en=str(d.get("note_en") or ""),
        grades=grades,
        vetoes=extras["vetoes"],
        bonuses=extras["bonuses"],
        aliases=ck.aliases(d, file, ctx),
    )


def _check_measure_aliases(raw: list[dict], file: Path, ck: Checker, ctx: dict) -> None:
    """An alias must name one column only: not another measure of the role, not an identity column."""
    from kpi_cli.readers.identity import identity_field
    from kpi_cli.text import normalize_label

    owner: dict[str, str] = {}
    for m in raw:
        for key in ("code", "name_zh", "name_en"):
            if m.get(key) is not None:
                owner.setdefault(normalize_label(m[key]), str(m.get("code")))
    for m in raw:
        code = str(m.get("code"))
        for alias in ck.aliases(m, file, {}):
            other = owner.get(normalize_label(alias))
            if identity_field(alias) is not None:
                other = identity_field(alias)
            if other is not None and other != code:
                ck.add("catalogue-alias-clash", file, m, "aliases", value=alias, other=other, **ctx, measure=code)
            else:
                owner.setdefault(normalize_label(alias), code)


def _check_role_aliases(roles: list[Role], raw: list[tuple[Path, dict]], ck: Checker) -> None:
    """A role's alias must not be another role's code, name or alias."""
    from kpi_cli.text import normalize_label

    owner: dict[str, str] = {}
    for r in roles:
        for label in (r.code, r.name_zh, r.name_en):
            owner.setdefault(normalize_label(label), r.code)
    for r, (file, d) in zip(roles, raw):
        for alias in r.aliases:
            other = owner.setdefault(normalize_label(alias), r.code)
            if other != r.code:
                ck.add("catalogue-alias-clash", file, d, "aliases", value=alias, other=other, role=r.code)


def _measure(
    m: Any, file: Path, ck: Checker, role_ctx: dict, codes: dict[str, int], grade_letters: set[str], kind: str
) -> Measure | None:
    if not isinstance(m, dict):
        ck.add("catalogue-not-a-mapping", file, None, **role_ctx)
        return None
    code = ck.code(m, file, role_ctx)
    ctx = {**role_ctx, "measure": code}
    ck.unknown_keys(m, MEASURE_KEYS, file, ctx)
    if code in codes:
        ck.add("catalogue-duplicate-code", file, m, "code", value=code, **ctx)
    codes[code] = 1
    # The list a measure is in decides its kind; a contradicting `kind:` is a misplaced measure.
    given_kind = m.get("kind")
    if given_kind is not None and given_kind != kind:
        ck.add("catalogue-kind-mismatch", file, m, "kind", value=given_kind, expected=kind, **ctx)
    rules = (BONUS_RULE,) if kind == "bonus" else RULES
    rule_known = m.get("rule") in rules
    rule = ck.choice(m, "rule", rules, file, ctx)
    unit = ck.choice(m, "unit", UNITS, file, ctx)
    if kind == "veto" and rule != "yes_no":
        ck.add("catalogue-veto-not-yes-no", file, m, "rule", value=rule, **ctx)
        rule = "yes_no"  # what a veto is; checking the params of another rule would only add noise
    raw_params = m.get("params") or {}
    if not isinstance(raw_params, dict):
        ck.add("catalogue-not-a-mapping", file, m, "params", **ctx)
        raw_params = {}
    derived = [str(x) for x in (m.get("derived_params") or [])]
    # The params of an unknown rule cannot be checked: that would only add noise to the real error.
    params = _params(rule, kind, dict(raw_params), m, file, ck, ctx, derived, grade_letters) if rule_known else {}
    basis = m.get("basis")
    if basis is not None and basis not in BASES:
        ck.add("catalogue-bad-choice", file, m, "basis", key="basis", value=basis, allowed="month, quarter, year, null", **ctx)
        basis = None
    cycle = m.get("cycle")
    if cycle is not None and cycle not in CYCLES:
        ck.add("catalogue-bad-choice", file, m, "cycle", key="cycle", value=cycle, allowed="month, quarter, half, year, null", **ctx)
        cycle = None
    weight = m.get("weight", 1)
    if ck.number(weight) is None or weight <= 0:
        ck.add("catalogue-bad-weight", file, m, "weight", value=weight, **ctx)
        weight = 1
    origin = ck.choice(m, "origin", ORIGINS, file, ctx, default="source")
    yes_no = rule == "yes_no" or unit == "yes_no"
    default_aggregate = "all" if yes_no else "sum" if unit in ("count", "count_change") else "mean"
    aggregate = ck.choice(m, "aggregate", AGGREGATES, file, ctx, default=default_aggregate)
    if yes_no and aggregate != "all" and "aggregate" in m:
        # What the scorer does with a yes/no standard over several months; say so, not `mean`.
        # Kept as written (so that `kpi catalogue diff` shows the fix); the scorer uses "all".
        ck.add("catalogue-yes-no-aggregate", file, m, "aggregate", severity=WARNING, value=aggregate, **ctx)
    elif aggregate == "all" and not yes_no:
        ck.add("catalogue-all-not-yes-no", file, m, "aggregate", value=aggregate, **ctx)
    measure = Measure(
        code=code,
        name_zh=ck.text(m, "name_zh", file, ctx),
        name_en=ck.text(m, "name_en", file, ctx),
        standard_zh=ck.text(m, "standard_zh", file, ctx),
        standard_en=ck.text(m, "standard_en", file, ctx),
        source=ck.choice(m, "source", SOURCES, file, ctx),
        unit=unit,
        rule=rule,
        params=params,
        aggregate=aggregate,
        basis=basis,
        cycle=cycle,
        weight=float(weight),
        origin=origin,
        derived_params=tuple(derived),
        kind=kind,
        assessor_zh=m.get("assessor_zh"),
        assessor_en=m.get("assessor_en"),
        checklist_zh=tuple(str(x) for x in (m.get("checklist_zh") or ())),
        checklist_en=tuple(str(x) for x in (m.get("checklist_en") or ())),
        aliases=ck.aliases(m, file, ctx),
    )
    _check_cycle(measure, m, file, ck, ctx)
    return measure


def _check_cycle(measure: Measure, m: dict, file: Path, ck: Checker, ctx: dict) -> None:
    """Warn where a scaled count would be all-or-nothing in a period its cycle lets it be scored
    in (docs/scoring.md, "Assessment cycle"): the cycle it needs, or, when even a year is too
    short, the thresholds to widen."""
    if measure.basis is None or measure.rule not in ("higher", "lower") or measure.params.get("target") is None:
        return
    p = measure.params
    bound = "ceiling" if measure.rule == "lower" else "floor"
    if p.get(bound) is None:
        return
    span = abs(p[bound] - p["target"]) * 12 / PERIOD_MONTHS[measure.basis]
    if span < 1 - 1e-9:
        ck.add("catalogue-span-too-small", file, m, "params", severity=WARNING, key=bound, value=_tidy(p[bound]),
               target=_tidy(p["target"]), basis=measure.basis, **ctx)
        return
    need = needed_cycle(measure)
    if need is not None and measure.cycle_months < PERIOD_MONTHS[need]:
        ck.add("catalogue-cycle-too-short", file, m, "cycle" if "cycle" in m else None, severity=WARNING,
               value=measure.cycle or "null", needed=need, key=bound, **ctx)


def _params(
    rule: str, kind: str, p: dict, m: dict, file: Path, ck: Checker, ctx: dict, derived: list[str], grade_letters: set[str]
) -> dict:
    where = m.get("params") if isinstance(m.get("params"), dict) else m
    for key in list(p):
        if key not in PARAM_KEYS:
            ck.add("catalogue-unknown-param", file, where, key, key=key, allowed=", ".join(PARAM_KEYS), **ctx)
            p.pop(key)

    def num(key: str, required: bool = False) -> float | None:
        if key not in p or p[key] is None:
            if required:
                ck.add("catalogue-missing-param", file, where, None, key=key, rule=rule, **ctx)
            p.pop(key, None)
            return None
        v = ck.number(p[key])
        if v is None:
            ck.add("catalogue-not-a-number", file, where, key, key=key, value=p[key], **ctx)
            p.pop(key)
        else:
            p[key] = tidy_number(v)
        return v

    if rule == "higher":
        target, excellent, floor = num("target", True), num("excellent"), num("floor")
        if target is not None:
            if excellent is not None and excellent <= target:
                ck.add("catalogue-excellent-not-better", file, where, "excellent", excellent=_tidy(excellent), target=_tidy(target), direction="higher", **ctx)
            if floor is None:
                floor = target - 0.2 * abs(target)
                p["floor"] = _tidy(floor)
                derived.append("floor")
            if floor >= target:
                ck.add("catalogue-floor-not-below", file, where, "floor", floor=_tidy(floor), target=_tidy(target), **ctx)
    elif rule == "lower":
        target, excellent, ceiling = num("target", True), num("excellent"), num("ceiling")
        if target is not None:
            if excellent is not None and excellent >= target:
                ck.add("catalogue-excellent-not-better", file, where, "excellent", excellent=_tidy(excellent), target=_tidy(target), direction="lower", **ctx)
            if ceiling is None:
                if target == 0:
                    ck.add("catalogue-missing-param", file, where, None, key="ceiling", rule=rule, **ctx)
                else:
                    ceiling = target + 0.2 * abs(target)
                    p["ceiling"] = _tidy(ceiling)
                    derived.append("ceiling")
            if ceiling is not None and ceiling <= target:
                ck.add("catalogue-ceiling-not-above", file, where, "ceiling", ceiling=_tidy(ceiling), target=_tidy(target), **ctx)
    elif rule == "rating":
        scale = p.get("scale")
        if scale is not None:
            ok = isinstance(scale, list) and len(scale) >= 2 and all(
                isinstance(s, list) and len(s) == 2 and all(ck.number(v) is not None for v in s) for s in scale
            )
            if not ok or any(scale[i][0] >= scale[i + 1][0] for i in range(len(scale) - 1)):
                ck.add("catalogue-bad-scale", file, where, "scale", **ctx)
                p.pop("scale")
    elif rule == "deduct":
        per_unit = num("per_unit", True)
        if per_unit is not None and per_unit <= 0:
            ck.add("catalogue-bad-param", file, where, "per_unit", key="per_unit", value=_tidy(per_unit), **ctx)
    elif rule == "bands":
        bands = p.get("bands")
        ok = isinstance(bands, list) and bool(bands) and all(
            isinstance(b, list)
            and len(b) == 2
            and (b[0] is None or ck.number(b[0]) is not None)
            and ck.number(b[1]) is not None
            for b in bands
        )
        if ok:
            bounds = [b[0] for b in bands]
            if None in bounds[:-1] or any(
                bounds[i] >= bounds[i + 1] for i in range(len(bounds) - 1) if bounds[i + 1] is not None
            ):
                ok = False
        if not ok:
            ck.add("catalogue-bad-bands", file, where, "bands" if "bands" in p else None, **ctx)
            p.pop("bands", None)
    elif rule == BONUS_RULE:
        per_unit, cap = num("per_unit", True), num("cap", True)
        if per_unit is not None and per_unit <= 0:
            ck.add("catalogue-bad-param", file, where, "per_unit", key="per_unit", value=_tidy(per_unit), **ctx)
        if cap is not None and cap <= 0:
            ck.add("catalogue-bad-param", file, where, "cap", key="cap", value=_tidy(cap), **ctx)
    if kind == "veto":
        cap_grade = p.setdefault("cap_grade", "D")
        if grade_letters and cap_grade not in grade_letters:
            ck.add("catalogue-unknown-grade", file, where, "cap_grade", value=cap_grade, allowed=", ".join(sorted(grade_letters)), **ctx)
    for key in derived:
        # Besides params, a count's basis may be ours (a standard that names no period).
        if key not in p and not (key in DERIVABLE_FIELDS and m.get(key) is not None):
            ck.add("catalogue-bad-derived", file, m, "derived_params", key=key, **ctx)
    return {k: p[k] for k in PARAM_KEYS if k in p}


def _tidy(x: float) -> float | int:
    """A figure for a message: six decimals at most, whole numbers without '.0'."""
    return tidy_number(x, digits=6)


def apply_overrides(catalogue: Catalogue, settings) -> Catalogue:
    """The catalogue with kpi.toml's grade bands, quotas and coverage threshold put in."""
    from dataclasses import replace

    ck = Checker()
    where = Path(settings.config_file or "kpi.toml")
    data = Located({"grades": settings.grades, "quotas": settings.quotas})
    data.line, data.key_lines = 0, {}
    grades = _grades(settings.grades, data, where, ck, {}) if settings.grades is not None else catalogue.grades
    if settings.grades is not None and catalogue.pay.mode == "grade":
        # kpi.toml's bands keep the catalogue's coefficient of the same letter unless they give their own.
        before = {g.grade: g.coefficient for g in catalogue.grades}
        grades = tuple(g if g.coefficient is not None else replace(g, coefficient=before.get(g.grade)) for g in grades)
        if catalogue.has_coefficients:
            for g in grades:
                if g.coefficient is None:
                    ck.add("catalogue-missing-coefficient", where, None, value=g.grade, key="coefficient")
    letters = {g.grade for g in grades}
    quotas = _quotas(settings.quotas, data, where, ck, letters) if settings.quotas is not None else catalogue.quotas
    if settings.grades is not None:
        # New letters (1–5 instead of S–D) must still fit the quotas and vetoes that name grades.
        allowed = ", ".join(g.grade for g in grades)
        if settings.quotas is None:
            for q in quotas:
                for g in q.grades:
                    if g not in letters:
                        ck.add("catalogue-unknown-grade", where, None, key="quotas", value=g, allowed=allowed)
        for role in catalogue.roles:
            for m in role.vetoes:
                cap = m.params.get("cap_grade", "D")
                if role.grades is None and cap not in letters:
                    ck.add("catalogue-unknown-grade", where, None, value=cap, allowed=allowed, role=role.code, measure=m.code)
    if any(p.severity == ERROR for p in ck.problems):
        raise CatalogueError(ck.problems)
    threshold = catalogue.coverage_threshold if settings.coverage_threshold is None else float(settings.coverage_threshold)
    pay = catalogue.pay if getattr(settings, "calibrate", None) is None else replace(catalogue.pay, calibrate=settings.calibrate)
    # The rules that scored a report include kpi.toml's overrides: fold them into the hash.
    import json

    overrides = json.dumps(
        {"grades": settings.grades, "quotas": settings.quotas, "coverage_threshold": settings.coverage_threshold,
         **({"calibrate": settings.calibrate} if getattr(settings, "calibrate", None) is not None else {})},
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    sha = hashlib.sha256((catalogue.sha256 + overrides).encode("utf-8")).hexdigest()
    return replace(
        catalogue, grades=grades, quotas=quotas, coverage_threshold=threshold, sha256=sha, pay=pay, _by_code={},
        _by_label={}
    )
