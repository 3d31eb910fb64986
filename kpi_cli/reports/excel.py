"""The Excel report of a scored period: summary, one sheet per role, distribution, problems, about.

One function per sheet (:func:`summary_sheet`, :func:`role_sheet`, :func:`distribution_sheet`,
:func:`problems_sheet`, :func:`about_sheet`), each given the shared :class:`Report` (workbook,
result, language, formats) and writing its tables through the one table writer of
:mod:`kpi_cli.reports.xlsx_table`.

Written with xlsxwriter in constant-memory mode (rows are streamed to disk in order, so 100,000
employees fit in little memory): every sheet is written top to bottom, row by row, and never
revisited, and the zip is deflated at zlib level 1 (:mod:`kpi_cli.reports.xlsx_zip`). Text
from the input is always written as a string cell (:func:`write_text`) — a name such as
``=HYPERLINK(...)`` or ``+1`` stays text and never becomes a formula — and numbers are numbers.
Totals are the rounded figures the grades come from (the JSON's unrounded total rounded half-up
to one decimal), so what HR sees always matches the grade.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.scoring.explain import cycle_tag, describe_rule, fmt_number, fmt_value
from kpi_cli.i18n import t
from kpi_cli.reports.common import (
    all_flags,
    atomic_output,
    band_rows,
    check_not_input,
    clean_text,
    column_numbers,
    column_texts,
    distribution,
    flag_text,
    grade_classes,
    role_part_lines,
    grade_names,
    now_text,
    number_or_none,
    parse_generated,
    pct,
    quota_rules,
    quota_text,
    report_order,
    role_names,
    role_order,
    severity_label,
    status_label,
    tool_version,
)
from kpi_cli.reports.previous import Comparison, compare_previous
from kpi_cli.reports.xlsx_rows import worksheet_class
from kpi_cli.reports.xlsx_table import Column, colour_scale, equal_rules, new_sheet, write_header, write_heads, write_rows
from kpi_cli.scoring.engine import cycle_params
from kpi_cli.xlsx_safe import merge_text, write_text

# Fill and font colours per grade class (g0 = best band); the HTML report uses the same.
GRADE_COLOURS = {
    "g0": ("#B6D7A8", "#1E4620"),
    "g1": ("#D9EAD3", "#274E13"),
    "g2": ("#CFE2F3", "#073763"),
    "g3": ("#FFF2CC", "#7F6000"),
    "g4": ("#F4CCCC", "#660000"),
    "g5": ("#E0E0E0", "#333333"),
}
# Stronger colours for chart bars (the HTML charts use the same).
CHART_COLOURS = {"g0": "#38803F", "g1": "#7CBF6E", "g2": "#5B9BD5", "g3": "#F0B93A", "g4": "#D9534F", "g5": "#9E9E9E"}


def write_excel_report(result, path, lang: str = "zh", generated_at: str | None = None, previous: Any = None) -> Path:
    """Write the Excel report of ``result`` to ``path`` (atomically) and return the path.

    Sheets: 汇总/Summary, one per role present, 分布/Distribution (with a native bar chart and
    the quota check), 问题/Problems, 说明/About. ``previous`` (employee id → (total, grade), or
    a kpi_cli.reports.previous.Comparison) adds the previous total, grade and the change to
    the summary, and who is new and who left to the About sheet. The output depends only on the
    arguments, so the same result and ``generated_at`` give byte-identical files. An empty
    ``generated_at`` ("") leaves the time out altogether (kpi export keeps its stamp in the
    manifest only): the document date is then the first day of the period.
    """
    import xlsxwriter

    path = Path(path)
    check_not_input(path, result.inputs)
    if generated_at is None:
        generated_at = now_text()
    created = (
        parse_generated(generated_at)
        if generated_at
        else datetime(result.period.year, result.period.start_month, 1)
    )
    from kpi_cli.fileio import xlsx_target
    from kpi_cli.reports.xlsx_zip import report_deflate

    options = {
        "constant_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
    with atomic_output(path) as tmp, xlsx_target(tmp, options) as (fh, options), report_deflate():
        with xlsxwriter.Workbook(fh, options) as wb:
            wb.set_properties(
                {
                    "title": t("report.title_period", lang, period=result.period.code),
                    "subject": clean_text(result.catalogue.name(lang)),
                    "author": "kpi",
                    "comments": f"kpi {tool_version()}",
                    "created": created,
                }
            )
            report = Report(wb, result, lang, generated_at, compare_previous(result, previous))
            for write_sheet in SHEETS:
                write_sheet(report)
    return path


class Report:
    """What every sheet of one report shares: the workbook and its formats, the result, the
    language, the employees' order, flags and grade classes, the previous period, sheet names."""

    def __init__(self, wb, result, lang: str, generated_at: str, previous: Comparison | None = None) -> None:
        self.wb = wb
        self.previous = previous
        self.result = result
        self.lang = lang
        self.generated_at = generated_at
        self.order = report_order(result)
        self.flags = all_flags(result)
        self.role_parts = role_part_lines(result, lang)
        parts = result.role_parts
        self.part_note = {} if parts is None or not len(parts) else {
            p.part: t("report.role_part_row", lang, months=clean_text(p.months_label), share=pct(p.share))
            for p in parts.itertuples(index=False) if p.part not in result.employees.index
        }
        self.gclass = grade_classes(result)
        self.gnames = grade_names(result, lang)
        self.f = report_formats(wb, lang)
        self.used_names: set[str] = set()
        # xlsxwriter's Worksheet with a faster, byte-identical row writer (None: the stock one)
        self.worksheet_class = worksheet_class()

    def sheet(self, name: str, header_rows: int = 1):
        """A new printable sheet (see :func:`new_sheet`) with the report's page title."""
        title = t("report.title_period", self.lang, period=self.result.period.code)
        return new_sheet(self.wb, name, self.used_names, title, header_rows, self.worksheet_class)

    def grade_rules(self, ws, first_row: int, last_row: int, col: int) -> None:
        equal_rules(ws, first_row, last_row, col, [(letter, self.f[cls]) for letter, cls in self.gclass.items()])

    def status_rules(self, ws, first_row: int, last_row: int, col: int) -> None:
        equal_rules(ws, first_row, last_row, col, [(status_label(status, self.lang), self.f[fmt])
                                                   for status, fmt in (("invalid", "bad"), ("incomplete", "warn"))])

    def flag_column(self, records: pd.Index) -> list[str]:
        """The flags cell of each record, in the report's language (a role part says which part)."""
        sep = "；" if self.lang == "zh" else "; "
        roles = self.result.roles
        codes = self.result.employees["role"]
        out = []
        part_of = self.part_note
        for rec in records:
            if rec in part_of:  # an earlier role part of a person whose role changed
                out.append(part_of[rec])
                continue
            fl = self.flags.get(rec)
            if not fl:
                out.append("")
                continue
            code = codes.at[rec]
            role = roles[code].role if isinstance(code, str) and code in roles else None
            out.append(sep.join([flag_text(f, role, self.lang) for f in fl] + self.role_parts.get(rec, [])))
        return out


