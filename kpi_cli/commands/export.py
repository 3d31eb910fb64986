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

    from rich.markup import escape

    from kpi_cli.commands._common import stderr_console, stdout_console
    from kpi_cli import export_period, has_errors, load_settings_catalogue, t

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    check_encoding(encoding, L)
    cat = load_settings_catalogue(settings)
    show_progress = not quiet and sys.stdout.isatty()
    err = stderr_console()
    if show_progress:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=stdout_console(), transient=True) as bar:
            tasks: dict[str, int] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(t(f"export.stage.{stage}", L), total=total)
                bar.update(tasks[stage], completed=done, total=total)

            done, result = export_period(inputs, output, cat, period, L, previous, strict, force, encoding, progress,
                                         calibrate=calibrate, roster=roster)
    else:
        done, result = export_period(inputs, output, cat, period, L, previous, strict, force, encoding,
                                     calibrate=calibrate, roster=roster)
    errors = [p for p in result.problems if p.is_error]
    warnings = [p for p in result.problems if not p.is_error]
    if done is None:
        err.print(t("export.strict_nothing_written", L, errors=len(errors)))
        for p in errors[:10]:
            err.print(f"  [red]•[/red] {escape(p.text(L))}", markup=True, highlight=False)
        raise typer.Exit(1)
    counts = done.manifest["counts"]
    if not quiet:
        out = stdout_console()
        names = [str(f.name) for f in result.inputs]
        shown = ", ".join(names[:10]) + (t("export.read_more", L, n=len(names) - 10) if len(names) > 10 else "")
        out.print(t("export.read", L, n=len(names), files=escape(shown)))
        out.print(t("export.done", L, folder=escape(str(done.folder)), files=len(done.files), employees=counts["employees"],
                    period=result.period.code))
        if errors or warnings:
            out.print(t("export.problems", L, errors=len(errors), warnings=len(warnings),
                        csv=f"problems-{result.period.code}.csv"))
    if has_errors(result.problems):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("export", cls=KpiCommand, help="help.export")(export)
