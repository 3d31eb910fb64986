"""The HTML view model (kpi_cli.reports.html_model): what each page shows, asserted without rendering."""

from __future__ import annotations

import pandas as pd
import pytest

from test_report_excel import GENERATED, HOSTILE, make_result

LINKS = {"index": "index.html", "departments": {"客户服务部": "departments/cs.html", "采购部": "departments/buy.html"},
         "employees": {0: "employees/E001.html", 3: "employees/E004.html"}, "excel": "kpi-2026-Q3.xlsx"}


@pytest.fixture(scope="module")
def result(catalogue):
    return make_result(catalogue)


def test_employee_page_identity_total_grade_and_links(result):
    from kpi_cli.reports.html_model import employee_page

    ctx = employee_page(result, 0, "zh", links=LINKS, generated_at=GENERATED)
    c = ctx["card"]
    assert (ctx["title"], ctx["back"], ctx["back_department"], ctx["generated"]) == (
        "张三 · 绩效考核表 · 2026-Q3", "../index.html", "../departments/cs.html", GENERATED)
    assert (c.anchor, c.id, c.name, c.department, c.role, c.role_code, c.status, c.status_label) == (
        "e0", "E001", "张三", "客户服务部", "客户咨询", "cs_inquiry", "ok", "正常")
    assert (c.total, c.grade, c.grade_name, c.gclass, c.coverage, c.rank_role, c.rank_dep) == (
        "102.7", "A", "优秀", "g1", "100%", "2", "2")
    assert (c.source, c.flags, c.role_parts, c.change, c.coefficient, c.bonus_base, c.payout, c.calibrated) == (
        "2026-Q3.xlsx › Sheet1 › 行 2", [], [], None, "—", "", "", "")


def test_employee_page_measures_and_chart_are_texts(result):
    from kpi_cli.reports.html_model import employee_page

    c = employee_page(result, 0, "zh", generated_at=GENERATED)["card"]
    assert [(g.name, g.weight, g.score, len(g.rows)) for g in c.groups] == [
        ("接客户的电话", "20%", "103.3", 4), ("令客户满意", "20%", "100.0", 1), ("准确的信息", "20%", "110.0", 2),
        ("解决分歧", "20%", "100.0", 2), ("可靠性", "20%", "100.0", 2)]
    assert tuple(c.groups[0].rows[1]) == (
        "30秒内答复的电话比例", "≥ 95%", "96%", "110",
        "96% 介于目标 95% 与优秀 97% 之间：100 + 20×(96−95)/(97−95) = 110 分", "ok")
    # a half-yearly count in a quarter: shown, not scored
    assert tuple(c.groups[2].rows[1]) == (
        "每年因信息不准确引起的投诉次数 · 半年度指标", "≤ 1 次", "空", "本期不考核",
        "本期不考核：半年度指标，2026-Q3 较短 → 不评分，也不计入覆盖率", "not_due")
    bar = c.chart.bars[0]
    assert (bar.name, bar.weight, bar.score, bar.w, bar.y, bar.cls, bar.tx) == (
        "接客户的电话", "20%", "103.3", "258.3", 0, "hi", "492.3")
    assert [b.y for b in c.chart.bars] == [0, 22, 44, 66, 88] and c.chart.height == 5 * 22 + 18
    # every text the page shows is a str: the templates only place them
    texts = [v for g in c.groups for r in g.rows for v in r] + [v for b in c.chart.bars for v in (b.score, b.w, b.tx)]
    assert all(type(v) is str for v in texts)


def test_employee_page_numbers_match_the_scores(result):
    """Totals to one decimal, ranks whole, coverage in percent, '—' for none: as the other outputs."""
    from kpi_cli.reports.html_model import employee_page

    emp = result.employees
    for rec in emp.index:
        c = employee_page(result, rec, "en", generated_at=GENERATED)["card"]
        total, rank = emp.at[rec, "total_rounded"], emp.at[rec, "rank_in_role"]
        assert c.total == ("—" if pd.isna(total) else f"{total:.1f}")
        assert c.rank_role == ("—" if pd.isna(rank) else str(int(rank)))
        assert c.coverage.endswith("%")