def _status_texts(statuses: list[str], lang: str) -> list[str]:
    """Each record's status in words (a few distinct statuses, translated once each)."""
    words = {s: status_label(s, lang) for s in set(statuses)}
    return [words[s] for s in statuses]


def report_formats(wb, lang: str) -> dict[str, Any]:
    """The report's cell formats by name (one xlsxwriter Format each, made once per workbook)."""
    add = wb.add_format
    base = {"valign": "top"}
    head = {"bold": True, "bg_color": "#DDE4EE", "border": 1, "border_color": "#9AA7B8",
            "text_wrap": True, "valign": "vcenter"}
    yes, no = t("value.yes", lang), t("value.no", lang)
    f = {
        "head": add(head),
        "head_c": add({**head, "align": "center"}),
        "group": add({**head, "align": "center", "bg_color": "#C5D0E0"}),
        "text": add(base),
        "wrap": add({**base, "text_wrap": True}),
        "num1": add({**base, "num_format": "0.0"}),
        "general": add({**base, "num_format": "General"}),
        "int": add({**base, "num_format": "0"}),
        "money": add({**base, "num_format": "#,##0.00"}),
        "coef": add({**base, "num_format": "0.0##"}),
        "total_money": add({**base, "bold": True, "top": 1, "num_format": "#,##0.00"}),
        "pct0": add({**base, "num_format": "0%"}),
        "pct1": add({**base, "num_format": "0.0%"}),
        "yes_no": add({**base, "num_format": f'"{yes}";"{yes}";"{no}"'}),  # 1 shows 是, 0 shows 否
        "invalid": add({**base, "bg_color": "#F8C9C4", "font_color": "#8A1C12"}),
        "blank": add({**base, "bg_color": "#EFEFEF"}),
        "not_due": add({**base, "bg_color": "#EFEFEF", "font_color": "#6B6B6B", "italic": True}),
        "title": add({"bold": True, "font_size": 14}),
        "section": add({"bold": True, "font_size": 12, "bottom": 1}),
        "key": add({**base, "bold": True}),
        "mono": add({**base, "font_name": "Consolas"}),
        "total_row": add({**base, "bold": True, "top": 1}),
        "total_int": add({**base, "bold": True, "top": 1, "num_format": "0"}),
        "total_pct": add({**base, "bold": True, "top": 1, "num_format": "0.0%"}),
        # a change of total: the number stays a number; the arrow is its format
        "change": add({**base, "num_format": '"↑ "0.0;"↓ "0.0;"= "0.0'}),
        "bad": add({"font_color": "#9C0006", "bg_color": "#FFC7CE"}),
        "warn": add({"font_color": "#7F6000", "bg_color": "#FFEB9C"}),
    }
    for cls, (bg, fg) in GRADE_COLOURS.items():
        f[cls] = add({"bg_color": bg, "font_color": fg, "bold": True})
    return f


