"""`kpi template`: blank input workbooks per role, optionally pre-filled from a roster."""

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import (
    INPUT_FORMATS,
    CatalogueOpt,
    ConfigOpt,
    FormatOpt,
    LangOpt,
    TableFormat,
    handle_errors,
    print_json,
    settings_for,
    stderr_console,
    stdout_console,
)


class SplitBy(str, Enum):
    type = "type"
    department = "department"


@handle_errors
def template(
    roles: Annotated[
        Optional[list[str]],
        typer.Argument(
            help="Roles to include: code, Chinese or English name (e.g. cs_inquiry 客户咨询).",
            metavar="ROLE",
            show_default=False,
        ),
    ] = None,
    all_roles: Annotated[bool, typer.Option("--all", help="Include every role of the catalogue.")] = False,
    output: Annotated[
        Optional[Path],
        typer.Option(
            "-o",
            "--output",
            help="Output .xlsx file (default: kpi-template[-PERIOD].xlsx here); with --split, a folder.",
        ),
    ] = None,
    split: Annotated[bool, typer.Option("--split", help="Write one workbook per role into the -o folder (with --raters: per rater type, or per department with --by department).")] = False,
    raters: Annotated[bool, typer.Option("--raters", help="Make rating forms instead: a sheet per rater type and role with 评价人/评价人类型 columns and only the ratings that rater type gives.")] = False,
    by: Annotated[Optional[SplitBy], typer.Option("--by", help="With --raters --split: type (one file per rater type, the default) or department (one per department of the roster).")] = None,
    roster: Annotated[
        Optional[Path],
        typer.Option(
            "--roster",
            help=f"Employees to pre-fill ({INPUT_FORMATS}) with employee id, name, department, role.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", help="The period the workbook is for: 2026-07, 2026-Q3, 2026-H2 or 2026.")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make blank input workbooks: a sheet per role with validated cells and an instructions sheet.

    Blank = not assessed. Unplaceable roster rows are listed (exit 1); the rest is written.
    With --raters: rating forms to send to raters (supervisors, peers, customers…).

    Example: kpi template 客户咨询 cs_representative --period 2026-Q3 --roster staff.xlsx

    Example: kpi template --raters --roster staff.xlsx --period 2026-Q3 --split -o forms/
    """
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
        from rich.markup import escape

        out = stdout_console()
        for f in result.files:
            key = "raters.template.written" if raters else "template.written"
            out.print(escape(t(key, L, path=f.path, roles=len(f.roles), sheets=len(f.sheets), employees=f.employees)))
        err = stderr_console()
        for p in result.problems:
            tag = "[red]error[/red]" if p.is_error else "[yellow]warning[/yellow]"
            err.print(f"{tag} {escape(p.text(L))}", soft_wrap=True)
    if result.has_errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("template")(template)
