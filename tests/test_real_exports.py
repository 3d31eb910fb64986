"""Real HR exports (tests/data/real/, made by generate.py): each form read right or refused exactly.

Read right: every person once, with the name, department and role written, every figure as
written, and no problem but the warnings that say what kpi did (a skipped 合计 line, a
department taken from the sheet name). Refused exactly: every figure not read is covered by a
located error. Each test checks the library read, then `kpi validate` and `kpi score` on the file.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from kpi_cli.readers import read_inputs

REAL = Path(__file__).parent / "data" / "real"
NOT_CORPUS = {"generate.py", "generate_identity.py", "__pycache__"}
TESTED: set[str] = set()

# The agents of most forms and their figures for 2026-Q3 (tests/data/real/generate.py: PEOPLE).
AGENTS = [("E2001", "张三", "客户服务一部", "cs_inquiry"), ("E2002", "李四", "客户服务一部", "cs_inquiry"),
          ("E2003", "王五", "客户服务二部", "cs_inquiry")]
AGENT_FIGURES = {
    ("E2001", "call_minutes"): 8.5, ("E2001", "calls_answered_in_30s"): 96.0, ("E2001", "absences_per_year"): 1.0,
    ("E2002", "call_minutes"): 9.0, ("E2002", "calls_answered_in_30s"): 95.5, ("E2002", "absences_per_year"): 0.0,
    ("E2003", "call_minutes"): 10.2, ("E2003", "calls_answered_in_30s"): 93.0, ("E2003", "absences_per_year"): 2.0,
}
BUYERS = [("P3001", "孙丽", "采购部", "buyer"), ("P3002", "钱进", "采购部", "buyer")]
BUYER_FIGURES = {
    ("P3001", "po_cycle_days"): 2.5, ("P3001", "po_errors"): 1.0, ("P3001", "supplier_on_time_pct"): 97.0,
    ("P3002", "po_cycle_days"): 3.0, ("P3002", "po_errors"): 0.0, ("P3002", "supplier_on_time_pct"): 95.0,
}


def form(name: str):
    TESTED.add(name)
    return lambda fn: fn


def problems(ds) -> list[tuple]:
    return [(p.type, p.severity, p.sheet, p.cell or p.row) for p in ds.problems]


def people(ds) -> list[tuple]:
    r = ds.records
    return list(zip(r["employee_id"], r["name"], r["department"], r["role"]))


def figures(ds) -> dict[tuple[str, str], float]:
    """(employee id, measure) → every figure read (blank and unusable cells left out)."""
    out = {}
    for role, frame in ds.values.items():
        for rec, row in frame.iterrows():
            for measure, v in row.items():
                if not math.isnan(v):
                    out[(ds.records.at[rec, "employee_id"], measure)] = float(v)
    return out


def check_cli(runner, app, name: str, expected: dict, ids: list[str], failed: bool) -> None:
    """`kpi validate` and `kpi score`: the exit code, everyone once, every figure as read above."""
    path = str(REAL / name)
    result = runner.invoke(app, ["validate", path, "--format", "json", "--lang", "en"])
    assert result.exit_code == (1 if failed else 0), result.output
    report = json.loads(result.stdout)
    assert report["valid"] is not failed
    assert [r["employee_id"] for r in report["records"]] == ids
    result = runner.invoke(app, ["score", path, "--period", "2026-Q3", "--format", "json", "--lang", "en"])
    assert result.exit_code == (1 if failed else 0), result.output
    data = json.loads(result.stdout)
    assert sorted(e["employee_id"] for e in data["employees"]) == sorted(ids)
    scored = {(e["employee_id"], m["code"]): m["value"] for e in data["employees"] for m in e["measures"]
              if m["value"] is not None}
    assert scored == pytest.approx(expected)


# --- lines under the table ---------------------------------------------------------------------------
@form("notes_under_table.xlsx")
def test_totals_notes_and_signatures_under_the_table(catalogue, runner, app):
    ds = read_inputs([REAL / "notes_under_table.xlsx"], catalogue)
    assert people(ds) == AGENTS
    assert figures(ds) == AGENT_FIGURES  # the sums (27.7, 284.5, 3) are nobody's figures
    s = "客户咨询"
    assert problems(ds) == [("summary-row", "warning", s, "A5"), ("summary-row", "warning", s, "A6"),
                            ("blank-row", "warning", s, "A7"), ("note-row", "warning", s, "A8"),
                            ("signature-row", "warning", s, "A9")]
    assert ds.problems[3].value.startswith("备注：通话数据")
    check_cli(runner, app, "notes_under_table.xlsx", AGENT_FIGURES, [a[0] for a in AGENTS], failed=False)


@form("group_titles_and_reference_lines.xlsx")
def test_group_titles_reference_lines_and_plain_notes_are_nobody(catalogue, runner, app):
    """A department title over each group, a 目标值 and a 人均 line with figures, two notes with no
    keyword: none of them is a person (they were graded as four more employees, exit 0)."""
    ds = read_inputs([REAL / "group_titles_and_reference_lines.xlsx"], catalogue)
    assert people(ds) == AGENTS
    assert figures(ds) == AGENT_FIGURES  # the targets (9, 95, 1) and the means are nobody's
    s = "客户咨询"
    assert problems(ds) == [("label-row", "warning", s, "A2"), ("label-row", "warning", s, "A5"),
                            ("reference-row", "warning", s, "A7"), ("reference-row", "warning", s, "A8"),
                            ("label-row", "warning", s, "A9"), ("label-row", "warning", s, "A10")]
    assert [p.value for p in ds.problems] == ["客户服务一部", "二、客户服务二部", "目标值", "人均", "以上数据经部门负责人确认",
                                              "1. 通话时长取自呼叫中心系统"]
    check_cli(runner, app, "group_titles_and_reference_lines.xlsx", AGENT_FIGURES, [a[0] for a in AGENTS], failed=False)


@form("second_table_on_the_sheet.xlsx")
def test_a_second_table_with_its_own_header_is_refused_where_its_header_differs(catalogue, runner, app):
    """Its lines would be read under the first table's header (two of E3001's figures dropped)."""
    ds = read_inputs([REAL / "second_table_on_the_sheet.xlsx"], catalogue)
    s = "客户服务"
    assert problems(ds)[:3] == [("label-row", "warning", s, "A6"), ("header-row", "warning", s, "A7"),
                                ("another-table", "error", s, "F7")]
    assert ds.problems[2].value == "30秒内答复的电话询问比例"
    assert {k: v for k, v in figures(ds).items() if k[0] != "E3001"} == AGENT_FIGURES
    check_cli(runner, app, "second_table_on_the_sheet.xlsx", figures(ds), [a[0] for a in AGENTS] + ["E3001"], failed=True)


@form("measure_subcolumns.xlsx")
def test_a_measure_split_into_sub_columns_is_refused_at_the_sub_header(catalogue, runner, app):
    """平均每次通话时长 merged over 目标值 | 实际值 | 得分: the target (9) was scored as everyone's figure."""
    ds = read_inputs([REAL / "measure_subcolumns.xlsx"], catalogue)
    s = "客户咨询"
    assert ("header-subcolumns", "error", s, "E2") in problems(ds)
    assert [p.type for p in ds.problems if p.severity == "error"] == ["header-subcolumns"]
    assert ds.problems[-1].value == "目标值"
    check_cli(runner, app, "measure_subcolumns.xlsx", figures(ds), [a[0] for a in AGENTS], failed=True)


