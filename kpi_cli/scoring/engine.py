"""The scoring engine: figures → points → dimension scores → totals → grades and ranks.

Pure and vectorised: no files, no printing, no per-employee Python loop. It follows
docs/scoring.md (the scoring model) to the letter; every number it produces can be explained
by :func:`explain_measure`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue, GradeBand, Measure, Role
from kpi_cli.periods import BASIS_MONTHS, Period
from kpi_cli.scoring.role_change import combine_role_parts

MAX_POINTS = 120.0
STATUS_OK = "ok"
STATUS_INCOMPLETE = "incomplete"
STATUS_INVALID = "invalid"
STATUSES = (STATUS_OK, STATUS_INCOMPLETE, STATUS_INVALID)
# What became of one measure of one employee (JSON ``measures[].status``, the reports' cells).
MEASURE_SCORED = "scored"
MEASURE_MISSING = "missing"  # left blank: not assessed, counts against coverage
MEASURE_INVALID = "invalid"  # a figure that cannot be used: an error
MEASURE_NOT_DUE = "not_due"  # the period is shorter than the measure's cycle: not assessed, not missing
MEASURE_STATUSES = (MEASURE_SCORED, MEASURE_MISSING, MEASURE_INVALID, MEASURE_NOT_DUE)
_STATUS_CODE = {status: k for k, status in enumerate(MEASURE_STATUSES)}
_SCALED_KEYS = ("target", "excellent", "floor", "ceiling")


# --- thresholds -----------------------------------------------------------------------------
def scaled_params(measure: Measure, period: Period, months: float | None = None) -> dict[str, Any]:
    """The measure's params with count thresholds scaled to the period (months ÷ basis months).

    ``months`` overrides the period's length: a quarter built from two reported months is
    scored against two months' worth of a count standard.
    """
    params = dict(measure.params)
    factor = period.scale_for(measure.basis)
    # Months reported (a period built from monthly files) rescale higher/lower thresholds, as
    # score_role does; a blank cell (0 months) and other rules keep the period's own thresholds.
    if months is not None and measure.basis is not None and months > 0 and measure.rule in ("higher", "lower"):
        factor = months / BASIS_MONTHS[measure.basis]
    if factor != 1.0:
        for key in _SCALED_KEYS:
            if params.get(key) is not None:
                params[key] = params[key] * factor
        if params.get("bands"):
            params["bands"] = [[None if b is None else b * factor, p] for b, p in params["bands"]]
    return params


def cycle_params(measure: Measure) -> dict[str, Any]:
    """The measure's thresholds over its own cycle (what a not-due measure is assessed against
    when its cycle comes), e.g. "≤ 1 complaint a half-year" for 2 a year with a half-year cycle."""
    from kpi_cli.catalogue.model import PERIOD_MONTHS

    months = PERIOD_MONTHS.get(measure.cycle or "", 1)
    return scaled_params(measure, Period(2000, 1, months, measure.cycle or "month"))


# --- the rules, each over a whole column ------------------------------------------------------
def rule_points(measure: Measure, x: np.ndarray, params: dict[str, Any]) -> np.ndarray:
    """Points for the figures ``x`` (NaN stays NaN) under the measure's rule and ``params``.

    Always within 0–120 (the cap), except bonus points, which their own cap bounds.
    """
    x = np.asarray(x, dtype=float)
    # A figure near the float limit (1e308) overflows on the way (to ±inf) and is then capped:
    # the points are right, and numpy must not print a warning about it.
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        out = _rule_points(measure, x, params)
    return out if measure.rule == "bonus" else np.clip(out, 0.0, MAX_POINTS)


def _rule_points(measure: Measure, x: np.ndarray, params: dict[str, Any]) -> np.ndarray:
    rule = measure.rule
    if rule == "higher":
        return _higher(x, params["target"], params.get("excellent"), params["floor"])
    if rule == "lower":
        return _lower(x, params["target"], params.get("excellent"), params["ceiling"])
    if rule == "rating":
        scale = np.asarray(measure.scale if not params.get("scale") else params["scale"], dtype=float)
        pts = np.interp(x, scale[:, 0], scale[:, 1])
        return np.where(np.isnan(x), np.nan, pts)
    if rule == "yes_no":
        return np.where(np.isnan(x), np.nan, np.where(x >= 0.5, 100.0, 0.0))
    if rule == "deduct":
        return np.where(np.isnan(x), np.nan, np.maximum(0.0, 100.0 - params["per_unit"] * x))
    if rule == "bands":
        bounds = np.array([np.inf if b is None else b for b, _ in params["bands"]], dtype=float)
        pts = np.append(np.array([p for _, p in params["bands"]], dtype=float), 0.0)
        idx = np.searchsorted(bounds, np.nan_to_num(x, nan=-np.inf), side="left")
        return np.where(np.isnan(x), np.nan, pts[idx])
    if rule == "bonus":
        return np.where(np.isnan(x), np.nan, np.minimum(params["cap"], params["per_unit"] * np.maximum(x, 0.0)))
    raise ValueError(f"unknown rule {rule!r}")


def _higher(x: np.ndarray, t: float, e: float | None, f: float) -> np.ndarray:
    below_target = 60.0 + 40.0 * (x - f) / (t - f)
    if e is None:
        above = np.full_like(x, 100.0)
    else:
        above = np.where(x >= e, MAX_POINTS, 100.0 + 20.0 * (x - t) / (e - t))
    pts = np.where(x >= t, above, np.where(x >= f, below_target, 0.0))
    return np.where(np.isnan(x), np.nan, pts)


def _lower(x: np.ndarray, t: float, e: float | None, c: float) -> np.ndarray:
    above_target = 60.0 + 40.0 * (c - x) / (c - t)
    if e is None:
        below = np.full_like(x, 100.0)
    else:
        below = np.where(x <= e, MAX_POINTS, 100.0 + 20.0 * (t - x) / (t - e))
    pts = np.where(x <= t, below, np.where(x <= c, above_target, 0.0))
    return np.where(np.isnan(x), np.nan, pts)


def in_domain(measure: Measure, x: np.ndarray) -> np.ndarray:
    """True where a (non-blank) figure is one the measure accepts (unit bounds, rating scale, 0/1)."""
    x = np.asarray(x, dtype=float)
    ok = ~np.isnan(x)
    lo, hi = measure.domain
    if lo is not None:
        ok &= x >= lo
    if hi is not None:
        ok &= x <= hi
    if measure.rule == "yes_no":
        ok &= (x == 0) | (x == 1)
    return ok


# --- results ----------------------------------------------------------------------------------
@dataclass
class RoleScores:
    """Everything computed for the employees of one role, aligned on their record index."""

    role: Role
    params: dict[str, dict[str, Any]]  # measure code → params scaled to the period
    values: pd.DataFrame  # the figures scored (NaN = blank); columns = role.all_measures
    invalid: pd.DataFrame  # True where the cell could not be read or is out of range
    points: pd.DataFrame  # NaN where not assessed (blank, invalid or not due)
    dimensions: pd.DataFrame  # dimension code → score (NaN where nothing was assessed)
    months: pd.DataFrame | None = None  # months of figures per cell, when built from monthly files
    period: Period | None = None
    due: pd.DataFrame | None = None  # False where the period is shorter than the measure's cycle

    def params_for(self, record: Any, code: str) -> dict[str, Any]:
        """The thresholds this employee's figure was scored against (months reported considered)."""
        m = self.role.measure(code)
        if self.months is None or m.basis is None or self.period is None:
            return self.params[code]
        n = self.months.at[record, code]
        if pd.isna(n) or n == self.period.months_count:
            return self.params[code]
        return scaled_params(m, self.period, float(n))

    def missing(self) -> pd.DataFrame:
        """True where a weighted measure that was due was left blank (not assessed)."""
        codes = [m.code for m in self.role.measures]
        return pd.DataFrame(self.missing_cells(), index=self.values.index, columns=codes)

    def missing_cells(self) -> np.ndarray:
        """``missing()`` as a bool array (rows: records, columns: the weighted measures in order)."""
        codes = [m.code for m in self.role.measures]
        blank = np.isnan(_columns(self.values, codes, float)) & ~_columns(self.invalid, codes, bool)
        if self.due is not None:
            blank &= _columns(self.due, codes, bool)
        return blank

    def not_due(self) -> pd.DataFrame:
        """True where the measure is not due this period (its cycle is longer than the months scored)."""
        if self.due is None:
            return pd.DataFrame(False, index=self.values.index, columns=self.values.columns)
        return ~self.due

    def dimensions_due(self) -> pd.DataFrame:
        """True where a dimension has at least one measure due for the employee (False: it is
        left out of the total like an unassessed one, and shown as not due)."""
        if self.due is None:
            return pd.DataFrame(True, index=self.values.index, columns=[d.code for d in self.role.dimensions])
        return pd.DataFrame(
            {d.code: self.due[[m.code for m in d.measures]].any(axis=1) for d in self.role.dimensions},
            index=self.values.index, columns=[d.code for d in self.role.dimensions],
        )

    def measure_status(self) -> pd.DataFrame:
        """Each cell's MEASURE_STATUSES entry: scored, missing, invalid or not_due."""
        names = np.array(MEASURE_STATUSES, dtype=object)
        return pd.DataFrame(names[self.measure_status_codes()], index=self.values.index, columns=self.values.columns)

    def measure_status_codes(self) -> np.ndarray:
        """``measure_status()`` as positions in MEASURE_STATUSES (int8; columns: ``values``')."""
        codes = list(self.values.columns)
        v = self.values.to_numpy(dtype=float)
        bad = _columns(self.invalid.reindex(columns=codes, fill_value=False), codes, bool)
        out = np.where(np.isnan(v), _STATUS_CODE[MEASURE_MISSING], _STATUS_CODE[MEASURE_SCORED]).astype(np.int8)
        if self.due is not None:
            # not due: not assessed, not missing
            out[~_columns(self.due.reindex(columns=codes, fill_value=True), codes, bool)] = _STATUS_CODE[MEASURE_NOT_DUE]
        # An unusable cell stays an error even where the measure is not due: the file needs fixing.
        out[bad] = _STATUS_CODE[MEASURE_INVALID]
        return out


