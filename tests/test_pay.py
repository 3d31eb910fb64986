"""Pay: coefficients, payouts in decimal, calibration (强制分布) by hand, bonus bases, every output."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from kpi_cli.catalogue.model import Quota
from kpi_cli.scoring.pay import calibrate, calibrate_positions, coefficients, money, payouts, quota_bounds

ROOT = Path(__file__).resolve().parents[1]
LETTERS = ["S", "A", "B", "C", "D"]
CAP = Quota(("S", "A"), max_share=0.2)
FLOOR = Quota(("D",), min_share=0.1)


def cal(grades: str, totals: list[float], quotas=(CAP,)):
    """Calibrate one department given as grade letters ('SAB…') and rounded totals."""
    pos = np.array([LETTERS.index(g) for g in grades])
    new, moved, notes = calibrate_positions(pos, np.array(totals, dtype=float), tuple(quotas), LETTERS)
    return "".join(LETTERS[p] for p in new), [sorted(m) for m in moved], notes


# --- coefficients and money -------------------------------------------------------------------
def test_coefficient_of_every_grade(catalogue):
    assert {b.grade: b.coefficient for b in catalogue.grades} == {"S": 1.5, "A": 1.2, "B": 1.0, "C": 0.8, "D": 0.5}
    emp = pd.DataFrame({"grade": ["S", "A", "B", "C", "D", None], "role": ["cs_inquiry"] * 6,
                        "total_rounded": [115.0, 104.0, 90.0, 75.0, 50.0, 97.3]})

    class R:
        pass

    r = R()
    r.catalogue, r.employees = catalogue, emp
    got = coefficients(r)
    assert got[:5].tolist() == [1.5, 1.2, 1.0, 0.8, 0.5] and np.isnan(got[5])  # no grade, no coefficient


def test_a_role_with_its_own_bands_takes_its_own_coefficients(tmp_path):
    """A company catalogue whose role has its own grade bands: `kpi score` crashed on it with
    "assignment destination is read-only" (pandas gives a read-only view of a float column)."""
    import copy

    import yaml
    from test_veto_bonus import company_catalogue

    from kpi_cli.catalogue import load_catalogue

    data = copy.deepcopy(company_catalogue())  # its grade lists are shared with test_veto_bonus
    for band, coef in zip(data["grades"], (1.5, 1.2, 1.0, 0.8, 0.5)):
        band["coefficient"] = coef
    for band, coef in zip(data["roles"][1]["grades"], (2.0, 1.6, 1.2, 1.0, 0.6)):
        band["coefficient"] = coef
    path = tmp_path / "company.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    emp = pd.DataFrame({"grade": ["S", "B", "S", None], "role": ["agent", "agent", "lead", "lead"],
                        "total_rounded": [112.0, 90.0, 106.0, 40.0]})

    class R:
        pass

    r = R()
    r.catalogue, r.employees = load_catalogue(path), emp
    got = coefficients(r)
    assert got[:3].tolist() == [1.5, 1.0, 2.0] and np.isnan(got[3])


def test_coefficient_from_the_total_clamped(catalogue):
    from dataclasses import replace

    from kpi_cli.catalogue.model import PayPolicy

    cat = replace(catalogue, pay=PayPolicy("total", 0.6, 1.3))
    emp = pd.DataFrame({"grade": ["B", "S", "D", None], "role": ["cs_inquiry"] * 4,
                        "total_rounded": [97.3, 140.0, 40.0, 90.0]})

    class R:
        pass

    r = R()
    r.catalogue, r.employees = cat, emp
    got = coefficients(r)
    assert got[:3].tolist() == [0.973, 1.3, 0.6] and np.isnan(got[3])
    assert money(8000, 0.973) == Decimal("7784.00")


@pytest.mark.parametrize(
    ("base", "coef", "want"),
    [
        (8123.45, 0.5, "4061.73"),  # 4061.725: half a cent rounds up
        (1234.55, 0.5, "617.28"),  # 617.275 (binary float would give 617.27)
        (0.01, 0.5, "0.01"),  # 0.005 → 0.01
        (0.03, 0.5, "0.02"),  # 0.015 → 0.02
        (7654.33, 0.8, "6123.46"),  # 6123.464
        (1000.10, 1.5, "1500.15"),
        (9999.99, 1.2, "11999.99"),  # 11999.988
        (0, 1.5, "0.00"),
    ],
)
def test_payout_rounding_by_hand(base, coef, want):
    assert money(base, coef) == Decimal(want)
    assert payouts(np.array([base]), np.array([coef]))[0] == float(want)


def test_payouts_blank_without_base_or_coefficient():
    got = payouts(np.array([8000.0, np.nan, 8000.0]), np.array([1.2, 1.0, np.nan]))
    assert got[0] == 9600.0 and np.isnan(got[1]) and np.isnan(got[2])


# --- calibration by hand ---------------------------------------------------------------------
def test_quota_bounds():
    assert quota_bounds(CAP, 10) == (2, None, False)
    assert quota_bounds(CAP, 9) == (1, None, False)  # 1.8 rounded down
    assert quota_bounds(CAP, 5) == (1, None, False)
    assert quota_bounds(CAP, 4) == (0, None, True)  # 0.8 of a person: too small to bite
    assert quota_bounds(FLOOR, 10) == (None, 1, False)
    assert quota_bounds(FLOOR, 15) == (None, 2, False)  # 1.5 rounded up
    assert quota_bounds(FLOOR, 9) == (None, 1, True)
    assert quota_bounds(Quota(("S",), max_share=0.0), 3) == (0, None, False)  # "no S at all" always bites


def test_cap_moves_the_lowest_ranked_down():
    # 10 people, at most 2 in S+A: the two lowest-ranked of the four move A → B.
    got, moved, notes = cal("SAAABBBBCD", [112, 108, 104, 101, 95, 90, 88, 86, 75, 60])
    assert got == "SABBBBBBCD" and notes == []
    assert moved[2] == [0] and moved[3] == [0] and moved[1] == []


def test_ties_at_the_cut_move_together():
    # allowed 2; the 2nd and 3rd are tied on 104.0: both move, leaving 1 (the quota holds).
    got, _, _ = cal("SAABBBBBBB", [112, 104, 104, 95, 94, 93, 92, 91, 90, 89])
    assert got == "SBBBBBBBBB"


def test_an_s_moves_one_grade_at_a_time():
    # 5 people, all S: at most 1 may stay in S+A; the other four go S → A → B.
    got, moved, _ = cal("SSSSS", [118, 116, 114, 112, 111])
    assert got == "SBBBB" and moved[4] == [0]


def test_min_share_floor_moves_the_lowest_into_it():
    # at least 10% in D among 10: nobody is D, the lowest-ranked C moves down.
    got, moved, notes = cal("SABBBBBBCC", [112, 104, 95, 94, 93, 92, 91, 90, 75, 72], (CAP, FLOOR))
    assert got == "SABBBBBBCD" and moved[9] == [1] and notes == []


def test_floor_ties_move_together():
    got, _, _ = cal("ABBBBBBBCC", [104, 95, 94, 93, 92, 91, 90, 89, 72, 72], (CAP, FLOOR))
    assert got == "ABBBBBBBDD"


@pytest.mark.parametrize(
    ("grades", "totals", "want", "notes"),
    [
        ("S", [115], "S", [(0, "too-small")]),  # 1 person: 20% is a fifth of a person
        ("SA", [115, 104], "SA", [(0, "too-small")]),
        ("SAB", [115, 104, 90], "SAB", [(0, "too-small")]),  # 20% of 3: reported, not forced
        ("SAAB", [115, 104, 101, 90], "SAAB", [(0, "too-small")]),
        ("SAABB", [115, 104, 101, 90, 88], "SBBBB", []),  # 20% of 5 = 1: it bites
    ],
)
def test_small_departments(grades, totals, want, notes):
    got, _, got_notes = cal(grades, totals)
    assert got == want and got_notes == notes


def test_a_cap_on_the_lowest_grade_is_unmet_not_forced():
    got, _, notes = cal("BCDDD", [90, 75, 60, 55, 50], (Quota(("D",), max_share=0.2),))
    assert got == "BCDDD" and notes == [(0, "unmet")]


def test_calibrating_twice_changes_nothing():
    got, _, _ = cal("SSAAABBCDD", [118, 115, 108, 104, 101, 95, 90, 75, 60, 55], (CAP, FLOOR))
    again, moved, notes = cal(got, [118, 115, 108, 104, 101, 95, 90, 75, 60, 55], (CAP, FLOOR))
    assert again == got and all(not m for m in moved) and notes == []


def test_calibrate_a_result_keeps_totals_and_is_idempotent(catalogue):
    from kpi_cli.scoring.pipeline import score_files

    plain = score_files([ROOT / "sample_data" / "2026-Q3.xlsx"], catalogue)
    once = calibrate(plain)
    twice = calibrate(once)
    emp = once.employees
    assert emp["total"].equals(plain.employees["total"]) and emp["rank_in_role"].equals(plain.employees["rank_in_role"])
    moved = emp[emp["grade_original"].notna()]
    assert len(moved) and set(moved["grade_original"]) <= {"S", "A"} and set(moved["grade"]) == {"B"}
    assert all(d["quota_ok"] for d in once.distribution.to_dict("records"))
    assert twice.employees["grade"].equals(emp["grade"])
    assert twice.employees["grade_original"].equals(emp["grade_original"])
    assert once.distribution_before.equals(twice.distribution_before)
    # the coefficient follows the calibrated grade
    assert (moved["coefficient"] == 1.0).all()


# --- bonus bases -------------------------------------------------------------------------------
def _quarter(tmp_path: Path, bases: list) -> Path:
    """A one-role quarter file with a 绩效工资基数 column."""
    path = tmp_path / "2026-Q3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购"
    ws.append(["工号", "姓名", "部门", "岗位", "绩效工资基数", "内部客户对采购员的评价"])
    for i, base in enumerate(bases):
        ws.append([f"E{i + 1}", f"员工{i + 1}", "采购部", "采购", base, 3.0])
    wb.save(path)
    return path


def test_bonus_base_column_and_its_problems(tmp_path, catalogue):
    from kpi_cli.scoring.pipeline import score_files

    result = score_files([_quarter(tmp_path, [8000, "8,123.45", None, "八千", -5])], catalogue)
    emp = result.employees.set_index("employee_id")
    assert emp.loc["E1", "bonus_base"] == 8000 and emp.loc["E2", "bonus_base"] == 8123.45
    probs = sorted((p.row, p.column, p.type) for p in result.problems if "bonus" in p.type)
    assert probs == [(4, "E", "missing-bonus-base"), (5, "E", "bad-bonus-base"), (6, "E", "bad-bonus-base")]
    assert all(p.is_error for p in result.problems if "bonus" in p.type)
    # no payout is ever 0 for lack of a base
    assert emp.loc[["E3", "E4", "E5"], "payout"].isna().all()


def test_roster_gives_bases_and_wins(tmp_path, catalogue):
    from kpi_cli.scoring.pipeline import score_files

    quarter = _quarter(tmp_path, [8000, 9000, None])
    roster = tmp_path / "staff.csv"
    roster.write_text("工号,岗位,奖金基数\nE1,采购,8000\nE2,采购,9500\n", encoding="utf-8")
    result = score_files([quarter], catalogue, roster=roster)
    emp = result.employees.set_index("employee_id")
    assert emp.loc["E2", "bonus_base"] == 9500  # the roster wins …
    types = sorted((p.employee_id, p.type) for p in result.problems)
    assert types == [("E2", "bonus-base-conflict"), ("E3", "missing-bonus-base")]  # … and says so


# --- the CLI and every output --------------------------------------------------------------------
def test_the_same_pay_in_every_output(runner, app, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = ["sample_data/2026-Q3.xlsx", "--roster", "sample_data/staff.xlsx", "--calibrate", "--lang", "en"]
    res = runner.invoke(app, ["score", *args, "--format", "json"])
    assert res.exit_code == 0, res.stderr
    data = json.loads(res.stdout)
    emp = {e["employee_id"]: e for e in data["employees"]}
    e = emp["E1005"]  # a D: 8,123.45 × 0.5 = 4,061.725 → 4,061.73
    assert (e["grade"], e["coefficient"], e["bonus_base"], e["payout"], e["grade_original"]) == ("D", 0.5, 8123.45, 4061.73, None)
    moved = [x for x in data["employees"] if x["grade_original"]]
    assert moved and all(x["calibration"] == ["S+A ≤ 20%"] for x in moved)
    m = moved[0]
    assert m["payout"] == float(money(m["bonus_base"], m["coefficient"]))
    assert data["summary"]["calibrated"] is True
    total = sum(Decimal(repr(x["payout"])) for x in data["employees"] if x["payout"] is not None)
    assert Decimal(repr(data["summary"]["payout_total"])) == total
    # CSV (payroll): same numbers, money with two decimals
    res = runner.invoke(app, ["score", *args, "--format", "csv"])
    rows = {r["employee_id"]: r for r in csv.DictReader(io.StringIO(res.stdout.lstrip("\ufeff")))}
    assert (rows["E1005"]["coefficient"], rows["E1005"]["bonus_base"], rows["E1005"]["payout"]) == ("0.5", "8123.45", "4061.73")
    r = rows[m["employee_id"]]
    assert (r["grade"], r["grade_original"], r["calibration"]) == (m["grade"], m["grade_original"], "S+A ≤ 20%")
    # Excel and HTML
    xlsx, html = tmp_path / "r.xlsx", tmp_path / "r.html"
    res = runner.invoke(app, ["score", *args, "-o", str(xlsx), "--html", str(html)])
    assert res.exit_code == 0
    ws = openpyxl.load_workbook(xlsx)["Summary"]
    head = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2, values_only=True):
        got = dict(zip(head, row))
        want = emp[got["Employee ID"]]
        assert got["Coefficient"] == want["coefficient"] and got["Payout"] == want["payout"]
        assert got["Original grade"] == want["grade_original"] and got["Grade"] == want["grade"]
    text = html.read_text(encoding="utf-8")
    assert "4,061.73" in text and f"Calibrated from {m['grade_original']} to {m['grade']} (S+A ≤ 20%)" in text
    # terminal
    res = runner.invoke(app, ["score", *args], env={"COLUMNS": "250"})
    assert "4,061.73" in res.stdout and f"{m['grade_original']}→{m['grade']}" in res.stdout
    res = runner.invoke(app, ["score", *args, "--explain", "E1005"], env={"COLUMNS": "200"})
    assert "Payout = bonus base 8,123.45 × coefficient 0.5 = 4,061.73" in res.stdout
    res = runner.invoke(app, ["score", *args, "--explain", m["employee_id"]], env={"COLUMNS": "200"})
    assert f"Calibrated: grade {m['grade_original']} → {m['grade']}" in res.stdout


def test_export_is_the_payroll_in_one_command(runner, app, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    res = runner.invoke(app, ["export", "--period", "2026-Q3", "sample_data/2026-Q3.xlsx", "--roster",
                              "sample_data/staff.xlsx", "--calibrate", "-o", str(out), "--quiet", "--lang", "en"])
    assert res.exit_code == 0, res.stderr
    rows = list(csv.DictReader(io.StringIO((out / "scores-2026-Q3.csv").read_text(encoding="utf-8-sig"))))
    assert len(rows) == 80 and all(r["payout"] for r in rows if r["grade"])
    assert any(r["grade_original"] for r in rows)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["calibrated"] is True and manifest["roster"]["file"] == "staff.xlsx"


def test_catalogue_checks_coefficients(tmp_path):
    from kpi_cli.catalogue.loader import check_catalogue

    text = (ROOT / "tests" / "data" / "small_catalogue.yaml").read_text(encoding="utf-8")
    assert "coefficient" not in text
    path = tmp_path / "c.yaml"
    path.write_text(text.replace("min: 90}", "min: 90, coefficient: -1}").replace("min: 70}", "min: 70, coefficient: 1}"),
                    encoding="utf-8")
    _, problems = check_catalogue(path)
    assert sorted(p.type for p in problems) == ["catalogue-bad-coefficient", "catalogue-missing-coefficient",
                                                "catalogue-missing-coefficient"]


def test_roster_problems_are_located(tmp_path, catalogue):
    from kpi_cli.scoring.pipeline import score_files

    quarter = _quarter(tmp_path, [None, None])
    roster = tmp_path / "staff.csv"
    roster.write_text("工号,岗位,绩效工资基数\nE1,采购,八千\nE2,采购,7000\n", encoding="utf-8")
    result = score_files([quarter], catalogue, roster=roster)
    assert [(p.file, p.row, p.column, p.type, p.employee_id) for p in result.problems] == [
        ("staff.csv", 2, "C", "bad-bonus-base", "E1")]
    assert result.employees.set_index("employee_id").loc["E2", "bonus_base"] == 7000.0
    no_column = tmp_path / "plain.csv"
    no_column.write_text("工号,岗位\nE1,采购\n", encoding="utf-8")
    types = {p.type for p in score_files([quarter], catalogue, roster=no_column).problems}
    assert "roster-no-bonus-base" in types and "missing-bonus-base" in types


def test_kpi_toml_makes_calibration_the_default(runner, app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kpi.toml").write_text("calibrate = true\n", encoding="utf-8")
    quarter = str(ROOT / "sample_data" / "2026-Q3.xlsx")
    data = json.loads(runner.invoke(app, ["score", quarter, "--format", "json"]).stdout)
    assert data["summary"]["calibrated"] is True and any(e["grade_original"] for e in data["employees"])
    data = json.loads(runner.invoke(app, ["score", quarter, "--format", "json", "--no-calibrate"]).stdout)
    assert data["summary"]["calibrated"] is False and not any(e["grade_original"] for e in data["employees"])


# --- found by the QA pass on the merged pay features ----------------------------------------------
def test_bonus_base_with_a_currency_sign_or_unit_is_read(tmp_path, catalogue):
    """HR types amounts as they see them on a payslip: ¥8000, ￥8,000.50, 8,000.00元, RMB 8000."""
    from kpi_cli.scoring.pipeline import score_files

    bases = ["¥8000", "￥8,000.50", "8,000.00元", "8000 元", "RMB 8000", "CNY8000.5", "¥", "元", "8000美元", "-¥5"]
    result = score_files([_quarter(tmp_path, bases)], catalogue)
    emp = result.employees.set_index("employee_id")
    assert emp.loc[[f"E{i}" for i in range(1, 7)], "bonus_base"].tolist() == [8000, 8000.5, 8000, 8000, 8000, 8000.5]
    # a sign alone, another currency and a negative amount stay refused at their cell
    probs = sorted((p.row, p.type, p.value) for p in result.problems if "bonus" in p.type)
    assert probs == [(8, "bad-bonus-base", "¥"), (9, "bad-bonus-base", "元"), (10, "bad-bonus-base", "8000美元"),
                     (11, "bad-bonus-base", "-¥5")]


def test_roster_id_formatted_with_zeros_is_the_id_excel_shows(tmp_path, catalogue):
    """A roster id typed as the number 120 in a cell formatted 000000 is 000120, as in the figures."""
    from kpi_cli.scoring.pipeline import score_files

    quarter = tmp_path / "2026-Q3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购"
    ws.append(["工号", "姓名", "部门", "岗位", "内部客户对采购员的评价"])
    ws.append(["000120", "员工1", "采购部", "采购", 3.0])
    wb.save(quarter)
    roster = tmp_path / "staff.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["工号", "姓名", "部门", "岗位", "绩效工资基数"])
    ws.append([120, "员工1", "采购部", "采购", 8000])
    ws["A2"].number_format = "000000"
    wb.save(roster)
    result = score_files([quarter], catalogue, roster=roster)
    assert result.employees.set_index("employee_id").loc["000120", "bonus_base"] == 8000
    assert [p.type for p in result.problems] == []


def test_roster_id_spelled_without_zeros_joins_the_same_name(tmp_path, catalogue):
    """Roster 120 / e001 and figures 000120 / E001 with the same 姓名 are one person (as the figures
    of two months are): the base is used, with a warning; a different name stays unmatched."""
    from kpi_cli.scoring.pipeline import score_files

    quarter = tmp_path / "2026-Q3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购"
    ws.append(["工号", "姓名", "部门", "岗位", "内部客户对采购员的评价"])
    for row in (["000120", "员工1"], ["E001", "员工2"], ["000130", "员工3"]):
        ws.append([*row, "采购部", "采购", 3.0])
    wb.save(quarter)
    roster = tmp_path / "staff.csv"
    roster.write_text("工号,姓名,岗位,绩效工资基数\n120,员工1,采购,8000\ne 001,员工 2,采购,\"¥9,000\"\n130,别人,采购,7000\n",
                      encoding="utf-8")
    result = score_files([quarter], catalogue, roster=roster)
    emp = result.employees.set_index("employee_id")
    assert emp.loc["000120", "bonus_base"] == 8000 and emp.loc["E001", "bonus_base"] == 9000
    assert np.isnan(emp.loc["000130", "bonus_base"])
    assert sorted((p.type, p.employee_id, p.value, p.row) for p in result.problems) == [
        ("missing-bonus-base", "000130", None, 4), ("roster-id-spelling", "000120", "120", 2),
        ("roster-id-spelling", "E001", "e 001", 3)]
    text = next(p for p in result.problems if p.type == "roster-id-spelling").text("en")
    assert "120" in text and "000120" in text and "员工1" in text


def test_a_bonus_base_that_changes_between_months_is_said(tmp_path, catalogue):
    """Monthly files with 8000, 8000, 9000: the last month's 9000 is used, with a warning naming
    every figure (was: 9000 used without a word)."""
    from kpi_cli.scoring.pipeline import score_files

    paths = []
    for month, base in (("07", 8000), ("08", "8,000"), ("09", 9000)):
        path = tmp_path / f"2026-{month}.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "采购"
        ws.append(["工号", "姓名", "部门", "岗位", "绩效工资基数", "内部客户对采购员的评价"])
        ws.append(["E1", "员工1", "采购部", "采购", base, 3.0])
        ws.append(["E2", "员工2", "采购部", "采购", 7000, 3.0])
        wb.save(path)
        paths.append(path)
    result = score_files(paths, catalogue, period="2026-Q3")
    emp = result.employees.set_index("employee_id")
    assert emp.loc["E1", "bonus_base"] == 9000 and emp.loc["E2", "bonus_base"] == 7000
    got = [(p.type, p.severity, p.employee_id, Path(p.file).name, p.row) for p in result.problems]
    assert got == [("bonus-base-changed", "warning", "E1", "2026-09.xlsx", 2)]
    p = result.problems[0]
    assert "8,000.00 (2026-07, 2026-08) → 9,000.00 (2026-09)" in p.text("en") and "9,000.00" in p.text("zh")


def test_a_payout_column_is_never_read_as_the_base(tmp_path, catalogue):
    """绩效工资 is the payout (kpi's own reports call it so); a file or roster holding it beside
    绩效工资基数 — e.g. last quarter's report — must take the base from 绩效工资基数 (was: the
    first of the two, so the roster gave 4725 for 9450 and halved the payout silently)."""
    from kpi_cli.scoring.pipeline import score_files

    quarter = tmp_path / "2026-Q3.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采购"
    ws.append(["工号", "姓名", "部门", "岗位", "绩效工资", "绩效工资基数", "内部客户对采购员的评价"])
    ws.append(["E1", "员工1", "采购部", "采购", 1234, 9000, 3.0])
    wb.save(quarter)
    result = score_files([quarter], catalogue)
    assert result.employees["bonus_base"].tolist() == [9000]
    assert not [p for p in result.problems if p.is_error]
    roster = tmp_path / "staff.csv"
    roster.write_text("工号,岗位,绩效工资,绩效工资基数\nE1,采购,4725,9450\n", encoding="utf-8")
    result = score_files([quarter], catalogue, roster=roster)
    assert result.employees["bonus_base"].tolist() == [9450]


def test_explain_gives_the_grade_of_the_total_then_the_calibrated_one(runner, app, monkeypatch):
    """'Total 109.5 → grade B' contradicted the bands (109.5 is an A); the total line gives the
    grade the total earns, the next line the calibration that moved it."""
    monkeypatch.chdir(ROOT)
    res = runner.invoke(app, ["score", "sample_data/2026-Q3.xlsx", "--roster", "sample_data/staff.xlsx", "--calibrate",
                              "--explain", "E1050", "--lang", "en"], env={"COLUMNS": "200"})
    assert "→ grade A · coverage 100%" in res.stdout
    assert "Calibrated: grade A → B" in res.stdout and "grade B → 1.0" in res.stdout


def test_two_bonus_bases_for_one_person_in_the_long_format_are_an_error(tmp_path, catalogue):
    """Long format, the base repeated on each row: 8000 twice is one base; ¥9000 and 9500 for the
    same person was read as 9000 without a word. Now an error naming both cells; payout blank."""
    from kpi_cli.scoring.pipeline import score_files

    path = tmp_path / "2026-Q3.csv"
    path.write_text("工号,姓名,部门,岗位,指标,数值,期间,绩效工资基数\n"
                    "E1,张三,采购部,采购,内部客户对采购员的评价,3,2026-Q3,8000\n"
                    "E1,张三,采购部,采购,采购订单错误次数,2,2026-Q3,8000\n"
                    "E2,李四,采购部,采购,内部客户对采购员的评价,4,2026-Q3,¥9000\n"
                    "E2,李四,采购部,采购,采购订单错误次数,2,2026-Q3,9500\n", encoding="utf-8")
    result = score_files([path], catalogue)
    emp = result.employees.set_index("employee_id")
    assert emp.loc["E1", "bonus_base"] == 8000 and np.isnan(emp.loc["E2", "bonus_base"])
    assert [(p.type, p.severity, p.cell, p.employee_id, p.value) for p in result.problems] == [
        ("bonus-base-differs", "error", "H4", "E2", "9,000.00 (H4) / 9,500.00 (H5)")]
