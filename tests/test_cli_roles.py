"""`kpi roles` and `kpi role show`: exit codes, the table, and the public JSON contract."""

from __future__ import annotations

import json

ROLE_KEYS = {"code", "name_zh", "name_en", "department", "dimensions"}
DIMENSION_KEYS = {"code", "name_zh", "name_en", "weight", "origin", "measures"}
MEASURE_KEYS = {
    "code", "name_zh", "name_en", "standard_zh", "standard_en", "source", "unit", "rule",
    "params", "aggregate", "basis", "weight", "origin",
}
PARAMS_BY_RULE = {
    "higher": {"target", "excellent", "floor"},
    "lower": {"target", "excellent", "ceiling"},
    "rating": {"scale"},
    "yes_no": set(),
    "deduct": {"per_unit"},
    "bands": {"bands"},
}


def test_roles_table(runner, app):
    res = runner.invoke(app, ["roles", "--lang", "zh"], env={"COLUMNS": "160"})
    assert res.exit_code == 0, res.output
    assert "客户咨询" in res.stdout and "cs_inquiry" in res.stdout and "采购部" in res.stdout


def test_roles_json(runner, app):
    res = runner.invoke(app, ["roles", "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert len(data["roles"]) == 17
    buyer = next(r for r in data["roles"] if r["code"] == "buyer")
    assert (buyer["name_zh"], buyer["department"], buyer["origin"]) == ("采购", "purchasing", "derived")
    assert data["catalogue"]["version"] and len(data["catalogue"]["sha256"]) == 64


def test_role_show_json_contract(runner, app):
    res = runner.invoke(app, ["role", "show", "客户咨询", "--format", "json"])
    assert res.exit_code == 0, res.output
    role = json.loads(res.stdout)
    assert ROLE_KEYS <= set(role) and role["code"] == "cs_inquiry"
    assert sum(d["weight"] for d in role["dimensions"]) == 100
    for d in role["dimensions"]:
        assert DIMENSION_KEYS <= set(d)
        for m in d["measures"]:
            assert MEASURE_KEYS <= set(m)
            assert set(m["params"]) <= PARAMS_BY_RULE[m["rule"]], m["code"]
            assert m["basis"] in (None, "month", "quarter", "year")
    call = next(m for d in role["dimensions"] for m in d["measures"] if m["standard_zh"] == "每次接电话的时间不超过9分钟")
    assert call["params"] == {"target": 9, "ceiling": 13.5} and call["rule"] == "lower"
    manager = json.loads(runner.invoke(app, ["role", "show", "cs_manager", "--format", "json"]).stdout)
    rating = next(m for d in manager["dimensions"] for m in d["measures"] if m["rule"] == "rating")
    assert rating["params"]["scale"] == [[1, 0], [2, 60], [3, 100], [4, 110], [5, 120]]


def test_role_show_table_in_both_languages(runner, app):
    zh = runner.invoke(app, ["role", "show", "cs_inquiry", "--lang", "zh"], env={"COLUMNS": "160"})
    assert zh.exit_code == 0
    assert "≤ 9 分钟 得 100 分" in zh.stdout and "每次接电话的时间不超过9分钟" in zh.stdout
    en = runner.invoke(app, ["role", "show", "Customer Inquiry", "--lang", "en"], env={"COLUMNS": "160"})
    assert en.exit_code == 0
    assert "≤ 9 min: 100 points" in en.stdout


def test_unknown_role_is_a_usage_error_with_close_matches(runner, app):
    res = runner.invoke(app, ["role", "show", "客户咨", "--lang", "en"])
    assert res.exit_code == 2
    assert "cs_inquiry" in res.stderr and "Traceback" not in res.output


def test_bad_catalogue_file_is_one_located_line(runner, app, tmp_path):
    bad = tmp_path / "cat.yaml"
    bad.write_text("name_zh: x\nroles: [\n", encoding="utf-8")
    res = runner.invoke(app, ["roles", "--catalogue", str(bad), "--lang", "en"])
    assert res.exit_code == 1
    assert "cat.yaml" in res.stderr and "line" in res.stderr and "Traceback" not in res.output


def test_help_and_module_entry_point():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "kpi_cli", "--help"], capture_output=True, text=True, check=True)
    assert "roles" in out.stdout


def test_catalogue_text_with_brackets_is_shown_as_text(runner, app, tmp_path):
    from kpi_cli.catalogue import load_catalogue
    from kpi_cli.catalogue.serialize import catalogue_to_dict
    import yaml

    data = catalogue_to_dict(load_catalogue())
    data["roles"][1]["name_en"] = "Customer Inquiry [/x] [EMEA]"
    data["roles"][1]["dimensions"][0]["measures"][0]["standard_en"] = "Calls [/b] under 9 minutes"
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    res = runner.invoke(app, ["roles", "--catalogue", str(path), "--lang", "en"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "[EMEA]" in res.stdout
    res = runner.invoke(app, ["role", "show", "cs_inquiry", "--catalogue", str(path), "--lang", "en"], env={"COLUMNS": "200"})
    assert res.exit_code == 0 and "[/b]" in res.stdout