@dataclass
class ScoreResult:
    """A scored period: one row per input record in ``employees``, per-role detail in ``roles``."""

    period: Period
    catalogue: Catalogue
    employees: pd.DataFrame
    roles: dict[str, RoleScores]
    problems: list = field(default_factory=list)
    distribution: pd.DataFrame | None = None
    inputs: list = field(default_factory=list)  # InputFile records from the reader
    role_parts: pd.DataFrame | None = None  # a role change: each role's part of a person (kpi_cli.scoring.role_change)
    rating_summary: Any = None  # kpi_cli.readers.raters.RatingSummary when ratings from several raters were read
    _flags: tuple | None = field(default=None, repr=False)  # (employees.index, flag_table()) once built
    # Calibration (kpi_cli.scoring.pay.calibrate): whether grades were calibrated, the distribution
    # before it, and the departments where a quota was too small to bite or could not be met.
    calibrated: bool = False
    distribution_before: pd.DataFrame | None = None
    calibration_notes: list = field(default_factory=list)
    # department ('' = none; '\uffff' = everyone) → the sum of its payouts (kpi_cli.scoring.pay)
    payout_totals: dict | None = None

    def subset(self, mask: pd.Series | np.ndarray) -> "ScoreResult":
        """The same result restricted to some employees (ranks stay as computed on everyone)."""
        emp = self.employees[np.asarray(mask, dtype=bool)]
        parts = self.role_parts
        if parts is not None and len(parts):
            parts = parts[parts["record"].isin(emp.index)].reset_index(drop=True)
        out = ScoreResult(self.period, self.catalogue, emp, self.roles, self.problems, None, self.inputs, parts, self.rating_summary)
        # The quota check is about whole departments: keep their figures, for those shown.
        shown = set(emp["department"].fillna("").astype(str))
        dist = self.distribution
        out.distribution = dist[dist["department"].isin(shown) | dist["is_total"]].reset_index(drop=True)
        out.calibrated = self.calibrated
        if self.distribution_before is not None:
            before = self.distribution_before
            out.distribution_before = before[before["department"].isin(shown) | before["is_total"]].reset_index(drop=True)
        out.calibration_notes = [n for n in self.calibration_notes if n.department in shown]
        if self.payout_totals is not None:  # like the quota check: whole departments and the company
            out.payout_totals = {k: v for k, v in self.payout_totals.items() if k in shown or k == "\uffff"}
        return out

    def role_of(self, record: Any) -> RoleScores | None:
        code = self.employees.at[record, "role"]
        return self.roles.get(code) if isinstance(code, str) else None

    def find(self, employee_id: str) -> list:
        """Record indices of an employee id (more than one when the id is duplicated)."""
        ids = self.employees["employee_id"].astype(str)
        found = list(self.employees.index[ids == str(employee_id).strip()])
        if not found:  # '123' or 'e001' for the person shown as 000123 or E001 (kpi_cli.readers.people)
            from kpi_cli.readers.people import id_core

            core = id_core(pd.Series([str(employee_id).strip()])).iloc[0]
            found = list(self.employees.index[(id_core(ids) == core).to_numpy() & self.employees["employee_id"].notna().to_numpy()])
        return found

    def flag_table(self) -> pd.DataFrame:
        """Each employee's flags, one row per flag (kpi_cli.scoring.flags: record, kind, measure, cap):
        missing and invalid measures, failed vetoes, record-error (a row-level error such as a
        duplicate id or unknown role), role-change (scored on each role's months; the parts are in
        ``role_parts``), few-raters and rater-spread (ratings from several raters)."""
        if self._flags is not None and self._flags[0].equals(self.employees.index):
            return self._flags[1]
        from kpi_cli.scoring.flags import flag_table

        table = flag_table(self)
        self._flags = (self.employees.index, table)
        return table

    def flags(self, record: Any) -> list:
        """The flags of one employee, as kpi_cli.scoring.flags.Flag records."""
        from kpi_cli.scoring.flags import flags_of

        table = self.flag_table()
        return flags_of(table[table["record"] == record]).get(record, [])


