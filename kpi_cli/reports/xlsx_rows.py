"""A faster row writer for xlsxwriter's constant-memory mode, with byte-identical output.

In constant-memory mode xlsxwriter writes each finished row cell by cell: every cell builds an
attribute list, escapes each attribute (an integer style index goes through a regular
expression that raises and catches a TypeError), and makes its own small write to a read/write
text file. For the Excel report of 100,000 employees (about 4.8 million cells) that was most of
the run time (stock: 18 s; with whole rows: 8.5 s; with blocks of rows about 0.6 × that, see
benchmarks/README.md).

:class:`FastRowWorksheet` (built by :func:`worksheet_class`) changes three things, all invisible
in the file:

- ``put_table(row0, columns, n, write_row)`` writes a table's rows in blocks: each column's cells
  become their XML in one pass over the column (a comprehension, not a call per cell), the rows
  are joined and written at once; a row holding any cell that needs xlsxwriter's own code goes
  to ``write_row``, and the formats get their style indices in the order row-by-row writing
  gives them (so styles.xml is the same);
- ``put_row(row, cells)`` stores a whole row of cell tuples at once instead of one call (and one
  bounds check) per cell;
- a finished row's plain numbers and plain strings (nothing XML or Excel would escape, no edge
  whitespace, an explicit format or none inherited) are written as one string, exactly as
  xlsxwriter writes them; every other cell (blanks, rich strings, formulas, text needing
  escapes, a cell inheriting a row or column format) goes to xlsxwriter's own ``_write_cell``,
  in column order.

It relies on xlsxwriter's internals, so it is used only where it was checked to write the same
bytes, and everything it touches is checked before it is used:

- the xlsxwriter release must be in :data:`SUPPORTED` (3.3.x: ``row_info`` with ``RowInfo``
  rows; 3.2.x kept row properties in ``set_rows`` lists and is written by the stock class);
- the module must have the cell namedtuples with the fields the report builds
  (:data:`_TUPLES`), the Worksheet the methods it calls or overrides (:data:`_METHODS`,
  ``_write_row`` taking ``row_info``), and each new sheet the attributes it reads
  (:data:`_ATTRIBUTES`) — otherwise :func:`worksheet_class` returns None (use the stock
  Worksheet) or the sheet writes every row the stock way;
- any exception inside the fast path (a row is built in a buffer before anything reaches the
  file) makes that sheet fall back to xlsxwriter's own code for the failed row and every later
  one, so the file is still complete and correct.

``KPI_XLSX_STOCK=1`` in the environment forces the stock class (to compare outputs or times).
tests/test_report_xlsx_rows.py checks that both write the same bytes, and the fallbacks.
"""

from __future__ import annotations

import inspect
import io
import os
import re
from functools import lru_cache

from kpi_cli.cells import column_letter

# xlsxwriter releases (major, minor) whose internals the fast path was checked against.
SUPPORTED = ((3, 3),)
# The cell namedtuples and the fields the report builds them with (ws.Number(v, fmt) …).
_TUPLES = {
    "CellNumberTuple": ("number", "format"),
    "CellStringTuple": ("string", "format"),
    "CellBlankTuple": ("format",),
}
# Worksheet methods called or overridden.
_METHODS = ("_write_single_row", "_write_row", "_write_cell", "_check_dimensions")
# Attributes of a worksheet read by the fast path (checked on each new sheet).
_ATTRIBUTES = ("table", "previous_row", "constant_memory", "row_info", "col_info", "comments",
               "dim_colmin", "dim_colmax", "fh")

# A string needs xlsxwriter's own path when it has XML specials, control characters, an
# _xHHHH_ sequence (escaped by Excel), or leading/trailing whitespace (xml:space="preserve").
_NEEDS_STOCK = re.compile(r"[&<>\x00-\x08\x0b-\x1f]|_x[0-9a-fA-F]{4}_|^\s|\s$")
_COLUMN_NAMES = 256  # column letters computed once; further columns are named on the fly


def worksheet_class():
    """The FastRowWorksheet class for ``Workbook.add_worksheet(worksheet_class=…)``, or None."""
    if os.environ.get("KPI_XLSX_STOCK") == "1":
        return None
    return _fast_class()


def supported_version(version: str) -> bool:
    """Whether the fast path was checked against this xlsxwriter version ('3.3.1' → True)."""
    parts = str(version).split(".")
    try:
        return (int(parts[0]), int(parts[1])) in SUPPORTED
    except (IndexError, ValueError):
        return False


