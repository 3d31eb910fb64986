"""Benchmarks of kpi, each beside its floor measured in the same run: what this machine can do at best.

    python benchmarks/run.py                          # N = 10,000 and 100,000, then 1,000,000 rows scored
    python benchmarks/run.py --sizes 10000 --repeats 3 --out /tmp/bench.json
    python benchmarks/run.py --quick                  # a smoke run: N = 2,000, two repeats
    python benchmarks/run.py --scale                  # kpi score and kpi export at 10,000 and 100,000, growth fitted

Prints a table of medians, floors and ratios and writes them (with every repeat) to JSON,
by default benchmarks/results/<host>.json. Inputs come from benchmarks/generate.py (made once per
size and seed, then reused from benchmarks/out/data/). Not part of the test suite.

Measured per size N (medians of --repeats runs; the machine is shared and noisy, so read ratios):

| step | what kpi does | floor beside it |
| --- | --- | --- |
| read+validate xlsx | validate_files(N.xlsx), in-process | the fastest raw read of the same file: python-calamine (every sheet to Python lists) or fastexcel → pandas |
| read+validate csv | validate_files(17 CSV files) | pandas.read_csv of the same files (C engine, or pyarrow when installed) |
| score | score_dataset(dataset), in-process | the bare numpy kernel on the same figures (np.interp per measure, weighted sums, searchsorted grades) |
| excel report | write_excel_report, in-process | xlsxwriter constant_memory writing the report's cells (read back from it: same rows, columns, types, values) with no formats |
| html summary | write_html_report | the same Jinja2 template rendered from its already-built context, and written |
| employee pages | render_employee of min(N, 10,000) pages, in memory | one page's context rendered that many times by Jinja2 (kpi fills page skeletons, and can beat it) |
| pages + disk | the same pages rendered and written to a new folder, as `kpi export` does (a writer thread), interleaved with the floor | writing the same bytes to a new folder (the disk alone) |
| kpi export | `kpi export --period 2026-Q3` of three monthly files (subprocess) | raw read of the three files + raw write of the export's workbook cells + writing the export's other files' bytes |
| kpi score e2e | `kpi score N.xlsx -o report.xlsx` (subprocess), wall time and peak RSS | fastest raw read of N.xlsx + the fastest available writer of the report's cells (rustpy-xlsxwriter when installed), run in turn with it |
| kpi --help | `kpi --help` (subprocess) | `python -c "import typer"` |

Then scoring alone of 1,000,000 rows (the largest size's records repeated), and the Excel writers
compared on the report's cells: xlsxwriter (stock and kpi's fast rows), openpyxl write-only,
pyexcelerate and rustpy-xlsxwriter when installed.

--scale runs only the scale check (bench_scale): both commands at each size, wall and CPU time and
peak memory, the growth fitted (N^b between the two largest sizes, and a line for predictions up to
1,000,000 employees).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))  # this checkout's kpi, whatever else is installed
sys.path.insert(0, str(HERE))
# Floors that are not dependencies of kpi (fastexcel + pyarrow, pyexcelerate, rustpy-xlsxwriter) may
# be installed apart, for this runner only: pip install --target benchmarks/out/floors ...
FLOORS = Path(os.environ.get("KPI_BENCH_FLOORS", HERE / "out" / "floors"))
if FLOORS.is_dir():
    sys.path.append(str(FLOORS))  # last: never shadows kpi's own dependencies

import generate  # noqa: E402  (benchmarks/generate.py)
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

# kpi's users have no pyarrow: keep pandas' text columns in Python objects in this process too, even
# when pyarrow is importable for the fastexcel floor (subprocesses never see the floors folder).
try:
    pd.set_option("mode.string_storage", "python")
except (KeyError, ValueError, pd.errors.OptionError):  # pandas < 2.1 has no such choice
    pass

from kpi_cli.catalogue import load_catalogue  # noqa: E402
from kpi_cli.periods import parse_period  # noqa: E402

PERIOD = "2026-Q3"
TARGETS = {  # issue 8, on this machine
    "kpi score e2e": ("ratio", 2.5),  # issue 15; issue 8's 1.3 × the xlsxwriter raw write is kept in the verdicts
    "kpi --help": ("ratio", 2.5),
    "peak memory": ("bytes", 1 << 30),
    "employee pages": ("seconds per 10,000", 3.0),
    "score 1M rows": ("seconds", 0.5),
}


# --- timing ------------------------------------------------------------------------------------
def timed(fn, repeats: int, warmup: int = 0, before=None) -> list[float]:
    """Wall times of ``fn()`` (``before()`` runs untimed before each)."""
    for _ in range(warmup):
        if before:
            before()
        fn()
    out = []
    for _ in range(repeats):
        if before:
            before()
        gc.collect()
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def interleaved(fns: dict, repeats: int, warmup: int = 1, cpu: dict | None = None) -> dict[str, list[float]]:
    """Wall times of several functions run in turn, repeat after repeat, so that the machine's load
    at any moment hits them alike (compare their ratios, measured in the same run). ``cpu``: a dict
    that gets the CPU times of the same runs (what the load changes least)."""
    for _ in range(warmup):
        for fn in fns.values():
            fn()
    out: dict[str, list[float]] = {k: [] for k in fns}
    if cpu is not None:
        cpu.update({k: [] for k in fns})
    for _ in range(repeats):
        for k, fn in fns.items():
            gc.collect()
            c = time.process_time()
            t = time.perf_counter()
            fn()
            out[k].append(time.perf_counter() - t)
            if cpu is not None:
                cpu[k].append(time.process_time() - c)
    return out


def med(xs: list[float]) -> float:
    return statistics.median(xs) if xs else float("nan")


def child_env() -> dict:
    env = dict(os.environ)
    # Installed users have compiled bytecode; measure with it (the first, warm-up run writes it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("KPI_LANG", "zh")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def kpi_command() -> list[str]:
    """This checkout's kpi (child_env puts it first on the path), not whichever one is installed."""
    return [sys.executable, "-m", "kpi_cli"]


_STATS_WRAPPER = (
    "import resource, subprocess, sys; r = subprocess.call(sys.argv[2:]); "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "open(sys.argv[1], 'w').write(f'{u.ru_utime} {u.ru_stime} {u.ru_maxrss}'); sys.exit(r)"
)


