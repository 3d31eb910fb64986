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


class Terminated(KeyboardInterrupt):
    """SIGTERM (a shutdown, `kill`, a job scheduler's stop): handled like Ctrl-C, exit code 143.

    A KeyboardInterrupt, so that every clean-up that runs on Ctrl-C runs on it too."""

    exit_code = 143


class DiskFull(KpiError):
    """The disk (or the user's quota) filled up while kpi wrote ``path``: what was written is removed."""

    def __init__(self, path) -> None:
        self.path = str(path)
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        from kpi_cli.i18n import t

        return t("cli.disk_full", lang, path=self.path)
