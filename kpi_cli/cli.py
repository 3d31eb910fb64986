"""The kpi command line: one Typer app; each command parses, calls the core, renders, exits."""

from typing import Annotated

import typer

from kpi_cli import __version__
from kpi_cli.commands import _common

app = typer.Typer(
    name="kpi",
    help=(
        "KPI appraisal for HR (KPI 考核): score a period's figures against the role catalogue, "
        "write Excel and HTML reports, make blank input workbooks.\n\n"
        "Example: kpi score sample_data/2026-Q3.xlsx -o report.xlsx --html report.html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    debug: Annotated[bool, typer.Option("--debug", help="Show the full traceback of an error.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """KPI appraisal for HR."""
    if debug:
        _common.STATE["debug"] = True


def _register() -> None:
    # Each command module adds its commands to `app`; imports inside them stay lazy.
    import importlib
    import pkgutil

    import kpi_cli.commands as pkg

    order = ["score", "validate", "template", "export", "roles", "catalogue"]
    names = [i.name for i in pkgutil.iter_modules(pkg.__path__) if not i.name.startswith("_")]
    for name in sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n)):
        importlib.import_module(f"{pkg.__name__}.{name}").register(app)


_register()


def main() -> None:
    try:
        app()
    except Exception as exc:  # a crash outside a command's own handler (handle_errors): exit 3 too
        if _common.STATE["debug"]:
            raise
        from kpi_cli import default_lang

        raise SystemExit(_common.report_crash(exc, default_lang())) from None


if __name__ == "__main__":
    main()