# --- 汇总 Summary -------------------------------------------------------------------------------
def summary_sheet(report: Report) -> None:
    """汇总/Summary: one row per employee in the report's order (total, grade, pay, the previous
    period, ranks, status, flags, where the figures came from), filtered and coloured."""
    lang, f = report.lang, report.f
    emp = report.result.employees.loc[report.order]
    L = lambda key: t(f"report.col.{key}", lang)  # noqa: E731
    grades = column_texts(emp["grade"])
    status = emp["status"].astype(str).tolist()
    cols = [
        Column(L("employee_id"), "text", column_texts(emp["employee_id"]), f["text"], 12),
        Column(L("name"), "text", column_texts(emp["name"]), f["text"], 12),
        Column(L("department"), "text", column_texts(emp["department"]), f["text"], 14),
        Column(L("role"), "text", [clean_text(x) for x in np.asarray(role_names(report.result, lang), dtype=object)[
            report.result.employees.index.get_indexer(report.order)]], f["text"], 18),
        Column(L("role_code"), "text", column_texts(emp["role"]), f["text"], 14),
    ]
    has_bonus = any(report.result.roles[c].role.bonuses for c in report.result.roles)
    if has_bonus:
        cols += [
            Column(L("weighted_total"), "number", column_numbers(emp["weighted_total"]), f["num1"], 9),
            Column(L("bonus"), "number", column_numbers(emp["bonus"]), f["num1"], 8),
        ]
    total_col = len(cols)
    cols += [
        Column(L("total"), "number", column_numbers(emp["total_rounded"]), f["num1"], 8),
        Column(L("grade"), "text", grades, f["text"], 7),
        Column(L("grade_name"), "text", [report.gnames.get(g, "") if g else "" for g in grades], f["text"], 10),
    ]
    cols += _pay_columns(report, emp)
    if report.previous is not None:
        cols += _previous_columns(report, emp)
    status_col = len(cols) + 3
    cols += [
        Column(L("rank_in_role"), "number", column_numbers(emp["rank_in_role"]), f["int"], 8),
        Column(L("rank_in_department"), "number", column_numbers(emp["rank_in_department"]), f["int"], 8),
        Column(L("coverage"), "number", column_numbers(emp["coverage"]), f["pct0"], 8),
        Column(L("status"), "text", _status_texts(status, lang), f["text"], 9),
        Column(L("flags"), "text", report.flag_column(report.order), f["text"], 40),
        Column(L("file"), "text", column_texts(emp["file"]) if "file" in emp else [""] * len(emp), f["text"], 16),
        Column(L("sheet"), "text", column_texts(emp["sheet"]) if "sheet" in emp else [""] * len(emp), f["text"], 10),
        Column(L("row"), "number", column_numbers(emp["row"]) if "row" in emp else [None] * len(emp), f["int"], 6),
    ]
    ws = report.sheet(t("report.sheet.summary", lang))
    n = len(emp)
    ws.set_row(0, 30)
    write_header(ws, 0, cols, f["head"])
    ws.freeze_panes(1, 2)
    ws.autofilter(0, 0, max(n, 1), len(cols) - 1)
    if n:
        colour_scale(ws, 1, n, total_col)
        report.grade_rules(ws, 1, n, total_col + 1)
        report.status_rules(ws, 1, n, status_col)
    write_rows(ws, 1, cols, n)


def _pay_columns(report: Report, emp: pd.DataFrame) -> list[Column]:
    """原等级 and the quota that moved a calibrated grade, coefficient, bonus base, payout."""
    lang, f = report.lang, report.f
    L = lambda key: t(f"report.col.{key}", lang)  # noqa: E731
    from kpi_cli.reports.flat import calibration_labels

    labels = calibration_labels(report.result)
    n = len(emp)
    original = column_texts(emp["grade_original"]) if "grade_original" in emp else [""] * n
    moved = emp["calibration"].tolist() if "calibration" in emp else [None] * n
    cols = []
    if report.result.calibrated:
        cols += [
            Column(L("grade_original"), "text", original, f["text"], 8),
            Column(L("calibration"), "text", ["; ".join(labels[k] for k in ks) if ks else "" for ks in moved],
                 f["text"], 14),
        ]
    cols.append(Column(L("coefficient"), "number",
                     column_numbers(emp["coefficient"]) if "coefficient" in emp else [None] * n, f["coef"], 8))
    if "bonus_base" in emp and emp["bonus_base"].notna().any():
        cols += [
            Column(L("bonus_base"), "number", column_numbers(emp["bonus_base"]), f["money"], 12),
            Column(L("payout"), "number", column_numbers(emp["payout"]), f["money"], 12),
        ]
    return cols


def _previous_columns(report: Report, emp: pd.DataFrame) -> list[Column]:
    """Previous total, previous grade and the change (a number shown with ↑/↓/=; 新 when new)."""
    lang, f, cmp = report.lang, report.f, report.previous
    prev_total = column_numbers(cmp.previous_total.reindex(emp.index))
    prev_grade = column_texts(cmp.previous_grade.reindex(emp.index))
    new = (cmp.kind.reindex(emp.index) == "new").to_numpy()
    change = np.asarray(column_numbers(cmp.change.reindex(emp.index)), dtype=object)
    change[new] = t("report.change.new", lang)
    change = change.tolist()
    return [
        Column(t("report.col.previous", lang) + " · " + t("report.col.total", lang), "number", prev_total, f["num1"], 9),
        Column(t("report.col.previous", lang) + " · " + t("report.col.grade", lang), "text", prev_grade, f["text"], 8),
        Column(t("report.col.change", lang), "mixed", change, f["change"], 8),
    ]


# --- one sheet per role -----------------------------------------------------------------------
def role_sheets(report: Report) -> None:
    """One sheet per role present, in the catalogue's order."""
    for code in role_order(report.result):
        role_sheet(report, code)


