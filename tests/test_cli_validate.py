"""`kpi validate`: exit codes, the JSON twin, the table grouped by file and sheet."""

from __future__ import annotations

import json
from pathlib import Path

INPUT = Path(__file__).parent / "data" / "input"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(runner, app, *args):
    return runner.invoke(app, ["validate", *map(str, args)])


def test_valid_file_exits_0_and_prints_counts(runner, app, tmp_path):
    path = write(tmp_path, "ok.csv", "工号,岗位,每年缺席次数,奖金\nE1,客户咨询,1,x\n")
    result = run(runner, app, path, "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "1 file(s), 1 sheet(s), 1 data row(s), 1 employee(s): 0 ok, 0 invalid, 1 incomplete." in " ".join(result.stdout.split())
    assert "0 error(s), 1 warning(s)." in result.stdout
    assert "unknown-column" in result.stdout and "Valid: no errors." in result.stdout


def test_errors_exit_1_and_json_lists_located_problems(runner, app):
    result = run(runner, app, INPUT / "utf8.csv", INPUT / "long.csv", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["valid"] is False
    assert [(p["file"].rsplit("/", 1)[-1], p["row"], p["column"], p["type"]) for p in data["problems"]] == [
        ("utf8.csv", 4, "D", "unknown-role"),
        ("long.csv", 6, "D", "unknown-measure"),
        ("long.csv", 7, "E", "not-a-number"),
    ]
    assert data["counts"]["rows"] == 5
    assert [r["status"] for r in data["records"]] == ["incomplete", "incomplete", "invalid", "incomplete", "invalid"]


def test_table_is_grouped_by_file_and_sheet(runner, app, tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户咨询"
    ws.append(["工号", "每年缺席次数"])
    ws.append(["E1", -2])
    wb.save(tmp_path / "book.xlsx")
    result = run(runner, app, tmp_path / "book.xlsx", tmp_path / "missing.xlsx", "--lang", "zh")
    assert result.exit_code == 1
    out = result.stdout
    assert f"{tmp_path / 'book.xlsx'} › 客户咨询" in out
    assert "out-of-range" in out and "B2" in out and "超出允许范围" in out
    assert "file-not-found" in out and "找不到文件" in out
    assert out.index("客户咨询") < out.index("missing.xlsx")
    assert result.stderr == ""


def test_limit_shows_how_many_more(runner, app, tmp_path):
    rows = "".join(f"E{i},客户咨询,x\n" for i in range(5))
    path = write(tmp_path, "bad.csv", "工号,岗位,每年缺席次数\n" + rows)
    result = run(runner, app, path, "--limit", "2", "--lang", "en")
    assert result.exit_code == 1
    assert result.stdout.count("not-a-number") == 2
    assert "3 more problem(s) not shown" in result.stdout


def test_encoding_option(runner, app):
    ok = run(runner, app, INPUT / "gbk.csv", "--encoding", "gbk", "--format", "json")
    assert json.loads(ok.stdout)["files"][0]["encoding"] == "gbk"
    bad = run(runner, app, INPUT / "gbk.csv", "--encoding", "nope", "--lang", "en")
    assert bad.exit_code == 2
    assert "'nope' is not a text encoding" in bad.stderr
    bad = run(runner, app, INPUT / "gbk.csv", "--encoding", "nope", "--lang", "zh")
    assert bad.exit_code == 2 and "“nope”不是文本编码" in bad.stderr


def test_wrong_usage_exits_2(runner, app):
    assert runner.invoke(app, ["validate"]).exit_code == 2
    assert run(runner, app, INPUT / "utf8.csv", "--format", "xml").exit_code == 2
    assert run(runner, app, INPUT / "utf8.csv", "--limit", "-1").exit_code == 2


def test_unreadable_files_are_problems_not_tracebacks(runner, app, tmp_path):
    (tmp_path / "fake.xlsx").write_text("not a workbook")
    result = run(runner, app, tmp_path / "fake.xlsx", tmp_path, "--format", "json")
    assert result.exit_code == 1
    assert [p["type"] for p in json.loads(result.stdout)["problems"]] == ["not-an-xlsx", "not-a-file"]
    assert "Traceback" not in result.output


def test_help_has_an_example(runner, app):
    result = runner.invoke(app, ["validate", "--help"], env={"KPI_LANG": "en"})
    assert result.exit_code == 0
    assert "Example: kpi validate" in result.stdout
    result = runner.invoke(app, ["validate", "--help"], env={"KPI_LANG": "zh"})
    assert "示例：kpi validate" in result.stdout
