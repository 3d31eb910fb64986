"""A sheet's cells as the readers see them: a 2-D object array with the Excel row and column of each."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpi_cli.cells import column_letter  # noqa: F401  (re-exported: the readers find it here)


def column_index(letters: str) -> int:
    """'A' → 0, 'AA' → 26; -1 for anything that is not a column name."""
    letters = letters.strip().upper()
    if not letters or not letters.isascii() or not letters.isalpha() or len(letters) > 3:
        return -1
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


@dataclass
class Grid:
    """The non-empty rows of one sheet (or CSV file).

    ``cells`` is an object array (None = blank); ``rows`` holds each row's Excel number (header
    = 1) and ``cols`` each column's 0-based index, so that a problem names the cell the user sees
    even when empty rows or columns were skipped.
    """

    name: str | None
    cells: np.ndarray
    rows: np.ndarray
    cols: np.ndarray
    hidden: bool = False  # a hidden sheet
    hidden_rows: list[int] = field(default_factory=list)  # Excel row numbers
    hidden_cols: list[int] = field(default_factory=list)  # 0-based column indices
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row0, col0, row1, col1), Excel rows, 0-based cols
    row_lengths: np.ndarray | None = None  # CSV: fields on each row (ragged rows)
    percent: Mapping[int, np.ndarray] = field(default_factory=dict)  # column → Excel rows of percent-formatted cells
    digit_formats: dict[int, dict[int, str]] = field(default_factory=dict)  # column → Excel row → padded format of a number cell
    problems: list = field(default_factory=list)  # found while reading the cells
    flags: bool = True  # may hold Excel errors or formulas without a value (False: the reader knows there are none)
    present: np.ndarray | None = None  # True where a cell holds something (None: not known)

    @property
    def empty(self) -> bool:
        return self.cells.size == 0

    def letter(self, j: int) -> str:
        return column_letter(self.cols[j])


def make_grid(name: str | None, rows: list[list], first_row: int = 1, **kw) -> Grid:
    """A Grid from lists of cell values ('' and None are blank); completely empty rows are dropped."""
    width = max((len(r) for r in rows), default=0)
    cells = np.full((len(rows), width), None, dtype=object)
    for i, r in enumerate(rows):
        if r:
            cells[i, : len(r)] = r
    return compact(name, cells, np.arange(first_row, first_row + len(rows)), np.arange(width), **kw)


_NOT_TEXT = ("floating", "integer", "mixed-integer-float", "boolean", "datetime", "date", "time", "timedelta",
             "decimal", "empty")


def blank_cells(cells: np.ndarray, na: np.ndarray | None = None) -> np.ndarray:
    """True for the cells that are blank: None, NaN, '' or only spaces (any Unicode space, e.g. NBSP
    or NEL). The spaces are looked for in the columns holding text, each distinct text once.
    ``na``: ``pd.isna(cells)``, when the caller has it."""
    blank = (pd.isna(cells) if na is None else na) | (cells == "")
    for j in range(cells.shape[1]):
        rest = cells[~blank[:, j], j]
        if not len(rest) or pd.api.types.infer_dtype(rest, skipna=False) in _NOT_TEXT:
            continue
        spaces = [u for u in pd.unique(rest) if isinstance(u, str) and not u.strip()]
        if spaces:
            blank[:, j] |= np.isin(cells[:, j], spaces)
    return blank


def compact(name: str | None, cells: np.ndarray, rows: np.ndarray, cols: np.ndarray, *,
            blank: np.ndarray | None = None, na: np.ndarray | None = None, **kw) -> Grid:
    """Blank out '' and whitespace-only cells, drop completely empty rows and trailing empty columns.

    ``blank``: the reader has already found the blank cells (and set them to None); ``na``:
    ``pd.isna(cells)``, when the reader has it.
    """
    if cells.size and blank is None:
        blank = blank_cells(cells, na)
        if blank.any():
            cells = cells.copy()
            cells[blank] = None
    if cells.size:
        keep = ~blank.all(axis=1)
        if not keep.all():
            cells, rows = cells[keep], rows[keep]
            blank = blank[keep]
            lengths = kw.get("row_lengths")
            if lengths is not None:
                kw["row_lengths"] = lengths[keep]
        used = ~blank.all(axis=0) if len(cells) else np.zeros(cells.shape[1], bool)
        if used.any():
            last = int(np.flatnonzero(used)[-1]) + 1
            cells, cols = cells[:, :last], cols[:last]
        else:
            cells, cols = cells[:, :0], cols[:0]
    if cells.shape[1] == 0:
        cells = np.empty((0, 0), dtype=object)
        rows = rows[:0]
        if kw.get("row_lengths") is not None:
            kw["row_lengths"] = kw["row_lengths"][:0]
    elif blank is not None:
        kw["present"] = ~blank[:, : cells.shape[1]]
    return Grid(name, cells, np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64), **kw)
