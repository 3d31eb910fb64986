"""`kpi score` on the terminal: a table per role, the grade distribution, the problems in short."""

from __future__ import annotations

import math

import pandas as pd
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kpi_cli.i18n import t
from kpi_cli.scoring.engine import ScoreResult
from kpi_cli.scoring.explain import cycle_tag, fmt_coefficient, fmt_money, fmt_number
from kpi_cli.scoring.pay import bases_in_use, payout_totals, quota_label
from kpi_cli.terminal.problems import problem_summary

GRADE_STYLES = {"S": "bold magenta", "A": "bold green", "B": "green", "C": "yellow", "D": "bold red"}
STATUS_STYLES = {"ok": "green", "incomplete": "yellow", "invalid": "bold red"}
DEFAULT_ROW_LIMIT = 300  # beyond this many rows, show the top rows of each role unless --top/--all-rows


def _grade_text(grade, original=None) -> Text:
    """The grade in force; a calibrated one as 原等级→校准后等级 ('A→B')."""
    if not isinstance(grade, str):
        return Text("—", style="dim")
    if isinstance(original, str) and original != grade:
        return Text.assemble((original, "dim"), ("→", "dim"), (grade, GRADE_STYLES.get(grade, "bold")))
    return Text(grade, style=GRADE_STYLES.get(grade, "bold"))


def _short(text: str, limit: int, wide: bool) -> str:
    """Abbreviate a header to ``limit`` display cells (a CJK character counts as 2)."""
    from kpi_cli.cells import display_width

    if wide:
        return text
    width = 0
    for i, ch in enumerate(text):
        width += display_width(ch)
        if width > limit:
            return text[:i] + "…"
    return text


def sort_employees(emp: pd.DataFrame, sort: str) -> pd.DataFrame:
    if sort == "name":
        return emp.sort_values(["name", "employee_id"], kind="stable", na_position="last")
    if sort == "role":
        return emp.sort_values(["role", "total"], ascending=[True, False], kind="stable", na_position="last")
    return emp.sort_values(["total_rounded", "employee_id"], ascending=[False, True], kind="stable", na_position="last")


