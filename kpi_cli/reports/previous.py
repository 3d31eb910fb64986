"""The previous period: an earlier export's scores, and each employee's change against them.

One place computes the comparison (vectorised, on the employees' index); the Excel report, the
HTML pages and the export's scores CSV only show it. A change is the total rounded to one
decimal minus the previous total rounded half up to one decimal, itself rounded to one decimal:
``up``, ``down`` or ``same``; ``new`` when the employee id was not in the previous period,
``none`` when either total is missing. ``left``: the ids of the previous period not scored now.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.errors import KpiError, UsageError
from kpi_cli.i18n import Msg
from kpi_cli.reports.common import column_texts

KINDS = ("up", "down", "same", "new", "none")


@dataclass(frozen=True)
class Comparison:
    """Each employee's change against the previous period, as Series on the employees' index."""

    previous_total: pd.Series  # float64: the previous total rounded half up to one decimal; NaN when none
    previous_grade: pd.Series  # object: the previous grade, or None
    change: pd.Series  # float64: the change in points (one decimal); NaN when new or a total is missing
    kind: pd.Series  # object: 'up', 'down', 'same', 'new' or 'none'
    new: list[str]  # ids scored now and not in the previous period, sorted
    left: list[str]  # ids of the previous period not scored now, sorted
    index_of: Any = None  # the employees' index the Series are on (to reuse a comparison safely)

    def counts(self) -> dict[str, int]:
        """Employees per kind (every kind present, 0 when none), and ``left``."""
        seen = self.kind.value_counts()
        return {**{k: int(seen.get(k, 0)) for k in KINDS}, "left": len(self.left)}


def read_previous(path: Path | None) -> pd.DataFrame | None:
    """An earlier export's scores (its folder or its scores CSV): ``total`` and ``grade`` by
    employee id (the last row of an id that appears twice)."""
    if path is None:
        return None
    csv_path = path
    if path.is_dir():
        found = sorted(path.glob("scores-*.csv"))
        if not found:
            raise UsageError(Msg("export.previous_no_scores", folder=path))
        csv_path = found[-1]
    from kpi_cli.readers.files import refuse_unreadable

    refused = refuse_unreadable(csv_path)  # a FIFO would block the read forever, a huge file fill the memory
    if refused is not None:
        raise KpiError(Msg("export.previous_unreadable", file=csv_path, reason=refused.message("en")))
    try:
        frame = pd.read_csv(csv_path, dtype={"employee_id": str, "grade": str}, encoding="utf-8-sig",
                            keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise KpiError(Msg("export.previous_unreadable", file=csv_path, reason=exc)) from exc
    if "employee_id" not in frame or "total_rounded" not in frame:
        raise KpiError(Msg("export.previous_not_scores", file=csv_path))
    ids = frame["employee_id"].astype(str).str.lstrip("'")  # the CSV's guard against formulas
    grades = frame["grade"] if "grade" in frame else pd.Series(None, index=frame.index, dtype=object)
    out = _frame(pd.to_numeric(frame["total_rounded"], errors="coerce").to_numpy(dtype="float64"),
                 _nones(grades.to_numpy(dtype=object), grades.isna() | (grades == "")),
                 pd.Index(ids.to_numpy(dtype=object), name="employee_id", dtype=object))
    return out[~out.index.duplicated(keep="last")]


def previous_frame(previous: Any) -> pd.DataFrame:
    """``previous`` as read_previous gives it: a DataFrame (``total``, ``grade``) indexed by the
    cleaned employee id. Accepted: such a DataFrame, or a mapping id → (total, grade) or → total."""
    if isinstance(previous, pd.DataFrame):
        frame = pd.DataFrame({"total": previous["total"].to_numpy(),
                              "grade": (previous["grade"] if "grade" in previous else pd.Series(None, index=previous.index)).to_numpy(dtype=object)})
        keys = previous.index.tolist()
    elif isinstance(previous, Mapping):
        keys = list(previous)
        values = [(list(v) + [None, None])[:2] if isinstance(v, (tuple, list)) else [v, None] for v in previous.values()]
        frame = pd.DataFrame(values, columns=["total", "grade"], dtype=object) if values else pd.DataFrame(columns=["total", "grade"])
    else:
        raise TypeError(f"previous: a mapping employee id → (total, grade), not {type(previous).__name__}")
    total = pd.to_numeric(frame["total"], errors="coerce").astype("float64")
    total[~np.isfinite(total.to_numpy())] = np.nan
    grade = pd.Series(column_texts(frame["grade"]), dtype=object)
    out = _frame(round_half_up(total).to_numpy(), _nones(grade.to_numpy(dtype=object), grade == ""),
                 pd.Index(column_texts(pd.Series(keys, dtype=object)), name="employee_id", dtype=object))
    return out[~out.index.duplicated(keep="last")]


def _frame(total, grade, index) -> pd.DataFrame:
    """The previous scores' frame: ``grade`` stays object (None for none), never inferred as str."""
    out = pd.DataFrame({"total": total}, index=index)
    out["grade"] = pd.Series(grade, index=index, dtype=object)
    return out


def _nones(values, blank) -> "np.ndarray":
    """``values`` (an object array) with None where ``blank``: never NaN for a missing text."""
    out = np.asarray(values, dtype=object).copy()
    out[np.asarray(blank, dtype=bool)] = None
    return out


def round_half_up(values: pd.Series) -> pd.Series:
    """Half up to one decimal, as the scorer rounds totals (NaN stays NaN)."""
    x = values.to_numpy(dtype="float64")
    return pd.Series(np.floor(np.abs(x) * 10 + 0.5 + 1e-9) / 10 * np.where(x >= 0, 1, -1), index=values.index)


def compare_previous(result, previous: Any) -> Comparison | None:
    """The employees of ``result`` against ``previous`` (see previous_frame; a Comparison made
    for these employees is returned as it is). None when there is no previous period."""
    if previous is None:
        return None
    emp = result.employees
    if isinstance(previous, Comparison):
        if previous.index_of is emp.index:
            return previous
        raise ValueError("this comparison was made for other employees; compare again")
    prev = previous_frame(previous)
    ids = pd.Series(column_texts(emp["employee_id"]), index=emp.index, dtype=object)
    has_prev = (ids != "") & ids.isin(prev.index)
    matched = prev.reindex(ids.where(has_prev, None).to_numpy())  # one row per employee, NaN when not matched
    prev_total = pd.Series(matched["total"].to_numpy(dtype="float64"), index=emp.index)
    grades = matched["grade"].to_numpy(dtype=object)
    prev_grade = pd.Series(_nones(grades, ~has_prev.to_numpy() | pd.isna(grades)), index=emp.index, dtype=object)
    total = pd.to_numeric(emp["total_rounded"], errors="coerce").astype("float64")
    change = (total - prev_total).round(1)
    change[~has_prev] = np.nan
    kind = pd.Series(np.select([~has_prev.to_numpy(), change.isna().to_numpy(), (change > 0).to_numpy(),
                                (change < 0).to_numpy()], ["new", "none", "up", "down"], "same"),
                     index=emp.index, dtype=object)
    current = set(ids[ids != ""])
    return Comparison(
        previous_total=prev_total,
        previous_grade=prev_grade,
        change=change,
        kind=kind,
        new=sorted(current - set(prev.index)),
        left=sorted(k for k in prev.index if k and k not in current),
        index_of=emp.index,
    )
