"""kpi_cli.terminal: the Rich tables of `kpi score`, in zh and en, with located problems."""

from __future__ import annotations

import pytest
from rich.console import Console

from kpi_cli.problems import Problem
from kpi_cli.terminal import problem_summary, render_score, sort_employees
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


def test_problem_lines_name_the_place_in_the_language():
    problems = [Problem("duplicate-employee", file="a.xlsx", sheet="S", row=7, employee_id="E1",
                        params={"count": 2, "others": "S!A9"}),
                Problem("summary-row", file="a.xlsx", sheet="S", row=9, column="C")]
    zh = rendered(lambda c: c.print(problem_summary(_Result(problems), "zh", ["a.xlsx"])))
    en = rendered(lambda c: c.print(problem_summary(_Result(problems), "en", ["a.xlsx"])))
    assert "a.xlsx › S › 第 7 行:" in zh and "a.xlsx › S › C9:" in zh
    assert "a.xlsx › S › row 7:" in en and "row" not in zh


class _Result:
    def __init__(self, problems):
        self.problems = problems
