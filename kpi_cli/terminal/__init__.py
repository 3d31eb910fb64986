"""The terminal face: every table and line the commands print, the only place that imports Rich.

`console` (stdout for results, stderr for diagnostics; an error line, a plain line, a progress
bar), `problems` (the one problem table and the one-line form), `score` and `explain` (`kpi
score`), `validation`, `catalogue` (roles, a role, catalogue check and diff), `outputs` (what the
writing commands say when done). Names load on first use, like the facade's, so a command pays for
Rich and pandas only when it prints."""

# name → the module of this package that defines it
_EXPORTS: dict[str, str] = {
    "stdout_console": "console",
    "stderr_console": "console",
    "escape": "console",
    "say": "console",
    "error_line": "console",
    "progress_bar": "console",
    "problem_table": "problems",
    "render_problems": "problems",
    "problem_summary": "problems",
    "problem_groups": "problems",
    "problem_lines": "problems",
    "render_score": "score",
    "employee_tables": "score",
    "distribution_table": "score",
    "sort_employees": "score",
    "render_explain": "explain",
    "render_validation": "validation",
    "render_roles": "catalogue",
    "render_role": "catalogue",
    "render_catalogue_check": "catalogue",
    "render_catalogue_diff": "catalogue",
    "render_export": "outputs",
    "render_written": "outputs",
}

__all__ = list(_EXPORTS)


def __getattr__(name: str):
    import importlib

    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'kpi_cli.terminal' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
