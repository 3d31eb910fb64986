"""`kpi template` on the command line: files written, roster report, refusals and exit codes."""

from __future__ import annotations

import json

import openpyxl
import pytest

ROSTER = "工号,姓名,部门,岗位\n00123,张三,客服一组,客户咨询\n,王五,客服一组,客户咨询\n1004,赵六,采购部,采购专员\n1005,李四,采购部,buyer\n"


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
    assert lines[1].startswith("error staff.csv › D4: The roster's role '采购专员' is not in the catalogue; close matches: buyer")
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