def _usable(xlsxwriter, xw) -> bool:
    """Everything the fast class needs from xlsxwriter's module and Worksheet class is there."""
    if not supported_version(getattr(xlsxwriter, "__version__", "")):
        return False
    for name, fields in _TUPLES.items():
        if getattr(getattr(xw, name, None), "_fields", None) != fields:
            return False
    base = getattr(xw, "Worksheet", None)
    if base is None or not all(callable(getattr(base, n, None)) for n in _METHODS):
        return False
    row_info = getattr(xw, "RowInfo", None)
    if row_info is None or not hasattr(row_info(), "row_format"):
        return False
    try:
        params = list(inspect.signature(base._write_row).parameters)
    except (TypeError, ValueError):
        return False
    return params[:4] == ["self", "row", "spans", "row_info"]


@lru_cache(maxsize=1)
def _fast_class():
    try:
        import xlsxwriter
        from xlsxwriter import worksheet as xw
    except ImportError:  # pragma: no cover - xlsxwriter is a dependency
        return None
    try:
        if not _usable(xlsxwriter, xw):
            return None
    except Exception:  # an xlsxwriter unlike any checked: the stock writer
        return None
    number_type, string_type = xw.CellNumberTuple, xw.CellStringTuple
    needs_stock = _NEEDS_STOCK.search
    names = [column_letter(c) for c in range(_COLUMN_NAMES)]

    class FastRowWorksheet(xw.Worksheet):
        """xlsxwriter's Worksheet with whole-row storing and one write per finished row."""

        Number = number_type
        String = string_type
        Blank = xw.CellBlankTuple

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._kpi_xf: dict[int, str] = {}  # id(format) → ' s="index"'; formats live as long as the workbook
            self._kpi_buf = io.StringIO()
            # False: this sheet writes every row the stock way (an attribute missing, or the
            # fast path failed once).
            self._kpi_fast = all(hasattr(self, n) for n in _ATTRIBUTES)

        def put_row(self, row: int, cells: dict) -> bool:
            """Store a row of cell tuples (column → Number/String/Blank) at once.

            The same as _write_number/_write_string/_write_blank cell by cell, for finite numbers
            and strings within Excel's length limit (the caller checks both), without the
            per-cell checks. False when the row is outside the sheet or already written, or the
            fast path is off for this sheet: the caller then writes the row's cells one by one
            (cells this call stored are written again, the same) and xlsxwriter decides.
            """
            if not self._kpi_fast:
                return False
            if not cells:
                return True
            try:
                if self._check_dimensions(row, min(cells)) or self._check_dimensions(row, max(cells)):
                    return False
                if self.constant_memory and row > self.previous_row:
                    self._write_single_row(row)
                self.table[row].update(cells)
            except Exception:
                self._kpi_fast = False
                return False
            return True

        def put_table(self, row0: int, columns: list, n: int, write_row) -> bool:
            """Write ``n`` rows of ``columns`` from ``row0``, many rows per write to the file.

            ``columns``: (kind, values, fmt, cell_formats) as kpi_cli.reports.xlsx_table.Column
            holds them, every ``fmt`` a Format. Each cell becomes the XML xlsxwriter would write for
            it; a row with any cell the fast path leaves to xlsxwriter (see ``put_row``) is handed
            to ``write_row(i)``, which writes row ``row0 + i`` one row at a time. Formats get their
            style index in the order row-by-row writing would give them. False, with nothing
            written, when the sheet cannot take the table this way (the caller writes it row by
            row); an exception while building a block hands the rest to ``write_row``.
            """
            if not (self._kpi_fast and self.constant_memory) or n <= 0 or row0 <= self.previous_row:
                return False
            if row0 + n > self.xls_rowmax or len(columns) > min(self.xls_colmax, _COLUMN_NAMES):
                return False
            if any(fmt is None for _, _, fmt, _ in columns):
                return False  # a cell without its own format may inherit the column's: xlsxwriter decides
            try:
                buf = io.StringIO()
                fh, self.fh = self.fh, buf
                try:
                    self._write_row(row0, None)
                finally:
                    self.fh = fh
                if buf.getvalue() != f'<row r="{row0 + 1}">':
                    return False
                formats = _first_formats(columns, n)
            except Exception:
                return False
            # The row before the table first (its last header row): its cells' formats get their
            # style index before the table's.
            self._write_single_row(row0)
            try:
                for fmt in formats:
                    fmt._get_xf_index()
            except Exception:
                self._kpi_fast = False
                return False
            i = 0
            while i < n:
                end = min(n, i + _BLOCK)
                try:
                    rows, slow, used = _table_block(columns, row0, i, end, self.row_info, self.comments)
                except Exception:
                    self._kpi_fast = False
                    for k in range(i, n):
                        write_row(k)
                    return True
                if used:  # before the rows are written: xlsxwriter stops counting rows behind it
                    self._check_dimensions(row0 + used[0], used[2])
                    self._check_dimensions(row0 + used[1], used[3])
                at = i
                for k in slow + [end]:
                    if k > at:  # rows at..k-1 as prepared
                        self._write_single_row(row0 + at)  # a row left to write_row before them
                        self.fh.write("".join(rows[at - i:k - i]))
                        self.previous_row = row0 + k - 1
                    if k < end:
                        write_row(k)
                        at = k + 1
                i = end
            return True

        def _write_single_row(self, current_row_num=0):
            row_num = self.previous_row
            if self._kpi_fast and self.constant_memory and row_num not in self.comments:
                cells = self.table.get(row_num)
                if cells:
                    fh, buf = self.fh, self._kpi_buf
                    buf.seek(0)
                    buf.truncate()
                    try:
                        self.fh = buf  # xlsxwriter's own writers below write here too
                        self._kpi_row(row_num, cells)
                    except Exception:
                        self._kpi_fast = False  # nothing reached the file: xlsxwriter writes the row
                    else:
                        self.fh = fh
                        fh.write(buf.getvalue())
                        self.previous_row = current_row_num
                        self.table.clear()
                        return
                    finally:
                        self.fh = fh
            return super()._write_single_row(current_row_num)

        def _kpi_row(self, row_num: int, cells: dict) -> None:
            """The row's XML, as xlsxwriter's _write_single_row writes it, into self.fh."""
            row_info = self.row_info.get(row_num)
            if row_info is None:
                self._write_row(row_num, None)
            else:
                self._write_row(row_num, None, row_info)
            inherits = (row_info is not None and row_info.row_format is not None, self.col_info)
            xf = self._kpi_xf
            suffix = str(row_num + 1)
            parts: list[str] = []
            write = self.fh.write
            for col in range(self.dim_colmin, self.dim_colmax + 1):
                cell = cells.get(col)
                if cell is None:
                    continue
                kind = type(cell)
                fast = kind is number_type or (kind is string_type and not needs_stock(cell[0]))
                fmt = cell[1] if fast else None
                if fast and fmt is None and (inherits[0] or col in inherits[1]):
                    fast = False  # a row or column format applies: xlsxwriter's own code decides
                if not fast:
                    if parts:
                        write("".join(parts))
                        parts.clear()
                    self._write_cell(row_num, col, cell)
                    continue
                if fmt is None:
                    s = ""
                else:
                    s = xf.get(id(fmt))
                    if s is None:
                        s = xf[id(fmt)] = f' s="{fmt._get_xf_index()}"'
                ref = names[col] if col < _COLUMN_NAMES else column_letter(col)
                if kind is number_type:
                    parts.append(f'<c r="{ref}{suffix}"{s}><v>{cell[0]:.16G}</v></c>')
                else:
                    parts.append(f'<c r="{ref}{suffix}"{s} t="inlineStr"><is><t>{cell[0]}</t></is></c>')
            parts.append("</row>")
            write("".join(parts))

    return FastRowWorksheet