def role_sheet(report: Report, code: str) -> None:
    """One role's sheet: three header rows (dimension groups, measures with their targets,
    columns), then per employee each figure and its points, the dimension scores and the result."""
    lang, f, result = report.lang, report.f, report.result
    rs = result.roles[code]
    role = rs.role
    emp_all = result.employees
    records = report.order[emp_all.loc[report.order, "role"].eq(code).to_numpy()]
    emp = emp_all.loc[records]
    earlier = _earlier_parts(report, code)
    if len(earlier):  # a role change: the person's months in this role, under the person's rows
        emp = pd.concat([emp, earlier])
        records = emp.index
    n = len(records)
    values = rs.values.reindex(records)
    points = rs.points.reindex(records)
    invalid = rs.invalid.reindex(records).fillna(False).astype(bool)
    dims = rs.dimensions.reindex(records)
    not_due = rs.not_due().reindex(records).fillna(False).astype(bool)
    dims_due = rs.dimensions_due().reindex(records).fillna(True).astype(bool)
    raw = _raw_values(report, emp)
    not_due_text = t("report.not_due", lang)

    ident = [
        Column(t("report.col.employee_id", lang), "text", column_texts(emp["employee_id"]), f["text"], 12),
        Column(t("report.col.name", lang), "text", column_texts(emp["name"]), f["text"], 12),
        Column(t("report.col.department", lang), "text", column_texts(emp["department"]), f["text"], 14),
    ]
    # Groups of measures: each dimension, then vetoes and bonuses.
    groups: list[tuple[str, list]] = [
        (t("report.header.weight", lang, name=d.name(lang), weight=fmt_number(d.weight)), list(d.measures))
        for d in role.dimensions
    ]
    if role.vetoes:
        groups.append((t("report.group.vetoes", lang), list(role.vetoes)))
    if role.bonuses:
        groups.append((t("report.group.bonuses", lang), list(role.bonuses)))
    measure_cols: list[Column] = []
    measure_heads: list[tuple[int, str]] = []  # (first column, header) of each measure
    from kpi_cli.readers.raters import rater_counts

    counts = rater_counts(result, code)
    group_spans: list[tuple[int, int, str]] = []
    start = len(ident)
    for title, measures in groups:
        first = start + len(measure_cols)
        for m in measures:
            nd = not_due[m.code].to_numpy() & ~invalid[m.code].to_numpy()
            v_formats, p_formats = _cell_formats(report, invalid[m.code].to_numpy(), values[m.code].to_numpy(), nd)
            vals = column_numbers(values[m.code])
            pts = column_numbers(points[m.code])
            if nd.any():  # not due this period: the points cell says so; a figure given stays as information
                pts = [not_due_text if x else p for x, p in zip(nd.tolist(), pts)]
            bad = invalid[m.code].to_numpy()
            if bad.any():  # unreadable figures: show what was typed, as text, in red
                vals = list(vals)
                for i in np.flatnonzero(bad):
                    if vals[i] is None:
                        vals[i] = raw.get((records[i], m.code)) or t("report.invalid_marker", lang)
            kind = "mixed" if bad.any() else "number"
            vfmt = f["yes_no"] if m.rule == "yes_no" else f["general"]
            col0 = start + len(measure_cols)
            measure_cols.append(Column(t("report.col.value", lang), kind, vals, vfmt, 12, v_formats))
            measure_cols.append(Column(t("report.col.points", lang), "mixed" if nd.any() else "number", pts,
                                     f["num1"], 8, p_formats))
            if m.code in counts.columns:  # several raters: how many gave this figure
                n_raters = counts[m.code].reindex(emp["employee_id"].to_numpy()).to_numpy()
                measure_cols.append(Column(t("raters.col", lang), "number", column_numbers(pd.Series(n_raters)), f["int"], 7))
            # Not due for anyone this period: the target is the one its cycle will be assessed on.
            target = (cycle_params(m) if nd.all() and n else rs.params[m.code]).get("target")
            head = m.name(lang)
            if m.cycle:
                head += "\n" + cycle_tag(m, lang)
            if target is not None:
                head += "\n" + t("report.header.target", lang, target=fmt_value(m, target, lang))
            measure_heads.append((col0, head))
        group_spans.append((first, start + len(measure_cols) - 1, title))
    dim_cols = []
    for d in role.dimensions:
        scores = column_numbers(dims[d.code])
        # A dimension with nothing due this period: say so rather than leave a blank.
        none_due = ~dims_due[d.code].to_numpy()
        if none_due.any():
            scores = [not_due_text if x else s for x, s in zip(none_due.tolist(), scores)]
        dim_cols.append(Column(t("report.header.weight", lang, name=d.name(lang), weight=fmt_number(d.weight)),
                             "mixed" if none_due.any() else "number", scores, f["num1"], 14))
    tail: list[Column] = []
    if role.bonuses:
        tail += [
            Column(t("report.col.weighted_total", lang), "number", column_numbers(emp["weighted_total"]), f["num1"], 9),
            Column(t("report.col.bonus", lang), "number", column_numbers(emp["bonus"]), f["num1"], 8),
        ]
    total_off = len(tail)
    grades = column_texts(emp["grade"])
    tail += [
        Column(t("report.col.total", lang), "number", column_numbers(emp["total_rounded"]), f["num1"], 8),
        Column(t("report.col.grade", lang), "text", grades, f["text"], 7),
        Column(t("report.col.coverage", lang), "number", column_numbers(emp["coverage"]), f["pct0"], 8),
        Column(t("report.col.status", lang), "text", _status_texts(emp["status"].astype(str).tolist(), lang), f["text"], 9),
        Column(t("report.col.rank_in_role", lang), "number", column_numbers(emp["rank_in_role"]), f["int"], 8),
        Column(t("report.col.rank_in_department", lang), "number", column_numbers(emp["rank_in_department"]), f["int"], 8),
        Column(t("report.col.flags", lang), "text", report.flag_column(records), f["text"], 36),
    ]
    cols = ident + measure_cols + dim_cols + tail
    ws = report.sheet(role.name(lang), header_rows=3)
    # Three header rows: groups (dimension and weight), measures (name and target), columns.
    for j in range(len(cols)):
        ws.write_blank(0, j, None, f["group"])
    for first, last, title in group_spans:
        if last > first:
            merge_text(ws, 0, first, last, title, f["group"])
        else:
            write_text(ws, 0, first, title, f["group"])
    d0 = start + len(measure_cols)
    if dim_cols:
        title = t("report.group.dimension_scores", lang)
        if len(dim_cols) > 1:
            merge_text(ws, 0, d0, d0 + len(dim_cols) - 1, title, f["group"])
        else:
            write_text(ws, 0, d0, title, f["group"])
    r0 = d0 + len(dim_cols)
    title = t("report.group.result", lang)
    if len(tail) > 1:
        merge_text(ws, 0, r0, len(cols) - 1, title, f["group"])
    else:
        write_text(ws, 0, r0, title, f["group"])
    # Row heights first: in constant-memory mode a row is final once the next one is written.
    ws.set_row(1, 64)
    ws.set_row(2, 42)
    for j in range(len(cols)):
        ws.write_blank(1, j, None, f["head_c"])
    ends = [c for c, _ in measure_heads[1:]] + [start + len(measure_cols)]
    for (col, head), end in zip(measure_heads, ends):
        merge_text(ws, 1, col, end - 1, head, f["head_c"])
    write_header(ws, 2, cols, f["head"])
    ws.freeze_panes(3, 2)
    ws.autofilter(2, 0, 2 + max(n, 1), len(cols) - 1)
    total_col = r0 + total_off
    if n:
        colour_scale(ws, 3, 2 + n, total_col)
        report.grade_rules(ws, 3, 2 + n, total_col + 1)
        report.status_rules(ws, 3, 2 + n, total_col + 3)
    write_rows(ws, 3, cols, n)


