"""Assessment cycles (考核周期) and the corrected catalogue 2026.2 (issue 12).

Each finding of the review has its score that was wrong under catalogue 2026.1 (kept as
tests/data/catalogue/builtin-2026.1.yaml) and is right now, computed by hand in the comments.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_cli.catalogue import load_catalogue
from kpi_cli.catalogue.loader import check_catalogue
from kpi_cli.catalogue.model import CYCLES, PERIOD_MONTHS, Measure, needed_cycle
from kpi_cli.periods import Period, parse_period
from kpi_cli.scoring.engine import (
    MEASURE_NOT_DUE,
    in_domain,
    rule_points,
    scaled_params,
    score,
    score_role,
)

OLD_FILE = Path(__file__).parent / "data" / "catalogue" / "builtin-2026.1.yaml"
PERIODS = {"month": "2026-07", "quarter": "2026-Q3", "half": "2026-H2", "year": "2026"}


@pytest.fixture(scope="module")
def old():
    return load_catalogue(OLD_FILE)


@pytest.fixture(scope="module")
def new():
    return load_catalogue()


def one(cat, role: str, code: str, x: float, period: str) -> tuple[float, str]:
    """(points, status) of one figure of one measure, the others blank."""
    rs = score_role(cat.role(role), pd.DataFrame({code: [x]}, dtype=float), parse_period(period))
    p = rs.points.iloc[0][code]
    return (None if math.isnan(p) else round(float(p), 4)), rs.measure_status().iloc[0][code]


# --- the cycle in the model and the catalogue --------------------------------------------------
def test_previous_catalogue_is_kept_and_older(old, new):
    assert (old.version, new.version) == ("2026.1", "2026.2")


def test_builtin_sets_cycle_by_the_rule_and_checks_clean(new):
    """Every scaled count gets exactly the shortest cycle over which it is not all-or-nothing."""
    _, problems = check_catalogue()
    assert problems == []
    for role in new:
        for m in role.measures:
            if m.basis is not None and m.rule in ("higher", "lower"):
                assert m.cycle == needed_cycle(m), (role.code, m.code)
    cycles = {(r.code, m.code): m.cycle for r in new for m in r.measures if m.cycle}
    # The list (cs_inquiry ×4, cs_manager ×3, …) and what the rule adds to it.
    assert cycles == {
        ("cs_manager", "sales_per_quarter"): "quarter",
        ("cs_manager", "leads_converted_per_quarter"): "quarter",
        ("cs_manager", "pricing_conflicts_per_year"): "quarter",
        ("cs_inquiry", "supervisor_complaints_per_year"): "half",
        ("cs_inquiry", "inaccurate_information_complaints"): "half",
        ("cs_inquiry", "disagreements_per_year"): "quarter",
        ("cs_inquiry", "absences_per_year"): "quarter",
        ("field_service_manager", "justified_complaints"): "half",
        ("regional_claims_manager", "settlement_complaints"): "quarter",
        ("regional_claims_manager", "quarterly_government_report"): "quarter",
        ("field_service_specialist", "complaints_count_change"): "year",
        ("claims_processor", "supervisor_complaints_per_year"): "half",
        ("department_claims_manager", "suggestions_per_staff"): "year",
        ("department_claims_manager", "effective_suggestions"): "year",
        ("department_claims_manager", "vendor_complaints"): "half",
        ("casualty_claims_manager", "late_handling_complaints"): "quarter",
        ("casualty_claims_manager", "settlement_complaints"): "quarter",
        ("casualty_claims_manager", "effective_suggestions"): "year",
        ("cs_representative", "supervisor_complaints"): "half",
        ("cs_representative", "absences"): "quarter",
        ("distribution_coordinator", "delivery_complaints"): "quarter",
        ("purchasing_manager", "quality_complaints"): "quarter",
        ("inplant_distribution_manager", "handling_accidents"): "year",
        ("buyer", "quality_complaints"): "half",
    }


def test_the_previous_catalogue_is_what_the_check_warns_about():
    _, problems = check_catalogue(OLD_FILE)
    short = {(p.role, p.measure) for p in problems if p.type == "catalogue-cycle-too-short"}
    assert ("cs_inquiry", "supervisor_complaints_per_year") in short and len(short) == 18
    assert [(p.role, p.measure) for p in problems if p.type == "catalogue-span-too-small"] == [
        ("department_claims_manager", "suggestions_per_staff")  # floor 0.5 a year: all or nothing even over a year
    ]
    assert all(p.severity == "warning" for p in problems)


def test_cycle_choice_and_check_in_a_company_catalogue(tmp_path, new):
    from kpi_cli.catalogue.yaml_io import catalogue_yaml

    text = catalogue_yaml(new, "en").replace("cycle: half", "cycle: fortnight", 1)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    _, problems = check_catalogue(path)
    assert [(p.type, p.value) for p in problems if p.severity == "error"] == [("catalogue-bad-choice", "fortnight")]


def test_role_show_json_gives_every_measure_a_cycle(runner, app):
    res = runner.invoke(app, ["role", "show", "cs_inquiry", "--format", "json"])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    cycles = {m["code"]: m["cycle"] for d in data["dimensions"] for m in d["measures"]}
    assert cycles["supervisor_complaints_per_year"] == "half" and cycles["absences_per_year"] == "quarter"
    assert cycles["call_minutes"] is None and set(cycles.values()) <= {None, *CYCLES}


# --- scoring: not due ---------------------------------------------------------------------------
def test_not_due_leaves_the_mean_and_the_coverage_base(new):
    """cs_inquiry in July: the two half-yearly complaint counts are not due.

    customer_calls: call_minutes 9 → 100, calls_answered_in_30s 97 → 120, supervisor calls 6
    (T 5, C 10 a month) → 60 + 40·4/5 = 92, supervisor complaints not due: (100+120+92)/3 = 104.
    accurate_information: 98.5% → 110 alone (inaccurate-information complaints not due).
    The other dimensions blank. Total = (104 + 110)/2 = 107. Coverage = assessed ÷ due weight:
    assessed 3 × 5 + 10 = 25; due = 100 − 5 (supervisor complaints) − 10 (inaccurate-information
    complaints) − 10 (disagreements, quarterly) − 10 (absences, quarterly) = 65 → 25/65, not 25/100.
    """
    role = new.role("cs_inquiry")
    records = pd.DataFrame({"employee_id": ["E1"], "name": ["甲"], "department": ["d"], "role": ["cs_inquiry"]})
    values = pd.DataFrame({"call_minutes": [9.0], "calls_answered_in_30s": [97.0], "supervisor_calls_per_month": [6.0],
                           "accurate_information_pct": [98.5]})
    res = score(records, {"cs_inquiry": values}, new, parse_period("2026-07"))
    rs = res.roles["cs_inquiry"]
    assert rs.dimensions.iloc[0]["customer_calls"] == pytest.approx(104.0)
    assert rs.dimensions.iloc[0]["accurate_information"] == pytest.approx(110.0)
    e = res.employees.iloc[0]
    assert e["total"] == pytest.approx(107.0)
    assert e["coverage"] == pytest.approx(25 / 65)
    assert [f.code for f in res.flags(0)] == ["missing:friendliness_score", "missing:days_to_resolve_disagreement",
                                                 "missing:emergency_reporting"]  # the not-due ones are not "missing"
    status = rs.measure_status().iloc[0]
    assert status["supervisor_complaints_per_year"] == MEASURE_NOT_DUE and status["call_minutes"] == "scored"
    assert status["friendliness_score"] == "missing"
    assert res.problems == []


def test_a_figure_for_a_not_due_measure_is_kept_with_a_warning_never_scored(new):
    records = pd.DataFrame({"employee_id": ["E1", "E2"], "name": ["甲", "乙"], "department": ["d", "d"],
                            "role": ["cs_inquiry"] * 2, "file": ["7.xlsx"] * 2, "sheet": ["客户咨询"] * 2, "row": [2, 3]})
    values = pd.DataFrame({"call_minutes": [9.0, 9.0], "supervisor_complaints_per_year": [3.0, np.nan]})
    res = score(records, {"cs_inquiry": values}, new, parse_period("2026-07"))
    rs = res.roles["cs_inquiry"]
    assert rs.values.iloc[0]["supervisor_complaints_per_year"] == 3.0  # kept as information
    assert math.isnan(rs.points.iloc[0]["supervisor_complaints_per_year"])
    assert list(res.employees["total"]) == [100.0, 100.0]  # the 3 complaints change nothing
    assert [(p.type, p.severity, p.file, p.sheet, p.row, p.employee_id, p.measure) for p in res.problems] == [
        ("not-due-figure", "warning", "7.xlsx", "客户咨询", 2, "E1", "supervisor_complaints_per_year")
    ]
    assert "2026-07" in res.problems[0].message_en and "half-yearly" in res.problems[0].message_en


def test_a_dimension_with_nothing_due_leaves_the_total(new):
    """厂内配送经理 for July: safety_housekeeping holds the yearly handling accidents (not due) and
    the housekeeping pass rate; with only the accidents given, that dimension has no score and the
    total is line supply's alone (98% on time: the target → 100). With every due measure blank,
    nothing is assessed: incomplete, coverage 0."""
    records = pd.DataFrame({"employee_id": ["E1"], "name": ["甲"], "department": ["d"], "role": ["inplant_distribution_manager"]})
    role = new.role("inplant_distribution_manager")
    # safety_housekeeping = handling_accidents (yearly) + housekeeping_pass_pct: give only the accidents
    values = pd.DataFrame({"handling_accidents": [0.0], "line_on_time_pct": [98.0]})
    res = score(records, {role.code: values}, new, parse_period("2026-07"))
    rs = res.roles[role.code]
    assert math.isnan(rs.dimensions.iloc[0]["safety_housekeeping"])
    assert res.employees.iloc[0]["total"] == pytest.approx(100.0)  # line supply 100 alone
    # the whole role for a month, everything blank but the yearly measure: nothing assessed
    values = pd.DataFrame({"handling_accidents": [0.0]})
    res = score(records, {role.code: values}, new, parse_period("2026-07"))
    assert res.employees.iloc[0]["status"] == "incomplete" and res.employees.iloc[0]["coverage"] == 0


def test_a_dimension_wholly_not_due_is_shown_so_and_leaves_the_total(new):
    """部门索赔经理 in 2026-Q3: both measures of 对索赔服务和过程的提高 (15%) are yearly, so the dimension
    has nothing due. With 88% satisfied customers (T 85, E 95 → 100 + 20·3/10 = 106) and the
    yearly suggestions given anyway: total 106; coverage = 30 ÷ (100 − 15 − 5 half-yearly vendor
    complaints) = 30/80."""
    code = "department_claims_manager"
    records = pd.DataFrame({"employee_id": ["E1"], "name": ["甲"], "department": ["d"], "role": [code]})
    values = pd.DataFrame({"customers_satisfied_pct": [88.0], "suggestions_per_staff": [2.0], "effective_suggestions": [4.0]})
    res = score(records, {code: values}, new, parse_period("2026-Q3"))
    rs = res.roles[code]
    assert not rs.dimensions_due().iloc[0]["service_improvement"]
    assert math.isnan(rs.dimensions.iloc[0]["service_improvement"])
    e = res.employees.iloc[0]
    assert e["total"] == pytest.approx(106.0) and e["coverage"] == pytest.approx(30 / 80)
    assert [p.measure for p in res.problems] == ["suggestions_per_staff", "effective_suggestions"]


def test_scope_months_per_row_for_role_parts(new):
    """A role held for 2 months of a quarter (a role change): its quarterly measures are not due
    for that part, while a whole quarter in the role has them due."""
    role = new.role("cs_inquiry")
    values = pd.DataFrame({"absences_per_year": [1.0, 1.0]})
    rs = score_role(role, values, parse_period("2026-Q3"), scope_months=pd.Series([2.0, 3.0]))
    assert list(rs.measure_status()["absences_per_year"]) == [MEASURE_NOT_DUE, "scored"]
    # 1 absence a quarter: T = 7/4 = 1.75 → 100
    assert rs.points["absences_per_year"].iloc[1] == 100.0


def test_an_unreadable_cell_stays_an_error_even_when_not_due(new):
    role = new.role("cs_inquiry")
    values = pd.DataFrame({"supervisor_complaints_per_year": [np.nan]})
    bad = pd.DataFrame({"supervisor_complaints_per_year": [True]})
    rs = score_role(role, values, parse_period("2026-07"), invalid=bad)
    assert rs.measure_status().iloc[0]["supervisor_complaints_per_year"] == "invalid"


# --- property: no count is all-or-nothing in a period of its cycle or longer -------------------
def _distinct_points(m: Measure, months: int) -> set[float]:
    p = scaled_params(m, Period(2026, 1, months, "x"))
    if m.rule == "lower":
        top = math.floor(p["ceiling"]) + 1  # whole counts from 0 to the first one past the ceiling
    else:
        top = math.ceil(p.get("excellent") or p["target"])
    xs = np.arange(0, top + 1, dtype=float)
    return {round(float(v), 6) for v in rule_points(m, xs, p)}


def _count_measures(cat):
    return [(r.code, m) for r in cat for m in r.measures
            if m.unit == "count" and m.basis is not None and m.rule in ("higher", "lower")]


def test_no_builtin_count_is_all_or_nothing_in_its_cycle_or_longer(new):
    checked = 0
    for role, m in _count_measures(new):
        for cycle in CYCLES:
            months = PERIOD_MONTHS[cycle]
            if months < m.cycle_months:
                continue
            assert len(_distinct_points(m, months)) >= 3, (role, m.code, cycle)
            checked += 1
    assert checked > 60


def test_the_previous_catalogue_was_all_or_nothing(old):
    """What the issue found: 1 complaint in July scores 0 of a 'no more than 2 a year' standard."""
    m = old.role("cs_inquiry").measure("supervisor_complaints_per_year")
    assert _distinct_points(m, 1) == {100.0, 0.0}


@settings(max_examples=150, deadline=None)
@given(
    rule=st.sampled_from(["higher", "lower"]),
    basis=st.sampled_from(["month", "quarter", "year"]),
    target=st.integers(0, 30),
    span=st.integers(1, 30),
    excellent=st.booleans(),
)
def test_needed_cycle_makes_any_count_gradable(rule, basis, target, span, excellent):
    """For any count standard whose span is at least one event over a year, scoring in a period of
    its needed cycle or longer reaches at least three point values with whole counts.

    A `higher` count whose floor is 0 scores 60 for none, so it needs an excellent value (or a
    span of two events) for a third value: the built-in one (suggestions per staff member) has it.
    """
    if rule == "higher":
        target = max(target, span)  # a floor below 0 is not a count
        params = {"target": target, "floor": target - span}
        if excellent or target == span:
            params["excellent"] = target + span
    else:
        params = {"target": target, "ceiling": target + span}
        if excellent and target > 0:
            params["excellent"] = target - 1
    m = Measure("m", "m", "m", "", "", "report", "count", rule, params, "sum", basis)
    cycle = needed_cycle(m)
    if span * 12 / PERIOD_MONTHS[basis] < 1:
        return  # even a year is too short: the catalogue check says so (catalogue-span-too-small)
    m = Measure("m", "m", "m", "", "", "report", "count", rule, params, "sum", basis, cycle)
    for c in CYCLES:
        if PERIOD_MONTHS[c] >= m.cycle_months:
            assert len(_distinct_points(m, PERIOD_MONTHS[c])) >= 3, (params, basis, c)


# --- 1. small counts in short periods -------------------------------------------------------------
def test_item1_a_complaint_in_july_is_not_scored_but_the_half_year_is(old, new):
    # before: July thresholds T = 2/12, C = 4/12: 1 complaint > C → 0 points
    assert one(old, "cs_inquiry", "supervisor_complaints_per_year", 1, "2026-07") == (0.0, "scored")
    assert one(new, "cs_inquiry", "supervisor_complaints_per_year", 1, "2026-07") == (None, "not_due")
    assert one(new, "cs_inquiry", "supervisor_complaints_per_year", 1, "2026-Q3") == (None, "not_due")
    # H2: T = 1, C = 2: 1 → 100, 2 → 60, 3 → 0
    for x, p in ((1, 100.0), (2, 60.0), (3, 0.0)):
        assert one(new, "cs_inquiry", "supervisor_complaints_per_year", x, "2026-H2") == (p, "scored")


def test_item1_one_suggestion_a_year_is_scored_over_the_year(old, new):
    # before, a month without a suggestion: T = 1/12, F = 0.5/12 → 0 < F → 0 points (11 months of 12)
    assert one(old, "department_claims_manager", "suggestions_per_staff", 0, "2026-07") == (0.0, "scored")
    assert one(new, "department_claims_manager", "suggestions_per_staff", 0, "2026-07") == (None, "not_due")
    # now over the year: F 0 → 60, T 1 → 100, E 2 → 120
    for x, p in ((0, 60.0), (1, 100.0), (2, 120.0)):
        assert one(new, "department_claims_manager", "suggestions_per_staff", x, "2026") == (p, "scored")


# --- 2. a basis for every count -------------------------------------------------------------------
def test_item2_counts_without_a_period_now_have_a_basis(old, new):
    # before: no basis, T 0, C 2 in any period: 2 complaints → 60 in July and in the whole year
    assert one(old, "field_service_manager", "justified_complaints", 2, "2026-07") == (60.0, "scored")
    assert one(old, "field_service_manager", "justified_complaints", 2, "2026") == (60.0, "scored")
    # now 0 a year, ceiling 2 a year, assessed per half-year: H2 C = 1 → 2 complaints score 0;
    # the year C = 2 → 60; 1 in the year → 60 + 40·(2−1)/2 = 80
    assert one(new, "field_service_manager", "justified_complaints", 2, "2026-H2") == (0.0, "scored")
    assert one(new, "field_service_manager", "justified_complaints", 2, "2026") == (60.0, "scored")
    assert one(new, "field_service_manager", "justified_complaints", 1, "2026") == (80.0, "scored")
    assert one(new, "department_claims_manager", "vendor_complaints", 2, "2026-H1") == (0.0, "scored")
    for role in new:
        for m in role.measures:
            if m.unit in ("count", "count_change") and m.rule in ("higher", "lower"):
                assert m.basis is not None, (role.code, m.code)
    vc = new.role("department_claims_manager").measure("vendor_complaints")
    assert "basis" in vc.derived_params


# --- 3. "improving" standards ----------------------------------------------------------------------
@pytest.mark.parametrize("role, code, flat_before", [
    ("field_service_specialist", "sales_change", 100.0),
    ("field_service_specialist", "collections_change", 100.0),
    ("field_service_specialist", "service_cost_change", 100.0),
    ("field_service_specialist", "sales_volume_change", 100.0),
    ("field_service_specialist", "customer_satisfaction_change", 100.0),
    ("field_service_specialist", "uptime_change", 100.0),
    ("regional_claims_manager", "claims_cost_change", 100.0),
])
def test_item3_flat_scores_60_and_a_step_in_the_direction_meets(old, new, role, code, flat_before):
    assert one(old, role, code, 0, "2026-Q3") == (flat_before, "scored")
    assert one(new, role, code, 0, "2026-Q3") == (60.0, "scored")
    m = new.role(role).measure(code)
    step = 0.1 if m.rule == "higher" else -0.1
    assert one(new, role, code, step, "2026-Q3") == (100.0, "scored")
    assert one(new, role, code, -step, "2026-Q3") == (0.0, "scored")  # the wrong direction
    assert "target" in m.derived_params and m.origin == "derived"


def test_item3_uptime_in_points_and_complaints_as_a_count_difference(old, new):
    up_old = old.role("field_service_specialist").measure("uptime_change")
    up = new.role("field_service_specialist").measure("uptime_change")
    assert (up_old.unit, up.unit) == ("change_pct", "pp_change")
    # 150 (% relative) was accepted; as percentage points it cannot exceed 100
    assert in_domain(up_old, np.array([150.0]))[0] and not in_domain(up, np.array([150.0]))[0]
    # +0.5 points: 100 + 20·(0.5 − 0.1)/(2 − 0.1) = 104.2105
    assert one(new, "field_service_specialist", "uptime_change", 0.5, "2026-Q3") == (104.2105, "scored")
    c = new.role("field_service_specialist").measure("complaints_count_change")
    assert (c.unit, c.rule, c.basis, c.cycle, c.aggregate) == ("count_change", "lower", "year", "year", "sum")
    # a year with 1 fewer complaint → 100; 3 fewer → 120; the same → 60; 1 more → 0
    for x, p in ((-1, 100.0), (-3, 120.0), (0, 60.0), (1, 0.0)):
        assert one(new, "field_service_specialist", "complaints_count_change", x, "2026") == (p, "scored")
    assert "complaints_change" not in [m.code for m in new.role("field_service_specialist").measures]


# --- 4. an individual's bar at least as strict as the department's --------------------------------
def _yearly(m: Measure) -> dict:
    return scaled_params(m, parse_period("2026"))


def test_item4_individual_bars_are_not_looser_than_the_department(old, new):
    pairs = [
        (("buyer", "quality_complaints"), ("purchasing_manager", "quality_complaints")),
        (("buyer", "stockouts"), ("purchasing_manager", "stockouts")),
        (("distribution_coordinator", "delivery_complaints"), ("distribution_manager", "damage_complaints")),
    ]
    for (r1, c1), (r2, c2) in pairs:
        own, dept = _yearly(new.role(r1).measure(c1)), _yearly(new.role(r2).measure(c2))
        assert own["target"] <= dept["target"] and own["ceiling"] <= dept["ceiling"], (r1, c1)
    old_own = _yearly(old.role("buyer").measure("quality_complaints"))
    assert old_own["target"] == 8 > 5  # 2 a quarter = 8 a year against the department's 5
    # 4 quality complaints in a year: before 120 (excellent 1 a quarter = 4 a year); now T 2, C 4 → 60
    assert one(old, "buyer", "quality_complaints", 4, "2026") == (120.0, "scored")
    assert one(new, "buyer", "quality_complaints", 4, "2026") == (60.0, "scored")
    # 2 stock-outs in July: before 100 (T 2, as the whole department); now T 1, C 2 → 60
    assert one(old, "buyer", "stockouts", 2, "2026-07") == (100.0, "scored")
    assert one(new, "buyer", "stockouts", 2, "2026-07") == (60.0, "scored")
    # 3 delivery complaints in Q3: before T 4, E 2 → 100 + 20·(4−3)/(4−2) = 110, better than the
    # department's target of 3; now T 2, C 4 → 60 + 40·(4−3)/(4−2) = 80
    assert one(old, "distribution_coordinator", "delivery_complaints", 3, "2026-Q3") == (110.0, "scored")
    assert one(new, "distribution_coordinator", "delivery_complaints", 3, "2026-Q3") == (80.0, "scored")


# --- 5. windows and names --------------------------------------------------------------------------
def test_item5_windows_and_names(new):
    assert "4小时" in new.role("cs_manager").measure("requests_answered_in_time").name_zh
    assert "2-4" not in new.role("cs_manager").measure("requests_answered_in_time").name_zh
    rep = new.role("cs_representative").measure("calls_answered_pct")
    assert "30秒" in rep.name_zh and "30秒" in rep.standard_zh and "30 seconds" in rep.standard_en
    for role in ("purchasing_manager", "inplant_distribution_manager", "distribution_manager"):
        m = new.role(role).measure("inventory_turns")
        assert m.name_zh.startswith("年化") and "annualised" in m.name_en, role
        assert "annualised" in new.role(role).note_en and "年化" in new.role(role).note_zh
    survey = new.role("cs_coordinator").measure("follow_up_survey_days")
    assert survey.standard_zh == "在安装产品后的5天之后展开后期服务的调查"  # the source sentence, kept
    assert "day 5" in survey.standard_en and "第几天" in survey.name_zh
    assert (survey.rule, survey.params["target"]) == ("lower", 5)


# --- 6. derived values revisited -------------------------------------------------------------------
def test_item6_survey_floor_is_the_rating_that_meets(old, new):
    # a mean of 3.4 on the 1–5 survey: before below the floor 3.5 → 0; now 60 + 40·(3.4−3)/(4−3) = 76
    assert one(old, "field_service_manager", "service_satisfaction_survey", 3.4, "2026-Q3") == (0.0, "scored")
    assert one(new, "field_service_manager", "service_satisfaction_survey", 3.4, "2026-Q3") == (76.0, "scored")


@pytest.mark.parametrize("role, code, target, floor_before, floor_now", [
    ("distribution_manager", "shipping_accuracy_pct", 99, 89, 96),
    ("inplant_distribution_manager", "delivery_accuracy_pct", 98, 88, 94),
    ("inplant_distribution_manager", "line_on_time_pct", 98, 88, 94),
    ("distribution_coordinator", "database_accuracy_pct", 98, 88, 94),
    ("buyer", "quality_acceptance_pct", 98, 88, 94),
    ("purchasing_manager", "quality_acceptance_pct", 98, 88, 94),
])
def test_item6_accuracy_floors_within_five_points(old, new, role, code, target, floor_before, floor_now):
    assert old.role(role).measure(code).params["floor"] == floor_before
    assert new.role(role).measure(code).params["floor"] == floor_now
    assert 3 <= target - floor_now <= 5
    # an error rate of (100 − floor_before)%, 6–11 × the target's, earned 60; now 0
    assert one(old, role, code, floor_before, "2026-Q3") == (60.0, "scored")
    assert one(new, role, code, floor_before, "2026-Q3") == (0.0, "scored")


def test_item6_reductions_are_bounded_at_100_and_may_be_negative(old, new):
    cases = [("cs_coordinator", "order_time_reduction"), ("distribution_coordinator", "lead_time_cut_pct"),
             ("purchasing_manager", "cost_savings_pct"), ("inplant_distribution_manager", "cost_savings_pct"),
             ("distribution_manager", "cost_savings_pct"), ("buyer", "price_savings_pct")]
    for role, code in cases:
        before, now = old.role(role).measure(code), new.role(role).measure(code)
        x = np.array([150.0, -150.0])
        assert in_domain(before, x).tolist() == [True, False], code  # an impossible cut accepted, a real rise refused
        assert in_domain(now, x).tolist() == [False, True], code
        assert now.unit == "reduction_pct"


def test_item6_casualty_claim_days_count_from_complete_documents(new):
    m = new.role("casualty_claims_manager").measure("claim_cycle_days")
    assert "资料齐全" in m.standard_zh and "伤残鉴定" in m.standard_zh and "complete" in m.standard_en


# --- 7. texts -----------------------------------------------------------------------------------------
def test_item7_texts(new):
    staff = new.role("department_claims_manager").measure("staff_management_rating")
    assert staff.standard_zh.startswith("区域索赔经理认为：所有职员都有书面的绩效标准")  # the source sentence
    assert "原文在此中断" in staff.standard_zh and "breaks off" in staff.standard_en
    assert len(staff.checklist_zh) == len(staff.checklist_en) == 10
    assert all("（派生）" in x for x in staff.checklist_zh[1:]) and all("(derived)" in x for x in staff.checklist_en[1:])
    files = new.role("claims_processor").measure("file_access_rating")
    assert "right away" in files.standard_en and "first attempt" not in files.standard_en
    assert "They can find files right away" in files.checklist_en
    casualty = new.role("casualty_claims_manager").measure("claim_file_rating")
    assert "death certificate" in casualty.standard_en and any("death" in x for x in casualty.checklist_en)


def test_item7_yes_no_combines_as_met_in_every_month(new):
    for role in new:
        for m in role.all_measures:
            if m.rule == "yes_no":
                assert m.aggregate == "all", (role.code, m.code)


def test_item7_origin_derived_means_the_target_is_ours(new):
    for role in new:
        for m in role.measures:
            if "target" in m.params:
                assert (m.origin == "derived") == ("target" in m.derived_params), (role.code, m.code)


# --- the diff against the previous version shows every change -------------------------------------
def test_catalogue_diff_shows_every_change(runner, app):
    res = runner.invoke(app, ["catalogue", "diff", str(OLD_FILE), "builtin", "--format", "json", "--lang", "en"])
    assert res.exit_code == 0, res.stdout
    changes = {(c["kind"], c["role"], c["measure"], c["field"], json.dumps(c["old"], ensure_ascii=False),
                json.dumps(c["new"], ensure_ascii=False))
               for c in json.loads(res.stdout)["changes"]}
    expected = [
        ("catalogue-changed", None, None, "version", '"2026.1"', '"2026.2"'),
        ("measure-changed", "cs_inquiry", "supervisor_complaints_per_year", "cycle", "null", '"half"'),
        ("measure-changed", "field_service_manager", "justified_complaints", "basis", "null", '"year"'),
        ("measure-param-changed", "field_service_specialist", "sales_change", "target", "0", "0.1"),
        ("measure-param-changed", "field_service_specialist", "sales_change", "floor", "-10", "0"),
        ("measure-changed", "field_service_specialist", "uptime_change", "unit", '"change_pct"', '"pp_change"'),
        ("measure-removed", "field_service_specialist", "complaints_change", None, None, None),
        ("measure-param-changed", "buyer", "stockouts", "target", "2", "1"),
        ("measure-changed", "buyer", "quality_complaints", "basis", '"quarter"', '"year"'),
        ("measure-param-changed", "field_service_manager", "service_satisfaction_survey", "floor", "3.5", "3"),
        ("measure-changed", "buyer", "price_savings_pct", "unit", '"change_pct"', '"reduction_pct"'),
        ("measure-changed", "cs_inquiry", "emergency_reporting", "aggregate", '"mean"', '"all"'),
        ("measure-changed", "purchasing_manager", "inventory_turns", "name_zh", '"存货周转次数"', '"年化存货周转次数"'),
    ]
    found = {k[:4]: k for k in changes}
    for kind, role, measure, field, o, n in expected:
        key = (kind, role, measure, field)
        assert key in found, key
        if o is not None:
            assert found[key][4:] == (o, n), key
    added = [k for k in changes if k[0] == "measure-added"]
    assert [k[2] for k in added] == ["complaints_count_change"]


# --- oracle: `kpi score --format json` follows from `kpi role show --format json` ---------------
MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}


def _oracle_points(m: dict, x: float, months: int) -> float:
    """The scoring model's table, written again from the role JSON alone."""
    p = dict(m["params"])
    if m["basis"]:
        f = months / MONTHS[m["basis"]]
        p = {k: (v * f if k in ("target", "excellent", "floor", "ceiling") and v is not None else v) for k, v in p.items()}
    rule = m["rule"]
    if rule == "higher":
        t, e, fl = p["target"], p.get("excellent"), p["floor"]
        if e is not None and x >= e:
            return 120.0
        if x >= t:
            return 100.0 if e is None else 100 + 20 * (x - t) / (e - t)
        return 60 + 40 * (x - fl) / (t - fl) if x >= fl else 0.0
    if rule == "lower":
        t, e, c = p["target"], p.get("excellent"), p["ceiling"]
        if e is not None and x <= e:
            return 120.0
        if x <= t:
            return 100.0 if e is None else 100 + 20 * (t - x) / (t - e)
        return 60 + 40 * (c - x) / (c - t) if x <= c else 0.0
    if rule == "rating":
        xs, ps = zip(*p["scale"])
        return float(np.interp(x, xs, ps))
    if rule == "yes_no":
        return 100.0 if x else 0.0
    raise AssertionError(rule)


