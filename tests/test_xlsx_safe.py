"""kpi_cli/xlsx_safe.py: the one sheet-name cleaner (report, template, benchmarks) and text cells
written into xlsxwriter sheets that stay text (no formula, no raw XML, whatever they say)."""

from __future__ import annotations

import dataclasses

import openpyxl
import pytest
import xlsxwriter

from kpi_cli.xlsx_safe import MAX_SHEET_NAME, merge_text, sheet_key, sheet_name, write_text

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


def _utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


@pytest.mark.parametrize(("text", "expected"), [
    ("Customer Inquiry", "Customer Inquiry"),
    ("a[b]:c*?/\\d", "a_b__c____d"),
    ("'quoted'", "quoted"),
    ("  ' spaced and quoted ' ", "spaced and quoted"),
    ("''''", "Sheet"),
    ("", "Sheet"),
    (None, "Sheet"),
    ("   ", "Sheet"),
    ("tab\there\nand\x00nul\x7f", "tabhereandnul"),
    ("客户服务部：一线/二线", "客户服务部：一线_二线"),  # the full-width colon is allowed, '/' is not
    # the 31st character an apostrophe: cut to 31, the edge apostrophe goes (issue 14)
    ("x" * 30 + "'s team", "x" * 30),
    ("Head of Customer Service Teams' Quality", "Head of Customer Service Teams"),
    ("y" * 29 + " 'abc", "y" * 29),  # cut leaves "… '": space and apostrophe both go
    ("x" * 40, "x" * 31),
    ("😀" * 20, "😀" * 15),  # an emoji is 2 UTF-16 units: 15 of them are 30
    ("a" + "😀" * 15, "a" + "😀" * 15),  # exactly 31 units
    ("ab" + "😀" * 15, "ab" + "😀" * 14),  # 32 units: the last emoji does not fit, and is not split
])
def test_sheet_name_is_one_excel_accepts(text, expected):
    name = sheet_name(text, set())
    assert name == expected
    assert 1 <= _utf16(name) <= MAX_SHEET_NAME
    assert not any(c in name for c in "[]:*?/\\") and name[0] != "'" and name[-1] != "'"


def test_sheet_names_are_unique_after_cutting_and_ignoring_case_and_width():
    taken: set[str] = set()
    long = "Regional Customer Service Manager North"  # 39 characters, the same first 31 twice
    assert sheet_name(long, taken) == long[:31]
    assert sheet_name(long + " South", taken) == long[:27] + " (2)"
    assert sheet_name(long[:31], taken) == long[:27] + " (3)"
    assert sheet_name("BUYER", taken) == "BUYER"
    assert sheet_name("buyer", taken) == "buyer (2)"
    assert sheet_name("ＢＵＹＥＲ", taken) == "ＢＵＹＥＲ (3)"  # full-width letters: the same name
    assert sheet_name("History", taken) == "History (2)"  # reserved by Excel
    assert sheet_name("x" * 26 + "'" + "yyyy", taken) == "x" * 26 + "'yyyy"
    assert sheet_name("x" * 26 + "'" + "yyyy", taken) == "x" * 26 + " (2)"  # no "…' (2)": cut, then cleaned
    assert len(taken) == 9 and all(_utf16(sheet_key(n)) <= 31 for n in taken)


def test_a_name_taken_beforehand_is_not_reused():
    taken = {sheet_key("_kpi")}
    assert sheet_name("_KPI", taken) == "_KPI (2)"


def test_every_cleaned_name_is_accepted_by_xlsxwriter(tmp_path):
    import xlsxwriter

    texts = ["x" * 30 + "'s team", "'", "a/b", "History", "history", "😀" * 40, "", None, "History (2)",
             "y" * 31, "y" * 32, "Y" * 33, "[x]", "x:y", "x?", "x*", "\\", "tab\t"]
    taken: set[str] = set()
    with xlsxwriter.Workbook(str(tmp_path / "names.xlsx")) as wb:
        for text in texts:
            wb.add_worksheet(sheet_name(text, taken))  # raises InvalidWorksheetName/DuplicateWorksheetName
    assert len(taken) == len(texts)


def test_report_and_template_sheets_for_a_role_whose_31st_character_is_an_apostrophe(tmp_path, catalogue):
    """Issue 14: such a name_en passed `kpi catalogue check` and crashed the Excel report."""
    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.reports.template_workbook import write_workbook
    from test_report_excel import GENERATED, make_result

    name = "Senior Customer Inquiry Agents' Desk"
    assert name[30] == "'"
    roles = tuple(dataclasses.replace(r, name_en=name) if r.code == "cs_inquiry" else r for r in catalogue.roles)
    cat = dataclasses.replace(catalogue, roles=roles, _by_code={}, _by_label={})
    result = make_result(cat)
    openpyxl = pytest.importorskip("openpyxl")
    report = write_excel_report(result, tmp_path / "report.xlsx", lang="en", generated_at=GENERATED)
    assert "Senior Customer Inquiry Agents" in openpyxl.load_workbook(report).sheetnames
    template = tmp_path / "template.xlsx"
    write_workbook(template, cat, [cat.role("cs_inquiry")], lang="en")
    assert "Senior Customer Inquiry Agents" in openpyxl.load_workbook(template).sheetnames
