"""Reading input files: encodings, separators, wide and long sheets, headers, `_kpi`, and every file that cannot be read."""

from __future__ import annotations

import datetime as dt
import shutil
import struct
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_cli.errors import UsageError
from kpi_cli.readers import read_inputs
from kpi_cli.readers.files import OLE_MAGIC

INPUT = Path(__file__).parent / "data" / "input"


# --- helpers ------------------------------------------------------------------------------------
def tuples(ds) -> list[tuple]:
    return [p.as_tuple() for p in ds.problems]


def xlsx(path: Path, sheets: dict[str, list[list]], hidden: tuple[str, ...] = (), setup=None) -> Path:
    """A workbook written with openpyxl: one list of rows per sheet (row 1 first)."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    if setup is not None:
        setup(wb)
    wb.save(path)
    return path


def figures(ds, role: str, measure: str) -> list:
    col = ds.values[role][measure]
    return [None if np.isnan(v) else float(v) for v in col]


HEAD = ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "30秒内答复的电话比例", "紧急事件及时报告"]


# --- CSV: encodings and separators ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, encoding, delimiter",
    [
        ("utf8.csv", "utf-8", ","),
        ("utf8_bom.csv", "utf-8-sig", ","),
        ("utf16.csv", "utf-16", ","),
        ("gbk.csv", "gb18030", ","),
        ("gb18030.csv", "gb18030", ","),
        ("semicolon.csv", "utf-8", ";"),
        ("tab.tsv", "utf-8", "\t"),
        ("pipe.txt", "utf-8", "|"),
    ],
)
def test_csv_in_every_encoding_and_separator(catalogue, name, encoding, delimiter):
    ds = read_inputs([INPUT / name], catalogue)
    f = ds.files[0]
    assert (f.encoding, f.delimiter, f.format, f.rows, f.kind) == (encoding, delimiter, "wide", 3, "csv")
    assert list(ds.records["employee_id"]) == ["E1", "E2", "E3"]
    assert list(ds.records["role"]) == ["cs_inquiry", "cs_inquiry", None]
    assert list(ds.records["sheet"]) == [None, None, None]
    assert list(ds.records["row"]) == [2, 3, 4]
    assert figures(ds, "cs_inquiry", "call_minutes") == [8.0, 1234.0]
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [96.0, 95.0]
    assert figures(ds, "cs_inquiry", "emergency_reporting") == [1.0, 0.0]
    assert tuples(ds) == [(4, "D", "unknown-role")]


def test_csv_utf16_without_byte_order_mark(catalogue, tmp_path):
    path = tmp_path / "u16le.csv"
    path.write_bytes((INPUT / "utf8.csv").read_text("utf-8").encode("utf-16-le"))
    ds = read_inputs([path], catalogue)
    assert (ds.files[0].encoding, len(ds.records)) == ("utf-16-le", 3)


def test_encoding_can_be_forced(catalogue):
    ds = read_inputs([INPUT / "gbk.csv"], catalogue, encoding="gbk")
    assert (ds.files[0].encoding, len(ds.records)) == ("gbk", 3)
    wrong = read_inputs([INPUT / "gbk.csv"], catalogue, encoding="utf-8")
    assert wrong.problems[0].as_tuple() == (None, None, "bad-encoding") and wrong.problems[0].is_error


def test_unknown_encoding_name_is_a_usage_error(catalogue):
    with pytest.raises(UsageError):
        read_inputs([INPUT / "utf8.csv"], catalogue, encoding="klingon")


def test_ragged_rows_are_read_and_flagged(catalogue):
    ds = read_inputs([INPUT / "ragged.csv"], catalogue)
    assert tuples(ds) == [(1, "D", "unknown-column"), (2, None, "ragged-row"), (3, None, "extra-fields")]
    assert [p.severity for p in ds.problems] == ["warning", "warning", "error"]
    assert list(ds.records["employee_id"]) == ["E1", "E2", "E3"]
    assert figures(ds, "cs_inquiry", "call_minutes") == [None, 5.0, 5.0]
    assert ds.problems[1].params == {"found": 2, "expected": 3}


# --- wide and long -----------------------------------------------------------------------------------
def test_long_format_is_detected_and_grouped_per_employee(catalogue):
    ds = read_inputs([INPUT / "long.csv"], catalogue)
    assert ds.files[0].format == "long"
    assert ds.records[["employee_id", "name", "role", "period", "row"]].values.tolist() == [
        ["E1", "张三", "cs_inquiry", "2026-07", 2],
        ["E2", "李四", "cs_inquiry", "2026-07", 5],
    ]
    assert figures(ds, "cs_inquiry", "call_minutes") == [8.0, 10.0]
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [96.0, None]
    assert figures(ds, "cs_inquiry", "emergency_reporting") == [1.0, None]
    assert tuples(ds) == [(6, "D", "unknown-measure"), (7, "E", "not-a-number")]
    assert list(ds.invalid["cs_inquiry"]["absences_per_year"]) == [False, True]


def test_long_format_same_figure_twice_is_an_error_on_both(catalogue, tmp_path):
    path = tmp_path / "long.csv"
    path.write_text("员工编号,岗位,指标,数值\nE1,客户咨询,call_minutes,8\nE1,客户咨询,call_minutes,9\nE1,客户咨询,call_minutes,\n")
    ds = read_inputs([path], catalogue)
    assert tuples(ds) == [(2, "D", "duplicate-value"), (3, "D", "duplicate-value")]
    assert figures(ds, "cs_inquiry", "call_minutes") == [None]
    assert list(ds.invalid["cs_inquiry"]["call_minutes"]) == [True]


def test_headers_match_codes_and_names_ignoring_case_spaces_width_and_units(catalogue, tmp_path):
    rows = [
        ["Employee ID", "岗位名称", "CALL_MINUTES", "Share of calls answered within 30 SECONDS", "紧急事件 及时报告",
         "３０秒内答复的电话比例（%）", "Average call length (min)"],
        ["E1", "Customer Inquiry", 8, 0.96, "Y", None, None],
    ]
    ds = read_inputs([xlsx(tmp_path / "h.xlsx", {"data": rows})], catalogue)
    # F and G repeat measures already given by D and C: reported, the first column wins.
    assert tuples(ds) == [(1, "F", "duplicate-column"), (1, "G", "duplicate-column")]
    assert figures(ds, "cs_inquiry", "call_minutes") == [8.0]
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [96.0]
    assert figures(ds, "cs_inquiry", "emergency_reporting") == [1.0]


def test_one_sheet_with_several_roles_maps_columns_per_row(catalogue, tmp_path):
    # call_minutes is a measure of cs_inquiry and cs_representative; the rating only of cs_manager.
    rows = [
        ["工号", "岗位", "平均每次通话时长", "客户满意度评价"],
        ["E1", "客户咨询", 8, None],
        ["E2", "cs_representative", 7, None],
        ["M1", "客户服务管理", None, 4],
        ["E3", "客户咨询", 9, 5],
    ]
    ds = read_inputs([xlsx(tmp_path / "mixed.xlsx", {"全部": rows})], catalogue)
    assert list(ds.records["role"]) == ["cs_inquiry", "cs_representative", "cs_manager", "cs_inquiry"]
    assert figures(ds, "cs_inquiry", "call_minutes") == [8.0, 9.0]
    assert list(ds.values["cs_inquiry"].index) == [0, 3]
    assert figures(ds, "cs_representative", "call_minutes") == [7.0]
    assert figures(ds, "cs_manager", "customer_satisfaction_rating") == [4.0]
    assert tuples(ds) == [(5, "D", "not-for-role")]
    assert not ds.records["has_error"].any()


def test_sheets_in_any_order_and_role_from_the_sheet_name(catalogue, tmp_path):
    path = xlsx(
        tmp_path / "book.xlsx",
        {
            "备注": [["说明"], ["这是备注"]],
            "客户服务管理": [["工号", "客户满意度评价"], ["M1", 4]],
            "客户咨询": [["工号", "平均每次通话时长"], ["E1", 8], ["E2", 10]],
        },
    )
    ds = read_inputs([path], catalogue)
    assert ds.records[["employee_id", "role", "sheet", "row"]].values.tolist() == [
        ["M1", "cs_manager", "客户服务管理", 2],
        ["E1", "cs_inquiry", "客户咨询", 2],
        ["E2", "cs_inquiry", "客户咨询", 3],
    ]
    assert tuples(ds) == [(1, None, "unrecognised-sheet")]
    assert ds.files[0].sheets == ["备注", "客户服务管理", "客户咨询"]


def test_title_rows_above_the_header_are_skipped(catalogue, tmp_path):
    rows = [["2026年第三季度客服部考核"], [], ["工号", "岗位", "平均每次通话时长"], ["E1", "客户咨询", 8]]
    ds = read_inputs([xlsx(tmp_path / "2026-Q3.xlsx", {"S": rows})], catalogue)
    assert ds.records[["employee_id", "row", "period"]].values.tolist() == [["E1", 4, "2026-Q3"]]
    assert tuples(ds) == []


def test_kpi_metadata_maps_a_renamed_header_and_moved_columns(catalogue, tmp_path):
    meta = [
        ["kind", "sheet", "column", "role", "field", "value"],
        ["meta", None, None, None, "generator", "kpi 0.1.0"],
        ["column", "我的表", "A", "cs_inquiry", "employee_id", "工号"],
        ["column", "我的表", "B", "cs_inquiry", "measure:call_minutes", "平均每次通话时长"],
        ["column", "我的表", "C", "cs_inquiry", "measure:emergency_reporting", "紧急事件及时报告"],
        ["column", "我的表", "D", "cs_inquiry", "measure:absences_per_year", "每年缺席次数"],
    ]
    data = [
        # C and D swapped (header text wins); B renamed to something no catalogue knows: refused,
        # since a template whose columns were moved or deleted no longer has each measure at its letter
        ["工号", "通话（分钟/次）", "每年缺席次数", "紧急事件及时报告", "备注"],
        ["E1", 8, 2, "是", "ok"],
    ]
    path = xlsx(tmp_path / "t.xlsx", {"我的表": data, "_kpi": meta}, hidden=("_kpi",))
    ds = read_inputs([path], catalogue)
    assert list(ds.records["role"]) == ["cs_inquiry"]  # no role column: the role comes from _kpi
    assert figures(ds, "cs_inquiry", "call_minutes") == [None]
    assert figures(ds, "cs_inquiry", "absences_per_year") == [2.0]
    assert figures(ds, "cs_inquiry", "emergency_reporting") == [1.0]
    assert tuples(ds) == [(1, "B", "template-header-changed")]  # 备注: a known column that holds no figure
    assert ds.problems[0].severity == "error" and ds.problems[0].value == "通话（分钟/次）"
    assert ds.files[0].sheets == ["我的表"]  # _kpi is never data
    # the template's own header, or any name of the measure, is read at any letter
    data[0][1] = "平均每次通话时长（分钟）"
    ds = read_inputs([xlsx(tmp_path / "t2.xlsx", {"我的表": data, "_kpi": meta}, hidden=("_kpi",))], catalogue)
    assert (figures(ds, "cs_inquiry", "call_minutes"), tuples(ds)) == ([8.0], [])


def test_a_template_whose_columns_were_moved_and_renamed_is_refused_not_read_by_letter(catalogue, tmp_path):
    """The messy-file review's case: two columns of a kpi template swapped and relabelled with
    names kpi does not know. Read by the template's letters, each took the other's figures (exit 0)."""
    meta = [
        ["kind", "sheet", "column", "role", "field", "value"],
        ["column", "客户咨询", "A", "cs_inquiry", "employee_id", "工号"],
        ["column", "客户咨询", "B", "cs_inquiry", "measure:calls_answered_in_30s", "30秒内答复的电话比例"],
        ["column", "客户咨询", "C", "cs_inquiry", "measure:accurate_information_pct", "客户收到准确信息的时间比例"],
    ]
    data = [["工号", "准确率", "30秒接听率"], ["E1", 99, 95]]
    ds = read_inputs([xlsx(tmp_path / "t.xlsx", {"客户咨询": data, "_kpi": meta}, hidden=("_kpi",))], catalogue)
    assert tuples(ds) == [(1, "B", "template-header-changed"), (1, "C", "template-header-changed")]
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [None]
    assert figures(ds, "cs_inquiry", "accurate_information_pct") == [None]


def test_instructions_sheet_is_not_data(catalogue, tmp_path):
    path = xlsx(tmp_path / "t.xlsx", {"填写说明": [["工号", "员工的编号"]], "客户咨询": [["工号", "每年缺席次数"], ["E1", 1]]})
    ds = read_inputs([path], catalogue)
    assert (len(ds.records), tuples(ds), ds.files[0].sheets) == (1, [], ["客户咨询"])


# --- identity problems -----------------------------------------------------------------------------------
def test_duplicate_employees_in_one_period_are_an_error_on_every_copy(catalogue, tmp_path):
    rows = [["工号", "岗位", "每年缺席次数"], ["E1", "客户咨询", 1], ["E2", "客户咨询", 2], ["E1", "客户咨询", 3]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(2, "A", "duplicate-employee"), (4, "A", "duplicate-employee")]
    assert list(ds.records["has_error"]) == [True, False, True]
    assert ds.problems[0].params["others"] == f"{tmp_path / 'a.xlsx'} › S › A4"


def test_same_employee_in_two_periods_is_not_a_duplicate(catalogue, tmp_path):
    a = xlsx(tmp_path / "kpi_2026-07.xlsx", {"S": [["工号", "岗位", "每年缺席次数"], ["E1", "客户咨询", 1]]})
    b = xlsx(tmp_path / "kpi_2026-08.xlsx", {"S": [["工号", "岗位", "每年缺席次数"], ["E1", "客户咨询", 0]]})
    ds = read_inputs([a, b], catalogue)
    assert (list(ds.records["period"]), tuples(ds)) == (["2026-07", "2026-08"], [])
    same = read_inputs([a, a], catalogue)
    assert tuples(same) == [(2, "A", "duplicate-employee"), (2, "A", "duplicate-employee")]


def test_unknown_role_names_close_matches(catalogue, tmp_path):
    rows = [["工号", "岗位", "每年缺席次数"], ["E1", "客服咨询", 1], ["E2", "销售", 1]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(2, "B", "unknown-role"), (3, "B", "unknown-role")]
    assert "客户咨询（cs_inquiry）" in ds.problems[0].message_zh
    assert list(ds.records["role"]) == [None, None] and list(ds.records["role_label"]) == ["客服咨询", "销售"]
    assert ds.records["has_error"].all()


def test_missing_id_column_keeps_every_row(catalogue, tmp_path):
    rows = [["姓名", "岗位", "每年缺席次数"], ["张三", "客户咨询", 1], ["李四", "客户咨询", 2]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(1, None, "missing-column")]
    assert "工号" in ds.problems[0].message_zh
    assert (len(ds.records), ds.records["has_error"].all()) == (2, True)


def test_missing_role_column_and_cells(catalogue, tmp_path):
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": [["工号", "每年缺席次数"], ["E1", 1]]})], catalogue)
    assert tuples(ds) == [(1, None, "missing-column")]
    rows = [["工号", "岗位", "每年缺席次数"], ["E1", None, 1], [None, "客户咨询", 2]]
    ds = read_inputs([xlsx(tmp_path / "b.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(2, "B", "missing-role"), (3, "A", "missing-employee-id")]
    assert list(ds.records["has_error"]) == [True, True]


def test_totals_rows_are_skipped_with_a_warning(catalogue, tmp_path):
    path = tmp_path / "sum.csv"
    path.write_text("工号,姓名,岗位,每年缺席次数\nE1,张三,客户咨询,1\n,合计,,1\nTotal,,,1\n", encoding="utf-8")
    ds = read_inputs([path], catalogue)
    assert [(p.row, p.column, p.type, p.severity) for p in ds.problems] == [
        (3, "B", "summary-row", "warning"), (4, "A", "summary-row", "warning")]
    assert list(ds.records["employee_id"]) == ["E1"]
    assert list(ds.records["has_error"]) == [False]


def test_ids_read_from_numbers_lose_the_decimal_point(catalogue, tmp_path):
    rows = [["工号", "岗位", "每年缺席次数"], [1001, "客户咨询", 1], ["００２", "客户咨询", 1]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert list(ds.records["employee_id"]) == ["1001", "002"]


def test_a_bad_period_cell(catalogue, tmp_path):
    rows = [["工号", "岗位", "期间", "每年缺席次数"], ["E1", "客户咨询", "2026-Q3", 1], ["E2", "客户咨询", "下个月", 1],
            ["E3", "客户咨询", dt.datetime(2026, 7, 1), 1]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert list(ds.records["period"]) == ["2026-Q3", None, "2026-07"]
    assert tuples(ds) == [(3, "C", "bad-period")]


# --- cells of workbooks -------------------------------------------------------------------------------
def test_bad_cells_invalidate_their_measure_only(catalogue, tmp_path):
    rows = [
        HEAD,
        ["E1", "张三", "客服部", "客户咨询", "abc", 96, "maybe"],
        ["E2", "李四", "客服部", "客户咨询", -1, 0.9, "否"],
        ["E3", "王五", "客服部", "客户咨询", dt.date(2026, 7, 1), 101, "是"],
    ]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [
        (2, "E", "not-a-number"),
        (2, "G", "not-yes-no"),
        (3, "E", "out-of-range"),
        (3, "F", "mixed-percent"),
        (4, "E", "not-a-number"),
        (4, "F", "out-of-range"),
    ]
    assert figures(ds, "cs_inquiry", "call_minutes") == [None, None, None]
    assert list(ds.invalid["cs_inquiry"]["call_minutes"]) == [True, True, True]
    assert figures(ds, "cs_inquiry", "emergency_reporting") == [None, 0.0, 1.0]
    assert not ds.records["has_error"].any()
    p = ds.problems[2]
    assert (p.cell, p.column_name, p.employee_id, p.role, p.measure, p.value) == (
        "E3", "平均每次通话时长", "E2", "cs_inquiry", "call_minutes", -1)
    assert "≥ 0" in p.message_en


def test_percent_column_mixing_styles_names_each_fraction_cell(catalogue, tmp_path):
    rows = [HEAD[:4] + ["30秒内答复的电话比例"], ["E1", "", "", "客户咨询", 0.96], ["E2", "", "", "客户咨询", 95],
            ["E3", "", "", "客户咨询", "97%"], ["E4", "", "", "客户咨询", 0.9]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(2, "E", "mixed-percent"), (5, "E", "mixed-percent")]
    assert ds.problems[0].params["read_as"] == "96"
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [96.0, 95.0, 97.0, 90.0]


def test_excel_percent_cells_are_read_by_their_format(catalogue, tmp_path):
    import xlsxwriter

    path = tmp_path / "pct.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    pct = wb.add_format({"num_format": "0.0%"})
    custom = wb.add_format({"num_format": '0.00" pts"'})
    ws.write_row(0, 0, ["工号", "岗位", "30秒内答复的电话比例", "每年缺席次数"])
    ws.write_row(1, 0, ["E1", "客户咨询"])
    ws.write_number(1, 2, 0.953, pct)  # 95.3% typed in Excel
    ws.write_number(1, 3, 1, custom)
    ws.write_row(2, 0, ["E2", "客户咨询", 96, 2])  # a plain number beside it: no warning, both read right
    ws.write_row(3, 0, ["E3", "客户咨询"])
    ws.write_number(3, 2, 1, pct)  # 100%
    wb.close()
    ds = read_inputs([path], catalogue)
    assert (figures(ds, "cs_inquiry", "calls_answered_in_30s"), tuples(ds)) == ([95.3, 96.0, 100.0], [])
    assert figures(ds, "cs_inquiry", "absences_per_year") == [1.0, 2.0, None]


def test_small_changes_stay_as_typed(catalogue, tmp_path):
    # field_service_specialist's uptime_change: target +0.1, excellent +2, floor 0 (percentage points)
    rows = [["工号", "岗位", "现场服务正常运作时间较去年的变化（百分点）"], ["E1", "现场服务专家", -0.9], ["E2", "现场服务专家", 0.3],
            ["E3", "现场服务专家", 1.6]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert (figures(ds, "field_service_specialist", "uptime_change"), tuples(ds)) == ([-0.9, 0.3, 1.6], [])


def test_excel_errors_and_formulas_without_value(catalogue, tmp_path):
    rows = [["工号", "岗位", "每年缺席次数", "每年产生的分歧次数", "解决分歧的平均天数"],
            ["E1", "客户咨询", "#DIV/0!", "=1/0", 3], ["E2", "客户咨询", "#N/A", 2, "=C3*2"]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(2, "C", "excel-error"), (2, "D", "formula-without-value"), (3, "C", "excel-error"),
                          (3, "E", "formula-without-value")]
    assert ds.problems[0].value == "#DIV/0!"
    assert figures(ds, "cs_inquiry", "disagreements_per_year") == [None, 2.0]


@pytest.mark.slow
def test_formula_with_a_cached_value_is_read(catalogue, tmp_path):
    # LibreOffice recalculates and saves the results: convert the openpyxl file through it.
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    src = xlsx(tmp_path / "src.xlsx", {"S": [["工号", "岗位", "每年缺席次数"], ["E1", "客户咨询", "=1+2"]]})
    out = tmp_path / "out"
    subprocess.run([soffice, "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(src)],
                   check=True, capture_output=True, timeout=120)
    ds = read_inputs([out / "src.xlsx"], catalogue)
    assert (figures(ds, "cs_inquiry", "absences_per_year"), tuples(ds)) == ([3.0], [])


def test_hidden_rows_columns_and_sheets_are_read_and_flagged(catalogue, tmp_path):
    def setup(wb):
        ws = wb["S"]
        ws.row_dimensions[3].hidden = True
        ws.row_dimensions[4].hidden = True
        ws.column_dimensions["C"].hidden = True

    rows = [["工号", "岗位", "每年缺席次数"], ["E1", "客户咨询", 1], ["E2", "客户咨询", 2], ["E3", "客户咨询", 3]]
    path = xlsx(tmp_path / "a.xlsx", {"S": rows, "H": [["工号", "岗位"], ["E9", "客户咨询"]]}, hidden=("H",), setup=setup)
    ds = read_inputs([path], catalogue)
    assert list(ds.records["employee_id"]) == ["E1", "E2", "E3", "E9"]
    assert tuples(ds) == [(1, "C", "hidden-columns"), (3, None, "hidden-rows"), (None, None, "hidden-sheet")]
    assert ds.problems[1].params["rows"] == "3–4"


def test_merged_header_and_merged_department_cells(catalogue, tmp_path):
    def setup(wb):
        ws = wb["S"]
        ws.merge_cells("C1:D1")
        ws.merge_cells("E2:E3")

    rows = [["工号", "岗位", "每年缺席次数", None, "部门"], ["E1", "客户咨询", 1, 5, "客服部"], ["E2", "客户咨询", 2, 6, None]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows}, setup=setup)], catalogue)
    assert tuples(ds) == [(1, "C", "merged-header"), (1, "D", "unknown-column")]  # 部门 merged down: as drawn
    assert list(ds.records["department"]) == ["客服部", "客服部"]


def test_long_text_is_flagged(catalogue, tmp_path):
    rows = [["工号", "姓名", "岗位"], ["E1", "名" * 300, "客户咨询"]]
    ds = read_inputs([xlsx(tmp_path / "a.xlsx", {"S": rows})], catalogue)
    assert tuples(ds) == [(2, "B", "long-text")]
    assert len(ds.problems[0].value) == 80


def test_sheet_whose_cells_reach_row_1048576_is_read_sparsely(catalogue, tmp_path):
    import xlsxwriter

    path = tmp_path / "far.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("S")
    ws.write_row(0, 0, ["工号", "岗位", "每年缺席次数"])
    ws.write_row(1, 0, ["E1", "客户咨询", 1])
    ws.write_row(1048575, 0, ["E2", "客户咨询", 2])
    ws.write(5, 16383, "far right")  # column XFD
    wb.close()
    ds = read_inputs([path], catalogue)
    assert ds.records[["employee_id", "row"]].values.tolist() == [["E1", 2], ["E2", 1048576]]
    assert tuples(ds) == [(1, "XFD", "unknown-column"), (6, "XFD", "blank-row")]  # only the unknown column's cell


def test_dimension_claiming_every_row_costs_nothing(catalogue, tmp_path):
    def setup(wb):
        wb["S"]["A1048576"].style = "Percent"  # a formatted but empty last row

    path = xlsx(tmp_path / "a.xlsx", {"S": [["工号", "岗位"], ["E1", "客户咨询"]]}, setup=setup)
    ds = read_inputs([path], catalogue)
    assert (len(ds.records), tuples(ds)) == (1, [])


# --- files that are empty or hold no data ------------------------------------------------------------------
def test_empty_files_sheets_and_header_only(catalogue, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.csv"
    blank.write_bytes(b"\r\n \r\n")
    bom = tmp_path / "bom.csv"
    bom.write_bytes(b"\xff\xfe")
    header = tmp_path / "header.csv"
    header.write_text("工号,岗位,每年缺席次数\n")
    book = xlsx(tmp_path / "book.xlsx", {"A": [], "B": [["工号", "岗位"]]})
    emptybook = xlsx(tmp_path / "emptybook.xlsx", {"A": []})
    nomatch = xlsx(tmp_path / "nomatch.xlsx", {"A": [["名称", "数量"], ["苹果", 3]]})
    ds = read_inputs([empty, blank, bom, header, book, emptybook, nomatch], catalogue)
    assert [(p.file.rsplit("/", 1)[-1], p.sheet, p.row, p.type, p.severity) for p in ds.problems] == [
        ("empty.csv", None, None, "empty-file", "error"),
        ("blank.csv", None, None, "empty-file", "error"),
        ("bom.csv", None, None, "empty-file", "error"),
        ("header.csv", None, None, "no-data", "error"),
        ("header.csv", None, 1, "header-only", "warning"),
        ("book.xlsx", None, None, "no-data", "error"),
        ("book.xlsx", "A", None, "empty-sheet", "warning"),
        ("book.xlsx", "B", 1, "header-only", "warning"),
        ("emptybook.xlsx", None, None, "empty-file", "error"),
        ("emptybook.xlsx", "A", None, "empty-sheet", "warning"),
        ("nomatch.xlsx", None, None, "no-matching-sheet", "error"),
        ("nomatch.xlsx", "A", 1, "unrecognised-sheet", "warning"),
    ]
    assert len(ds.records) == 0


# --- files that cannot be opened ------------------------------------------------------------------------
def _good(tmp_path: Path) -> Path:
    return xlsx(tmp_path / "good.xlsx", {"S": [["工号", "岗位", "每年缺席次数"], ["E1", "客户咨询", 1]]})


def _rezip(src: Path, dst: Path, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = (replace or {}).get(info.filename, zin.read(info.filename))
            zout.writestr(info.filename, data)
        for name, data in (add or {}).items():
            zout.writestr(zipfile.ZipInfo(name), data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    return dst


def _ole(extra: bytes = b"") -> bytes:
    return OLE_MAGIC + b"\x00" * 504 + extra + b"\x00" * 1024


def file_problem(catalogue, path) -> tuple:
    ds = read_inputs([path], catalogue)
    assert len(ds.records) == 0
    return [(p.type, p.severity, p.file == str(path)) for p in ds.problems]


def test_missing_file_and_folder(catalogue, tmp_path):
    assert file_problem(catalogue, tmp_path / "nope.xlsx") == [("file-not-found", "error", True)]
    assert file_problem(catalogue, tmp_path) == [("not-a-file", "error", True)]


def test_unreadable_or_locked_file(catalogue, tmp_path, monkeypatch):
    path = _good(tmp_path)
    real_open = Path.open

    def locked(self, *a, **kw):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", locked)
    ds = read_inputs([path], catalogue)
    assert tuples(ds) == [(None, None, "file-unreadable")]
    assert "Permission denied" in ds.problems[0].message_en


def test_old_xls_and_encrypted_workbooks(catalogue, tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(_ole("Workbook".encode("utf-16-le")))
    assert file_problem(catalogue, xls) == [("xls-not-supported", "error", True)]
    enc = tmp_path / "secret.xlsx"
    enc.write_bytes(_ole("EncryptionInfo".encode("utf-16-le") + b"\x00" * 8 + "EncryptedPackage".encode("utf-16-le")))
    assert file_problem(catalogue, enc) == [("encrypted-workbook", "error", True)]
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(_ole("Workbook".encode("utf-16-le")))
    assert file_problem(catalogue, renamed) == [("xls-not-supported", "error", True)]


def test_files_that_are_not_what_their_name_says(catalogue, tmp_path):
    text = tmp_path / "text.xlsx"
    text.write_text("工号,岗位\nE1,客户咨询\n")
    assert file_problem(catalogue, text) == [("not-an-xlsx", "error", True)]
    assert "text" in read_inputs([text], catalogue).problems[0].message_en
    docx = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert file_problem(catalogue, docx) == [("not-an-xlsx", "error", True)]
    binary = tmp_path / "data.csv"
    shutil.copy(_good(tmp_path), binary)
    assert file_problem(catalogue, binary) == [("not-a-csv", "error", True)]
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    assert file_problem(catalogue, pdf) == [("unsupported-file-type", "error", True)]


def test_xlsx_saved_as_xls_is_read_with_a_warning(catalogue, tmp_path):
    path = tmp_path / "really.xls"
    shutil.copy(_good(tmp_path), path)
    ds = read_inputs([path], catalogue)
    assert (tuples(ds), len(ds.records)) == ([(None, None, "misnamed-file")], 1)


def test_truncated_and_corrupt_workbooks(catalogue, tmp_path):
    data = _good(tmp_path).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert file_problem(catalogue, cut) == [("corrupt-workbook", "error", True)]
    garbled = bytearray(data)
    start = garbled.find(b"xl/worksheets/sheet1.xml") + 40
    garbled[start: start + 200] = b"\xff" * 200  # damage the compressed sheet
    bad = tmp_path / "garbled.xlsx"
    bad.write_bytes(bytes(garbled))
    ds = read_inputs([bad], catalogue)
    assert [p.type for p in ds.problems][0] in ("corrupt-workbook", "corrupt-sheet")
    assert all(p.is_error for p in ds.problems[:1])


def test_zip_bomb_is_refused_before_inflating(catalogue, tmp_path):
    # A part that inflates 1000-fold (20 MB of zeros in ~20 KB).
    bomb = _rezip(_good(tmp_path), tmp_path / "bomb.xlsx", add={"xl/media/pad.bin": b"\x00" * (20 * 1024 * 1024)})
    assert file_problem(catalogue, bomb) == [("zip-bomb", "error", True)]
    # A directory that declares 4 GB for a sheet (a forged header): refused from the declaration alone.
    data = bytearray(_good(tmp_path).read_bytes())
    pos = data.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack("<H", data[pos + 28: pos + 30])[0]
        if data[pos + 46: pos + 46 + name_len] == b"xl/worksheets/sheet1.xml":
            data[pos + 24: pos + 28] = struct.pack("<I", 0xFFFF_FFF0)
        pos = data.find(b"PK\x01\x02", pos + 4)
    forged = tmp_path / "forged.xlsx"
    forged.write_bytes(bytes(data))
    assert file_problem(catalogue, forged) == [("zip-bomb", "error", True)]


def test_xml_entity_payload_is_refused(catalogue, tmp_path):
    good = _good(tmp_path)
    with zipfile.ZipFile(good) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[1] if sheet.startswith(b"<?xml") else sheet
    lol = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>\n'
           + body.replace(b"<v>1</v>", b"<v>&lol2;</v>"))
    bad = _rezip(good, tmp_path / "lol.xlsx", replace={"xl/worksheets/sheet1.xml": lol})
    assert file_problem(catalogue, bad) == [("xml-entities", "error", True)]
    assert "xl/worksheets/sheet1.xml" in read_inputs([bad], catalogue).problems[0].message_en


def test_reading_goes_on_after_a_bad_file(catalogue, tmp_path):
    ds = read_inputs([tmp_path / "nope.xlsx", _good(tmp_path), tmp_path], catalogue)
    assert tuples(ds) == [(None, None, "file-not-found"), (None, None, "not-a-file")]
    assert list(ds.records["employee_id"]) == ["E1"]


def test_input_file_records(catalogue, tmp_path):
    import hashlib

    path = _good(tmp_path)
    ds = read_inputs([path, INPUT / "semicolon.csv"], catalogue)
    f, g = ds.files
    assert (f.sha256, f.size, f.kind, f.sheets, f.rows, f.format) == (
        hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_size, "xlsx", ["S"], 1, "wide")
    assert (g.kind, g.encoding, g.delimiter, g.rows) == ("csv", "utf-8", ";", 3)
    assert list(ds.records.index) == list(range(4))
    assert list(ds.values["cs_inquiry"].index) == [0, 1, 2]


# --- fuzzing: whatever the cells hold, no exception, no row lost, every problem located -----------------

SKIPPED_ROWS = ("summary-row", "note-row", "signature-row", "blank-row", "reference-row", "label-row")
_HEADERS = st.sampled_from(["工号", "岗位", "姓名", "每年缺席次数", "30秒内答复的电话比例", "紧急事件及时报告",
                            "客户满意度评价", "期间", "指标", "数值", "备注", "", "工号"])
_CELLS = st.one_of(
    st.none(),
    st.text(max_size=6),
    st.sampled_from(["客户咨询", "cs_manager", "是", "N", "95%", "#DIV/0!", "1,234", "2026-Q3", "E1", "E1"]),
    st.integers(-5, 200),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
)


def _units_row_under_header(catalogue, grid_rows: list[list]) -> bool:
    """Whether the row under a first-row header gives units only (单位: 天, %, 次): part of the
    header, not a person (the rule itself is tested in test_readers_layouts)."""
    from kpi_cli.readers import layout_header
    from kpi_cli.readers.grid import make_grid
    from kpi_cli.readers.headers import HeaderIndex
    from kpi_cli.readers.sheet import SheetReader
    from kpi_cli.readers.sheet_state import SheetContext

    if len(grid_rows) < 2:
        return False
    st_ = SheetReader(make_grid(None, grid_rows), SheetContext("t.csv", catalogue, HeaderIndex.build(catalogue)))
    hi, targets = layout_header.find_header(st_)
    return hi == 0 and layout_header.units_row(st_, hi, targets) is not None


def _check_every_row_kept(ds, grid_rows: list[list], catalogue=None) -> None:
    content = [r for r in grid_rows[1:] if any(v not in (None, "") and str(v).strip() for v in r)]
    if any(p.type in ("empty-file", "no-matching-sheet", "unrecognised-sheet") for p in ds.problems):
        return
    if catalogue is not None and content and content[0] is grid_rows[1] and _units_row_under_header(catalogue, grid_rows):
        content = content[1:]  # a units row (单位 … 件, 天, %) under the header belongs to the header
    # a row that is not an employee (合计, 备注, 制表人, a blank line) is left out with one warning
    skipped = sum(p.type in SKIPPED_ROWS for p in ds.problems)
    if ds.files and ds.files[0].format == "long":
        assert len(ds.records) + skipped <= len(content)
    else:
        assert len(ds.records) + skipped == len(content)
    for p in ds.problems:
        assert p.file and p.type and p.message_zh and p.message_en


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HEADERS, min_size=1, max_size=6, unique=True), st.data())
def test_fuzz_csv(catalogue, tmp_path, headers, data):
    import csv as _csv

    rows = data.draw(st.lists(st.lists(_CELLS, min_size=len(headers), max_size=len(headers)), max_size=8))
    path = tmp_path / "fuzz.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        _csv.writer(fh).writerows([headers] + [["" if v is None else v for v in r] for r in rows])
    ds = read_inputs([path], catalogue)
    # NUL bytes are no text: the CSV reader drops them, so a cell of NULs alone is a blank
    cells = [[None if v is None else str(v).replace("\x00", "") for v in r] for r in rows]
    _check_every_row_kept(ds, [headers] + [[v or None for v in r] for r in cells], catalogue)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_HEADERS, min_size=1, max_size=6, unique=True), st.data())
def test_fuzz_xlsx(catalogue, tmp_path, headers, data):
    rows = data.draw(st.lists(st.lists(_CELLS, min_size=len(headers), max_size=len(headers)), max_size=6))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    written: list[list] = []
    for i, r in enumerate([headers] + rows, start=1):
        kept = []
        for c, v in enumerate(r, start=1):
            try:
                ws.cell(row=i, column=c, value=v)
                kept.append(v)
            except Exception:  # openpyxl refuses control characters: the cell stays blank
                kept.append(None)
        written.append(kept)
    path = tmp_path / "fuzz.xlsx"
    wb.save(path)
    ds = read_inputs([path], catalogue)
    _check_every_row_kept(ds, written, catalogue)


# --- headers and units as people type them ------------------------------------------------------------
@pytest.mark.parametrize("header, measure, unit, qualifier", [
    ("平均通话时长（分钟）", "call_minutes", "minutes", None),
    ("平均每次通话时长\n（分钟）", "call_minutes", "minutes", None),
    ("每年缺席次数/次", "absences_per_year", "count", None),
    ("30秒内答复的电话比例 %", "calls_answered_in_30s", "percent", None),
    ("【紧急事件及时报告】", "emergency_reporting", None, None),
    ("30秒内答复的电话比例\u3000", "calls_answered_in_30s", None, None),
    ("平均每次通话时长（秒）", "call_minutes", "seconds", None),
    ("每年缺席次数（上季度）", "absences_per_year", None, "上季度"),
    ("目标通话时长", "call_minutes", None, "目标"),
    ("订货时间较去年的减少幅度", "order_time_reduction", None, None),  # 去年 inside a name is no qualifier
])
def test_headers_as_people_type_them(catalogue, header, measure, unit, qualifier):
    from kpi_cli.readers.headers import HeaderIndex

    target = HeaderIndex.build(catalogue).match(header)
    assert measure in dict(target.measures).values()
    assert (target.unit, target.qualifier) == (unit, qualifier)


@pytest.mark.parametrize("text, expected", [
    ("8.5分钟", ("8.5", "minutes")), ("14次", ("14", "count")), ("25 天", ("25", "days")), ("88.5分", ("88.5", "score")),
    ("95%", None), ("九十", None), ("E1001", None), ("3h", ("3", "hours")),
])
def test_numbers_with_a_unit(text, expected):
    from kpi_cli.units import split_number_unit

    assert split_number_unit(text) == expected


def test_a_unit_in_a_cell_is_read_only_when_it_is_the_measures(catalogue):
    from kpi_cli.readers.values import parse_cells

    minutes = catalogue.role("cs_inquiry").measure("call_minutes")
    parsed = parse_cells(np.array(["8.5分钟", "9 min", "510秒", "14次"], dtype=object), minutes)
    assert [None if np.isnan(v) else v for v in parsed.values] == [8.5, 9.0, None, None]
    assert list(parsed.problems) == [None, None, "wrong-unit", "wrong-unit"]


def test_percent_cells_found_whatever_the_order_of_their_attributes():
    from kpi_cli.readers.xlsx import scan_sheet_xml

    def sheet(cells: str) -> bytes:
        return (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
                + cells.encode() + b"</sheetData></worksheet>")

    tight = '<row r="2"><c r="E2" s="5"><v>0.9</v></c><c r="F2" s="5"><v>0.8</v></c></row>'
    assert {c: r.tolist() for c, r in scan_sheet_xml(sheet(tight), {5}).percent.items()} == {4: [2], 5: [2]}
    # a writer that puts t= between r= and s=, and a row style: the slower pattern finds every cell
    loose = tight + '<row r="3" s="5" customFormat="1"><c r="E3" t="n" s="5"><v>1</v></c><c r="F3" s="4"><v>2</v></c></row>'
    assert {c: r.tolist() for c, r in scan_sheet_xml(sheet(loose), {5}).percent.items()} == {4: [2, 3], 5: [2]}
    # asked column by column, as the sheet reader does (only the columns of percent measures)
    lazy = scan_sheet_xml(sheet(loose), {5}).percent
    assert (lazy.get(4).tolist(), lazy.get(5).tolist(), lazy.get(6), lazy.get(26)) == ([2, 3], [2], None, None)
    # no cell puts r= first: the attributes are taken in any order
    odd = '<row r="2"><c s="5" r="E2"><v>0.9</v></c><c s="4" r="F2"><v>1</v></c></row>'
    assert scan_sheet_xml(sheet(odd), {5}).percent.get(4).tolist() == [2]
    assert scan_sheet_xml(sheet(odd), {5}).percent.get(5) is None


@pytest.mark.parametrize("r_first", [True, False])
def test_percent_columns_prefetched_in_one_pass_are_those_found_one_by_one(r_first):
    """The wide reader asks for a sheet's percent columns together (one pass over the XML): the
    same rows as asking column by column, for letters that begin or end like others (E, AE, EA)."""
    from kpi_cli.readers.xlsx import column_index, scan_sheet_xml

    def cell(ref: str, style: int) -> str:
        return f'<c r="{ref}" s="{style}"><v>0.5</v></c>' if r_first else f'<c s="{style}" r="{ref}"><v>0.5</v></c>'

    rows = []
    for r in range(2, 40):
        cells = [cell(f"{letters}{r}", 5 if (r * len(letters) + ord(letters[-1])) % 3 else 4)
                 for letters in ("A", "E", "AE", "EA", "F", "Z")]
        rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    data = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(rows).encode() + b"</sheetData></worksheet>")
    asked = [column_index(x) for x in ("E", "AE", "EA", "Z", "B")]
    one_by_one = scan_sheet_xml(data, {5}).percent
    expected = {c: one_by_one.get(c) for c in asked}
    together = scan_sheet_xml(data, {5}).percent
    together.prefetch(asked)
    got = {c: together.get(c) for c in asked}
    assert {c: None if v is None else v.tolist() for c, v in got.items()} == \
           {c: None if v is None else v.tolist() for c, v in expected.items()}
    assert expected[column_index("B")] is None and all(len(expected[c]) for c in asked[:4])
    assert {c: v.tolist() for c, v in scan_sheet_xml(data, {5}).percent.items()} == \
           {c: v.tolist() for c, v in one_by_one.items()}
