"""`kpi export` on the command line: exit codes, what it says (in zh and en), what it refuses."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JULY = ROOT / "sample_data" / "2026-07.xlsx"
AUGUST = ROOT / "sample_data" / "2026-08.xlsx"
QUARTER = ROOT / "sample_data" / "2026-Q3-mistakes.xlsx"  # the quarter with its deliberate mistakes


def export(runner, app, *args: str):
    return runner.invoke(app, ["export", *args], env={"COLUMNS": "200"})


@pytest.fixture(scope="module")
def july(tmp_path_factory):
    """An export of July (clean: exit 0), made once for the tests that read it."""
    from typer.testing import CliRunner

    from kpi_cli.cli import app

    out = tmp_path_factory.mktemp("exports") / "2026-07"
    res = CliRunner().invoke(app, ["export", "--period", "2026-07", str(JULY), "-o", str(out), "--lang", "en"],
                             env={"COLUMNS": "400"})
    return res, out


def test_a_month_without_errors_exits_0_and_says_what_it_wrote(july):
    res, out = july
    assert res.exit_code == 0, res.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = len(manifest["outputs"]) + 1
    lines = res.stdout.strip().splitlines()
    assert lines.pop(0) == f"Files read (1): {JULY}"  # which files were read, before what was written
    assert lines[0] == f"Exported 2026-07: {manifest['counts']['employees']} employees, {files} files → {out}"
    assert manifest["counts"]["errors"] == 0 and manifest["period"] == "2026-07"
    warnings = manifest["counts"]["warnings"]  # warnings do not change the exit code, and are said
    assert lines[1:] == ([f"The input has 0 errors and {warnings} warnings; see problems-2026-07.csv."] if warnings else [])


def test_errors_in_the_input_exit_1_with_everything_written_and_the_problems_named(runner, app, tmp_path):
    out = tmp_path / "q3"
    res = export(runner, app, "--period", "2026-Q3", str(QUARTER), "-o", str(out), "--lang", "zh")
    assert res.exit_code == 1
    assert "已导出 2026-Q3：81 人" in res.stdout and "输入有 7 个错误、0 个警告，详见 problems-2026-Q3.csv。" in res.stdout
    assert (out / "kpi-2026-Q3.xlsx").is_file() and (out / "problems-2026-Q3.csv").is_file()


def test_quiet_says_nothing_and_strict_writes_nothing(runner, app, tmp_path):
    out = tmp_path / "q3"
    res = export(runner, app, "--period", "2026-Q3", str(QUARTER), "-o", str(out), "-q", "--lang", "en")
    assert (res.exit_code, res.stdout) == (1, "")
    strict = tmp_path / "strict"
    res = export(runner, app, "--period", "2026-Q3", str(QUARTER), "-o", str(strict), "--strict", "--lang", "en")
    assert res.exit_code == 1 and not strict.exists()
    assert "with --strict nothing was written" in res.stderr and "E3" in res.stderr


def test_previous_adds_the_changes(runner, app, july, tmp_path):
    _, first = july
    out = tmp_path / "2026-08"
    res = export(runner, app, "--period", "2026-08", str(AUGUST), "-o", str(out), "--previous", str(first), "-q")
    assert res.exit_code == 0, res.output
    counts = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["counts"]
    assert (counts["new"], counts["left"]) == (0, 1)
    header = (out / "scores-2026-08.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.endswith("previous_total,change,previous_grade")


@pytest.mark.parametrize(
    ("make", "args", "code", "zh", "en"),
    [
        (lambda tmp: tmp / "empty", ["{dir}"], 2, "中没有可读取的输入文件", "No input files (.xlsx, .xlsm, .csv, .tsv, .txt) in the folder"),
        (lambda tmp: tmp / "prev", ["--previous", "{dir}", str(JULY)], 2, "中没有 scores-<期间>.csv",
         "No scores-<period>.csv in"),
        (lambda tmp: tmp / "mine", [str(JULY), "-o", "{dir}"], 1, "不是空文件夹，也不是 kpi export 生成的",
         "is not empty and was not made by kpi export; choose an empty folder or add --force"),
    ],
    ids=["empty-folder", "previous-without-scores", "foreign-output-folder"],
)
def test_refusals_are_one_line_in_the_users_language(runner, app, tmp_path, make, args, code, zh, en):
    folder = make(tmp_path)
    folder.mkdir()
    (folder / "notes.md").write_text("mine", encoding="utf-8")
    args = [a.replace("{dir}", str(folder)) for a in args]
    if "-o" not in args:
        args += ["-o", str(tmp_path / "out")]
    for lang, text in (("zh", zh), ("en", en)):
        res = export(runner, app, "--period", "2026-07", *args, "--lang", lang)
        assert res.exit_code == code, res.output
        assert text in res.stderr.replace("\n", ""), res.stderr
    assert (folder / "notes.md").read_text(encoding="utf-8") == "mine"


def test_an_input_inside_the_output_folder_is_refused(runner, app, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    shutil.copy(JULY, out / "2026-07.xlsx")
    res = export(runner, app, "--period", "2026-07", str(out / "2026-07.xlsx"), "-o", str(out), "--force", "--lang", "en")
    assert res.exit_code == 2 and "is inside the output folder" in res.stderr
    assert (out / "2026-07.xlsx").read_bytes() == JULY.read_bytes()


def test_a_period_that_is_not_one_is_a_usage_error(runner, app, tmp_path):
    res = export(runner, app, "--period", "Q3", str(JULY), "-o", str(tmp_path / "x"), "--lang", "zh")
    assert res.exit_code == 2 and "“Q3”不是期间" in res.stderr and not (tmp_path / "x").exists()
