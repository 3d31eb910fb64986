"""The view model of the HTML reports: what each page shows, as plain values, apart from rendering.

Pure: a ScoreResult (and the export's links and previous period) in, plain dicts, namespaces and
tuples out, every number and word already formatted the way the other outputs format them
(totals to one decimal, ranks as whole numbers, percents, money, coefficients, explanations in
words). The templates in ``templates/`` only place these values; kpi_cli.reports.html renders
and writes them. The per-result work (labels, flags, the dashboard) is done once per result and
language and reused by every page built from it, so an export's 10,000 employee pages are cheap.

One function per page: :func:`report_page` (the one-file report), :func:`index_page`,
:func:`department_page` and :func:`employee_page` (the pages of an export), each returning the
context its template renders.
"""

from __future__ import annotations

import unicodedata
import weakref
from collections import namedtuple
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import numpy as np
import pandas as pd

from kpi_cli.scoring.explain import cycle_tag, explain_measure, explain_not_due, fmt_number, fmt_value
from kpi_cli.i18n import t
from kpi_cli.reports.common import (
    all_flags,
    band_rows,
    clean_text,
    column_numbers,
    column_texts,
    department_label,
    distribution,
    flag_text,
    grade_classes,
    role_part_groups,
    role_part_lines,
    grade_names,
    labels,
    now_text,
    pct,
    quota_rules,
    quota_text,
    report_order,
    role_names,
    severity_label,
    status_label,
    tool_version,
)
from kpi_cli.reports.previous import Comparison, compare_previous
from kpi_cli.scoring.engine import cycle_params

CARD_LIMIT = 2000  # employee cards in the one-file report; the Excel report and export have all
PROBLEM_LIMIT = 100  # problems listed in the report (all of them are counted)
TOP_N = 10  # top and bottom performers on the dashboard
DIM_CHART = {"width": 620, "label": 230, "bar": 300, "row": 22, "max": 120.0}
GRADE_CHART = {"width": 420, "height": 190, "top": 22, "bottom": 36, "gap": 14}
DEP_BAR_WIDTH = 160


# --- one context per page ---------------------------------------------------------------------
def report_page(result, lang: str = "zh", generated_at: str | None = None, card_limit: int | None = CARD_LIMIT) -> dict:
    """The one-file report: dashboard, then one card per employee (the first ``card_limit`` in
    report order, with a note when there are more)."""
    model = model_of(result, lang)
    order = model.order
    shown = order[:card_limit] if card_limit is not None else order
    cards = [model.card(rec) for rec in shown]
    anchors = {rec: f"#e{model.pos[rec]}" for rec in shown}
    ctx = model.page_context(generated_at)
    ctx.update(
        title=t("report.title_period", lang, period=result.period.code),
        dashboard=model.dashboard(links=anchors, dep_links={}),
        cards=cards,
        cards_note=(t("report.cards_note", lang, shown=f"{len(shown):,}", total=f"{len(order):,}")
                    if len(shown) < len(order) else ""),
    )
    return ctx


def index_page(result, lang: str = "zh", links: dict | None = None, previous: Any = None,
               generated_at: str | None = None) -> dict:
    """The export's index.html: the dashboard, linking to the department and employee pages and
    the files of the export.

    ``links`` (paths relative to the export folder): ``{"departments": {department: path},
    "employees": {record index (or employee id): path}, "files": {"excel"|"scores_csv"|
    "problems_csv"|"manifest"|other: path}}`` (the file keys may also sit at the top level);
    any part may be missing. ``previous``: employee id → (total, grade) of the previous period, or
    a kpi_cli.reports.previous.Comparison, for the change columns and new/left lists.
    """
    model = model_of(result, lang)
    links = links or {}
    previous = model.previous(previous)
    emp_links = model.employee_links(links, root="")
    dep_links = {d: h for d, h in ((d, href(p)) for d, p in _dep_paths(links).items()) if h}
    ctx = model.page_context(generated_at)
    ctx.update(
        title=t("report.index_title", lang, period=result.period.code),
        dashboard=model.dashboard(links=emp_links, dep_links=dep_links, previous=previous),
        files=model.file_links(_file_paths(links)),
        changes=model.changes(previous, emp_links) if previous is not None else None,
    )
    return ctx


def department_page(result, department: str, lang: str = "zh", links: dict | None = None,
                    previous: Any = None, generated_at: str | None = None, root: str = "../") -> dict:
    """One department's page: its grade distribution and quota check, its roles, and every
    employee in it (linked to their pages). ``department`` is the name as in the data ('' for
    records without one); ``root`` leads from the page back to the export folder."""
    model = model_of(result, lang)
    links = links or {}
    ctx = model.page_context(generated_at)
    dep = model.department(clean_text(department), links, root, model.previous(previous))
    ctx.update(
        title=t("report.department_title", lang, department=dep["name"], period=result.period.code),
        dep=dep,
        back=href(links.get("index", "index.html"), root),
    )
    return ctx


