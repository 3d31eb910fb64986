"""What the readers hand the scorer: one record per input row, figures per role, and problems.

The contract between reading and scoring:

- ``records``: a DataFrame with a fresh RangeIndex, one row per data row of every input sheet
  (nothing is dropped: a row with an unknown role or no id is still a record). Columns:
  ``employee_id`` (str or None), ``name``, ``department``, ``role`` (catalogue code, or None when
  the role is unknown), ``role_label`` (the role as typed), ``period`` (period code or None),
  ``file`` (file name as given), ``sheet`` (None for CSV), ``row`` (Excel numbering, header = 1),
  ``has_error`` (a row-level error: unknown role, missing or duplicate id); ``bonus_base`` (the
  绩效工资基数 cell as a number, NaN when blank, unusable or absent) and ``base_column`` (the letter
  of the sheet's bonus base column, None when the sheet has none).
- ``values[role_code]``: float64 DataFrame indexed by the records of that role, one column per
  code of ``role.all_measures`` (NaN = blank = not assessed). Percent figures are 0–100, yes/no
  figures 1/0, ratings on their scale.
- ``invalid[role_code]``: bool DataFrame of the same shape, True where the cell held something
  that could not be used (its problem is in ``problems``; the value is NaN).
- ``months[role_code]``: optional, set only by kpi_cli.validation.aggregate when a period is built from
  monthly files: the number of months of figures behind each cell (count standards are scaled
  to it).
- ``ratings``: optional, set when rating rows (a 评价人 / 评价人类型 column) were read: one row per
  rater's figure, with its rater, rater type, cell and whether it was scored. Their combination
  is already in ``values``; the rating rows themselves are not records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

RECORD_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "role",
    "role_label",
    "period",
    "file",
    "sheet",
    "row",
    "has_error",
    "bonus_base",
    "base_column",
)


@dataclass
class InputFile:
    """One file read: where it is, its SHA-256 (for the report's audit trail), what it held."""

    path: str
    name: str
    sha256: str
    size: int
    kind: str  # "xlsx" or "csv"
    period: str | None = None  # the period named in the file name, if any
    sheets: list[str] = field(default_factory=list)
    rows: int = 0  # data rows read
    format: str | None = None  # "wide" or "long"
    encoding: str | None = None  # CSV only
    delimiter: str | None = None  # CSV only


@dataclass
class Dataset:
    records: pd.DataFrame
    values: dict[str, pd.DataFrame]
    invalid: dict[str, pd.DataFrame]
    problems: list = field(default_factory=list)
    files: list[InputFile] = field(default_factory=list)
    months: dict[str, pd.DataFrame] | None = None
    ratings: pd.DataFrame | None = None  # one row per rater's rating, already combined into ``values`` (kpi_cli/readers/raters.py)

    @property
    def periods(self) -> list[str]:
        """The distinct periods named by the records (from a period column or the file name)."""
        return sorted({p for p in self.records["period"].dropna().astype(str)})