def round_half_up(x: np.ndarray | pd.Series, decimals: int = 1) -> np.ndarray:
    """Round half away from zero (84.95 → 85.0), robust to binary representation (84.9499999…)."""
    arr = np.asarray(x, dtype=float)
    f = 10.0**decimals
    # sign × floor(|x|·f + 0.5 + 1e-9) / f, in place (the same operations in the same order; × ±1 is exact)
    out = np.abs(arr)
    out *= f
    out += 0.5
    out += 1e-9
    np.floor(out, out=out)
    out /= f
    out *= np.sign(arr)
    return out


def grade_of(totals: np.ndarray, bands: tuple[GradeBand, ...]) -> np.ndarray:
    """Grade letters for rounded totals (object array, None where the total is NaN)."""
    totals = np.asarray(totals, dtype=float)
    mins = np.array([-np.inf if b.min is None else b.min for b in bands], dtype=float)
    # bands run from best (highest min) to worst; the first band whose min ≤ total wins
    order = np.argsort(mins, kind="stable")  # ascending mins
    asc = mins[order]
    pos = np.searchsorted(asc, np.nan_to_num(totals, nan=-np.inf), side="right") - 1
    letters = np.array([b.grade for b in bands], dtype=object)[order]
    out = np.where(pos >= 0, letters[np.clip(pos, 0, None)], None)
    out[np.isnan(totals)] = None
    return out


