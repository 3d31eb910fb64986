"""Rich rendering of a scored period: tables per role, the grade distribution, problems, --explain."""

from __future__ import annotations

import math

import pandas as pd
from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kpi_cli.scoring.explain import cycle_tag, describe_rule, explain_measure, explain_not_due, fmt_number, fmt_value
from kpi_cli.i18n import t
from kpi_cli.scoring.pay import bases_in_use, quota_label
from kpi_cli.scoring.engine import ScoreResult, cycle_params

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


def fmt_coefficient(x) -> str:
    """1.5, 1.2, 0.973; '—' without one."""
    if x is None or pd.isna(x):
        return "—"
    text = fmt_number(x, 3)
    return text if "." in text else f"{text}.0"


def fmt_money(x) -> str:
    """8,000.00; '—' without one."""
    return "—" if x is None or pd.isna(x) else f"{x:,.2f}"


def _short(text: str, limit: int, wide: bool) -> str:
    """Abbreviate a header to ``limit`` display cells (a CJK character counts as 2)."""
    if wide:
        return text
    width = 0
    for i, ch in enumerate(text):
        width += 2 if ord(ch) > 0x2E80 else 1
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
    from kpi_cli.scoring.pay import payout_totals

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


def problem_summary(result: ScoreResult, lang: str, files: list[str], limit: int = 8):
    problems = result.problems
    if not problems:
        return Text(t("score.no_problems", lang), style="green")
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    lines = [
        Text(
            t("score.problem_counts", lang, errors=len(errors), warnings=len(warnings)),
            style="bold red" if errors else "yellow",
        )
    ]
    for p in (errors + warnings)[:limit]:
        style = "red" if p.is_error else "yellow"
        lines.append(Text.assemble(("  • ", style), (p.location(lang) + ": " if p.location(lang) else "", "dim"), p.message(lang)))
    if len(problems) > limit:
        lines.append(Text(t("score.more_problems", lang, n=len(problems) - limit), style="dim"))
    lines.append(Text(t("score.see_validate", lang, files=" ".join(files)), style="dim"))
    return Group(*lines)


def render_score(console: Console, result: ScoreResult, lang: str, files: list[str], sort="total", top=None, wide=False):
    cat = result.catalogue
    console.print(
        Text(t("score.heading", lang, period=result.period.code, catalogue=cat.name(lang), version=cat.version,
               n=len(result.employees)), style="bold")
    )
    for table in employee_tables(result, lang, sort, top, wide):
        console.print(table)
    console.print(distribution_table(result, lang))
    console.print(problem_summary(result, lang, files))


def not_due_measures(rs, records) -> list:
    """The weighted measures not due for any of ``records`` (their cycle is longer than the period)."""
    if rs.due is None:
        return []
    due = rs.due.loc[records]
    return [m for m in rs.role.measures if len(due) and not due[m.code].all()]