def _figure(m: dict, rng: np.random.Generator, months: int):
    """A plausible figure as HR would type it (None = blank), spread around the thresholds."""
    if rng.random() < 0.1:
        return None
    unit, p = m["unit"], m["params"]
    if m["rule"] == "yes_no":
        return "是" if rng.random() < 0.8 else "否"
    if m["rule"] == "rating":
        return round(float(rng.uniform(1, 5)), 1)
    f = months / MONTHS[m["basis"]] if m["basis"] else 1.0
    lo_hi = [v * f for k, v in p.items() if k in ("target", "excellent", "floor", "ceiling") and v is not None]
    lo, hi = min(lo_hi), max(lo_hi)
    pad = max((hi - lo) * 0.6, 1.0)
    x = float(rng.uniform(lo - pad, hi + pad))
    if unit == "count":
        return max(0, int(round(x)))
    if unit == "count_change":
        return int(round(x))
    if unit == "rating":  # a survey mean scored by a higher/lower rule: still on the 1–5 scale
        return round(min(max(x, 1.0), 5.0), 1)
    if unit in ("percent", "score"):
        return round(min(max(x, 0.0), 100.0), 1)
    if unit in ("change_pct",):
        return round(max(x, -100.0), 1)
    if unit == "reduction_pct":
        return round(min(x, 100.0), 1)
    if unit == "pp_change":
        return round(min(max(x, -100.0), 100.0), 1)
    return round(max(x, 0.0), 2)


