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

import pandas as pd

from kpi_cli import __version__
from kpi_cli.catalogue.model import Catalogue
from kpi_cli.errors import KpiError, UsageError
from kpi_cli.fileio import default_mode
from kpi_cli.input_formats import accepted_text, is_input
from kpi_cli.scoring import ScoreResult

MANIFEST = "manifest.json"
GENERATOR = "kpi export"
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')

Progress = Callable[[str, int, int], None]  # (stage, done, total)


def safe_filename(text: object, taken: set[str], fallback: str = "_", limit: int = 80) -> str:
    """A file name (no extension) made from ``text`` that stays inside its folder on any system.

    No path separators, control characters, '..', leading dots, trailing dots or spaces, Windows
    reserved names; at most ``limit`` characters; unique (case-insensitively) within ``taken``,
    with -2, -3… suffixes on collision. ``taken`` is updated.
    """
    s = unicodedata.normalize("NFC", "" if text is None else str(text))
    s = _UNSAFE.sub("_", s).replace("..", "_")
    s = s.strip(" .")[:limit].strip(" .") or fallback
    if s.split(".")[0].lower() in _RESERVED:
        s = "_" + s
    name, n = s, 2
    while name.casefold() in taken:
        name = f"{s}-{n}"
        n += 1
    taken.add(name.casefold())
    return name


def collect_inputs(inputs: list[Path], output: Path) -> list[Path]:
    """The input files: files as given, folders expanded to the files the readers take (sorted;
    every suffix of kpi_cli/input_formats.py, .xls included so that its refusal is said).

    Refuses an input inside the output folder (it would be replaced) and an empty list.
    """
    files: list[Path] = []
    out = output.resolve()
    for item in inputs:
        if item.is_dir():
            found = sorted(
                p for p in item.rglob("*")
                if is_input(p) and p.is_file() and not p.name.startswith((".", "~$"))
                and out not in p.resolve().parents
            )
            if not found:
                raise UsageError(f"no input files ({accepted_text()}) in the folder {item}")
            files.extend(found)
        else:
            files.append(item)
    for f in files:
        rp = f.resolve()
        if rp == out or out in rp.parents:
            raise UsageError(f"the input {f} is inside the output folder {output}; inputs are never replaced — choose another output folder")
    if not files:
        raise UsageError("no input files given")
    return files


def check_target(output: Path, force: bool) -> None:
    """Refuse a non-empty folder that an earlier `kpi export` did not make (unless --force)."""
    if output.is_symlink():
        raise UsageError(f"{output} is a symbolic link; give a real folder")
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} exists and is not a folder")
    if output.is_dir() and any(output.iterdir()) and not force:
        manifest = output / MANIFEST
        try:
            made_by_us = json.loads(manifest.read_text(encoding="utf-8")).get("generator") == GENERATOR
        except (OSError, ValueError, AttributeError):
            made_by_us = False
        if not made_by_us:
            raise KpiError(
                f"{output} is not empty and was not made by kpi export; choose an empty folder or add --force to replace it"
            )


def read_previous(path: Path | None) -> dict[str, tuple[float | None, str | None]] | None:
    """employee_id → (total, grade) of an earlier export (its folder or its scores CSV)."""
    if path is None:
        return None
    csv_path = path
    if path.is_dir():
        found = sorted(path.glob("scores-*.csv"))
        if not found:
            raise UsageError(f"no scores-<period>.csv in {path}; give an earlier kpi export folder or its scores CSV")
        csv_path = found[-1]
    try:
        frame = pd.read_csv(csv_path, dtype={"employee_id": str, "grade": str}, encoding="utf-8-sig", keep_default_na=False, na_values=[""])
    except (OSError, ValueError) as exc:
        raise KpiError(f"cannot read the previous scores {csv_path}: {exc}") from exc
    if "employee_id" not in frame or "total_rounded" not in frame:
        raise KpiError(f"{csv_path} is not a kpi scores CSV (employee_id and total_rounded columns expected)")
    frame["employee_id"] = frame["employee_id"].astype(str).str.lstrip("'")
    totals = pd.to_numeric(frame["total_rounded"], errors="coerce")
    grades = frame["grade"].where(frame["grade"].notna() & (frame["grade"] != ""), None) if "grade" in frame else None
    out = {}
    for i, emp_id in enumerate(frame["employee_id"]):
        t = totals.iat[i]
        out[emp_id] = (None if pd.isna(t) else float(t), None if grades is None else grades.iat[i])
    return out