def render_explain(console: Console, result: ScoreResult, record, lang: str) -> None:
    """Every measure of one employee: value, scaled thresholds, rule, points, a line in words;
    then the dimension scores, their weights, and the total, exactly as computed. A person whose
    role changed within the period: each role's part on its months, then their month-weighted total."""
    emp = result.employees.loc[record]
    rs = result.role_of(record)
    console.print(
        Text(
            t("explain.heading", lang, id=emp["employee_id"], name=emp["name"] or "", department=emp["department"] or "",
              role=rs.role.name(lang) if rs else (emp.get("role_label") or "?"), period=result.period.code),
            style="bold",
        )
    )
    parts = result.role_parts
    mine = parts[parts["record"] == record] if parts is not None and len(parts) else None
    if mine is not None and len(mine):
        terms = []
        for p in mine.itertuples(index=False):
            prs = result.roles.get(p.role) if isinstance(p.role, str) else None
            console.print(Text(t("explain.role_part", lang, role=prs.role.name(lang) if prs else (p.role_label or "?"),
                                 months=p.months_label, n=fmt_number(p.months), total=fmt_number(p.total, 4),
                                 status=t(f"status.{p.status}", lang)), style="bold cyan"))
            if prs is None:
                console.print(Text(t("explain.no_role", lang, role=p.role_label or ""), style="red"))
                continue
            _explain_measures(console, result, prs, p.part, emp["employee_id"], p.weighted_total, p.bonus, p.total, lang)
            if not pd.isna(p.total):
                terms.append((p.months, p.total))
        if terms:
            formula = f"({' + '.join(f'{fmt_number(m)}×{fmt_number(x, 4)}' for m, x in terms)}) ÷ {fmt_number(sum(m for m, _ in terms))}"
            console.print(t("explain.role_parts_total", lang, formula=formula, total=fmt_number(emp["total"], 4)))
    elif rs is None:
        console.print(Text(t("explain.no_role", lang, role=emp.get("role_label") or ""), style="red"))
        return
    else:
        _explain_measures(console, result, rs, record, emp["employee_id"], emp["weighted_total"], emp["bonus"], emp["total"], lang)
    total = emp["total"]
    grade = emp["grade"]
    before = emp.get("grade_original")
    if isinstance(before, str):  # the grade the total gives; the calibration line below says where it went
        grade = before
    console.print(
        t("explain.total_line", lang, total="—" if pd.isna(total) else f"{emp['total_rounded']:.1f}",
          grade=grade if isinstance(grade, str) else "—", coverage=f"{emp['coverage']:.0%}",
          status=t(f"status.{emp['status']}", lang))
    )
    if emp["status"] != "ok":
        console.print(Text(t(f"explain.why_{emp['status']}", lang, threshold=f"{result.catalogue.coverage_threshold:.0%}"), style="yellow"))
    _explain_pay(console, result, emp, lang)
    if isinstance(emp.get("veto_cap"), str):
        console.print(Text(t("explain.veto_cap", lang, grade=emp["veto_cap"]), style="bold red"))
    flags = result.flags(record)
    if flags:
        console.print(Text(t("explain.flags", lang, flags=", ".join(f.code for f in flags)), style="dim"))


def _explain_measures(console: Console, result: ScoreResult, rs, record, emp_id, weighted_total, bonus, total, lang: str) -> None:
    """One role's tables (a dimension each, then vetoes and bonuses) and its weighted total."""
    role = rs.role
    eff = role.effective_weights()
    for d in role.dimensions:
        table = Table(title=f"{escape(d.name(lang))} · {t('col.weight', lang)} {d.weight:.4g}%", title_justify="left",
                      show_lines=True, header_style="bold")
        table.add_column(t("col.measure", lang), ratio=2)
        table.add_column(t("col.value", lang), justify="right", no_wrap=True)
        table.add_column(t("col.rule", lang), ratio=3)
        table.add_column(t("col.points", lang), justify="right", no_wrap=True)
        table.add_column(t("col.explanation", lang), ratio=4)
        for m in d.measures:
            _explain_row(table, result, rs, record, m, lang, f"{eff[m.code]:.3g}%", emp_id)
        score = rs.dimensions.at[record, d.code]
        table.caption = t("explain.dimension_score", lang, score=fmt_number(score), weight=f"{d.weight:.4g}")
        console.print(table)
        _explain_ratings(console, result, emp_id, role.code, d.measures, lang)
    for label, group in (("explain.vetoes", role.vetoes), ("explain.bonuses", role.bonuses)):
        if group:
            table = Table(title=t(label, lang), title_justify="left", show_lines=True)
            for col in ("col.measure", "col.value", "col.rule", "col.points", "col.explanation"):
                table.add_column(t(col, lang))
            for m in group:
                _explain_row(table, result, rs, record, m, lang, "", emp_id)
            console.print(table)
    # The total, as computed: Σ weight × score over assessed dimensions ÷ Σ their weights.
    parts, weights = [], []
    for d in role.dimensions:
        s = rs.dimensions.at[record, d.code]
        if not (isinstance(s, float) and math.isnan(s)):
            parts.append(f"{d.weight:.4g}×{fmt_number(s)}")
            weights.append(d.weight)
    if parts:
        formula = f"({' + '.join(parts)}) ÷ {fmt_number(sum(weights))} = {fmt_number(weighted_total, 4)}"
        console.print(t("explain.total_formula", lang, formula=formula))
    if bonus:
        console.print(t("explain.total_bonus", lang, bonus=fmt_number(bonus), total=fmt_number(total, 4)))


