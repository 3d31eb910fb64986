"""From grades to pay: calibrated grades (强制分布), performance coefficients (绩效系数) and payouts.

Follows "From grades to pay and calibration" in docs/scoring.md:

- **Calibration** re-assigns grades within each department until every quota holds: above a
  ``max_share`` cap the lowest-ranked move down one grade at a time; below a ``min_share`` floor
  the lowest-ranked above it move down into it. The allowed count is share × graded head count,
  rounded down for a cap and up for a floor; employees tied on the rounded total at the cut move
  together (more of them move, which keeps the quota). Totals and ranks never change. A quota
  whose share of the department is less than one person (20% of 3) is reported, not forced.
- **Coefficient**: the grade's coefficient in the catalogue (or the rounded total ÷ 100 clamped
  to the catalogue's range); no grade, no coefficient.
- **Payout** = bonus base × coefficient, computed in decimal and rounded half up to 0.01.

Pure: no files, no printing. Per-department work loops over departments and moves, never over
employees one by one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue, Quota
from kpi_cli.problems import ERROR, WARNING, Problem

CENT = Decimal("0.01")
_EPS = 1e-9


# --- calibration ------------------------------------------------------------------------------
@dataclass(frozen=True)
class CalibrationNote:
    """What calibration could not do in one department: a quota too small to bite, or one that
    moving grades down cannot meet (a cap on the lowest grades, a floor on the best)."""

    department: str
    quota: int  # index into catalogue.quotas
    kind: str  # "too-small" or "unmet"
    graded: int


def quota_label(q: Quota) -> str:
    """'S+A ≤ 20%', 'D ≥ 5%' — the quota in the same words in every output."""
    grades = "+".join(q.grades)
    parts = []
    if q.max_share is not None:
        parts.append(f"{grades} ≤ {_pct(q.max_share)}")
    if q.min_share is not None:
        parts.append(f"{grades} ≥ {_pct(q.min_share)}")
    return ", ".join(parts)


def _pct(share: float) -> str:
    text = f"{share * 100:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"


def quota_bounds(q: Quota, graded: int) -> tuple[int | None, int | None, bool]:
    """(most allowed, fewest required, too small to bite) for a department of ``graded`` people.

    A cap allows ⌊share × n⌋, a floor requires ⌈share × n⌉. A quota bites only where its share
    stands for at least one whole person; a cap of 0% always bites (it means "none").
    """
    most = fewest = None
    too_small = False
    if q.max_share is not None:
        exact = q.max_share * graded
        most = math.floor(exact + _EPS)
        too_small |= q.max_share > 0 and exact < 1 - _EPS
    if q.min_share is not None:
        exact = q.min_share * graded
        fewest = math.ceil(exact - _EPS)
        too_small |= q.min_share > 0 and exact < 1 - _EPS
    return most, fewest, too_small


def calibrate_positions(
    positions: np.ndarray, totals: np.ndarray, quotas: tuple[Quota, ...], letters: list[str]
) -> tuple[np.ndarray, list[set[int]], list[tuple[int, str]]]:
    """Calibrate one department: grade positions (0 = best) and rounded totals of its graded
    employees → (new positions, per employee the quotas that moved them, [(quota, 'too-small' |
    'unmet')]). Only ever moves grades down, so it ends; running it on its own output moves nobody.
    """
    g = positions.astype(np.int64).copy()
    n = len(g)
    worst = len(letters) - 1
    moved_by: list[set[int]] = [set() for _ in range(n)]
    notes: dict[int, str] = {}
    rules = []
    for k, q in enumerate(quotas):
        members = np.array([x in q.grades for x in letters], dtype=bool)
        if not members.any():
            continue
        most, fewest, too_small = quota_bounds(q, n)
        if too_small:
            notes[k] = "too-small"
            continue
        # can_leave[p]: a grade below p that is not in the quota (a cap's member can get out of it);
        # can_reach[p]: a grade below p that is in it (a floor can be filled from p).
        below_out = np.array([any(not members[x] for x in range(p + 1, worst + 1)) for p in range(worst + 1)])
        below_in = np.array([any(members[x] for x in range(p + 1, worst + 1)) for p in range(worst + 1)])
        rules.append((k, members, most, fewest, below_out, below_in))
    for _ in range(n * (worst + 1) + 1):  # each pass moves someone down a grade: bounded
        changed = False
        for k, members, most, fewest, below_out, below_in in rules:
            inside = members[g]
            if most is not None and inside.sum() > most:  # a cap: its lowest members leave it
                if _move_down(g, totals, inside & below_out[g], int(inside.sum()) - most, k, moved_by):
                    changed = True
                    continue
                notes.setdefault(k, "unmet")
            inside = members[g]
            if fewest is not None and inside.sum() < fewest:  # a floor: the lowest above it fill it
                if _move_down(g, totals, ~inside & below_in[g], fewest - int(inside.sum()), k, moved_by):
                    changed = True
                    continue
                notes.setdefault(k, "unmet")
        if not changed:
            break
    # A quota noted as unmet along the way may hold in the end.
    final = []
    for k, kind in sorted(notes.items()):
        if kind == "unmet":
            q = quotas[k]
            members = np.array([x in q.grades for x in letters], dtype=bool)
            count = int(members[g].sum())
            most, fewest, _ = quota_bounds(q, n)
            if (most is None or count <= most) and (fewest is None or count >= fewest):
                continue
        final.append((k, kind))
    return g, moved_by, final


def _move_down(g: np.ndarray, totals: np.ndarray, eligible: np.ndarray, count: int, quota: int,
               moved_by: list[set[int]]) -> bool:
    """Move the ``count`` lowest-ranked ``eligible`` people one grade down, noting the quota that
    moved them; False when nobody can move."""
    chosen = _lowest(totals, eligible, count)
    if not chosen.any():
        return False
    g[chosen] += 1
    for i in np.flatnonzero(chosen):
        moved_by[i].add(quota)
    return True


def _lowest(totals: np.ndarray, candidates: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` lowest-ranked candidates, and everyone tied with the last of them."""
    out = np.zeros(len(totals), dtype=bool)
    idx = np.flatnonzero(candidates)
    if not len(idx) or count <= 0:
        return out
    order = idx[np.argsort(totals[idx], kind="stable")]
    cut = totals[order[min(count, len(order)) - 1]]
    out[idx[totals[idx] <= cut + _EPS]] = True
    return out


