"""The built-in catalogue: complete, consistent, and faithful to the source document."""

from __future__ import annotations

import re
import unicodedata

import pytest

from kpi_cli.catalogue import check_catalogue
from kpi_cli.catalogue.model import PARAM_KEYS, SOURCES, UNITS

EXPECTED_ROLES = {
    "cs_manager": "客户服务管理",
    "cs_inquiry": "客户咨询",
    "cs_coordinator": "客户服务协调员",
    "quality_service_manager": "质量服务经理",
    "field_service_manager": "现场服务经理",
    "regional_claims_manager": "区域索赔经理",
    "property_claims_manager": "财产索赔经理",
    "field_service_specialist": "现场服务专家",
    "claims_processor": "索赔处理员",
    "department_claims_manager": "部门索赔经理",
    "casualty_claims_manager": "伤亡索赔经理",
    "cs_representative": "客户服务代表",
    "distribution_coordinator": "配送协调员",
    "purchasing_manager": "采购经理",
    "inplant_distribution_manager": "厂内配送经理",
    "distribution_manager": "配送经理",
    "buyer": "采购",
}
# Roles whose pages are missing from the source: every part of them is derived.
DERIVED_ROLES = {
    "casualty_claims_manager",
    "cs_representative",
    "distribution_coordinator",
    "purchasing_manager",
    "inplant_distribution_manager",
    "distribution_manager",
    "buyer",
}
CN_NUMERALS = {"零": 0, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
CJK = re.compile(r"[\u3400-\u9fff]")


def numbers_in(sentence: str) -> set[float]:
    s = unicodedata.normalize("NFKC", sentence)
    found = {float(x) for x in re.findall(r"\d+(?:\.\d+)?", s)}
    found |= {float(v) for ch, v in CN_NUMERALS.items() if ch in s}
    if any(w in s for w in ("没有", "无", "不")):
        found.add(0.0)
    return found


def test_loads_without_problems():
    cat, problems = check_catalogue()
    assert problems == []
    assert cat is not None and len(cat.roles) == 17


def test_all_seventeen_roles_of_the_document(catalogue):
    assert {r.code: r.name_zh for r in catalogue.roles} == EXPECTED_ROLES
    deps = {r.code: r.department.code for r in catalogue.roles}
    assert {c for c, d in deps.items() if d == "purchasing"} == {
        "purchasing_manager",
        "inplant_distribution_manager",
        "distribution_manager",
        "buyer",
    }


def test_weights_add_up_to_100(catalogue):
    for role in catalogue.roles:
        assert sum(d.weight for d in role.dimensions) == pytest.approx(100, abs=1e-6), role.code
        assert sum(role.effective_weights().values()) == pytest.approx(100, abs=1e-6), role.code


def test_source_weights_are_the_documents(catalogue):
    weights = {r.code: {d.code: (round(d.weight, 2), d.origin) for d in r.dimensions} for r in catalogue.roles}
    claims = [w for w, o in weights["claims_processor"].values()]
    assert claims == [35, 30, 20, 10, 5]
    assert all(o == "source" for _, o in weights["claims_processor"].values())
    cs = sorted((w for w, o in weights["cs_manager"].values() if o == "source"), reverse=True)
    assert cs == [35, 25, 15, 10]
    fsm = sorted((w for w, o in weights["field_service_manager"].values() if o == "source"), reverse=True)
    assert fsm == [30, 30, 10, 10]
    pcm = [w for w, o in weights["property_claims_manager"].values() if o == "source"]
    assert pcm == [5]


def test_codes_are_ascii_and_unique(catalogue):
    for role in catalogue.roles:
        codes = [m.code for m in role.all_measures]
        assert len(codes) == len(set(codes)), role.code
        dims = [d.code for d in role.dimensions]
        assert len(dims) == len(set(dims)), role.code
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", c) for c in codes + dims + [role.code])


def test_practical_number_of_input_columns(catalogue):
    for role in catalogue.roles:
        assert 5 <= len(role.all_measures) <= 15, (role.code, len(role.all_measures))


def test_every_measure_is_complete_and_bilingual(catalogue):
    for role in catalogue.roles:
        for text in (role.name_en, role.note_en):
            assert not CJK.search(text), role.code
        for d in role.dimensions:
            assert d.name_zh and d.name_en and not CJK.search(d.name_en)
        for m in role.all_measures:
            where = f"{role.code}.{m.code}"
            assert m.name_zh and m.name_en and m.standard_zh and m.standard_en, where
            assert not CJK.search(m.name_en + m.standard_en + " ".join(m.checklist_en)), where
            assert CJK.search(m.standard_zh), where
            assert m.source in SOURCES and m.unit in UNITS, where
            assert set(m.params) <= set(PARAM_KEYS), where
            assert len(m.checklist_zh) == len(m.checklist_en), where
            if m.unit in ("count", "count_change"):
                assert m.aggregate == "sum", where
            if m.basis is not None:
                assert m.unit in ("count", "count_change"), where


def test_floors_and_ceilings_are_given_and_marked_derived(catalogue):
    for role in catalogue.roles:
        for m in role.measures:
            where = f"{role.code}.{m.code}"
            p = m.params
            if m.rule == "higher":
                assert p["floor"] < p["target"], where
                assert p.get("excellent", p["target"] + 1) > p["target"], where
                assert "floor" in m.derived_params or m.origin == "derived", where
            if m.rule == "lower":
                assert p["ceiling"] > p["target"], where
                assert p.get("excellent", p["target"] - 1) < p["target"], where
                assert "ceiling" in m.derived_params or m.origin == "derived", where


def test_source_numbers_occur_in_the_source_sentence(catalogue):
    """Every number a `source` measure takes from the document is in its Chinese sentence."""
    checked = 0
    for role in catalogue.roles:
        for m in role.all_measures:
            if m.origin != "source":
                continue
            found = numbers_in(m.standard_zh)
            for key in ("target", "excellent", "floor", "ceiling", "per_unit"):
                if key in m.params and key not in m.derived_params:
                    assert float(m.params[key]) in found, f"{role.code}.{m.code}: {key}={m.params[key]} not in {m.standard_zh!r}"
                    checked += 1
    assert checked >= 30  # the document's numbers really are covered


def test_the_documents_visible_standards_are_there(catalogue):
    """A few standards quoted in the reading, with their numbers as parameters."""
    inquiry = catalogue.role("cs_inquiry")
    by_sentence = {m.standard_zh: m for m in inquiry.measures}
    call = by_sentence["每次接电话的时间不超过9分钟"]
    assert (call.rule, call.params["target"], call.unit) == ("lower", 9, "minutes")
    answered = next(m for m in inquiry.measures if "95%-97%" in m.standard_zh)
    assert (answered.rule, answered.params["target"], answered.params["excellent"]) == ("higher", 95, 97)
    complaints = next(m for m in inquiry.measures if m.standard_zh.startswith("每年主管收到的投诉"))
    assert (complaints.basis, complaints.params["target"]) == ("year", 2)
    regional = catalogue.role("regional_claims_manager")
    late = next(m for m in regional.measures if "10-15" in m.standard_zh)
    assert (late.rule, late.params["target"], late.params["excellent"], late.basis) == ("lower", 15, 10, "year")


def test_derived_roles_are_marked_derived(catalogue):
    for code in DERIVED_ROLES:
        role = catalogue.role(code)
        assert role.origin == "derived"
        assert all(m.origin == "derived" for m in role.all_measures)
        assert all(d.origin == "derived" for d in role.dimensions)
        assert role.note_zh and role.note_en


def test_lookup_by_code_and_names(catalogue):
    assert catalogue.lookup("客户咨询").code == "cs_inquiry"
    assert catalogue.lookup("customer inquiry").code == "cs_inquiry"
    assert catalogue.lookup("ＣＳ＿ＩＮＱＵＩＲＹ").code == "cs_inquiry"
    assert catalogue.lookup("客服专员") is None
    assert catalogue.suggest("客户咨") [0].code == "cs_inquiry"
