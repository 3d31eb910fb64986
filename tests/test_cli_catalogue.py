"""`kpi catalogue export|check|diff` from the command line: outputs, formats and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kpi_cli.catalogue import load_catalogue
from kpi_cli.catalogue.serialize import catalogue_to_dict

SMALL = Path(__file__).parent / "data" / "small_catalogue.yaml"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for var in ("KPI_CATALOGUE", "KPI_CONFIG", "KPI_LANG"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray kpi.toml


def run(runner, app, *args):
    return runner.invoke(app, list(args))


def flat(text: str) -> str:
    """Terminal output with Rich's line wrapping undone."""
    return " ".join(text.split())


# --- export ----------------------------------------------------------------------------------------
def test_export_yaml_to_stdout(runner, app, catalogue):
    result = run(runner, app, "catalogue", "export", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# KPI catalogue: ")
    data = yaml.safe_load(result.stdout)
    assert len(data["roles"]) == 17 and data["version"] == "2026.2"
    assert result.stderr == ""  # nothing but the catalogue on stdout, nothing on stderr


@pytest.mark.parametrize("name, args, kind", [
    ("c.yaml", [], "yaml"),
    ("c.yml", [], "yaml"),
    ("c.xlsx", [], "xlsx"),
    ("c.txt", ["--format", "yaml"], "yaml"),
])
def test_export_format_follows_the_suffix(tmp_path, runner, app, catalogue, name, args, kind):
    out = tmp_path / name
    result = run(runner, app, "catalogue", "export", "-o", str(out), *args, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert f"({kind})" in result.stderr and "17 roles" in flat(result.stderr)
    if kind == "xlsx":
        assert out.read_bytes()[:2] == b"PK"
    else:
        assert out.read_text(encoding="utf-8").startswith("# KPI catalogue")
    if out.suffix != ".txt":
        assert catalogue_to_dict(load_catalogue(out)) == catalogue_to_dict(catalogue)


@pytest.mark.parametrize("args", [
    ["--format", "xlsx"],  # xlsx cannot go to the terminal
    ["-o", "c.csv"],  # a suffix that says no format
    ["-o", "c.yaml", "--format", "xlsx"],  # a suffix that says the other one
])
def test_export_usage_errors(runner, app, args):
    result = run(runner, app, "catalogue", "export", *args, "--lang", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "error" in result.stderr


def test_export_never_overwrites_its_input(tmp_path, runner, app):
    mine = tmp_path / "mine.yaml"
    mine.write_text(SMALL.read_text(encoding="utf-8"), encoding="utf-8")
    before = mine.read_bytes()
    result = run(runner, app, "catalogue", "export", "--catalogue", str(mine), "-o", str(mine), "--lang", "en")
    assert result.exit_code == 2 and "overwrite" in flat(result.stderr)
    assert mine.read_bytes() == before
    builtin = Path(load_catalogue().path)
    result = run(runner, app, "catalogue", "export", "-o", str(builtin), "--lang", "en")
    assert result.exit_code == 2


def test_export_an_xlsx_catalogue_to_yaml(tmp_path, runner, app):
    xlsx = tmp_path / "small.xlsx"
    assert run(runner, app, "catalogue", "export", "--catalogue", str(SMALL), "-o", str(xlsx)).exit_code == 0
    result = run(runner, app, "catalogue", "export", "--catalogue", str(xlsx))
    assert result.exit_code == 0
    assert yaml.safe_load(result.stdout)["name_zh"] == "小目录"
    assert str(xlsx) in result.stdout.split("\nname_zh")[0]  # the header names its source


def test_export_a_broken_catalogue_fails_with_its_problems(tmp_path, runner, app):
    bad = tmp_path / "bad.yaml"
    bad.write_text(SMALL.read_text(encoding="utf-8").replace("weight: 40", "weight: 30"), encoding="utf-8")
    result = run(runner, app, "catalogue", "export", "--catalogue", str(bad), "--lang", "en")
    assert result.exit_code == 1
    assert "line 19" in flat(result.stderr) and "90%" in result.stderr


# --- check -----------------------------------------------------------------------------------------
def test_check_a_valid_catalogue(runner, app):
    result = run(runner, app, "catalogue", "check", str(SMALL), "--lang", "en")
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    cat = load_catalogue(SMALL)
    assert lines[0].startswith("✓") and "1 roles, 3 measures" in lines[0]
    assert "Small catalogue" in lines[0] and "version 1" in lines[0] and cat.sha256 in lines[0]


def test_check_builtin_as_json(runner, app, catalogue):
    result = run(runner, app, "catalogue", "check", "builtin", "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["valid"] is True and report["errors"] == 0 and report["problems"] == []
    assert report["catalogue"]["roles"] == 17 and report["catalogue"]["sha256"] == catalogue.sha256


def test_check_errors_exit_1_with_their_locations(tmp_path, runner, app):
    bad = tmp_path / "bad.yaml"
    text = SMALL.read_text(encoding="utf-8").replace("weight: 40", "weight: 30").replace("unit: percent", "unit: pct")
    bad.write_text(text, encoding="utf-8")
    result = run(runner, app, "catalogue", "check", str(bad), "--format", "json", "--lang", "en")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False and report["errors"] == 2 and report["catalogue"] is None
    assert sorted((p["line"], p["type"]) for p in report["problems"]) == [
        (19, "catalogue-weights-sum"),
        (31, "catalogue-bad-choice"),
    ]
    assert all(p["message"] == p["message_en"] for p in report["problems"])
    table = run(runner, app, "catalogue", "check", str(bad), "--lang", "en")
    assert table.exit_code == 1
    assert "line 19" in table.stdout and "line 31" in table.stdout
    assert "2 error(s)" in table.stdout
    zh = run(runner, app, "catalogue", "check", str(bad), "--lang", "zh")
    assert "第 19 行" in zh.stdout and "2 个错误" in zh.stdout


def test_check_xlsx_names_sheet_and_cell(tmp_path, runner, app):
    from openpyxl import load_workbook

    xlsx = tmp_path / "small.xlsx"
    run(runner, app, "catalogue", "export", "--catalogue", str(SMALL), "-o", str(xlsx), "--lang", "en")
    wb = load_workbook(xlsx)
    wb["Measures"]["M2"] = 90  # excellent below target
    wb.save(xlsx)
    result = run(runner, app, "catalogue", "check", str(xlsx), "--lang", "en")
    assert result.exit_code == 1
    assert f"{xlsx} › Measures" in result.stdout.splitlines()[0] and "│ M2 " in result.stdout  # the sheet, then the cell
    report = json.loads(run(runner, app, "catalogue", "check", str(xlsx), "--format", "json").stdout)
    assert [(p["sheet"], p["cell"], p["type"]) for p in report["problems"]] == [
        ("Measures", "M2", "catalogue-excellent-not-better")
    ]


def test_check_a_missing_file(tmp_path, runner, app):
    result = run(runner, app, "catalogue", "check", str(tmp_path / "nope.yaml"), "--format", "json")
    assert result.exit_code == 1
    assert [p["type"] for p in json.loads(result.stdout)["problems"]] == ["catalogue-not-found"]


# --- diff ------------------------------------------------------------------------------------------
def test_diff_builtin_with_itself(runner, app):
    result = run(runner, app, "catalogue", "diff", "builtin", "builtin", "--lang", "en")
    assert result.exit_code == 0
    assert "No differences" in result.stdout


def test_diff_an_edited_export(tmp_path, runner, app):
    mine = tmp_path / "mine.yaml"
    run(runner, app, "catalogue", "export", "-o", str(mine))
    data = yaml.safe_load(mine.read_text(encoding="utf-8"))
    data["grades"][0]["min"] = 115
    inquiry = next(r for r in data["roles"] if r["code"] == "cs_inquiry")
    inquiry["dimensions"][0]["measures"][1]["params"]["target"] = 96
    mine.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = run(runner, app, "catalogue", "diff", "builtin", str(mine), "--format", "json", "--lang", "en")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["count"] == 2
    assert [(c["kind"], c["field"], c["old"], c["new"]) for c in report["changes"]] == [
        ("grade-changed", "S.min", 110, 115),
        ("measure-param-changed", "target", 95, 96),
    ]
    assert report["a"]["file"] == "builtin" and report["b"]["version"] == "2026.2"
    table = run(runner, app, "catalogue", "diff", "builtin", str(mine), "--lang", "en")
    assert table.exit_code == 0
    assert "Grade S.min: 110 → 115" in table.stdout
    assert "calls_answered_in_30s" in table.stdout


def test_diff_a_catalogue_that_cannot_be_loaded(tmp_path, runner, app):
    result = run(runner, app, "catalogue", "diff", "builtin", str(tmp_path / "nope.xlsx"), "--lang", "en")
    assert result.exit_code == 1
    assert "not found" in flat(result.stderr)


def test_help_has_an_example_for_each_command(runner, app):
    for cmd in ("export", "check", "diff"):
        result = run(runner, app, "catalogue", cmd, "--lang", "en", "--help")
        assert result.exit_code == 0
        assert "Example: kpi catalogue " + cmd in result.stdout
        result = run(runner, app, "catalogue", cmd, "--lang", "zh", "--help")
        assert "示例：kpi catalogue " + cmd in result.stdout


def test_export_into_a_new_folder_is_written_with_normal_permissions(runner, app, tmp_path):
    import os

    for name in ("c.yaml", "c.xlsx"):
        out = tmp_path / "new" / name
        res = runner.invoke(app, ["catalogue", "export", "-o", str(out)])
        assert res.exit_code == 0 and out.exists()
        assert out.stat().st_mode & 0o044 == 0o044 or os.umask(0o022) & 0o044
