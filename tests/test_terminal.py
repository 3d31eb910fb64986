"""kpi_cli.terminal: the Rich tables and lines of the commands, in zh and en, with located problems."""

from __future__ import annotations

import pytest
from rich.console import Console

from kpi_cli.problems import Problem
from kpi_cli.terminal.catalogue import render_catalogue_check, render_catalogue_diff, render_role, render_roles
from kpi_cli.terminal.console import error_line, say
from kpi_cli.terminal.explain import render_explain
from kpi_cli.terminal.outputs import render_export, render_written
from kpi_cli.terminal.problems import problem_lines, problem_summary, problem_table, render_problems
from kpi_cli.terminal.score import render_score, sort_employees
from kpi_cli.terminal.validation import render_validation
from test_report_excel import make_result


@pytest.fixture(scope="module")
def result(catalogue):
    return make_result(catalogue)


def rendered(renderable_or_fn) -> str:
    console = Console(record=True, width=220, color_system=None, soft_wrap=False)
    renderable_or_fn(console)
    return console.export_text()


def test_score_tables_in_both_languages(result):
    zh = rendered(lambda c: render_score(c, result, "zh", ["2026-Q3.xlsx"]))
    en = rendered(lambda c: render_score(c, result, "en", ["2026-Q3.xlsx"]))
    assert "2026-Q3" in zh and "2026-Q3" in en
    assert "客户咨询" in zh and "Customer Inquiry" in en
    for emp_id in ("E001", "E004", "E007"):  # everyone is listed, the unknown role too
        assert emp_id in zh and emp_id in en
    assert "kpi validate 2026-Q3.xlsx" in zh and "kpi validate 2026-Q3.xlsx" in en


def test_sort_by_name_and_by_total(result):
    emp = result.employees
    by_total = sort_employees(emp, "total")["total_rounded"].dropna().tolist()
    assert by_total == sorted(by_total, reverse=True)
    assert sorted(sort_employees(emp, "name").index) == sorted(emp.index)


def test_explain_lists_the_flags_as_their_codes(result):
    text = rendered(lambda c: render_explain(c, result, 1, "en"))  # 1: two blank measures
    assert "Flags: missing:call_minutes, missing:friendliness_score" in text


# --- problems: one table for validate, catalogue check and the summary under score ----------------
DUPLICATE = Problem("duplicate-employee", file="a.xlsx", sheet="S", row=7, column="A", employee_id="E1", value="E1",
                    params={"count": 2, "others": "S!A9"})
SUMMARY_ROW = Problem("summary-row", severity="warning", file="a.xlsx", sheet="S", row=9, column="C")
UNREADABLE = Problem("no-matching-sheet", file="b.csv")


def header(text: str) -> list[str]:
    line = next(x for x in text.splitlines() if "┃" in x)
    return [cell.strip() for cell in line.split("┃")[1:-1]]


def test_one_table_the_same_columns_everywhere():
    full = rendered(lambda c: c.print(problem_table([DUPLICATE, SUMMARY_ROW], "en")))
    assert header(full) == ["Severity", "Location", "Problem", "Employee", "Value", "How to fix"]
    assert "a.xlsx › S › A7" in full and "a.xlsx › S › C9" in full
    grouped = rendered(lambda c: render_problems(c, [DUPLICATE, SUMMARY_ROW, UNREADABLE], "zh"))
    assert header(grouped) == ["级别", "位置", "问题", "工号", "值", "说明"]
    lines = grouped.splitlines()
    assert lines[0] == "a.xlsx › S" and "b.csv" in lines  # a heading per file and sheet …
    assert "a.xlsx › S › A7" not in grouped and "│ A7 " in grouped  # … and the cell under it
    assert "（文件）" in grouped  # a problem with the whole file
    # columns no problem fills are left out (a catalogue's problems name no employee)
    assert header(rendered(lambda c: c.print(problem_table([UNREADABLE], "en")))) == [
        "Severity", "Location", "Problem", "How to fix"]


