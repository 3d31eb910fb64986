"""Employee pages from skeletons (kpi_cli.reports.html_skeleton): byte for byte the template's rendering."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_report_excel import GENERATED, make_result

ROOT = Path(__file__).resolve().parents[1]
IDENTITY = ROOT / "tests" / "data" / "real" / "identity"
LINKS = {"departments": {"客户服务部": "departments/cs.html", "采购部": "departments/buy.html"}}


def jinja_employee(result, rec, lang, **kw) -> str:
    """The employee page rendered by Jinja2 itself, no skeleton."""
    from kpi_cli.reports.html import environment
    from kpi_cli.reports.html_model import employee_page

    return environment().get_template("employee.html.j2").render(employee_page(result, rec, lang, **kw))


def assert_pages_identical(result, lang, **kw):
    from kpi_cli.reports.html import _employee_skeletons, render_employee
    from kpi_cli.reports.html_model import model_of

    for rec in result.employees.index:
        assert render_employee(result, rec, lang, **kw) == jinja_employee(result, rec, lang, **kw), rec
    shapes = _employee_skeletons(model_of(result, lang))._by_shape
    assert shapes and all(s is not None for s in shapes.values())  # every shape had its skeleton


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_texts_blanks_unknown_roles_and_changes(catalogue, lang):
    result = make_result(catalogue, extra=5)
    assert_pages_identical(result, lang, links=LINKS, generated_at=GENERATED)
    previous = {"E001": (100.0, "B"), "E002": (103.8, "A"), "E004": (None, None)}
    assert_pages_identical(result, lang, links=LINKS, previous=previous, generated_at=GENERATED, root="")


def test_role_change_months_and_pay(catalogue):
    from kpi_cli.scoring.pipeline import score_files

    months = score_files(sorted(IDENTITY.glob("2026-0*.xlsx")), catalogue)
    assert any(months.employees["employee_id"] == "E2001")  # the role change
    assert_pages_identical(months, "zh", generated_at=GENERATED)
    pay = score_files([ROOT / "sample_data" / "2026-Q3.xlsx"], catalogue, calibrate=True,
                      roster=ROOT / "sample_data" / "staff.xlsx")
    assert_pages_identical(pay, "en", generated_at=GENERATED)


def test_a_shape_the_declaration_does_not_cover_is_rendered_by_jinja():
    """A template testing a text the shape does not answer (here, comparing it) gets no skeleton."""
    from jinja2 import Environment

    from kpi_cli.reports.html_skeleton import Skeletons

    template = Environment(autoescape=True).from_string(
        "<p>{{ card.name }}</p>{% if card.id == 'E1' %}<b>first</b>{% endif %}{% if card.note %}!{% endif %}")
    shape = lambda ctx: bool(ctx["card"]["note"])  # noqa: E731
    sk = Skeletons(template, shape, tested={("card", "note")}, lists=set(), fixed=set())
    pages = [{"card": {"name": "<A&B>", "id": "E1", "note": ""}}, {"card": {"name": "C", "id": "E2", "note": ""}}]
    assert [sk.render(p) for p in pages] == [template.render(p) for p in pages]
    assert list(sk._by_shape.values()) == [None]
    # covered: one skeleton, filled per page, escaped as Jinja2 escapes
    template = Environment(autoescape=True).from_string(
        "<p title='{{ card.name }}'>{{ card.name }}{% if card.note %} ({{ card.note }}){% endif %}</p>"
        "{% for f in card.flags %}<i>{{ f }}</i>{% endfor %}")
    shape = lambda ctx: (bool(ctx["card"]["note"]), len(ctx["card"]["flags"]))  # noqa: E731
    sk = Skeletons(template, shape, tested={("card", "note")}, lists={("card", "flags")}, fixed=set())
    pages = [{"card": {"name": n, "note": note, "flags": flags}}
             for n, note, flags in [("<A&B>", "x", ["'q'"]), ('"C"', "y\x00", ["z"]), ("D", "", [])]]
    assert [sk.render(p) for p in pages] == [template.render(p) for p in pages]
    assert len(sk._by_shape) == 2 and None not in sk._by_shape.values()


def test_a_list_or_number_the_shape_does_not_fix_is_rendered_by_jinja():
    from jinja2 import Environment

    from kpi_cli.reports.html_skeleton import Skeletons

    template = Environment(autoescape=True).from_string("{% for f in flags %}{{ f }}{% endfor %}{{ n + 1 }}")
    sk = Skeletons(template, lambda ctx: 0, tested=set(), lists=set(), fixed=set())
    pages = [{"flags": ["a"], "n": 1}, {"flags": ["a", "b"], "n": 2}]
    assert [sk.render(p) for p in pages] == ["a2", "ab3"]
    assert list(sk._by_shape.values()) == [None]