def calibrate(result):
    """The result with grades calibrated to the quotas in every department (see the module doc).

    Adds ``grade_original`` (the grade before, where calibration moved it; else None) and
    ``calibration`` (indices of the quotas that moved the grade, else None) to the employees;
    keeps the distribution before as ``result.distribution_before``; the notes on departments
    too small for a quota or where a quota cannot be met as ``result.calibration_notes``.
    Calibrating a calibrated result changes nothing.
    """
    from dataclasses import replace as _replace

    from kpi_cli.scoring.engine import grade_distribution

    cat: Catalogue = result.catalogue
    emp = result.employees.copy()
    letters = [b.grade for b in cat.grades]
    pos_of = {x: i for i, x in enumerate(letters)}
    grade = emp["grade"].to_numpy(dtype=object)
    pos = np.array([pos_of.get(x, -1) if isinstance(x, str) else -1 for x in grade], dtype=np.int64)
    graded = (emp["status"].to_numpy() == "ok") & (pos >= 0)
    totals = pd.to_numeric(emp["total_rounded"], errors="coerce").to_numpy(dtype=float)
    dep = emp["department"].fillna("").astype(str)
    before = result.distribution if result.distribution is not None else grade_distribution(emp, cat)
    if "grade_original" not in emp:
        emp["grade_original"] = pd.Series([None] * len(emp), index=emp.index, dtype=object)
        emp["calibration"] = pd.Series([None] * len(emp), index=emp.index, dtype=object)
    original = emp["grade_original"].to_numpy(dtype=object).copy()
    quotas_moved = emp["calibration"].to_numpy(dtype=object).copy()
    new_grade = grade.copy()
    notes: list[CalibrationNote] = []
    dep_arr = dep.to_numpy(dtype=object)
    for name in sorted(set(dep_arr[graded])):
        rows = np.flatnonzero(graded & (dep_arr == name))
        new_pos, moved_by, dep_notes = calibrate_positions(pos[rows], totals[rows], cat.quotas, letters)
        for k, kind in dep_notes:
            notes.append(CalibrationNote(name, k, kind, len(rows)))
        changed = np.flatnonzero(new_pos != pos[rows])
        for i in changed:  # only the moved few
            r = rows[i]
            if original[r] is None:
                original[r] = grade[r]
            quotas_moved[r] = tuple(sorted(set(quotas_moved[r] or ()) | moved_by[i]))
            new_grade[r] = letters[new_pos[i]]
    emp["grade"] = pd.Series(new_grade, index=emp.index, dtype=object)
    emp["grade_original"] = pd.Series(original, index=emp.index, dtype=object)
    emp["calibration"] = pd.Series(quotas_moved, index=emp.index, dtype=object)
    out = _replace(result, employees=emp, distribution=None)
    out.distribution = grade_distribution(emp, cat)
    out.distribution_before = getattr(result, "distribution_before", None)
    if out.distribution_before is None:
        out.distribution_before = before
    out.calibration_notes = notes
    out.calibrated = True
    return apply_coefficients(out)


