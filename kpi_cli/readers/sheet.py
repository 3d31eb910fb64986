"""One grid (a sheet or a CSV file) → employee records, figures per role, and located problems.

Wide sheets hold one row per employee and a column per measure; long sheets hold one row per
figure (employee, role, measure, value [, period]). Every row with content becomes a record
(long rows are grouped into one record per employee, role and period); a bad cell invalidates
its measure, never the row or the file. The steps live in their own modules: the header
(``layout_header``), the identity columns (``layout_identity``), then the wide or the long
layout (``layout_wide``, ``layout_long``).
"""

from __future__ import annotations

import numpy as np

from kpi_cli.problems import ERROR, WARNING
from kpi_cli.readers.grid import Grid, column_letter
from kpi_cli.readers.layout_header import (
    assign_columns,
    check_header_merges,
    check_required,
    find_header,
    header_texts,
    transposed,
    units_row,
)
from kpi_cli.readers.layout_identity import identity, skip_non_employees
from kpi_cli.readers.layout_long import read_long
from kpi_cli.readers.layout_wide import read_wide
from kpi_cli.readers.sheet_state import SheetContext, SheetData, SheetState, col_pos, empty_records, row_ranges


class SheetReader(SheetState):
    """Reads one grid: header, identity columns, then the wide or the long layout."""

    def read(self) -> SheetData:
        g = self.grid
        self.problems += list(g.problems)
        if g.empty:
            if g.name is not None:  # a CSV file that is empty is reported once, as empty-file
                self.problem("empty-sheet", WARNING)
            return SheetData(empty_records(), {}, {}, self.problems, empty=True)
        hi, targets = find_header(self)
        if transposed(self, sum(t is not None for t in targets)):
            return SheetData(empty_records(), {}, {}, self.problems, recognised=True)
        if hi < 0:
            # A CSV file has no sheet name to show: its own wording.
            self.problem("unrecognised-sheet" if g.name is not None else "unrecognised-header", WARNING, row=int(g.rows[0]),
                         found=", ".join(str(t) for t in header_texts(self, 0) if t)[:200])
            return SheetData(empty_records(), {}, {}, self.problems)
        self.header_row = int(g.rows[hi])
        self.header_pos = hi
        units = units_row(self, hi, targets)
        start = hi + 2 if units else hi + 1  # a units row (单位: 天, %, 次) belongs to the header
        self.set_data(start, g.cells[start:], g.rows[start:],
                      g.row_lengths[start:] if g.row_lengths is not None else None)
        if g.present is not None:  # the reader knows which cells hold something
            self._present = g.present[start:]
        check_header_merges(self)
        columns = assign_columns(self, targets, self.data, units)
        is_long = "measure" in columns and "value" in columns
        for f in ("measure", "value", "unit"):
            if f in columns and not is_long:
                j = columns.pop(f)
                self.problem("unknown-column", WARNING, row=self.header_row, j=j)
        self.columns = columns
        check_required(self, is_long)
        skip_non_employees(self)
        if not len(self.data):
            self.problem("header-only", WARNING, row=self.header_row)
            return SheetData(empty_records(), {}, {}, self.problems, "long" if is_long else "wide", True)
        self.check_layout()
        ident = identity(self)
        if is_long:
            return read_long(self, ident)
        return read_wide(self, ident)


    def check_layout(self) -> None:
        g = self.grid
        hidden = [int(r) for r in np.intersect1d(np.asarray(g.hidden_rows, dtype=np.int64), self.data_rows)] if g.hidden_rows else []
        if hidden:
            self.problem("hidden-rows", WARNING, row=hidden[0], rows=row_ranges(hidden), count=len(hidden))
        used = {int(g.cols[j]) for j in self.header_names if self.header_names[j] is not None or j in self.measure_cols}
        hidden_cols = [c for c in g.hidden_cols if c in used]
        if hidden_cols:
            j = col_pos(g, hidden_cols[0])
            self.problem("hidden-columns", WARNING, row=self.header_row, j=j,
                         columns=", ".join(column_letter(c) for c in hidden_cols[:20]), count=len(hidden_cols))
        if g.hidden:
            self.problem("hidden-sheet", WARNING)
        if g.row_lengths is not None:
            lengths = self.row_lengths
            expected = int(g.row_lengths[self.header_pos])
            extra_used = np.zeros(len(self.data), bool)
            if self.data.shape[1] > expected:
                extra_used = self.present[:, expected:].any(axis=1)
            # Fewer fields: the missing ones are blanks. More, with something in them: as many as most
            # rows have, columns the header does not name; more than most rows, a separator inside
            # an unquoted value (2,6 for 2.6) that pushed every later figure one column on — not to
            # be scored as read.
            longer = (lengths > expected) & extra_used
            shifted = np.zeros(len(lengths), bool)
            if longer.any():
                sizes, counts = np.unique(lengths, return_counts=True)
                shifted = longer & (lengths > sizes[counts.argmax()])
            for i in np.flatnonzero((lengths < expected) | longer):
                self.problem("extra-fields" if shifted[i] else "ragged-row", ERROR if shifted[i] else WARNING,
                             i=self.offset + int(i), found=int(lengths[i]), expected=expected)
        # Merged cells in the data area: their value was spread over the rows they cover.
        # 部门 (or 岗位, 期间) merged down the rows it applies to is how such tables are drawn: no warning.
        grouping = {int(g.cols[self.columns[f]]) for f in ("department", "role", "period") if f in self.columns}
        spread = [m for m in g.merged if m[2] > m[0] and m[0] > self.header_row
                  and not (m[1] == m[3] and m[1] in grouping)]
        if spread:
            r0, c0, r1, c1 = spread[0]
            self.problem("merged-cells", WARNING, row=r0, j=col_pos(g, c0),
                         ranges=", ".join(f"{column_letter(a)}{b}:{column_letter(c)}{d}" for b, a, d, c in spread[:10]))


def read_grid(grid: Grid, ctx: SheetContext) -> SheetData:
    """Read one sheet or CSV grid; never raises for bad data."""
    return SheetReader(grid, ctx).read()
