"""`kpi validate FILE...`: read input files and list every problem, located, with how to fix it."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import (
    check_encoding,
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


@handle_errors
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help="help.validate.files", metavar="FILE...", show_default=False),
    ],
    format: FormatOpt = TableFormat.table,
    period: Annotated[
        Optional[str],
        typer.Option("--period", "-p", help="help.validate.period"),
    ] = None,
    encoding: Annotated[
        Optional[str],
        typer.Option("--encoding", help="help.opt.encoding"),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", min=0, help="help.validate.limit"),
    ] = 200,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check input files against the catalogue: counts, and every problem with its file, sheet, cell and fix. (--help: help.validate)"""
    from kpi_cli import load_settings_catalogue, validate_files

    settings = settings_for(catalogue, lang, config)
    check_encoding(encoding, settings.lang)
    cat = load_settings_catalogue(settings)
    report = validate_files(list(files), cat, encoding=encoding, period=period)
    if format == TableFormat.json:
        print_json(report.to_dict())
    else:
        from kpi_cli.terminal import render_validation, stdout_console

        render_validation(stdout_console(), report, settings.lang, limit)
    raise typer.Exit(0 if report.valid else 1)


def register(app: typer.Typer) -> None:
    app.command("validate", cls=KpiCommand, help="help.validate")(validate)
