"""`kpi export`: a whole period's reports in one folder, reproducibly and safely.

The export is built in a temporary folder beside the target and moved into place only when
complete, so an interrupted run leaves the previous export as it was. File names made from ids
and department names are sanitised; nothing is written outside the output folder.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable


from kpi_cli import __version__
from kpi_cli.catalogue.model import Catalogue
from kpi_cli.errors import KpiError, UsageError
from kpi_cli.fileio import default_mode, held_signals, raise_if_interrupted
from kpi_cli.i18n import Msg
from kpi_cli.reports.previous import compare_previous, read_previous
from kpi_cli.input_formats import accepted_text, is_input
from kpi_cli.scoring.engine import ScoreResult

MANIFEST = "manifest.json"
GENERATOR = "kpi export"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
# Characters that are not seen but change what is seen: controls, format characters (bidi
# overrides and isolates, zero-width spaces and joiners, U+FEFF), line and paragraph separators,
# private use and lone surrogates.
_INVISIBLE = frozenset({"Cc", "Cf", "Zl", "Zp", "Co", "Cs"})
# Names that need no change (ASCII letters, digits, '-' and '_'; no dots): most employee ids.
_PLAIN = re.compile(r"[A-Za-z0-9_-]+")
MAX_NAME_BYTES = 200  # the stem; with "-2" and ".html" well under the 255 bytes file systems allow

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def safe_filename(text: object, taken: set[str], fallback: str = "_", limit: int = 80) -> str:
    """A file name (no extension) made from ``text`` that stays inside its folder on any system.

    No path separators, control or format characters (a right-to-left override U+202E would
    show `E002\u202egpj.exe.html` as `E002lmth.exe.gpj`; a U+FEFF is invisible), '..', leading
    dots, trailing dots or spaces, Windows reserved names; at most ``limit`` characters and
    ``MAX_NAME_BYTES`` bytes in UTF-8 (file systems count bytes: 255 at most) — a name cut short
    ends in a short hash of the whole text, so that two long names that start alike stay apart;
    unique (case-insensitively) within ``taken``, with -2, -3… suffixes on collision. ``taken``
    is updated.
    """
    full = "" if text is None else str(text)
    if len(full) <= limit and _PLAIN.fullmatch(full):  # an id such as E00123: nothing to change
        s = full
    else:
        s = _sanitised(unicodedata.normalize("NFC", full), limit) or fallback
    if s.split(".")[0].lower() in _RESERVED:
        s = "_" + s
    name, n = s, 2
    while name.casefold() in taken:
        name = f"{s}-{n}"
        n += 1
    taken.add(name.casefold())
    return name


def _sanitised(full: str, limit: int) -> str:
    """safe_filename's changes to ``full`` ('' when nothing is left)."""
    s = _UNSAFE.sub("_", full[: limit * 2])
    s = "".join("_" if unicodedata.category(c) in _INVISIBLE else c for c in s).replace("..", "_")
    s = s.strip(" .")
    if len(s) > limit or len(s.encode("utf-8")) > MAX_NAME_BYTES or len(full) > limit * 2:
        digest = hashlib.sha256(full.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = s[: limit - 9].encode("utf-8")[: MAX_NAME_BYTES - 9].decode("utf-8", "ignore")
        s = f"{cut.strip(' .')}-{digest}"
    return s


def collect_inputs(inputs: list[Path], output: Path) -> list[Path]:
    """The input files: files as given, folders expanded to the files the readers take (sorted;
    every suffix of kpi_cli/input_formats.py, .xls included so that its refusal is said).

    In a folder, hidden files and folders (a `.backup/`, an interrupted export's
    `.NAME.kpi-tmp-*`), Excel's `~$` lock files, the output folder and any other folder a
    `kpi export` wrote (its reports are no input) are left out. Refuses an input inside the
    output folder (it would be replaced) and an empty list.
    """
    files: list[Path] = []
    out = output.resolve()
    for item in inputs:
        if item.is_dir():
            exports = {m.parent for m in item.rglob(MANIFEST) if _made_by_export(m)}
            found = sorted(
                p for p in item.rglob("*")
                if is_input(p) and p.is_file()
                and not any(part.startswith((".", "~$")) for part in p.relative_to(item).parts)
                and out not in p.resolve().parents and not exports.intersection(p.parents)
            )
            if not found:
                raise UsageError(Msg("export.no_inputs_in_folder", folder=item, suffixes=accepted_text()))
            files.extend(found)
        else:
            files.append(item)
    for f in files:
        rp = f.resolve()
        if rp == out or out in rp.parents:
            raise UsageError(Msg("export.input_inside_output", file=f, folder=output))
    if not files:
        raise UsageError(Msg("export.no_inputs"))
    return files


def check_target(output: Path, force: bool) -> None:
    """Refuse a non-empty folder that an earlier `kpi export` did not make (unless --force)."""
    if output.is_symlink():
        raise UsageError(Msg("export.output_is_symlink", folder=output))
    if output.exists() and not output.is_dir():
        raise UsageError(Msg("export.output_not_a_folder", folder=output))
    if output.is_dir() and any(output.iterdir()) and not force:
        if not _made_by_export(output / MANIFEST):
            raise KpiError(Msg("export.output_not_ours", folder=output))


@dataclass
class ExportResult:
    folder: Path
    files: list[Path] = field(default_factory=list)
    manifest: dict = field(default_factory=dict)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export_period(
    inputs: list[Path],
    output: Path,
    catalogue: Catalogue,
    period: str,
    lang: str = "zh",
    previous: Path | None = None,
    strict: bool = False,
    force: bool = False,
    encoding: str | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    calibrate: bool | None = None,
    roster: Path | None = None,
) -> tuple[ExportResult | None, ScoreResult]:
    """Score ``period`` from ``inputs`` and write every report into ``output``.

    Returns (None, result) when ``strict`` and the input has errors: nothing is written.
    """
    from kpi_cli.scoring.pipeline import read_dataset, score_dataset
    from kpi_cli.problems import has_errors
    from kpi_cli.reports import html as html_reports
    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.reports.flat import csv_rows, json_bytes, problems_frame, write_csv

    report = progress or (lambda stage, done, total: None)
    check_target(output, force)
    files = collect_inputs(inputs, output)
    prev = read_previous(previous)
    report("read", 0, len(files))
    staff = None
    if roster is not None:
        from kpi_cli.readers.roster import read_roster

        staff = read_roster(roster, catalogue, lang)
    dataset = read_dataset(files, catalogue, encoding)
    report("read", len(files), len(files))
    result = score_dataset(dataset, catalogue, period, strict=strict, calibrate=calibrate, roster=staff)
    del dataset  # the months as read (~170 MiB at 100,000 employees), scored now: not held to the end
    report("score", 1, 1)
    if strict and has_errors(result.problems):
        return None, result
    changes = compare_previous(result, prev)
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    code = result.period.code

    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    clear_stale_folders(output)
    tmp = pages = None
    try:
        with held_signals():  # an interrupt right after mkdtemp must still find the folder to remove
            tmp = Path(tempfile.mkdtemp(prefix=_scratch_prefix(output, "tmp"), dir=parent))
        os.chmod(tmp, default_mode(folder=True))
        written: list[str] = []  # paths relative to the folder, "/"-separated
        emp = result.employees
        taken_emp: set[str] = set()
        taken_dep: set[str] = set()
        emp_links = {rec: f"employees/{safe_filename(i, taken_emp, 'employee')}.html"
                     for rec, i in zip(emp.index, emp["employee_id"].tolist())}
        departments = sorted({str(d) for d in emp["department"].fillna("")})
        dep_links = {d: f"departments/{safe_filename(d, taken_dep, 'department')}.html" for d in departments}
        links = {
            "excel": f"kpi-{code}.xlsx",
            "scores_csv": f"scores-{code}.csv",
            "problems_csv": f"problems-{code}.csv",
            "departments": dep_links,
            "employees": emp_links,
        }
        total_steps = 4 + len(departments) + len(emp)
        step = 0

        def tick(n: int = 1) -> None:
            nonlocal step
            step += n
            raise_if_interrupted()
            report("write", step, total_steps)

        (tmp / "departments").mkdir()
        (tmp / "employees").mkdir()
        write_excel_report(result, tmp / links["excel"], lang=lang, generated_at="", previous=changes)
        written.append(links["excel"])
        tick()
        scores = csv_rows(result, lang)
        if changes is not None:
            scores["previous_total"] = changes.previous_total
            scores["change"] = changes.change
            scores["previous_grade"] = changes.previous_grade
        write_csv(scores, tmp / links["scores_csv"])
        del scores
        write_csv(problems_frame(result, lang), tmp / links["problems_csv"])
        written += [links["scores_csv"], links["problems_csv"]]
        tick(2)
        pages = _PageWriter(tmp)
        try:
            pages.write("index.html",
                        html_reports.render_index(result, lang, links=links, previous=changes, generated_at=stamp))
            written.append("index.html")
            tick()
            for dep in departments:
                pages.write(dep_links[dep], html_reports.render_department(result, dep, lang, links=links,
                                                                           previous=changes, generated_at=stamp))
                written.append(dep_links[dep])
                tick()
            for rec, rel in emp_links.items():
                raise_if_interrupted()
                pages.write(rel, html_reports.render_employee(result, rec, lang, links=links, previous=changes,
                                                              generated_at=stamp))
                written.append(rel)
        except BaseException:
            pages.close(raise_errors=False)
            raise
        pages.close()
        tick(len(emp_links))
        del emp_links, links  # only the pages needed them

        status = emp["status"].value_counts()
        manifest = {
            "generator": GENERATOR,
            "tool_version": __version__,
            "period": code,
            "lang": lang,
            "generated_at": stamp,
            "catalogue": {"name": catalogue.name(lang), "version": catalogue.version, "sha256": catalogue.sha256},
            "inputs": [
                {"file": Path(f.name).name, "path": f.path, "sha256": f.sha256, "size": f.size} for f in result.inputs
            ],
            **({"roster": {"file": roster.name, "path": str(roster), **_digest(roster)}} if roster is not None else {}),
            "calibrated": bool(result.calibrated),
            # in the order of the paths' parts (as sorted Paths), each page's digest as it was written
            "outputs": [{"path": rel, **(pages.take_digest(rel) or _digest(tmp / rel))}
                        for rel in sorted(written, key=lambda rel: rel.split("/"))],
            "counts": {
                "employees": int(len(emp)),
                "ok": int(status.get("ok", 0)),
                "incomplete": int(status.get("incomplete", 0)),
                "invalid": int(status.get("invalid", 0)),
                "departments": len(departments),
                "errors": sum(1 for p in result.problems if p.is_error),
                "warnings": sum(1 for p in result.problems if not p.is_error),
                **({"new": len(changes.new), "left": len(changes.left)} if changes else {}),
            },
        }
        # orjson writes the same bytes as json.dumps(ensure_ascii=False, indent=2) + "\n", without the
        # standard library's indenting encoder's million small strings for 100,000 outputs (~120 MiB).
        with open(tmp / MANIFEST, "wb") as fh:
            fh.write(json_bytes(manifest, indent=True))
        raise_if_interrupted()
        _swap_into_place(tmp, output)
    except BaseException:
        with held_signals():
            if pages is not None:  # an interrupt can cut the wait for the page writer: wait for it now,
                pages.stop()  # or its last page would land in the folder being removed
            if tmp is not None:
                shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ExportResult(output, [output / rel for rel in written] + [output / MANIFEST], manifest), result


def _digest(path: Path) -> dict:
    return {"sha256": sha256_file(path), "size": path.stat().st_size}


class _PageWriter:
    """Writes the export's pages on a worker thread while the caller renders the next ones.

    Writing 100,000 pages is mostly waiting for the disk; file writes (and hashing) release the
    GIL, so a second thread overlaps them with rendering. Pages are handed over ``batch`` at a
    time (one hand-over per page cost a thread switch each), and at most ``limit`` batches wait
    in memory; a failed write is raised by a later write() or by close(). Each page's SHA-256 and
    size are kept for the manifest, so nothing is read back. Paths are relative to ``root``
    ("/"-separated).
    """

    def __init__(self, root: Path, limit: int = 8, batch: int = 32) -> None:
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpi-export-pages")
        # The worker is started here with Ctrl-C held: an interrupt inside submit() while the pool
        # starts its thread (between start() and remembering it) would leave a thread that
        # shutdown() does not wait for, writing pages into the folder being removed.
        with held_signals():
            self._pool.submit(int).result()
        self._pending: deque = deque()
        self._limit = limit
        self._batch = batch
        self._next: list[tuple[str, str]] = []
        self._root = str(root)
        self._digests: dict[str, tuple[bytes, int]] = {}

    def write(self, rel: str, text: str) -> None:
        self._next.append((rel, text))
        if len(self._next) >= self._batch:
            self._submit()

    def take_digest(self, rel: str) -> dict | None:
        """{"sha256", "size"} of a page written (forgotten here once taken), None for another file."""
        found = self._digests.pop(rel, None)
        return None if found is None else {"sha256": found[0].hex(), "size": found[1]}

    def _submit(self) -> None:
        batch, self._next = self._next, []
        self._pending.append(self._pool.submit(self._write, batch))
        while len(self._pending) > self._limit:
            self._pending.popleft().result()

    def _write(self, batch: list[tuple[str, str]]) -> None:
        for rel, text in batch:
            data = text.encode("utf-8")  # UTF-8, "\n" line ends as given
            with open(os.path.join(self._root, rel), "wb") as fh:
                fh.write(data)
            self._digests[rel] = (hashlib.sha256(data).digest(), len(data))

    def stop(self) -> None:
        """Cancel the pages not started and wait for the ones being written (after a failure)."""
        self._next = []
        self._pool.shutdown(wait=True, cancel_futures=True)

    def close(self, raise_errors: bool = True) -> None:
        try:
            if raise_errors and self._next:
                self._submit()
            self._next = []
            while self._pending:
                future = self._pending.popleft()
                if raise_errors:
                    future.result()
                else:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _made_by_export(manifest: Path) -> bool:
    """Whether ``manifest`` is the manifest.json of a folder that `kpi export` wrote."""
    try:
        return json.loads(manifest.read_text(encoding="utf-8")).get("generator") == GENERATOR
    except (OSError, ValueError, AttributeError):
        return False


def _swap_into_place(tmp: Path, output: Path) -> None:
    """Replace ``output`` with the finished ``tmp`` folder: two renames, old copy removed last.

    Ctrl-C and SIGTERM are held until it is done: cut in the middle, it would leave the old copy.
    """
    with held_signals():
        old = None
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=_scratch_prefix(output, "old"), dir=output.parent))
            os.rmdir(old)
            os.replace(output, old)
        try:
            os.replace(tmp, output)
        except BaseException:
            if old is not None:
                os.replace(old, output)  # put the previous export back
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _scratch_prefix(output: Path, kind: str) -> str:
    """`.NAME.kpi-tmp-PID-` (the folder being built) or `.NAME.kpi-old-PID-` (the previous export
    while it is swapped out): hidden, beside the target, and naming the process that made them."""
    return f".{output.name}.kpi-{kind}-{os.getpid()}-"


_SCRATCH = re.compile(r"\.kpi-(tmp|old)-(?:(\d+)-)?[^/]*$")


def clear_stale_folders(output: Path) -> list[Path]:
    """Remove what an earlier export of ``output`` left beside it when it was killed (SIGKILL, a
    power cut): its half-built `.NAME.kpi-tmp-*` folders, and a `.NAME.kpi-old-*` copy (put back
    when ``output`` itself is gone). Folders of an export still running are left alone."""
    cleared = []
    prefix = f".{output.name}.kpi-"
    try:
        entries = [p for p in output.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return cleared
    for path in sorted(entries):
        m = _SCRATCH.search(path.name[len(output.name) + 1:])
        if m is None or path.is_symlink() or not path.is_dir():
            continue
        pid = int(m.group(2)) if m.group(2) else None
        if pid is not None and pid != os.getpid() and _running(pid):
            continue
        with held_signals():
            if m.group(1) == "old" and not output.exists():
                os.replace(path, output)  # the previous export, swapped out when the run was killed
            else:
                shutil.rmtree(path, ignore_errors=True)
        cleared.append(path)
    return cleared


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: running
        return True
    return True
