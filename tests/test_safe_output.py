"""Safe output: input never becomes a formula, markup, a path outside the output folder, or a lost file.

One hostile input (ids, names and departments that start with = + - @, HTML, path tricks) goes
through `kpi score` (-o, --html, --format csv) and `kpi export`; every file they write is read
back: the Excel report with openpyxl (no formula anywhere, hostile text is text, a real negative
number is a number), every CSV with the csv module (OWASP's leading '), every HTML page with
html.parser (no script, no event handler, no external URL, every link inside the folder).
Then the writes themselves: atomic (an interrupted write leaves the old file and no temporary
file), never onto an input, never through a symlink into another place.
"""

from __future__ import annotations

import csv
import io
import os
import re
import zipfile
from html.parser import HTMLParser
from urllib.parse import unquote
from pathlib import Path

import openpyxl
import pytest

from kpi_cli.fileio import FORMULA_PREFIXES, atomic_write_text, neutralise_csv

HEAD = ["工号", "姓名", "部门", "岗位", "每年缺席次数", "现场服务正常运作时间较去年的变化（百分点）"]
ROWS = [
    ["=1+1", '=HYPERLINK("http://evil.example/x","click")', "+cmd|' /C calc'!A0", "客户咨询", "2", ""],
    ["@SUM(A1)", "-2+3+cmd|' /C calc'!A0", "@部门", "客户咨询", "3", ""],
    ["E3", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "客户咨询", "1", ""],
    ["-7", "=cmd", "-dept", "客户咨询", "-2", ""],  # -2 absences: an error whose value is a real number
    ["F1", "周一", "现场服务部", "现场服务专家", "", "-0.9"],  # a real negative figure
    ["../../../evil", "../x", "../../dep", "客户咨询", "1", ""],
    ["CON", "/etc/passwd", "C:\\Windows\\x", "客户咨询", "1", ""],
    ["E8", "王八", "客服部", "客户咨询", "=2*3", ""],  # a formula typed as a figure: quoted in the problems too
]


def _is_number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


# Text from the input that would be a formula if it were not written as text.
FORMULA_LIKE = [v for r in ROWS for v in r[:3] if v.startswith(FORMULA_PREFIXES) and not _is_number(v)]
MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']