def test_employee_page_hostile_texts_stay_plain_text(result):
    """The model holds texts as they are (escaping is the renderer's job)."""
    from kpi_cli.reports.html_model import employee_page

    c = employee_page(result, 5, "zh", generated_at=GENERATED)["card"]
    assert (c.name, c.department, c.status, c.grade) == (HOSTILE[4], '"><img src=x onerror=alert(1)>', "ok", "A")
    unknown = employee_page(result, 6, "zh", generated_at=GENERATED)["card"]
    assert (unknown.role_code, unknown.chart, unknown.groups, unknown.total, unknown.grade, unknown.gclass) == (
        "", None, [], "—", "", "none")


def test_department_page(result):
    from kpi_cli.reports.html_model import department_page

    ctx = department_page(result, "客户服务部", "zh", links=LINKS, generated_at=GENERATED)
    dep = ctx["dep"]
    assert (ctx["title"].startswith("客户服务部"), ctx["back"]) == (True, "../index.html")
    assert [(x["label"], x["value"]) for x in dep["tiles"]] == [
        ("参评人数", "5"), ("已评级", "2"), ("平均总分", "103.2"), ("未评级", "3")]
    assert [(x["name"], x["employees"], x["graded"], x["average"]) for x in dep["roles"]] == [
        ("客户服务管理", "1", "0", "—"), ("客户咨询", "3", "2", "103.2"), ("未知岗位：飞行员", "1", "0", "—")]
    # graded first by total, then the others; linked where the export has the page
    assert [(e["id"], e["total"], e["rank_dep"], e["href"]) for e in dep["employees"]] == [
        ("E002", "103.8", "1", None), ("E001", "102.7", "2", "../employees/E001.html"),
        ("E003", "102.0", "—", None), ("E008", "98.6", "—", None), ("E007", "—", "—", None)]


def test_index_page_dashboard(result):
    from kpi_cli.reports.html_model import index_page

    ctx = index_page(result, "zh", links=LINKS, generated_at=GENERATED)
    d = ctx["dashboard"]
    assert [(x["label"], x["value"], x["detail"]) for x in d["tiles"]] == [
        ("参评人数", "11", ""), ("已评级", "7", ""), ("平均总分", "105.3", ""),
        ("未评级", "4", "不完整 1 · 有错误 3"), ("问题", "4", "3 个错误 · 1 个警告")]
    assert [(b["letter"], b["count"], b["share"]) for b in d["grade_chart"]["bars"]] == [
        ("S", "0", "0%"), ("A", "7", "100%"), ("B", "0", "0%"), ("C", "0", "0%"), ("D", "0", "0%")]
    assert [(x["name"], x["href"]) for x in d["departments"]][:2] == [
        ('"><img src=x onerror=alert(1)>', None), ("客户服务部", "departments/cs.html")]
    assert ctx["files"] == [{"label": ctx["L"].file_excel, "href": "kpi-2026-Q3.xlsx", "name": "kpi-2026-Q3.xlsx"}]
    assert ctx["changes"] is None and d["problem_count"] == 4


def test_index_page_changes_against_a_previous_period(result):
    from kpi_cli.reports.html_model import employee_page, index_page

    previous = {"E001": (100.0, "B"), "E002": (103.8, "A"), "GONE": (90.0, "C")}
    ctx = index_page(result, "en", links=LINKS, previous=previous, generated_at=GENERATED)
    assert sorted(e["id"] for e in ctx["changes"]["new"]) == sorted(set(result.employees["employee_id"]) - {"E001", "E002"})
    assert ctx["changes"]["left"] == ["GONE"]
    change = employee_page(result, 0, "en", previous=previous, generated_at=GENERATED)["card"].change
    assert change["cls"] == "up" and "2.7" in change["text"] and "100.0" in change["was"]


def test_report_page_cards_and_limit(result):
    from kpi_cli.reports.html_model import report_page

    ctx = report_page(result, "en", generated_at=GENERATED, card_limit=3)
    assert len(ctx["cards"]) == 3 and "3" in ctx["cards_note"] and "11" in ctx["cards_note"]
    assert all(c.anchor.startswith("e") for c in ctx["cards"])
    assert report_page(result, "en", generated_at=GENERATED, card_limit=None)["cards_note"] == ""


def test_href_stays_inside_the_export():
    from kpi_cli.reports.html_model import href

    assert href("employees/张 三.html", "../") == "../employees/%E5%BC%A0%20%E4%B8%89.html"
    assert [href(p) for p in ("/etc/passwd", "../x.html", "http://x", "//x", "", None)] == [None] * 6