def employee_page(result, record: Any, lang: str = "zh", links: dict | None = None,
                  previous: Any = None, generated_at: str | None = None, root: str = "../") -> dict:
    """One employee's appraisal form (one printed page): identity, total and grade, the dimension
    chart, every measure with value, target, points and how it was scored, flags, signatures.
    ``record`` is the employee's index label in ``result.employees``."""
    model = model_of(result, lang)
    links = links or {}
    card = model.card(record, previous=model.previous(previous))
    dep_path = _dep_paths(links).get(card.department_raw)
    ctx = model.page_context(generated_at)
    ctx.update(
        title=f'{card.name or card.id} · {t("report.form_title", lang)} · {result.period.code}',
        card=card,
        back=href(links.get("index", "index.html"), root),
        back_department=href(dep_path, root) if dep_path else None,
    )
    return ctx


# --- helpers ----------------------------------------------------------------------------------
FILE_KEYS = ("excel", "scores_csv", "problems_csv", "manifest")


def _dep_paths(links: dict) -> dict[str, str]:
    """links['departments'] keyed by the department as shown (control characters dropped)."""
    return {clean_text(d): p for d, p in (links.get("departments") or {}).items()}


def _file_paths(links: dict) -> dict[str, str]:
    """The export's files: links['files'], or the known keys at the top level of ``links``."""
    files = links.get("files")
    if isinstance(files, dict):
        return files
    return {k: links[k] for k in FILE_KEYS if isinstance(links.get(k), str)}


def href(path: Any, root: str = "") -> str | None:
    """A link inside the export folder, percent-encoded; None for anything that could leave it
    (a scheme, an absolute path, a protocol-relative '//')."""
    if not isinstance(path, str) or not path:
        return None
    p = path.replace("\\", "/")
    if p.startswith("/") or ":" in p.split("/")[0] or any(part == ".." for part in p.split("/")):
        return None
    return quote(root + p, safe="/.-_~")


