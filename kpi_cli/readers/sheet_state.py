"""The state of reading one grid (a sheet or a CSV file): its records' shape, where the problems go.

The reading itself is in layers, one module each: ``layout_header`` (where the header is and what
each column holds), ``layout_identity`` (工号/姓名/部门/岗位/期间 of every row, and the rows that
are not employees), ``layout_wide`` (a column per measure) and ``layout_long`` (a row per figure);
``sheet`` puts them together.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue, Measure
from kpi_cli.cells import number_text as fmt_number  # noqa: F401  (the readers' name for it)
from kpi_cli.readers.dataset import RECORD_COLUMNS
from kpi_cli.problems import ERROR, Problem
from kpi_cli.readers.grid import Grid
from kpi_cli.readers.headers import HeaderIndex, Target
from kpi_cli.readers.ratings import RATER_COLUMNS, rater_record_columns
from kpi_cli.i18n import t
from kpi_cli.readers.values import NO_CACHED_VALUE, OUT_OF_RANGE, WRONG_UNIT, CellError, allowed_range, display_value


LONG_TEXT = 255  # identity cells longer than this are flagged
IDENTITY_FIELDS = ("employee_id", "name", "department", "role", "period", "rater", "rater_type")
INTERNAL_COLUMNS = ("id_column", "id_header", *RATER_COLUMNS)  # where each record's id is (for duplicate-employee); its rater


@dataclass
class SheetMeta:
    """What the hidden `_kpi` sheet says about one sheet: its role and each column's meaning."""

    role: str | None = None
    columns: dict[str, Target] = field(default_factory=dict)  # column letter → target
    headers: dict[str, Target] = field(default_factory=dict)  # header text as written (normalised) → target


@dataclass
class SheetContext:
    file: str
    catalogue: Catalogue
    index: HeaderIndex
    file_period: str | None = None
    meta: SheetMeta | None = None
    sheet_role: str | None = None  # the role a sheet's name or `_kpi` names: used when a row's role is blank


@dataclass
class SheetData:
    records: pd.DataFrame
    values: dict[str, pd.DataFrame]
    invalid: dict[str, pd.DataFrame]
    problems: list[Problem]
    format: str | None = None  # "wide", "long", or None (not recognised / empty)
    recognised: bool = False
    empty: bool = False
    cells: pd.DataFrame | None = None  # rating records only: where each of their figures is (readers/ratings.py)

    @property
    def rows(self) -> int:
        return len(self.records)


def empty_records() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in (*RECORD_COLUMNS, *INTERNAL_COLUMNS)})




