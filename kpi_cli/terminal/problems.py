"""Located problems on the terminal: one table for `kpi validate`, `kpi catalogue check` and the
summary under `kpi score`, and one line per problem for stderr."""

from __future__ import annotations

from typing import Iterable

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from kpi_cli.i18n import t
from kpi_cli.problems import Problem
from kpi_cli.terminal.console import stderr_console

SEVERITY_STYLES = {"error": "red", "warning": "yellow"}


def severity_text(p: Problem, lang: str) -> Text:
    return Text(t(f"problems.severity.{p.severity}", lang), style=SEVERITY_STYLES.get(p.severity, ""))


def _place(p: Problem, lang: str, grouped: bool) -> str:
    """Where the problem is: in full ('a.xlsx › 1月 › C7'), or under a 'file › sheet' heading only
    the rest of it (the cell, row or line; '(file)' for the file as a whole)."""
    if not grouped:
        return p.location(lang)
    if p.cell:
        return p.cell
    if p.row:
        return t("where.row", lang, row=p.row)
    if p.line:
        return t("where.line", lang, line=p.line)
    return "" if p.sheet else t("problems.file_level", lang)


def problem_table(problems: list[Problem], lang: str, grouped: bool = False) -> Table:
    """The problems, one row each: severity, where, type, employee, value, and what to do. The
    employee and value columns are left out when no problem shown has one (a catalogue's)."""
    with_employee = any(p.employee_id for p in problems)
    with_value = any(p.value is not None for p in problems)
    table = Table(show_lines=False, expand=False)
    table.add_column(t("problems.col.severity", lang), no_wrap=True)
    table.add_column(t("problems.col.location", lang), no_wrap=True)
    table.add_column(t("problems.col.type", lang), no_wrap=True, style="cyan")
    if with_employee:
        table.add_column(t("problems.col.employee", lang), no_wrap=True)
    if with_value:
        table.add_column(t("problems.col.value", lang), min_width=5, max_width=24, overflow="fold")
    table.add_column(t("problems.col.message", lang), ratio=1, min_width=24, overflow="fold")
    for p in problems:
        cells = [severity_text(p, lang), Text(_place(p, lang, grouped)), Text(p.type)]
        if with_employee:
            cells.append(Text(p.employee_id or ""))
        if with_value:
            cells.append(Text("" if p.value is None else str(p.value)))
        table.add_row(*cells, Text(p.message(lang)))
    return table


def problem_groups(problems: Iterable[Problem], lang: str, limit: int = 0, more_key: str = "validate.more") -> list:
    """The problems grouped by file and sheet, in the order given: per group a 'file › sheet'
    heading and its table (at most ``limit`` rows, 0 for all, then how many more there are)."""
    groups: dict[tuple[str, str], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.file or "", p.sheet or ""), []).append(p)
    out: list = []
    for (file, sheet), group in groups.items():
        shown = group[:limit] if limit else group
        out += [Text(file + (f" › {sheet}" if sheet else ""), style="bold"), problem_table(shown, lang, grouped=True)]
        if len(shown) < len(group):
            out.append(Text(t(more_key, lang, n=len(group) - len(shown)), style="dim"))
    return out


def render_problems(console: Console, problems: Iterable[Problem], lang: str, limit: int = 0) -> None:
    """`kpi validate` and `kpi catalogue check`: every problem, by file and sheet (``limit`` per sheet)."""
    for part in problem_groups(problems, lang, limit):
        console.print(part, soft_wrap=isinstance(part, Text))


def problem_summary(problems: list[Problem], lang: str, files: list[str], limit: int = 8):
    """Under `kpi score`: the counts, the first ``limit`` problems (errors first) by file and sheet,
    and where the full list is."""
    if not problems:
        return Text(t("score.no_problems", lang), style="green")
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    parts = [
        Text(t("score.problem_counts", lang, errors=len(errors), warnings=len(warnings)),
             style="bold red" if errors else "yellow"),
        *problem_groups((errors + warnings)[:limit], lang),
    ]
    if len(problems) > limit:
        parts.append(Text(t("score.more_problems", lang, n=len(problems) - limit), style="dim"))
    parts.append(Text(t("score.see_validate", lang, files=" ".join(files)), style="dim"))
    return Group(*parts)


def problem_lines(problems: Iterable[Problem], lang: str, limit: int = 0) -> None:
    """One line per problem on stderr, 'error a.xlsx › 1月 › C7: …' (at most ``limit``, 0 for all)."""
    problems = list(problems)
    err = stderr_console()
    for p in problems[:limit] if limit else problems:
        err.print(Text.assemble(severity_text(p, lang), " ", p.text(lang)), soft_wrap=True)
    if limit and len(problems) > limit:
        err.print(Text(t("score.more_problems", lang, n=len(problems) - limit), style="dim"), soft_wrap=True)