def test_a_row_or_a_yaml_line_is_said_in_words():
    row = Problem("summary-row", file="a.xlsx", sheet="S", row=9)
    line = Problem("catalogue-bad-choice", file="c.yaml", line=86, value="highr",
                   params={"key": "rule", "value": "highr", "allowed": "higher, lower"})
    text = rendered(lambda c: render_problems(c, [row, line], "en"))
    assert "│ row 9 " in text and "│ line 86 " in text


def test_the_summary_under_score_is_the_same_table():
    zh = rendered(lambda c: c.print(problem_summary([SUMMARY_ROW, DUPLICATE], "zh", ["a.xlsx"])))
    en = rendered(lambda c: c.print(problem_summary([SUMMARY_ROW, DUPLICATE], "en", ["a.xlsx"])))
    assert header(zh) == ["级别", "位置", "问题", "工号", "值", "说明"]
    assert zh.splitlines()[1] == "a.xlsx › S" and "│ A7 " in en and "│ C9 " in en
    assert en.index("│ A7 ") < en.index("│ C9 ")  # errors first
    assert "kpi validate a.xlsx" in zh
    many = rendered(lambda c: c.print(problem_summary([SUMMARY_ROW] * 10, "en", ["a.xlsx"], limit=3)))
    assert "7 more problems" in many


def test_problem_lines_speak_the_language(capsys):
    problem_lines([DUPLICATE, SUMMARY_ROW], "zh")
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("错误 a.xlsx › S › A7: ") and err[1].startswith("警告 a.xlsx › S › C9: ")
    problem_lines([SUMMARY_ROW] * 4, "en", limit=2)
    assert capsys.readouterr().err.splitlines()[-1] == "… 2 more problems"


def test_lines_are_never_read_as_markup(capsys):
    say("[bold]x[/bold] [/y]")
    error_line("bad [/file].xlsx", "en")
    out, err = capsys.readouterr()
    assert out.strip() == "[bold]x[/bold] [/y]" and err.strip() == "error bad [/file].xlsx"
    render_written(["r[1].xlsx"], "en")
    assert capsys.readouterr().err.strip() == "Wrote r[1].xlsx"


def test_validation_report(tmp_path, catalogue):
    from kpi_cli import validate_files

    f = tmp_path / "2026-07.csv"
    f.write_text("工号,姓名,岗位,平均每次通话时长\nE1,张三,客户咨询,N/A\n", encoding="utf-8")
    text = rendered(lambda c: render_validation(c, validate_files([f], catalogue), "en"))
    assert f"{f} › " not in text.splitlines()[0] and str(f) in text.splitlines()[0]
    assert "not-a-number" in text and "Not valid" in text


def test_export_refused_by_strict_lists_its_errors(capsys, result):
    render_export(None, result, "en")
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert out == "" and lines[0] == "The input has 3 errors (or a missing month): with --strict nothing was written:"
    assert [x.split(" ", 1)[0] for x in lines[1:]] == ["error"] * 3  # the errors, not the warning


def test_catalogue_on_the_terminal(catalogue):
    roles = rendered(lambda c: render_roles(c, catalogue, "en"))
    assert "cs_inquiry" in roles and "Customer Inquiry" in roles
    role = rendered(lambda c: render_role(c, catalogue.get("buyer"), "zh"))
    assert "采购" in role
    diff = rendered(lambda c: render_catalogue_diff(c, [], "builtin", "x.yaml", "en"))
    assert "builtin" in diff and "x.yaml" in diff


def test_catalogue_check_in_reading_order(catalogue):
    measures = Problem("catalogue-xlsx-stray-cell", severity="warning", file="c.xlsx", sheet="Measures", row=2,
                       column="B", value="x", params={"value": "x"})
    roles = Problem("catalogue-xlsx-stray-cell", severity="warning", file="c.xlsx", sheet="Roles", row=5,
                    column="C", value="y", params={"value": "y"})
    text = rendered(lambda c: render_catalogue_check(c, catalogue, [measures, roles], True, "c.xlsx", "en"))
    assert text.index("c.xlsx › Roles") < text.index("c.xlsx › Measures")
    assert "│ C5 " in text and "│ B2 " in text