def cap_grades(grades: np.ndarray, cap: str, bands: tuple[GradeBand, ...], mask: np.ndarray) -> np.ndarray:
    """Where ``mask``, grades better than ``cap`` become ``cap`` (a failed veto)."""
    rank = {b.grade: i for i, b in enumerate(bands)}  # 0 = best
    cap_rank = rank.get(cap, len(bands) - 1)
    better = pd.Series(grades, dtype=object).map(rank).to_numpy(dtype=float) < cap_rank
    out = grades.copy()
    out[mask & better] = cap
    return out


def _grade_codes(totals: np.ndarray, bands: tuple[GradeBand, ...]) -> tuple[np.ndarray, list[str]]:
    """grade_of as positions in a list of letters (-1: no grade), without a million-string array."""
    totals = np.asarray(totals, dtype=float)
    mins = np.array([-np.inf if b.min is None else b.min for b in bands], dtype=float)
    order = np.argsort(mins, kind="stable")
    pos = np.searchsorted(mins[order], np.nan_to_num(totals, nan=-np.inf), side="right") - 1
    codes = np.where(pos >= 0, order[np.clip(pos, 0, None)], -1)
    codes[np.isnan(totals)] = -1
    return codes, [b.grade for b in bands]


def _cap_codes(codes: np.ndarray, letters: list[str], cap: str, bands: tuple[GradeBand, ...],
               mask: np.ndarray) -> np.ndarray:
    """cap_grades on _grade_codes (``letters`` gains ``cap`` when it is not among them)."""
    rank = {b.grade: i for i, b in enumerate(bands)}  # 0 = best
    cap_rank = rank.get(cap, len(bands) - 1)
    ranks = np.array([rank.get(x, np.inf) for x in letters] + [np.inf])  # the last: no grade
    if cap not in letters:
        letters.append(cap)
    out = codes.copy()
    out[mask & (ranks[codes] < cap_rank)] = letters.index(cap)
    return out


