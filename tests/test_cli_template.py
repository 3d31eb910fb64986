"""`kpi template` on the command line: files written, roster report, refusals and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

ROSTER = "工号,姓名,部门,岗位\n00123,张三,客服一组,客户咨询\n,王五,客服一组,客户咨询\n1004,赵六,采购部,采购助理\n1005,李四,采购部,buyer\n"


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KPI_LANG", raising=False)
    monkeypatch.delenv("KPI_CATALOGUE", raising=False)
    return tmp_path


def run(runner, app, *args):
    return runner.invoke(app, ["template", *args])


def test_two_roles_default_name(runner, app, here):
    result = run(runner, app, "客户咨询", "cs_representative", "--period", "2026-Q3", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "Wrote kpi-template-2026-Q3.xlsx (2 roles, 0 employees)"
    wb = openpyxl.load_workbook(here / "kpi-template-2026-Q3.xlsx")
    assert wb.sheetnames == ["Instructions", "Customer Inquiry", "Customer Service Representative", "_kpi"]
    assert [c.value for c in wb["Customer Inquiry"][1]][:5] == ["Employee ID", "Name", "Department", "Role", "Average call length"]


def test_all_roles_json(runner, app, here):
    result = run(runner, app, "--all", "-o", "all.xlsx", "--format", "json", "--lang", "zh")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [f["path"] for f in data["files"]] == ["all.xlsx"]
    assert len(data["files"][0]["roles"]) == 17 and data["problems"] == []
    assert len(openpyxl.load_workbook(here / "all.xlsx").sheetnames) == 19


def test_split_one_file_per_role(runner, app, here):
    result = run(runner, app, "buyer", "cs_inquiry", "--split", "-o", "forms", "--format", "json")
    assert result.exit_code == 0, result.stderr
    files = json.loads(result.stdout)["files"]
    assert [(f["path"], f["roles"]) for f in files] == [
        ("forms/buyer.xlsx", ["buyer"]),
        ("forms/cs_inquiry.xlsx", ["cs_inquiry"]),
    ]
    assert sorted(p.name for p in (here / "forms").iterdir()) == ["buyer.xlsx", "cs_inquiry.xlsx"]
    # -o naming a file with --split is wrong usage.
    (here / "x.xlsx").write_bytes(b"")
    assert run(runner, app, "buyer", "--split", "-o", "x.xlsx").exit_code == 2


def test_roster_prefill_and_report(runner, app, here):
    (here / "staff.csv").write_text(ROSTER, encoding="utf-8")
    result = run(runner, app, "--roster", "staff.csv", "--lang", "en", "--format", "json")
    assert result.exit_code == 1  # rows that could not be placed…
    data = json.loads(result.stdout)
    assert [(p["row"], p["column"], p["type"]) for p in data["problems"]] == [
        (3, "A", "roster-missing-id"),
        (4, "D", "roster-unknown-role"),
    ]
    # …and everything else still written: the roster's roles, in catalogue order.
    assert data["files"] == [
        {"path": "kpi-template.xlsx", "roles": ["cs_inquiry", "buyer"], "sheets": ["Customer Inquiry", "Buyer"], "employees": 2}
    ]
    wb = openpyxl.load_workbook(here / "kpi-template.xlsx")
    assert [c.value for c in wb["Customer Inquiry"][2][:4]] == ["00123", "张三", "客服一组", "Customer Inquiry"]
    assert [c.value for c in wb["Buyer"][2][:4]] == ["1005", "李四", "采购部", "Buyer"]


def test_roster_report_lines_on_stderr(runner, app, here):
    (here / "staff.csv").write_text(ROSTER, encoding="utf-8")
    result = run(runner, app, "cs_inquiry", "--roster", "staff.csv", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.strip() == "Wrote kpi-template.xlsx (1 roles, 1 employees)"
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error staff.csv › A3: This row (name: 王五) has no employee ID")
    assert lines[1].startswith("error staff.csv › D4: The roster's role '采购助理' is not in the catalogue; close matches: ")
    assert lines[2].startswith("warning staff.csv: 1 roster employees have the role Buyer (buyer)")


def test_refuses_to_overwrite_without_force(runner, app, here):
    assert run(runner, app, "buyer").exit_code == 0
    before = (here / "kpi-template.xlsx").read_bytes()
    result = run(runner, app, "cs_inquiry", "--lang", "en")
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert (here / "kpi-template.xlsx").read_bytes() == before
    assert run(runner, app, "cs_inquiry", "--force").exit_code == 0
    assert openpyxl.load_workbook(here / "kpi-template.xlsx").sheetnames == ["填写说明", "客户咨询", "_kpi"]


def test_never_overwrites_the_roster(runner, app, here):
    wb = openpyxl.Workbook()
    wb.active.append(["工号", "岗位"])
    wb.active.append(["1", "buyer"])
    wb.save(here / "staff.xlsx")
    before = (here / "staff.xlsx").read_bytes()
    result = run(runner, app, "--roster", "staff.xlsx", "-o", "staff.xlsx", "--force", "--lang", "en")
    assert result.exit_code == 2
    assert "is the roster itself" in result.stderr
    assert (here / "staff.xlsx").read_bytes() == before
    result = run(runner, app, "--roster", "staff.xlsx", "-o", "form.xlsx")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    "args, needle",
    [
        ([], "--all"),
        (["cs_inqury"], "cs_inquiry"),
        (["buyer", "--period", "2026-Q5"], "2026-Q3"),
        (["buyer", "-o", "out.txt"], ".xlsx"),
        (["buyer", "--roster", "missing.csv"], "missing.csv"),
    ],
)
def test_wrong_usage_exits_2(runner, app, here, args, needle):
    result = run(runner, app, *args, "--lang", "en")
    assert result.exit_code == 2
    assert needle in result.stderr
    assert not list(here.glob("*.xlsx"))


def test_output_folder_gets_the_default_name(runner, app, here):
    (here / "out").mkdir()
    result = run(runner, app, "buyer", "-o", "out", "--period", "2026-07", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["files"][0]["path"] == "out/kpi-template-2026-07.xlsx"


def test_unreadable_roster_is_one_line_exit_1(runner, app, here):
    (here / "staff.csv").write_text("姓名,岗位\n张三,buyer\n", encoding="utf-8")
    result = run(runner, app, "buyer", "--roster", "staff.csv", "--lang", "en")
    assert result.exit_code == 1
    assert "no 'Employee ID' column" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (here / "kpi-template.xlsx").exists()


# --- rosters: hostile files, a template as the roster, duplicates ----------------------------------
BAD = Path(__file__).parent / "data" / "bad"
# Rosters that cannot be used at all: one located line per problem, exit 1, nothing written.
REFUSED = {
    "billion_laughs.xlsx", "empty.csv", "empty.xlsx", "encrypted.xlsx", "external_entity.xlsx",
    "header_only.csv", "header_only.xlsx", "huge_string_count.xlsx", "no_matching_sheet.xlsx",
    "not_a_csv.csv", "old.xls", "random_bytes.csv", "report.pdf", "scattered_cells.xlsx",
    "text_renamed.xlsx", "truncated.xlsx", "word_document.xlsx", "zip_bomb.xlsx",
    "zip_bomb_declared.xlsx", "zip_size_lie.xlsx",
}
# Rosters with rows that cannot be placed: the rest is written, exit 1.
WRITTEN_WITH_ERRORS = {"cells_without_reference.xlsx", "duplicate_employees.csv", "formulas_and_errors.xlsx", "unknown_role.csv",
                       "overflowing_months.csv"}  # monthly rows: each person three times
WRITTEN = {
    "bad_values.xlsx", "duplicate_columns.xlsx", "gbk.csv", "good.csv", "hidden_rows_columns.xlsx",
    "long_text.csv", "merged_header.xlsx", "million_rows.xlsx", "ragged.csv", "semicolon.csv",
    "unclosed_quote.csv", "utf16.csv", "utf8_bom.csv", "nan_inf.xlsx", "nan_inf.csv",
    "excel365_errors.xlsx",  # figures are no roster's business: its people are placed
}
CORPUS = sorted(p.name for p in BAD.iterdir() if p.name not in ("generate.py", "__pycache__", "catalogues"))


@pytest.mark.parametrize("name", CORPUS)
def test_every_bad_file_as_a_roster_exits_cleanly(runner, app, here, name):
    result = run(runner, app, "--roster", str(BAD / name), "-o", "out.xlsx", "--lang", "en")
    output = result.stdout + result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output and "internal error" not in output
    written = (here / "out.xlsx").exists()
    if name == "a_folder.xlsx":  # a folder is refused by the option itself: wrong usage
        assert (result.exit_code, written) == (2, False)
        return
    assert name in REFUSED | WRITTEN_WITH_ERRORS | WRITTEN, f"{name}: a new corpus file; say what --roster does with it"
    if name in REFUSED:
        assert (result.exit_code, written) == (1, False), output
        lines = result.stderr.strip().splitlines()
        assert lines and all(line.startswith(("error ", "warning ")) for line in lines), output
        assert lines[0].startswith(f"error {name}"), output  # located: the roster's name, sheet, cell
    else:
        assert (result.exit_code, written) == (1 if name in WRITTEN_WITH_ERRORS else 0, True), output
        assert result.stdout.startswith("Wrote out.xlsx")


def test_hostile_workbooks_are_refused_before_calamine_reads_them(catalogue):
    from kpi_cli.errors import InputFileError
    from kpi_cli.readers.roster import read_roster

    causes = {}
    for name in ("huge_string_count.xlsx", "zip_bomb_declared.xlsx", "billion_laughs.xlsx"):
        with pytest.raises(InputFileError) as exc:
            read_roster(BAD / name, catalogue, "en")
        causes[name] = (exc.value.problem.type, exc.value.problem.params["cause"])
    assert causes == {
        "huge_string_count.xlsx": ("roster-unreadable", "corrupt-workbook"),
        "zip_bomb_declared.xlsx": ("roster-unreadable", "zip-bomb"),
        "billion_laughs.xlsx": ("roster-unreadable", "xml-entities"),
    }


def test_header_only_roster_says_why_no_roles(runner, app, here):
    result = run(runner, app, "--roster", str(BAD / "header_only.csv"), "--lang", "zh")
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        "错误 header_only.csv: 名单 header_only.csv 中没有哪一行同时有工号和目录中的岗位，无法按名单选择岗位；"
        "请检查名单的工号和岗位列，或直接指定岗位 / 使用 --all。",
        "警告 header_only.csv: 名单只有表头，没有员工行。",
    ]
    assert not list(here.glob("*.xlsx"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_filled_template_is_a_roster(runner, app, here, lang):
    assert run(runner, app, "--all", "-o", "all.xlsx", "--lang", lang).exit_code == 0
    wb = openpyxl.load_workbook(here / "all.xlsx")
    inquiry, buyer = ("客户咨询", "采购") if lang == "zh" else ("Customer Inquiry", "Buyer")
    wb[inquiry].append(["1001", "张三", "客服一组", inquiry])
    wb[inquiry].append([1002, "李四", "客服一组", None])  # blank role: the sheet's role (from _kpi)
    wb[buyer].append(["00123", "王五", "采购部", "buyer"])
    wb.save(here / "all.xlsx")
    result = run(runner, app, "--roster", "all.xlsx", "-o", "staff.xlsx", "--format", "json", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["problems"] == []
    assert [(f["roles"], f["employees"]) for f in data["files"]] == [(["cs_inquiry", "buyer"], 3)]
    out = openpyxl.load_workbook(here / "staff.xlsx")
    assert [r[:4] for r in out["Customer Inquiry"].iter_rows(min_row=2, values_only=True)] == [
        ("1001", "张三", "客服一组", "Customer Inquiry"),
        ("1002", "李四", "客服一组", "Customer Inquiry"),
    ]
    assert [r[:4] for r in out["Buyer"].iter_rows(min_row=2, values_only=True)] == [("00123", "王五", "采购部", "Buyer")]


def test_duplicate_id_is_written_once_and_reported(runner, app, here):
    (here / "staff.csv").write_text("工号,姓名,岗位\n1001,张三,buyer\n1002,李四,buyer\n1001,张三丰,buyer\n", encoding="utf-8")
    result = run(runner, app, "--roster", "staff.csv", "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [(p["row"], p["column"], p["type"], p["severity"]) for p in data["problems"]] == [
        (4, "A", "roster-duplicate-id", "error")
    ]
    assert "already appears at A2" in data["problems"][0]["message_en"]
    assert data["files"][0]["employees"] == 2
    rows = list(openpyxl.load_workbook(here / "kpi-template.xlsx")["Buyer"].iter_rows(min_row=2, values_only=True))
    assert [r[:2] for r in rows] == [("1001", "张三"), ("1002", "李四")]
