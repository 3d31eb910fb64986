"""The program's own exceptions: each is one line for the user; tracebacks only with --debug.

Exit codes (README "Exit codes"): 0 all read and scored, 1 the data has errors or a file could
not be read (KpiError), 2 wrong usage (UsageError), 3 an internal error — a bug in kpi, never a
problem of the data (INTERNAL_ERROR_EXIT), 130 interrupted.
"""

from __future__ import annotations

INTERNAL_ERROR_EXIT = 3  # a crash: scripts can tell it from "the data has errors" (1)


class KpiError(Exception):
    """A handled failure: printed as one line, exit code 1."""

    exit_code = 1


class UsageError(KpiError):
    """The command was called wrongly (unknown role, bad period…): exit code 2."""

    exit_code = 2


class CatalogueError(KpiError):
    """A catalogue file that cannot be used; carries every problem found, each located."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(first.text("en") if first is not None else "invalid catalogue")


class InputFileError(KpiError):
    """An input file that cannot be opened or read at all (as opposed to bad cells in it)."""

    def __init__(self, problem) -> None:
        self.problem = problem
        super().__init__(problem.text("en"))