def score_role(
    role: Role,
    values: pd.DataFrame,
    period: Period,
    invalid: pd.DataFrame | None = None,
    months: pd.DataFrame | None = None,
    scope_months: pd.Series | np.ndarray | float | None = None,
) -> RoleScores:
    """Points and dimension scores of one role's employees (rows) for ``period``.

    ``months`` (optional, same shape as ``values``) gives the months of figures behind each cell
    when the period was built from monthly files; count thresholds are scaled to it.
    ``scope_months`` (per row, or one number; default the period's length) is how many months
    each employee is scored on in this role: a measure whose cycle is longer is *not due* for
    that employee (not assessed, outside the coverage base; a figure given is kept, not scored).
    """
    codes = [m.code for m in role.all_measures]
    values = values.reindex(columns=codes).astype(float)
    xs = values.to_numpy()  # one view of the figures; a column of it is a measure's figures
    # Column-major (one measure's cells side by side, as pandas keeps a frame's blocks): the loop
    # below works a column at a time, and the frames built from these arrays at the end wrap them
    # without a copy, laid out as the copies they replace (the sums over them add in the same order).
    if invalid is None:
        bad_arr = np.zeros(values.shape, dtype=bool, order="F")
    else:
        bad_arr = np.array(invalid.reindex(index=values.index, columns=codes, fill_value=False).astype(bool)
                           .to_numpy(), dtype=bool, order="F")
    params: dict[str, dict[str, Any]] = {}
    pts = np.full(values.shape, np.nan, order="F")
    if scope_months is None:
        scope = np.full(len(values), float(period.months_count))
    elif isinstance(scope_months, pd.Series):
        scope = scope_months.reindex(values.index).fillna(period.months_count).to_numpy(dtype=float)
    else:
        scope = np.broadcast_to(np.asarray(scope_months, dtype=float), (len(values),))
    due_arr = np.ones(values.shape, dtype=bool, order="F")
    for j, m in enumerate(role.all_measures):
        if m.cycle is not None:
            due_arr[:, j] = scope + 1e-9 >= m.cycle_months
        x = xs[:, j]
        # A figure the measure cannot take (a rating of 7, a negative count) is an error, not a score.
        bad_arr[:, j] |= ~np.isnan(x) & ~in_domain(m, x)
        p = scaled_params(m, period)
        params[m.code] = p
        if months is not None and m.basis is not None and m.code in months and m.rule in ("higher", "lower"):
            n = months[m.code].reindex(values.index).to_numpy(dtype=float)
            n = np.where(np.isnan(n) | (n <= 0), period.months_count, n)
            factor = n / period.months_count
            row_p = {k: (v * factor if k in _SCALED_KEYS and v is not None else v) for k, v in p.items()}
            col = rule_points(m, x, row_p)
        else:
            col = rule_points(m, x, p)
        skip = bad_arr[:, j] | ~due_arr[:, j]
        if skip.any():
            col[skip] = np.nan  # rule_points returns a new array
        pts[:, j] = col
    points = pd.DataFrame(pts, index=values.index, columns=codes, copy=False)
    bad = pd.DataFrame(bad_arr, index=values.index, columns=codes, copy=False)
    dims = {}
    col_of = {c: j for j, c in enumerate(codes)}
    for d in role.dimensions:
        sub = pts[:, [col_of[m.code] for m in d.measures]]
        w = np.array([m.weight for m in d.measures], dtype=float)
        assessed = ~np.isnan(sub)
        den = (assessed * w).sum(axis=1)
        num = (np.where(assessed, sub, 0.0) * w).sum(axis=1)  # nan_to_num: points are never ±inf
        with np.errstate(invalid="ignore", divide="ignore"):
            dims[d.code] = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    dimensions = pd.DataFrame(dims, index=values.index, columns=[d.code for d in role.dimensions])
    if months is not None:
        months = months.reindex(index=values.index, columns=codes)
    due = pd.DataFrame(due_arr, index=values.index, columns=codes, copy=False)
    return RoleScores(role, params, values, bad, points, dimensions, months, period, due)


def not_due_figures(rs: RoleScores, records: pd.DataFrame, period: Period) -> list:
    """Warnings for figures given for measures not due this period: kept as information, not
    scored. One per file, sheet and measure (naming the employees), not one per cell."""
    from kpi_cli.problems import WARNING, Problem

    if rs.due is None or rs.due.to_numpy().all():
        return []
    out = []
    given = rs.values.notna().to_numpy() & ~rs.due.to_numpy() & ~rs.invalid.to_numpy()
    for j in np.flatnonzero(given.any(axis=0)):  # one pass per measure, not per employee
        m = rs.role.all_measures[j]
        rows = records.loc[rs.values.index[given[:, j]]].reindex(columns=["employee_id", "file", "sheet", "row"])
        where = [rows[c].astype(object).where(rows[c].notna(), "") for c in ("file", "sheet")]
        for (file, sheet), grp in rows.groupby(where, sort=False):
            ids = [str(x) for x in grp["employee_id"].tolist()]
            one = len(grp) == 1
            out.append(
                Problem(
                    "not-due-figure",
                    severity=WARNING,
                    file=file or None,
                    sheet=sheet or None,
                    row=grp["row"].iloc[0] if one and pd.notna(grp["row"].iloc[0]) else None,
                    employee_id=ids[0] if one else None,
                    role=rs.role.code,
                    measure=m.code,
                    value=", ".join(ids[:5]) + (f" … ({len(ids)})" if len(ids) > 5 else ""),
                    params={"name_zh": m.name_zh, "name_en": m.name_en, "period": period.code,
                            "cycle_zh": _cycle_word(m.cycle, "zh"), "cycle_en": _cycle_word(m.cycle, "en"),
                            "count": len(ids)},
                )
            )
    return out


def _cycle_word(cycle: str | None, lang: str) -> str:
    from kpi_cli.i18n import t

    return t(f"cycle.{cycle}", lang) if cycle else ""


def role_totals(rs: RoleScores) -> pd.DataFrame:
    """Weighted total, bonus, total, coverage and veto state of each employee of one role."""
    return pd.DataFrame(_role_totals(rs), index=rs.points.index)