@pytest.fixture
def hostile(tmp_path) -> Path:
    path = tmp_path / "in" / "hostile.csv"
    path.parent.mkdir()
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEAD, *ROWS])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def score(runner, app, *args: str):
    return runner.invoke(app, ["score", *args, "--period", "2026-Q3"])


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (symlinks as such) → its bytes."""
    out = {}
    for root, dirs, files in os.walk(folder):
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            p = Path(root) / name
            out[str(p.relative_to(folder))] = b"<link>" if p.is_symlink() else p.read_bytes()
    return out


# --- formula injection --------------------------------------------------------------------------------
def test_neutralise_csv_follows_owasp():
    for text in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "-", "+", "=", "@"):
        assert neutralise_csv(text) == "'" + text
    for value in ("-7", "-0.9", "+4", "-1e3", "E1", "张三", "", -2, -0.9, None):
        assert neutralise_csv(value) == value  # real numbers and harmless text stay


def _all_cells(path: Path):
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield ws.title, cell


def test_excel_report_holds_no_formula_and_hostile_text_is_text(runner, app, hostile, tmp_path):
    out = tmp_path / "report.xlsx"
    result = score(runner, app, str(hostile), "-o", str(out))
    assert result.exit_code == 1, result.output  # the -2 is an error; the report is still written
    cells = list(_all_cells(out))
    assert [c.coordinate for _, c in cells if c.data_type == "f"] == []
    strings = {c.value for _, c in cells if c.data_type == "s"}
    for text in FORMULA_LIKE + MARKUP:
        assert text in strings, text
    assert any(c.data_type == "n" and c.value == -0.9 for _, c in cells)  # the real negative figure
    with zipfile.ZipFile(out) as z:
        for member in z.namelist():
            if member.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(member) and b"<f " not in z.read(member), member


def test_tab_and_carriage_return_prefixes_are_text_too(catalogue, hostile, tmp_path):
    # The readers trim spaces, tabs and line breaks around a cell; a result built otherwise (a library
    # caller, a custom reader) may still hold them: the writers must not care.
    from kpi_cli.scoring.pipeline import score_files
    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.reports.flat import csv_rows, to_csv_text

    result = score_files([hostile], catalogue, "2026-Q3")
    first, second = result.employees.index[:2]
    result.employees.loc[first, "name"] = "\t=2+2"
    result.employees.loc[second, "department"] = "\r=3+3"
    out = write_excel_report(result, tmp_path / "r.xlsx")
    cells = list(_all_cells(out))
    assert [c.coordinate for _, c in cells if c.data_type == "f"] == []
    # Whether the report keeps the control character (xlsx escapes a CR as _x000D_) or drops it, the
    # cell is a string.
    def bare(value: str) -> str:
        return value.replace("_x000D_", "").replace("_x0009_", "").lstrip("\t\r=")

    for text in ("2+2", "3+3"):
        found = [c for _, c in cells if isinstance(c.value, str) and bare(c.value) == text]
        assert found and all(c.data_type == "s" for c in found), text
    rows = list(csv.DictReader(io.StringIO(to_csv_text(csv_rows(result, "en")), newline="")))
    assert rows[0]["name"] == "'\t=2+2" and rows[1]["department"] == "'\r=3+3"


def _check_csv(text: str, keep: dict[str, str]) -> list[dict]:
    """Every cell that starts like a formula is neutralised or a number; ``keep`` cells are as given."""
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    for row in rows:
        for value in row.values():
            if value and value.startswith(FORMULA_PREFIXES):
                assert _is_number(value), value
    flat = {v for row in rows for v in row.values()}
    for text_ in FORMULA_LIKE:
        assert "'" + text_ in flat and text_ not in flat, text_
    for column, value in keep.items():
        assert value in {row[column] for row in rows}, (column, value)
    return rows


def test_score_csv_output_is_neutralised(runner, app, hostile):
    result = score(runner, app, str(hostile), "--format", "csv", "--lang", "en")
    assert result.exit_code == 1
    rows = _check_csv(result.stdout, {"employee_id": "-7"})  # an id that is a number stays as it is
    assert len(rows) == len(ROWS)


def test_export_csvs_are_neutralised_and_numbers_stay_numbers(runner, app, hostile, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q", "--lang", "en"])
    assert result.exit_code == 1, result.output
    _check_csv((out / "scores-2026-Q3.csv").read_text(encoding="utf-8"), {"employee_id": "-7"})
    problems = list(csv.DictReader(io.StringIO((out / "problems-2026-Q3.csv").read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert [(p["type"], p["cell"], p["value"]) for p in problems] == [("out-of-range", "E5", "-2"),
                                                                      ("not-a-number", "E9", "'=2*3")]
    assert problems[0]["employee_id"] == "-7"


# --- HTML -----------------------------------------------------------------------------------------------
class _Page(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)


_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)  # a scheme (http:, javascript:, data:…) or //host
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def check_page(html: str, folder: Path | None = None, page: Path | None = None) -> _Page:
    """No script, no handler, no external URL; every link (if a folder is given) stays inside it."""
    parsed = _Page(html)
    assert [t for t, _ in parsed.tags if t in ("script", "iframe", "object", "embed", "img", "link", "base", "form")] == []
    for tag, attrs in parsed.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                assert not _EXTERNAL.match(value or ""), (tag, name, value)
                if folder is not None and name == "href" and not value.startswith("#"):
                    target = (page.parent / unquote(value.split("#")[0])).resolve()
                    assert target.is_relative_to(folder.resolve()) and target.exists(), value
            if name == "style":
                assert not _CSS_URL.search(value or ""), value
    for css in parsed.styles:
        assert not _CSS_URL.search(css) and "@import" not in css
    assert "http://" not in html.replace("http://evil.example/x", "") and "https://" not in html
    return parsed


def test_html_report_shows_markup_as_text(runner, app, hostile, tmp_path):
    out = tmp_path / "report.html"
    assert score(runner, app, str(hostile), "--html", str(out)).exit_code == 1
    html = out.read_text(encoding="utf-8")
    page = check_page(html)
    text = "".join(page.text)
    for name in MARKUP + FORMULA_LIKE:
        assert name in text, name
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html


def test_export_pages_escape_everything_and_link_only_inside(runner, app, hostile, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q"]).exit_code == 1
    pages = sorted(out.rglob("*.html"))
    assert len(pages) == 1 + len(ROWS) + len({r[2] for r in ROWS})  # index, one per employee and department
    seen = ""
    for page in pages:
        parsed = check_page(page.read_text(encoding="utf-8"), out, page)
        seen += "".join(parsed.text)
    for name in MARKUP + FORMULA_LIKE:
        assert name in seen, name


# --- paths ----------------------------------------------------------------------------------------------
def test_ids_and_departments_never_leave_the_export_folder(runner, app, hostile, tmp_path):
    before = tree(tmp_path)
    out = tmp_path / "out"
    assert runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q"]).exit_code == 1
    after = tree(tmp_path)
    created = set(after) - set(before)
    assert created and all(Path(p).parts[0] == "out" for p in created)
    assert all(after[p] == before[p] for p in before)  # nothing else touched
    for path in out.rglob("*"):
        assert path.resolve().is_relative_to(out.resolve()) and not path.is_symlink()
    names = {p.name for p in (out / "employees").iterdir()}
    assert len(names) == len(ROWS) and not any(n.startswith(".") or "/" in n or "\\" in n for n in names)


def test_symlinks_in_the_output_folder_are_not_written_through(runner, app, hostile, tmp_path):
    out = tmp_path / "out"
    args = ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q"]
    assert runner.invoke(app, args).exit_code == 1
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "keep.html").write_text("not yours")
    (outside / "sub").mkdir()
    (outside / "sub" / "keep.txt").write_text("not yours either")
    # A link where the next export writes a page, a linked folder, and a link to the manifest's place.
    victim = out / "employees" / sorted(p.name for p in (out / "employees").iterdir())[0]
    victim.unlink()
    victim.symlink_to(outside / "keep.html")
    (out / "departments").rename(tmp_path / "departments-old")
    (out / "departments").symlink_to(outside / "sub", target_is_directory=True)
    before = tree(outside)
    assert runner.invoke(app, args).exit_code == 1
    assert tree(outside) == before  # the targets outside are untouched
    assert not victim.is_symlink() and not (out / "departments").is_symlink()
    assert all(not p.is_symlink() for p in out.rglob("*"))


def test_output_folder_that_is_a_symlink_is_refused(runner, app, hostile, tmp_path):
    target = tmp_path / "real"
    target.mkdir()
    (target / "mine.txt").write_text("keep")
    link = tmp_path / "link"
    link.symlink_to(target, target_is_directory=True)
    result = runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(link), "-q"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert tree(target) == {"mine.txt": b"keep"}


# --- never onto an input --------------------------------------------------------------------------------
@pytest.fixture
def workbook_input(tmp_path) -> Path:
    path = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["工号", "姓名", "部门", "岗位", "每年缺席次数"])
    wb.active.append(["E1", "张三", "客服部", "客户咨询", 2])
    wb.save(path)
    return path


@pytest.mark.parametrize("option", ["-o", "--html"])
def test_score_refuses_to_write_onto_its_input(runner, app, workbook_input, tmp_path, option):
    original = workbook_input.read_bytes()
    alias = tmp_path / "alias.xlsx"
    os.link(workbook_input, alias)  # the same file under another name
    for target in (workbook_input, alias, tmp_path / "." / "in.xlsx"):
        result = score(runner, app, str(workbook_input), option, str(target), "--lang", "en")
        assert result.exit_code == 2, (target, result.output)
        assert "Traceback" not in result.stderr and "is an input file" in result.stderr
    assert workbook_input.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alias.xlsx", "in.xlsx"]


def test_template_refuses_to_write_onto_its_roster(runner, app, workbook_input):
    original = workbook_input.read_bytes()
    result = runner.invoke(app, ["template", "cs_inquiry", "--roster", str(workbook_input), "-o", str(workbook_input),
                                 "--force"])
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert workbook_input.read_bytes() == original


# --- atomic writes ----------------------------------------------------------------------------------------
def _fail_on_call(n: int, error: Exception):
    calls = {"n": 0}

    def check(*_a, **_kw):
        calls["n"] += 1
        if calls["n"] >= n:
            raise error

    return check


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_interrupted_excel_report_keeps_the_old_file(runner, app, hostile, tmp_path, monkeypatch):
    import xlsxwriter.worksheet

    out = tmp_path / "in" / "report.xlsx"
    out.write_bytes(b"the previous report")
    fail = _fail_on_call(20, OSError(28, "No space left on device"))
    real = xlsxwriter.worksheet.Worksheet.write_string

    def write_string(self, *a, **kw):
        fail()
        return real(self, *a, **kw)

    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "write_string", write_string)
    result = score(runner, app, str(hostile), "-o", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert out.read_bytes() == b"the previous report"
    assert _leftovers(out.parent, {"hostile.csv", "report.xlsx"}) == []


def test_interrupted_html_report_keeps_the_old_file(runner, app, hostile, tmp_path, monkeypatch):
    out = tmp_path / "in" / "report.html"
    out.write_text("the previous report")
    real = Path.write_text

    def half_then_fail(self, text, *a, **kw):
        if self.name.startswith(".report.html."):
            real(self, text[: len(text) // 2], *a, **kw)
            raise OSError(28, "No space left on device")
        return real(self, text, *a, **kw)

    monkeypatch.setattr(Path, "write_text", half_then_fail)
    result = score(runner, app, str(hostile), "--html", str(out))
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert out.read_text() == "the previous report"
    assert _leftovers(out.parent, {"hostile.csv", "report.html"}) == []


def test_interrupted_template_keeps_the_old_file(runner, app, tmp_path, monkeypatch):
    import xlsxwriter.worksheet

    out = tmp_path / "template.xlsx"
    out.write_bytes(b"the previous template")
    real = xlsxwriter.worksheet.Worksheet.write_string
    fail = _fail_on_call(10, OSError(28, "No space left on device"))

    def write_string(self, *a, **kw):
        fail()
        return real(self, *a, **kw)

    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "write_string", write_string)
    result = runner.invoke(app, ["template", "cs_inquiry", "-o", str(out), "--force"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert out.read_bytes() == b"the previous template"
    assert _leftovers(tmp_path, {"template.xlsx"}) == []


def test_csv_write_failing_at_the_rename_keeps_the_old_file(tmp_path, monkeypatch):
    import kpi_cli.fileio as fileio

    out = tmp_path / "scores.csv"
    out.write_text("old")

    def no_rename(src, dst):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(fileio.os, "replace", no_rename)
    with pytest.raises(OSError):
        atomic_write_text(out, "new")
    assert out.read_text() == "old" and _leftovers(tmp_path, {"scores.csv"}) == []


def test_written_files_are_complete_and_readable_by_others(runner, app, hostile, tmp_path):
    out = tmp_path / "in" / "report.xlsx"
    assert score(runner, app, str(hostile), "-o", str(out), "--html", str(out.with_suffix(".html"))).exit_code == 1
    assert zipfile.ZipFile(out).testzip() is None
    mask = os.umask(0)
    os.umask(mask)
    assert (out.stat().st_mode & 0o777) == 0o666 & ~mask  # not the temporary file's private 0600
    assert sorted(p.name for p in out.parent.iterdir()) == ["hostile.csv", "report.html", "report.xlsx"]


# --- SIGTERM, a full disk, two outputs on one path (issue 17) ------------------------------------------
def _signal_on_call(n: int, signum: int):
    """Raise ``signum`` at the process itself on the n-th call (as `kill` from outside would)."""
    import signal

    calls = {"n": 0}

    def check(*_a, **_kw):
        calls["n"] += 1
        if calls["n"] == n:
            signal.raise_signal(signum)

    return check


def test_sigterm_during_export_cleans_up_and_exits_143(runner, app, hostile, tmp_path, monkeypatch):
    import signal

    import kpi_cli.reports.html as html_reports

    out = tmp_path / "reports"
    assert runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q"]).exit_code == 1
    before = tree(out)
    term = _signal_on_call(3, signal.SIGTERM)
    real = html_reports.render_employee

    def render_employee(*a, **kw):
        term()
        return real(*a, **kw)

    monkeypatch.setattr(html_reports, "render_employee", render_employee)
    result = runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q", "--lang", "en"])
    assert result.exit_code == 143 and "terminated" in result.stderr and "Traceback" not in result.stderr
    assert tree(out) == before  # the previous export as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "reports"]  # no .reports.kpi-tmp-* left
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is the command's only


def test_sigterm_during_score_report_keeps_the_old_file(runner, app, hostile, tmp_path, monkeypatch):
    import signal

    import xlsxwriter.worksheet

    out = tmp_path / "in" / "report.xlsx"
    out.write_bytes(b"the previous report")
    term = _signal_on_call(20, signal.SIGTERM)
    real = xlsxwriter.worksheet.Worksheet.write_string

    def write_string(self, *a, **kw):
        term()
        return real(self, *a, **kw)

    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "write_string", write_string)
    result = score(runner, app, str(hostile), "-o", str(out), "--lang", "en")
    assert result.exit_code == 143 and "terminated" in result.stderr
    assert out.read_bytes() == b"the previous report"
    assert _leftovers(out.parent, {"hostile.csv", "report.xlsx"}) == []


def test_export_clears_its_own_stale_temporary_folders(runner, app, hostile, tmp_path):
    # What a killed export (SIGKILL, a power cut) leaves: its half-built folder, and the previous
    # export swapped out; the process that made them (pid 999999999) is gone.
    out = tmp_path / "reports"
    stale = tmp_path / ".reports.kpi-tmp-999999999-abc123"
    (stale / "employees").mkdir(parents=True)
    (stale / "employees" / "E1.html").write_text("half")
    older = tmp_path / ".reports.kpi-tmp-q9x8z7w6"  # made before the folders carried a pid
    older.mkdir()
    swapped_out = tmp_path / ".reports.kpi-old-999999999-def456"
    swapped_out.mkdir()
    (swapped_out / "manifest.json").write_text('{"generator": "kpi export"}')
    mine = tmp_path / ".reports.backup"  # not the export's: kept
    mine.mkdir()
    result = runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q"])
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [".reports.backup", "in", "reports"]
    assert (out / "index.html").exists()


def test_export_puts_back_a_previous_export_left_swapped_out(tmp_path):
    from kpi_cli.reports.export import clear_stale_folders

    out = tmp_path / "reports"
    swapped_out = tmp_path / ".reports.kpi-old-999999999-def456"
    swapped_out.mkdir()
    (swapped_out / "index.html").write_text("previous")
    running = tmp_path / f".reports.kpi-tmp-{os.getpid() + 0}-mine"  # this very process: its own, stale
    running.mkdir()
    other = tmp_path / f".reports.kpi-tmp-{os.getppid()}-alive"  # a live process: another export running
    other.mkdir()
    clear_stale_folders(out)
    assert (out / "index.html").read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "reports"]


FULL_DISK_BOOT = r"""
import builtins, io, os, sys
from pathlib import Path