@pytest.mark.parametrize("kind", ["month", "quarter", "half", "year"])
def test_score_json_follows_from_role_show_json(runner, app, tmp_path, kind, new):
    period, months = PERIODS[kind], MONTHS[kind]
    rng = np.random.default_rng(12 + months)
    roles = {}
    files = []
    for r, role in enumerate(new):
        res = runner.invoke(app, ["role", "show", role.code, "--format", "json"])
        assert res.exit_code == 0
        rj = json.loads(res.stdout)
        roles[role.code] = rj
        measures = [m for d in rj["dimensions"] for m in d["measures"]]
        lines = [",".join(["工号", "姓名", "部门", "岗位", *[m["code"] for m in measures]])]
        for k in range(4):
            cells = [_figure(m, rng, months) for m in measures]
            lines.append(",".join([f"E{r:02d}{k}", f"员工{r}-{k}", "部门", role.code,
                                   *["" if c is None else str(c) for c in cells]]))
        path = tmp_path / f"{role.code}.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        files.append(str(path))
    res = runner.invoke(app, ["score", *files, "--period", period, "--format", "json"])
    assert res.exit_code == 0, res.stderr  # figures given for measures not due are warnings only
    data = json.loads(res.stdout)
    assert {p["type"] for p in data["problems"]} == ({"not-due-figure"} if kind != "year" else set())
    assert data["period"] == period and data["catalogue"]["version"] == "2026.2"
    seen = {"not_due": 0, "scored": 0}
    for e in data["employees"]:
        rj = roles[e["role"]]
        got = {m["code"]: m for m in e["measures"]}
        num = den_w = 0.0
        assessed_w = due_w = 0.0
        dims = {d["code"]: d["score"] for d in e["dimensions"]}
        for d in rj["dimensions"]:
            d_num = d_den = 0.0
            total_mw = sum(m["weight"] for m in d["measures"])
            for m in d["measures"]:
                g = got[m["code"]]
                eff = d["weight"] * m["weight"] / total_mw
                due = m["cycle"] is None or months >= MONTHS[m["cycle"]]
                if not due:
                    assert (g["status"], g["points"], g["assessed"]) == ("not_due", None, False), m["code"]
                    seen["not_due"] += 1
                    continue
                due_w += eff
                if g["value"] is None:
                    assert (g["status"], g["points"]) == ("missing", None), m["code"]
                    continue
                want = _oracle_points(m, g["value"], months)
                assert g["status"] == "scored" and g["points"] == pytest.approx(want, abs=1e-9), (e["employee_id"], m["code"])
                seen["scored"] += 1
                d_num += want * m["weight"]
                d_den += m["weight"]
                assessed_w += eff
            if d_den:
                assert dims[d["code"]] == pytest.approx(d_num / d_den, abs=1e-9)
                num += d["weight"] * d_num / d_den
                den_w += d["weight"]
            else:
                assert dims[d["code"]] is None  # nothing assessed, or nothing due: leaves the total
        assert e["total"] == pytest.approx(num / den_w if den_w else None, abs=1e-6)  # role JSON weights are rounded to 6 places
        assert e["coverage"] == pytest.approx(assessed_w / due_w if due_w else 0.0, abs=1e-6)
    assert seen["scored"] > 150
    assert (seen["not_due"] > 0) == (kind != "year")