def employee_tables(result: ScoreResult, lang: str, sort: str = "total", top: int | None = None, wide: bool = False):
    """One table per role (with its dimension columns), then one for records of unknown roles;
    under a role's table, a line naming the measures not due this period."""
    emp = result.employees
    limit = top
    if limit is None and len(emp) > DEFAULT_ROW_LIMIT:
        limit = max(5, DEFAULT_ROW_LIMIT // max(1, emp["role"].nunique()))
    tables = []
    pay = bases_in_use(result)
    role_order = [r.code for r in result.catalogue.roles]
    for code in role_order + [None]:
        if code is None:
            part = emp[~emp["role"].isin(role_order)]
            role = None
        else:
            part = emp[emp["role"] == code]
            role = result.catalogue.role(code)
        if not len(part):
            continue
        part = sort_employees(part, sort)
        shown = part.head(limit) if limit else part
        title = (
            f"{role.name(lang)} ({role.code}) · {len(part)}"
            if role
            else t("score.unknown_role_table", lang, n=len(part))
        )
        table = Table(
            title=escape(title), title_justify="left", header_style="bold", expand=False, pad_edge=False,
            box=box.SIMPLE_HEAD, collapse_padding=True,
        )
        table.add_column("#", justify="right", no_wrap=True, min_width=2)
        table.add_column(t("col.employee_id", lang), no_wrap=True, min_width=5, max_width=None if wide else 14, overflow="ellipsis")
        table.add_column(t("col.name", lang), min_width=6, max_width=None if wide else 10, overflow="ellipsis", no_wrap=not wide)
        table.add_column(t("col.department", lang), min_width=6, max_width=None if wide else (10 if pay else 12), overflow="ellipsis", no_wrap=not wide)
        if role is None:
            table.add_column(t("col.role", lang), min_width=6, max_width=None if wide else 14, overflow="ellipsis")
        dims = role.dimensions if role else ()
        rs = result.roles.get(code) if code else None
        for d in dims:
            table.add_column(escape(_short(d.name(lang), 6 if pay else 8, wide)) + f"\n{d.weight:.3g}%", justify="right", no_wrap=True, min_width=5)
        table.add_column(t("col.total", lang), justify="right", no_wrap=True, min_width=5)
        table.add_column(t("col.grade", lang), justify="center", no_wrap=True, min_width=5)
        table.add_column(t("col.coefficient", lang), justify="right", no_wrap=True, min_width=4)
        if pay:
            # money is never cut: the column is as wide as its widest amount
            widest = max([len(fmt_money(x)) for x in shown["payout"].tolist()] + [6]) if "payout" in shown else 6
            table.add_column(t("col.payout", lang), justify="right", no_wrap=True, min_width=widest)
        table.add_column(t("col.coverage", lang), justify="right", no_wrap=True, min_width=4)
        table.add_column(t("col.status", lang), no_wrap=True, min_width=7)
        dim_frame = rs.dimensions.loc[shown.index] if rs is not None else None
        dim_due = rs.dimensions_due().loc[shown.index] if rs is not None else None
        for rec, row in shown.iterrows():  # bounded by the row limit: a display loop, not data work
            rank = row["rank_in_role"]
            cells = [
                "" if pd.isna(rank) else str(int(rank)),
                escape(str(row["employee_id"] or "—")),
                escape(str(row["name"] or "")),
                escape(str(row["department"] or "")),
            ]
            if role is None:
                cells.append(escape(str(row.get("role_label") or "")))
            if dim_frame is not None:
                digits = 1 if wide or len(dims) < 6 else 0  # many dimensions: whole numbers fit 120 columns
                cells += [
                    Text(t("score.dim_not_due", lang), style="dim") if (isinstance(v, float) and math.isnan(v)
                                                                         and not dim_due.at[rec, c]) else fmt_number(v, digits)
                    for c, v in zip(dim_frame.columns, dim_frame.loc[rec].tolist())
                ]
            total = row["total_rounded"]
            cells += [
                "—" if pd.isna(total) else f"{total:.1f}",
                _grade_text(row["grade"], row.get("grade_original")),
                fmt_coefficient(row.get("coefficient")),
            ]
            if pay:
                cells.append(fmt_money(row.get("payout")))
            cells += [
                f"{row['coverage']:.0%}",
                Text(t(f"status.{row['status']}", lang), style=STATUS_STYLES.get(row["status"], "")),
            ]
            table.add_row(*cells)
        if len(shown) < len(part):
            table.caption = t("score.more_rows", lang, n=len(part) - len(shown))
        tables.append(table)
        not_due = not_due_measures(rs, shown.index) if rs is not None else []
        if not_due:  # a line under the table (a caption would be cut to the table's width)
            names = ("、" if lang == "zh" else ", ").join(
                f"{m.name(lang)}（{cycle_tag(m, lang)}）" if lang == "zh" else f"{m.name(lang)} ({cycle_tag(m, lang)})"
                for m in not_due
            )
            tables.append(Text(t("score.not_due_caption", lang, measures=names, period=result.period.code), style="dim"))
    return tables


def distribution_table(result: ScoreResult, lang: str) -> Table:
    grades = [g.grade for g in result.catalogue.grades]
    table = Table(title=t("score.distribution_title", lang), title_justify="left", header_style="bold")
    table.add_column(t("col.department", lang))
    table.add_column(t("col.graded", lang), justify="right")
    for g in result.catalogue.grades:
        table.add_column(Text(f"{g.grade} {g.name(lang)}", style=GRADE_STYLES.get(g.grade, "")), justify="right")
    pay = bases_in_use(result)
    if pay:
        table.add_column(t("col.payout_total", lang), justify="right")
    table.add_column(t("col.quota", lang))
    before = {}
    if result.distribution_before is not None:
        before = {(None if r["is_total"] else r["department"]): r for _, r in result.distribution_before.iterrows()}
    notes: dict[str, list[str]] = {}
    for note in result.calibration_notes:
        notes.setdefault(note.department, []).append(
            t(f"score.calibration_{note.kind.replace('-', '_')}", lang, quota=quota_label(result.catalogue.quotas[note.quota]),
              graded=note.graded))
    totals = payout_totals(result) if pay else {}
    for _, row in result.distribution.iterrows():
        name = t("score.all_departments", lang) if row["is_total"] else (row["department"] or "—")
        cells = [Text(name, style="bold" if row["is_total"] else ""), str(row["graded"])]
        was = before.get(None if row["is_total"] else row["department"])
        for g in grades:
            share = row[f"share_{g}"]
            text = f"{row[g]} ({share:.0%})" if row["graded"] else "0"
            if was is not None and int(was[g]) != int(row[g]):
                text = f"{int(was[g])}→{text}"  # before → after calibration
            cells.append(text)
        if pay:
            amount = totals.get("\uffff" if row["is_total"] else (row["department"] or ""))
            cells.append(fmt_money(amount))
        if not row["graded"]:
            cells.append(Text("—", style="dim"))
        elif row["quota_ok"]:
            cells.append(Text(t("score.quota_ok", lang), style="green"))
        else:
            parts = [
                t(
                    "score.quota_breach_max" if kind == "max" else "score.quota_breach_min",
                    lang,
                    grades=g,
                    share=f"{share:.0%}",
                    limit=f"{lim:.0%}",
                )
                for g, share, lim, kind in row["quota_breaches"]
            ]
            cells.append(Text("; ".join(parts), style="bold red"))
        if notes.get(row["department"]) and not row["is_total"]:  # what calibration left as it was
            cells[-1] = Text.assemble(cells[-1], ("; " + "; ".join(notes[row["department"]]), "yellow"))
        table.add_row(*cells)
    suffix = "_enforced" if result.calibrated else ""
    quotas = "; ".join(
        t(("score.quota_rule_max" if q.max_share is not None else "score.quota_rule_min") + suffix, lang,
          grades="+".join(q.grades), limit=f"{(q.max_share if q.max_share is not None else q.min_share):.0%}")
        for q in result.catalogue.quotas
    )
    if quotas:
        table.caption = quotas
    return table


def render_score(console: Console, result: ScoreResult, lang: str, files: list[str], sort="total", top=None, wide=False):
    cat = result.catalogue
    console.print(
        Text(t("score.heading", lang, period=result.period.code, catalogue=cat.name(lang), version=cat.version,
               n=len(result.employees)), style="bold")
    )
    for table in employee_tables(result, lang, sort, top, wide):
        console.print(table)
    console.print(distribution_table(result, lang))
    console.print(problem_summary(result.problems, lang, files))


def not_due_measures(rs, records) -> list:
    """The weighted measures not due for any of ``records`` (their cycle is longer than the period)."""
    if rs.due is None:
        return []
    due = rs.due.loc[records]
    return [m for m in rs.role.measures if len(due) and not due[m.code].all()]
