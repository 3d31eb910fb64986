"""`kpi catalogue export|check|diff`: the company's own catalogue, in YAML or Excel."""

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
    stderr_console,
    stdout_console,
)

BUILTIN = "builtin"

catalogue_app = typer.Typer(
    help="The catalogue of roles and rules (考核目录): export it to edit, check an edited one, compare two.",
    no_args_is_help=True,
)


class ExportFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"


CatalogueArg = Annotated[
    str,
    typer.Argument(help="A catalogue file (.yaml, .yml, .xlsx) or folder, or 'builtin' for the built-in one."),
]


@handle_errors
def export(
    output: Annotated[
        Optional[Path],
        typer.Option("-o", "--output", help="File to write (.yaml/.yml or .xlsx); YAML goes to stdout without it."),
    ] = None,
    format: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", help="yaml or xlsx (default: from the suffix of -o, else yaml)."),
    ] = None,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write the catalogue in use as a file HR can edit: YAML, or an Excel workbook with drop-downs.

    Everything is written: roles, dimensions, measures, rules and their parameters, grade bands, quotas, coverage threshold. The catalogue in use is --catalogue, else KPI_CATALOGUE, else kpi.toml's, else the built-in one, with kpi.toml's grade bands, quotas and coverage threshold applied.

    Example: kpi catalogue export -o my-catalogue.xlsx
    """
    from kpi_cli import BUILTIN_CATALOGUE_DIR, UsageError, catalogue_yaml, load_settings_catalogue, t

    settings = settings_for(catalogue, lang, config)
    L = settings.lang
    fmt = _export_format(output, format, L)
    cat = load_settings_catalogue(settings)
    if output is not None:
        from kpi_cli import ensure_not_input

        inputs = [settings.catalogue, settings.config_file, *BUILTIN_CATALOGUE_DIR.iterdir()]
        try:
            ensure_not_input(output, [p for p in inputs if p is not None])
        except UsageError:
            raise UsageError(t("catcmd.export.is_input", L, file=output)) from None
    source = str(settings.catalogue) if settings.catalogue is not None else t("catyaml.builtin", L)
    source = f"{source}, SHA-256 {cat.sha256}"
    overrides = [k for k in ("grades", "quotas", "coverage_threshold") if getattr(settings, k) is not None]
    note = t("catyaml.header.overrides", L, file=settings.config_file, keys=", ".join(overrides)) if overrides else ""
    n_measures = sum(len(r.all_measures) for r in cat.roles)
    if fmt == ExportFormat.xlsx:
        from kpi_cli import write_catalogue_xlsx

        write_catalogue_xlsx(cat, output, L)
    else:
        text = catalogue_yaml(cat, L, source=source, note=note)
        if output is None:
            typer.echo(text, nl=False)
            return
        from kpi_cli import atomic_write_text

        atomic_write_text(output, text)
    stderr_console().print(
        t("catcmd.export.wrote", L, file=_escape(str(output)), roles=len(cat.roles), measures=n_measures, format=fmt.value),
        soft_wrap=True,
    )


def _export_format(output: Path | None, format, lang: str):
    from kpi_cli import UsageError, t

    by_suffix = {".yaml": ExportFormat.yaml, ".yml": ExportFormat.yaml, ".xlsx": ExportFormat.xlsx}
    suffix = output.suffix.lower() if output is not None else ""
    implied = by_suffix.get(suffix)
    if format is None:
        if output is not None and implied is None:
            raise UsageError(t("catcmd.export.unknown_suffix", lang, file=output))
        format = implied or ExportFormat.yaml
    elif implied is not None and implied != format:
        raise UsageError(t("catcmd.export.suffix_conflict", lang, file=output, format=format.value))
    if format == ExportFormat.xlsx and output is None:
        raise UsageError(t("catcmd.export.xlsx_needs_output", lang))
    return format


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _path_or_builtin(text: str) -> Path | None:
    return None if text.strip().lower() == BUILTIN else Path(text)


@handle_errors
def check(
    file: CatalogueArg,
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check an edited catalogue (YAML or xlsx) and say where each problem is.

    It finds weights that do not add up to 100, unknown rules or units, missing or inconsistent parameters, duplicate codes, grade bands with gaps or overlaps; each with its line (YAML) or sheet and cell (xlsx). Exit code 1 when there are errors, 0 when the catalogue is valid, 3 when kpi itself fails (a bug).

    Example: kpi catalogue check my-catalogue.xlsx
    """
    from kpi_cli import check_catalogue, has_errors, t

    settings = settings_for(None, lang, config)
    L = settings.lang
    path = _path_or_builtin(file)
    cat, problems = check_catalogue(path)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    valid = cat is not None and not has_errors(problems)
    shown = file if path is not None else t("catyaml.builtin", L)
    if format == TableFormat.json:
        print_json(
            {
                "file": str(path) if path is not None else BUILTIN,
                "valid": valid,
                "errors": errors,
                "warnings": warnings,
                "catalogue": _summary(cat) if cat is not None else None,
                "problems": [dict(p.to_dict(), message=p.message(L)) for p in problems],
            }
        )
    else:
        console = stdout_console()
        if problems:
            console.print(_problem_table(problems, path, L))
        if valid:
            key = "catcmd.check.valid_warnings" if warnings else "catcmd.check.valid"
            line = t(
                key,
                L,
                file=_escape(shown),
                roles=len(cat.roles),
                measures=sum(len(r.all_measures) for r in cat.roles),
                name=_escape(cat.name(L)),
                version=_escape(cat.version),
                sha256=cat.sha256,
                warnings=warnings,
            )
            console.print(line, soft_wrap=True)
        else:
            console.print(t("catcmd.check.invalid", L, file=_escape(shown), errors=errors, warnings=warnings), soft_wrap=True)
    if not valid:
        raise typer.Exit(1)