def _role_totals(rs: RoleScores) -> dict[str, np.ndarray]:
    """role_totals as arrays aligned on ``rs.points`` (what score() scatters into its columns)."""
    role = rs.role
    dw = np.array([d.weight for d in role.dimensions], dtype=float)
    ds = rs.dimensions.to_numpy()
    assessed = ~np.isnan(ds)
    den = (assessed * dw).sum(axis=1)
    num = (np.where(assessed, ds, 0.0) * dw).sum(axis=1)  # nan_to_num: scores are never ±inf
    with np.errstate(invalid="ignore", divide="ignore"):
        weighted = np.where(den > 0, num / np.where(den > 0, den, 1.0), np.nan)
    eff = role.effective_weights()
    codes = list(eff)
    pts = rs.points.to_numpy()
    col_of = {c: j for j, c in enumerate(rs.points.columns)}
    w = np.array([eff[c] for c in codes])
    assessed_w = (~np.isnan(pts[:, [col_of[c] for c in codes]]) * w).sum(axis=1)
    # Coverage = assessed weight ÷ due weight: a measure not due this period is not "missing".
    if rs.due is None:
        due_w = np.full(len(pts), w.sum())
    else:
        due_w = (rs.due[codes].to_numpy(dtype=bool) * w).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = np.where(due_w > 0, assessed_w / np.where(due_w > 0, due_w, 1.0), 0.0)
    coverage = np.minimum(np.round(coverage, 12), 1.0)  # 33.33 × 3 must read as 100%, not 1.0000000000000002
    bonus = np.zeros(len(rs.points))
    for m in role.bonuses:
        bonus += np.nan_to_num(rs.points[m.code].to_numpy())
    veto_cap = np.full(len(rs.points), None, dtype=object)
    for m in role.vetoes:
        failed = rs.values[m.code].to_numpy() == 0
        veto_cap = np.where(failed & (veto_cap == None), m.params.get("cap_grade", "D"), veto_cap)  # noqa: E711
    return {
        "weighted_total": weighted,
        "bonus": bonus,
        "total": weighted + bonus,
        "coverage": coverage,
        "veto_cap": veto_cap,
        "invalid_cells": rs.invalid.to_numpy().sum(axis=1),
        "missing_measures": _missing_counts(rs),
    }


def _missing_counts(rs: RoleScores) -> np.ndarray:
    """Per employee, the weighted measures left blank (RoleScores.missing summed)."""
    return rs.missing_cells().sum(axis=1)


def _columns(frame: pd.DataFrame, codes: list[str], dtype) -> np.ndarray:
    """``frame[codes]`` as an array of ``dtype``: a view when ``codes`` are its columns in order."""
    arr = frame.to_numpy().astype(dtype, copy=False)
    cols = frame.columns.get_indexer(codes)
    return arr if np.array_equal(cols, np.arange(arr.shape[1])) else arr[:, cols]


