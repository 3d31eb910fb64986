"""The one table writer of kpi's xlsxwriter workbooks: printable sheets, header rows, column widths,
data rows (text always as text, numbers as numbers) and the conditional formats of a column.

Every sheet of the Excel report is written through it; the rows go through the faster row writer of
:mod:`kpi_cli.reports.xlsx_rows` when xlsxwriter is a checked release, and through xlsxwriter's own
cell writers otherwise (or for any cell the fast path leaves to them), with the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from kpi_cli.xlsx_safe import sheet_name, write_text


@dataclass
class Column:
    """One column of a table: header, kind, one value per row, format and width.

    ``kind``: 'text' (every value written as a string), 'number', or 'mixed' (a figure column
    where some cells hold text: numbers as numbers, str values as strings). None or '' is an
    empty cell. ``cell_formats``: one format per row overriding ``fmt`` (None in it = ``fmt``).
    """

    header: str
    kind: str
    values: list
    fmt: Any = None
    width: float = 12
    cell_formats: list | None = None


def new_sheet(wb, name: str, taken: set[str], page_title: str, header_rows: int = 1, worksheet_class=None):
    """A new sheet named from ``name`` (unique within ``taken``), set up to print: A4 landscape,
    one page wide, the first ``header_rows`` rows on every page, ``page_title`` at the top left
    and the sheet's name at the top right of each page, page numbers at the bottom."""
    ws = wb.add_worksheet(sheet_name(name, taken), worksheet_class=worksheet_class)
    ws.set_paper(9)
    ws.set_landscape()
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 0)
    if header_rows:
        ws.repeat_rows(0, header_rows - 1)
    ws.set_header(f"&L{page_title.replace('&', '&&')}&R{ws.get_name().replace('&', '&&')}")
    ws.set_footer("&C&P / &N")
    return ws


def write_header(ws, row: int, cols: list[Column], fmt) -> None:
    """The columns' headers in ``row`` (as text), each column set to its width."""
    for j, c in enumerate(cols):
        write_text(ws, row, j, c.header, fmt)
        ws.set_column(j, j, c.width)


def write_heads(ws, row: int, heads: list[tuple[str, float, Any]]) -> None:
    """A header row given as (text, width, format) per column, from column 0."""
    for j, (head, width, fmt) in enumerate(heads):
        write_text(ws, row, j, head, fmt)
        ws.set_column(j, j, width)


def equal_rules(ws, first_row: int, last_row: int, col: int, rules: list[tuple[str, Any]]) -> None:
    """Conditional formats of one column: a cell whose text equals ``text`` gets ``fmt``."""
    for text, fmt in rules:
        value = '"' + text.replace('"', '""') + '"'
        ws.conditional_format(first_row, col, last_row, col,
                              {"type": "cell", "criteria": "==", "value": value, "format": fmt})


def colour_scale(ws, first_row: int, last_row: int, col: int) -> None:
    """Red → yellow → green over a column's numbers (the median yellow)."""
    ws.conditional_format(first_row, col, last_row, col, {
        "type": "3_color_scale",
        "min_color": "#F8696B", "mid_color": "#FFEB84", "max_color": "#63BE7B",
        "mid_type": "percentile", "mid_value": 50,
    })


def write_rows(ws, row0: int, cols: list[Column], n: int) -> None:
    """Write ``n`` data rows of ``cols`` from ``row0``, row by row (constant-memory order).

    With the fast worksheet, blocks of rows are written at once (``put_table``) and the rows it
    leaves are written one at a time (``put_row``); with the stock one, cell by cell.
    """
    specs = [(j, c.kind, c.values, c.fmt, c.cell_formats) for j, c in enumerate(cols)]
    if not hasattr(ws, "put_row"):
        _stock_rows(ws, row0, specs, n)
        return
    Number, String, Blank = ws.Number, ws.String, ws.Blank

    def write_row(i: int) -> None:
        _fast_row(ws, row0 + i, i, specs, Number, String, Blank)

    columns = [(c.kind, c.values, c.fmt, c.cell_formats) for c in cols]
    if not (hasattr(ws, "put_table") and ws.put_table(row0, columns, n, write_row)):
        for i in range(n):
            write_row(i)


def _stock_rows(ws, row0: int, specs: list, n: int) -> None:
    # The undecorated writers: this loop writes millions of cells for 100,000 employees.
    ws_string = getattr(ws, "_write_string", ws.write_string)
    ws_number = getattr(ws, "_write_number", ws.write_number)
    ws_blank = getattr(ws, "_write_blank", ws.write_blank)
    for i in range(n):
        r = row0 + i
        for j, kind, values, fmt, cell_formats in specs:
            v = values[i]
            cf = fmt if cell_formats is None else (cell_formats[i] or fmt)
            if v is None or v == "":
                if cf is not fmt:
                    ws_blank(r, j, None, cf)
            elif kind == "number" or (kind == "mixed" and not isinstance(v, str)):
                ws_number(r, j, v, cf)
            elif v[:3] == "<r>" and v[-4:] == "</r>":
                write_text(ws, r, j, v, cf)
            else:
                ws_string(r, j, v, cf)


def _fast_row(ws, r: int, i: int, specs: list, Number, String, Blank) -> None:
    """Row ``i`` of the table for the fast worksheet: its cells stored at once (same cells, same order).

    Cells that need xlsxwriter's own checks (NaN or inf, very long or rich-looking text) are
    written one by one after the row is stored, as are all of a row that put_row refuses.
    """
    cells = {}
    slow = []
    for j, kind, values, fmt, cell_formats in specs:
        v = values[i]
        cf = fmt if cell_formats is None else (cell_formats[i] or fmt)
        if v is None or v == "":
            if cf is not fmt and cf is not None:
                cells[j] = Blank(cf)
        elif kind == "number" or (kind == "mixed" and not isinstance(v, str)):
            if v - v == 0:  # finite
                cells[j] = Number(v, cf)
            else:
                slow.append((j, v, cf))
        elif (v[:3] == "<r>" and v[-4:] == "</r>") or len(v) > 8000:
            slow.append((j, v, cf))
        else:
            cells[j] = String(v, cf)
    if not ws.put_row(r, cells):
        slow = sorted(slow + [(j, c[0] if len(c) > 1 else None, c[-1]) for j, c in cells.items()],
                      key=lambda cell: cell[0])
    for j, v, cf in slow:
        if v is None:
            ws.write_blank(r, j, None, cf)
        elif isinstance(v, str):
            write_text(ws, r, j, v, cf)
        else:
            ws.write_number(r, j, v, cf)
