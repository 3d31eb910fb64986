"""HTML reports of a scored period, rendered and written: the one-file report and the pages of an export.

What each page shows comes from kpi_cli.reports.html_model (plain values, every number formatted);
this module renders it with Jinja2 from the templates in ``templates/`` (packaged as
``kpi_cli/templates``): autoescaping on, charts as small inline SVG, CSS inline, no script and no
URL outside the page or the export folder, so a page reads the same offline, printed, or mailed
on. The environment is built once. An export's employee pages (10,000 and more) are rendered
from page skeletons (see kpi_cli.reports.html_skeleton): the same template rendered once per
page shape with placeholders, then filled with each employee's escaped values — the same bytes
as rendering the template for every page, several times faster.
"""

from __future__ import annotations

import os
import weakref
from functools import lru_cache
from pathlib import Path
from typing import Any

from kpi_cli.reports.common import atomic_output, check_not_input
from kpi_cli.reports.html_model import (
    CARD_LIMIT,
    DIM_CHART,
    department_page,
    employee_page,
    index_page,
    model_of,
    report_page,
)
from kpi_cli.reports.html_skeleton import Skeletons

__all__ = ["CARD_LIMIT", "environment", "render_department", "render_employee", "render_index", "render_report",
           "template_dir", "write_html_report"]


# --- templates --------------------------------------------------------------------------------
def template_dir() -> Path:
    """The templates folder: packaged in the wheel as kpi_cli/templates, else the checkout's."""
    try:
        from importlib.resources import files

        packaged = files("kpi_cli") / "templates"
        if isinstance(packaged, os.PathLike) and packaged.is_dir():
            return Path(packaged)
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "templates"


@lru_cache(maxsize=1)
def environment():
    """The Jinja2 environment, built once: autoescaping on (static .css partials aside), strict
    about undefined names, templates compiled once and kept."""
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(str(template_dir())),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"),
            disabled_extensions=("css",),
            default_for_string=True,
            default=True,
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
    )


def _template(name: str):
    return environment().get_template(name)


# --- the one-file report ----------------------------------------------------------------------
def render_report(result, lang: str = "zh", generated_at: str | None = None, card_limit: int = CARD_LIMIT) -> str:
    """The whole report as one self-contained HTML page (see html_model.report_page)."""
    return _template("report.html.j2").render(report_page(result, lang, generated_at, card_limit))


def write_html_report(result, path, lang: str = "zh", generated_at: str | None = None) -> Path:
    """Write :func:`render_report` to ``path`` atomically (UTF-8) and return the path."""
    path = Path(path)
    check_not_input(path, result.inputs)
    html = render_report(result, lang, generated_at)
    with atomic_output(path) as tmp:
        tmp.write_text(html, encoding="utf-8", newline="\n")
    return path


# --- the pages of an export -------------------------------------------------------------------
def render_index(result, lang: str = "zh", links: dict | None = None, previous: Any = None,
                 generated_at: str | None = None) -> str:
    """The export's index.html (see html_model.index_page for ``links`` and ``previous``)."""
    return _template("index.html.j2").render(index_page(result, lang, links, previous, generated_at))


def render_department(result, department: str, lang: str = "zh", links: dict | None = None,
                      previous: Any = None, generated_at: str | None = None, root: str = "../") -> str:
    """One department's page (see html_model.department_page)."""
    return _template("department.html.j2").render(
        department_page(result, department, lang, links, previous, generated_at, root))


def render_employee(result, record: Any, lang: str = "zh", links: dict | None = None,
                    previous: Any = None, generated_at: str | None = None, root: str = "../") -> str:
    """One employee's appraisal form (see html_model.employee_page), byte for byte the template's
    rendering, from the skeleton of its shape (see kpi_cli.reports.html_skeleton)."""
    ctx = employee_page(result, record, lang, links, previous, generated_at, root)
    return _employee_skeletons(model_of(result, lang)).render(ctx)


# --- employee pages from skeletons ------------------------------------------------------------
# What the shape of an employee page answers: every test employee.html.j2 and its partials make on
# the page's texts, every list's length, every number placed as it is; the page frame (labels,
# catalogue, period, footer, links back) is the same on every page of an export.
_FRAME = {("L",), ("lang",), ("period",), ("catalogue",), ("generated",), ("inputs",), ("footer",), ("back",),
          ("back_department",)}
_TESTED = {("card", "name"), ("card", "grade"), ("card", "grade_name"), ("card", "change"), ("card", "change", "was"),
           ("card", "bonus_base"), ("card", "source"), ("card", "calibrated"), ("card", "flags"),
           ("card", "role_parts"), ("card", "chart"), ("card", "groups", "*", "weight")}
_LISTS = {("card", "flags"), ("card", "role_parts"), ("card", "groups"), ("card", "groups", "*", "rows"),
          ("card", "chart", "bars")}
# the dimension chart's frame and each bar's row: fixed by the role (the chart is the role's own)
_FIXED = _FRAME | {("card", "chart", k) for k in (*DIM_CHART, "height", "x100", "x60")} | {
    ("card", "chart", "bars", "*", "y")}


def _employee_shape(ctx: dict) -> tuple:
    c = ctx["card"]
    change, chart = c.change, c.chart
    return (ctx["generated"], ctx["back"], ctx["back_department"], c.role_code, bool(c.name), bool(c.grade),
            bool(c.grade_name), None if not change else bool(change.get("was")), bool(c.bonus_base),
            bool(c.source), bool(c.calibrated), len(c.flags), len(c.role_parts),
            None if not chart else len(chart.bars), tuple((bool(g.weight), len(g.rows)) for g in c.groups))


_SKELETONS: "weakref.WeakKeyDictionary[Any, Any]" = weakref.WeakKeyDictionary()


def _employee_skeletons(model):
    """The employee page skeletons of one result and language, kept while its model lives."""
    found = _SKELETONS.get(model)
    if found is None:
        found = _SKELETONS[model] = Skeletons(_template("employee.html.j2"), _employee_shape, tested=_TESTED,
                                              lists=_LISTS, fixed=_FIXED)
    return found
