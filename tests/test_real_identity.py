"""Ids and people as real HR files give them (tests/data/real/identity/, made by generate_identity.py).

One quarter from three monthly workbooks: an id typed as text "000123", as 123 formatted 000000
and as plain 123; similar ids of different people; a role change and a department change within
the quarter; ids that differ in case and spaces. Every person must come out once, with every
figure, and the role change with the month-weighted total computed by hand below.
"""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from html_cards import Cards

from kpi_cli.readers.people import unify_ids
from kpi_cli.readers import read_inputs
from kpi_cli.readers.numfmt import apply_digit_formats, digit_format

CORPUS = Path(__file__).parent / "data" / "real" / "identity"
MONTHS = [str(CORPUS / f"2026-0{m}.xlsx") for m in (7, 8, 9)]


def _generator():
    spec = importlib.util.spec_from_file_location("generate_identity", CORPUS.parent / "generate_identity.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _contents(path: Path):
    """A file's bytes; for a workbook its parts, docProps/app.xml left out: it names the openpyxl
    that wrote it, which differs in the minimum-versions CI run (openpyxl 3.1.3)."""
    if path.suffix != ".xlsx":
        return path.read_bytes()
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.date_time, b"" if i.filename == "docProps/app.xml" else z.read(i)) for i in z.infolist()]


def test_generate_reproduces_the_corpus(tmp_path):
    _generator().main(tmp_path)
    for f in sorted(CORPUS.iterdir()):
        assert _contents(tmp_path / f.name) == _contents(f), f.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in CORPUS.iterdir())


# --- ids as Excel shows them --------------------------------------------------------------------
@pytest.mark.parametrize(
    "code, shown",
    [("000000", "000123"), ('"E"0000', "E0123"), ("\\E000000", "E000123"), ("000000;[Red]-000000", "000123"),
     ('0000"号"', "0123号"), ("[$-804]000000", "000123"), ("0", "123"), ("General", "123"), ("0.00", "123"),
     ("#,##0", "123"), ("0%", "123"), ("yyyy-mm-dd", "123"), ("@", "123")],
)
def test_an_id_reads_as_its_number_format_shows_it(code, shown):
    raw = np.array([123.0], dtype=object)
    text = np.array(["123"], dtype=object)
    assert apply_digit_formats(raw, text, np.array([2]), {2: code})[0] == shown
    assert (digit_format(code) is not None) == (shown != "123")


def test_text_cells_and_fractions_keep_their_text():
    raw = np.array(["000123", 12.5, 7.0, None], dtype=object)
    text = np.array(["000123", "12.5", "7", None], dtype=object)
    out = apply_digit_formats(raw, text, np.array([2, 3, 4, 5]), {2: "000000", 3: "000000", 4: "000000", 5: "000000"})
    assert out.tolist() == ["000123", "12.5", "000007", None]


def test_each_month_reads_the_id_as_displayed(catalogue):
    ds = read_inputs(MONTHS, catalogue)
    wang = ds.records[ds.records["name"] == "王芳"]
    # July: the text "000123"; August: 123 formatted 000000; September: the plain number 123.
    assert wang[["file", "employee_id"]].to_numpy().tolist() == [[MONTHS[0], "000123"], [MONTHS[1], "000123"], [MONTHS[2], "123"]]
    han = ds.records[ds.records["name"] == "韩梅梅"]
    assert han["employee_id"].tolist() == ["456"]


