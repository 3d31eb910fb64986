"""`kpi score`: the main job — read a period's files, score everyone, show and write the results."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import INPUT_FORMATS, CatalogueOpt, ConfigOpt, LangOpt, handle_errors, settings_for


class ScoreFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class SortBy(str, Enum):
    total = "total"
    name = "name"
    role = "role"


@handle_errors
def score(
    files: Annotated[list[Path], typer.Argument(help=f"Files of one period, or its monthly files: {INPUT_FORMATS}.", show_default=False)],
    period: Annotated[Optional[str], typer.Option("--period", "-p", help="Period to score: 2026-07, 2026-Q3, 2026-H2 or 2026 (default: from a period column or the file names).")] = None,
    role: Annotated[Optional[list[str]], typer.Option("--role", "-r", help="Show only this role (code, Chinese or English name); repeatable.")] = None,
    department: Annotated[Optional[list[str]], typer.Option("--department", "-d", help="Show only this department (as written in the files); repeatable.")] = None,
    sort: Annotated[SortBy, typer.Option("--sort", help="Order of the rows in each table.")] = SortBy.total,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="Show only the first N rows of each role's table.")] = None,
    explain: Annotated[Optional[str], typer.Option("--explain", help="Show how one employee's score was computed (employee id).")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the Excel report to this .xlsx file.")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="Write the HTML report to this file.")] = None,
    format: Annotated[ScoreFormat, typer.Option("--format", help="table (Rich tables), json (the documented schema) or csv (one row per employee, UTF-8 with BOM).")] = ScoreFormat.table,
    strict: Annotated[bool, typer.Option("--strict", help="Write nothing when the input has errors (and treat a missing month as an error).")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Do not abbreviate columns to fit the terminal.")] = False,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="Force the encoding of CSV files (e.g. gb18030, utf-8).")] = None,
    calibrate: Annotated[Optional[bool], typer.Option("--calibrate/--no-calibrate", help="Re-assign grades within each department until every quota holds (强制分布); totals never change (default: the catalogue's or kpi.toml's calibrate setting, else off).", show_default=False)] = None,
    roster: Annotated[Optional[Path], typer.Option("--roster", help=f"A roster ({INPUT_FORMATS}, with 工号 and 绩效工资基数 columns) giving each employee's bonus base for the payout.", show_default=False)] = None,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Score every employee in a period's files and show the results; write Excel/HTML reports.

    Exit code 0 when everyone was scored, 1 when the input has errors (everyone is still listed),
    2 for wrong usage, 3 when kpi itself fails (a bug: please report it).

    With --roster (or a 绩效工资基数 column) every graded employee gets a performance
    coefficient and a payout; --calibrate enforces the grade quotas.

    Example: kpi score sample_data/2026-Q3.xlsx --roster sample_data/staff.xlsx -o report.xlsx --html report.html
    """
    from kpi_cli import (
        UsageError,
        ensure_not_input,
        filter_result,
        has_errors,
        load_settings_catalogue,
        read_dataset,
        score_dataset,
        t,
    )

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    for out in (output, html):
        ensure_not_input(out, files + ([roster] if roster is not None else []))
    if output is not None and output.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UsageError(t("score.output_not_xlsx", L, path=output))
    cat = load_settings_catalogue(settings)
    staff = None
    if roster is not None:
        from kpi_cli import read_roster

        staff = read_roster(roster, cat, L)
    dataset = read_dataset(files, cat, encoding)
    try:
        result = score_dataset(dataset, cat, period, strict=strict, calibrate=calibrate, roster=staff)
    except UsageError:
        if period is None and sys.stdin.isatty() and sys.stdout.isatty():
            asked = typer.prompt(t("score.ask_period", L))
            result = score_dataset(dataset, cat, asked, strict=strict, calibrate=calibrate, roster=staff)
        else:
            raise
    shown = filter_result(result, role, department, L)
    failed = has_errors(result.problems)
    _print_file_problems(result.problems, L)
    if not len(result.employees):
        # Nobody to score is never a success: most often a mistyped --period.
        from kpi_cli.commands._common import stderr_console

        found = ", ".join(dataset.periods) or "—"
        stderr_console().print(t("score.nobody", L, period=result.period.code, periods=found))
        failed = True

    if explain is not None:
        records = result.find(explain)
        if not records:
            raise UsageError(t("score.explain_unknown", L, id=explain))
        from kpi_cli.commands._common import stdout_console
        from kpi_cli.terminal import render_explain

        console = stdout_console()
        for rec in records:
            render_explain(console, result, rec, L)
    elif format == ScoreFormat.json:
        from kpi_cli.commands._common import print_json
        from kpi_cli import result_dict

        print_json(result_dict(shown, L))
    elif format == ScoreFormat.csv:
        from kpi_cli import csv_rows, to_csv_text

        sys.stdout.write("\ufeff" + to_csv_text(csv_rows(shown, L)))
    else:
        from kpi_cli.commands._common import stdout_console
        from kpi_cli.terminal import render_score

        render_score(stdout_console(), shown, L, [str(f) for f in files], sort.value, top, wide)

    if failed and strict:
        from kpi_cli.commands._common import stderr_console

        if output or html:
            stderr_console().print(t("score.strict_nothing_written", L))
        raise typer.Exit(1)
    written = []
    if output is not None:
        from kpi_cli import write_excel_report

        written.append(write_excel_report(shown, output, lang=L))
    if html is not None:
        from kpi_cli import write_html_report

        written.append(write_html_report(shown, html, lang=L))
    if written:
        from kpi_cli.commands._common import stderr_console

        err = stderr_console()
        for path in written:
            err.print(t("score.written", L, path=_escape(str(path))))
    if failed:
        raise typer.Exit(1)


def _print_file_problems(problems, lang: str) -> None:
    """One line on stderr for each problem with a whole file or sheet (one that could not be read…)."""
    from kpi_cli.commands._common import stderr_console
    from kpi_cli import t

    file_level = [p for p in problems if p.row is None]
    if not file_level:
        return
    err = stderr_console()
    for p in file_level:
        tag = f"[red]{t('validate.severity.error', lang)}[/red]" if p.is_error else f"[yellow]{t('validate.severity.warning', lang)}[/yellow]"
        err.print(f"{tag} {_escape(p.text(lang))}", soft_wrap=True)


def _escape(text: str) -> str:
    """Rich markup in file names and data ('[/x]') printed as it is."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def register(app: typer.Typer) -> None:
    app.command("score")(score)
