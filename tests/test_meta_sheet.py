"""kpi_cli.meta_sheet: the hidden _kpi sheet's rows, written as text and read back the same."""

from __future__ import annotations

import openpyxl
import xlsxwriter

from kpi_cli.meta_sheet import META_HEADER, META_SHEET, column_row, measure_field, meta_row, write_meta_sheet


def test_rows_of_the_contract():
    assert meta_row("period", "2026-Q3") == ("meta", "", "", "", "period", "2026-Q3")
    assert measure_field("call_minutes") == "measure:call_minutes"
    assert column_row("客户咨询", "E", "cs_inquiry", measure_field("call_minutes"), "平均每次通话时长") == (
        "column", "客户咨询", "E", "cs_inquiry", "measure:call_minutes", "平均每次通话时长")


def test_written_as_text_blank_values_left_blank(tmp_path):
    rows = [meta_row("generator", "kpi template"), meta_row("period", "2026-Q3"),
            column_row("S", "A", "cs_inquiry", "employee_id", "=工号"),
            column_row("S", "E", "cs_inquiry", measure_field("call_minutes"), "Average call length")]
    path = tmp_path / "m.xlsx"
    with xlsxwriter.Workbook(str(path)) as wb:
        write_meta_sheet(wb.add_worksheet(META_SHEET), rows)
    ws = openpyxl.load_workbook(path)[META_SHEET]
    got = [tuple("" if v is None else v for v in r) for r in ws.iter_rows(values_only=True)]
    assert got == [META_HEADER, *rows]
    assert ws["F4"].data_type == "s" and ws["B2"].value is None  # a header like a formula stays text
