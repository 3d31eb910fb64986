"""A role change within the period: one person scored on each role's months, one month-weighted total.

kpi_cli.validation.aggregate gives a person whose role changed one record per role (a *role part*, with the
months of figures in it); the scorer scores each part as its own role would be scored, then
:func:`combine_role_parts` folds the parts into the person's record — the part holding the last
month, so the person is ranked and counted under the last month's role and department:

- total (and weighted total and bonus) = Σ months × part total ÷ Σ months, over the parts with a
  total; the grade comes from it, under the last role's grade bands;
- coverage = Σ months × part coverage ÷ Σ months (a part with nothing assessed lowers it);
- an error in any part (a bad cell, a row error, an unknown role) makes the person invalid; a
  failed veto in any part caps the grade.

The parts stay in ``ScoreResult.role_parts`` (and their figures in ``ScoreResult.roles``) for
--explain, JSON and the reports.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

PART_FIELDS = ("weighted_total", "bonus", "total", "coverage", "invalid_cells", "missing_measures")
ROLE_PARTS_COLUMNS = (
    "record", "part", "person", "role", "role_label", "department", "months", "months_label", "share",
    *PART_FIELDS, "status", "file", "sheet", "row",
)


def empty_role_parts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ROLE_PARTS_COLUMNS})


def combine_role_parts(emp: pd.DataFrame, cols: dict, veto_cap: np.ndarray, known: np.ndarray,
                       threshold: float, statuses: tuple[str, str, str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Fold each person's role parts into the part of the last month (``cols``, ``veto_cap``,
    ``known`` and ``emp['has_error']`` are updated there). Returns the mask of the other parts
    (to leave out of grades, ranks and the distribution) and the table of every part."""
    earlier = np.zeros(len(emp), dtype=bool)
    if "person" not in emp.columns:
        return earlier, empty_role_parts()
    person = emp["person"].to_numpy(dtype=object)
    pos = np.flatnonzero(pd.notna(emp["person"]).to_numpy())
    if not len(pos):
        return earlier, empty_role_parts()
    ok, incomplete, invalid = statuses
    has_error = emp["has_error"].to_numpy(dtype=bool).copy()
    parts = pd.DataFrame(
        {
            "pos": pos,
            "person": person[pos],
            "months": emp["part_months"].to_numpy(dtype=float)[pos],
            "end": emp["part_end"].to_numpy(dtype=float)[pos],
            **{f: np.asarray(cols[f], dtype=float)[pos] for f in PART_FIELDS},
            "has_error": has_error[pos],
            "known": known[pos],
        }
    ).sort_values(["person", "end"], kind="stable")
    bad = parts["has_error"].to_numpy() | (parts["invalid_cells"].to_numpy() > 0) | ~parts["known"].to_numpy()
    cov = parts["coverage"].to_numpy()
    parts["status"] = np.where(bad, invalid, np.where((cov + 1e-9 < threshold) | (cov <= 0), incomplete, ok))
    # month weights: a part without a total takes no share of the total, but does of the coverage
    m = parts["months"].to_numpy()
    w = np.where(np.isnan(parts["total"].to_numpy()), 0.0, m)
    weighted = parts.assign(
        _w=w, _m=m,
        **{f"_{f}": np.nan_to_num(parts[f].to_numpy()) * w for f in ("weighted_total", "bonus", "total")},
        _coverage=np.nan_to_num(cov) * m,
    )
    g = weighted.groupby("person", sort=False)
    sums = g[["_w", "_m", "_weighted_total", "_bonus", "_total", "_coverage", "invalid_cells", "missing_measures"]].sum()
    last = g["pos"].last()
    target = last.to_numpy()
    den = sums["_w"].to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        for f in ("weighted_total", "bonus", "total"):
            cols[f][target] = np.where(den > 0, sums[f"_{f}"].to_numpy() / np.where(den > 0, den, 1.0), np.nan)
        cols["coverage"][target] = sums["_coverage"].to_numpy() / sums["_m"].to_numpy()
    cols["bonus"][target] = np.nan_to_num(cols["bonus"][target])
    cols["invalid_cells"][target] = sums["invalid_cells"].to_numpy()
    cols["missing_measures"][target] = sums["missing_measures"].to_numpy()
    known[target] = g["known"].all().to_numpy()
    has_error[target] = g["has_error"].any().to_numpy()
    emp["has_error"] = has_error
    caps = pd.Series(veto_cap[parts["pos"].to_numpy()], index=parts.index).groupby(parts["person"], sort=False).first()
    veto_cap[target] = caps.reindex(last.index).to_numpy(dtype=object)
    files = emp["file"].to_numpy(dtype=object)
    joined = pd.Series(files[parts["pos"].to_numpy()], index=parts.index).groupby(parts["person"], sort=False).agg(
        lambda s: ", ".join(dict.fromkeys(", ".join(map(str, s)).split(", "))))
    files = files.copy()
    files[target] = joined.reindex(last.index).to_numpy(dtype=object)
    earlier[parts["pos"].to_numpy()] = True
    earlier[target] = False

    table_files = emp["file"].to_numpy(dtype=object)
    emp["file"] = files
    index = emp.index
    record_of = pd.Series(index[target], index=last.index)
    share = m / parts["person"].map(sums["_m"]).to_numpy()
    table = pd.DataFrame(
        {
            "record": parts["person"].map(record_of).to_numpy(),
            "part": index[parts["pos"].to_numpy()],
            "person": parts["person"].to_numpy(),
            "role": emp["role"].to_numpy(dtype=object)[parts["pos"].to_numpy()],
            "role_label": emp["role_label"].to_numpy(dtype=object)[parts["pos"].to_numpy()],
            "department": emp["department"].to_numpy(dtype=object)[parts["pos"].to_numpy()],
            "months": m,
            "months_label": emp["part_label"].to_numpy(dtype=object)[parts["pos"].to_numpy()],
            "share": share,
            **{f: parts[f].to_numpy() for f in PART_FIELDS},
            "status": parts["status"].to_numpy(),
            "file": table_files[parts["pos"].to_numpy()],
            **{c: emp[c].to_numpy(dtype=object)[parts["pos"].to_numpy()] for c in ("sheet", "row")},
        }
    ).reset_index(drop=True)
    return earlier, table[list(ROLE_PARTS_COLUMNS)]
