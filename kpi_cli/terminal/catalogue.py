"""The catalogue on the terminal: `kpi roles`, `kpi role show`, `kpi catalogue check` and `diff`."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kpi_cli.catalogue.xlsx_io import SHEETS
from kpi_cli.i18n import t
from kpi_cli.scoring.explain import describe_rule
from kpi_cli.terminal.problems import render_problems


def render_roles(console: Console, cat, lang: str) -> None:
    """The roles: code, names, department, measures, how much is derived."""
    table = Table(title=escape(f"{cat.name(lang)} · {t('roles.version', lang)} {cat.version}"), title_justify="left")
    table.add_column(t("col.code", lang), style="cyan", no_wrap=True)
    table.add_column(t("col.name_zh", lang))
    table.add_column(t("col.name_en", lang))
    table.add_column(t("col.department", lang))
    table.add_column(t("col.measures", lang), justify="right")
    table.add_column(t("col.derived", lang), justify="right")
    for r in cat.roles:
        derived = t("roles.whole_role_derived", lang) if r.origin == "derived" else f"{r.derived_share:.0%}"
        table.add_row(
            r.code, escape(r.name_zh), escape(r.name_en), escape(r.department.name(lang)), str(len(r.all_measures)), derived
        )
    console.print(table)
    console.print(t("roles.footer", lang))


def render_role(console: Console, role, lang: str) -> None:
    """One role: a table per dimension, its measures with weights, standards and rules in words."""
    L = lang
    origin = t("origin.derived", L) if role.origin == "derived" else t("origin.source", L)
    console.print(
        f"[bold]{escape(role.name(L))}[/bold]  ({role.code}) · {escape(role.department.name(L))} · {escape(origin)}"
    )
    note = role.note_zh if L == "zh" else role.note_en
    if note:
        console.print(f"[dim]{escape(note)}[/dim]")
    eff = role.effective_weights()
    for d in role.dimensions:
        mark = "†" if d.origin == "derived" else ""
        table = Table(
            title=f"{escape(d.name(L))} — {d.weight:.4g}%{mark}",
            title_justify="left",
            show_lines=True,
            expand=True,
        )
        table.add_column(t("col.measure", L), ratio=2)
        table.add_column(t("col.weight", L), justify="right", no_wrap=True)
        table.add_column(t("col.standard", L), ratio=3)
        table.add_column(t("col.rule", L), ratio=3)
        table.add_column(t("col.source", L), no_wrap=True)
        for m in d.measures:
            std = escape(m.standard_zh) if L == "zh" else f"{escape(m.standard_en)}\n[dim]{escape(m.standard_zh)}[/dim]"
            rule = escape(describe_rule(m, m.params, L))
            if m.basis:
                rule += f" ({t('basis.' + m.basis, L)})"
            if m.cycle:
                rule += "\n" + t("roles.cycle", L, tag=t(f"cycle.tag.{m.cycle}", L), cycle=t(f"cycle.{m.cycle}", L))
            if m.derived_params:
                rule += "\n[dim]† " + t("roles.derived_params", L, params=", ".join(m.derived_params)) + "[/dim]"
            name = f"{escape(m.name(L))}\n[dim]{m.code}[/dim]" + ("†" if m.origin == "derived" else "")
            table.add_row(
                name,
                f"{eff[m.code]:.4g}%",
                std,
                rule,
                t("source." + m.source, L),
            )
        console.print(table)
    console.print(f"[dim]{t('roles.dagger', L)}[/dim]")


_SHEET_ORDER = {"settings": 0, "roles": 1, "measures": 2}


def _reading_order(p) -> tuple:
    """Problems in reading order: by file, then sheet, then line or row and column."""
    sheet = next((i for k, i in _SHEET_ORDER.items() if p.sheet in SHEETS[k]), 9) if p.sheet else 0
    column = p.column or ""
    return (p.file or "", sheet, p.line or p.row or 0, len(column), column)


def render_catalogue_check(console: Console, cat, problems: list, valid: bool, shown: str, lang: str) -> None:
    """What `kpi catalogue check` found, by file and sheet in reading order, and its verdict."""
    if problems:
        render_problems(console, sorted(problems, key=_reading_order), lang)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if valid:
        key = "catcmd.check.valid_warnings" if warnings else "catcmd.check.valid"
        line = t(
            key,
            lang,
            file=escape(shown),
            roles=len(cat.roles),
            measures=sum(len(r.all_measures) for r in cat.roles),
            name=escape(cat.name(lang)),
            version=escape(cat.version),
            sha256=cat.sha256,
            warnings=warnings,
        )
        console.print(line, soft_wrap=True)
    else:
        console.print(t("catcmd.check.invalid", lang, file=escape(shown), errors=errors, warnings=warnings), soft_wrap=True)


def render_catalogue_diff(console: Console, changes: list, a: str, b: str, lang: str) -> None:
    """The changes from catalogue A to catalogue B, numbered (or a line saying there are none)."""
    if not changes:
        console.print(t("catcmd.diff.none", lang, a=escape(a), b=escape(b)))
        return
    table = Table(title=t("catcmd.diff.title", lang, a=escape(a), b=escape(b), n=len(changes)), title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column(t("catcmd.col.change", lang))
    for i, c in enumerate(changes, start=1):
        table.add_row(str(i), escape(c.message(lang)))
    console.print(table)
