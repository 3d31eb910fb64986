"""The kpi command line: one Typer app; each command parses, calls the core, renders, exits."""

from typing import Annotated

import typer

from kpi_cli import __version__
from kpi_cli.commands import _common
from kpi_cli.commands._help import KpiGroup

app = typer.Typer(
    name="kpi",
    cls=KpiGroup,
    help="help.kpi",  # every help text is a key of kpi_cli/messages/help.py, shown in zh or en
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
    debug: Annotated[bool, typer.Option("--debug", help="help.kpi.debug")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="help.kpi.version")
    ] = False,
) -> None:
    """kpi itself: --debug and --version (its help text is help.kpi)."""
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
    app()


if __name__ == "__main__":
    main()
