"""Safe output: atomic writes (temp file beside the target, then rename) and no input overwritten."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

from kpi_cli.errors import KpiError, UsageError
from kpi_cli.i18n import Msg


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def default_mode(folder: bool = False) -> int:
    """The permissions a plain open() or mkdir() would give (temp files are private by default)."""
    return (0o777 if folder else 0o666) & ~_umask()


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target at once.

    An interrupted write leaves the previous file intact and no half-written file behind.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KpiError(Msg("output.cannot_create_folder", folder=folder, reason=exc.strerror or exc)) from exc
    if target.is_dir():
        raise UsageError(Msg("output.is_folder", path=target))
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, default_mode())
        os.replace(tmp_path, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp_path.unlink()
        raise


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
        src = Path(src)
        try:
            same = out.exists() and src.exists() and os.path.samefile(out, src)
        except OSError:
            same = False
        if same or out.resolve() == src.resolve():
            raise UsageError(Msg("output.is_input", path=out))


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
