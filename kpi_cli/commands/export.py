"""`kpi export`: every report of a period in one folder (dashboard, departments, forms, Excel, CSV)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import check_encoding, CatalogueOpt, ConfigOpt, LangOpt, handle_errors, settings_for
from kpi_cli.commands._help import KpiCommand


@handle_errors
def export(
    inputs: Annotated[list[Path], typer.Argument(help="help.export.inputs", show_default=False)],
    period: Annotated[str, typer.Option("--period", "-p", help="help.export.period")],
    output: Annotated[Path, typer.Option("--output", "-o", help="help.export.output")],
    previous: Annotated[Optional[Path], typer.Option("--previous", help="help.export.previous")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="help.export.strict")] = False,
    force: Annotated[bool, typer.Option("--force", help="help.export.force")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="help.export.quiet")] = False,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="help.opt.encoding")] = None,
    calibrate: Annotated[Optional[bool], typer.Option("--calibrate/--no-calibrate", help="help.export.calibrate", show_default=False)] = None,
    roster: Annotated[Optional[Path], typer.Option("--roster", help="help.opt.roster", show_default=False)] = None,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export a whole period's reports into one folder, ready to hand out. (--help: help.export)"""
    import sys

    from kpi_cli import export_period, has_errors, load_settings_catalogue
    from kpi_cli.terminal import progress_bar, render_export

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    check_encoding(encoding, L)
    cat = load_settings_catalogue(settings)

    def run(progress=None):
        return export_period(inputs, output, cat, period, L, previous, strict, force, encoding, progress,
                             calibrate=calibrate, roster=roster)

    if not quiet and sys.stdout.isatty():
        with progress_bar(L, "export.stage") as progress:
            done, result = run(progress)
    else:
        done, result = run()
    render_export(done, result, L, quiet)
    if done is None or has_errors(result.problems):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("export", cls=KpiCommand, help="help.export")(export)
