"""`kpi validate FILE...`: read input files and list every problem, located, with how to fix it."""

from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli.commands._common import (
    CatalogueOpt,
    INPUT_FORMATS,
    ConfigOpt,
    FormatOpt,
    LangOpt,
    TableFormat,
    handle_errors,
    print_json,
    settings_for,
    stdout_console,
)


@handle_errors
def validate(
    files: Annotated[
        list[Path],
        typer.Argument(help=f"Input files (several allowed): {INPUT_FORMATS}.", metavar="FILE...", show_default=False),
    ],
    format: FormatOpt = TableFormat.table,
    period: Annotated[
        Optional[str],
        typer.Option("--period", "-p", help="Period to check as (as kpi score would score it; default: from the data)."),
    ] = None,
    encoding: Annotated[
        Optional[str],
        typer.Option("--encoding", help="Encoding of CSV files (default: detected; e.g. utf-8, gbk, utf-16)."),
    ] = None,
    limit: Annotated[
        int,
        typer.Option("--limit", min=0, help="Problems shown per file and sheet in the table (0 = all)."),
    ] = 200,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check input files against the catalogue: counts, and every problem with its file, sheet, cell and fix.

    Every row of every sheet is read; a bad cell invalidates its measure, not the file.

    Exit code 0 when there are no errors (warnings allowed), 1 when there are errors, 2 for wrong usage, 3 when kpi itself fails (a bug).

    Example: kpi validate 2026-Q3.xlsx exports/客服部.csv --format json
    """
    from kpi_cli import load_settings_catalogue, validate_files

    settings = settings_for(catalogue, lang, config)
    cat = load_settings_catalogue(settings)
    report = validate_files(list(files), cat, encoding=encoding, period=period)
    if format == TableFormat.json:
        print_json(report.to_dict())
    else:
        render_report(report, settings.lang, limit)
    raise typer.Exit(0 if report.valid else 1)


def render_report(report, L: str, limit: int = 200) -> None:
    """Problems as Rich tables grouped by file and sheet, then the counts."""
    from rich.table import Table
    from rich.text import Text

    from kpi_cli import t

    console = stdout_console()
    groups: dict[tuple[str, str], list] = {}
    for p in report.problems:
        groups.setdefault((p.file or "", p.sheet or ""), []).append(p)
    for (file, sheet), problems in groups.items():
        console.print(Text(file + (f" › {sheet}" if sheet else ""), style="bold"), soft_wrap=True)
        table = Table(show_lines=False, expand=False)
        table.add_column(t("validate.col.severity", L), no_wrap=True)
        table.add_column(t("validate.col.cell", L), no_wrap=True)
        table.add_column(t("validate.col.type", L), no_wrap=True, style="cyan")
        table.add_column(t("validate.col.employee", L), no_wrap=True)
        table.add_column(t("validate.col.value", L), max_width=24, overflow="fold")
        table.add_column(t("validate.col.message", L), ratio=1, overflow="fold")
        shown = problems if not limit else problems[:limit]
        for p in shown:
            sev = Text(t(f"validate.severity.{p.severity}", L), style="red" if p.is_error else "yellow")
            where = p.cell or (f"{p.row}" if p.row else t("validate.file_level", L) if not p.sheet else "")
            value = "" if p.value is None else str(p.value)
            table.add_row(sev, Text(where), Text(p.type), Text(p.employee_id or ""), Text(value), Text(p.message(L)))
        console.print(table)
        if len(shown) < len(problems):
            console.print(Text(t("validate.more", L, n=len(problems) - len(shown)), style="dim"))
    if report.raters:
        _render_raters(console, report.raters, L)
    c = report.counts
    console.print(Text(t("validate.summary", L, **c)))
    console.print(Text(t("validate.problems", L, errors=c["errors"], warnings=c["warnings"])))
    if report.valid:
        console.print(Text(t("validate.valid", L), style="green"))
    else:
        console.print(Text(t("validate.invalid", L), style="red"))


def _render_raters(console, raters: list[dict], L: str) -> None:
    """Raters per measure, and who is missing a rating from an expected rater type."""
    from rich.table import Table
    from rich.text import Text

    from kpi_cli import t

    table = Table(title=t("validate.raters.title", L), title_justify="left")
    for key in ("role", "measure", "employees", "per_employee", "types", "missing"):
        table.add_column(t(f"validate.raters.{key}", L), overflow="fold")
    sep = "、" if L == "zh" else ", "
    for r in raters:
        names = {c: v[L] for c, v in r["rater_type_names"].items()}
        missing = sep.join(f"{x['employee_id']} ({sep.join(names[c] for c in x['rater_types'])})" for x in r["missing"][:10])
        if len(r["missing"]) > 10:
            missing += " …"
        per = f"{r['raters_min']}–{r['raters_max']}" if r["raters_min"] != r["raters_max"] else str(r["raters_min"])
        table.add_row(Text(r["role"]), Text(r["name_zh"] if L == "zh" else r["name_en"]), str(r["employees"]), per,
                      Text(sep.join(names[c] for c in r["rater_types"])), Text(missing or "—"))
    console.print(table)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