def _summary(cat) -> dict:
    return {
        "name_zh": cat.name_zh,
        "name_en": cat.name_en,
        "version": cat.version,
        "sha256": cat.sha256,
        "path": cat.path,
        "roles": len(cat.roles),
        "measures": sum(len(r.all_measures) for r in cat.roles),
    }


def _problem_table(problems, path: Path | None, L: str):
    from rich.table import Table

    from kpi_cli import t

    table = Table(show_lines=False, title_justify="left")
    table.add_column(t("catcmd.col.location", L), no_wrap=True, style="cyan")
    table.add_column(t("catcmd.col.severity", L), no_wrap=True)
    table.add_column(t("catcmd.col.problem", L))
    for p in sorted(problems, key=_order):
        table.add_row(
            _escape(_location(p, path, L)),
            t(f"catcmd.severity.{p.severity}", L),
            _escape(p.message(L)),
        )
    return table


_SHEET_ORDER = {"settings": 0, "roles": 1, "measures": 2}


def _order(p) -> tuple:
    """Problems in reading order: by file, then sheet, then line or row and column."""
    from kpi_cli import CATALOGUE_SHEETS

    sheet = next((i for k, i in _SHEET_ORDER.items() if p.sheet in CATALOGUE_SHEETS[k]), 9) if p.sheet else 0
    column = p.column or ""
    return (p.file or "", sheet, p.line or p.row or 0, len(column), column)


def _location(p, path: Path | None, L: str) -> str:
    """Sheet and cell, or line; the file only when it is not the one checked (a role file)."""
    from kpi_cli import t

    parts = []
    if p.file and (path is None or Path(p.file).resolve() != Path(path).resolve()):
        parts.append(Path(p.file).name)
    if p.sheet:
        parts.append(f"{p.sheet}!{p.cell}" if p.cell else p.sheet)
    elif p.line:
        parts.append(t("catcmd.line", L, line=p.line))
    return " · ".join(parts) or "—"


@handle_errors
def diff(
    a: Annotated[str, typer.Argument(help="The old catalogue: a file, a folder, or 'builtin'.")],
    b: Annotated[str, typer.Argument(help="The new catalogue: a file, a folder, or 'builtin'.")],
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List what changed from catalogue A to catalogue B (either may be 'builtin').

    Roles, dimensions and weights, measures, rules and parameters, grade bands and quotas, each as old → new. Exit code 0 (1 only when a catalogue cannot be loaded, 3 when kpi itself fails).

    Example: kpi catalogue diff builtin my-catalogue.xlsx
    """
    from kpi_cli import diff_catalogues, load_catalogue, t

    settings = settings_for(None, lang, config)
    L = settings.lang
    old = load_catalogue(_path_or_builtin(a))
    new = load_catalogue(_path_or_builtin(b))
    changes = diff_catalogues(old, new)
    if format == TableFormat.json:
        print_json(
            {
                "a": dict(_summary(old), file=a),
                "b": dict(_summary(new), file=b),
                "count": len(changes),
                "changes": [c.to_dict(L) for c in changes],
            }
        )
        return
    console = stdout_console()
    if not changes:
        console.print(t("catcmd.diff.none", L, a=_escape(a), b=_escape(b)))
        return
    from rich.table import Table

    table = Table(title=t("catcmd.diff.title", L, a=_escape(a), b=_escape(b), n=len(changes)), title_justify="left")
    table.add_column("#", justify="right", style="dim")
    table.add_column(t("catcmd.col.change", L))
    for i, c in enumerate(changes, start=1):
        table.add_row(str(i), _escape(c.message(L)))
    console.print(table)


def register(app: typer.Typer) -> None:
    catalogue_app.command("export")(export)
    catalogue_app.command("check")(check)
    catalogue_app.command("diff")(diff)
    app.add_typer(catalogue_app, name="catalogue")