@form("unquoted_decimal_comma.csv")
def test_a_csv_line_with_a_field_too_many_is_an_error(catalogue, runner, app):
    """2,6 typed unquoted on P3002's line: every later figure one measure on (graded A, exit 0)."""
    ds = read_inputs([REAL / "unquoted_decimal_comma.csv"], catalogue)
    assert problems(ds) == [("unknown-column", "warning", None, "H1"), ("extra-fields", "error", None, 3)]
    assert ds.problems[1].params == {"found": 8, "expected": 7}


@form("totals_in_name_column.xlsx")
def test_totals_in_the_name_column_merged_across_and_a_note_in_the_id_column(catalogue, runner, app):
    ds = read_inputs([REAL / "totals_in_name_column.xlsx"], catalogue)
    assert people(ds) == AGENTS
    assert figures(ds) == AGENT_FIGURES
    s = "Sheet1"
    assert problems(ds) == [("summary-row", "warning", s, "C5"), ("summary-row", "warning", s, "A6"),
                            ("note-row", "warning", s, "B7")]  # 序号 is a known column: no warning
    check_cli(runner, app, "totals_in_name_column.xlsx", AGENT_FIGURES, [a[0] for a in AGENTS], failed=False)


@form("trailing_total.csv")
def test_a_gbk_csv_with_a_trailing_total_line(catalogue, runner, app):
    ds = read_inputs([REAL / "trailing_total.csv"], catalogue)
    assert ds.files[0].encoding in ("gb18030", "gbk")
    assert people(ds) == AGENTS
    assert figures(ds) == AGENT_FIGURES
    assert problems(ds) == [("summary-row", "warning", None, "A5"), ("signature-row", "warning", None, "A6")]
    check_cli(runner, app, "trailing_total.csv", AGENT_FIGURES, [a[0] for a in AGENTS], failed=False)


