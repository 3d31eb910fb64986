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
)
from kpi_cli.commands._help import KpiCommand, KpiGroup

BUILTIN = "builtin"

catalogue_app = typer.Typer(
    cls=KpiGroup,
    help="help.catalogue",
    no_args_is_help=True,
)


class ExportFormat(str, Enum):
    yaml = "yaml"
    xlsx = "xlsx"


CatalogueArg = Annotated[
    str,
    typer.Argument(help="help.catalogue.file"),
]


@handle_errors
def export(
    output: Annotated[
        Optional[Path],
        typer.Option("-o", "--output", help="help.catalogue.export.output"),
    ] = None,
    format: Annotated[
        Optional[ExportFormat],
        typer.Option("--format", help="help.catalogue.export.format"),
    ] = None,
    lang: LangOpt = None,
    catalogue: CatalogueOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Write the catalogue in use as a file HR can edit: YAML, or an Excel workbook with drop-downs. (--help: help.catalogue.export)"""
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
    from kpi_cli.terminal import say

    say(t("catcmd.export.wrote", L, file=str(output), roles=len(cat.roles), measures=n_measures, format=fmt.value), err=True)


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


def _path_or_builtin(text: str) -> Path | None:
    return None if text.strip().lower() == BUILTIN else Path(text)


@handle_errors
def check(
    file: CatalogueArg,
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Check an edited catalogue (YAML or xlsx) and say where each problem is. (--help: help.catalogue.check)"""
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
        from kpi_cli.terminal import render_catalogue_check, stdout_console

        render_catalogue_check(stdout_console(), cat, problems, valid, shown, L)
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


@handle_errors
def diff(
    a: Annotated[str, typer.Argument(help="help.catalogue.diff.a")],
    b: Annotated[str, typer.Argument(help="help.catalogue.diff.b")],
    format: FormatOpt = TableFormat.table,
    lang: LangOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List what changed from catalogue A to catalogue B (either may be 'builtin'). (--help: help.catalogue.diff)"""
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
    from kpi_cli.terminal import render_catalogue_diff, stdout_console

    render_catalogue_diff(stdout_console(), changes, a, b, L)


def register(app: typer.Typer) -> None:
    catalogue_app.command("export", cls=KpiCommand, help="help.catalogue.export")(export)
    catalogue_app.command("check", cls=KpiCommand, help="help.catalogue.check")(check)
    catalogue_app.command("diff", cls=KpiCommand, help="help.catalogue.diff")(diff)
    app.add_typer(catalogue_app, name="catalogue")
