"""The program's own exceptions: each is one line for the user; tracebacks only with --debug.

Exit codes (README "Exit codes"): 0 all read and scored, 1 the data has errors or a file could
not be read (KpiError), 2 wrong usage (UsageError), 3 an internal error — a bug in kpi, never a
problem of the data (INTERNAL_ERROR_EXIT), 130 interrupted.
"""

from __future__ import annotations

INTERNAL_ERROR_EXIT = 3  # a crash: scripts can tell it from "the data has errors" (1)


class KpiError(Exception):
    """A handled failure: printed as one line, exit code 1.

    Raise it with a text already in the user's language, or with a message key whose text is
    chosen when shown (``text(lang)``): ``KpiError(Msg("export.not_a_folder", path=p))``.
    ``str()`` is the text in the default language.
    """

    exit_code = 1

    def __init__(self, message: object = "", /) -> None:
        self.message = message
        super().__init__(message)

    def __str__(self) -> str:
        # (no import of kpi_cli.i18n here: it imports this module)
        if hasattr(self.message, "key") and hasattr(self.message, "params"):
            return str(self.message)  # a Msg: in the default language
        if hasattr(self.message, "text"):
            return self.message.text()  # a Problem: its located text
        return super().__str__()

    def text(self, lang: str) -> str:
        """The message in ``lang`` (a keyed message is translated; plain text is shown as it is)."""
        render = getattr(self.message, "text", None)
        return render(lang) if callable(render) else str(self)


class UsageError(KpiError):
    """The command was called wrongly (unknown role, bad period…): exit code 2."""

    exit_code = 2


class CatalogueError(KpiError):
    """A catalogue file that cannot be used; carries every problem found, each located."""

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__(problems[0] if problems else "invalid catalogue")


class InputFileError(KpiError):
    """An input file that cannot be opened or read at all (as opposed to bad cells in it)."""

    def __init__(self, problem) -> None:
        self.problem = problem
        super().__init__(problem)  # a Problem: text(lang) in the user's language


class MessageError(Exception):
    """A message key missing from the tables, or a message that does not format with its
    parameters: raised by i18n.t() only in strict mode (the tests), a bug of the program."""


class Terminated(KeyboardInterrupt):
    """SIGTERM (a shutdown, `kill`, a job scheduler's stop): handled like Ctrl-C, exit code 143.

    A KeyboardInterrupt, so that every clean-up that runs on Ctrl-C runs on it too."""

    exit_code = 143


class DiskFull(KpiError):
    """The disk (or the user's quota) filled up while kpi wrote ``path``: what was written is removed.

    Raised with its keyed message (``Msg("cli.disk_full", path=...)``), shown in the user's language."""

    def __init__(self, message: object, path) -> None:
        self.path = str(path)
        super().__init__(message)
