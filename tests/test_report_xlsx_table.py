"""The one table writer (kpi_cli/reports/xlsx_table.py): the same cells through the fast and the
stock worksheet, text never a formula, numbers numbers, per-cell formats, printable sheets."""

from __future__ import annotations

import datetime

import openpyxl
import pytest

from kpi_cli.reports.xlsx_rows import worksheet_class
from kpi_cli.reports.xlsx_table import Column, colour_scale, equal_rules, new_sheet, write_header, write_heads, write_rows

TEXTS = ["Ann", "=SUM(A1:A2)", "<r>x</r>", "", None, "x" * 9000, "a & b", " edge "]
NUMBERS = [1.5, None, 0, float("nan"), 95.0, 1e20, -3, 7]
MIXED = [1, "not a number", None, "", 2.5, "<r>y</r>", float("inf"), 0]


def _write(path, fast: bool) -> None:
    import xlsxwriter

    with xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False,
                                          "nan_inf_to_errors": True}) as wb:
        wb.set_properties({"created": datetime.datetime(2026, 1, 1)})
        head, red, one = wb.add_format({"bold": True}), wb.add_format({"font_color": "#FF0000"}), wb.add_format(
            {"num_format": "0.0"})
        plain = wb.add_format({"valign": "top"})
        taken: set[str] = set()
        ws = new_sheet(wb, "Data & more", taken, "Report & Co", header_rows=1,
                       worksheet_class=worksheet_class() if fast else None)
        cols = [
            Column("name", "text", TEXTS, plain, 20),
            Column("total", "number", NUMBERS, one, 8, [red, None, red, None, None, None, None, red]),
            Column("figure", "mixed", MIXED, plain, 9),
        ]
        write_header(ws, 0, cols, head)
        equal_rules(ws, 1, len(TEXTS), 0, [('say "hi"', red)])
        colour_scale(ws, 1, len(TEXTS), 1)
        write_rows(ws, 1, cols, len(TEXTS))
        other = new_sheet(wb, "data & MORE", taken, "t", header_rows=0)
        write_heads(other, 0, [("a", 5, head), ("b", 7, None)])
        # a block of plain rows (written as prepared XML by the fast worksheet) with a few that are
        # not: the header's format is met first, then the table's in row order
        big = new_sheet(wb, "Big", taken, "t", worksheet_class=worksheet_class() if fast else None)
        late = wb.add_format({"italic": True})
        n = 20_000
        rows = [
            Column("id", "text", [f"E{i}" if i % 997 else " spaced" for i in range(n)], plain, 8),
            Column("x", "number", [None if i % 13 == 0 else i / 7 for i in range(n)], one, 8,
                   [late if i == 15_000 else (red if i % 101 == 0 else None) for i in range(n)]),
            Column("y", "mixed", ["a & b" if i == 9_000 else i for i in range(n)], plain, 8),
        ]
        big.set_row(1234, 30)
        write_header(big, 0, rows, wb.add_format({"underline": True}))
        write_rows(big, 1, rows, n)


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    folder = tmp_path_factory.mktemp("table")
    _write(folder / "fast.xlsx", True)
    _write(folder / "stock.xlsx", False)
    return folder


def test_fast_and_stock_rows_write_the_same_bytes(books):
    if worksheet_class() is None:
        pytest.skip("xlsxwriter release without the fast row writer")
    assert (books / "fast.xlsx").read_bytes() == (books / "stock.xlsx").read_bytes()


def test_cells_read_back(books):
    wb = openpyxl.load_workbook(books / "fast.xlsx")
    assert wb.sheetnames == ["Data & more", "data & MORE (2)", "Big"]
    ws = wb["Data & more"]
    rows = [[(c.value, c.data_type) for c in row] for row in ws.iter_rows(min_row=2, max_col=3)]
    assert rows[0] == [("Ann", "s"), (1.5, "n"), (1, "n")]
    assert rows[1] == [("=SUM(A1:A2)", "s"), (None, "n"), ("not a number", "s")]  # text stays text
    assert rows[2][0] == ("<r>x</r>", "s") and rows[2][1] == (0, "n")
    assert rows[3][1] == ("=#NUM!", "f") and rows[6][2] == ("=1/0", "f")  # NaN, inf: xlsxwriter's own path
    assert rows[5][0] == ("x" * 9000, "s") and rows[5][2] == ("<r>y</r>", "s")
    assert rows[7][0] == (" edge ", "s") and rows[7][1] == (7, "n")
    # per-cell formats: red where given, the column's format elsewhere; a blank cell with its own format stays
    red = [r for r in range(2, 10) if ws.cell(r, 2).font.color is not None and ws.cell(r, 2).font.color.rgb == "FFFF0000"]
    assert red == [2, 4, 9]
    assert ws.cell(6, 2).number_format == "0.0" and ws.cell(3, 2).value is None
    assert ws.column_dimensions["A"].width == pytest.approx(20.71, abs=0.01)
    assert ws.print_title_rows == "$1:$1" and ws.oddHeader.left.text == "Report && Co"
    assert ws.oddHeader.right.text == "Data && more"
    assert [r.formula for rules in ws.conditional_formatting for r in rules.rules][:1] == [['"say ""hi"""']]
    assert [c.value for c in wb["data & MORE (2)"][1]] == ["a", "b"]


def test_a_block_of_rows_reads_back(books):
    ws = openpyxl.load_workbook(books / "fast.xlsx", read_only=True)["Big"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 20_000
    assert rows[0] == (" spaced", None, 0) and rows[1] == ("E1", pytest.approx(1 / 7), 1)
    assert rows[9_000] == ("E9000", pytest.approx(9_000 / 7), "a & b")
    assert rows[19_999] == ("E19999", pytest.approx(19_999 / 7), 19_999)


def test_a_failing_block_hands_its_rows_to_the_row_writer(books, tmp_path, monkeypatch):
    """Any exception while a block is prepared: that block and the rest are written row by row."""
    if worksheet_class() is None:
        pytest.skip("xlsxwriter release without the fast row writer")
    from kpi_cli.reports import xlsx_rows

    real, calls = xlsx_rows._table_block, []

    def fail_second(*args):
        calls.append(args[2])
        if len(calls) == 3:  # the big table's second block
            raise MemoryError("no room")
        return real(*args)

    monkeypatch.setattr(xlsx_rows, "_table_block", fail_second)
    _write(tmp_path / "failed.xlsx", True)
    assert calls == [0, 0, xlsx_rows._BLOCK]  # the Data table, then the big one
    assert (tmp_path / "failed.xlsx").read_bytes() == (books / "stock.xlsx").read_bytes()