# --- coefficients and payouts -------------------------------------------------------------------
def coefficients(result) -> np.ndarray:
    """The performance coefficient of every employee (NaN where there is no grade, or the
    catalogue has no coefficients)."""
    cat: Catalogue = result.catalogue
    emp = result.employees
    grade = emp["grade"]
    out = np.full(len(emp), np.nan)
    if cat.pay.mode == "total":
        tenths = np.rint(pd.to_numeric(emp["total_rounded"], errors="coerce").to_numpy(dtype=float) * 10)
        coef = tenths / 1000.0  # the rounded total ÷ 100, exact to its three decimals
        lo = -np.inf if cat.pay.min is None else cat.pay.min
        hi = np.inf if cat.pay.max is None else cat.pay.max
        coef = np.round(np.clip(coef, lo, hi), 6)
        return np.where(grade.notna().to_numpy(), coef, np.nan)
    table = {b.grade: b.coefficient for b in cat.grades if b.coefficient is not None}
    out = grade.map(table).to_numpy(dtype=float, na_value=np.nan, copy=True)  # written below: not a read-only view
    # A role with its own bands uses its own coefficients.
    for role in cat.roles:
        if role.grades:
            mask = (emp["role"] == role.code).to_numpy()
            if mask.any():
                own = {b.grade: b.coefficient for b in role.grades if b.coefficient is not None}
                out[mask] = grade[mask].map(own).to_numpy(dtype=float, na_value=np.nan)
    return out


def payouts(bases: np.ndarray, coefs: np.ndarray) -> np.ndarray:
    """base × coefficient in decimal, rounded half up to 0.01 (NaN where either is missing).

    Computed once per distinct (base, coefficient) pair: a company has few of each.
    """
    bases = np.asarray(bases, dtype=float)
    coefs = np.asarray(coefs, dtype=float)
    ok = ~np.isnan(bases) & ~np.isnan(coefs)
    out = np.full(len(bases), np.nan)
    if not ok.any():
        return out
    pairs = pd.MultiIndex.from_arrays([bases[ok], coefs[ok]])
    codes, uniques = pd.factorize(pairs)
    amounts = np.array([float(money(b, c)) for b, c in uniques], dtype=float)
    out[ok] = amounts[codes]
    return out


def money(base: float, coefficient: float) -> Decimal:
    """One payout: the figures as written (repr, not binary float), multiplied exactly, then
    rounded half up to the cent (617.275 → 617.28, never 617.27)."""
    return (Decimal(repr(float(base))) * Decimal(repr(float(coefficient)))).quantize(CENT, rounding=ROUND_HALF_UP)


