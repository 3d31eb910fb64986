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
    from kpi_cli import load_settings_catalogue

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
    from kpi_cli.terminal import render_roles, stdout_console

    render_roles(stdout_console(), cat, settings.lang)


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
    from kpi_cli.terminal import render_role, stdout_console

    render_role(stdout_console(), found, L)


def register(app: typer.Typer) -> None:
    app.command("roles", cls=KpiCommand, help="help.roles")(roles)
    role_app.command("show", cls=KpiCommand, help="help.role.show")(show)
    app.add_typer(role_app, name="role")
