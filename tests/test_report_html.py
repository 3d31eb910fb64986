"""The HTML report and export pages, parsed: cards, escaping, no external URLs, labels, links."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from test_report_excel import GENERATED, HOSTILE, make_result

CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]")
URL_ATTRS = {"src", "href", "xlink:href", "action", "formaction", "poster", "data", "srcset", "background"}


class Page(HTMLParser):
    """Collects what the tests look at: tags, attributes, text, styles, cards."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "style":
            self._in_style = True
        if "style" in a:
            self.styles.append(a["style"] or "")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)

    def all(self, tag: str, cls: str | None = None) -> list[dict]:
        return [a for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split())]

    @property
    def body_text(self) -> str:
        return "".join(self.text)


@pytest.fixture(scope="module")
def result(catalogue):
    return make_result(catalogue)


@pytest.fixture(scope="module")
def report_zh(result):
    from kpi_cli.reports.html import render_report

    return render_report(result, "zh", generated_at=GENERATED)


@pytest.fixture(scope="module")
def report_en(result):
    from kpi_cli.reports.html import render_report

    return render_report(result, "en", generated_at=GENERATED)


def assert_self_contained(html: str) -> Page:
    page = Page(html)
    assert not page.all("script"), "no script"
    assert not page.all("link"), "no external stylesheet"
    assert not page.all("iframe") and not page.all("img") and not page.all("object")
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            low = (value or "").lower()
            if name in URL_ATTRS:
                assert "http:" not in low and "https:" not in low and "//" not in low, (tag, name, value)
                assert not low.startswith(("javascript:", "data:", "/", "file:")), (tag, name, value)
            assert not name.startswith("on"), (tag, name)  # no event handler attributes
    css = " ".join(page.styles)
    for url in re.findall(r"url\(([^)]*)\)", css):
        pytest.fail(f"CSS fetches {url}")
    assert "@import" not in css and "@font-face" not in css
    return page


def test_one_card_per_employee(result, report_zh):
    page = assert_self_contained(report_zh)
    cards = page.all("section", "card")
    assert len(cards) == len(result.employees)
    assert len({c["id"] for c in cards}) == len(cards)


def test_hostile_names_are_escaped_text(report_zh):
    page = Page(report_zh)
    text = page.body_text
    for name in HOSTILE:
        assert name.strip() in text, name
    assert "<script>alert(1)</script>" not in report_zh
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in report_zh
    assert not page.all("img")


def test_report_header_names_catalogue_and_period(result, report_zh):
    text = Page(report_zh).body_text
    cat = result.catalogue
    for needle in (cat.name_zh, cat.version, cat.sha256, "2026-Q3", GENERATED, "ab" * 32):
        assert needle in text, needle


def test_dashboard_parts(result, report_zh):
    page = Page(report_zh)
    text = page.body_text
    for heading in ("等级分布", "各部门概况", "表现最佳", "有待提升", "数据问题 (4)"):
        assert heading in text
    assert len(page.all("svg")) >= 1 + sum(1 for c in page.all("section", "card"))  # grade chart + a chart per card
    # few graded employees: the top and bottom lists split them, each linked to their card
    graded = int((result.employees["status"] == "ok").sum())
    assert report_zh.count('<a href="#e') == 2 * graded  # id and name
    assert "S+A 占 100%，超过上限 20%" in text


def test_card_shows_measures_with_explanations(result, report_zh):
    text = Page(report_zh).body_text
    # E001's call length: 8 minutes against a target of 9
    assert "8 分钟 ≤ 目标 9 分钟 → 100 分" in text
    # the unreadable cell and the out-of-range rating are explained, never scored as zero
    assert "“n/a”无法使用" in text or "“?”无法使用" in text
    assert "“7”无法使用" in text
    assert "未考核：平均每次通话时长" in text
    assert "未知岗位：飞行员" in text


def test_print_form_and_fonts(report_zh):
    page = Page(report_zh)
    css = "".join(page.styles)
    assert "@media print" in css and "break-before: page" in css
    assert '"Microsoft YaHei"' in css and '"Noto Sans CJK SC"' in css and '"PingFang SC"' in css
    signatures = page.all("div", "signatures")
    assert len(signatures) == len(page.all("section", "card"))
    text = page.body_text
    assert text.count("被考核人") == len(signatures) and text.count("日期") >= len(signatures)


