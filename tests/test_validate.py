"""Validation reports, and the round trip: template → filled in Excel-style → validate → scores computed by hand."""

from __future__ import annotations

import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kpi_cli.periods import parse_period
from kpi_cli.scoring.engine import score
from kpi_cli.validation.validate import validate_files


def tuples(report) -> list[tuple]:
    return [p.as_tuple() for p in report.problems]


@pytest.fixture
def filled(tmp_path, runner, app):
    """A template for 客户咨询 made by `kpi template`, filled in with openpyxl as HR would in Excel."""
    path = tmp_path / "kpi-2026-Q3.xlsx"
    result = runner.invoke(app, ["template", "cs_inquiry", "-o", str(path), "--lang", "zh", "--period", "2026-Q3"])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(path)
    ws = wb["客户咨询"]
    header = [c.value for c in ws[1]]
    assert header[:4] == ["工号", "姓名", "部门", "岗位"]
    # Percent cells are formatted as 95% in the template: Excel stores what is typed as 0.96.
    rows = [
        # the two half-yearly complaint counts (H, K) are not due in a quarter: left blank
        ["E1", "张三", "客服部", "客户咨询", 8, 0.96, 15, None, 90, 0.99, None, 1, 30, "是", 3],
        ["E2", "李四", "客服部", "客户咨询", "abc", None, None, None, 80, None, None, None, None, None, None],
        ["E3", "王五", "客服部", None, None, None, None, None, None, None, None, None, 20, "否", 12],
    ]
    for r, values in enumerate(rows, start=2):
        for c, v in enumerate(values, start=1):
            ws.cell(r, c, v)
    ws.cell(1, 5, "通话时长（分钟）")  # a renamed header still maps through the hidden _kpi sheet
    wb.save(path)
    return path


def test_round_trip_template_fill_validate_score(catalogue, filled):
    report = validate_files([filled], catalogue)
    assert tuples(report) == [(3, "E", "not-a-number")]
    assert report.counts == {
        "files": 1, "sheets": 1, "rows": 3, "employees": 3, "ok": 1, "incomplete": 1, "invalid": 1, "errors": 1, "warnings": 0,
    }
    assert not report.valid
    ds = report.dataset
    assert list(ds.records["period"]) == ["2026-Q3"] * 3  # from the file name
    assert list(ds.records["role"]) == ["cs_inquiry"] * 3  # E3's blank role: the sheet's role
    result = score(ds.records, ds.values, catalogue, parse_period("2026-Q3"), invalid=ds.invalid)
    emp = result.employees
    # E1 by hand (2026-Q3: monthly counts ×3, yearly ×¼; the half-yearly complaints not due):
    #   customer_calls: 8 min → 100; 96% → 110; 15 calls (T 15) → 100 → 103.33
    #   friendliness 90 → 100; accuracy 99% → 120 alone; disagreements 1 → 100,
    #   30 days → 100 → 100; reliability: yes → 100, 3 absences (T 1.75, C 3.5) → 60 + 40·0.5/1.75
    reliability = (100 + 60 + 40 * 0.5 / 1.75) / 2
    total = (310 / 3 + 100 + 120 + 100 + reliability) / 5
    assert emp.loc[0, "total"] == pytest.approx(total)
    assert (emp.loc[0, "total_rounded"], emp.loc[0, "grade"], emp.loc[0, "status"]) == (101.8, "A", "ok")
    assert emp.loc[1, "status"] == "invalid" and pd.isna(emp.loc[1, "grade"])
    assert emp.loc[2, "status"] == "incomplete"
    # E3: days 20 → 100, no → 0, 12 absences → 0: 30% of the weight, of the 85% due → 35.3%
    assert emp.loc[2, "coverage"] == pytest.approx(30 / 85)
    assert list(report.records["status"]) == ["ok", "invalid", "incomplete"]


def test_report_json_shape(catalogue, filled):
    d = validate_files([filled], catalogue).to_dict()
    json.dumps(d, allow_nan=False)
    assert set(d) == {"valid", "counts", "files", "problems", "records", "raters"}
    assert d["raters"] == []  # no rating rows: nothing about raters
    p = d["problems"][0]
    assert {k: p[k] for k in ("type", "severity", "sheet", "row", "column", "column_name", "cell", "employee_id",
                              "role", "measure", "value")} == {
        "type": "not-a-number", "severity": "error", "sheet": "客户咨询", "row": 3, "column": "E",
        "column_name": "通话时长（分钟）", "cell": "E3", "employee_id": "E2", "role": "cs_inquiry",
        "measure": "call_minutes", "value": "abc",
    }
    assert p["message_zh"] and p["message_en"]
    assert d["records"][0] == {
        "employee_id": "E1", "name": "张三", "department": "客服部", "role": "cs_inquiry", "role_label": "客户咨询",
        "period": "2026-Q3", "file": str(filled), "sheet": "客户咨询", "row": 2, "status": "ok", "coverage": 1.0,
    }
    f = d["files"][0]
    assert (f["kind"], f["period"], f["sheets"], f["rows"], len(f["sha256"])) == ("xlsx", "2026-Q3", ["客户咨询"], 3, 64)


def test_a_template_renamed_without_a_period_keeps_its_own(catalogue, filled, tmp_path):
    renamed = tmp_path / "客服部考核.xlsx"
    renamed.write_bytes(filled.read_bytes())
    report = validate_files([renamed], catalogue)
    assert set(report.dataset.records["period"]) == {"2026-Q3"}
    assert report.dataset.files[0].period == "2026-Q3"


def test_a_blank_template_has_no_data(catalogue, tmp_path, runner, app):
    path = tmp_path / "blank.xlsx"
    assert runner.invoke(app, ["template", "cs_inquiry", "cs_manager", "-o", str(path)]).exit_code == 0
    report = validate_files([path], catalogue)
    assert tuples(report) == [(None, None, "no-data"), (1, None, "header-only"), (1, None, "header-only")]
    assert report.counts["rows"] == 0 and not report.valid


def test_warnings_alone_keep_a_file_valid(catalogue, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("工号,岗位,每年缺席次数,奖金\nE1,客户咨询,1,好\n")
    report = validate_files([path], catalogue)
    assert (tuples(report), report.valid) == ([(1, "D", "unknown-column")], True)
    assert report.counts["incomplete"] == 1  # one measure of eleven: coverage below the threshold


def test_no_files_readable(catalogue, tmp_path):
    report = validate_files([tmp_path / "missing.csv"], catalogue)
    assert (report.valid, report.counts["files"], report.counts["rows"], len(report.records)) == (False, 1, 0, 0)
    assert report.to_dict()["records"] == []
    assert np.isfinite(report.counts["errors"])


def test_status_counts_are_people_like_the_total(catalogue):
    """The mistakes sample has E1066 twice (a duplicate, both rows invalid): 80 people, and the
    statuses add up to 80 (was: '80 employee(s): 73 ok, 7 invalid, 1 incomplete', i.e. 81)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    report = validate_files([root / "sample_data" / "2026-Q3-mistakes.xlsx"], catalogue)
    c = report.counts
    assert (c["rows"], c["employees"], c["ok"], c["invalid"], c["incomplete"]) == (81, 80, 73, 6, 1)
    assert c["ok"] + c["invalid"] + c["incomplete"] == c["employees"]
