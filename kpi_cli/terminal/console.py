"""The consoles every command prints to (results on stdout, diagnostics on stderr) and the one-line
forms: an error, a plain line, a progress bar."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Callable, Iterator

from rich.console import Console
from rich.markup import escape as _escape
from rich.text import Text

from kpi_cli.i18n import t


def stdout_console() -> Console:
    return Console(soft_wrap=False, highlight=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, soft_wrap=True)


def escape(text: str) -> str:
    """Rich markup in file names and data ('[/x]') printed as it is."""
    return _escape(text)


def say(text: str, *, err: bool = False, style: str = "") -> None:
    """One line as it is (never read as markup), on stdout or stderr."""
    (stderr_console() if err else stdout_console()).print(Text(text, style=style))


def error_line(text: str, lang: str, tag: str = "cli.error") -> None:
    """'error <text>' on stderr, the tag in red: how a command says it could not go on."""
    stderr_console().print(Text.assemble((t(tag, lang), "red"), " ", text), soft_wrap=True)


@contextmanager
def progress_bar(lang: str, stage_key: str) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar on stdout, one line per stage (its name: the message ``stage_key.<stage>``),
    gone when done; yields the callback ``progress(stage, done, total)``."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=stdout_console(), transient=True) as bar:
        tasks: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(t(f"{stage_key}.{stage}", lang), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield progress
