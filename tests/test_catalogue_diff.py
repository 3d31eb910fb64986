"""`diff_catalogues`: every kind of revision HR makes mid-year, reported as old → new."""

from __future__ import annotations

import copy

import pytest
import yaml

from kpi_cli.catalogue import load_catalogue
from kpi_cli.catalogue.diff import Change, diff_catalogues, show
from kpi_cli.catalogue.serialize import export_dict


@pytest.fixture(scope="module")
def base(catalogue):
    return export_dict(catalogue)


def load(tmp_path, data, name="new.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_catalogue(path)


def role(data, code):
    return next(r for r in data["roles"] if r["code"] == code)


def dim(r, code):
    return next(d for d in r["dimensions"] if d["code"] == code)


def compact(changes):
    return [(c.kind, c.role, c.dimension, c.measure, c.field, c.old, c.new) for c in changes]


def test_no_changes(catalogue, tmp_path, base):
    assert diff_catalogues(catalogue, catalogue) == []
    assert diff_catalogues(catalogue, load(tmp_path, base)) == []  # same content, another file


def test_weights_params_and_measures(catalogue, tmp_path, base):
    data = copy.deepcopy(base)
    cp = role(data, "claims_processor")
    dim(cp, "adjusters_view")["weight"], dim(cp, "file_management")["weight"] = 40, 25
    card = dim(cp, "data_entry")["measures"][2]
    assert card["code"] == "card_entry_hours"
    card["params"]["target"], card["params"]["excellent"] = 24, 12
    card["unit"] = "days"
    backup = dim(cp, "backup")
    backup["measures"] = [m for m in backup["measures"] if m["code"] != "supervisor_complaints_per_year"]
    moved = backup["measures"].pop(0)  # other_units_backup_rating → referrals
    dim(cp, "referrals")["measures"].append(moved)
    new = copy.deepcopy(card) | {"code": "card_entry_errors", "rule": "deduct", "params": {"per_unit": 10}}
    new.pop("derived_params")
    dim(cp, "data_entry")["measures"].append(new)
    changes = diff_catalogues(catalogue, load(tmp_path, data))
    assert compact(changes) == [
        ("dimension-changed", "claims_processor", "adjusters_view", None, "weight", 35.0, 40.0),
        ("dimension-changed", "claims_processor", "file_management", None, "weight", 30.0, 25.0),
        ("measure-removed", "claims_processor", "backup", "supervisor_complaints_per_year", None, "lower", None),
        ("measure-param-changed", "claims_processor", "data_entry", "card_entry_hours", "target", 48, 24),
        ("measure-param-changed", "claims_processor", "data_entry", "card_entry_hours", "excellent", None, 12),
        ("measure-changed", "claims_processor", "data_entry", "card_entry_hours", "unit", "hours", "days"),
        ("measure-added", "claims_processor", "data_entry", "card_entry_errors", None, None, "deduct"),
        ("measure-moved", "claims_processor", "referrals", "other_units_backup_rating", None, "backup", "referrals"),
    ]
    assert changes[0].message("en") == "Dimension claims_processor › adjusters_view weight: 35 → 40"
    assert changes[0].message("zh") == "考核指标 claims_processor › adjusters_view 的 weight：35 → 40"


def test_rule_basis_and_weight_of_a_measure(catalogue, tmp_path, base):
    data = copy.deepcopy(base)
    m = dim(role(data, "cs_inquiry"), "customer_calls")["measures"][3]
    assert m["code"] == "supervisor_complaints_per_year"
    m["basis"], m["weight"], m["aggregate"] = "quarter", 2, "mean"
    m2 = dim(role(data, "cs_inquiry"), "customer_calls")["measures"][0]
    m2["rule"], m2["params"], m2["derived_params"] = "bands", {"bands": [[9, 100], [13.5, 60], [None, 0]]}, []
    changes = diff_catalogues(catalogue, load(tmp_path, data))
    assert compact(changes) == [
        ("measure-changed", "cs_inquiry", "customer_calls", "call_minutes", "rule", "lower", "bands"),
        ("measure-param-changed", "cs_inquiry", "customer_calls", "call_minutes", "target", 9, None),
        ("measure-param-changed", "cs_inquiry", "customer_calls", "call_minutes", "ceiling", 13.5, None),
        ("measure-param-changed", "cs_inquiry", "customer_calls", "call_minutes", "bands", None, [[9, 100], [13.5, 60], [None, 0]]),
        ("measure-changed", "cs_inquiry", "customer_calls", "call_minutes", "derived_params", ("ceiling",), ()),
        ("measure-changed", "cs_inquiry", "customer_calls", "supervisor_complaints_per_year", "basis", "year", "quarter"),
        ("measure-changed", "cs_inquiry", "customer_calls", "supervisor_complaints_per_year", "weight", 1.0, 2.0),
        ("measure-changed", "cs_inquiry", "customer_calls", "supervisor_complaints_per_year", "aggregate", "sum", "mean"),
    ]
    assert "9:100, 13.5:60, *:0" in changes[3].message("en")


def test_shared_weights_follow_an_edit(catalogue, tmp_path, base):
    data = copy.deepcopy(base)
    dim(role(data, "cs_inquiry"), "customer_calls")["weight"] = 40  # the other four share the 60 left
    changes = diff_catalogues(catalogue, load(tmp_path, data))
    weights = [(c.dimension, c.old, round(c.new, 4)) for c in changes if c.field == "weight"]
    assert weights == [
        ("customer_calls", 20.0, 40.0),
        ("customer_satisfaction", 20.0, 15.0),
        ("accurate_information", 20.0, 15.0),
        ("resolving_disagreements", 20.0, 15.0),
        ("reliability", 20.0, 15.0),
    ]
    assert len(changes) == 5


def test_roles_dimensions_grades_quotas_and_settings(catalogue, tmp_path, base):
    data = copy.deepcopy(base)
    data["version"] = "2026.3"
    data["coverage_threshold"] = 0.6
    data["grades"][1]["min"] = 95
    data["quotas"] = [{"grades": ["S", "A"], "max_share": 0.25}, {"grades": ["D"], "min_share": 0.05}]
    data["departments"]["hr"] = {"name_zh": "人力资源部", "name_en": "Human Resources"}
    data["roles"] = [r for r in data["roles"] if r["code"] != "buyer"]
    new_role = copy.deepcopy(role(data, "cs_inquiry")) | {"code": "cs_trainee", "name_zh": "客服实习生", "name_en": "Trainee",
                                                       "aliases": []}
    data["roles"].append(new_role)
    inquiry = role(data, "cs_inquiry")
    inquiry["name_en"] = "Customer Inquiries"
    inquiry["dimensions"] = [d for d in inquiry["dimensions"] if d["code"] != "reliability"]
    inquiry["grades"] = [
        {"grade": "S", "name_zh": "卓越", "name_en": "Outstanding", "min": 105},
        {"grade": "D", "name_zh": "待改进", "name_en": "Needs improvement", "min": None},
    ]
    changes = diff_catalogues(catalogue, load(tmp_path, data))
    kinds = [(c.kind, c.role, c.dimension, c.field, c.old, c.new) for c in changes if c.kind != "dimension-changed"]
    assert kinds == [
        ("catalogue-changed", None, None, "version", "2026.2", "2026.3"),
        ("catalogue-changed", None, None, "coverage_threshold", 0.5, 0.6),
        ("department-added", None, None, "hr", None, "人力资源部 / Human Resources"),
        ("grade-changed", None, None, "A.min", 100, 95),
        ("quota-changed", None, None, "S+A.max_share", 0.2, 0.25),
        ("quota-added", None, None, "D", None, "≥ 0.05"),
        ("role-removed", "buyer", None, None, "采购 / Buyer", None),
        ("role-changed", "cs_inquiry", None, "name_en", "Customer Inquiry", "Customer Inquiries"),
        ("role-grades-added", "cs_inquiry", None, None, None, "S ≥ 105, D"),
        ("dimension-removed", "cs_inquiry", "reliability", None, 20.0, None),
        ("measure-removed", "cs_inquiry", "reliability", None, "yes_no", None),
        ("measure-removed", "cs_inquiry", "reliability", None, "lower", None),
        ("role-added", "cs_trainee", None, None, None, "客服实习生 / Trainee"),
    ]
    # the four remaining shared dimensions now have 25% each
    assert {(c.dimension, c.new) for c in changes if c.kind == "dimension-changed"} == {
        (d, 25.0) for d in ("customer_calls", "customer_satisfaction", "accurate_information", "resolving_disagreements")
    }


def test_vetoes_and_bonuses_are_measures_too(catalogue, tmp_path, base):
    data = copy.deepcopy(base)
    r = role(data, "buyer")
    r["vetoes"] = [
        {"code": "no_kickbacks", "name_zh": "无回扣", "name_en": "No kickbacks", "standard_zh": "无回扣",
         "standard_en": "No kickbacks.", "source": "audit", "unit": "yes_no", "rule": "yes_no", "params": {}}
    ]
    company = load(tmp_path, data, "company.yaml")
    changes = diff_catalogues(catalogue, company)
    assert compact(changes) == [("measure-added", "buyer", "vetoes", "no_kickbacks", None, None, "yes_no")]
    r["vetoes"][0]["params"] = {"cap_grade": "C"}
    changes = diff_catalogues(company, load(tmp_path, data, "company2.yaml"))
    assert compact(changes) == [("measure-param-changed", "buyer", "vetoes", "no_kickbacks", "cap_grade", "D", "C")]


def test_the_default_rating_scale_written_out_is_no_change(catalogue, tmp_path, base):
    data = copy.deepcopy(base)
    m = dim(role(data, "claims_processor"), "adjusters_view")["measures"][0]
    m["params"] = {"scale": [[1, 0], [2, 60], [3, 100], [4, 110], [5, 120]]}
    assert diff_catalogues(catalogue, load(tmp_path, data)) == []
    m["params"] = {"scale": [[1, 0], [3, 100], [5, 120]]}
    (change,) = diff_catalogues(catalogue, load(tmp_path, data))
    assert (change.kind, change.field) == ("measure-param-changed", "scale")
    assert change.message("en").endswith("1:0, 2:60, 3:100, 4:110, 5:120 → 1:0, 3:100, 5:120")


def test_change_as_json():
    c = Change("measure-param-changed", "r", "d", "m", "target", 48.0, 24.5)
    assert c.to_dict("en") == {
        "kind": "measure-param-changed",
        "role": "r",
        "dimension": "d",
        "measure": "m",
        "field": "target",
        "old": 48,
        "new": 24.5,
        "message": "Measure r › m param target: 48 → 24.5",
    }
    assert show(None) == "—" and show(33.333333333) == "33.3333" and show(["S", "A"]) == "S, A"
