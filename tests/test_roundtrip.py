"""Issue 3's round trip: kpi template → filled in with openpyxl → kpi validate → scores by hand."""

from __future__ import annotations

import json
import math

import openpyxl
import pytest


def kpi_columns(path) -> dict[str, str]:
    """field or measure code → column letter, from the hidden _kpi sheet."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for kind, sheet, column, role, field, value in wb["_kpi"].iter_rows(min_row=2, values_only=True):
        if kind == "column":
            out[field.removeprefix("measure:")] = column
    return out


@pytest.fixture
def filled(runner, app, tmp_path):
    path = tmp_path / "2026-Q3.xlsx"
    res = runner.invoke(app, ["template", "客户咨询", "--period", "2026-Q3", "-o", str(path), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    col = kpi_columns(path)
    wb = openpyxl.load_workbook(path)
    ws = wb["客户咨询"]

    def put(row: int, code: str, value, fmt: str | None = None) -> None:
        cell = ws[f"{col[code]}{row}"]
        cell.value = value
        if fmt:
            cell.number_format = fmt

    # E1: every figure due in the quarter given (percent cells as Excel stores them: 0.96 shown as
    # 96%); the two half-yearly complaint counts are not due in 2026-Q3 and left blank.
    for code, value in {
        "employee_id": "E1", "name": "张伟", "department": "客服一部", "role": "客户咨询",
        "call_minutes": 8, "supervisor_calls_per_month": 15,
        "friendliness_score": 90, "disagreements_per_year": 1,
        "days_to_resolve_disagreement": 37.5, "emergency_reporting": "是", "absences_per_year": 2.625,
    }.items():
        put(2, code, value)
    put(2, "calls_answered_in_30s", 0.96, "0%")
    put(2, "accurate_information_pct", 0.985, "0.0%")
    # E2: blanks, a percent typed as text, a word in a number column.
    for code, value in {
        "employee_id": "E2", "name": "李娜", "department": "客服一部", "role": "客户咨询",
        "calls_answered_in_30s": "95%", "supervisor_calls_per_month": 18, "friendliness_score": "abc",
        "days_to_resolve_disagreement": 30,
        "emergency_reporting": "否", "absences_per_year": 0,
    }.items():
        put(3, code, value)
    put(3, "accurate_information_pct", 0.99, "0%")
    # E3: a percent of 120%.
    for code, value in {"employee_id": "E3", "name": "王芳", "department": "客服二部", "role": "客户咨询", "call_minutes": 9}.items():
        put(4, code, value)
    put(4, "calls_answered_in_30s", 1.2, "0%")
    wb.save(path)
    return path, col


def test_validate_reports_exactly_the_bad_cells(runner, app, filled):
    path, col = filled
    res = runner.invoke(app, ["validate", str(path), "--format", "json", "--lang", "en"])
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    got = sorted((p["row"], p["column"], p["type"]) for p in report["problems"] if p["severity"] == "error")
    assert got == sorted([(3, col["friendliness_score"], "not-a-number"), (4, col["calls_answered_in_30s"], "out-of-range")])
    assert [p for p in report["problems"] if p["severity"] == "warning"] == []


def test_scores_equal_hand_computed_points(runner, app, filled):
    path, _ = filled
    res = runner.invoke(app, ["score", str(path), "--format", "json", "--lang", "en"])
    assert res.exit_code == 1  # E2 and E3 carry errors
    data = json.loads(res.stdout)
    assert data["period"] == "2026-Q3"  # from the file name (and the template's _kpi sheet)
    emp = {e["employee_id"]: e for e in data["employees"]}
    pts = {k: {m["code"]: m["points"] for m in e["measures"]} for k, e in emp.items()}

    # E1 — 2026-Q3 scales the count standards: 5 a month → 15; 7 a year → 1.75 (ceiling 3.5);
    # "2 a year" is assessed per half-year: not due in a quarter (no points, out of the coverage).
    assert pts["E1"] == pytest.approx(
        {
            "call_minutes": 100,  # 8 ≤ 9
            "calls_answered_in_30s": 110,  # 96%: 100 + 20×(96−95)/(97−95)
            "supervisor_calls_per_month": 100,  # 15 ≤ 15
            "supervisor_complaints_per_year": None,  # not due
            "friendliness_score": 100,  # 90 ≥ 90
            "accurate_information_pct": 110,  # 98.5%: 100 + 20×(98.5−98)/(99−98)
            "inaccurate_information_complaints": None,  # not due
            "disagreements_per_year": 100,  # 1 ≤ 1.75
            "days_to_resolve_disagreement": 80,  # 60 + 40×(45−37.5)/(45−30)
            "emergency_reporting": 100,  # 是
            "absences_per_year": 80,  # 60 + 40×(3.5−2.625)/(3.5−1.75)
        }
    )
    e1 = emp["E1"]
    statuses = {m["code"]: m["status"] for m in e1["measures"]}
    assert statuses["supervisor_complaints_per_year"] == statuses["inaccurate_information_complaints"] == "not_due"
    # (100 + 110 + 100)/3, 100, 110 alone, (100 + 80)/2, (100 + 80)/2
    assert [d["score"] for d in e1["dimensions"]] == pytest.approx([310 / 3, 100, 110, 90, 90])
    total = (310 / 3 + 100 + 110 + 90 + 90) / 5  # 98.67
    assert (e1["total"], e1["grade"], e1["status"], e1["coverage"]) == (pytest.approx(total), "B", "ok", 1)

    # E2 — blanks leave the means; "abc" is an error, not a zero; "95%" text is 95.
    e2 = emp["E2"]
    assert pts["E2"]["calls_answered_in_30s"] == 100
    assert pts["E2"]["supervisor_calls_per_month"] == pytest.approx(92)  # 60 + 40×(30−18)/(30−15)
    assert pts["E2"]["accurate_information_pct"] == 120
    assert pts["E2"]["emergency_reporting"] == 0
    assert pts["E2"]["friendliness_score"] is None and pts["E2"]["call_minutes"] is None
    scores = [d["score"] for d in e2["dimensions"]]
    assert scores[0] == pytest.approx(96) and scores[1] is None and scores[2:] == pytest.approx([120, 100, 50])
    assert e2["total"] == pytest.approx((96 + 120 + 100 + 50) / 4)
    assert (e2["status"], e2["grade"]) == ("invalid", None)
    assert "invalid:friendliness_score" in e2["flags"] and "missing:call_minutes" in e2["flags"]

    # E3 — 120% is out of range: not scored, invalid; the one good figure still counts.
    e3 = emp["E3"]
    assert pts["E3"]["calls_answered_in_30s"] is None and pts["E3"]["call_minutes"] == 100
    assert (e3["status"], e3["grade"]) == ("invalid", None)
    # coverage = assessed ÷ due weight: call_minutes 5 of 100 − 5 − 10 (the two not-due counts)
    assert math.isclose(e3["coverage"], 5 / 85)