def _earlier_parts(report: Report, code: str) -> pd.DataFrame:
    """Rows for the earlier role parts of people whose role changed (their last role's part is
    the person's own row): identity, the part's total and coverage, no grade and no rank."""
    parts = report.result.role_parts
    emp_all = report.result.employees
    if parts is None or not len(parts):
        return emp_all.iloc[:0]
    mine = parts[(parts["role"] == code).to_numpy() & ~parts["part"].isin(emp_all.index).to_numpy()]
    if not len(mine):
        return emp_all.iloc[:0]
    person = emp_all.loc[mine["record"].to_numpy()]
    from kpi_cli.scoring.engine import round_half_up

    return pd.DataFrame(
        {
            "employee_id": person["employee_id"].to_numpy(),
            "name": person["name"].to_numpy(),
            "department": mine["department"].to_numpy(),
            "role": code,
            "weighted_total": mine["weighted_total"].to_numpy(dtype=float),
            "bonus": mine["bonus"].to_numpy(dtype=float),
            "total_rounded": round_half_up(mine["total"].to_numpy(dtype=float)),
            "grade": None,
            "coverage": mine["coverage"].to_numpy(dtype=float),
            "status": mine["status"].to_numpy(),
            "rank_in_role": pd.array([None] * len(mine), dtype="Int64"),
            "rank_in_department": pd.array([None] * len(mine), dtype="Int64"),
            "file": mine["file"].to_numpy(),
            "sheet": mine["sheet"].to_numpy(),
            "row": mine["row"].to_numpy(),
        },
        index=pd.Index(mine["part"].to_numpy()),
    )


def _cell_formats(report: Report, bad: np.ndarray, values: np.ndarray, not_due: np.ndarray | None = None
                  ) -> tuple[list | None, list | None]:
    """Per-row formats of a measure's value and points cells: red where invalid, grey where
    blank, grey italics where not due this period."""
    blank = np.isnan(values.astype(float)) & ~bad
    nd = np.zeros(len(bad), dtype=bool) if not_due is None else not_due & ~bad
    if not bad.any() and not blank.any() and not nd.any():
        return None, None
    cells = np.full(len(bad), None, dtype=object)
    cells[blank] = report.f["blank"]
    cells[nd] = report.f["not_due"]
    cells[bad] = report.f["invalid"]
    cells = cells.tolist()
    return cells, cells