def test_csv_ids_with_leading_zeros_stay_text(runner, app):
    res = runner.invoke(app, ["score", str(CORPUS / "leading_zeros.csv"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert [(e["employee_id"], e["name"]) for e in data["employees"]] == [("000789", "陈静"), ("0790", "林峰")]


def test_one_person_twice_in_one_month_under_two_spellings_is_a_duplicate(runner, app):
    res = runner.invoke(app, ["validate", str(CORPUS / "same_month_zeros.csv"), "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    got = [(p["type"], p["severity"], p["cell"], p["employee_id"], p["value"]) for p in data["problems"]]
    assert ("id-spellings-merged", "warning", "A3", "000777", "777") in got
    assert [g for g in got if g[0] == "duplicate-employee"] == [
        ("duplicate-employee", "error", "A2", "000777", "000777"),
        ("duplicate-employee", "error", "A3", "000777", "777"),
    ]
    assert data["counts"]["employees"] == 1 and data["counts"]["rows"] == 2


# --- the quarter: every person once ---------------------------------------------------------
# Hand-computed totals (cs_inquiry: call_minutes lower 9/13.5, calls_answered_in_30s higher 95/97/80,
# supervisor_calls_per_month lower 5/10 a month, friendliness higher 90/75, accurate higher 98/99/85,
# days lower 30/45, emergency yes/no; the per-year counts are blank; five dimensions of 20%).
# 000456 李雷: 10 min → 91.11; 96% → 110; 12 calls in 3 months (target 15) → 100; dim (91.11+110+100)/3;
#   friendliness 85 → 86.67; 98% → 100; 30 days → 100; yes → 100.
LI = ((60 + 40 * 3.5 / 4.5 + 110 + 100) / 3 + (60 + 40 * 10 / 15) + 100 + 100 + 100) / 5
# 456 韩梅梅 (September only): 8 min → 100; 97% → 120; 3 calls (target 5) → 100; 92 → 100; 99% → 120.
HAN = ((100 + 120 + 100) / 3 + 100 + 120 + 100 + 100) / 5
# E3001 孙丽: 12 min → 73.33; 90% → 86.67; 21 calls (15/30) → 84; 80 → 73.33; 95% → 90.77; 40 days → 73.33; no → 0.
SUN = ((60 + 40 * 1.5 / 4.5 + 60 + 40 * 10 / 15 + 60 + 40 * 9 / 15) / 3 + (60 + 40 * 5 / 15) + (60 + 40 * 10 / 13)
       + (60 + 40 * 5 / 15) + 0) / 5
# E2001 赵敏, 客户咨询 in July–August: means 10 min → 91.11, 95% → 100, 14 calls in 2 months (10/20) → 84,
# 87 → 92, 98% → 100, 33 days → 92, yes → 100.
ZHAO_INQUIRY = ((60 + 40 * 3.5 / 4.5 + 100 + 84) / 3 + 92 + 100 + 92 + 100) / 5
# 客户服务代表 in September (25/25/20/15/15%): 7 min (6/8/12) → 110; 92% (90/95) → 108; 4 calls (3/5/10) → 110;
# friendliness 88 (85/90) → 112; rating 4 → 110; 97% (97/99) → 100; 6 errors (3/5/10) → 92; 7 days → 100; yes → 100.
ZHAO_REPRESENTATIVE = 0.25 * (110 + 108 + 110) / 3 + 0.25 * (112 + 110) / 2 + 0.20 * (100 + 92) / 2 + 0.15 * 100 + 0.15 * 100
ZHAO = (2 * ZHAO_INQUIRY + 1 * ZHAO_REPRESENTATIVE) / 3

PEOPLE = {  # id → (name, department, role, total, grade, rank in department)
    "000123": ("王芳", "客户服务一部", "cs_inquiry", 100.0, "A", 2),
    "000456": ("李雷", "客户服务一部", "cs_inquiry", LI, "B", 4),
    "456": ("韩梅梅", "客户服务一部", "cs_inquiry", HAN, "A", 1),
    "E2001": ("赵敏", "客户服务一部", "cs_representative", ZHAO, "B", 3),
    "E2002": ("钱进", "客户服务二部", "cs_inquiry", 100.0, "A", 1),
    "E3001": ("孙丽", "客户服务二部", "cs_inquiry", SUN, "D", 2),
    "E3002": ("周强", "客户服务二部", "cs_inquiry", 100.0, "A", 1),
    "e3002": ("吴刚", "客户服务二部", "cs_inquiry", 100.0, "A", 1),
}


def test_hand_computed_role_change_figures():
    assert ZHAO_INQUIRY == pytest.approx(95.140741, abs=1e-6)
    assert ZHAO_REPRESENTATIVE == pytest.approx(104.283333, abs=1e-6)
    assert ZHAO == pytest.approx(98.188272, abs=1e-6)  # rounds to 98.2: B


@pytest.fixture(scope="module")
def scored():
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    res = CliRunner().invoke(app, ["score", *MONTHS, "--format", "json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)


def test_score_lists_every_person_once_with_the_hand_computed_total(scored):
    got = {e["employee_id"]: e for e in scored["employees"]}
    assert len(scored["employees"]) == len(got) == 8
    assert set(got) == set(PEOPLE)
    for pid, (name, dep, role, total, grade, rank) in PEOPLE.items():
        e = got[pid]
        assert (e["name"], e["department"], e["role"], e["grade"], e["rank_in_department"], e["status"]) == (
            name, dep, role, grade, rank, "ok"), pid
        assert e["total"] == pytest.approx(total, abs=1e-9), pid
    assert scored["summary"]["employees"] == 8
    assert [(d["department"], d["graded"]) for d in scored["summary"]["departments"]] == [
        ("客户服务一部", 4), ("客户服务二部", 4), (None, 8)]


def test_every_figure_of_a_merged_person_is_combined(scored):
    e = next(x for x in scored["employees"] if x["employee_id"] == "E3001")
    values = {m["code"]: m["value"] for m in e["measures"] if m["value"] is not None}
    # three months (E3001, e3001, E 3001): means of the rates, the sum of the monthly count, all-months yes/no
    assert values == {"call_minutes": 12, "calls_answered_in_30s": 90, "supervisor_calls_per_month": 21,
                      "friendliness_score": 80, "accurate_information_pct": 95, "days_to_resolve_disagreement": 40,
                      "emergency_reporting": 0}
    wang = next(x for x in scored["employees"] if x["employee_id"] == "000123")
    assert {m["code"]: m["value"] for m in wang["measures"]}["supervisor_calls_per_month"] == 15  # 5 × 3 months


def test_the_role_change_is_one_record_with_both_parts(scored):
    e = next(x for x in scored["employees"] if x["employee_id"] == "E2001")
    assert "role-change" in e["flags"]
    # The blank per-year counts are not due on the parts' months (half-yearly and quarterly cycles:
    # two months of 客户咨询, one of 客户服务代表), so they are not missing: each part is fully covered.
    assert e["coverage"] == pytest.approx(1.0)
    parts = [(p["role"], p["months"], p["share"], p["total"], p["coverage"], p["status"]) for p in e["role_parts"]]
    assert parts == [
        ("cs_inquiry", ["2026-07", "2026-08"], pytest.approx(2 / 3), pytest.approx(ZHAO_INQUIRY), 1.0, "ok"),
        ("cs_representative", ["2026-09"], pytest.approx(1 / 3), pytest.approx(ZHAO_REPRESENTATIVE), 1.0, "ok"),
    ]
    statuses = {m["code"]: m["status"] for m in e["role_parts"][0]["measures"]}
    assert statuses["disagreements_per_year"] == statuses["supervisor_complaints_per_year"] == "not_due"
    inquiry = {m["code"]: (m["value"], m["points"]) for m in e["role_parts"][0]["measures"] if m["assessed"]}
    assert inquiry["supervisor_calls_per_month"] == (14, pytest.approx(84))  # thresholds of two months: 10 / 20
    assert inquiry["call_minutes"] == (10, pytest.approx(60 + 40 * 3.5 / 4.5))
    rep = {m["code"]: (m["value"], m["points"]) for m in e["role_parts"][1]["measures"] if m["assessed"]}
    assert rep["escalated_calls"] == (4, pytest.approx(110))  # one month: 3 / 5 / 10
    assert all("role_parts" not in x for x in scored["employees"] if x["employee_id"] != "E2001")


def test_identity_warnings_are_located_and_name_the_spellings(scored):
    got = [(p["type"], Path(p["file"]).name, p["sheet"], p["cell"], p["employee_id"]) for p in scored["problems"]]
    assert got == [
        ("id-spellings-merged", "2026-09.xlsx", "客户咨询", "A2", "000123"),
        ("id-spellings-apart", "2026-09.xlsx", "客户咨询", "A4", "456"),
        ("id-spellings-merged", "2026-08.xlsx", "客户咨询", "A6", "E3001"),
        ("id-spellings-apart", "2026-09.xlsx", "客户咨询", "A8", "e3002"),
        ("employee-missing-month", "2026-09.xlsx", None, None, "456"),
        ("employee-missing-month", "2026-09.xlsx", None, None, "e3002"),
        ("department-change", "2026-09.xlsx", "客户咨询", "A5", "E2002"),
        ("role-change", "2026-09.xlsx", "客户服务代表", "A2", "E2001"),
    ]
    by_type = {p["type"] + p["employee_id"]: p for p in scored["problems"]}
    assert "000123, 123" in by_type["id-spellings-merged000123"]["message_zh"]
    assert "E3001, e3001, E 3001" in by_type["id-spellings-mergedE3001"]["message_en"]
    assert "000456 (李雷), 456 (韩梅梅)" in by_type["id-spellings-apart456"]["message_en"]
    assert "E3002 (周强), e3002 (吴刚)" in by_type["id-spellings-aparte3002"]["message_en"]
    assert "客户服务一部 → 客户服务二部" in by_type["department-changeE2002"]["message_zh"]
    assert "Customer Inquiry (2026-07, 2026-08) → Customer Service Representative (2026-09)" in by_type[
        "role-changeE2001"]["message_en"]


def test_validate_counts_people_not_rows(runner, app):
    res = runner.invoke(app, ["validate", *MONTHS, "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert (data["valid"], data["counts"]["rows"], data["counts"]["employees"], data["counts"]["ok"]) == (True, 20, 8, 8)
    assert sorted(r["employee_id"] for r in data["records"]) == sorted(PEOPLE)
    text = runner.invoke(app, ["validate", *MONTHS, "--lang", "zh"])
    assert "20行数据，8名员工：8正常" in "".join(text.stdout.split())


def test_explain_shows_both_parts_and_the_weighted_total(runner, app):
    res = runner.invoke(app, ["score", *MONTHS, "--explain", "E2001", "--lang", "en"], env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    out = " ".join(res.stdout.split())
    assert "Role Customer Inquiry (2026-07, 2026-08, 2 month(s)): total 95.1407" in out
    assert "Role Customer Service Representative (2026-09, 1 month(s)): total 104.2833" in out
    assert "(2×95.1407 + 1×104.2833) ÷ 3 = 98.1883" in out
    assert "Total 98.2" in out and "grade B" in out
    assert "≤ 10: 100 points; 20: 60" in out  # the inquiry part's monthly count, scaled to its two months


def test_explain_finds_a_person_by_another_spelling_of_the_id(runner, app):
    res = runner.invoke(app, ["score", *MONTHS, "--explain", "123", "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert res.stdout.startswith("000123 王芳")


def test_excel_and_html_reports_list_each_person_once_with_every_figure(runner, app, tmp_path):
    xlsx, html = tmp_path / "r.xlsx", tmp_path / "r.html"
    res = runner.invoke(app, ["score", *MONTHS, "--lang", "en", "-o", str(xlsx), "--html", str(html)])
    assert res.exit_code == 0, res.output
    wb = openpyxl.load_workbook(xlsx, read_only=True)
    rows = list(wb["Summary"].iter_rows(values_only=True))
    col = {h: i for i, h in enumerate(rows[0])}
    ids = [r[col["Employee ID"]] for r in rows[1:] if r[col["Employee ID"]] is not None]
    assert sorted(ids) == sorted(PEOPLE)
    zhao = next(r for r in rows[1:] if r[col["Employee ID"]] == "E2001")
    assert zhao[col["Total"]] == pytest.approx(98.2) and zhao[col["Grade"]] == "B"
    assert "Customer Inquiry (2026-07, 2026-08, 67% of the period): total 95.1" in zhao[col["Flags"]]
    # The role sheets: the person's row on the last role's sheet; the earlier months in the other
    # role on that role's sheet, with their figures, as a part without a grade or a rank.
    listed = {ws.title: [r for r in ws.iter_rows(values_only=True) if r and r[0] == "E2001"]
              for ws in wb.worksheets if ws.title != "Summary"}
    assert {k: len(v) for k, v in listed.items() if v} == {"Customer Inquiry": 1, "Customer Service Representative": 1}
    part = listed["Customer Inquiry"][0]
    assert part[3:11] == (10, pytest.approx(60 + 40 * 3.5 / 4.5), 95, 100, 14, 84, None, "not due")
    assert part[-7:] == (95.1, None, 1.0, "ok", None, None,
                         "Role before a change (2026-07, 2026-08, 67% of the period total): not graded on its own; "
                         "the period total is on the Summary")
    cards = Cards()
    cards.feed(html.read_text(encoding="utf-8"))
    assert len(cards.cards) == 8
    zhao_cards = [c for c in cards.cards if "E2001" in c]
    assert len(zhao_cards) == 1
    card = " ".join(zhao_cards[0].split())
    assert "Customer Service Representative (2026-09, 33% of the period): total 104.3" in card
    # every figure of both parts is on the one form, each group named with its role and months
    assert "Customer Inquiry (2026-07, 2026-08) · Handling customer calls · 20%" in card
    assert "Customer Service Representative (2026-09) · Handling customer calls · 25%" in card
    assert "14 is between target 10 and the ceiling 20" in card


# --- the rules on small frames ---------------------------------------------------------------
def _records(rows):
    return pd.DataFrame(rows, columns=["employee_id", "name", "period", "file", "sheet", "row", "role", "has_error"])


def test_similar_ids_without_names_stay_apart_with_a_warning():
    recs = _records([["000123", None, "2026-07", "a.csv", None, 2, "cs_inquiry", False],
                     ["123", None, "2026-08", "b.csv", None, 2, "cs_inquiry", False]])
    problems = unify_ids(recs, np.array([True, True]), recs["period"])
    assert recs["employee_id"].tolist() == ["000123", "123"]
    assert [(p.type, p.file, p.row, p.employee_id) for p in problems] == [("id-spellings-apart", "b.csv", 2, "123")]


def test_the_chosen_spelling_has_the_most_zeros_then_no_spaces_then_capitals():
    recs = _records([["e 0123", "张三", "2026-07", "a.csv", None, 2, "x", False],
                     ["E0123", "张三", "2026-08", "b.csv", None, 2, "x", False],
                     ["e0123", "张 三", "2026-09", "c.csv", None, 2, "x", False],
                     ["E 0123", "李四", "2026-09", "c.csv", None, 3, "x", False],
                     ["123", "王五", "2026-07", "a.csv", None, 3, "x", False],
                     ["0000123", "王五", "2026-09", "c.csv", None, 4, "x", False]])
    problems = unify_ids(recs, np.array([True] * 6), recs["period"])
    assert recs["employee_id"].tolist() == ["E0123", "E0123", "E0123", "E 0123", "0000123", "0000123"]
    assert [(p.type, p.file, p.row, p.employee_id, p.value) for p in problems] == [
        ("id-spellings-merged", "a.csv", 2, "E0123", "e 0123"),
        ("id-spellings-apart", "c.csv", 3, "E 0123", "E 0123"),
        ("id-spellings-merged", "a.csv", 3, "0000123", "123"),
    ]
    assert "E0123 (张三), E 0123 (李四)" in problems[1].message_en
    assert "letter case or spaces" in problems[0].message_en and "leading zeros" in problems[2].message_en


def test_an_error_in_an_earlier_role_makes_the_person_invalid(runner, app, tmp_path):
    head = "工号,姓名,部门,岗位,期间,平均每次通话时长,客户对咨询员热情程度的打分,客户对热情程度的打分\n"
    files = []
    for month, line in (("07", "E1,甲,一部,客户咨询,2026-07,N/A,90,"), ("08", "E1,甲,一部,客户咨询,2026-08,9,90,"),
                        ("09", "E1,甲,二部,客户服务代表,2026-09,8,,85")):
        path = tmp_path / f"m{month}.csv"
        path.write_text(head + line + "\n", encoding="utf-8")
        files.append(str(path))
    res = runner.invoke(app, ["score", *files, "--format", "json"])
    assert res.exit_code == 1
    data = json.loads(res.stdout)
    assert [(e["employee_id"], e["role"], e["department"], e["status"], e["grade"]) for e in data["employees"]] == [
        ("E1", "cs_representative", "二部", "invalid", None)]
    assert [p["status"] for p in data["employees"][0]["role_parts"]] == ["invalid", "incomplete"]
    types = [p["type"] for p in data["problems"]]
    assert types.count("role-change") == 1 and types.count("department-change") == 1
    assert "employee-missing-month" not in types


def test_role_parts_table_of_the_library(catalogue):
    """kpi_cli.scoring.role_change: one row per role part, in month order, shares and totals as the JSON."""
    from kpi_cli.scoring.pipeline import score_files
    from kpi_cli.scoring.role_change import ROLE_PARTS_COLUMNS

    result = score_files(MONTHS, catalogue)
    parts = result.role_parts
    assert tuple(parts.columns) == ROLE_PARTS_COLUMNS
    zhao = parts[parts["role"].isin(["cs_inquiry", "cs_representative"]) & parts["record"].duplicated(keep=False)]
    assert zhao["role"].tolist() == ["cs_inquiry", "cs_representative"]
    assert zhao["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert zhao["total"].tolist() == pytest.approx([ZHAO_INQUIRY, ZHAO_REPRESENTATIVE], abs=1e-6)
    record = zhao["record"].iloc[0]
    assert result.employees.at[record, "total"] == pytest.approx(ZHAO, abs=1e-6)


def test_an_id_saved_as_a_decimal_is_the_same_person(tmp_path, catalogue, runner, app):
    """A CSV of July with ids "1001.0" (a program made the id column decimal) and a workbook of
    August with 1001: one person over the two months, the decimal ids warned once per sheet."""
    july = tmp_path / "2026-07.csv"
    july.write_text("工号,姓名,岗位,平均每次通话时长\n1001.0,张三,客户咨询,8\n1002.00,李四,客户咨询,9\n1003,王五,客户咨询,7\n",
                    encoding="utf-8")
    august = tmp_path / "2026-08.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工号", "姓名", "岗位", "平均每次通话时长"])
    for row in ([1001, "张三", "客户咨询", 10], [1002, "李四", "客户咨询", 11], [1003, "王五", "客户咨询", 9]):
        wb.active.append(row)
    wb.save(august)
    ds = read_inputs([july], catalogue)
    assert list(ds.records["employee_id"]) == ["1001", "1002", "1003"]
    assert [(p.type, p.cell, p.value, p.params["count"]) for p in ds.problems] == [("decimal-id", "A2", "1001.0", 2)]
    res = runner.invoke(app, ["score", str(july), str(august), "--period", "2026-H2", "--format", "json"])
    doc = json.loads(res.stdout)
    minutes = {e["employee_id"]: next(m["value"] for m in e["measures"] if m["code"] == "call_minutes")
               for e in doc["employees"]}
    assert minutes == {"1001": 9.0, "1002": 10.0, "1003": 8.0}  # two months each, one record each