_BLOCK = 8192  # rows prepared at once by put_table (bounds the memory of the prepared XML)
# _NEEDS_STOCK in parts, searched over a whole column's text at once
_SPECIAL_CHAR = re.compile(r"[&<>\x00-\x08\x0b-\x1f]")
_ESCAPED = re.compile(r"_x[0-9a-fA-F]{4}_")
_LONG = 8000  # longer text goes through xlsxwriter's own checks (its limit is 32,767)


def _style(fmt) -> str:
    """The style attribute of a cell with this format, as xlsxwriter writes it."""
    index = fmt._get_xf_index()
    return f' s="{index}"' if index else ""


def _first_formats(columns: list, n: int) -> list:
    """The formats of the written cells of a table, in the order row-by-row writing meets them."""
    seen: dict[int, tuple[int, int, object]] = {}
    for j, (_kind, values, fmt, cell_formats) in enumerate(columns):
        cells = [None] * n if cell_formats is None else cell_formats[:n]
        found = []
        plain = next((i for i, (v, c) in enumerate(zip(values[:n], cells))
                      if (c is None or c is fmt) and v is not None and v != ""), None)
        if plain is not None:
            found.append((plain, fmt))
        if cell_formats is not None:
            found += [(cells.index(c), c) for c in {id(c): c for c in cells if c is not None and c is not fmt}.values()]
        for first, c in found:
            if id(c) not in seen or (first, j) < seen[id(c)][:2]:
                seen[id(c)] = (first, j, c)
    return [c for _, _, c in sorted(seen.values(), key=lambda x: x[:2])]