def score(
    records: pd.DataFrame,
    values: dict[str, pd.DataFrame],
    catalogue: Catalogue,
    period: Period,
    invalid: dict[str, pd.DataFrame] | None = None,
    coverage_threshold: float | None = None,
    problems: list | None = None,
    inputs: list | None = None,
    months: dict[str, pd.DataFrame] | None = None,
) -> ScoreResult:
    """Score every record of a period.

    ``records`` has one row per input row: employee_id, name, department, role (a catalogue code,
    or None when the role is unknown) and has_error (a row-level error such as a duplicate id);
    ``values[role]`` holds that role's figures, indexed like ``records``. Every record comes back,
    with a status: ok, incomplete (coverage below the threshold: no grade) or invalid (an error:
    no grade).
    """
    threshold = catalogue.coverage_threshold if coverage_threshold is None else coverage_threshold
    invalid = invalid or {}
    emp = records.copy(deep=False)  # only whole columns are set below, never cells of ``records``
    if "has_error" not in emp:
        emp["has_error"] = False
    emp["has_error"] = emp["has_error"].fillna(False).astype(bool)
    n = len(emp)
    cols = {
        "weighted_total": np.full(n, np.nan),
        "bonus": np.zeros(n),
        "total": np.full(n, np.nan),
        "coverage": np.zeros(n),
        "invalid_cells": np.zeros(n, dtype=int),
        "missing_measures": np.zeros(n, dtype=int),
    }
    veto_cap = np.full(n, None, dtype=object)
    grade = np.full(n, -1, dtype=np.intp)  # index into ``letters`` (-1: no grade)
    letters: list[str] = []
    roles: dict[str, RoleScores] = {}
    not_due_problems: list = []
    # the records of each role, in order of first appearance (as groupby(sort=False) gives them)
    role_codes, role_names = pd.factorize(emp["role"], use_na_sentinel=True)
    by_role = np.argsort(role_codes, kind="stable")
    starts = np.searchsorted(role_codes[by_role], np.arange(len(role_names) + 1))
    known = np.zeros(n, dtype=bool)
    for k, code in enumerate(role_names):
        role = catalogue.get(code)
        if role is None:
            continue
        pos = by_role[starts[k]:starts[k + 1]]
        known[pos] = True
        idx = emp.index[pos]
        frame = values.get(code)
        frame = pd.DataFrame(index=idx) if frame is None else frame.reindex(idx)
        # A role part (a role change within the period) is assessed on its own months: cycles too.
        scope = emp["part_months"].iloc[pos].set_axis(idx) if "part_months" in emp.columns else None
        rs = score_role(role, frame, period, invalid.get(code), (months or {}).get(code), scope)
        roles[code] = rs
        not_due_problems.extend(not_due_figures(rs, emp, period))
        tot = _role_totals(rs)
        for key in cols:
            cols[key][pos] = tot[key]
        veto_cap[pos] = tot["veto_cap"]
        rounded = round_half_up(tot["total"])
        bands = catalogue.grades_for(role)
        g_codes, g_letters = _grade_codes(rounded, bands)  # grade_of + cap_grades, as positions in g_letters
        capped = tot["veto_cap"]
        for cap in {c for c in pd.unique(capped) if c is not None} if role.vetoes else ():
            g_codes = _cap_codes(g_codes, g_letters, cap, bands, capped == cap)
        to_global = np.array([_index_of(letters, x) for x in g_letters] + [-1], dtype=np.intp)
        grade[pos] = to_global[g_codes]
    # A role change within the period: the person's role parts fold into one record (kpi_cli.scoring.role_change).
    earlier, role_parts = combine_role_parts(emp, cols, veto_cap, known, threshold,
                                             (STATUS_OK, STATUS_INCOMPLETE, STATUS_INVALID))
    if len(role_parts):
        _regrade(emp, cols, veto_cap, grade, letters, catalogue, emp.index.get_indexer(pd.unique(role_parts["record"])))
    for key, arr in cols.items():
        emp[key] = _column(arr, emp.index)
    emp["total_rounded"] = _column(round_half_up(cols["total"]), emp.index)
    # status and grade as codes, turned into text columns by taking from the few labels
    status = np.where(
        emp["has_error"].to_numpy() | (cols["invalid_cells"] > 0) | ~known,
        STATUSES.index(STATUS_INVALID),
        # Nothing assessed is never "ok", whatever the threshold (even 0).
        np.where(
            (cols["coverage"] + 1e-9 < threshold) | (cols["coverage"] <= 0),
            STATUSES.index(STATUS_INCOMPLETE),
            STATUSES.index(STATUS_OK),
        ),
    )
    graded = status == STATUSES.index(STATUS_OK)
    emp["status"] = _labels(list(STATUSES), status, emp.index)
    emp["grade"] = _labels(letters + [None], np.where(graded & (grade >= 0), grade, len(letters)), emp.index,
                          dtype=object)  # None where there is no grade, as before
    emp["veto_cap"] = _column(veto_cap, emp.index)
    if earlier.any():  # the earlier role parts of a person are in role_parts, not among the employees
        keep = ~earlier
        emp, graded, grade, role_codes = emp[keep], graded[keep], grade[keep], role_codes[keep]
    ranked_total = emp["total_rounded"].where(graded)
    departments = _text_groups(emp["department"])
    emp["rank_in_role"] = _dense_rank(ranked_total, emp["role"], _text_codes(role_codes, role_names))
    emp["rank_in_department"] = _dense_rank(ranked_total, emp["department"], departments)
    result = ScoreResult(period, catalogue, emp, roles, list(problems or []) + not_due_problems,
                         inputs=list(inputs or []), role_parts=role_parts)
    grade_letters = [b.grade for b in catalogue.grades]
    to_band = np.array([grade_letters.index(x) if x in grade_letters else -1 for x in letters] + [-1], dtype=np.intp)
    graded_codes = to_band[np.where(graded & (grade >= 0), grade, len(letters))]
    result.distribution = grade_distribution(emp, catalogue, departments, graded_codes)
    return result


def _regrade(emp: pd.DataFrame, cols: dict, veto_cap: np.ndarray, grade: np.ndarray, letters: list,
             catalogue: Catalogue, pos: np.ndarray) -> None:
    """Grades of the records at ``pos`` from their (combined) totals, under their role's bands."""
    for p in pos:  # one per person whose role changed: few
        role = catalogue.get(emp["role"].iat[p]) if isinstance(emp["role"].iat[p], str) else None
        if role is None:
            grade[p] = -1
            continue
        bands = catalogue.grades_for(role)
        g = grade_of(round_half_up(np.array([cols["total"][p]])), bands)
        if veto_cap[p] is not None:
            g = cap_grades(g, veto_cap[p], bands, np.array([True]))
        grade[p] = -1 if g[0] is None else _index_of(letters, g[0])


def _index_of(items: list, x) -> int:
    """The position of ``x`` in ``items``, appending it when new."""
    if x not in items:
        items.append(x)
    return items.index(x)


def _column(values: np.ndarray, index: pd.Index) -> pd.Series:
    """A new column made from an array this module made and no longer changes: wrapped, not copied
    (a bare array set into a frame is copied, ~10 ms per million numbers and more for objects)."""
    return pd.Series(values, index=index, copy=False)


