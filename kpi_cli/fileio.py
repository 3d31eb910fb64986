"""Safe output: atomic writes (temp file beside the target, then rename) and no input overwritten."""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import signal
import tempfile
import threading
from pathlib import Path
from typing import IO, Iterator

from kpi_cli.errors import DiskFull, KpiError, UsageError
from kpi_cli.i18n import Msg


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_mode(folder: bool = False) -> int:
    """The permissions a plain open() or mkdir() would give (temp files are private by default)."""
    return (0o777 if folder else 0o666) & ~_umask()


_HELD_SIGNALS = (signal.SIGINT, signal.SIGTERM)


_PENDING: list[int] = []  # signals whose KeyboardInterrupt may have been swallowed (see interrupt_handler)


def interrupt_handler(signum: int, frame) -> None:
    """SIGINT and SIGTERM while a command runs: raise KeyboardInterrupt (Terminated for SIGTERM),
    and remember the signal. An exception raised while Python runs a destructor or a callback is
    printed and dropped ("Exception ignored in…"), so the long jobs also call
    raise_if_interrupted() at safe points: a Ctrl-C is never lost."""
    from kpi_cli.errors import Terminated

    _PENDING.append(signum)
    raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


def raise_if_interrupted() -> None:
    """Raise the interrupt that a destructor swallowed, if any (cheap: call it per page, per file)."""
    if _PENDING:
        from kpi_cli.errors import Terminated

        signum = _PENDING.pop()
        _PENDING.clear()
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()


_SCRATCH: set[str] = set()  # xlsxwriter scratch folders in use (see xlsx_target)


def remove_scratch() -> None:
    """Remove the scratch folders still in use: called on the way out of an interrupted command,
    which leaves with os._exit (no finaliser runs) and may have been cut between a context
    manager's set-up and its with-block (where its clean-up is not yet armed)."""
    for folder in list(_SCRATCH):
        shutil.rmtree(folder, ignore_errors=True)
        _SCRATCH.discard(folder)


def pending_interrupt() -> int | None:
    """The signal of an interrupt not yet handled (taken), or None. An exception that ends a command
    after a Ctrl-C is the Ctrl-C's doing (an import or a library cut in the middle): the command
    reports the interrupt (130/143), not a crash of kpi (3)."""
    if not _PENDING:
        return None
    signum = _PENDING[-1]
    _PENDING.clear()
    return signum


def interrupt_handled() -> None:
    """The interrupt reached the command's handler: nothing is pending any more."""
    _PENDING.clear()


@contextlib.contextmanager
def held_signals() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM during a few steps that must not be cut in half (creating a
    temporary file and remembering it, swapping a folder into place, cleaning up); a signal that
    arrives meanwhile is delivered right after. Outside the main thread this does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    saved = {}
    try:
        for signum in _HELD_SIGNALS:
            handler = signal.getsignal(signum)
            if handler is None:  # installed outside Python: leave it alone
                continue
            saved[signum] = handler
            signal.signal(signum, lambda n, frame: caught.append(n))
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)
    if caught:
        signal.raise_signal(caught[0])  # now handled as usual (KeyboardInterrupt, Terminated)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target at once.

    An interrupted write (Ctrl-C, SIGTERM, a full disk) leaves the previous file intact and no
    half-written or temporary file behind.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KpiError(Msg("output.cannot_create_folder", folder=folder, reason=exc.strerror or exc)) from exc
    if target.is_dir():
        raise UsageError(Msg("output.is_folder", path=target))
    tmp_path = None
    try:
        with held_signals():
            fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
            os.close(fd)
            tmp_path = Path(tmp)
        yield tmp_path
        raise_if_interrupted()  # a Ctrl-C that a destructor swallowed while the file was written
        os.chmod(tmp_path, default_mode())
        os.replace(tmp_path, target)
    except BaseException as exc:
        if tmp_path is not None:
            with held_signals(), contextlib.suppress(OSError):
                tmp_path.unlink()
        if is_disk_full(exc):
            raise DiskFull(Msg("cli.disk_full", path=target), target) from exc
        raise