def apply_coefficients(result):
    """Set ``coefficient`` and ``payout`` from the grades in force (and ``bonus_base``)."""
    emp = result.employees
    coef = coefficients(result)
    emp["coefficient"] = coef
    if "bonus_base" not in emp:
        emp["bonus_base"] = np.nan
    base = pd.to_numeric(emp["bonus_base"], errors="coerce").to_numpy(dtype=float)
    emp["payout"] = payouts(base, coef)
    result.payout_totals = None
    result.payout_totals = payout_totals(result)
    return result


def payout_totals(result) -> dict[str, float]:
    """Department ('' = none) → the sum of its payouts, in cents summed exactly; '\uffff' → all.
    For a filtered view, the totals of the whole departments and company (as the quota check)."""
    if getattr(result, "payout_totals", None) is not None:
        return result.payout_totals
    emp = result.employees
    if "payout" not in emp:
        return {}
    cents = (pd.to_numeric(emp["payout"], errors="coerce") * 100).round()
    dep = emp["department"].fillna("").astype(str)
    sums = cents.groupby(dep).sum(min_count=1) / 100
    out = {k: float(v) for k, v in sums.items() if not pd.isna(v)}
    total = cents.sum(min_count=1)
    if not pd.isna(total):
        out["\uffff"] = float(total / 100)
    return out


# --- bonus bases ----------------------------------------------------------------------------
def roster_bases(roster) -> tuple[dict[str, float], list[Problem], bool]:
    """employee id → bonus base from a roster read by kpi_cli.readers.roster.read_roster;
    the problems of unusable cells; whether the roster has a base column at all."""
    from kpi_cli.readers.values import parse_amount

    emp = roster.employees
    if "bonus_base_raw" not in emp or emp["base_column"].isna().all():
        return {}, [], False
    codes, uniques = pd.factorize(pd.Series(emp["bonus_base_raw"].to_numpy(), dtype=object), use_na_sentinel=True)
    parsed = [parse_amount(u) for u in uniques]  # once per distinct amount
    good = np.array([p is None and not pct and x >= 0 for x, p, pct in parsed] + [False])[codes]
    values = np.array([x for x, _, _ in parsed] + [np.nan])[codes]
    out = dict(zip(emp["employee_id"].astype(str).to_numpy()[good], values[good].tolist()))
    bad = ~good & (codes >= 0)
    problems = [
        Problem("bad-bonus-base", ERROR, file=roster.file, sheet=r.sheet, row=int(r.row), column=r.base_column,
                employee_id=r.employee_id, value=r.bonus_base_raw)
        for r in emp[bad].itertuples(index=False)  # only the unusable cells
    ]
    return out, problems, True


