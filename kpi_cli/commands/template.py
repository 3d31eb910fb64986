"""`kpi template`: blank input workbooks per role, optionally pre-filled from a roster."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

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
from kpi_cli.commands._help import KpiCommand


class SplitBy(str, Enum):
    type = "type"
    department = "department"


@handle_errors
def template(
    roles: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="help.template.roles",
            metavar="ROLE",
            show_default=False,
        ),
    ] = None,
    all_roles: Annotated[bool, typer.Option("--all", help="help.template.all")] = False,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "-o",
            "--output",
            help="help.template.output",
        ),
    ] = None,
    split: Annotated[bool, typer.Option("--split", help="help.template.split")] = False,
    raters: Annotated[bool, typer.Option("--raters", help="help.template.raters")] = False,
    by: Annotated[Optional[SplitBy], typer.Option("--by", help="help.template.by")] = None,
    roster: Annotated[
        Optional[Path],
        typer.Option(
            "--roster",
            help="help.template.roster",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", help="help.template.period")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="help.template.force")] = False,
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make blank input workbooks: a sheet per role with validated cells and an instructions sheet. (--help: help.template)"""
    from kpi_cli import load_settings_catalogue, make_templates, parse_period, read_roster, resolve_roles, t

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    chosen_period = parse_period(period) if period else None
    cat = load_settings_catalogue(settings)
    staff = read_roster(roster, cat, L) if roster is not None else None
    chosen = resolve_roles(cat, roles, all_roles, staff, L)
    if by is not None and not (raters and split):
        from kpi_cli import UsageError

        raise UsageError(t("raters.template.by_needs_split", L))
    if raters:
        from kpi_cli import make_rating_forms

        result = make_rating_forms(cat, chosen, output=output, split=split, by=(by or SplitBy.type).value, lang=L, period=chosen_period,
                                   roster=staff, roster_path=roster, force=force)
    else:
        result = make_templates(
            cat,
            chosen,
            output=output,
            split=split,
            lang=L,
            period=chosen_period,
            roster=staff,
            roster_path=roster,
            force=force,
        )
    if format == TableFormat.json:
        print_json(
            {
                "files": [
                    {"path": str(f.path), "roles": f.roles, "sheets": f.sheets, "employees": f.employees}
                    for f in result.files
                ],
                "problems": [p.to_dict() for p in result.problems],
            }
        )
    else:
        from kpi_cli.terminal import problem_lines, say

        for f in result.files:
            key = "raters.template.written" if raters else "template.written"
            say(t(key, L, path=f.path, roles=len(f.roles), sheets=len(f.sheets), employees=f.employees))
        problem_lines(result.problems, L)
    if result.has_errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("template", cls=KpiCommand, help="help.template")(template)