def _total_text(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _rank_text(x: float | None) -> str:
    return "—" if x is None else str(int(x))

# --- the per-result model ---------------------------------------------------------------------
_MODELS: dict[int, tuple[Any, dict[str, "ResultModel"]]] = {}


def model_of(result, lang: str) -> "ResultModel":
    """The prepared model of ``result`` in ``lang``, built once and reused while ``result`` lives."""
    key = id(result)
    entry = _MODELS.get(key)
    if entry is None or entry[0]() is not result:
        # the dict is bound as a default: the callback may run at interpreter exit, after globals
        ref = weakref.ref(result, lambda _r, k=key, cache=_MODELS: cache.pop(k, None))
        entry = (ref, {})
        _MODELS[key] = entry
    models = entry[1]
    if lang not in models:
        models[lang] = ResultModel(result, lang)
    return models[lang]


class NS(SimpleNamespace):
    """Attribute access for the templates (faster in Jinja than dict keys)."""


MeasureRow = namedtuple("MeasureRow", "name target value points explain state")
Bar = namedtuple("Bar", "name full weight score w y cls tx")  # w, tx: SVG widths/positions as text


class RoleData:
    """One role's figures as plain arrays, and its measures' labels, for fast per-employee cards."""

    def __init__(self, rs, lang: str) -> None:
        self.rs = rs
        role = rs.role
        self.role = role
        self.row = {rec: i for i, rec in enumerate(rs.values.index)}
        codes = [m.code for m in role.all_measures]
        self.values = rs.values.reindex(columns=codes).to_numpy(dtype=float)
        self.points = rs.points.reindex(columns=codes).to_numpy(dtype=float)
        self.invalid = rs.invalid.reindex(columns=codes).fillna(False).to_numpy(dtype=bool)
        self.dims = rs.dimensions.reindex(columns=[d.code for d in role.dimensions]).to_numpy(dtype=float)
        # Due this period (False: the measure's cycle is longer); a dimension with nothing due.
        due = rs.due.reindex(columns=codes).fillna(True) if rs.due is not None else None
        self.due = due.to_numpy(dtype=bool) if due is not None else np.ones(self.values.shape, dtype=bool)
        self.dim_due = rs.dimensions_due().to_numpy(dtype=bool)
        self.col = {c: j for j, c in enumerate(codes)}
        self.has_months = getattr(rs, "months", None) is not None
        # Months of figures behind each cell (a quarter built from monthly files): a count's
        # thresholds depend on them, so the words of a line do too (see RoleScores.params_for).
        self.period = getattr(rs, "period", None)
        self.months = (rs.months.reindex(index=rs.values.index, columns=codes).to_numpy(dtype=float)
                       if self.has_months and self.period is not None else None)
        self._params: dict[tuple, dict] = {}
        groups = [(d.name(lang), d.weight, j, list(d.measures)) for j, d in enumerate(role.dimensions)]
        if role.vetoes:
            groups.append((t("report.group.vetoes", lang), None, None, list(role.vetoes)))
        if role.bonuses:
            groups.append((t("report.group.bonuses", lang), None, None, list(role.bonuses)))
        self.groups = [
            (clean_text(name), fmt_number(weight) + "%" if weight is not None else "", j,
             [(m, clean_text(m.name(lang)), self.col[m.code], _target_text(m, rs.params[m.code], lang)) for m in ms])
            for name, weight, j, ms in groups
        ]
        c = DIM_CHART
        self.scale = c["bar"] / c["max"]
        self.bar_labels = [
            (_fit_label(clean_text(d.name(lang)), c["label"] - 12), clean_text(d.name(lang)), fmt_number(d.weight) + "%")
            for d in role.dimensions
        ]
        self.chart_frame = {
            "height": len(self.bar_labels) * c["row"] + 18,
            "x100": c["label"] + round(100 * self.scale, 1),
            "x60": c["label"] + round(60 * self.scale, 1),
            **c,
        }
        self.lines: dict[tuple, tuple] = {}  # (column, value, points, invalid, months) → words, shared by cards

    def months_of(self, r: int, m, col: int) -> float | None:
        """The months a count was scaled to for row ``r``, when not the whole period (else None)."""
        if self.months is None or m.basis is None:
            return None
        n = self.months[r, col]
        return None if n != n or n == self.period.months_count else float(n)

    def params(self, m, months: float | None) -> dict:
        """The thresholds a figure was scored against: RoleScores.params_for, once per (measure, months)."""
        if months is None:
            return self.rs.params[m.code]
        key = (m.code, months)
        found = self._params.get(key)
        if found is None:
            from kpi_cli.scoring.engine import scaled_params

            found = self._params[key] = scaled_params(m, self.period, months)
        return found

    def dim_labels(self, r: int, labels: dict) -> list[str]:
        """What row ``r`` shows for a dimension without a score: not assessed, or not due."""
        return [labels["not_assessed"] if d else labels["not_due"] for d in self.dim_due[r].tolist()]

    def chart(self, dims: list[float], not_assessed: list[str]) -> "NS":
        """The dimension bar chart of one employee (geometry in DIM_CHART); ``not_assessed``: the
        label of each dimension without a score (not assessed, or not due this period)."""
        c, scale = DIM_CHART, self.scale
        bars = []
        for k, ((name, full, weight), score) in enumerate(zip(self.bar_labels, dims)):
            ok = score == score
            w = round(min(max(score, 0.0), c["max"]) * scale, 1) if ok else 0
            bars.append(Bar(
                name, full, weight,
                f"{score:.1f}" if ok else not_assessed[k],
                str(w),
                k * c["row"],
                _score_class(score) if ok else "na",
                str(c["label"] + w + 4),  # where the score is written, right of the bar
            ))
        return NS(bars=bars, **self.chart_frame)


def _target_text(m, params: dict, lang: str) -> str:
    """The standard in a few characters: '≥ 95%', '≤ 9 分钟', '≥ 3', '是'."""
    rule = m.rule
    if rule == "higher" and params.get("target") is not None:
        return "≥ " + fmt_value(m, params["target"], lang)
    if rule == "lower" and params.get("target") is not None:
        return "≤ " + fmt_value(m, params["target"], lang)
    if rule == "rating":
        return "≥ 3"
    if rule == "yes_no":
        return t("value.yes", lang)
    if rule == "deduct":
        return fmt_value(m, 0, lang)
    return "—"


class ResultModel:
    def __init__(self, result, lang: str) -> None:
        self.result = result
        self.lang = lang
        self.L = labels(lang)
        emp = result.employees
        self.pos = {rec: i for i, rec in enumerate(emp.index)}
        self.ids = column_texts(emp["employee_id"])
        self.names = column_texts(emp["name"])
        self.deps = column_texts(emp["department"])
        self.role_codes = [c if isinstance(c, str) else None for c in emp["role"].tolist()]
        self.role_names = [clean_text(x) for x in role_names(result, lang)]
        self.status = emp["status"].astype(str).tolist()
        self.grades = column_texts(emp["grade"])
        self.totals = column_numbers(emp["total_rounded"])
        self.raw_totals = column_numbers(emp["total"])
        self.coverage = column_numbers(emp["coverage"])
        self.rank_role = column_numbers(emp["rank_in_role"])
        self.rank_dep = column_numbers(emp["rank_in_department"])
        n = len(emp)
        self.files = column_texts(emp["file"]) if "file" in emp else [""] * n
        self.sheets = column_texts(emp["sheet"]) if "sheet" in emp else [""] * n
        self.rows = column_numbers(emp["row"]) if "row" in emp else [None] * n
        self.gnames = grade_names(result, lang)
        self.gclass = grade_classes(result)
        self.flags = all_flags(result)
        self.role_parts = role_part_lines(result, lang)
        self.part_groups = role_part_groups(result, lang)
        self.coefs = column_numbers(emp["coefficient"]) if "coefficient" in emp else [None] * n
        self.bases = column_numbers(emp["bonus_base"]) if "bonus_base" in emp else [None] * n
        self.payouts = column_numbers(emp["payout"]) if "payout" in emp else [None] * n
        self.originals = column_texts(emp["grade_original"]) if "grade_original" in emp else [""] * n
        self.moved = emp["calibration"].tolist() if "calibration" in emp else [None] * n
        from kpi_cli.scoring.pay import bases_in_use
        from kpi_cli.reports.flat import calibration_labels

        self.pay = bases_in_use(result)
        self.quota_labels = calibration_labels(result)
        self.order = list(report_order(result))
        self._roles: dict[str, RoleData] = {}
        self._dashboard: dict | None = None
        self._contexts: dict[str, dict] = {}
        self._by_department: dict[str, pd.Index] | None = None
        self._previous: tuple[Any, Comparison | None] = (None, None)
        self._change_rows: tuple[Comparison | None, list] = (None, [])
        # words every card uses, looked up once
        from kpi_cli.scoring.explain import fmt_coefficient, fmt_money

        self._fmt_coefficient, self._fmt_money = fmt_coefficient, fmt_money
        self._row_word = t("report.col.row", lang)
        self._not_graded = t("report.not_graded", lang)
        self._status_labels: dict[str, str] = {}
        self._department_labels: dict[str, str] = {}

    def previous(self, previous: Any) -> Comparison | None:
        """``previous`` compared with these employees (see compare_previous), once per object
        for all the pages."""
        if previous is None:
            return None
        src, done = self._previous
        if src is not previous:
            done = compare_previous(self.result, previous)
            self._previous = (previous, done)
        return done

    # shared bits of every page
    def page_context(self, generated_at: str | None) -> dict:
        """The parts every page shows (labels, catalogue, period, footer); a fresh dict each call."""
        generated = generated_at or now_text()
        cached = self._contexts.get(generated)
        if cached is None:
            cached = self._contexts[generated] = self._page_context(generated)
        return dict(cached)

    def _page_context(self, generated: str) -> dict:
        r, lang = self.result, self.lang
        cat = r.catalogue
        return {
            "L": NS(**self.L),
            "lang": lang,
            "period": r.period.code,
            "catalogue": {"name": clean_text(cat.name(lang)), "version": clean_text(cat.version),
                          "sha256": clean_text(cat.sha256) or "—"},
            "generated": generated,
            "inputs": [{"name": clean_text(getattr(f, "name", "")), "sha256": clean_text(getattr(f, "sha256", ""))}
                       for f in r.inputs],
            "footer": t("report.footer", lang, catalogue=clean_text(cat.name(lang)), version=clean_text(cat.version),
                        sha256=clean_text(cat.sha256) or "—", period=r.period.code, generated=generated,
                        tool_version=tool_version()),
        }

    @property
    def rater_counts(self) -> dict:
        """(employee_id, role, measure) → raters scored, when ratings from several raters were read."""
        if not hasattr(self, "_rater_counts"):
            summary = self.result.rating_summary
            self._rater_counts = {} if summary is None else summary.rated["raters"].to_dict()
        return self._rater_counts

    def role_data(self, code: str) -> RoleData:
        rd = self._roles.get(code)
        if rd is None:
            rd = self._roles[code] = RoleData(self.result.roles[code], self.lang)
        return rd

    # one employee
    def card(self, rec: Any, previous: Any = None) -> dict:
        lang = self.lang
        i = self.pos[rec]
        code = self.role_codes[i]
        grade = self.grades[i]
        status = self.status[i]
        loc = " › ".join(x for x in (self.files[i], self.sheets[i]) if x)
        if self.rows[i] is not None:
            loc += (" › " if loc else "") + f"{self._row_word} {int(self.rows[i])}"
        status_text = self._status_labels.get(status)
        if status_text is None:
            status_text = self._status_labels[status] = status_label(status, lang)
        dep = self.deps[i]
        dep_text = self._department_labels.get(dep)
        if dep_text is None:
            dep_text = self._department_labels[dep] = department_label(dep, lang)
        card = {
            "anchor": f"e{i}",
            "id": self.ids[i],
            "name": self.names[i],
            "department": dep_text,
            "department_raw": dep,
            "role": self.role_names[i],
            "role_code": code or "",
            "status": status if status in ("ok", "incomplete", "invalid") else "invalid",
            "status_label": status_text,
            "grade": grade,
            "grade_name": self.gnames.get(grade, "") if grade else self._not_graded,
            "gclass": self.gclass.get(grade, "g5") if grade else "none",
            "total": _total_text(self.totals[i]),
            "coverage": pct(self.coverage[i]),
            "rank_role": _rank_text(self.rank_role[i]),
            "rank_dep": _rank_text(self.rank_dep[i]),
            "source": loc,
            "flags": [],
            "role_parts": self.role_parts.get(rec, []),
            "chart": None,
            "groups": [],
            "change": self._change(i, previous) if previous is not None else None,
            **self._pay(i),
        }
        rs = self.result.roles.get(code) if code else None
        if rs is None:
            card["flags"] = [flag_text(f, None, lang) for f in self.flags.get(rec, [])]
            return NS(**card)
        rd = self.role_data(code)
        card["flags"] = [flag_text(f, rd.role, lang) for f in self.flags.get(rec, [])]
        r = rd.row.get(rec)
        if r is None:
            return NS(**card)
        card["chart"] = rd.chart(rd.dims[r].tolist(), rd.dim_labels(r, self.L))
        groups = []
        emp_id = self.result.employees.at[rec, "employee_id"] if self.rater_counts else None
        # A role change: every role part's figures, in month order, each group named with its part.
        for part_code, part_rec, prefix in self.part_groups.get(rec, ()):
            prd = self.role_data(part_code)
            pr = prd.row.get(part_rec)
            if pr is not None:
                groups += self._groups(prd, pr, part_rec, prefix, emp_id=emp_id)
        if not groups:
            groups = self._groups(rd, r, rec, emp_id=emp_id)
        card["groups"] = groups
        return NS(**card)

    def _groups(self, rd: "RoleData", r: int, rec: Any, prefix: str = "", emp_id: Any = None) -> list:
        """The measure groups (a dimension each, then vetoes and bonuses) of row ``r`` of a role
        (``emp_id``: whose ratings from several raters to count)."""
        lang = self.lang
        values, points, invalid, dims = rd.values[r].tolist(), rd.points[r].tolist(), rd.invalid[r].tolist(), rd.dims[r].tolist()
        due = rd.due[r].tolist()
        dim_labels = rd.dim_labels(r, self.L)
        groups = []
        cache = rd.lines
        for gname, gweight, j, measures in rd.groups:
            rows = []
            for m, mname, col, target in measures:
                x, pts, bad = values[col], points[col], invalid[col]
                if not due[col] and not bad:
                    key = ("not due", col, None if x != x else x)
                    row = cache.get(key)
                    if row is None:
                        row = MeasureRow(mname + " · " + cycle_tag(m, lang), _target_text(m, cycle_params(m), lang),
                                         *self._not_due_line(m, key[2]))
                        if len(cache) < 5_000:
                            cache[key] = row
                    rows.append(row)
                    continue
                key = (col, None if x != x else x, None if pts != pts else pts, bad, rd.months_of(r, m, col))
                line = cache.get(key)
                if line is None:
                    line = self._line(rd, rec, m, key[1], key[2], bad, key[4])
                    if len(cache) < 5_000:  # per role: repeated figures hit early; ~1.5 MiB each for 100,000 pages
                        cache[key] = line
                n_raters = self.rater_counts.get((emp_id, rd.role.code, m.code)) if self.rater_counts else None
                if n_raters:  # a figure combined from several raters: say how many
                    line = (line[0], line[1], line[2] + " · " + t("raters.count", lang, n=n_raters), line[3])
                rows.append(MeasureRow(mname, target, *line))
            score = dims[j] if j is not None else float("nan")
            groups.append(NS(
                name=prefix + gname,
                weight=gweight,
                score=f"{score:.1f}" if score == score else ("" if j is None else dim_labels[j]),
                rows=rows,
            ))
        return groups

    def _pay(self, i: int) -> dict:
        """Coefficient, bonus base, payout and calibration of one employee, as texts."""
        fmt_money = self._fmt_money
        original = self.originals[i]
        moved = self.moved[i] or ()
        return {
            "coefficient": self._fmt_coefficient(self.coefs[i]),
            "bonus_base": fmt_money(self.bases[i]) if self.pay else "",
            "payout": fmt_money(self.payouts[i]) if self.pay else "",
            "calibrated": t("report.calibrated_from", self.lang, original=original, grade=self.grades[i],
                            quota="; ".join(self.quota_labels[k] for k in moved)) if original else "",
        }

    def _not_due_line(self, m, x: float | None) -> tuple:
        """(value, points, explanation, state) of a measure not due this period: no points; a
        figure given is shown as information."""
        lang = self.lang
        return (fmt_value(m, x, lang), self.L["not_due"], explain_not_due(m, x, self.result.period.code, lang), "not_due")

    def _line(self, rd: "RoleData", rec: Any, m, x: float | None, pts: float | None, bad: bool,
              months: float | None = None) -> tuple:
        """(value, points, explanation, state) of one figure, in words (``months``: see months_of)."""
        lang = self.lang
        params = rd.params(m, months)
        return (
            # an unusable figure is shown as it was read (a yes/no cell holding 3 is '3', not 'yes')
            (t("report.invalid_marker", lang) if x is None else fmt_number(x)) if bad else fmt_value(m, x, lang),
            "—" if pts is None else fmt_number(pts),
            explain_measure(m, params, x, pts, lang, invalid=bad),
            "invalid" if bad else ("blank" if x is None else "ok"),
        )

    def _change(self, i: int, previous: Comparison) -> dict:
        lang = self.lang
        cmp, rows = self._change_rows
        if cmp is not previous:  # the comparison's columns as lists, once for all the pages
            rows = list(zip(previous.kind.tolist(), column_numbers(previous.change),
                            column_numbers(previous.previous_total), column_texts(previous.previous_grade)))
            self._change_rows = (previous, rows)
        kind, delta, p_total, p_grade = rows[i]
        if kind == "new":
            return {"cls": "new", "text": t("report.change.new", lang), "was": ""}
        was = t("report.grade_was", lang, total=_total_text(p_total), grade=p_grade or "—")
        if kind == "none":
            return {"cls": "same", "text": "—", "was": was}
        if kind == "same":
            return {"cls": "same", "text": t("report.change.same", lang), "was": was}
        return {"cls": kind, "text": t(f"report.change.{kind}", lang, delta=f"{abs(delta):.1f}"), "was": was}

    # links
    def employee_links(self, links: dict, root: str, records: Any = None) -> dict:
        """Record → href of its page, from links['employees'] keyed by record or employee id
        (for ``records`` only, when given)."""
        raw = links.get("employees") or {}
        if not raw:
            return {}
        out = {}
        for rec in self.pos if records is None else records:
            i = self.pos[rec]
            p = raw.get(rec)
            if p is None and self.ids[i]:
                p = raw.get(self.ids[i])
            h = href(p, root) if p else None
            if h:
                out[rec] = h
        return out

    def file_links(self, files: dict) -> list[dict]:
        out = []
        for key, p in files.items():
            h = href(p)
            if h:
                label = self.L.get(f"file_{key}", clean_text(key))
                out.append({"label": label, "href": h, "name": clean_text(p)})
        return out

    # the dashboard
    def _summary(self) -> dict:
        if self._dashboard is not None:
            return self._dashboard
        r, lang = self.result, self.lang
        emp = r.employees
        status = emp["status"].astype(str)
        graded = status == "ok"
        errors = sum(1 for p in r.problems if p.severity == "error")
        warnings = sum(1 for p in r.problems if p.severity == "warning")
        avg = pd.to_numeric(emp.loc[graded, "total"], errors="coerce").mean()
        tiles = [
            {"label": self.L["tile_employees"], "value": f"{len(emp):,}", "detail": ""},
            {"label": self.L["tile_graded"], "value": f"{int(graded.sum()):,}", "detail": ""},
            {"label": self.L["tile_average"], "value": _total_text(None if pd.isna(avg) else float(avg)), "detail": ""},
            {"label": self.L["tile_not_graded"], "value": f"{int((~graded).sum()):,}",
             "detail": f'{status_label("incomplete", lang)} {int((status == "incomplete").sum()):,} · '
                       f'{status_label("invalid", lang)} {int((status == "invalid").sum()):,}'},
            {"label": self.L["tile_problems"], "value": f"{len(r.problems):,}",
             "detail": t("report.tile.problems_detail", lang, errors=f"{errors:,}", warnings=f"{warnings:,}")},
        ]
        dist = distribution(r)
        letters = [b.grade for b in r.catalogue.grades]
        total_row = dist[dist["is_total"]].iloc[0] if "is_total" in dist and dist["is_total"].any() else dist.iloc[-1]
        grade_chart = self._grade_chart(total_row, letters)
        # departments: counts, average of the graded, grade shares as a bar, quota check
        deps = []
        emp_dep = pd.Series(self.deps, index=emp.index)
        totals = pd.to_numeric(emp["total"], errors="coerce")
        counts = emp_dep.value_counts()
        means = totals[graded].groupby(emp_dep[graded]).mean()
        from kpi_cli.scoring.pay import payout_totals
        from kpi_cli.scoring.explain import fmt_money

        totals_pay = payout_totals(r) if self.pay else {}
        from kpi_cli.scoring.pay import quota_label

        notes: dict[str, list[str]] = {}
        for note in r.calibration_notes:  # what calibration left as it was
            notes.setdefault(note.department, []).append(t(
                f"score.calibration_{note.kind.replace('-', '_')}", lang,
                quota=quota_label(r.catalogue.quotas[note.quota]), graded=note.graded))
        before = {}
        if r.distribution_before is not None:
            before = {rw["department"]: rw for rw in r.distribution_before.to_dict("records") if not rw["is_total"]}
        for row in dist.to_dict("records"):
            if row.get("is_total"):
                continue
            name = clean_text(row["department"])
            was = before.get(row["department"])
            deps.append({
                "payout": fmt_money(totals_pay.get(row["department"] or "")) if self.pay else "",
                "before": (" · ".join(f"{clean_text(g)} {int(was[g])}→{int(row[g])}" for g in letters
                                      if int(was[g]) != int(row[g])) if was is not None else ""),
                "raw": name,
                "name": department_label(name, lang),
                "employees": f"{int(counts.get(name, 0)):,}",
                "graded": f'{int(row["graded"]):,}',
                "average": _total_text(None if pd.isna(means.get(name, np.nan)) else float(means.get(name))),
                "bar": self._dist_bar(row, letters),
                "quota_ok": bool(row["quota_ok"]),
                "quota": quota_text(list(row.get("quota_breaches") or []), lang) + "".join(
                    ("；" if lang == "zh" else "; ") + n for n in notes.get(row["department"], [])),
            })
        # top and bottom performers among the graded
        g = emp.loc[graded]
        key = pd.DataFrame({"t": pd.to_numeric(g["total_rounded"], errors="coerce"),
                            "id": g["employee_id"].map(clean_text)}, index=g.index)
        ranked = list(key.sort_values(["t", "id"], ascending=[False, True], kind="stable").index)
        # With few graded employees, the two lists split them rather than repeat anybody.
        n_top = min(TOP_N, (len(ranked) + 1) // 2)
        n_bottom = min(TOP_N, len(ranked) - n_top)
        top = ranked[:n_top]
        bottom = ranked[len(ranked) - n_bottom:][::-1] if n_bottom else []
        # problems
        by_type: dict[tuple[str, str], int] = {}
        for p in r.problems:
            k = (clean_text(p.type), p.severity)
            by_type[k] = by_type.get(k, 0) + 1
        problems = [{"location": clean_text(p.location(lang)), "severity": _severity_class(p.severity),
                     "severity_label": severity_label(p.severity, lang), "type": clean_text(p.type),
                     "employee": clean_text(p.employee_id), "message": clean_text(p.message(lang))}
                    for p in r.problems[:PROBLEM_LIMIT]]
        if self.pay:
            tiles.append({"label": self.L["tile_payouts"], "value": fmt_money(totals_pay.get("\uffff")), "detail": ""})
        self._dashboard = {
            "pay": self.pay,
            "calibrated": bool(r.calibrated),
            "tiles": tiles,
            "grade_chart": grade_chart,
            "departments": deps,
            "quota_rules": quota_rules(r, lang),
            "bands": [{"grade": clean_text(g_), "name": clean_text(n), "words": w, "gclass": self.gclass.get(g_, "g5")}
                      for g_, n, _m, w in band_rows(r, lang)],
            "top": top,
            "bottom": bottom,
            "problems": problems,
            "problem_types": [{"type": k[0], "severity": _severity_class(k[1]), "severity_label": severity_label(k[1], lang),
                               "count": f"{v:,}"} for k, v in sorted(by_type.items(), key=lambda kv: (-kv[1], kv[0]))],
            "problems_more": (t("report.problems_more", lang, shown=PROBLEM_LIMIT, total=f"{len(r.problems):,}")
                              if len(r.problems) > PROBLEM_LIMIT else ""),
            "problem_count": len(r.problems),
        }
        return self._dashboard

    def dashboard(self, links: dict, dep_links: dict, previous: Comparison | None = None) -> dict:
        s = self._summary()
        out = dict(s)
        out["top"] = [self.row_view(rec, links, previous) for rec in s["top"]]
        out["bottom"] = [self.row_view(rec, links, previous) for rec in s["bottom"]]
        out["departments"] = [dict(d, href=dep_links.get(d["raw"])) for d in s["departments"]]
        return out

    def row_view(self, rec: Any, links: dict, previous: Comparison | None = None) -> dict:
        """One employee as a table row."""
        i = self.pos[rec]
        grade = self.grades[i]
        return {
            "id": self.ids[i],
            "name": self.names[i],
            "department": department_label(self.deps[i], self.lang),
            "role": self.role_names[i],
            "total": _total_text(self.totals[i]),
            "grade": grade,
            "gclass": self.gclass.get(grade, "g5") if grade else "none",
            "coverage": pct(self.coverage[i]),
            "status": self.status[i],
            "status_label": status_label(self.status[i], self.lang),
            "rank_dep": _rank_text(self.rank_dep[i]),
            "rank_role": _rank_text(self.rank_role[i]),
            "href": links.get(rec),
            "change": self._change(i, previous) if previous is not None else None,
            **self._pay(i),
        }

    def _grade_chart(self, row: Any, letters: list[str]) -> dict:
        c = GRADE_CHART
        counts = [int(row.get(g, 0) or 0) for g in letters]
        graded = sum(counts)
        top = max(counts) if counts and max(counts) > 0 else 1
        plot_h = c["height"] - c["top"] - c["bottom"]
        slot = (c["width"] - 20) / max(len(letters), 1)
        bars = []
        for k, (g, n) in enumerate(zip(letters, counts)):
            h = round(plot_h * n / top, 1)
            x = 10 + k * slot + c["gap"] / 2
            bars.append({
                "letter": clean_text(g), "name": clean_text(self.gnames.get(g, "")), "count": f"{n:,}",
                "share": pct(n / graded) if graded else "0%", "gclass": self.gclass.get(g, "g5"),
                "x": round(x, 1), "w": round(slot - c["gap"], 1), "h": h,
                "y": round(c["top"] + plot_h - h, 1), "cx": round(x + (slot - c["gap"]) / 2, 1),
            })
        return {"bars": bars, "base": c["top"] + plot_h, **c}

    def _dist_bar(self, row: dict, letters: list[str]) -> list[dict]:
        graded = int(row.get("graded") or 0)
        if not graded:
            return []
        x = 0.0
        out = []
        for g in letters:
            n = int(row.get(g, 0) or 0)
            if not n:
                continue
            w = DEP_BAR_WIDTH * n / graded
            out.append({"x": round(x, 2), "w": round(w, 2), "gclass": self.gclass.get(g, "g5"),
                        "title": f"{clean_text(g)} {n} ({pct(n / graded)})"})
            x += w
        return out

    # a department page
    def department_records(self, name: str) -> pd.Index:
        """The records of one department (grouped once for all the department pages)."""
        if self._by_department is None:
            groups: dict[str, list] = {}
            for rec, dep in zip(self.result.employees.index, self.deps):
                groups.setdefault(dep, []).append(rec)
            self._by_department = {d: pd.Index(v) for d, v in groups.items()}
        return self._by_department.get(name, self.result.employees.index[:0])

    def department(self, name: str, links: dict, root: str, previous: Comparison | None) -> dict:
        lang = self.lang
        r = self.result
        emp = r.employees
        recs = self.department_records(name)
        links = self.employee_links(links, root, recs)
        status = emp.loc[recs, "status"].astype(str)
        graded = status == "ok"
        letters = [b.grade for b in r.catalogue.grades]
        dist = distribution(r)
        drow = next((d for d in dist.to_dict("records") if not d.get("is_total") and clean_text(d["department"]) == name), None)
        if drow is None:
            drow = {"graded": 0, "quota_ok": True, "quota_breaches": [], **{g: 0 for g in letters}}
        totals = pd.to_numeric(emp.loc[recs, "total"], errors="coerce")
        avg = totals[graded].mean()
        # roles in the department
        roles = []
        codes = pd.Series([self.role_codes[self.pos[x]] or "" for x in recs], index=recs)
        rnames = {self.role_codes[self.pos[x]] or "": self.role_names[self.pos[x]] for x in recs}
        order = {ro.code: k for k, ro in enumerate(r.catalogue.roles)}
        for code in sorted(set(codes), key=lambda c: (order.get(c, len(order)), c)):
            sel = codes == code
            g = graded & sel
            m = totals[g].mean()
            roles.append({"name": rnames[code], "employees": f"{int(sel.sum()):,}", "graded": f"{int(g.sum()):,}",
                          "average": _total_text(None if pd.isna(m) else float(m))})
        key = pd.DataFrame({"g": ~graded, "t": -pd.to_numeric(emp.loc[recs, "total_rounded"], errors="coerce").fillna(-np.inf),
                            "id": emp.loc[recs, "employee_id"].map(clean_text)}, index=recs)
        ordered = key.sort_values(["g", "t", "id"], kind="stable").index
        return {
            "name": department_label(name, lang),
            "tiles": [
                {"label": self.L["tile_employees"], "value": f"{len(recs):,}", "detail": ""},
                {"label": self.L["tile_graded"], "value": f"{int(graded.sum()):,}", "detail": ""},
                {"label": self.L["tile_average"], "value": _total_text(None if pd.isna(avg) else float(avg)), "detail": ""},
                {"label": self.L["tile_not_graded"], "value": f"{int((~graded).sum()):,}", "detail": ""},
            ],
            "grade_chart": self._grade_chart(drow, letters),
            "quota_ok": bool(drow.get("quota_ok", True)),
            "quota": quota_text(list(drow.get("quota_breaches") or []), lang),
            "quota_rules": quota_rules(r, lang),
            "roles": roles,
            "employees": [self.row_view(x, links, previous) for x in ordered],
        }

    # changes against the previous period
    def changes(self, previous: Comparison, links: dict) -> dict:
        c = previous.counts()
        is_new = previous.kind.reindex(self.order) == "new"
        return {
            "summary": t("report.changes_summary", self.lang, up=c["up"], down=c["down"], same=c["same"] + c["none"],
                         new=c["new"], left=c["left"]),
            "new": [self.row_view(rec, links) for rec in is_new.index[is_new.to_numpy()]],
            "left": previous.left,
        }


def _severity_class(severity: str) -> str:
    return severity if severity in ("error", "warning") else "other"


def _fit_label(text: str, max_px: float) -> str:
    """``text`` cut (with '…') to about ``max_px`` at 12px: wide (CJK) glyphs ~12px, others ~6.6px."""
    width = 0.0
    for k, ch in enumerate(text):
        width += 12.0 if unicodedata.east_asian_width(ch) in ("W", "F") else 6.6
        if width > max_px:
            return text[: max(k - 1, 1)] + "…"
    return text


def _score_class(score: float) -> str:
    if score >= 100:
        return "hi"
    if score >= 60:
        return "mid"
    return "lo"
