"""`kpi score --explain ID` on the terminal: every measure of one employee, its rule and points, and
the total as computed."""

from __future__ import annotations

import math

import pandas as pd
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from kpi_cli.i18n import t
from kpi_cli.scoring.engine import ScoreResult, cycle_params
from kpi_cli.scoring.explain import (
    cycle_tag,
    describe_rule,
    explain_measure,
    explain_not_due,
    fmt_coefficient,
    fmt_money,
    fmt_number,
    fmt_value,
)
from kpi_cli.scoring.pay import bases_in_use, quota_label


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