def _explain_ratings(console: Console, result: ScoreResult, emp_id, role_code: str, measures, lang: str) -> None:
    """Each rater's figure and how they combined, for the measures that several raters gave."""
    if result.rating_summary is None:
        return
    from kpi_cli.readers.raters import explain_lines

    for m in measures:
        for line in explain_lines(result, emp_id, role_code, m, lang):
            console.print(Text(line))


def _explain_row(table: Table, result: ScoreResult, rs, record, m, lang: str, weight: str, emp_id=None) -> None:
    value = rs.values.at[record, m.code]
    points = rs.points.at[record, m.code]
    invalid = bool(rs.invalid.at[record, m.code])
    params = rs.params_for(record, m.code)
    value_text = fmt_value(m, None if (isinstance(value, float) and math.isnan(value)) else value, lang)
    if not invalid and rs.due is not None and not rs.due.at[record, m.code]:
        table.add_row(
            f"{escape(m.name(lang))}\n[dim]{m.code} {weight} · {escape(cycle_tag(m, lang))}[/dim]",
            Text(value_text, style="dim"),
            escape(describe_rule(m, cycle_params(m), lang)),
            Text(t("measure_status.not_due", lang), style="dim"),
            escape(explain_not_due(m, value, result.period.code, lang)),
        )
        return
    if invalid:
        # The figure as typed is in the problem that made the cell unusable.
        emp_id = result.employees.at[record, "employee_id"] if emp_id is None else emp_id
        raw = next((p.value for p in result.problems if p.measure == m.code and p.employee_id == emp_id), None)
        value = raw if raw is not None else value
        value_text = Text(str(raw if raw is not None else "?"), style="bold red")
    table.add_row(
        f"{escape(m.name(lang))}\n[dim]{m.code} {weight}[/dim]",
        value_text,
        escape(describe_rule(m, params, lang)),
        "—" if (isinstance(points, float) and math.isnan(points)) else fmt_number(points),
        escape(explain_measure(m, params, None if (isinstance(value, float) and math.isnan(value)) else value,
                               points, lang, invalid=invalid)),
    )


def _explain_pay(console: Console, result: ScoreResult, emp, lang: str) -> None:
    """Calibration (原等级 → 校准后等级 and the quota), the coefficient and the payout, in words."""
    original = emp.get("grade_original")
    if isinstance(original, str):
        moved = emp.get("calibration") or ()
        quotas = "; ".join(quota_label(result.catalogue.quotas[k]) for k in moved)
        console.print(Text(t("explain.calibrated", lang, original=original, grade=emp["grade"], quota=quotas,
                             department=emp["department"] or "—"), style="bold yellow"))
    coef = emp.get("coefficient")
    if coef is None or pd.isna(coef):
        console.print(Text(t("explain.no_coefficient", lang), style="dim"))
        return
    how = (t("explain.coefficient_total", lang, total=f"{emp['total_rounded']:.1f}", coefficient=fmt_coefficient(coef),
             min=fmt_coefficient(result.catalogue.pay.min), max=fmt_coefficient(result.catalogue.pay.max))
           if result.catalogue.pay.mode == "total"
           else t("explain.coefficient_grade", lang, grade=emp["grade"], coefficient=fmt_coefficient(coef)))
    console.print(how)
    base = emp.get("bonus_base")
    if base is None or pd.isna(base):
        if bases_in_use(result):
            console.print(Text(t("explain.no_base", lang), style="yellow"))
        return
    console.print(t("explain.payout", lang, base=fmt_money(base), coefficient=fmt_coefficient(coef),
                    payout=fmt_money(emp.get("payout"))))