class SheetState:
    """The state of reading one grid: where the header is, what each column holds, the problems."""

    def __init__(self, grid: Grid, ctx: SheetContext) -> None:
        self.grid = grid
        self.ctx = ctx
        self.problems: list[Problem] = []
        self.header_names: dict[int, str | None] = {}
        self.flagged: dict[str, np.ndarray] = {}  # identity field → cells already reported
        self.row_numbers = grid.rows  # position ``i`` of a problem → its Excel row
        self.refused_cols: list[int] = []  # measure columns refused as a whole (their header says why)
        self.upper_header: int | None = None
        self._present: np.ndarray | None = None
        self._texts: dict[int, np.ndarray] = {}

    def set_data(self, offset: int, data: np.ndarray, rows: np.ndarray, lengths: np.ndarray | None,
                 keep: np.ndarray | None = None) -> None:
        """The data rows under the header (``offset`` = the first one's position in the grid).

        ``keep``: the new data are these rows of the current data (what was computed on them stays).
        """
        if keep is not None:
            present = None if self._present is None else self._present[keep]
            texts = {j: t[keep] for j, t in self._texts.items()}
        else:
            present, texts = None, {}
        self.offset, self.data, self.data_rows, self.row_lengths = offset, data, rows, lengths
        self.row_numbers = np.concatenate([self.grid.rows[:offset], rows]) if offset else rows
        self._present, self._texts = present, texts

    @property
    def present(self) -> np.ndarray:
        """True for the data cells that hold something (computed once)."""
        if self._present is None:
            self._present = pd.notna(self.data)
        return self._present

    def text_of(self, j: int) -> np.ndarray:
        """The data cells of column ``j`` as text (``text_values``), computed once."""
        text = self._texts.get(j)
        if text is None:
            text = self._texts[j] = text_values(self.data[:, j], self.grid.flags)
        return text

    # --- problems -------------------------------------------------------------------------
    def problem(self, type_: str, severity: str = ERROR, *, i: int | None = None, j: int | None = None,
                row: int | None = None, value: object = None, employee_id: str | None = None,
                role: str | None = None, measure: Measure | None = None, **params) -> Problem:
        g = self.grid
        if i is not None:
            row = int(self.row_numbers[i])
        column = g.letter(j) if j is not None else None
        if measure is not None:
            params.setdefault("name_zh", measure.name_zh)
            params.setdefault("name_en", measure.name_en)
        p = Problem(
            type_,
            severity,
            file=self.ctx.file,
            sheet=g.name,
            row=row,
            column=column,
            column_name=self.header_names.get(j) if j is not None else None,
            employee_id=employee_id,
            role=role,
            measure=measure.code if measure is not None else None,
            value=display_value(value),
            params=params,
        )
        self.problems.append(p)
        return p


    def prefetch_percent(self, js) -> None:
        """The percent formats of the columns ``js`` will be asked for: found in one pass."""
        prefetch = getattr(self.grid.percent, "prefetch", None)
        if prefetch is not None:
            prefetch([int(self.grid.cols[j]) for j in js])

    def percent_format(self, j: int, rows: np.ndarray) -> np.ndarray | None:
        """True for the data rows (positions ``rows``) whose cell in column ``j`` is percent-formatted."""
        excel_rows = self.grid.percent.get(int(self.grid.cols[j]))
        if excel_rows is None:
            return None
        return np.isin(self.data_rows[rows], excel_rows)

    def cell_problem(self, type_: str, i: int, j: int, raw: object, ident: dict, code: str, measure: Measure) -> None:
        params = {}
        if type_ == OUT_OF_RANGE:
            params["range"] = allowed_range(measure)
        elif type_ == WRONG_UNIT:
            params["unit_zh"], params["unit_en"] = t(f"unit.{measure.unit}", "zh"), t(f"unit.{measure.unit}", "en")
        self.problem(type_, ERROR, i=self.offset + i, j=j, value=raw, employee_id=ident["employee_id"][i],
                     role=code, measure=measure, **params)

    def records_frame(self, ident: dict[str, np.ndarray], rows: np.ndarray) -> pd.DataFrame:
        has_error = ident["role_problem"][rows] | ident["missing_id"][rows] | ident["bad_period"][rows]
        j_id = self.columns.get("employee_id")
        obj = {
            "employee_id": ident["employee_id"][rows],
            "name": ident["name"][rows],
            "department": ident["department"][rows],
            "role": ident["role_code"][rows],
            "role_label": ident["role"][rows],
            "period": ident["period_code"][rows],
            "file": np.full(len(rows), self.ctx.file, dtype=object),
            "sheet": np.full(len(rows), self.grid.name, dtype=object),
        }
        n = len(rows)
        j_base = self.columns.get("bonus_base")
        columns = {k: pd.Series(v, dtype=object) for k, v in obj.items()}  # object, never inferred as str
        columns["row"] = pd.Series(self.data_rows[rows].astype(np.int64))
        columns["has_error"] = pd.Series(has_error.astype(bool))
        columns["bonus_base"] = pd.Series(ident["bonus_base"][rows].astype(float) if "bonus_base" in ident
                                          else np.full(n, np.nan))
        columns["base_column"] = pd.Series(np.full(n, self.grid.letter(j_base) if j_base is not None else None,
                                                   dtype=object), dtype=object)
        columns["id_column"] = pd.Series(np.full(n, self.grid.letter(j_id) if j_id is not None else None, dtype=object),
                                         dtype=object)
        columns["id_header"] = pd.Series(np.full(n, self.header_names.get(j_id) if j_id is not None else None,
                                                 dtype=object), dtype=object)
        columns.update(rater_record_columns(ident, rows, self.columns, self.grid, self.header_names))
        frame = pd.DataFrame(columns)
        return frame


    def sort_problems(self) -> None:
        self.problems.sort(key=lambda p: (p.row or 0, col_key(p.column)))  # stable: same cell keeps its order