@form("hr_extra_columns.xlsx")
def test_line_numbers_computed_totals_remarks_and_numbered_empty_rows(catalogue, runner, app):
    ds = read_inputs([REAL / "hr_extra_columns.xlsx"], catalogue)
    assert people(ds) == AGENTS
    assert figures(ds) == AGENT_FIGURES
    s = "考核结果"
    assert problems(ds) == [("computed-column", "warning", s, "I1"), ("computed-column", "warning", s, "J1"),
                            ("blank-row", "warning", s, "A5"), ("blank-row", "warning", s, "A6")]
    check_cli(runner, app, "hr_extra_columns.xlsx", AGENT_FIGURES, [a[0] for a in AGENTS], failed=False)


# --- headers -------------------------------------------------------------------------------------------
@form("title_and_two_header_rows.xlsx")
def test_a_title_two_header_rows_and_a_units_row(catalogue, runner, app):
    ds = read_inputs([REAL / "title_and_two_header_rows.xlsx"], catalogue)
    assert people(ds) == AGENTS
    assert list(ds.records["row"]) == [6, 7, 8]
    expected = AGENT_FIGURES | {(a[0], "supervisor_calls_per_month"): 3.0 for a in AGENTS}
    assert figures(ds) == expected
    assert problems(ds) == []
    check_cli(runner, app, "title_and_two_header_rows.xlsx", expected, [a[0] for a in AGENTS], failed=False)


@form("decorated_headers.xlsx")
def test_headers_with_units_and_decoration_and_units_in_cells(catalogue, runner, app):
    ds = read_inputs([REAL / "decorated_headers.xlsx"], catalogue)
    assert people(ds) == AGENTS  # 客户咨询员, 咨询员: aliases of 客户咨询
    expected = AGENT_FIGURES | {("E2001", "friendliness_score"): 88.5, ("E2002", "friendliness_score"): 90.0,
                                ("E2003", "friendliness_score"): 86.0}
    assert figures(ds) == expected  # "8.5分钟", "1次", "88.5分", "10.2 分钟" read as written
    assert problems(ds) == []
    check_cli(runner, app, "decorated_headers.xlsx", expected, [a[0] for a in AGENTS], failed=False)


@form("wrong_units.xlsx")
def test_a_column_or_a_cell_in_another_unit_is_refused(catalogue, runner, app):
    ds = read_inputs([REAL / "wrong_units.xlsx"], catalogue)
    assert [p[0] for p in people(ds)] == ["E2001", "E2002"]
    expected = {("E2001", "calls_answered_in_30s"): 96.0, ("E2002", "calls_answered_in_30s"): 95.5,
                ("E2002", "absences_per_year"): 0.0}
    assert figures(ds) == expected
    # the seconds column (510, 540) and "1天": each covered by a located error
    assert problems(ds) == [("header-unit", "error", "客户咨询", "D1"), ("wrong-unit", "error", "客户咨询", "F2")]
    assert "minutes" in ds.problems[0].message_en and "seconds" in ds.problems[0].message_en
    check_cli(runner, app, "wrong_units.xlsx", expected, ["E2001", "E2002"], failed=True)


@form("last_quarter_column.xlsx")
def test_a_hidden_last_quarter_column_and_a_target_column_are_other_figures(catalogue, runner, app):
    ds = read_inputs([REAL / "last_quarter_column.xlsx"], catalogue)
    assert [p[0] for p in people(ds)] == ["E2001", "E2002"]
    expected = {("E2001", "call_minutes"): 8.5, ("E2001", "absences_per_year"): 1.0,
                ("E2002", "call_minutes"): 9.0, ("E2002", "absences_per_year"): 0.0}
    assert figures(ds) == expected  # not 9.5/8 (last quarter), not 9 (the target)
    s = "客户咨询"
    assert problems(ds) == [("qualified-column", "warning", s, "E1"), ("hidden-columns", "warning", s, "E1"),
                            ("qualified-column", "warning", s, "F1")]  # no duplicate-column error
    check_cli(runner, app, "last_quarter_column.xlsx", expected, ["E2001", "E2002"], failed=False)


@form("misspelt_header.xlsx")
def test_a_measure_absent_for_the_whole_sheet_beside_a_lookalike_column_is_an_error(catalogue, runner, app):
    ds = read_inputs([REAL / "misspelt_header.xlsx"], catalogue)
    assert [p[0] for p in people(ds)] == [a[0] for a in AGENTS]
    expected = {k: v for k, v in AGENT_FIGURES.items() if k[1] != "call_minutes"}
    assert figures(ds) == expected
    s = "客户咨询"
    assert problems(ds) == [("unknown-column", "warning", s, "D1"), ("measure-column-lookalike", "error", s, "D1")]
    assert "平均每次通话时常" in ds.problems[1].message_zh and "平均每次通话时长" in ds.problems[1].message_zh
    check_cli(runner, app, "misspelt_header.xlsx", expected, [a[0] for a in AGENTS], failed=True)


