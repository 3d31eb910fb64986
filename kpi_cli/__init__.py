"""kpi: score a period's KPI figures against a catalogue of roles, with Excel and HTML reports.

This package is the library: everything a Python user needs is importable from ``kpi_cli``
itself, with the same numbers as the command line (the commands use nothing else)::

    from kpi_cli import filter_result, load_catalogue, result_dict, score_files

    catalogue = load_catalogue()
    result = score_files(["sample_data/2026-Q3.xlsx"], catalogue)
    result_dict(filter_result(result, roles=["cs_inquiry"]), "en")

Names are loaded on first use, so ``import kpi_cli`` (and ``kpi --help``) stays fast: pandas and
the catalogue code are imported only when a name that needs them is used.
"""

__version__ = "0.1.0"

# name → the module that defines it (a name given as "module:attribute" is renamed here).
_EXPORTS: dict[str, str] = {
    # catalogue: load, check, export, compare
    "load_catalogue": "kpi_cli.catalogue.loader",
    "check_catalogue": "kpi_cli.catalogue.loader",
    "BUILTIN_CATALOGUE_DIR": "kpi_cli.catalogue.loader:BUILTIN_DIR",
    "BUILTIN_CATALOGUE": "kpi_cli.catalogue.loader:BUILTIN_FILE",
    "Catalogue": "kpi_cli.catalogue.model",
    "Role": "kpi_cli.catalogue.model",
    "catalogue_yaml": "kpi_cli.catalogue.yaml_io",
    "write_catalogue_xlsx": "kpi_cli.catalogue.xlsx_io",
    "CATALOGUE_SHEETS": "kpi_cli.catalogue.xlsx_io:SHEETS",
    "diff_catalogues": "kpi_cli.catalogue.diff",
    "role_to_dict": "kpi_cli.catalogue.serialize",
    "catalogue_to_dict": "kpi_cli.catalogue.serialize",
    "describe_rule": "kpi_cli.scoring.explain",
    # settings (kpi.toml, --catalogue, --lang)
    "resolve_settings": "kpi_cli.config",
    "load_settings_catalogue": "kpi_cli.config",
    # read → validate → score
    "parse_period": "kpi_cli.periods",
    "read_dataset": "kpi_cli.scoring.pipeline",
    "score_dataset": "kpi_cli.scoring.pipeline",
    "score_files": "kpi_cli.scoring.pipeline",
    "validate_files": "kpi_cli.validation.validate",
    "read_roster": "kpi_cli.readers.roster",
    "ScoreResult": "kpi_cli.scoring.engine",
    # choosing what to show
    "find_role": "kpi_cli.scoring.selection",
    "role_hint": "kpi_cli.scoring.selection",
    "filter_result": "kpi_cli.scoring.selection",
    # outputs
    "result_dict": "kpi_cli.reports.flat",
    "result_json": "kpi_cli.reports.flat",
    "json_bytes": "kpi_cli.reports.flat",
    "csv_rows": "kpi_cli.reports.flat",
    "to_csv_text": "kpi_cli.reports.flat",
    "write_excel_report": "kpi_cli.reports.excel",
    "write_html_report": "kpi_cli.reports.html",
    "export_period": "kpi_cli.reports.export",
    "make_templates": "kpi_cli.reports.template_workbook",
    "make_rating_forms": "kpi_cli.reports.rating_forms",
    "resolve_roles": "kpi_cli.reports.template_workbook",
    # problems, errors, files, language
    "Problem": "kpi_cli.problems",
    "has_errors": "kpi_cli.problems",
    "KpiError": "kpi_cli.errors",
    "INTERNAL_ERROR_EXIT": "kpi_cli.errors",
    "describe_input_formats": "kpi_cli.input_formats:describe",
    "format_words": "kpi_cli.input_formats",
    "UsageError": "kpi_cli.errors",
    "CatalogueError": "kpi_cli.errors",
    "DiskFull": "kpi_cli.errors",
    "Terminated": "kpi_cli.errors",
    "ensure_not_input": "kpi_cli.fileio",
    "same_path": "kpi_cli.fileio",
    "interrupt_handler": "kpi_cli.fileio",
    "interrupt_handled": "kpi_cli.fileio",
    "remove_scratch": "kpi_cli.fileio",
    "pending_interrupt": "kpi_cli.fileio",
    "check_encoding": "kpi_cli.readers.delimited",
    "atomic_write_text": "kpi_cli.fileio",
    "t": "kpi_cli.i18n",
    "Msg": "kpi_cli.i18n",
    "LANGS": "kpi_cli.i18n",
    "default_lang": "kpi_cli.i18n",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str):
    import importlib

    where = _EXPORTS.get(name)
    if where is None and name in ("catalogue", "periods"):  # imported eagerly once: still attributes
        return importlib.import_module(f"kpi_cli.{name}")
    if where is None:
        raise AttributeError(f"module 'kpi_cli' has no attribute {name!r}")
    module, _, attr = where.partition(":")
    value = getattr(importlib.import_module(module), attr or name)
    globals()[name] = value  # the next use is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