# --- every output says "not due" -------------------------------------------------------------------
SAMPLE_Q3 = str(Path(__file__).resolve().parents[1] / "sample_data" / "2026-Q3.xlsx")


def test_terminal_explain_csv_and_html_say_not_due(runner, app, tmp_path):
    res = runner.invoke(app, ["score", SAMPLE_Q3, "--role", "客户咨询", "--lang", "en"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "Not due in 2026-Q3" in res.stdout and "Complaints received by the supervisor per year (half-yearly measure)" in res.stdout
    res = runner.invoke(app, ["score", SAMPLE_Q3, "--explain", "E1028", "--lang", "zh"], env={"COLUMNS": "250"})
    assert "本期不考核：半年度指标，2026-Q3 较短 → 不评分，也不计入覆盖率" in res.stdout
    res = runner.invoke(app, ["score", SAMPLE_Q3, "--format", "csv", "--role", "客户咨询"])
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(res.stdout.lstrip("\ufeff"))))
    assert {r["not_due"] for r in rows} == {"supervisor_complaints_per_year;inaccurate_information_complaints"}
    html = tmp_path / "r.html"
    res = runner.invoke(app, ["score", SAMPLE_Q3, "--role", "客户咨询", "--html", str(html), "--lang", "zh"])
    text = html.read_text(encoding="utf-8")
    assert text.count('<tr class="not_due">') == 2 * 12  # two measures on each of 12 forms
    assert "每年主管收到的投诉次数 · 半年度指标" in text


def test_template_marks_cycle_columns(runner, app, tmp_path):
    import openpyxl

    path = tmp_path / "t.xlsx"
    res = runner.invoke(app, ["template", "客户咨询", "--period", "2026-Q3", "-o", str(path), "--lang", "zh"])
    assert res.exit_code == 0
    ws = openpyxl.load_workbook(path)["客户咨询"]
    notes = {c.value: c.comment.text for c in ws[1] if c.comment}
    assert notes["每年主管收到的投诉次数"].startswith("半年度指标：按半年或更长的期间考核")
    assert "本期 2026-Q3 不考核" in notes["每年主管收到的投诉次数"]
    assert notes["每年缺席次数"].startswith("季度指标") and "2026-Q3" not in notes["每年缺席次数"]  # due in a quarter
    assert "每月由主管接听的客户电话次数" not in notes  # no cycle, no note
