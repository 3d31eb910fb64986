"""A workbook with a sheet per period: the sheet name gives the period of its rows (kpi_cli/readers/layout_identity.sheet_period)."""

from __future__ import annotations

import json

import openpyxl
import pytest

from kpi_cli import read_dataset
from kpi_cli.periods import is_range, month_only

HEADER = ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "每年缺席次数"]


def workbook(path, sheets: dict[str, list[list]], header=HEADER):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        ws.append(header)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def problems(ds) -> list[tuple]:
    return [(p.type, p.sheet, p.value, p.params.get("period")) for p in ds.problems]


def month_rows(minutes: float, absences: int) -> list[list]:
    return [["E1", "张三", "客户服务一部", "客户咨询", minutes, absences],
            ["E2", "李四", "客户服务一部", "客户咨询", minutes + 1, 0]]


@pytest.mark.parametrize(("name", "expected"), [("7月", 7), ("07月份", 7), ("七月", 7), ("十二月", 12),
                                                ("十月数据", 10), ("7月KPI", 7), ("13月", None),
                                                ("7-9月", None), ("1月-3月", None), ("客户服务一部", None)])
def test_month_only(name, expected):
    assert month_only(name) == expected


@pytest.mark.parametrize(("name", "expected"), [("7-9月", True), ("2026年7月至9月", True), ("Q3-Q4", True),
                                                ("2026-Q3", False), ("2026年7月", False), ("7月", False)])
def test_is_range(name, expected):
    assert is_range(name) == expected


def test_a_sheet_per_month_in_a_quarter_file_is_three_months(tmp_path, catalogue, runner, app):
    """7月/8月/9月 in 2026-Q3.xlsx: the months of the quarter, combined as monthly files are — not
    one person three times (duplicate-employee)."""
    path = workbook(tmp_path / "2026-Q3.xlsx", {"7月": month_rows(8.0, 1), "8月": month_rows(9.0, 0),
                                                "9月": month_rows(10.0, 2)})
    ds = read_dataset([path], catalogue)
    assert sorted(set(ds.records["period"])) == ["2026-07", "2026-08", "2026-09"]
    assert problems(ds) == [("period-from-sheet", "7月", "7月", "2026-07"), ("period-from-sheet", "8月", "8月", "2026-08"),
                            ("period-from-sheet", "9月", "9月", "2026-09")]
    res = runner.invoke(app, ["score", str(path), "--format", "json", "--lang", "en"])
    assert res.exit_code == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["period"] == "2026-Q3"
    by_id = {e["employee_id"]: {m["code"]: m["value"] for m in e["measures"]} for e in doc["employees"]}
    assert sorted(by_id) == ["E1", "E2"]  # one record each, not three
    assert by_id["E1"]["call_minutes"] == pytest.approx(9.0)  # the mean of 8, 9 and 10 minutes
    assert by_id["E1"]["absences_per_year"] == 3  # a count: summed over the months
    assert not [p for p in doc["problems"] if p["type"] == "duplicate-employee"]


def test_a_sheet_named_by_its_period_gives_the_period(tmp_path, catalogue, runner, app):
    path = workbook(tmp_path / "kpi.xlsx", {"2026年7月": month_rows(8.0, 1)})
    ds = read_dataset([path], catalogue)
    assert problems(ds) == [("period-from-sheet", "2026年7月", "2026年7月", "2026-07")]
    res = runner.invoke(app, ["score", str(path), "--format", "json"])  # no --period needed
    assert res.exit_code == 0, res.stderr
    assert json.loads(res.stdout)["period"] == "2026-07"


def test_a_sheet_name_against_the_file_name_is_reported_and_the_file_wins(tmp_path, catalogue):
    path = workbook(tmp_path / "2026-08.xlsx", {"2026年7月": month_rows(8.0, 1)})
    ds = read_dataset([path], catalogue)
    assert set(ds.records["period"]) == {"2026-08"}
    assert [(p.type, p.severity, p.params.get("sheet_period"), p.params.get("period")) for p in ds.problems] == [
        ("sheet-period-conflict", "warning", "2026-07", "2026-08")]


@pytest.mark.parametrize("name", ["7-9月", "客户服务一部", "Sheet1", "2026-Q3"])
def test_other_sheet_names_leave_the_file_period(tmp_path, catalogue, name):
    path = workbook(tmp_path / "2026-Q3.xlsx", {name: month_rows(8.0, 1)})
    ds = read_dataset([path], catalogue)
    assert set(ds.records["period"]) == {"2026-Q3"}
    assert not [p for p in ds.problems if "period" in p.type]


def test_a_period_column_wins_over_the_sheet_name(tmp_path, catalogue):
    rows = [[*r, "2026-09"] for r in month_rows(8.0, 1)]
    path = workbook(tmp_path / "2026-Q3.xlsx", {"7月": rows}, header=[*HEADER, "期间"])
    ds = read_dataset([path], catalogue)
    assert set(ds.records["period"]) == {"2026-09"}
    assert not [p for p in ds.problems if "period" in p.type]


@pytest.mark.parametrize("name, period", [
    ("考核结果_2026.07-2026.09.xlsx", "2026-Q3"), ("2026-07~2026-09.xlsx", "2026-Q3"), ("2026.07-09 KPI.xlsx", "2026-Q3"),
    ("2026年07月-09月.xlsx", "2026-Q3"), ("KPI 2026-07至2026-09.xlsx", "2026-Q3"), ("2026-07_2026-09_kpi.xlsx", "2026-Q3"),
    ("2026-07-2026-12.xlsx", "2026-H2"), ("2026-01_2026-12.xlsx", "2026"), ("2026-Q3-2026-Q4.xlsx", "2026-H2"),
    # a range that is no period, or a date: no period from the name (kpi asks for --period)
    ("2026-07_2026-08.xlsx", None), ("2026-09_2026-07.xlsx", None), ("2026年1-9月累计.xlsx", None),
    ("KPI_2026-09-30.xlsx", None), ("2026-07-09.xlsx", None), ("2026年7月1日-9月30日.xlsx", None),
    ("2026年7月1日-2026年9月30日.xlsx", None), ("2026年7月-9月.xlsx", "2026-Q3"),
    # a period then a date, or words around it: the period
    ("2026-Q3 (2026-10-08 update).xlsx", "2026-Q3"), ("KPI考核表_2026-Q3_导出于2026-10-08.xlsx", "2026-Q3"),
    ("2026-07.xlsx", "2026-07"), ("2026.07.xlsx", "2026-07"), ("202607.xlsx", "2026-07"), ("2026年7月.xlsx", "2026-07"),
    ("2026年第三季度(7-9月).xlsx", "2026-Q3"), ("2026-07 v2.xlsx", "2026-07"),
])
def test_a_file_name_giving_a_range_of_months_names_the_period_it_spans(name, period):
    """A range of months in a file name was read as its first month (2026.07-2026.09 scored as July)."""
    from kpi_cli.periods import find_period

    found = find_period(name)
    assert (found.code if found else None) == period
