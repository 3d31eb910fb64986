"""What the writing commands say when they are done: `kpi export`'s folder and counts, `kpi score`'s
files written."""

from __future__ import annotations

from kpi_cli.i18n import t
from kpi_cli.terminal.console import say
from kpi_cli.terminal.problems import problem_lines


def render_export(done, result, lang: str, quiet: bool = False) -> None:
    """The files read, the folder written and the problems counted; or, when --strict wrote nothing,
    why (its first errors, on stderr)."""
    errors = [p for p in result.problems if p.is_error]
    warnings = [p for p in result.problems if not p.is_error]
    if done is None:
        say(t("export.strict_nothing_written", lang, errors=len(errors)), err=True)
        problem_lines(errors, lang, limit=10)
        return
    if quiet:
        return
    names = [str(f.name) for f in result.inputs]
    shown = ", ".join(names[:10]) + (t("export.read_more", lang, n=len(names) - 10) if len(names) > 10 else "")
    say(t("export.read", lang, n=len(names), files=shown))
    say(t("export.done", lang, folder=str(done.folder), files=len(done.files), employees=done.manifest["counts"]["employees"],
          period=result.period.code))
    if errors or warnings:
        say(t("export.problems", lang, errors=len(errors), warnings=len(warnings), csv=f"problems-{result.period.code}.csv"))


def render_written(paths, lang: str) -> None:
    """'Wrote <path>' on stderr for each file written."""
    for path in paths:
        say(t("score.written", lang, path=str(path)), err=True)