DISK_FULL = (errno.ENOSPC, errno.EDQUOT)


def is_disk_full(exc: BaseException) -> bool:
    """A write that failed because the disk or the user's quota is full (also when a library wrapped it)."""
    while exc is not None:
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            return True
        exc = exc.__cause__ or exc.__context__ or next((a for a in getattr(exc, "args", ()) if isinstance(a, OSError)), None)
    return False


class _QuietAfterFailure(io.RawIOBase):
    """A file that, once a write has failed (a full disk) or once closed, takes every later call
    without doing anything.

    xlsxwriter leaves its zip file open when a write fails or is interrupted; collected later,
    the zip tries to write its directory again and prints a second traceback. Under this guard
    that last attempt goes nowhere, quietly: the temporary file is removed anyway.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self._fh = open(path, "wb", buffering=0)
        self.failed = False

    def _inert(self) -> bool:
        return self.failed or self._fh.closed

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def write(self, data) -> int:
        if self._inert():
            return len(data)
        try:
            return self._fh.write(data)
        except OSError:
            self.failed = True
            raise

    def seek(self, pos: int, whence: int = 0) -> int:
        return 0 if self._inert() else self._fh.seek(pos, whence)

    def tell(self) -> int:
        return 0 if self._inert() else self._fh.tell()

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self._fh.close()  # this object itself stays "open", inert, for a zip collected later


@contextlib.contextmanager
def xlsx_target(tmp: Path, options: dict | None = None) -> Iterator[tuple[IO, dict]]:
    """(a file, options) to give ``xlsxwriter.Workbook`` for writing ``tmp`` (a path from atomic_path).

    A failed write (a full disk) is raised once, as the OSError it is, instead of xlsxwriter's
    FileCreateError followed by a second traceback; xlsxwriter's scratch files go to a private
    folder that is removed in every case.
    """
    scratch = fh = None
    try:
        with held_signals():
            scratch = tempfile.mkdtemp(prefix="kpi-xlsx-")
            _SCRATCH.add(scratch)
        fh = _QuietAfterFailure(tmp)
        yield fh, {**(options or {}), "tmpdir": scratch}
    except Exception as exc:
        cause = next((a for a in exc.args if isinstance(a, OSError)), None)
        if cause is not None and type(exc).__name__ == "FileCreateError":
            raise cause from None
        raise
    finally:
        # Ctrl-C/SIGTERM held: cut in the middle of this clean-up, the scratch folder would stay.
        with held_signals():
            try:
                if fh is not None:
                    fh.close()
            finally:
                if scratch is not None:
                    shutil.rmtree(scratch, ignore_errors=True)
                    _SCRATCH.discard(scratch)


@contextlib.contextmanager
def atomic_open(target: Path | str, mode: str = "w", encoding: str | None = "utf-8", newline: str | None = None) -> Iterator[IO]:
    with atomic_path(target) as tmp:
        with open(tmp, mode, encoding=None if "b" in mode else encoding, newline=newline) as fh:
            yield fh


def atomic_write_text(target: Path | str, text: str, encoding: str = "utf-8") -> Path:
    with atomic_open(target, "w", encoding=encoding, newline="") as fh:
        fh.write(text)
    return Path(target)


def ensure_not_input(output: Path | str | None, inputs: list[Path | str]) -> None:
    """Refuse an output path that is one of the inputs (same file, even through another name)."""
    if output is None:
        return
    out = Path(output)
    for src in inputs:
        if same_path(out, src):
            raise UsageError(Msg("output.is_input", path=out))


def same_path(a: Path | str, b: Path | str) -> bool:
    """Whether two paths name one file: the same spelling resolved (./x, links in the folders),
    or, when both exist, the same file on disk (a hard or symbolic link)."""
    a, b = Path(a), Path(b)
    try:
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return a.resolve() == b.resolve()


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_csv(value: object) -> object:
    """OWASP's rule for CSV: text starting with = + - @ tab CR gets a leading ' (real numbers stay)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        try:
            float(value)
            return value
        except ValueError:
            return "'" + value
    return value