def col_pos(grid: Grid, col: int) -> int | None:
    pos = np.flatnonzero(grid.cols == col)
    return int(pos[0]) if len(pos) else None


def col_key(letter: str | None) -> tuple[int, str]:
    return (len(letter), letter) if letter else (0, "")


def row_ranges(rows: list[int]) -> str:
    """[3, 4, 5, 9] → '3–5, 9' (at most 20 ranges)."""
    out: list[str] = []
    start = prev = rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(out[:20]) + (" …" if len(out) > 20 else "")





def text_values(raw: np.ndarray, flags: bool = True) -> np.ndarray:
    """Cells as text (None for blanks): NFKC, trimmed; integral numbers without '.0' (1001.0 → '1001').

    ``flags=False``: the cells hold no Excel error or formula without a value (a CSV file).
    """
    raw = np.asarray(raw, dtype=object)
    n = len(raw)
    out = np.full(n, None, dtype=object)
    if not n:
        return out
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)  # each distinct value converted once
    uniques = np.asarray(uniques, dtype=object)
    kind = pd.api.types.infer_dtype(uniques, skipna=False)
    if kind not in _NO_BOOLS and any(type(u) is bool for u in uniques):  # TRUE is otherwise the same distinct value as 1
        raw = np.array(["TRUE" if x is True else "FALSE" if x is False else x for x in raw], dtype=object)
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
        uniques = np.asarray(uniques, dtype=object)
    if not len(uniques):
        return out
    if kind == "string" and not flags:  # text only (no CellError among it): all at once
        conv = _texts(uniques)
    else:
        conv = _text_of_uniques(uniques)
    present = codes >= 0
    if present.all():
        return conv[codes]
    out[present] = conv[codes[present]]
    return out


_NO_BOOLS = ("string", "floating", "integer", "mixed-integer-float", "empty", "date", "datetime")
_SPACES_AROUND_SEP = re.compile(r"\s*\x00\s*")


def _texts(values: np.ndarray) -> np.ndarray:
    """Strings → NFKC, trimmed, None when empty: one normalisation of them all, joined by NUL.

    NFKC never joins characters across a NUL (a starter that composes with nothing), so the parts
    come out as each would alone; a string holding a NUL itself is done on its own.
    """
    joined = "\x00".join(values.tolist())
    if joined.count("\x00") != len(values) - 1:
        nfkc = unicodedata.normalize
        return np.array([nfkc("NFKC", x).strip() or None for x in values] + [None], dtype=object)[:-1]
    joined = _SPACES_AROUND_SEP.sub("\x00", unicodedata.normalize("NFKC", joined).strip())
    out = np.array(joined.split("\x00") + [None], dtype=object)[:-1]
    out[out == ""] = None
    return out


def _text_of_uniques(values: np.ndarray) -> np.ndarray:
    s = pd.Series(values, dtype=object)
    out = np.full(len(s), None, dtype=object)
    types = s.map(type)
    strs = (types == str).to_numpy()
    if strs.any():
        out[strs] = _texts(values[strs])
    nums = types.isin((float, int)).to_numpy()
    if nums.any():
        v = s[nums].astype(float).to_numpy()
        whole = np.isfinite(v) & (np.abs(v) < 1e15) & (np.floor(v) == v)
        idx = np.flatnonzero(nums)
        out[idx[whole]] = v[whole].astype(np.int64).astype(str).astype(object)
        out[idx[~whole]] = [None if math.isnan(x) else repr(float(x)) for x in v[~whole]]
    for i in np.flatnonzero(~strs & ~nums):
        x = values[i]
        if x is None or isinstance(x, (CellError, type(NO_CACHED_VALUE))):
            continue
        if isinstance(x, (_dt.datetime, _dt.date, _dt.time)):
            out[i] = x.isoformat()
        else:
            out[i] = str(x).strip() or None
    return out
