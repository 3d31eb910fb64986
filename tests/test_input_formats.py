"""kpi_cli/input_formats.py: the one table of input formats, and everything that follows it —
the file opener, the readers, the roster, `kpi export`'s folder collection, messages and help."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kpi_cli.input_formats import CSV, FORMATS, XLSX, accepted_text, content_of, format_of, is_input, suffixes

GOOD = Path(__file__).parent / "data" / "bad" / "good.csv"  # G1 and G2, no problem
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _rows() -> list[list[str]]:
    return list(csv.reader(io.StringIO(GOOD.read_text(encoding="utf-8"))))


def write_input(path: Path) -> Path:
    """good.csv's two employees written as the table says a file with this suffix is."""
    kind = format_of(path).kind
    if kind == CSV:
        sep = "\t" if path.suffix == ".tsv" else ","
        path.write_text("\n".join(sep.join(r) for r in _rows()) + "\n", encoding="utf-8")
    else:
        openpyxl = pytest.importorskip("openpyxl")
        wb = openpyxl.Workbook()
        for r in _rows():
            wb.active.append([int(v) if v.isdigit() else v for v in r])
        buf = io.BytesIO()
        wb.save(buf)
        path.write_bytes(buf.getvalue())
    return path


def test_the_table():
    assert suffixes() == (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
    assert suffixes(XLSX) == (".xlsx", ".xlsm") and suffixes(CSV) == (".csv", ".tsv", ".txt")
    assert accepted_text() == ".xlsx, .xlsm, .csv, .tsv, .txt"
    assert [(f.suffix, f.kind) for f in FORMATS if not f.accepted] == [(".xls", XLSX)]
    assert format_of("月报/2026-Q3.TSV").kind == CSV and format_of(Path("a.b.XLSM")).kind == XLSX
    assert format_of("a.ods") is None and format_of("README") is None and format_of(".csv") is None
    assert [is_input(n) for n in ("a.xls", "a.txt", "a.ods", "a.csv.bak")] == [True, True, False, False]
    assert [content_of(b) for b in (b"PK\x03\x04rest", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"a,b\n", b"")] == [
        "zip", "ole", "text", "text"]


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_every_format_of_the_table_is_read(fmt, tmp_path, catalogue):
    from kpi_cli.readers import read_file

    path = write_input(tmp_path / f"2026-Q3{fmt.suffix}")
    parts, problems, info = read_file(path, catalogue)
    ids = [i for part in parts for i in part.records["employee_id"]]
    assert (info.kind, ids) == (fmt.kind, ["G1", "G2"])
    # .xls is read only because it really is an .xlsx, and the user is told to rename it
    assert [p.type for p in problems] == ([] if fmt.accepted else ["misnamed-file"])


@pytest.mark.parametrize("fmt", FORMATS, ids=lambda f: f.suffix)
def test_the_roster_reads_every_format_of_the_table(fmt, tmp_path, catalogue):
    from kpi_cli.readers.roster import read_roster

    roster = read_roster(write_input(tmp_path / f"staff{fmt.suffix}"), catalogue, "en")
    assert list(roster.employees["employee_id"]) == ["G1", "G2"]
    assert list(roster.employees["role"]) == ["cs_inquiry", "cs_inquiry"]


def test_kpi_export_collects_every_format_of_the_table_from_a_folder(tmp_path):
    """Issue 14: `kpi export DIR` skipped the .tsv and .txt files the readers accept."""
    from kpi_cli.reports.export import collect_inputs

    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for f in FORMATS:
        (folder / f"a{f.suffix}").write_bytes(b"x")
        (folder / "sub" / f"b{f.suffix.upper()}").write_bytes(b"x")
    for other in ("notes.md", "report.pdf", "~$a.xlsx", "data.ods"):
        (folder / other).write_bytes(b"x")
    found = collect_inputs([folder], tmp_path / "out")
    assert sorted(p.relative_to(folder).as_posix() for p in found) == sorted(
        [f"a{f.suffix}" for f in FORMATS] + [f"sub/b{f.suffix.upper()}" for f in FORMATS])


def test_kpi_export_of_a_folder_with_only_tsv_and_txt(tmp_path, runner, app):
    folder = tmp_path / "in"
    folder.mkdir()
    write_input(folder / "客服-2026-Q3.tsv")
    (folder / "采购-2026-Q3.txt").write_text(
        GOOD.read_text(encoding="utf-8").replace("G1", "T1").replace("G2", "T2"), encoding="utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["export", str(folder), "--period", "2026-Q3", "-o", str(out), "--quiet", "--lang", "en"])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert sorted(f["file"] for f in manifest["inputs"]) == sorted(["采购-2026-Q3.txt", "客服-2026-Q3.tsv"])
    scores = (out / "scores-2026-Q3.csv").read_text(encoding="utf-8-sig")
    assert all(i in scores for i in ("G1", "G2", "T1", "T2"))


def test_an_empty_folder_names_the_accepted_formats(tmp_path, runner, app):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "notes.md").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["export", str(tmp_path / "in"), "--period", "2026-Q3", "-o", str(tmp_path / "out"),
                                 "--lang", "en"])
    assert result.exit_code == 2
    assert accepted_text() in result.stderr


def test_messages_list_the_formats_of_the_table(tmp_path, catalogue):
    from kpi_cli.errors import InputFileError
    from kpi_cli.readers.files import open_input
    from kpi_cli.readers.roster import read_roster

    (tmp_path / "a.ods").write_bytes(b"x")
    for p in open_input(tmp_path / "a.ods").problems + open_input(tmp_path).problems:
        for lang in ("zh", "en"):
            assert accepted_text() in p.text(lang), p.text(lang)
        assert ".xls," not in p.text("en") and not p.text("en").endswith(".xls).")
    with pytest.raises(InputFileError) as exc:
        read_roster(tmp_path / "a.ods", catalogue, "en")
    assert exc.value.problem.type == "roster-bad-type" and accepted_text() in str(exc.value)


def test_help_and_readme_list_the_formats_of_the_table(app):
    from typer.testing import CliRunner

    # the help of each command's input files, in both languages (typer < 0.26 lost an argument's
    # help with Click 8.2+): the words come from the table, whatever the language
    for command in ("score", "validate", "export", "template"):
        for lang in ("zh", "en"):
            res = CliRunner().invoke(app, [command, "--help", "--lang", lang], env={"COLUMNS": "1000"})
            assert res.exit_code == 0, res.output
            shown = " ".join(res.output.split())
            assert accepted_text(XLSX) in shown and accepted_text(CSV) in shown, (command, lang)
    section = README.split("## Input files", 1)[1].split("\n## ", 1)[0]
    assert all(f"`{s}`" in section for s in suffixes())