full = Path(sys.argv[1]).resolve()
real_open = io.open


def open_on_a_full_disk(file, mode="r", *args, **kwargs):
    # Every file opened for writing under `full` is made, then written through /dev/full: each
    # write fails in the kernel with ENOSPC, exactly as on a disk that filled up.
    if isinstance(file, (str, os.PathLike)) and any(c in mode for c in "wax+"):
        path = Path(file).resolve()
        if path == full or full in path.parents:
            real_open(path, "wb").close()
            return real_open("/dev/full", mode.replace("x", "w"), *args, **kwargs)
    return real_open(file, mode, *args, **kwargs)


builtins.open = io.open = open_on_a_full_disk
sys.argv = ["kpi", *sys.argv[2:]]
from kpi_cli.cli import main

main()
"""


def _on_a_full_disk(full: Path, *args: str, cwd: Path):
    import subprocess
    import sys

    scratch = cwd / "system-tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "TMPDIR": str(scratch)}
    done = subprocess.run([sys.executable, "-c", FULL_DISK_BOOT, str(full), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)
    assert list(scratch.iterdir()) == []  # xlsxwriter's scratch files are gone too
    scratch.rmdir()
    return done


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full to fail writes with ENOSPC")
@pytest.mark.parametrize("command", ["score-xlsx", "score-html", "export", "template"])
def test_full_disk_is_one_line_and_leaves_nothing(hostile, tmp_path, command):
    out = tmp_path / "out"
    out.mkdir()
    previous = {"report.xlsx": b"the previous report", "report.html": b"the previous page",
                "kpi-template.xlsx": b"the previous template"}
    for name, data in previous.items():
        (out / name).write_bytes(data)
    args = {
        "score-xlsx": ["score", str(hostile), "--period", "2026-Q3", "-o", "out/report.xlsx", "--format", "json"],
        "score-html": ["score", str(hostile), "--period", "2026-Q3", "--html", "out/report.html", "--format", "json"],
        "export": ["export", str(hostile), "--period", "2026-Q3", "-o", "out/2026-Q3", "-q"],
        "template": ["template", "cs_inquiry", "-o", "out/kpi-template.xlsx", "--force"],
    }[command]
    for lang, words in (("en", "the disk is full"), ("zh", "磁盘已满")):
        done = _on_a_full_disk(out, *args, "--lang", lang, cwd=tmp_path)
        assert done.returncode == 1, done.stderr
        lines = done.stderr.splitlines()
        assert len(lines) == 1 and words in lines[0] and "out" in lines[0], done.stderr
        assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
        assert tree(out) == previous  # the old files intact, nothing half-written, no temporary file


@pytest.mark.parametrize("spelling", ["same", "dot", "symlink", "folder-symlink"])
def test_two_outputs_on_one_path_is_a_usage_error(runner, app, hostile, tmp_path, spelling):
    out = tmp_path / "out"
    out.mkdir()
    (out / "r.xlsx").write_bytes(b"keep")
    (out / "link.xlsx").symlink_to(out / "r.xlsx")
    (tmp_path / "alias").symlink_to(out, target_is_directory=True)
    html = {"same": out / "r.xlsx", "dot": out / "." / "r.xlsx", "symlink": out / "link.xlsx",
            "folder-symlink": tmp_path / "alias" / "r.xlsx"}[spelling]
    result = score(runner, app, str(hostile), "-o", str(out / "r.xlsx"), "--html", str(html), "--lang", "en")
    assert result.exit_code == 2 and "name the same file" in result.stderr
    assert (out / "r.xlsx").read_bytes() == b"keep" and sorted(p.name for p in out.iterdir()) == ["link.xlsx", "r.xlsx"]


def test_export_of_a_folder_skips_hidden_entries_and_its_own_outputs(runner, app, hostile, tmp_path):
    import json
    import shutil

    folder = hostile.parent
    earlier = tmp_path / "earlier"
    assert runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(earlier), "-q"]).exit_code == 1
    shutil.copytree(earlier, folder / "reports-2026-Q2")  # an earlier export kept beside the inputs
    shutil.copytree(earlier, folder / ".out.kpi-tmp-999999999-x")  # an interrupted export's folder
    (folder / ".backup").mkdir()
    shutil.copy(hostile, folder / ".backup" / "hostile.csv")  # a hidden copy
    shutil.copy(hostile, folder / ".hidden.csv")
    shutil.copy(hostile, folder / "~$hostile.xlsx")  # Excel's lock file
    result = runner.invoke(app, ["export", str(folder), "--period", "2026-Q3", "-o", str(folder / "out"), "--lang", "en"])
    assert result.exit_code == 1, result.output
    manifest = json.loads((folder / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in manifest["inputs"]] == ["hostile.csv"]
    assert manifest["counts"]["employees"] == len(ROWS)  # nobody read twice
    problems = (folder / "out" / "problems-2026-Q3.csv").read_text(encoding="utf-8-sig")
    assert "duplicate-employee" not in problems
    assert f"Files read (1): {hostile}" in result.stdout.replace("\n", "")


def test_page_names_fit_in_255_bytes_and_show_no_invisible_characters(runner, app, tmp_path):
    import unicodedata

    src = tmp_path / "in.csv"
    long_a, long_b = "😀" * 100, "😀" * 100 + "x"  # 400 bytes each, the same first 80 characters
    rows = [HEAD[:5], [long_a, "甲", "🏢" * 100, "客户咨询", "1"], [long_b, "乙", "客服部", "客户咨询", "2"],
            ["E002\u202egpj.exe", "丙", "客服部\ufeff", "客户咨询", "3"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    src.write_text(buf.getvalue(), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(src), "--period", "2026-Q3", "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    names = [p.name for p in out.rglob("*")]
    assert max(len(n.encode("utf-8")) for n in names) <= 255
    assert not [n for n in names if any(unicodedata.category(c) in ("Cc", "Cf") for c in n)]
    employees = sorted(p.name for p in (out / "employees").iterdir())
    assert len(employees) == 3 and "E002_gpj.exe.html" in employees
    html = (out / "employees" / "E002_gpj.exe.html").read_text(encoding="utf-8")
    assert "E002" in html  # the content keeps the id (escaped as before)


def test_ctrl_c_swallowed_on_the_way_still_stops_the_export(runner, app, hostile, tmp_path, monkeypatch):
    # An exception raised while Python runs a destructor or a callback is printed and dropped;
    # a Ctrl-C that lands there must still stop the export at its next page.
    import signal

    import kpi_cli.reports.html as html_reports

    calls = {"n": 0}
    real = html_reports.render_employee

    def render_employee(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            try:
                signal.raise_signal(signal.SIGINT)
            except KeyboardInterrupt:
                pass  # what a destructor does with it
        return real(*a, **kw)

    monkeypatch.setattr(html_reports, "render_employee", render_employee)
    out = tmp_path / "reports"
    result = runner.invoke(app, ["export", str(hostile), "--period", "2026-Q3", "-o", str(out), "-q", "--lang", "en"])
    assert result.exit_code == 130 and "interrupted" in result.stderr
    assert calls["n"] == 2  # stopped at the next page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("fmt", ["json", "table"])
def test_a_full_standard_output_is_one_located_line(fmt):
    """`kpi score … > /dev/full`: exit 1 with the system's reason naming the standard output, no traceback."""
    import subprocess
    import sys

    with open("/dev/full", "w") as full:
        res = subprocess.run([sys.executable, "-m", "kpi_cli", "score", "sample_data/2026-Q3.xlsx", "--format", fmt,
                              "--lang", "en"], stdout=full, stderr=subprocess.PIPE, text=True,
                             cwd=Path(__file__).resolve().parents[1], timeout=120)
    assert res.returncode == 1, res.stderr
    assert "Traceback" not in res.stderr and "(standard output)" in res.stderr, res.stderr