def compare_previous(result: ScoreResult, previous: dict | None) -> dict | None:
    """Per-employee change against an earlier period, and who is new and who left."""
    if previous is None:
        return None
    emp = result.employees
    ids = emp["employee_id"].astype(str)
    prev_total = ids.map(lambda i: previous.get(i, (None, None))[0])
    prev_grade = ids.map(lambda i: previous.get(i, (None, None))[1])
    change = emp["total_rounded"] - pd.to_numeric(prev_total, errors="coerce")
    arrow = pd.Series("=", index=emp.index)
    arrow[change > 0.05] = "↑"
    arrow[change < -0.05] = "↓"
    arrow[change.isna()] = ""
    current = set(ids)
    return {
        "previous_total": prev_total,
        "previous_grade": prev_grade,
        "change": change,
        "arrow": arrow,
        "new": sorted(current - set(previous)),
        "left": sorted(set(previous) - current),
    }


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
    from kpi_cli.pipeline import read_dataset, score_dataset
    from kpi_cli.problems import has_errors
    from kpi_cli.reports import html as html_reports
    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.reports.flat import csv_rows, problems_frame, write_csv

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
    report("score", 1, 1)
    if strict and has_errors(result.problems):
        return None, result
    changes = compare_previous(result, prev)
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0).isoformat()
    code = result.period.code

    parent = output.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.kpi-tmp-", dir=parent))
    os.chmod(tmp, default_mode(folder=True))
    try:
        written: list[Path] = []
        emp = result.employees
        taken_emp: set[str] = set()
        taken_dep: set[str] = set()
        emp_links = {rec: f"employees/{safe_filename(emp.at[rec, 'employee_id'], taken_emp, 'employee')}.html" for rec in emp.index}
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
            report("write", step, total_steps)

        (tmp / "departments").mkdir()
        (tmp / "employees").mkdir()
        write_excel_report(result, tmp / links["excel"], lang=lang, generated_at="", previous=changes)
        written.append(tmp / links["excel"])
        tick()
        scores = csv_rows(result, lang)
        if changes is not None:
            scores["previous_total"] = changes["previous_total"]
            scores["change"] = changes["change"].round(1)
            scores["previous_grade"] = changes["previous_grade"]
        write_csv(scores, tmp / links["scores_csv"])
        write_csv(problems_frame(result, lang), tmp / links["problems_csv"])
        written += [tmp / links["scores_csv"], tmp / links["problems_csv"]]
        tick(2)
        pages = _PageWriter()
        try:
            pages.write(tmp / "index.html",
                        html_reports.render_index(result, lang, links=links, previous=changes, generated_at=stamp))
            written.append(tmp / "index.html")
            tick()
            for dep in departments:
                path = tmp / dep_links[dep]
                pages.write(path, html_reports.render_department(result, dep, lang, links=links, previous=changes,
                                                                 generated_at=stamp))
                written.append(path)
                tick()
            for rec, rel in emp_links.items():
                path = tmp / rel
                pages.write(path, html_reports.render_employee(result, rec, lang, links=links, previous=changes,
                                                               generated_at=stamp))
                written.append(path)
        except BaseException:
            pages.close(raise_errors=False)
            raise
        pages.close()
        tick(len(emp_links))

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
            "outputs": [
                {"path": p.relative_to(tmp).as_posix(), **(pages.digests.get(p) or _digest(p))}
                for p in sorted(written)
            ],
            "counts": {
                "employees": int(len(emp)),
                "ok": int(status.get("ok", 0)),
                "incomplete": int(status.get("incomplete", 0)),
                "invalid": int(status.get("invalid", 0)),
                "departments": len(departments),
                "errors": sum(1 for p in result.problems if p.is_error),
                "warnings": sum(1 for p in result.problems if not p.is_error),
                **({"new": len(changes["new"]), "left": len(changes["left"])} if changes else {}),
            },
        }
        _write(tmp / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
        _swap_into_place(tmp, output)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return ExportResult(output, [output / p.relative_to(tmp) for p in written] + [output / MANIFEST], manifest), result


def _digest(path: Path) -> dict:
    return {"sha256": sha256_file(path), "size": path.stat().st_size}


class _PageWriter:
    """Writes the export's pages on a worker thread while the caller renders the next one.

    Writing 10,000 pages is mostly waiting for the disk; file writes (and hashing) release the
    GIL, so a second thread overlaps them with rendering. At most ``limit`` pages wait in memory;
    a failed write is raised by a later write() or by close(). Each page's SHA-256 and size are
    kept for the manifest, so nothing is read back.
    """

    def __init__(self, limit: int = 256) -> None:
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="kpi-export-pages")
        self._pending: deque = deque()
        self._limit = limit
        self.digests: dict[Path, dict] = {}

    def write(self, path: Path, text: str) -> None:
        self._pending.append(self._pool.submit(self._write, path, text))
        while len(self._pending) > self._limit:
            self._pending.popleft().result()

    def _write(self, path: Path, text: str) -> None:
        data = text.encode("utf-8")  # what _write() writes: UTF-8, "\n" line ends as given
        with open(path, "wb") as fh:
            fh.write(data)
        self.digests[path] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def close(self, raise_errors: bool = True) -> None:
        try:
            while self._pending:
                future = self._pending.popleft()
                if raise_errors:
                    future.result()
                else:
                    future.exception()
        finally:
            self._pool.shutdown(wait=True, cancel_futures=True)


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)


def _swap_into_place(tmp: Path, output: Path) -> None:
    """Replace ``output`` with the finished ``tmp`` folder: two renames, old copy removed last."""
    old = None
    if output.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.kpi-old-", dir=output.parent))
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
