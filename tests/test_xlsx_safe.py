"""Text written into xlsxwriter sheets stays text: no formula, no raw XML, whatever it says."""

from __future__ import annotations

import openpyxl
import xlsxwriter

from kpi_cli.xlsx_safe import merge_text, write_text

HOSTILE = ["=HYPERLINK(\"http://x\")", "<r><t>x</t></r>", "<r>", "+cmd|' /C calc'!A0", "@SUM(A1)", "-2+3", "张三"]


def test_hostile_text_reads_back_as_the_same_text(tmp_path):
    path = tmp_path / "t.xlsx"
    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False}) as wb:
        ws = wb.add_worksheet("S")
        bold = wb.add_format({"bold": True})
        for r, text in enumerate(HOSTILE):
            write_text(ws, r, 0, text)
            write_text(ws, r, 1, text, bold)
        merge_text(ws, len(HOSTILE), 0, 2, "<r><t>merged</t></r>", bold)
    ws = openpyxl.load_workbook(path)["S"]
    for r, text in enumerate(HOSTILE, start=1):
        for c in (1, 2):
            cell = ws.cell(r, c)
            assert (cell.value, cell.data_type) == (text, "s"), (r, c)
    merged = ws.cell(len(HOSTILE) + 1, 1)
    assert merged.value == "<r><t>merged</t></r>" and f"A{len(HOSTILE) + 1}:C{len(HOSTILE) + 1}" in ws.merged_cells
