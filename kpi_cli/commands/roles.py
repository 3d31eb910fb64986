"""`kpi roles` and `kpi role show`: the catalogue on screen or as JSON."""

from typing import Annotated

import typer

from kpi_cli.commands._common import (
    CatalogueOpt,
    ConfigOpt,
    FormatOpt,
    LangOpt,
    TableFormat,
    handle_errors,
    print_json,
    settings_for,
    stdout_console,
)
from kpi_cli.commands._help import KpiCommand, KpiGroup

role_app = typer.Typer(cls=KpiGroup, help="help.role", no_args_is_help=True)


@handle_errors
def roles(
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List the roles of the catalogue (岗位): code, names, department, measures, how much is derived. (--help: help.roles)"""
    from kpi_cli import load_settings_catalogue, t

    settings = settings_for(catalogue, lang, config)
    cat = load_settings_catalogue(settings)
    if format == TableFormat.json:
        print_json(
            {
                "catalogue": {"name": cat.name(settings.lang), "version": cat.version, "sha256": cat.sha256},
                "roles": [
                    {
                        "code": r.code,
                        "name_zh": r.name_zh,
                        "name_en": r.name_en,
                        "department": r.department.code,
                        "department_zh": r.department.name_zh,
                        "department_en": r.department.name_en,
                        "origin": r.origin,
                        "dimensions": len(r.dimensions),
                        "measures": len(r.all_measures),
                        "derived_share": round(r.derived_share, 4),
                    }
                    for r in cat.roles
                ],
            }
        )
        return
    from rich.table import Table

    L = settings.lang
    from rich.markup import escape

    table = Table(title=escape(f"{cat.name(L)} · {t('roles.version', L)} {cat.version}"), title_justify="left")
    table.add_column(t("col.code", L), style="cyan", no_wrap=True)
    table.add_column(t("col.name_zh", L))
    table.add_column(t("col.name_en", L))
    table.add_column(t("col.department", L))
    table.add_column(t("col.measures", L), justify="right")
    table.add_column(t("col.derived", L), justify="right")
    for r in cat.roles:
        derived = t("roles.whole_role_derived", L) if r.origin == "derived" else f"{r.derived_share:.0%}"
        table.add_row(
            r.code, escape(r.name_zh), escape(r.name_en), escape(r.department.name(L)), str(len(r.all_measures)), derived
        )
    console = stdout_console()
    console.print(table)
    console.print(t("roles.footer", L))


@handle_errors
def show(
    role: Annotated[str, typer.Argument(help="help.role.show.role")],
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Show one role: dimensions and measures with weights, source sentences and rules in words. (--help: help.role.show)"""
    from kpi_cli import find_role, load_settings_catalogue, role_to_dict

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    cat = load_settings_catalogue(settings)
    found = find_role(cat, role, L)
    if format == TableFormat.json:
        print_json(role_to_dict(found))
        return
    render_role(found, L)


def render_role(role, L: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from kpi_cli import describe_rule, t

    console = stdout_console()
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


def register(app: typer.Typer) -> None:
    app.command("roles", cls=KpiCommand, help="help.roles")(roles)
    role_app.command("show", cls=KpiCommand, help="help.role.show")(show)
    app.add_typer(role_app, name="role")