def child_stats(cmd: list[str], cwd: Path | None = None) -> dict:
    """Wall seconds, CPU seconds (user + system: what a loaded machine disturbs least), peak RSS in
    bytes, exit code and stderr tail of one child process.

    CPU and peak are taken by GNU time (or a small Python wrapper) started from here: a child forked
    straight from this process would count this process's memory, shared at the fork, as its own.
    """
    with tempfile.TemporaryDirectory() as tmp:
        stats = Path(tmp) / "stats"
        if Path("/usr/bin/time").exists():
            wrapped = ["/usr/bin/time", "-f", "%U %S %M", "-o", str(stats), *cmd]
        else:
            wrapped = [sys.executable, "-c", _STATS_WRAPPER, str(stats), *cmd]
        with open(Path(tmp) / "stderr", "w+b") as err:
            t = time.perf_counter()
            code = subprocess.call(wrapped, stdout=subprocess.DEVNULL, stderr=err, stdin=subprocess.DEVNULL,
                                   cwd=cwd, env=child_env())
            wall = time.perf_counter() - t
            err.seek(0)
            tail = err.read()[-600:].decode("utf-8", "replace")
        try:
            user, system, rss_kb = (float(x) for x in stats.read_text().split()[-3:])
        except (OSError, ValueError):
            user, system, rss_kb = float("nan"), float("nan"), 0
    return {"wall": wall, "cpu": user + system, "peak_rss_bytes": int(rss_kb) * 1024, "exit_code": code,
            "stderr_tail": tail}


def run_child(cmd: list[str], cwd: Path | None = None) -> tuple[float, int, int, str]:
    """(wall seconds, peak RSS in bytes, exit code, stderr tail) of one child process (child_stats)."""
    s = child_stats(cmd, cwd)
    return s["wall"], s["peak_rss_bytes"], s["exit_code"], s["stderr_tail"]


# --- floors ------------------------------------------------------------------------------------
def read_calamine(path: Path) -> int:
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        cells += sum(len(r) for r in rows)
    return cells


def read_fastexcel(path: Path) -> int:
    import fastexcel

    reader = fastexcel.read_excel(str(path))
    return sum(reader.load_sheet(name).to_pandas().size for name in reader.sheet_names)


def has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def read_floors(path: Path, repeats: int) -> dict:
    floors = {"python-calamine": timed(lambda: read_calamine(path), repeats, warmup=1)}
    if has("fastexcel") and has("pyarrow"):
        floors["fastexcel→pandas"] = timed(lambda: read_fastexcel(path), repeats, warmup=1)
    return floors


def csv_floor(paths: list[Path], repeats: int) -> dict:
    floors = {"pandas.read_csv (C)": timed(lambda: [pd.read_csv(p, encoding="utf-8-sig") for p in paths], repeats, 1)}
    if has("pyarrow"):
        floors["pandas.read_csv (pyarrow)"] = timed(
            lambda: [pd.read_csv(p, encoding="utf-8-sig", engine="pyarrow") for p in paths], repeats, 1)
    return floors


def workbook_cells(path: Path) -> list[tuple[str, list[list]]]:
    """Every sheet of a workbook as rows of values ('' = empty), read back with calamine."""
    import python_calamine as pc

    book = pc.CalamineWorkbook.from_path(str(path))
    return [(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False)) for name in book.sheet_names]


def count_cells(sheets) -> tuple[int, int, int]:
    rows = sum(len(g) for _, g in sheets)
    numbers = sum(1 for _, g in sheets for r in g for v in r if isinstance(v, (int, float)) and not isinstance(v, bool))
    texts = sum(1 for _, g in sheets for r in g for v in r if isinstance(v, str) and v != "")
    return rows, numbers, texts


def write_xlsxwriter(sheets, path: Path) -> None:
    """The fastest stock xlsxwriter write of these cells: constant_memory, undecorated writers, no formats."""
    import xlsxwriter
    from xlsxwriter.worksheet import Worksheet

    with xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_numbers": False,
                                          "strings_to_formulas": False, "strings_to_urls": False}) as wb:
        for name, rows in sheets:
            ws = wb.add_worksheet(name, worksheet_class=Worksheet)
            number, string = ws._write_number, ws._write_string
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    if v == "" or v is None:
                        continue
                    if isinstance(v, str):
                        string(r, c, v)
                    else:
                        number(r, c, v)


