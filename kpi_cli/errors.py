"""The program's own exceptions: each is one line for the user; tracebacks only with --debug."""

from __future__ import annotations


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