def _raw_values(report: Report, emp: pd.DataFrame) -> dict:
    """(record, measure) → the text typed in an unreadable cell, from the problems."""
    if not report.result.problems or "row" not in emp:
        return {}
    where = {}
    files = column_texts(emp["file"]) if "file" in emp else [""] * len(emp)
    sheets = column_texts(emp["sheet"]) if "sheet" in emp else [""] * len(emp)
    rows = column_numbers(emp["row"])
    for rec, fi, sh, ro in zip(emp.index, files, sheets, rows):
        if ro is not None:
            where[(fi, sh, int(ro))] = rec
    out = {}
    for p in report.result.problems:
        if p.measure and p.row is not None and p.value is not None:
            rec = where.get((clean_text(p.file), clean_text(p.sheet), int(p.row)))
            if rec is not None:
                out[(rec, p.measure)] = clean_text(p.value)
    return out


# --- 分布 Distribution --------------------------------------------------------------------------
def distribution_sheet(report: Report) -> None:
    """分布/Distribution: graded people per grade and department, the quota check, payouts and
    calibration, with a column chart of the company and a stacked bar chart per department."""
    lang, f = report.lang, report.f
    dist = distribution(report.result)
    letters = [b.grade for b in report.result.catalogue.grades]
    ws = report.sheet(t("report.sheet.distribution", lang))
    from kpi_cli.scoring.pay import bases_in_use, payout_totals, quota_label


    pay = bases_in_use(report.result)
    totals = payout_totals(report.result) if pay else {}
    before = {}
    if report.result.distribution_before is not None:
        before = {(None if r["is_total"] else r["department"]): r for r in report.result.distribution_before.to_dict("records")}
    notes: dict[str, list[str]] = {}
    for note in report.result.calibration_notes:
        notes.setdefault(note.department, []).append(t(
            f"score.calibration_{note.kind.replace('-', '_')}", lang,
            quota=quota_label(report.result.catalogue.quotas[note.quota]), graded=note.graded))
    # department, graded, a count and a share per grade, the quota check; then the payouts, the
    # grades before calibration and what calibration could not do
    heads = [(t("report.col.department", lang), 18, f["head"]), (t("report.col.graded", lang), 8, f["head_c"])]
    heads += [(g, 6, f["head_c"]) for g in letters]
    heads += [(t("report.col.share", lang, grade=g), 9, f["head_c"]) for g in letters]
    heads.append((t("report.col.quota", lang), 40, f["head"]))
    if pay:
        heads.append((t("report.col.payout_total", lang), 14, f["head_c"]))
    if before:
        heads += [(t("report.col.before", lang, grade=g), 9, f["head_c"]) for g in letters]
        heads.append((t("report.col.calibration_notes", lang), 40, f["head_c"]))
    write_heads(ws, 0, heads)
    ws.freeze_panes(1, 1)
    rows = dist.to_dict("records")
    for i, row in enumerate(rows, start=1):
        total = bool(row.get("is_total"))
        tf, ti, tp = (f["total_row"], f["total_int"], f["total_pct"]) if total else (f["text"], f["int"], f["pct1"])
        if total:
            name = t("report.all_departments", lang)
        else:
            name = clean_text(row["department"]) or t("report.no_department", lang)
        write_text(ws, i, 0, name, tf)
        ws.write_number(i, 1, int(row["graded"]), ti)
        for k, g in enumerate(letters):
            ws.write_number(i, 2 + k, int(row.get(g, 0) or 0), ti)
            ws.write_number(i, 2 + len(letters) + k, float(row.get(f"share_{g}", 0.0) or 0.0), tp)
        breaches = row.get("quota_breaches") or []
        write_text(ws, i, 2 + 2 * len(letters), quota_text(list(breaches), lang),
                        f["bad"] if breaches else tf)
        # after the quota: payouts, then the grades before calibration and what it could not do
        c = 3 + 2 * len(letters)
        if pay:
            amount = totals.get("\uffff" if total else (row["department"] or ""))
            if amount is not None:
                ws.write_number(i, c, amount, f["total_money"] if total else f["money"])
            c += 1
        was = before.get(None if total else row["department"])
        if was is not None:
            for k, g in enumerate(letters):
                ws.write_number(i, c + k, int(was[g]), ti)
            c += len(letters)
            if not total and notes.get(row["department"]):
                write_text(ws, i, c, "；".join(notes[row["department"]]) if lang == "zh"
                           else "; ".join(notes[row["department"]]), f["bad"])
    last = len(rows)
    r = last + 2
    write_text(ws, r, 0, t("report.about.quotas", lang), f["key"])
    write_text(ws, r, 1, ("；" if lang == "zh" else "; ").join(quota_rules(report.result, lang)))
    sheet = ws.get_name()
    # A native bar chart of the whole company's grades (the last row).
    chart = report.wb.add_chart({"type": "column"})
    chart.add_series({
        "name": t("report.grade_distribution", lang),
        "categories": [sheet, 0, 2, 0, 1 + len(letters)],
        "values": [sheet, last, 2, last, 1 + len(letters)],
        "points": [{"fill": {"color": CHART_COLOURS[report.gclass.get(g, "g5")]}} for g in letters],
        "data_labels": {"value": True},
    })
    chart.set_title({"name": t("report.grade_distribution", lang) + " · " + t("report.all_departments", lang)})
    chart.set_legend({"none": True})
    top = max([int(rows[-1].get(g, 0) or 0) for g in letters] + [1]) if rows else 1
    chart.set_y_axis({"name": t("report.col.employees", lang), "major_gridlines": {"visible": True},
                      "min": 0, "major_unit": max(1, -(-top // 8)), "num_format": "0"})
    chart.set_size({"width": 520, "height": 300})
    ws.insert_chart(r + 2, 0, chart)
    deps = last - 1
    if 1 < deps <= 60:  # the departments side by side: shares of each grade
        chart2 = report.wb.add_chart({"type": "bar", "subtype": "percent_stacked"})
        for k, g in enumerate(letters):
            chart2.add_series({
                "name": [sheet, 0, 2 + k],
                "categories": [sheet, 1, 0, deps, 0],
                "values": [sheet, 1, 2 + k, deps, 2 + k],
                "fill": {"color": CHART_COLOURS[report.gclass.get(g, "g5")]},
            })
        chart2.set_title({"name": t("report.col.department", lang) + " · " + t("report.grade_distribution", lang)})
        chart2.set_y_axis({"reverse": True})
        chart2.set_size({"width": 620, "height": max(260, 40 + 28 * deps)})
        ws.insert_chart(r + 2, 0, chart2, {"x_offset": 540})


# --- 问题 Problems ------------------------------------------------------------------------------
def problems_sheet(report: Report) -> None:
    """问题/Problems: every located problem, one per row (severity coloured)."""
    lang, f = report.lang, report.f
    probs = list(report.result.problems)
    cat = report.result.catalogue
    C = lambda key: t(f"report.col.{key}", lang)  # noqa: E731

    def measure_name(p) -> str:
        if not p.measure:
            return ""
        role = cat.get(p.role) if isinstance(p.role, str) else None
        if role is not None:
            try:
                return role.measure(p.measure).name(lang)
            except KeyError:
                pass
        return clean_text(p.measure)

    def value(p):
        if isinstance(p.value, (int, float)) and not isinstance(p.value, bool):
            return number_or_none(p.value)
        return clean_text(p.value)

    cols = [
        Column(C("type"), "text", [clean_text(p.type) for p in probs], f["text"], 20),
        Column(C("severity"), "text", [severity_label(p.severity, lang) for p in probs], f["text"], 8),
        Column(C("file"), "text", [clean_text(p.file) for p in probs], f["text"], 16),
        Column(C("sheet"), "text", [clean_text(p.sheet) for p in probs], f["text"], 10),
        Column(C("cell"), "text", [clean_text(p.cell) for p in probs], f["text"], 7),
        Column(C("row"), "number", [number_or_none(p.row) for p in probs], f["int"], 6),
        Column(C("employee_id"), "text", [clean_text(p.employee_id) for p in probs], f["text"], 12),
        Column(C("role"), "text", [clean_text(cat.get(p.role).name(lang)) if isinstance(p.role, str) and cat.get(p.role)
                                 else clean_text(p.role) for p in probs], f["text"], 14),
        Column(C("measure"), "text", [measure_name(p) for p in probs], f["text"], 22),
        Column(C("value"), "mixed", [value(p) for p in probs], f["general"], 12),
        Column(C("message"), "text", [clean_text(p.message(lang)) for p in probs], f["text"], 70),
    ]
    ws = report.sheet(t("report.sheet.problems", lang))
    n = len(probs)
    write_header(ws, 0, cols, f["head"])
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(n, 1), len(cols) - 1)
    if n:
        equal_rules(ws, 1, n, 1, [(severity_label(sev, lang), f[fmt]) for sev, fmt in (("error", "bad"), ("warning", "warn"))])
    write_rows(ws, 1, cols, n)


# --- 说明 About ---------------------------------------------------------------------------------
def _about_changes(report: Report, ws, r: int) -> int:
    """The comparison with the previous period: counts, then the ids of who left."""
    lang, f = report.lang, report.f
    counts = report.previous.counts()
    write_text(ws, r, 0, t("report.changes", lang), f["section"])
    r += 1
    write_text(ws, r, 0, t("report.changes_summary", lang, up=counts["up"], down=counts["down"],
                            same=counts["same"] + counts["none"], new=counts["new"], left=counts["left"]))
    r += 1
    if report.previous.left:
        write_text(ws, r, 0, t("report.left_employees", lang), f["key"])
        r += 1
        for emp_id in report.previous.left:
            write_text(ws, r, 0, emp_id)
            r += 1
    return r + 1


def about_sheet(report: Report) -> None:
    """说明/About: the period, catalogue, inputs, the previous period's changes, the scoring rules,
    grade bands, quotas and every measure's rule."""
    lang, f, result = report.lang, report.f, report.result
    cat = result.catalogue
    emp = result.employees
    ws = report.sheet(t("report.sheet.about", lang), header_rows=0)
    for j, w in enumerate((26, 48, 16, 40, 70, 12)):
        ws.set_column(j, j, w)
    r = 0
    write_text(ws, r, 0, t("report.title_period", lang, period=result.period.code), f["title"])
    r += 2
    status = emp["status"].astype(str)
    errors = sum(1 for p in result.problems if p.severity == "error")
    warnings = sum(1 for p in result.problems if p.severity == "warning")
    pairs: list[tuple[str, Any, Any]] = [
        (t("report.about.period", lang), result.period.code, None),
        (t("report.about.catalogue", lang), clean_text(cat.name(lang)), None),
        (t("report.about.version", lang), clean_text(cat.version), None),
        (t("report.about.catalogue_sha256", lang), clean_text(cat.sha256) or "—", f["mono"]),
        *([(t("report.about.generated", lang), report.generated_at, None)] if report.generated_at else []),
        (t("report.about.tool", lang), f"kpi {tool_version()}", None),
        (t("report.about.records", lang), len(emp), f["int"]),
        (t("report.about.graded", lang), int((status == "ok").sum()), f["int"]),
        (t("report.about.incomplete", lang), int((status == "incomplete").sum()), f["int"]),
        (t("report.about.invalid", lang), int((status == "invalid").sum()), f["int"]),
        (t("report.about.errors", lang), errors, f["int"]),
        (t("report.about.warnings", lang), warnings, f["int"]),
        (t("report.about.coverage_threshold", lang), float(cat.coverage_threshold), f["pct0"]),
    ]
    for key, value, fmt in pairs:
        write_text(ws, r, 0, key, f["key"])
        if isinstance(value, str):
            write_text(ws, r, 1, value, fmt or f["text"])
        else:
            ws.write_number(r, 1, value, fmt or f["general"])
        r += 1
    r += 1
    write_text(ws, r, 0, t("report.about.inputs", lang), f["section"])
    r += 1
    if result.inputs:
        for j, key in enumerate(("file", "sha256", "size", "rows", "sheets")):
            write_text(ws, r, j, t(f"report.col.{key}", lang), f["head"])
        r += 1
        for fi in result.inputs:
            write_text(ws, r, 0, clean_text(getattr(fi, "name", "")))
            write_text(ws, r, 1, clean_text(getattr(fi, "sha256", "")), f["mono"])
            size = number_or_none(getattr(fi, "size", None))
            if size is not None:
                ws.write_number(r, 2, size, f["int"])
            rows = number_or_none(getattr(fi, "rows", None))
            if rows is not None:
                ws.write_number(r, 3, rows, f["int"])
            write_text(ws, r, 4, ", ".join(clean_text(s) for s in (getattr(fi, "sheets", None) or [])))
            r += 1
    else:
        write_text(ws, r, 0, t("report.about.no_inputs", lang))
        r += 1
    r += 1
    if report.previous is not None:
        r = _about_changes(report, ws, r)
    write_text(ws, r, 0, t("report.about.rules", lang), f["section"])
    r += 1
    rules = ["points", "dimension", "total", "blank", "invalid", "scaling", "cycle", "grades"]
    for k, key in enumerate(rules, start=1):
        ws.write_number(r, 0, k, f["int"])
        merge_text(ws, r, 1, 4, t(f"report.rules.{key}", lang, threshold=pct(cat.coverage_threshold)), f["wrap"])
        ws.set_row(r, 32)
        r += 1
    write_text(ws, r, 0, "")
    merge_text(ws, r, 1, 4, t("report.about.total_note", lang), f["wrap"])
    ws.set_row(r, 32)
    r += 2
    write_text(ws, r, 0, t("report.about.grades", lang), f["section"])
    r += 1
    for j, key in enumerate(("grade", "grade_name", "min_total")):
        write_text(ws, r, j, t(f"report.col.{key}", lang), f["head"])
    r += 1
    for grade, name, minimum, words in band_rows(result, lang):
        write_text(ws, r, 0, clean_text(grade), f[report.gclass.get(grade, "g5")])
        write_text(ws, r, 1, clean_text(name))
        write_text(ws, r, 2, words)
        r += 1
    r += 1
    write_text(ws, r, 0, t("report.about.quotas", lang), f["section"])
    r += 1
    for text in quota_rules(result, lang):
        write_text(ws, r, 0, text)
        r += 1
    r += 1
    write_text(ws, r, 0, t("report.about.measures", lang), f["section"])
    r += 1
    for j, key in enumerate(("role", "dimension", "weight", "measure", "rule")):
        write_text(ws, r, j, t(f"report.col.{key}", lang), f["head"])
    r += 1
    for code in role_order(result):
        rs = result.roles[code]
        role = rs.role
        eff = role.effective_weights()
        for d in role.dimensions:
            for m in d.measures:
                write_text(ws, r, 0, clean_text(role.name(lang)))
                write_text(ws, r, 1, t("report.header.weight", lang, name=d.name(lang), weight=fmt_number(d.weight)))
                ws.write_number(r, 2, eff.get(m.code, 0.0) / 100.0, f["pct1"])
                write_text(ws, r, 3, clean_text(m.name(lang)))
                write_text(ws, r, 4, describe_rule(m, rs.params[m.code], lang), f["wrap"])
                r += 1
        for m in role.vetoes + role.bonuses:
            group = t("report.group.vetoes" if m in role.vetoes else "report.group.bonuses", lang)
            write_text(ws, r, 0, clean_text(role.name(lang)))
            write_text(ws, r, 1, group)
            write_text(ws, r, 3, clean_text(m.name(lang)))
            write_text(ws, r, 4, describe_rule(m, rs.params[m.code], lang), f["wrap"])
            r += 1


# The sheets in their order in the workbook.
SHEETS = (summary_sheet, role_sheets, distribution_sheet, problems_sheet, about_sheet)
