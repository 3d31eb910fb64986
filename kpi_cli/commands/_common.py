"""What every command shares: options defined once, consoles, and one-line error handling."""

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kpi_cli import describe_input_formats

STATE = {"debug": os.environ.get("KPI_DEBUG") == "1"}


class Lang(str, Enum):
    zh = "zh"
    en = "en"


class TableFormat(str, Enum):
    table = "table"
    json = "json"


LangOpt = Annotated[
    Optional[Lang],
    typer.Option("--lang", help="Language of the output: zh or en (default: kpi.toml, KPI_LANG, then the locale)."),
]
CatalogueOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--catalogue",
        help="Catalogue to use: a YAML or xlsx file (default: KPI_CATALOGUE, kpi.toml, then the built-in one).",
        dir_okay=True,
    ),
]
ConfigOpt = Annotated[
    Optional[Path],
    typer.Option("--config", help="Settings file to use instead of ./kpi.toml."),
]
FormatOpt = Annotated[TableFormat, typer.Option("--format", help="Output format.")]
# The input files kpi reads, for help texts (from the one table, kpi_cli/input_formats.py).
INPUT_FORMATS = describe_input_formats()


def stdout_console():
    from rich.console import Console

    return Console(soft_wrap=False, highlight=False)


def stderr_console():
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def settings_for(catalogue: Path | None, lang: Lang | None, config: Path | None = None):
    from kpi_cli import resolve_settings

    return resolve_settings(catalogue=catalogue, lang=lang.value if lang else None, config=config)


def print_json(data) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n")


def handle_errors(fn):
    """Turn the program's own errors into one line on stderr and an exit code (traceback: --debug)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from kpi_cli import CatalogueError, KpiError

        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except CatalogueError as exc:
            if STATE["debug"]:
                raise
            err = stderr_console()
            lang = _lang_from_kwargs(kwargs)
            for p in exc.problems:
                err.print(f"[red]{_t('cli.error', lang)}[/red] {_escape(p.text(lang))}")
            raise typer.Exit(exc.exit_code)
        except KpiError as exc:
            if STATE["debug"]:
                raise
            lang = _lang_from_kwargs(kwargs)
            stderr_console().print(f"[red]{_t('cli.error', lang)}[/red] {_escape(str(exc))}")
            raise typer.Exit(exc.exit_code)
        except OSError as exc:  # disk full, permission denied, path vanished: the system's word, located
            if STATE["debug"]:
                raise
            lang = _lang_from_kwargs(kwargs)
            where = exc.filename or ""
            reason = exc.strerror or str(exc)
            stderr_console().print(f"[red]{_t('cli.error', lang)}[/red] " + _escape(_t("cli.os_error", lang, file=where, reason=reason)))
            raise typer.Exit(1)
        except KeyboardInterrupt:
            stderr_console().print(_t("cli.interrupted", _lang_from_kwargs(kwargs)))
            raise typer.Exit(130)
        except Exception as exc:  # the program's own failure: say so in one line
            if STATE["debug"]:
                raise
            raise typer.Exit(report_crash(exc, _lang_from_kwargs(kwargs)))

    return wrapper


def report_crash(exc: BaseException, lang: str) -> int:
    """Say in one line on stderr that kpi itself failed (a bug); the exit code for it (3)."""
    from kpi_cli import INTERNAL_ERROR_EXIT

    stderr_console().print(
        f"[red]{_t('cli.internal_error', lang)}[/red] {type(exc).__name__}: {_escape(str(exc))} "
        + _t("cli.internal_error_hint", lang)
    )
    return INTERNAL_ERROR_EXIT


def _t(key: str, lang: str, **params) -> str:
    from kpi_cli import t

    return t(key, lang, **params)


def _lang_from_kwargs(kwargs) -> str:
    lang = kwargs.get("lang")
    if isinstance(lang, Lang):
        return lang.value
    from kpi_cli import default_lang

    return default_lang()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
