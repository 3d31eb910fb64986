"""`kpi export`: every report of a period in one folder (dashboard, departments, forms, Excel, CSV)."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import INPUT_FORMATS, CatalogueOpt, ConfigOpt, LangOpt, handle_errors, settings_for


@handle_errors
def export(
    inputs: Annotated[list[Path], typer.Argument(help=f"The period's file, its monthly files, or a folder holding them: {INPUT_FORMATS}.", show_default=False)],
    period: Annotated[str, typer.Option("--period", "-p", help="Period to export: 2026-Q3, 2026-07, 2026-H2 or 2026.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Output folder, e.g. reports/2026-Q3/.")],
    previous: Annotated[Optional[Path], typer.Option("--previous", help="An earlier export folder (or its scores CSV): show each employee's change.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Write nothing when the input has errors or a month is missing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace a non-empty folder that kpi export did not make.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Force the encoding of CSV files (e.g. gb18030).")] = None,
    calibrate: Annotated[Optional[bool], typer.Option("--calibrate/--no-calibrate", help="Re-assign grades within each department until every quota holds (强制分布) (default: the catalogue's or kpi.toml's calibrate setting, else off).", show_default=False)] = None,
    roster: Annotated[Optional[Path], typer.Option("--roster", help=f"A roster ({INPUT_FORMATS}, with 工号 and 绩效工资基数 columns) giving each employee's bonus base for the payout.", show_default=False)] = None,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Export a whole period's reports into one folder, ready to hand out.

    Writes index.html, one page per department, a printable form per employee, the Excel
    report, scores and problems CSVs (UTF-8 with BOM), and manifest.json with SHA-256 hashes.

    Monthly files are combined per measure (counts summed, rates and ratings averaged). The
    folder is replaced only when the new export is complete.

    With --roster (bonus bases) and --calibrate, scores-<period>.csv is the payroll file:
    calibrated grades, coefficients and payouts, every moved grade with the quota that moved it.

    Example: kpi export --period 2026-Q3 sample_data/ -o reports/2026-Q3/
    """
    import sys

    from rich.markup import escape

    from kpi_cli.commands._common import stderr_console, stdout_console
    from kpi_cli import export_period, has_errors, load_settings_catalogue, t

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
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
        out.print(t("export.done", L, folder=escape(str(done.folder)), files=len(done.files), employees=counts["employees"],
                    period=result.period.code))
        if errors or warnings:
            out.print(t("export.problems", L, errors=len(errors), warnings=len(warnings),
                        csv=f"problems-{result.period.code}.csv"))
    if has_errors(result.problems):
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("export")(export)