def test_english_has_no_chinese_but_the_data(result, report_en):
    page = assert_self_contained(report_en)
    text = page.body_text
    data = set()
    for col in ("name", "department", "role_label"):
        data |= {str(v) for v in result.employees[col].dropna()}
    data |= {p.message_en for p in result.problems}
    for d in sorted(data, key=len, reverse=True):
        text = text.replace(d, "")
    assert not CJK.findall(text), CJK.findall(text)[:20]
    assert "Appraisee" in page.body_text and "Appraiser" in page.body_text
    assert re.search(r'<html lang="en">', report_en)


def test_card_limit_note(result):
    from kpi_cli.reports.html import render_report

    html = render_report(result, "en", generated_at=GENERATED, card_limit=3)
    page = Page(html)
    assert len(page.all("section", "card")) == 3
    assert f"first 3 of {len(result.employees)} employees" in page.body_text


def test_same_input_same_html(result, report_zh):
    from kpi_cli.reports.html import render_report

    assert render_report(result, "zh", generated_at=GENERATED) == report_zh


def test_write_html_report_atomic(result, tmp_path):
    from kpi_cli.reports.html import write_html_report

    path = write_html_report(result, tmp_path / "r.html", "zh", generated_at=GENERATED)
    assert path.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


def test_flags_match_the_scorer(result):
    from kpi_cli.reports.common import all_flags

    flags = all_flags(result)
    for rec in result.employees.index:
        assert flags.get(rec, []) == result.flags(rec), rec


# --- export pages -----------------------------------------------------------------------------
LINKS = {
    "index": "index.html",
    "departments": {"客户服务部": "departments/客户服务部.html", "采购部": "departments/采购部.html",
                    '"><img src=x onerror=alert(1)>': "departments/_img_src_x.html"},
    "employees": {0: "employees/E001.html", "E004": "employees/E004 #1.html", 4: "http://evil.example/x.html"},
    "files": {"excel": "kpi-2026-Q3.xlsx", "scores_csv": "scores-2026-Q3.csv", "manifest": "manifest.json",
              "evil": "https://evil.example/", "up": "../outside.txt"},
}
PREVIOUS = {"E001": (95.0, "B"), "E004": (130.0, "S"), "E010": (104.74, "A"), "GONE1": (80.0, "C")}


def test_index_links_and_changes(result):
    from kpi_cli.reports.html import render_index

    html = render_index(result, "zh", LINKS, previous=PREVIOUS, generated_at=GENERATED)
    page = assert_self_contained(html)
    hrefs = [a["href"] for a in page.all("a")]
    assert "departments/%E5%AE%A2%E6%88%B7%E6%9C%8D%E5%8A%A1%E9%83%A8.html" in hrefs
    assert "kpi-2026-Q3.xlsx" in hrefs and "manifest.json" in hrefs
    assert not any("evil" in h or ".." in h for h in hrefs)
    text = page.body_text
    assert "GONE1" in text  # left since the previous period
    assert "离开 1 人" in text and "新增 8 人" in text


def test_department_page(result):
    from kpi_cli.reports.html import render_department

    html = render_department(result, "采购部", "zh", LINKS, previous=PREVIOUS, generated_at=GENERATED)
    page = assert_self_contained(html)
    rows = [a for a in page.all("table", "people")]
    assert rows
    text = page.body_text
    emp = result.employees
    for name in emp.loc[emp["department"] == "采购部", "name"]:
        assert name.strip() in text
    assert "张三" not in text  # another department
    hrefs = [a["href"] for a in page.all("a")]
    assert "../index.html" in hrefs
    assert "../employees/E004%20%231.html" in hrefs  # quoted; '#' is part of the file name
    assert "↓ 21.7" in text  # E004: 108.3 against 130.0
    assert "=" in text  # E010: 104.7 against 104.74 → 104.7


