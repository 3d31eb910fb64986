"""What every command shares: options defined once, consoles, and one-line error handling."""

import functools
import os
import sys
import signal
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer


STATE = {"debug": os.environ.get("KPI_DEBUG") == "1"}


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class TableFormat(str, Enum):
    table = "table"
    json = "json"


LangOpt = Annotated[
    Optional[Lang],
    typer.Option("--lang", help="help.opt.lang"),
]
CatalogueOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--catalogue",
        help="help.opt.catalogue",
        dir_okay=True,
    ),
]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option("--config", help="help.opt.config"),
]
FormatOpt = Annotated[TableFormat, typer.Option("--format", help="help.opt.format")]


def check_encoding(value: Optional[str], lang: str) -> None:
    """--encoding: a usage error (exit 2) for a name that is no text encoding, before anything is read."""
    from kpi_cli import check_encoding as check

    check(value, lang)


def settings_for(catalogue: Path | None, lang: Lang | None, config: Path | None = None):
    from kpi_cli import resolve_settings

    return resolve_settings(catalogue=catalogue, lang=lang.value if lang else None, config=config)


def print_json(data) -> None:
    import json

    try:
        text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError:  # an infinite or NaN figure that slipped through: null, as JSON has no such number
        text = json.dumps(_finite(data), ensure_ascii=False, indent=2, allow_nan=False)
    sys.stdout.write(text + "\n")


def _finite(data):
    import math

    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def write_stdout_bytes(data: bytes) -> None:
    """Bytes to stdout as they are (already UTF-8), after anything printed before them."""
    sys.stdout.flush()
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        buffer.write(data)
        buffer.flush()


def handle_errors(fn):
    """Turn the program's own errors into one line on stderr and an exit code (traceback: --debug)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from kpi_cli import CatalogueError, KpiError
        from kpi_cli import Terminated

        restore_sigterm = _sigterm_as_interrupt()
        restore_warnings = _no_warnings()
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except CatalogueError as exc:
            if STATE["debug"]:
                raise
            lang = _lang_from_kwargs(kwargs)
            for p in exc.problems:
                error_line(p.text(lang), lang)
            raise typer.Exit(exc.exit_code)
        except KpiError as exc:
            if STATE["debug"]:
                raise
            lang = _lang_from_kwargs(kwargs)
            error_line(exc.text(lang), lang)
            raise typer.Exit(exc.exit_code)
        except OSError as exc:  # disk full, permission denied, path vanished: the system's word, located
            if STATE["debug"]:
                raise
            lang = _lang_from_kwargs(kwargs)
            where = exc.filename or _t("cli.stdout", lang)  # no file name: the output stream (kpi … > /dev/full)
            reason = exc.strerror or str(exc)
            error_line(_t("cli.os_error", lang, file=where, reason=reason), lang)
            raise typer.Exit(1)
        except KeyboardInterrupt as exc:  # Ctrl-C (130) or SIGTERM (143): clean-up has run on the way here
            terminated = isinstance(exc, Terminated)
            from kpi_cli.terminal import say

            say(_t("cli.terminated" if terminated else "cli.interrupted", _lang_from_kwargs(kwargs)), err=True)
            raise typer.Exit(Terminated.exit_code if terminated else 130)
        except Exception as exc:  # the program's own failure: say so in one line
            if STATE["debug"]:
                raise
            from kpi_cli import pending_interrupt

            signum = pending_interrupt()
            if signum is not None:  # a failure after a Ctrl-C/SIGTERM is the interrupt's doing
                from kpi_cli.terminal import say

                terminated = signum == signal.SIGTERM
                say(_t("cli.terminated" if terminated else "cli.interrupted", _lang_from_kwargs(kwargs)), err=True)
                raise typer.Exit(Terminated.exit_code if terminated else 130) from None
            raise typer.Exit(report_crash(exc, _lang_from_kwargs(kwargs)))
        finally:
            restore_warnings()
            restore_sigterm()

    return wrapper


def _no_warnings():
    """No Python warning (a numpy RuntimeWarning, a library's DeprecationWarning) reaches the user
    while a command runs: what matters is reported as a problem. Shown with --debug. Returns what
    puts the previous filters back."""
    if STATE["debug"]:
        return lambda: None
    import warnings

    saved = warnings.catch_warnings()
    saved.__enter__()
    warnings.simplefilter("ignore")
    return lambda: saved.__exit__(None, None, None)


def _sigterm_as_interrupt():
    """While a command runs, SIGTERM raises Terminated (a KeyboardInterrupt): the same clean-up as
    Ctrl-C; both are remembered until handled (kpi_cli.fileio.interrupt_handler). Returns what
    puts the previous handlers back."""
    import signal
    import threading

    from kpi_cli import interrupt_handled, interrupt_handler

    if threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = {s: signal.signal(s, interrupt_handler) for s in (signal.SIGINT, signal.SIGTERM)}

    def restore():
        interrupt_handled()
        for s, handler in previous.items():
            signal.signal(s, handler if handler is not None else signal.SIG_DFL)

    return restore


def error_line(text: str, lang: str) -> None:
    from kpi_cli.terminal import error_line as line

    line(text, lang)


def report_crash(exc: BaseException, lang: str) -> int:
    """Say in one line on stderr that kpi itself failed (a bug); the exit code for it (3)."""
    from kpi_cli import INTERNAL_ERROR_EXIT
    from kpi_cli.terminal import error_line

    error_line(f"{type(exc).__name__}: {exc} " + _t("cli.internal_error_hint", lang), lang, tag="cli.internal_error")
    return INTERNAL_ERROR_EXIT


def _t(key: str, lang: str, **params) -> str:
    from kpi_cli import t

    return t(key, lang, **params)


def _lang_from_kwargs(kwargs) -> str:
    lang = kwargs.get("lang")
    return command_language(lang.value if isinstance(lang, Lang) else None, kwargs.get("config"))


def command_language(lang: str | None = None, config: Path | str | None = None) -> str:
    """The language a command speaks in: --lang, KPI_LANG, kpi.toml (--config, KPI_CONFIG or
    ./kpi.toml), then the locale — as settings_for() resolves it, but never failing: an unusable
    kpi.toml falls back to the environment and the locale (its own error is reported elsewhere)."""
    from kpi_cli import LANGS, default_lang, resolve_settings

    try:
        return resolve_settings(lang=lang if lang in LANGS else None, config=Path(config) if config else None).lang
    except Exception:  # noqa: BLE001 — also while reporting a crash of the settings code itself
        return lang if lang in LANGS else default_lang()