def _table_block(columns: list, row0: int, start: int, end: int, row_info, comments):
    """The XML of rows start..end-1 of a table (one string per row, '' for a row without cells),
    the rows to leave to xlsxwriter (sorted), and (first row, last row, first column, last
    column) of the cells written here, or None."""
    nums = [str(row0 + i + 1) for i in range(start, end)]
    slow = {r - row0 - start for r in (*row_info, *comments) if row0 + start <= r < row0 + end}
    frag_cols = []
    filled = []
    for j, (kind, values, fmt, cell_formats) in enumerate(columns):
        ref = column_letter(j)
        vals = values[start:end]
        if kind != "number":
            slow.update(_text_to_leave(vals, kind))
        xs = _style(fmt)
        if kind == "text":
            frags = ["" if v is None or v == "" else f'<c r="{ref}{r}"{xs} t="inlineStr"><is><t>{v}</t></is></c>'
                     for r, v in zip(nums, vals)]
        elif kind == "number":
            frags = ["" if v is None or v == "" else f'<c r="{ref}{r}"{xs}><v>{v:.16G}</v></c>'
                     for r, v in zip(nums, vals)]
        else:
            frags = ["" if v is None or v == "" else (
                f'<c r="{ref}{r}"{xs} t="inlineStr"><is><t>{v}</t></is></c>' if v.__class__ is str
                else f'<c r="{ref}{r}"{xs}><v>{v:.16G}</v></c>') for r, v in zip(nums, vals)]
        if cell_formats is not None:  # the few cells with a format of their own
            cells = cell_formats[start:end]
            for k in [k for k, c in enumerate(cells) if c is not None and c is not fmt]:
                r, v, s = nums[k], vals[k], _style(cells[k])
                if v is None or v == "":
                    frags[k] = f'<c r="{ref}{r}"{s}/>'
                elif kind == "text" or (kind == "mixed" and v.__class__ is str):
                    frags[k] = f'<c r="{ref}{r}"{s} t="inlineStr"><is><t>{v}</t></is></c>'
                else:
                    frags[k] = f'<c r="{ref}{r}"{s}><v>{v:.16G}</v></c>'
        frag_cols.append(frags)
        if any(frags):
            filled.append(j)
    rows = ["" if not xml else f'<row r="{r}">{xml}</row>' for r, xml in zip(nums, map("".join, zip(*frag_cols)))]
    probe = "".join(rows)
    if "NAN<" in probe or "INF<" in probe:  # a number that is not finite: xlsxwriter's own path
        for kind, values, _, _ in columns:
            if kind != "text":
                slow.update(k for k, v in enumerate(values[start:end])
                            if v is not None and v.__class__ is not str and v - v != 0)
    for k in slow:
        rows[k] = ""
    written = [k for k in (next((k for k, x in enumerate(rows) if x), None),
                           next((k for k in range(len(rows) - 1, -1, -1) if rows[k]), None)) if k is not None]
    used = (start + written[0], start + written[1], filled[0], filled[-1]) if written else None
    return rows, sorted(start + k for k in slow), used


def _text_to_leave(vals: list, kind: str) -> list[int]:
    """Rows whose text needs xlsxwriter's own code: XML specials, control characters, _xHHHH_, edge
    whitespace, very long. A few passes over the whole column find whether there are any."""
    texts = vals if kind == "text" else [v for v in vals if v.__class__ is str]
    try:
        joined = "".join(texts)
    except TypeError:  # a value that is not text: look at the strings only
        texts = [v for v in vals if v.__class__ is str]
        joined = "".join(texts)
    if not (_SPECIAL_CHAR.search(joined) or ("_x" in joined and _ESCAPED.search(joined))
            or sum(map(len, map(str.strip, texts))) != len(joined)  # whitespace at an edge
            or max(map(len, texts), default=0) > _LONG):
        return []
    return [k for k, v in enumerate(vals) if v.__class__ is str and v and (_NEEDS_STOCK.search(v) or len(v) > _LONG)]
