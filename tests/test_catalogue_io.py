"""The catalogue in its two editable forms: YAML and xlsx round-trips, the layout HR sees, and the
export → edit → check → score loop with hand-computed points."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml

from kpi_cli.catalogue import check_catalogue, load_catalogue
from kpi_cli.catalogue.serialize import catalogue_to_dict
from kpi_cli.catalogue.xlsx_io import (
    MEASURE_COLUMNS,
    ROLE_COLUMNS,
    pairs_text,
    parse_pairs,
    read_catalogue_xlsx,
    write_catalogue_xlsx,
)
from kpi_cli.catalogue.serialize import export_dict, shared_dimensions
from kpi_cli.catalogue.yaml_io import catalogue_yaml
from kpi_cli.periods import parse_period
from kpi_cli.scoring.engine import score


def same_catalogue(a, b) -> bool:
    """Equal as catalogues: every field but where it was read from and its file hash."""
    return replace(a, path="", sha256="") == replace(b, path="", sha256="")


# --- round trips ------------------------------------------------------------------------------------
def test_builtin_round_trips_through_yaml(tmp_path, catalogue):
    path = tmp_path / "c.yaml"
    path.write_text(catalogue_yaml(catalogue, "zh"), encoding="utf-8")
    back, problems = check_catalogue(path)
    assert problems == []
    assert catalogue_to_dict(back) == catalogue_to_dict(catalogue)
    assert same_catalogue(back, catalogue)
    assert back.sha256 != catalogue.sha256 and len(back.sha256) == 64


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_builtin_round_trips_through_xlsx(tmp_path, catalogue, lang):
    path = write_catalogue_xlsx(catalogue, tmp_path / "c.xlsx", lang)
    back, problems = read_catalogue_xlsx(path)
    assert problems == []
    assert catalogue_to_dict(back) == catalogue_to_dict(catalogue)
    assert same_catalogue(back, catalogue)
    assert not list(tmp_path.glob(".~kpi-*"))  # the temporary file is gone


def test_company_extensions_round_trip_through_both_forms(tmp_path, catalogue):
    data = export_dict(catalogue)
    role = next(r for r in data["roles"] if r["code"] == "cs_inquiry")
    role["grades"] = [
        {"grade": g, "name_zh": g, "name_en": g, "min": m} for g, m in (("S", 105), ("A", 95), ("B", 80), ("C", 60), ("D", None))
    ]
    role["vetoes"] = [veto_measure()]
    role["bonuses"] = [bonus_measure()]
    m = role["dimensions"][0]["measures"][0]
    m["rule"], m["unit"], m["params"] = "bands", "minutes", {"bands": [[5, 120], [9, 100], [13.5, 60], [None, 0]]}
    m2 = role["dimensions"][0]["measures"][1]
    m2["rule"], m2["params"], m2["weight"] = "rating", {"scale": [[1, 0], [3, 100], [4, 115]]}, 2
    m2["unit"] = "rating"
    m.pop("derived_params", None), m2.pop("derived_params", None)
    path = tmp_path / "company.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    company = load_catalogue(path)
    assert company.role("cs_inquiry").vetoes and company.role("cs_inquiry").grades
    again = tmp_path / "again.yaml"
    again.write_text(catalogue_yaml(company, "en"), encoding="utf-8")
    assert same_catalogue(load_catalogue(again), company)
    xlsx = write_catalogue_xlsx(company, tmp_path / "company.xlsx", "en")
    back, problems = read_catalogue_xlsx(xlsx)
    assert problems == []
    assert same_catalogue(back, company)


def test_shared_weights_are_left_blank_and_given_ones_written(catalogue):
    assert shared_dimensions(catalogue.role("cs_coordinator")) == {"coordination_planning", "customer_focus", "administration"}
    assert shared_dimensions(catalogue.role("claims_processor")) == set()
    role = next(r for r in export_dict(catalogue)["roles"] if r["code"] == "property_claims_manager")
    assert [d["weight"] for d in role["dimensions"]] == [None, None, None, None, 5]


def test_pairs_text_round_trip():
    assert pairs_text([[1, 0], [2, 60], [3, 100]]) == "1:0, 2:60, 3:100"
    assert pairs_text([[2, 100], [5.5, 60], [None, 0]]) == "2:100, 5.5:60, *:0"
    assert parse_pairs("2:100, 5.5:60, *:0") == [[2, 100], [5.5, 60], [None, 0]]
    assert parse_pairs("1：0，2：60") == [[1, 0], [2, 60]]  # full-width punctuation typed in Chinese
    assert parse_pairs("1-0, 2:60") is None
    assert parse_pairs("a:1") is None


# --- what HR sees -----------------------------------------------------------------------------------
def test_yaml_is_readable(catalogue):
    text = catalogue_yaml(catalogue, "zh", source="内置目录")
    head = text.split("\nname_zh:")[0]
    assert all(line.startswith("# ") for line in head.splitlines())
    assert "docs/catalogue-format.md" in head and "kpi catalogue check" in head
    assert "客户咨询" in text and "\\u" not in text  # Chinese as written
    assert "  - code: cs_manager\n" in text  # block style for roles, indented lists
    assert "            params: {target: 9, ceiling: 13.5}\n" in text  # … and in flow style
    assert "            derived_params: [ceiling]\n" in text
    assert "  - {grade: S, name_zh: 卓越, name_en: Outstanding, min: 110, coefficient: 1.5}\n" in text
    assert "version: '2026.2'\n" in text  # a string, not the number 2026.2
    en = catalogue_yaml(catalogue, "en")
    assert "KPI catalogue" in en.splitlines()[0]


def test_xlsx_layout(tmp_path, catalogue):
    from openpyxl import load_workbook

    path = write_catalogue_xlsx(catalogue, tmp_path / "c.xlsx", "en")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Settings", "Roles", "Measures"]
    roles, measures = wb["Roles"], wb["Measures"]
    assert [c.value for c in roles[1]] == list(ROLE_COLUMNS)
    assert [c.value for c in measures[1]] == list(MEASURE_COLUMNS)
    assert roles.freeze_panes == "B2" and measures.freeze_panes == "E2"
    assert roles.max_row == 1 + sum(len(r.dimensions) for r in catalogue.roles)
    assert measures.max_row == 1 + sum(len(r.all_measures) for r in catalogue.roles)
    assert measures.column_dimensions["G"].width > 20  # standard_zh: wide and wrapped
    assert roles["A1"].comment is not None and "Role code" in roles["A1"].comment.text
    # drop-downs for the columns with fixed values
    letter = {key: chr(ord("A") + i) for i, key in enumerate(MEASURE_COLUMNS) if i < 26}
    lists = {}
    for dv in measures.data_validations.dataValidation:
        assert dv.type == "list"
        lists[str(dv.sqref).split(":")[0]] = dv.formula1.strip('"').split(",")
    assert lists[f"{letter['rule']}2"] == ["higher", "lower", "rating", "yes_no", "deduct", "bands", "bonus"]
    assert "percent" in lists[f"{letter['unit']}2"]
    assert lists[f"{letter['kind']}2"] == ["weighted", "veto", "bonus"]
    assert lists[f"{letter['basis']}2"] == ["month", "quarter", "year"]
    assert set(lists) == {f"{letter[k]}2" for k in ("kind", "source", "unit", "rule", "aggregate", "basis", "cycle", "origin", "cap_grade")}
    assert lists[f"{letter['cycle']}2"] == ["month", "quarter", "half", "year"]
    # a row of the measures sheet: params as columns, a rating without a scale leaves it blank
    rows = {r[3]: dict(zip(MEASURE_COLUMNS, r)) for r in measures.iter_rows(min_row=2, values_only=True)}
    calls = rows["calls_answered_in_30s"]
    assert (calls["role"], calls["dimension"], calls["kind"], calls["rule"]) == ("cs_inquiry", "customer_calls", "weighted", "higher")
    assert (calls["target"], calls["excellent"], calls["floor"], calls["ceiling"]) == (95, 97, 80, None)
    assert calls["derived_params"] == "floor"
    settings = [r for r in wb["Settings"].iter_rows(values_only=True)]
    assert ("version", "2026.2", None, None, None, None) in settings
    assert (None, "S", "卓越", "Outstanding", 110, 1.5) in settings
    assert ("S, A", 0.2, None, None, None, None) in settings
    assert ("coefficient_mode", "grade", None, None, None, None) in settings
    assert ("calibrate", False, None, None, None, None) in settings
    assert any("kpi catalogue check" in (r[0] or "") for r in wb["Instructions"].iter_rows(values_only=True))


def test_xlsx_never_writes_formulas(tmp_path, catalogue):
    from openpyxl import load_workbook

    data = export_dict(catalogue)
    data["roles"][0]["name_en"] = "=HYPERLINK(\"http://x\")"
    path = tmp_path / "c.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = write_catalogue_xlsx(load_catalogue(path), tmp_path / "c.xlsx", "zh")
    cell = load_workbook(out)["岗位"]["C2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"


@pytest.mark.slow
@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_workbook_and_keeps_everything(tmp_path, catalogue):
    """LibreOffice reads the workbook without repair and what it saves back reads as the same catalogue."""
    path = write_catalogue_xlsx(catalogue, tmp_path / "c.xlsx", "zh")
    out = tmp_path / "lo"
    out.mkdir()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    done = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(path)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    converted = out / "c.xlsx"
    assert converted.exists(), done.stdout + done.stderr
    back, problems = read_catalogue_xlsx(converted)
    assert problems == []
    assert same_catalogue(back, catalogue)


# --- export → edit → check → score ------------------------------------------------------------------
JULY = parse_period("2026-07")
# claims_processor: adjusters_view 35, file_management 30, data_entry 20, backup 10, referrals 5.
FIGURES = {
    "adjusters_efficiency_rating": 4,  # 110
    "file_access_rating": 3,  # 100
    "entry_errors_per_month": 4,  # lower T5 E3: 100 + 20·1/2 = 110
    "cheque_entry_rating": 3,  # 100
    "card_entry_hours": 36,  # lower T48 C72: 100 → with T24: 60 + 40·(72−36)/(72−24) = 90
    "other_units_backup_rating": 2,  # 60
    "customer_service_backup_rating": 4,  # 110
    "customer_wait_minutes": 2.5,  # lower T3 E2: 100 + 20·0.5/1 = 110
    "supervisor_complaints_per_year": 0,  # half-yearly: not due in July (and dropped in the edit)
    "referral_rating": 5,  # 120
}
# Before: 0.35·110 + 0.30·100 + 0.20·(110+100+100)/3 + 0.10·(60+110+110)/3 + 0.05·120
BEFORE = 38.5 + 30 + 20 * 310 / 3 / 100 * 1 + 280 / 3 / 10 + 6
# After (weights 40/25, card target 24, complaints dropped):
# 0.40·110 + 0.25·100 + 0.20·(110+100+90)/3 + 0.10·(60+110+110)/3 + 0.05·120
AFTER = 44 + 25 + 20 + 280 / 3 / 10 + 6


def claims_scores(cat, extra: dict[str, list]):
    """Two claims processors with the same figures; ``extra`` adds per-employee columns."""
    records = pd.DataFrame(
        {"employee_id": ["E1", "E2"], "name": ["甲", "乙"], "department": ["customer_service"] * 2,
         "role": ["claims_processor"] * 2, "has_error": [False, False]}
    )
    cols = {k: [v, v] for k, v in FIGURES.items()} | extra
    values = {"claims_processor": pd.DataFrame(cols, index=records.index, dtype=float)}
    return score(records, values, cat, JULY).employees.set_index("employee_id")


def veto_measure() -> dict:
    return {
        "code": "no_fraud", "kind": "veto", "name_zh": "无欺诈", "name_en": "No fraud", "standard_zh": "未发现欺诈",
        "standard_en": "No fraud found.", "source": "audit", "unit": "yes_no", "rule": "yes_no",
        "params": {"cap_grade": "C"}, "aggregate": "all", "basis": None, "weight": 1, "origin": "derived",
    }


def bonus_measure() -> dict:
    return {
        "code": "extra_projects", "kind": "bonus", "name_zh": "额外项目", "name_en": "Extra projects",
        "standard_zh": "每个额外项目加2分，最多5分", "standard_en": "2 points per extra project, at most 5.",
        "source": "supervisor", "unit": "count", "rule": "bonus", "params": {"per_unit": 2, "cap": 5},
        "aggregate": "sum", "basis": None, "weight": 1, "origin": "derived",
    }


EXTRA = {"no_fraud": [1, 0], "extra_projects": [2, 10]}


def assert_edited_scores(cat, catalogue):
    before = claims_scores(catalogue, EXTRA)
    assert before.loc["E1", "total"] == pytest.approx(BEFORE) == pytest.approx(104.5, abs=1e-4)
    assert (before.loc["E1", "grade"], before.loc["E2", "grade"]) == ("A", "A")  # no veto, no bonus yet
    after = claims_scores(cat, EXTRA)
    assert after.loc["E1", "weighted_total"] == pytest.approx(AFTER) == pytest.approx(104.3333, abs=1e-4)
    assert after.loc["E1", "bonus"] == pytest.approx(4)  # 2 × 2
    assert after.loc["E2", "bonus"] == pytest.approx(5)  # 2 × 10 = 20, capped at 5
    assert after.loc["E1", "total"] == pytest.approx(108.3333, abs=1e-4)
    assert after.loc["E2", "total"] == pytest.approx(109.3333, abs=1e-4)
    assert after.loc["E1", "grade"] == "A"
    assert after.loc["E2", "grade"] == "C"  # the failed veto caps the grade
    assert after.loc["E2", "veto_cap"] == "C"
    assert "supervisor_complaints_per_year" not in [m.code for m in cat.role("claims_processor").all_measures]


def check_ok(runner, app, path) -> None:
    result = runner.invoke(app, ["catalogue", "check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.stdout
    report = json.loads(result.stdout)
    assert report["valid"] and report["problems"] == []


def test_export_edit_yaml_check_score(tmp_path, runner, app, catalogue):
    path = tmp_path / "mine.yaml"
    result = runner.invoke(app, ["catalogue", "export", "-o", str(path), "--catalogue", str(tmp_path / "none.yaml")])
    assert result.exit_code == 1  # a --catalogue that does not exist is reported, nothing written
    assert not path.exists()
    result = runner.invoke(app, ["catalogue", "export", "-o", str(path)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    role = next(r for r in data["roles"] if r["code"] == "claims_processor")
    dims = {d["code"]: d for d in role["dimensions"]}
    dims["adjusters_view"]["weight"], dims["file_management"]["weight"] = 40, 25
    card = next(m for m in dims["data_entry"]["measures"] if m["code"] == "card_entry_hours")
    card["params"]["target"] = 24
    dims["backup"]["measures"] = [m for m in dims["backup"]["measures"] if m["code"] != "supervisor_complaints_per_year"]
    role["vetoes"], role["bonuses"] = [veto_measure()], [bonus_measure()]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    check_ok(runner, app, path)
    assert_edited_scores(load_catalogue(path), catalogue)


def test_export_edit_xlsx_check_score(tmp_path, runner, app, catalogue):
    from openpyxl import load_workbook

    path = tmp_path / "mine.xlsx"
    result = runner.invoke(app, ["catalogue", "export", "-o", str(path), "--lang", "en"])
    assert result.exit_code == 0, result.output
    wb = load_workbook(path)
    roles, measures = wb["Roles"], wb["Measures"]
    rcol = {k: i + 1 for i, k in enumerate(ROLE_COLUMNS)}
    mcol = {k: i + 1 for i, k in enumerate(MEASURE_COLUMNS)}
    for r in range(2, roles.max_row + 1):
        if roles.cell(r, rcol["role"]).value == "claims_processor":
            dim = roles.cell(r, rcol["dimension"]).value
            if dim in ("adjusters_view", "file_management"):
                roles.cell(r, rcol["weight"]).value = {"adjusters_view": 40, "file_management": 25}[dim]
    row_of = {
        (measures.cell(r, mcol["role"]).value, measures.cell(r, mcol["code"]).value): r
        for r in range(2, measures.max_row + 1)
    }
    measures.cell(row_of[("claims_processor", "card_entry_hours")], mcol["target"]).value = 24
    measures.delete_rows(row_of[("claims_processor", "supervisor_complaints_per_year")])
    for m in (veto_measure(), bonus_measure()):
        row = {**m, **m["params"], "role": "claims_processor", "dimension": None}
        measures.append([row.get(k) for k in MEASURE_COLUMNS])
    wb.save(path)
    check_ok(runner, app, path)
    assert_edited_scores(load_catalogue(path), catalogue)


def test_edited_workbook_scores_like_the_edited_yaml(tmp_path, catalogue):
    """The same edit made in either form gives the same catalogue."""
    data = export_dict(catalogue)
    role = next(r for r in data["roles"] if r["code"] == "buyer")
    role["dimensions"][0]["weight"] = 25
    role["dimensions"][1]["weight"] = 30
    role["bonuses"] = [bonus_measure()]
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    from_yaml = load_catalogue(path)
    via_xlsx, problems = read_catalogue_xlsx(write_catalogue_xlsx(from_yaml, tmp_path / "b.xlsx", "zh"))
    assert problems == [] and same_catalogue(via_xlsx, from_yaml)
    assert not same_catalogue(from_yaml, catalogue)
    assert np.isclose(sum(d.weight for d in via_xlsx.role("buyer").dimensions), 100)