def attach_bases(records: pd.DataFrame, roster=None, catalogue: Catalogue | None = None,
                 known: list | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Records with their ``bonus_base`` from the input column and, where given, the roster (the
    roster wins; a differing figure in the input is a warning). Where bases are in use, every
    record with an id and no usable base gets a located ``missing-bonus-base`` error (unless
    ``known``, the reader's problems, already has its unusable cell): its payout stays blank, never 0."""
    recs = records.copy(deep=False)
    if "bonus_base" not in recs:
        recs["bonus_base"] = np.nan
    if "base_column" not in recs:
        recs["base_column"] = None
    problems: list[Problem] = []
    base = pd.to_numeric(recs["bonus_base"], errors="coerce").astype(float)
    in_use = recs["base_column"].notna().any()
    if roster is not None:
        by_id, roster_problems, has_column = roster_bases(roster)
        problems += list(roster.problems) + roster_problems
        if not has_column:
            problems.append(Problem("roster-no-bonus-base", ERROR, file=roster.file))
        in_use = True
        ids = recs["employee_id"].astype("string")
        from_roster = ids.map(by_id).astype(float)
        problems += _other_spellings(recs, roster, by_id, from_roster)
        differs = from_roster.notna() & base.notna() & ((from_roster - base).abs() > 0.005)
        for i in recs.index[differs]:
            problems.append(Problem("bonus-base-conflict", WARNING, file=recs.at[i, "file"], sheet=recs.at[i, "sheet"],
                                    row=_int(recs.at[i, "row"]), column=recs.at[i, "base_column"],
                                    employee_id=recs.at[i, "employee_id"], value=_num(base[i]),
                                    params={"roster": roster.file, "kept": _num(from_roster[i])}))
        base = from_roster.where(from_roster.notna(), base)
    recs["bonus_base"] = base.to_numpy()
    if in_use:
        if catalogue is not None and not catalogue.has_coefficients:
            problems.append(Problem("no-coefficients", ERROR, file=catalogue.path or None))
        has_id = recs["employee_id"].notna().to_numpy()
        already = {(p.file, p.sheet, p.row) for p in [*problems, *(known or [])] if p.type in ("bad-bonus-base", "bonus-base-differs")}
        missing = has_id & base.isna().to_numpy()
        # a roster's unusable cell already names the person
        named = {str(p.employee_id) for p in problems if p.type == "bad-bonus-base" and p.employee_id is not None}
        for i in recs.index[missing]:
            where = (recs.at[i, "file"], recs.at[i, "sheet"], _int(recs.at[i, "row"]))
            if where in already or str(recs.at[i, "employee_id"]) in named:
                continue
            problems.append(Problem("missing-bonus-base", ERROR, file=recs.at[i, "file"], sheet=recs.at[i, "sheet"],
                                    row=where[2], column=recs.at[i, "base_column"],
                                    employee_id=recs.at[i, "employee_id"]))
    return recs, problems


def _other_spellings(recs: pd.DataFrame, roster, by_id: dict[str, float], from_roster: pd.Series) -> list[Problem]:
    """Roster bases whose id is another spelling (leading zeros, case, spaces) of a record's id with
    the same 姓名, as kpi_cli.readers.people joins the figures: the base is used (``from_roster`` is
    updated) with a ``roster-id-spelling`` warning at the record. Never across different names."""
    from kpi_cli.readers.people import id_core

    todo = from_roster.isna() & recs["employee_id"].notna() & recs["name"].notna() if "name" in recs else None
    if todo is None or not todo.any() or not by_id:
        return []
    emp = roster.employees
    emp = emp[emp["employee_id"].astype(str).isin(by_id) & emp["name"].notna()]

    def keys(ids: pd.Series, names: pd.Series) -> pd.Series:
        return id_core(ids) + "\x1f" + names.astype(str).str.replace(r"\s+", "", regex=True).str.casefold()

    rk = keys(emp["employee_id"], emp["name"])
    unique = ~rk.duplicated(keep=False)
    roster_id = pd.Series(emp["employee_id"].astype(str).to_numpy()[unique.to_numpy()], index=rk[unique].to_numpy())
    sub = recs[todo]
    found = roster_id.reindex(keys(sub["employee_id"], sub["name"]).to_numpy()).to_numpy()
    out: list[Problem] = []
    for i, rid in zip(sub.index[~pd.isna(found)], found[~pd.isna(found)]):  # one per person typed differently: few
        from_roster[i] = by_id[rid]
        out.append(Problem("roster-id-spelling", WARNING, file=recs.at[i, "file"], sheet=recs.at[i, "sheet"],
                           row=_int(recs.at[i, "row"]), employee_id=recs.at[i, "employee_id"], value=rid,
                           params={"roster": roster.file, "name": recs.at[i, "name"]}))
    return out


def _int(x) -> int | None:
    try:
        return None if x is None or pd.isna(x) else int(x)
    except (TypeError, ValueError):
        return None


def _num(x: float) -> str:
    return f"{x:,.2f}"


def bases_in_use(result) -> bool:
    """Whether any employee has a bonus base (then payouts are shown)."""
    emp = result.employees
    return "bonus_base" in emp and bool(pd.to_numeric(emp["bonus_base"], errors="coerce").notna().any())