def test_employee_page_is_one_form(result):
    from kpi_cli.reports.html import render_employee

    rec = result.find("E001")[0]
    html = render_employee(result, rec, "zh", LINKS, previous=PREVIOUS, generated_at=GENERATED)
    page = assert_self_contained(html)
    assert len(page.all("section", "card")) == 1
    assert page.all("body", "form")
    text = page.body_text
    assert "绩效考核表" in text and "被考核人" in text and "考核人" in text
    assert "↑ 7.7" in text  # 102.7 against 95.0
    hrefs = [a["href"] for a in page.all("a")]
    assert hrefs == ["../index.html", "../departments/%E5%AE%A2%E6%88%B7%E6%9C%8D%E5%8A%A1%E9%83%A8.html"]


def test_employee_page_english(result):
    from kpi_cli.reports.html import render_employee

    rec = result.find("E002")[0]
    html = render_employee(result, rec, "en", generated_at=GENERATED)
    text = Page(html).body_text
    for d in ('=HYPERLINK("http://x")', "客户服务部"):
        text = text.replace(d, "")
    assert not CJK.findall(text), CJK.findall(text)[:20]
    assert "not assessed: Average call length" in text


def test_unknown_department_page(result):
    from kpi_cli.reports.html import render_department

    text = Page(render_department(result, "没有这个部门", "en", generated_at=GENERATED)).body_text
    assert "No employee in this department." in text


def test_href_refuses_to_leave_the_folder():
    from kpi_cli.reports.html_model import href as _href

    assert _href("employees/张三.html") == "employees/%E5%BC%A0%E4%B8%89.html"
    assert _href("employees/a.html", "../") == "../employees/a.html"
    for bad in ("http://x", "https://x/y", "//x/y", "/etc/passwd", "../up.html", "a/../../b", "javascript:alert(1)",
                "C:\\x", "", None):
        assert _href(bad) is None, bad


def test_environment_built_once_from_the_templates_folder():
    from kpi_cli.reports.html import environment, template_dir

    assert environment() is environment()
    folder = template_dir()
    for name in ("report.html.j2", "index.html.j2", "department.html.j2", "employee.html.j2", "partials/report.css"):
        assert (folder / name).is_file(), name
    env = environment()
    assert env.autoescape("report.html.j2") is True
    assert env.autoescape("partials/report.css") is False


def test_previous_as_a_comparison(result):
    """The export's Comparison (computed once) gives the same pages as the plain mapping."""
    from kpi_cli.reports.html import render_department, render_index
    from kpi_cli.reports.previous import compare_previous

    changes = compare_previous(result, PREVIOUS)
    for render in (lambda p: render_index(result, "zh", LINKS, previous=p, generated_at=GENERATED),
                   lambda p: render_department(result, "采购部", "zh", LINKS, previous=p, generated_at=GENERATED)):
        assert Page(render(changes)).body_text == Page(render(PREVIOUS)).body_text


def test_file_links_at_the_top_level(result):
    from kpi_cli.reports.html import render_index

    links = {"excel": "kpi-2026-Q3.xlsx", "scores_csv": "scores-2026-Q3.csv", "employees": {}, "departments": {}}
    hrefs = [a["href"] for a in Page(render_index(result, "en", links, generated_at=GENERATED)).all("a")]
    assert "kpi-2026-Q3.xlsx" in hrefs and "scores-2026-Q3.csv" in hrefs


def test_departments_table_with_pay_takes_the_full_width(runner, app, tmp_path, monkeypatch):
    """With payouts and calibration the departments table has 8 columns: beside the chart (half
    the page) its quota column was pushed out of view; it now goes below the chart."""
    from pathlib import Path

    monkeypatch.chdir(Path(__file__).resolve().parents[1])
    out = tmp_path / "r.html"
    res = runner.invoke(app, ["score", "sample_data/2026-Q3.xlsx", "--roster", "sample_data/staff.xlsx", "--calibrate",
                              "--html", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.stderr
    text = out.read_text(encoding="utf-8")
    assert '<div class="row2 stack">' in text and ".row2.stack { grid-template-columns: minmax(0, 1fr); }" in text
    plain = tmp_path / "p.html"
    runner.invoke(app, ["score", "sample_data/2026-Q3.xlsx", "--html", str(plain), "--lang", "en"])
    assert '<div class="row2 stack">' not in plain.read_text(encoding="utf-8")
