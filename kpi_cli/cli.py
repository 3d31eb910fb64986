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
    """The `kpi` program. Interrupted (Ctrl-C: 130, SIGTERM: 143), it leaves at once: every file
    and folder it was writing is already removed, and the interpreter's own tear-down (freeing
    pandas, numpy, the catalogue…) can take a second on a busy machine."""
    import signal
    import sys

    try:
        from kpi_cli import interrupt_handler

        sys.unraisablehook = _quiet_interrupts(sys.unraisablehook)
        # From the start, not only once a command runs: a Ctrl-C that lands in a library's callback
        # while the command is being set up is dropped by Python, and must be remembered. One that
        # comes before (Python's own KeyboardInterrupt) is caught below too: 130, no traceback.
        signal.signal(signal.SIGINT, interrupt_handler)
        app()
    except Exception as exc:  # a crash outside a command's own handler (handle_errors): exit 3 too
        if _common.STATE["debug"]:
            raise
        from kpi_cli import default_lang, pending_interrupt

        signum = pending_interrupt()
        if signum is not None:  # after a Ctrl-C (an import cut in the middle): the interrupt, not a crash
            _leave(143 if signum == signal.SIGTERM else 130)

        raise SystemExit(_common.report_crash(exc, default_lang())) from None
    except KeyboardInterrupt:  # before a command started (or its handler was in place) or just as it ended
        _leave(130)
    except SystemExit as exc:
        if exc.code in (130, 143):
            _leave(exc.code)
        _default_signals()
        raise
    _default_signals()


def _quiet_interrupts(default):
    """An unraisable-exception hook that leaves out the interrupts: a Ctrl-C whose KeyboardInterrupt
    is raised where Python cannot pass it on (a destructor, a callback: "Exception ignored in …")
    is remembered by the handler and raised again at the next safe point (raise_if_interrupted),
    so it needs no traceback on the user's screen; anything else is printed as before."""

    def hook(unraisable) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):  # Terminated is one too
            return
        default(unraisable)

    return hook


def _default_signals() -> None:
    """The command has ended: a Ctrl-C or SIGTERM from now on (while the interpreter tears itself
    down: atexit callbacks, thread joins) ends the process the default way, with nothing left to
    clean up, instead of raising KeyboardInterrupt inside the tear-down ("Exception ignored …")."""
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            signal.signal(sig, signal.SIG_DFL)
        except (ValueError, OSError):  # not the main thread, or a platform without it
            pass


def _leave(code: int) -> None:
    import signal

    for sig in (signal.SIGINT, signal.SIGTERM):  # leaving already: a second Ctrl-C must not cut the clean-up
        signal.signal(sig, signal.SIG_IGN)
    import os
    import sys

    from kpi_cli import remove_scratch

    remove_scratch()  # os._exit runs no finaliser: a scratch folder whose clean-up was not yet armed
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    main()