def _labels(choices: list, codes: np.ndarray, index: pd.Index, dtype=None) -> pd.Series:
    """A text column holding ``choices[code]`` for each code: taken from the few choices (one
    short column) rather than built from a million strings."""
    return pd.Series(np.array(choices, dtype=object), dtype=dtype).take(codes).set_axis(index)


def _text_groups(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Group codes of ``values`` taken as text ('' for blanks), and the texts: as
    ``values.fillna('').astype(str)`` would group them, with the text made once per distinct value."""
    return _text_codes(*pd.factorize(values, use_na_sentinel=True))


def _text_codes(codes: np.ndarray, uniques) -> tuple[np.ndarray, list[str]]:
    """_text_groups from a factorization (codes, uniques) already made."""
    blank = codes < 0
    text = [str(u) for u in uniques] + ([""] if blank.any() else [])
    text_codes, texts = pd.factorize(np.array(text, dtype=object))
    return text_codes[np.where(blank, len(uniques), codes)], list(texts)


def _dense_rank(totals: pd.Series, groups: pd.Series, text_groups: tuple | None = None) -> pd.Series:
    """Dense rank of ``totals`` (descending; NaN unranked) within each group of ``groups``
    (``text_groups``: its _text_groups, when already made)."""
    keys, texts = text_groups if text_groups is not None else _text_groups(groups)
    v = totals.to_numpy(dtype=float, na_value=np.nan)
    ok = ~np.isnan(v)
    given = v[ok]
    tenths = np.rint(given * 10.0).astype(np.int64) if len(given) else np.zeros(0, np.int64)
    width = int(tenths.max() - tenths.min() + 1) if len(tenths) else 0
    if len(tenths) and np.array_equal(tenths / 10.0, given) and len(texts) * width <= 20_000_000:
        # Totals rounded to one decimal: within each group, the rank of a total is the number of
        # distinct totals at or above it, counted on a (group × tenth) grid instead of sorting
        # (the grid flat: one index per employee rather than a pair).
        cell = keys[ok] * width + (tenths.max() - tenths)
        present = np.zeros(len(texts) * width, dtype=np.int32)
        present[cell] = 1
        out = np.zeros(len(v), dtype=np.int64)
        out[ok] = np.cumsum(present.reshape(len(texts), width), axis=1).ravel()[cell]
        return pd.Series(pd.arrays.IntegerArray(out, ~ok), index=totals.index)
    ranks = totals.groupby(keys).rank(method="dense", ascending=False)
    return ranks.astype("Int64")


def grade_distribution(
    employees: pd.DataFrame,
    catalogue: Catalogue,
    departments: tuple | None = None,
    grade_codes: np.ndarray | None = None,
) -> pd.DataFrame:
    """Grade counts and shares per department (and overall), with the quota check.

    Columns: department, graded, <grade> counts, share_<grade>, quota_ok, quota_breaches (list of
    (grades, share, limit) tuples). The last row is the whole company (department "").
    """
    letters = [b.grade for b in catalogue.grades]
    # Counted on integer codes (departments and grades factorized once), not by crosstab or a
    # Python set over a million names.
    dep_codes, deps = departments if departments is not None else _text_groups(employees["department"])
    if grade_codes is None:  # position of each employee's grade in ``letters`` (-1: none)
        grade_codes = pd.Categorical(employees["grade"], categories=letters).codes
    graded = (grade_codes >= 0) & (dep_codes >= 0)
    cells = np.bincount(dep_codes[graded] * len(letters) + grade_codes[graded], minlength=len(deps) * len(letters))
    counts = pd.DataFrame(cells.reshape(len(deps), len(letters)), index=pd.Index(deps, dtype=object), columns=letters)
    counts = counts.reindex(sorted(deps), fill_value=0)
    counts.loc["\uffff"] = counts.sum()  # placeholder key so that the total sorts last
    rows = []
    for key, row in counts.iterrows():  # one row per department, not per employee
        total = int(row.sum())
        shares = {g: (row[g] / total if total else 0.0) for g in letters}
        breaches = []
        for q in catalogue.quotas:
            share = sum(shares.get(g, 0.0) for g in q.grades)
            if total and q.max_share is not None and share > q.max_share + 1e-9:
                breaches.append(("+".join(q.grades), share, q.max_share, "max"))
            if total and q.min_share is not None and share < q.min_share - 1e-9:
                breaches.append(("+".join(q.grades), share, q.min_share, "min"))
        rows.append(
            {
                "department": "" if key == "\uffff" else key,
                "is_total": key == "\uffff",
                "graded": total,
                **{g: int(row[g]) for g in letters},
                **{f"share_{g}": shares[g] for g in letters},
                "quota_ok": not breaches,
                "quota_breaches": breaches,
            }
        )
    return pd.DataFrame(rows)