# --- departments and roles -------------------------------------------------------------------------------
@form("sheet_per_department.xlsx")
def test_one_sheet_per_department(catalogue, runner, app):
    ds = read_inputs([REAL / "sheet_per_department.xlsx"], catalogue)
    assert people(ds) == [("E2001", "张三", "客户服务一部", "cs_inquiry"),
                          ("E2002", "李四", "客户服务一部", "cs_representative"),  # 客服代表
                          ("E2003", "王五", "客户服务二部", "cs_inquiry")]
    expected = {("E2001", "call_minutes"): 8.5, ("E2001", "absences_per_year"): 1.0,
                ("E2002", "call_minutes"): 9.0, ("E2002", "absences"): 0.0,
                ("E2003", "call_minutes"): 10.2, ("E2003", "absences_per_year"): 2.0}
    assert figures(ds) == expected
    assert problems(ds) == [("department-from-sheet", "warning", "客户服务一部", 1),
                            ("department-from-sheet", "warning", "客户服务二部", 1)]
    check_cli(runner, app, "sheet_per_department.xlsx", expected, ["E2001", "E2002", "E2003"], failed=False)


@form("merged_department.xlsx")
def test_department_merged_down_a_column(catalogue, runner, app):
    ds = read_inputs([REAL / "merged_department.xlsx"], catalogue)
    assert people(ds) == AGENTS  # 李四 takes 客户服务一部 from the merged A2:A3
    assert figures(ds) == AGENT_FIGURES
    assert problems(ds) == []
    check_cli(runner, app, "merged_department.xlsx", AGENT_FIGURES, [a[0] for a in AGENTS], failed=False)


# --- long exports -------------------------------------------------------------------------------------------
@form("hris_long.csv")
def test_an_hris_long_export_without_a_role_column(catalogue, runner, app):
    ds = read_inputs([REAL / "hris_long.csv"], catalogue)
    assert ds.files[0].format == "long"
    assert people(ds) == BUYERS
    assert figures(ds) == BUYER_FIGURES
    assert problems(ds) == [("role-from-measures", "warning", None, 1)]
    assert "duplicate-employee" not in {p.type for p in ds.problems}
    check_cli(runner, app, "hris_long.csv", BUYER_FIGURES, ["P3001", "P3002"], failed=False)


@form("hris_long_kpi_names.xlsx")
def test_an_hris_long_export_with_kpi_names_and_short_measure_names(catalogue, runner, app):
    ds = read_inputs([REAL / "hris_long_kpi_names.xlsx"], catalogue)
    assert [(p[0], p[1], p[3]) for p in people(ds)] == [(b[0], b[1], b[3]) for b in BUYERS]  # 采购员
    assert figures(ds) == BUYER_FIGURES  # 采购周期, 订单错误次数, 供应商准时交货率: aliases
    assert problems(ds) == []
    check_cli(runner, app, "hris_long_kpi_names.xlsx", BUYER_FIGURES, ["P3001", "P3002"], failed=False)


# --- forms that are refused ------------------------------------------------------------------------------------
@form("transposed.xlsx")
def test_one_employee_per_column_is_refused_with_how_to_turn_it(catalogue, runner, app):
    ds = read_inputs([REAL / "transposed.xlsx"], catalogue)
    assert people(ds) == []
    assert problems(ds) == [("transposed-sheet", "error", "客户咨询", "A1")]
    assert "Transpose" in ds.problems[0].message_en and "转置" in ds.problems[0].message_zh
    result = runner.invoke(app, ["validate", str(REAL / "transposed.xlsx"), "--lang", "en"])
    assert result.exit_code == 1
    result = runner.invoke(app, ["score", str(REAL / "transposed.xlsx"), "--period", "2026-Q3", "--lang", "en"])
    assert result.exit_code == 1


def test_every_form_has_its_test():
    files = {p.name for p in REAL.iterdir()} - NOT_CORPUS
    mine = files - {p for p in files if p.startswith("identity")}
    assert mine <= TESTED, sorted(mine - TESTED)


def test_generate_reproduces_the_forms(tmp_path):
    """generate.py writes the same cells as the committed files (the workbooks' zip bytes may differ)."""
    import importlib.util

    from openpyxl import load_workbook

    spec = importlib.util.spec_from_file_location("real_generate", REAL / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for new in sorted(tmp_path.iterdir()):
        old = REAL / new.name
        assert old.exists(), new.name
        if new.suffix == ".csv":
            assert new.read_bytes() == old.read_bytes(), new.name
            continue
        a, b = load_workbook(new), load_workbook(old)
        assert a.sheetnames == b.sheetnames
        for ws in a.worksheets:
            assert [[c.value for c in r] for r in ws.iter_rows()] == [[c.value for c in r] for r in b[ws.title].iter_rows()]
            assert ws.merged_cells.ranges == b[ws.title].merged_cells.ranges
