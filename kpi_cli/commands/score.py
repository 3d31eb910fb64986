"""`kpi score`: the main job — read a period's files, score everyone, show and write the results."""

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import check_encoding, CatalogueOpt, ConfigOpt, LangOpt, handle_errors, settings_for
from kpi_cli.commands._help import KpiCommand


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
    files: Annotated[list[Path], typer.Argument(help="help.score.files", show_default=False)],
    period: Annotated[Optional[str], typer.Option("--period", "-p", help="help.score.period")] = None,
    role: Annotated[Optional[list[str]], typer.Option("--role", "-r", help="help.score.role")] = None,
    department: Annotated[Optional[list[str]], typer.Option("--department", "-d", help="help.score.department")] = None,
    sort: Annotated[SortBy, typer.Option("--sort", help="help.score.sort")] = SortBy.total,
    top: Annotated[Optional[int], typer.Option("--top", min=1, help="help.score.top")] = None,
    explain: Annotated[Optional[str], typer.Option("--explain", help="help.score.explain")] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="help.score.output")] = None,
    html: Annotated[Optional[Path], typer.Option("--html", help="help.score.html")] = None,
    format: Annotated[ScoreFormat, typer.Option("--format", help="help.score.format")] = ScoreFormat.table,
    indent: Annotated[Optional[bool], typer.Option("--indent/--compact", help="help.score.indent", show_default=False)] = None,
    strict: Annotated[bool, typer.Option("--strict", help="help.score.strict")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="help.score.wide")] = False,
    encoding: Annotated[Optional[str], typer.Option("--encoding", help="help.opt.encoding")] = None,
    calibrate: Annotated[Optional[bool], typer.Option("--calibrate/--no-calibrate", help="help.score.calibrate", show_default=False)] = None,
    roster: Annotated[Optional[Path], typer.Option("--roster", help="help.opt.roster", show_default=False)] = None,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Score every employee in a period's files and show the results; write Excel/HTML reports. (--help: help.score)"""
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
    from kpi_cli import same_path

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    check_encoding(encoding, L)
    for out in (output, html):
        ensure_not_input(out, files + ([roster] if roster is not None else []))
    if output is not None and html is not None and same_path(output, html):
        raise UsageError(t("score.same_output", L, path=html))
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
    from kpi_cli.terminal import problem_lines, say, stdout_console

    problem_lines([p for p in result.problems if p.row is None], L)  # a whole file or sheet (one that could not be read…)
    if not len(result.employees):
        # Nobody to score is never a success: most often a mistyped --period.
        say(t("score.nobody", L, period=result.period.code, periods=", ".join(dataset.periods) or "—"), err=True)
        failed = True

    if explain is not None:
        records = result.find(explain)
        if not records:
            raise UsageError(t("score.explain_unknown", L, id=explain))
        from kpi_cli.terminal import render_explain

        console = stdout_console()
        for rec in records:
            render_explain(console, result, rec, L)
    elif format == ScoreFormat.json:
        from kpi_cli.commands._common import write_stdout_bytes
        from kpi_cli import result_json

        write_stdout_bytes(result_json(shown, L, indent=sys.stdout.isatty() if indent is None else indent))
    elif format == ScoreFormat.csv:
        from kpi_cli import csv_rows, to_csv_text

        sys.stdout.write("\ufeff" + to_csv_text(csv_rows(shown, L)))
    else:
        from kpi_cli.terminal import render_score

        render_score(stdout_console(), shown, L, [str(f) for f in files], sort.value, top, wide)

    if failed and strict:
        if output or html:
            say(t("score.strict_nothing_written", L), err=True)
        raise typer.Exit(1)
    written = []
    if output is not None:
        from kpi_cli import write_excel_report

        written.append(write_excel_report(shown, output, lang=L))
    if html is not None:
        from kpi_cli import write_html_report

        written.append(write_html_report(shown, html, lang=L))
    from kpi_cli.terminal import render_written

    render_written(written, L)
    if failed:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("score", cls=KpiCommand, help="help.score")(score)