def write_openpyxl(sheets, path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    wb.save(str(path))


def write_pyexcelerate(sheets, path: Path) -> None:
    from pyexcelerate import Workbook

    wb = Workbook()
    for name, rows in sheets:
        wb.new_sheet(name, data=[[None if v == "" else v for v in row] for row in rows])
    wb.save(str(path))


def write_rustpy(sheets, path: Path) -> None:
    import rustpy_xlsxwriter as rw

    data = []
    for name, rows in sheets:
        width = max((len(r) for r in rows), default=1)
        names = [f"c{i}" for i in range(width)]
        data.append((name, [{k: v for k, v in zip(names, row) if v != ""} for row in rows]))
    rw.write_worksheets(data, str(path))


WRITERS = {
    "xlsxwriter (constant_memory)": (write_xlsxwriter, "xlsxwriter"),
    "openpyxl (write-only)": (write_openpyxl, "openpyxl"),
    "pyexcelerate": (write_pyexcelerate, "pyexcelerate"),
    "rustpy-xlsxwriter": (write_rustpy, "rustpy_xlsxwriter"),
}


# --- the score floor: the bare numpy kernel on the same figures --------------------------------
def kernel_inputs(dataset, catalogue, period):
    """Per role: figures (n × m), breakpoints per measure, weights; built untimed."""
    from kpi_cli.scoring.engine import scaled_params

    out = []
    for code, frame in dataset.values.items():
        role = catalogue.role(code)
        x = frame.reindex(columns=[m.code for m in role.measures]).to_numpy(dtype=float)
        curves = []
        for m in role.measures:
            p = scaled_params(m, period)
            if m.rule == "rating":
                curves.append(([1, 2, 3, 4, 5], [0, 60, 100, 110, 120]))
            elif m.rule == "higher":
                e = p.get("excellent") or p["target"]
                curves.append(([p["floor"], p["target"], e], [60, 100, 120]))
            elif m.rule == "lower":
                e = p.get("excellent") or p["target"]
                curves.append(([e, p["target"], p["ceiling"]], [120, 100, 60]))
            else:
                curves.append(([0, 1], [0, 100]))
        w = np.array([m.weight for m in role.measures], dtype=float)
        out.append((x, curves, w))
    return out


def kernel(inputs) -> None:
    bands = np.array([70.0, 85.0, 100.0, 110.0])
    for x, curves, w in inputs:
        pts = np.empty_like(x)
        for j, (xp, fp) in enumerate(curves):
            xp, fp = np.asarray(xp, float), np.asarray(fp, float)
            if xp[0] > xp[-1]:
                xp, fp = xp[::-1], fp[::-1]
            pts[:, j] = np.interp(x[:, j], xp, fp)
        ok = ~np.isnan(pts)
        total = np.where(ok, pts, 0.0) @ w / np.maximum(ok @ w, 1e-9)
        np.searchsorted(bands, np.floor(total * 10 + 0.5) / 10, side="right")


# --- the report's template, captured for the HTML floors ---------------------------------------
@contextmanager
def capture_render():
    """Record (template, context) of every Jinja2 render while active."""
    from jinja2 import Template

    seen: list = []
    original = Template.render

    def render(self, *args, **kwargs):
        seen.append((self, dict(*args, **kwargs)))
        return original(self, *args, **kwargs)

    Template.render = render
    try:
        yield seen
    finally:
        Template.render = original


# --- one size ----------------------------------------------------------------------------------
def step(name: str, runs: list[float], floor_runs: dict | None = None, note: str = "", target=None,
         extra: dict | None = None, floor_name: str | None = None) -> dict:
    """A measured step; its floor is ``floor_name`` or else the fastest of ``floor_runs``."""
    out = {"name": name, "median": med(runs), "runs": runs, "note": note}
    if floor_runs:
        floors = {k: {"median": med(v), "runs": v} for k, v in floor_runs.items()}
        best = floor_name or min(floors, key=lambda k: floors[k]["median"])
        out["floors"] = floors
        out["floor"] = {"name": best, "median": floors[best]["median"]}
        out["ratio"] = out["median"] / floors[best]["median"] if floors[best]["median"] else None
    if target is not None:
        out["target"] = target
    if extra:
        out.update(extra)
    return out


def inputs(n: int, args, say) -> tuple[Path, dict]:
    """The generated inputs of N employees (made once, then reused): their folder and manifest."""
    data = args.data / f"n{n}"
    manifest = generate.cached(n, data, args.seed, PERIOD)
    if manifest is None:
        say(f"generating {n:,} employees into {data} …")
        manifest = generate.generate(n, data, args.seed, PERIOD, quiet=False)
    return data, manifest


def bench_html(n: int, result, reps: int, work: Path, say) -> dict:
    """The HTML steps: the one-file report, employee pages in memory, pages written (interleaved)."""
    from kpi_cli.reports import html as html_reports

    out: dict[str, dict] = {}
    say(f"[{n:,}] html summary and employee pages")
    html_path = work / "report.html"
    html_runs = timed(lambda: html_reports.write_html_report(result, html_path, lang="zh", generated_at="x"),
                      reps, warmup=1)
    with capture_render() as seen:
        html_reports.render_report(result, "zh", "x")
    template, ctx = seen[-1]

    def html_floor():
        html_path.with_suffix(".floor.html").write_text(template.render(ctx), encoding="utf-8")

    out["html summary"] = step("html summary", html_runs, {"jinja2 render of the built context": timed(
        html_floor, reps, warmup=1)}, f"{html_path.stat().st_size:,} bytes")

    pages = min(n, 10_000)
    records = list(result.employees.index[:pages])
    ids = result.employees["employee_id"].astype(str).tolist()[:pages]
    links = {"employees": {rec: f"employees/{i}.html" for rec, i in zip(records, ids)}, "departments": {}}
    folders = iter(range(1_000_000))

    def render_pages():
        return [html_reports.render_employee(result, rec, "zh", links=links, generated_at="x") for rec in records]

    def write_texts(texts):
        folder = work / f"pages-{next(folders)}"  # a new folder each time, as an export makes
        folder.mkdir()
        for emp_id, text in zip(ids, texts):
            with open(folder / f"{emp_id}.html", "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        return folder

    render_runs = timed(render_pages, reps, warmup=1)
    # the floor: the page's template rendered by Jinja2 from its built context (kpi fills page
    # skeletons instead, so it can beat this floor)
    from kpi_cli.reports.html_model import employee_page

    p_template = html_reports.environment().get_template("employee.html.j2")
    p_ctx = employee_page(result, records[0], "zh", links=links, generated_at="x")
    out["employee pages"] = step(
        "employee pages", render_runs,
        {"one context rendered": timed(lambda: [p_template.render(p_ctx) for _ in ids], reps, warmup=1)},
        f"{pages:,} pages rendered (no disk)", target={"max_seconds": 3.0 * pages / 10_000})
    texts = render_pages()

    def render_and_write():  # as kpi export does: each page handed to its writer thread
        from kpi_cli.reports.export import _PageWriter

        folder = work / f"pages-{next(folders)}"
        folder.mkdir()
        writer = _PageWriter(folder)
        for rec, emp_id in zip(records, ids):
            writer.write(f"{emp_id}.html", html_reports.render_employee(result, rec, "zh", links=links, generated_at="x"))
        writer.close()
        return folder

    # kpi and its floor in turn, each run's folder removed (untimed) before the next run: the
    # disk's write-back of earlier runs' 140 MiB then weighs on both alike (run one after the
    # other, with every folder kept, the floor had moved from 0.46 s to 2.5 s between sizes).
    disk_runs = {"kpi": [], "floor": []}
    for k in range(reps + 1):  # the first round warms up
        for name, fn in (("kpi", render_and_write), ("floor", lambda: write_texts(texts))):
            gc.collect()
            t0 = time.perf_counter()
            folder = fn()
            if k:
                disk_runs[name].append(time.perf_counter() - t0)
            shutil.rmtree(folder, ignore_errors=True)
    out["pages + disk"] = step(
        "pages + disk", disk_runs["kpi"], {"writing the same bytes": disk_runs["floor"]},
        f"{pages:,} pages rendered and written (each hashed for the manifest, as kpi export does), "
        f"{sum(len(t.encode()) for t in texts) / 2**20:.0f} MiB, interleaved with the floor")
    del texts
    for folder in work.glob("pages-*"):
        shutil.rmtree(folder, ignore_errors=True)
    return out


def bench_size(n: int, args, catalogue, say) -> dict:
    from kpi_cli.scoring.pipeline import read_dataset, score_dataset
    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.validation.validate import validate_files

    data, manifest = inputs(n, args, say)
    xlsx = data / manifest["files"]["xlsx"]
    csvs = [data / f for f in manifest["files"]["csv"]]
    months = [data / f for f in manifest["files"]["months"]]
    big = n >= 50_000
    reps = args.repeats if not big else max(1, min(args.repeats, args.heavy_repeats))
    work = Path(tempfile.mkdtemp(prefix=f"kpi-bench-{n}-"))
    steps: dict[str, dict] = {}
    try:
        if args.only == "json":  # the JSON step alone (see --only)
            say(f"[{n:,}] score --format json")
            result = score_dataset(read_dataset([xlsx], catalogue), catalogue)
            steps["score json"] = bench_json(xlsx, result, reps, work, catalogue)
            return {"employees": n, "generated": manifest, "steps": steps}
        if args.only == "html":  # the HTML steps alone (see --only)
            result = score_dataset(read_dataset([xlsx], catalogue), catalogue)
            steps.update(bench_html(n, result, reps, work, say))
            return {"employees": n, "generated": manifest, "steps": steps}
        say(f"[{n:,}] read+validate")
        steps["read+validate xlsx"] = step(
            "read+validate xlsx", timed(lambda: validate_files([xlsx], catalogue), reps, warmup=1),
            read_floors(xlsx, reps), "kpi_cli.validation.validate.validate_files")
        steps["read+validate csv"] = step(
            "read+validate csv", timed(lambda: validate_files(csvs, catalogue), reps, warmup=1),
            csv_floor(csvs, reps), f"{len(csvs)} CSV files, one per role")

        say(f"[{n:,}] score")
        dataset = read_dataset([xlsx], catalogue)
        period = parse_period(PERIOD)
        k_inputs = kernel_inputs(dataset, catalogue, period)
        steps["score"] = step(
            "score", timed(lambda: score_dataset(dataset, catalogue), reps, warmup=1),
            {"numpy kernel": timed(lambda: kernel(k_inputs), reps, warmup=1)},
            "score_dataset: period fit, points, totals, grades, ranks, distribution")
        result = score_dataset(dataset, catalogue)

        if n <= args.json_max:
            say(f"[{n:,}] score --format json")
            steps["score json"] = bench_json(xlsx, result, reps, work, catalogue)

        say(f"[{n:,}] excel report")
        report = work / "report.xlsx"
        excel_runs = timed(lambda: write_excel_report(result, report, lang="zh", generated_at=""), reps, warmup=0)
        os.environ["KPI_XLSX_STOCK"] = "1"
        try:
            stock_runs = timed(lambda: write_excel_report(result, work / "stock.xlsx", lang="zh", generated_at=""),
                               1 if big else reps)
        finally:
            del os.environ["KPI_XLSX_STOCK"]
        identical = report.read_bytes() == (work / "stock.xlsx").read_bytes()
        sheets = workbook_cells(report)
        rows, numbers, texts = count_cells(sheets)
        raw = work / "raw.xlsx"
        steps["excel report"] = step(
            "excel report", excel_runs,
            {"xlsxwriter raw write": timed(lambda: write_xlsxwriter(sheets, raw), reps)},
            f"{rows:,} rows, {numbers:,} numbers, {texts:,} texts in {len(sheets)} sheets",
            extra={"stock_xlsxwriter_rows": {"median": med(stock_runs), "runs": stock_runs},
                   "fast_rows_identical_bytes": identical,
                   "cells": {"rows": rows, "numbers": numbers, "texts": texts, "sheets": len(sheets)},
                   "size_bytes": report.stat().st_size})
        if args.writers:
            say(f"[{n:,}] excel writers compared")
            comparison = {}
            for label, (fn, module) in WRITERS.items():
                if not has(module):
                    comparison[label] = {"installed": False}
                    continue
                w_reps = 1 if (big and label != "xlsxwriter (constant_memory)") else reps
                target = work / f"w-{module}.xlsx"
                try:
                    runs = timed(lambda: fn(sheets, target), w_reps)
                    comparison[label] = {"median": med(runs), "runs": runs, "size_bytes": target.stat().st_size}
                except Exception as exc:  # noqa: BLE001 — one writer failing must not stop the run
                    comparison[label] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
            steps["excel report"]["writers"] = comparison
        del sheets

        steps.update(bench_html(n, result, reps, work, say))
        del result, dataset

        say(f"[{n:,}] kpi score (subprocess)")
        kpi = kpi_command()
        steps["kpi score e2e"] = bench_score_e2e(xlsx, kpi, reps, work, steps)

        say(f"[{n:,}] kpi export (subprocess)")
        export_dir = work / "export"
        cmd = kpi + ["export", "--period", PERIOD, *map(str, months), "-o", str(export_dir), "--quiet", "--force"]
        ex_reps = 1 if big else reps
        ex = [run_child(cmd) for _ in range(ex_reps)]
        files = [p for p in export_dir.rglob("*") if p.is_file()]
        export_xlsx = next((p for p in files if p.suffix == ".xlsx"), None)
        others = [(p.relative_to(export_dir), p.read_bytes()) for p in files if p != export_xlsx]
        ex_sheets = workbook_cells(export_xlsx) if export_xlsx else []
        copy_dir = work / "export-floor"

        def export_floor():
            for m in months:
                read_calamine(m)
            write_xlsxwriter(ex_sheets, work / "export-raw.xlsx")
            shutil.rmtree(copy_dir, ignore_errors=True)
            for rel, data_bytes in others:
                target = copy_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data_bytes)

        steps["kpi export"] = step(
            "kpi export", [e[0] for e in ex], {"raw reads + raw xlsx write + file writes": timed(export_floor, ex_reps)},
            f"3 monthly files → {len(files):,} files", extra={
                "peak_rss_bytes": max(e[1] for e in ex), "exit_codes": [e[2] for e in ex],
                "errors": [e[3] for e in ex if e[2] not in (0, 1)]})
        del others, ex_sheets
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return {"employees": n, "generated": manifest, "steps": steps}


def bench_score_e2e(xlsx: Path, kpi: list[str], reps: int, work: Path, steps: dict) -> dict:
    """`kpi score N.xlsx -o report.xlsx` (subprocess) beside its floor, run in turn with it: the
    fastest raw read of N.xlsx (python-calamine, fastexcel → pandas) + the fastest available writer
    of the report's own cells (rustpy-xlsxwriter when installed, else xlsxwriter's raw write).
    Also kept: the ratio to the raw read + xlsxwriter raw write of the excel-report step (issue 8)."""
    out_xlsx = work / "e2e.xlsx"
    run_child(kpi + ["score", str(xlsx), "-o", str(out_xlsx)])  # warm-up (writes bytecode)
    cells = workbook_cells(out_xlsx)
    floors: dict[str, callable] = {"python-calamine": lambda: read_calamine(xlsx)}
    if has("fastexcel") and has("pyarrow"):
        floors["fastexcel→pandas"] = lambda: read_fastexcel(xlsx)
    writers = {"rustpy-xlsxwriter": lambda: write_rustpy(cells, work / "e2e-floor.xlsx")} if has(
        "rustpy_xlsxwriter") else {"xlsxwriter raw write": lambda: write_xlsxwriter(cells, work / "e2e-floor.xlsx")}
    runs: list[tuple[float, int, int, str]] = []
    floor_runs: dict[str, list[float]] = {k: [] for k in (*floors, *writers)}
    for _ in range(reps):  # in turn, so that the machine's load hits kpi and its floor alike
        runs.append(run_child(kpi + ["score", str(xlsx), "-o", str(out_xlsx)]))
        for name, fn in (*floors.items(), *writers.items()):
            gc.collect()
            t = time.perf_counter()
            fn()
            floor_runs[name].append(time.perf_counter() - t)
    read = min(floors, key=lambda k: med(floor_runs[k]))
    writer = min(writers, key=lambda k: med(floor_runs[k]))
    floor = med(floor_runs[read]) + med(floor_runs[writer])
    wall = [r[0] for r in runs]
    issue8_floor = steps["read+validate xlsx"]["floor"]["median"] + steps["excel report"]["floors"][
        "xlsxwriter raw write"]["median"]
    return step(
        "kpi score e2e", wall, None,
        f"kpi score {xlsx.name} -o report.xlsx; floor = {read} read + {writer} of the report's cells, in turn with it",
        target={"max_ratio": 2.5},
        extra={"floor": {"name": f"{read} + {writer}", "median": floor},
               "floors": {k: {"median": med(v), "runs": v} for k, v in floor_runs.items()},
               "ratio": med(wall) / floor,
               "xlsxwriter_floor": {"name": "fastest raw read + xlsxwriter raw write", "median": issue8_floor,
                                    "ratio": med(wall) / issue8_floor},
               "peak_rss_bytes": max(r[1] for r in runs), "exit_codes": [r[2] for r in runs],
               "errors": [r[3] for r in runs if r[2] not in (0, 1)]})


def bench_json(xlsx: Path, result, reps: int, work: Path, catalogue) -> dict:
    """What `kpi score F --format json --indent` does in-process (read, score, write the JSON to a
    file) beside read + orjson's dump of the same document. The floor's read is kpi's own read
    (read+validate, measured against the raw read in its own row); the raw-read floor is kept too."""
    import orjson

    from kpi_cli.scoring.pipeline import read_dataset, score_dataset
    from kpi_cli.reports.flat import result_dict, result_json

    doc = result_dict(result, "zh")
    out = work / "score.json"
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
    raw_read = read_fastexcel if has("fastexcel") and has("pyarrow") else read_calamine

    def kpi(indent=True):
        scored = score_dataset(read_dataset([xlsx], catalogue), catalogue)
        out.write_bytes(result_json(scored, "zh", indent=indent))

    cpu: dict[str, list[float]] = {}
    runs = interleaved({
        "kpi": kpi,
        "kpi --compact": lambda: kpi(False),
        "floor": lambda: (read_dataset([xlsx], catalogue), out.write_bytes(orjson.dumps(doc, option=option))),
        "raw floor": lambda: (raw_read(xlsx), out.write_bytes(orjson.dumps(doc, option=option))),
        "dump": lambda: out.write_bytes(orjson.dumps(doc, option=option)),
    }, reps, cpu=cpu)
    kpi(True)
    identical = out.read_bytes() == orjson.dumps(doc, option=option)
    size = out.stat().st_size
    raw_name = "fastexcel→pandas" if raw_read is read_fastexcel else "python-calamine"
    floors = {"kpi read + orjson dump": runs["floor"], f"{raw_name} read + orjson dump": runs["raw floor"]}
    return step("score --format json", runs["kpi"], floors,
                f"read, score and write {size / 2**20:.0f} MiB of indented JSON (in-process); floor = kpi's read + "
                "orjson's indented dump of the same document", target={"max_ratio": 1.5},
                floor_name="kpi read + orjson dump",
                extra={"compact": {"median": med(runs["kpi --compact"]), "runs": runs["kpi --compact"]},
                       "orjson dump alone": {"median": med(runs["dump"]), "runs": runs["dump"]},
                       "ratio_vs_raw_read": med(runs["kpi"]) / med(runs["raw floor"]),
                       "same_bytes_as_orjson": identical, "size_bytes": size,
                       "cpu": {k: {"median": med(v), "runs": v} for k, v in cpu.items()},
                       "cpu_ratio": med(cpu["kpi"]) / med(cpu["floor"])})


def bench_help(repeats: int) -> dict:
    kpi = kpi_command()
    run_child(kpi + ["--help"])
    run_child([sys.executable, "-c", "import typer"])
    ours, floor, sub = [], [], []
    for _ in range(repeats):  # interleaved, so that noise hits both alike
        floor.append(run_child([sys.executable, "-c", "import typer"])[0])
        ours.append(run_child(kpi + ["--help"])[0])
        sub.append(run_child(kpi + ["score", "--help"])[0])
    out = step("kpi --help", ours, {'python -c "import typer"': floor}, " ".join(kpi) + " --help",
               target={"max_ratio": 2.5})
    out["subcommand_help"] = {"command": "kpi score --help", "median": med(sub), "runs": sub}
    return out


def bench_score_rows(rows: int, n_source: int, args, catalogue, say) -> dict:
    from kpi_cli.readers.dataset import Dataset
    from kpi_cli.scoring.pipeline import read_dataset, score_dataset
    from kpi_cli.scoring.engine import score

    data = args.data / f"n{n_source}"
    manifest = generate.cached(n_source, data, args.seed, PERIOD) or generate.generate(n_source, data, args.seed, PERIOD)
    ds = read_dataset([data / manifest["files"]["xlsx"]], catalogue)
    copies = -(-rows // len(ds.records))
    n = len(ds.records)
    recs = pd.concat([ds.records.assign(employee_id=ds.records["employee_id"] + f"-{k}") for k in range(copies)],
                     ignore_index=True).iloc[:rows]
    keep = recs.index

    def tile(frames):
        return {c: pd.concat([f.set_axis(f.index + k * n) for k in range(copies)]).loc[lambda f: f.index < rows]
                for c, f in frames.items()}

    values, invalid = tile(ds.values), tile(ds.invalid)
    big = Dataset(recs.loc[keep], values, invalid, [], ds.files)
    period = parse_period(PERIOD)
    say(f"score {rows:,} rows")
    first = timed(lambda: score(recs, values, catalogue, period, invalid=invalid), 1)
    k_inputs = kernel_inputs(big, catalogue, period)
    kernel(k_inputs)
    warm, kern = [], []
    for _ in range(max(args.repeats, 9)):  # interleaved with the floor, so that load hits both alike
        warm += timed(lambda: score(recs, values, catalogue, period, invalid=invalid), 1)
        kern += timed(lambda: kernel(k_inputs), 1)
    with_fit = timed(lambda: score_dataset(big, catalogue), max(1, min(3, args.repeats)))
    out = step("score 1M rows", warm, {"numpy kernel": kern},
               f"kpi_cli.scoring.engine.score on {rows:,} records ({copies} copies of the {n:,}-employee file), warm",
               target={"max_seconds": 0.4})
    out["rows"] = rows
    out["first_call"] = first[0]
    out["with_period_fit"] = {"median": med(with_fit), "runs": with_fit, "note": "score_dataset: infer and fit the period, then score"}
    return out


# --- scale: kpi score and kpi export at growing sizes, and the growth fitted ---------------------
def fit_growth(points: dict[int, float]) -> dict:
    """How a measure grows with N: the exponent b of N^b between the two largest sizes (1 = linear),
    the same for what it adds above the smallest size (start-up and other fixed costs taken out:
    ``marginal_exponent``), and the least-squares line a + c·N through every size (for predictions)."""
    ns = sorted(points)
    xs, ys = np.array(ns, dtype=float), np.array([points[n] for n in ns], dtype=float)
    out: dict = {"measured": {str(n): points[n] for n in ns}}
    if len(ns) >= 3 and ys[-2] > ys[0] and ys[-1] > ys[0]:
        out["marginal_exponent"] = float(np.log((ys[-1] - ys[0]) / (ys[-2] - ys[0]))
                                         / np.log((xs[-1] - xs[0]) / (xs[-2] - xs[0])))
    if len(ns) >= 2 and ys[-2] > 0 and ys[-1] > 0:
        out["exponent"] = float(np.log(ys[-1] / ys[-2]) / np.log(xs[-1] / xs[-2]))
        slope, intercept = np.polyfit(xs, ys, 1)
        out["per_employee"], out["fixed"] = float(slope), float(intercept)
    return out


def predict(fit: dict, n: int) -> float | None:
    return fit["fixed"] + fit["per_employee"] * n if "per_employee" in fit else None


def bench_scale(args, say) -> dict:
    """`kpi score N.xlsx -o report.xlsx` and `kpi export` of the three monthly files at each size of
    --scale (subprocesses, one run each; the export only up to --scale-export-max), their growth
    fitted, and each measure predicted at every size (1,000,000 included) from the fitted line."""
    sizes = sorted(int(s.replace("_", "")) for s in args.scale.split(",") if s.strip())
    kpi = kpi_command()
    work = Path(tempfile.mkdtemp(prefix="kpi-bench-scale-"))
    measured: dict[str, dict[int, dict]] = {"kpi score": {}, "kpi export": {}}
    try:
        for k, n in enumerate(sizes):
            data, manifest = inputs(n, args, say)
            xlsx = data / manifest["files"]["xlsx"]
            months = [str(data / f) for f in manifest["files"]["months"]]
            score_cmd = kpi + ["score", str(xlsx), "-o", str(work / "report.xlsx")]
            export_cmd = kpi + ["export", "--period", PERIOD, *months, "-o", str(work / "export"), "--quiet", "--force"]
            if k == 0:
                child_stats(kpi + ["--help"])  # writes the bytecode, as an installed wheel has it
            say(f"[scale {n:,}] kpi score")
            measured["kpi score"][n] = child_stats(score_cmd)
            if n <= args.scale_export_max:
                say(f"[scale {n:,}] kpi export")
                measured["kpi export"][n] = child_stats(export_cmd)
                shutil.rmtree(work / "export", ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    out: dict = {"sizes": sizes, "commands": {}}
    for name, runs in measured.items():
        ok = {n: r for n, r in runs.items() if r["exit_code"] in (0, 1)}  # 1: the input has problems
        fits = {metric: fit_growth({n: r[metric] for n, r in ok.items()}) for metric in ("wall", "cpu", "peak_rss_bytes")}
        out["commands"][name] = {"runs": {str(n): r for n, r in runs.items()}, "fits": fits}
    return out


def scale_table(scale: dict, at: tuple[int, ...] = (10_000, 100_000, 1_000_000)) -> str:
    """Measured figures, and the fitted line's prediction where a size was not measured (≈)."""
    lines = ["| employees | command | wall | CPU | peak memory |", "| --- | --- | --- | --- | --- |"]
    for n in sorted(set(at) | set(scale["sizes"])):
        for name, c in scale["commands"].items():
            run = c["runs"].get(str(n))
            cells = []
            for metric in ("wall", "cpu", "peak_rss_bytes"):
                value, approx = (run[metric], "") if run else (predict(c["fits"][metric], n), "≈ ")
                if value is None:
                    cells.append("—")
                elif metric == "peak_rss_bytes":
                    cells.append(f"{approx}{value / 2**20:,.0f} MiB")
                else:
                    cells.append(f"{approx}{fmt_s(value)}")
            lines.append(f"| {n:,} | {name} | " + " | ".join(cells) + " |")
    lines.append("")
    for name, c in scale["commands"].items():
        parts = [f"{metric.replace('peak_rss_bytes', 'memory')} N^{f['exponent']:.2f}"
                 + (f" (above the smallest size N^{f['marginal_exponent']:.2f})" if "marginal_exponent" in f else "")
                 for metric, f in c["fits"].items() if "exponent" in f]
        if parts:
            lines.append(f"{name}: growth between the two largest sizes " + ", ".join(parts) + " (1.00 = linear)")
    return "\n".join(lines)


# --- output ------------------------------------------------------------------------------------
def fmt_s(x: float | None) -> str:
    if x is None or x != x:
        return "—"
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def verdicts(results: dict) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, limit, met) for the targets of issues 8 and 15."""
    out = []
    sizes = results["sizes"]
    largest = sizes[max(sizes, key=int)] if sizes else None
    for size in sizes.values():
        js = size["steps"].get("score json")
        if js:
            cpu = f"; CPU time {js['cpu_ratio']:.2f} ×" if "cpu_ratio" in js else ""
            out.append((f"kpi score {size['employees']:,} --format json ≤ 1.5 × (kpi's read + orjson dump); "
                        f"× the raw read + dump: {js['ratio_vs_raw_read']:.2f}", f"{js['ratio']:.2f} ×{cpu}", "1.50 ×",
                        js["ratio"] <= 1.5))
    if largest:
        steps = largest["steps"]
        n = f"{int(largest['employees']):,}"
        e2e = steps.get("kpi score e2e")
        if e2e:
            old = e2e.get("xlsxwriter_floor")
            if old:
                out.append((f"kpi score {n}.xlsx ≤ 1.3 × (raw read + xlsxwriter raw write)", f"{old['ratio']:.2f} ×",
                            "1.30 ×", old["ratio"] <= 1.3))
            out.append((f"kpi score {n}.xlsx ≤ 2.5 × (raw read + the fastest writer, {e2e['floor']['name']}, in turn)",
                        f"{e2e['ratio']:.2f} ×", "2.50 ×", e2e["ratio"] <= 2.5))
            rss = e2e["peak_rss_bytes"]
            out.append((f"peak memory of kpi score {n}", f"{rss / 2**20:.0f} MiB", "1024 MiB", rss <= 1 << 30))
        rv = steps.get("read+validate xlsx")
        if rv:
            out.append((f"read+validate xlsx {n} ≤ 2 × the fastest raw read", f"{rv['ratio']:.2f} ×", "2.00 ×",
                        rv["ratio"] <= 2.0))
        rc = steps.get("read+validate csv")
        if rc:
            out.append((f"read+validate csv {n} ≤ 3 × pandas.read_csv", f"{rc['ratio']:.2f} ×", "3.00 ×",
                        rc["ratio"] <= 3.0))
        ex = steps.get("kpi export")
        if ex:
            out.append((f"kpi export 3 × {n} monthly rows ≤ 1.3 × its floor", f"{ex['ratio']:.2f} ×", "1.30 ×",
                        ex["ratio"] <= 1.3))
            rss = ex["peak_rss_bytes"]
            out.append((f"peak memory of kpi export 3 × {n}", f"{rss / 2**20:.0f} MiB", "600 MiB",
                        rss <= 600 * 2**20))
    for size in sizes.values():
        pages, disk = size["steps"].get("employee pages"), size["steps"].get("pages + disk")
        if pages and size["employees"] >= 10_000:
            out.append(("10,000 employee pages rendered", fmt_s(pages["median"]), "3.00 s", pages["median"] <= 3.0))
            if disk:
                out.append(("pages + disk ≤ 2 × writing the same bytes", f"{disk['ratio']:.2f} ×", "2.00 ×",
                            disk["ratio"] <= 2.0))
            break
    s1m = results.get("score_rows")
    if s1m:
        out.append((f"score {s1m['rows']:,} rows (warm median)", fmt_s(s1m["median"]), "400 ms", s1m["median"] <= 0.4))
    h = results.get("help")
    if h:
        out.append(("kpi --help ≤ 2.5 × import typer", f"{h['ratio']:.2f} ×", "2.50 ×", h["ratio"] <= 2.5))
    return out


def table(results: dict) -> str:
    lines = []
    head = f"| {'N':>7} | {'step':<20} | {'kpi':>9} | {'floor':>9} | {'ratio':>6} | floor measured |"
    lines += [head, "|" + "|".join("-" * (len(c)) for c in head.split("|")[1:-1]) + "|"]
    for size in results["sizes"].values():
        for s in size["steps"].values():
            floor = s.get("floor") or {}
            ratio = s.get("ratio")
            lines.append(f"| {size['employees']:>7,} | {s['name']:<20} | {fmt_s(s['median']):>9} | "
                         f"{fmt_s(floor.get('median')):>9} | {(f'{ratio:.2f}') if ratio else '—':>6} | {floor.get('name', '—')} |")
    s1m = results.get("score_rows")
    if s1m:
        lines.append(f"| {s1m['rows']:>7,} | {'score (engine)':<20} | {fmt_s(s1m['median']):>9} | "
                     f"{fmt_s(s1m['floor']['median']):>9} | {s1m['ratio']:>6.2f} | {s1m['floor']['name']} |")
    h = results.get("help")
    if h:
        lines.append(f"| {'—':>7} | {'kpi --help':<20} | {fmt_s(h['median']):>9} | {fmt_s(h['floor']['median']):>9} | "
                     f"{h['ratio']:>6.2f} | {h['floor']['name']} |")
    return "\n".join(lines)


def extras(results: dict) -> str:
    lines = []
    for size in results["sizes"].values():
        n = size["employees"]
        st = size["steps"]
        ex = st.get("excel report")
        if ex:
            lines.append(f"{n:,}: Excel report {fmt_s(ex['median'])} (stock xlsxwriter rows: "
                         f"{fmt_s(ex['stock_xlsxwriter_rows']['median'])}; same bytes: {ex['fast_rows_identical_bytes']}); "
                         f"{ex['note']}; {ex['size_bytes'] / 2**20:.1f} MiB")
            for label, w in (ex.get("writers") or {}).items():
                if "median" in w:
                    lines.append(f"    writer {label:<30} {fmt_s(w['median']):>9}  ({w['size_bytes'] / 2**20:.1f} MiB)")
                else:
                    lines.append(f"    writer {label:<30} {'not installed' if w.get('installed') is False else w.get('error')}")
        js = st.get("score json")
        if js and "cpu" in js:
            c = js["cpu"]
            lines.append(f"{n:,}: score --format json: wall {fmt_s(js['median'])} against {fmt_s(js['floor']['median'])}"
                         f" ({js['ratio']:.2f} ×), CPU {fmt_s(c['kpi']['median'])} against {fmt_s(c['floor']['median'])}"
                         f" ({js['cpu_ratio']:.2f} ×); --compact {fmt_s(js['compact']['median'])}; orjson dump alone "
                         f"{fmt_s(js['orjson dump alone']['median'])}; {js['size_bytes'] / 2**20:.0f} MiB, the same "
                         f"bytes as orjson: {js['same_bytes_as_orjson']}")
        e2e = st.get("kpi score e2e")
        if e2e:
            lines.append(f"{n:,}: kpi score e2e {fmt_s(e2e['median'])}, peak RSS {e2e['peak_rss_bytes'] / 2**20:.0f} MiB, "
                         f"exit {e2e['exit_codes']}")
        exp = st.get("kpi export")
        if exp:
            lines.append(f"{n:,}: kpi export {fmt_s(exp['median'])} ({exp['note']}), peak RSS "
                         f"{exp['peak_rss_bytes'] / 2**20:.0f} MiB, exit {exp['exit_codes']}")
    s1m = results.get("score_rows")
    if s1m:
        lines.append(f"score {s1m['rows']:,} rows: first call in the process {fmt_s(s1m['first_call'])}; with the period "
                     f"fit (score_dataset) {fmt_s(s1m['with_period_fit']['median'])}")
    h = results.get("help")
    if h:
        lines.append(f"kpi score --help {fmt_s(h['subcommand_help']['median'])} (Typer builds pydantic adapters for a subcommand)")
    return "\n".join(lines)


def machine() -> dict:
    def version(dist: str) -> str | None:
        from importlib.metadata import PackageNotFoundError
        from importlib.metadata import version as v

        try:
            return v(dist)
        except PackageNotFoundError:
            return None

    cpu = ""
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        cpu = platform.processor()
    return {
        "host": socket.gethostname(),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "packages": {d: version(d) for d in ("kpi-cli", "pandas", "numpy", "python-calamine", "fastexcel", "pyarrow",
                                              "xlsxwriter", "openpyxl", "pyexcelerate", "rustpy-xlsxwriter", "jinja2",
                                              "typer", "rich")},
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000", help="employee counts, comma-separated (default 10000,100000)")
    ap.add_argument("--repeats", type=int, default=5, help="runs per measurement (median reported; default 5)")
    ap.add_argument("--heavy-repeats", type=int, default=3, help="runs per measurement at N ≥ 50,000 (default 3)")
    ap.add_argument("--help-repeats", type=int, default=21, help="runs of kpi --help and import typer (default 21)")
    ap.add_argument("--score-rows", type=int, default=1_000_000, help="rows for scoring alone (0: skip)")
    ap.add_argument("--json-max", type=int, default=20_000,
                    help="largest N for the JSON step (its floor holds the whole document as dicts; default 20000)")
    ap.add_argument("--only", choices=["json", "html"],
                    help="run one step alone, at every size (json: score --format json; html: the report and pages)")
    ap.add_argument("--no-writers", dest="writers", action="store_false", help="skip the Excel writer comparison")
    ap.add_argument("--seed", type=int, default=generate.DEFAULT_SEED)
    ap.add_argument("--data", type=Path, default=generate.DEFAULT_OUT, help="where generated inputs are kept")
    ap.add_argument("--out", type=Path, help="JSON results (default benchmarks/results/<host>.json)")
    ap.add_argument("--quick", action="store_true", help="smoke run: N = 2,000, 2 repeats, 100,000 rows scored")
    ap.add_argument("--scale", nargs="?", const="1000,10000,100000", metavar="SIZES",
                    help="scale check alone: kpi score and kpi export at each size (default 1000,10000,100000; the "
                         "smallest measures the fixed costs), the growth fitted and predicted up to 1,000,000 employees")
    ap.add_argument("--scale-export-max", type=int, default=100_000,
                    help="largest N at which --scale runs the export (above it: predicted; default 100000)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.repeats, args.heavy_repeats, args.help_repeats = "2000", 2, 1, 5
        args.score_rows = min(args.score_rows, 100_000)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = args.out or HERE / "results" / f"{socket.gethostname()}.json"

    def say(text: str) -> None:
        print(f"  … {text}", file=sys.stderr, flush=True)

    catalogue = load_catalogue()
    started = time.perf_counter()
    results: dict = {
        "issue": 15,
        "command": " ".join(["python benchmarks/run.py", *(argv if argv is not None else sys.argv[1:])]),
        "started_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        "machine": machine(),
        "repeats": {"default": args.repeats, "large": args.heavy_repeats, "help": args.help_repeats},
        "sizes": {},
    }
    if args.scale:
        results["scale"] = bench_scale(args, say)
        results["seconds"] = round(time.perf_counter() - started, 1)
        print(scale_table(results["scale"]))
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
        print(f"\nwritten {out} ({results['seconds']:.0f} s)")
        return 0
    for n in sizes:
        results["sizes"][str(n)] = bench_size(n, args, catalogue, say)
    if args.only:
        args.score_rows, args.json_max = 0, max(sizes)
    if args.score_rows:
        results["score_rows"] = bench_score_rows(args.score_rows, max(sizes), args, catalogue, say)
    if not args.only:
        say("kpi --help")
        results["help"] = bench_help(args.help_repeats)
    results["verdicts"] = [{"target": t, "measured": m, "limit": lim, "met": ok} for t, m, lim, ok in verdicts(results)]
    results["seconds"] = round(time.perf_counter() - started, 1)

    print()
    print(table(results))
    print()
    print(extras(results))
    print()
    for t, m, lim, ok in verdicts(results):
        print(f"{'MET ' if ok else 'MISS'}  {t}: {m} (limit {lim})")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str) + "\n", encoding="utf-8")
    print(f"\nwritten {out} ({results['seconds']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
