"""The scoring engine against hand-computed points, at and around every boundary."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kpi_cli.catalogue.model import Catalogue, Department, Dimension, GradeBand, Measure, Quota, Role
from kpi_cli.scoring.explain import describe_rule, explain_measure
from kpi_cli.scoring.flags import Flag
from kpi_cli.periods import parse_period
from kpi_cli.scoring.engine import grade_of, round_half_up, rule_points, scaled_params, score, score_role

Q3 = parse_period("2026-Q3")
JULY = parse_period("2026-07")


def measure(code="m", rule="higher", unit="percent", params=None, basis=None, weight=1.0, **kw) -> Measure:
    return Measure(
        code=code,
        name_zh=code,
        name_en=code,
        standard_zh="",
        standard_en="",
        source="report",
        unit=unit,
        rule=rule,
        params=params or {},
        aggregate="sum" if unit == "count" else "mean",
        basis=basis,
        weight=weight,
        **kw,
    )


def pts(m: Measure, *xs: float, period=Q3) -> list[float]:
    out = rule_points(m, np.array(xs, dtype=float), scaled_params(m, period))
    return [round(float(v), 4) if not math.isnan(v) else v for v in out]


# --- the worked example of the scoring model ----------------------------------------------------
CALLS_30S = measure("calls_30s", "higher", "percent", {"target": 95, "excellent": 97, "floor": 80})
COMPLAINTS = measure("complaints", "lower", "count", {"target": 2, "ceiling": 4}, basis="year")


def test_worked_example_higher():
    assert pts(CALLS_30S, 96, 90, 79) == [110.0, 86.6667, 0.0]


def test_worked_example_lower_scaled_to_a_quarter():
    assert scaled_params(COMPLAINTS, Q3) == {"target": 0.5, "ceiling": 1.0}
    assert pts(COMPLAINTS, 0, 1, 2) == [100.0, 60.0, 0.0]


@pytest.mark.parametrize(
    "x, expected",
    [(100, 120), (97, 120), (96.9, 119), (95, 100), (94.99, 99.9733), (80, 60), (79.99, 0), (0, 0)],
)
def test_higher_boundaries(x, expected):
    assert pts(CALLS_30S, x) == [pytest.approx(expected, abs=1e-3)]


def test_higher_without_excellent_caps_at_100():
    m = measure(params={"target": 90, "floor": 75})
    assert pts(m, 100, 90, 82.5, 74) == [100, 100, 80, 0]


LOWER_MIN = measure("minutes", "lower", "minutes", {"target": 9, "excellent": 6, "ceiling": 13.5})


@pytest.mark.parametrize("x, expected", [(5, 120), (6, 120), (7.5, 110), (9, 100), (11.25, 80), (13.5, 60), (13.51, 0)])
def test_lower_boundaries(x, expected):
    assert pts(LOWER_MIN, x) == [pytest.approx(expected, abs=1e-3)]


def test_rating_default_scale():
    m = measure("r", "rating", "rating")
    assert pts(m, 1, 2, 3, 3.6, 4, 4.5, 5) == [0, 60, 100, 106, 110, 115, 120]


def test_yes_no_deduct_and_bands():
    assert pts(measure("y", "yes_no", "yes_no"), 1, 0) == [100, 0]
    assert pts(measure("d", "deduct", "count", {"per_unit": 10}), 0, 3, 20) == [100, 70, 0]
    bands = measure("b", "bands", "count", {"bands": [[5, 100], [10, 80], [None, 50]]})
    assert pts(bands, 3, 5, 5.5, 10, 11, 1000) == [100, 100, 80, 80, 50, 50]
    closed = measure("b", "bands", "count", {"bands": [[5, 100], [10, 80]]})
    assert pts(closed, 10, 10.5) == [80, 0]


def test_blank_stays_not_assessed():
    assert math.isnan(pts(CALLS_30S, float("nan"))[0])


@pytest.mark.parametrize(
    "basis, period, factor",
    [("year", "2026-Q3", 0.25), ("year", "2026-07", 1 / 12), ("month", "2026-Q3", 3), ("quarter", "2026-Q3", 1), ("quarter", "2026", 4), ("year", "2026-H2", 0.5)],
)
def test_period_scaling(basis, period, factor):
    m = measure("c", "lower", "count", {"target": 8, "excellent": 4, "ceiling": 16}, basis=basis)
    p = scaled_params(m, parse_period(period))
    assert p == pytest.approx({"target": 8 * factor, "excellent": 4 * factor, "ceiling": 16 * factor})


def test_percentages_and_durations_are_never_scaled():
    assert scaled_params(CALLS_30S, parse_period("2026")) == CALLS_30S.params
    assert scaled_params(LOWER_MIN, JULY) == LOWER_MIN.params


# --- properties ---------------------------------------------------------------------------------
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@st.composite
def higher_params(draw):
    t = draw(st.floats(min_value=-1000, max_value=1000, allow_nan=False))
    f = t - draw(st.floats(min_value=0.01, max_value=500))
    e = draw(st.one_of(st.none(), st.just(t + draw(st.floats(min_value=0.01, max_value=500)))))
    return {"target": t, "floor": f, **({"excellent": e} if e is not None else {})}


@given(higher_params(), st.lists(finite, min_size=2, max_size=20))
def test_higher_is_bounded_and_never_decreases(params, xs):
    m = measure(params=params, unit="ratio")
    xs = sorted(xs)
    out = rule_points(m, np.array(xs), params)
    assert ((out >= 0) & (out <= 120)).all()
    assert (np.diff(out) >= -1e-9).all()


@given(higher_params(), st.lists(finite, min_size=2, max_size=20))
def test_lower_is_bounded_and_never_increases(hp, xs):
    # mirror a higher parameter set into a lower one
    params = {"target": -hp["target"], "ceiling": -hp["floor"]}
    if "excellent" in hp:
        params["excellent"] = -hp["excellent"]
    m = measure(rule="lower", params=params, unit="ratio")
    xs = sorted(xs)
    out = rule_points(m, np.array(xs), params)
    assert ((out >= 0) & (out <= 120)).all()
    assert (np.diff(out) <= 1e-9).all()


@given(
    st.floats(min_value=0.5, max_value=50),
    st.floats(min_value=0, max_value=200),
    st.sampled_from(["month", "quarter", "year"]),
    st.sampled_from(["2026-07", "2026-Q3", "2026-H2", "2026"]),
)
def test_scaling_a_count_basis_is_consistent(target, x, basis, period):
    """Scoring x against thresholds scaled by k equals scoring x/k against the standard itself."""
    m = measure("c", "lower", "count", {"target": target, "excellent": target / 2, "ceiling": target * 2}, basis=basis)
    p = parse_period(period)
    k = p.scale_for(basis)
    scaled = rule_points(m, np.array([x]), scaled_params(m, p))[0]
    plain = rule_points(m, np.array([x / k]), m.params)[0]
    assert scaled == pytest.approx(plain, abs=1e-6)


@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), st.floats(min_value=0.01, max_value=100))
def test_rating_and_deduct_bounded(x, p):
    assume(not math.isnan(x))
    for m in (measure("r", "rating", "rating"), measure("d", "deduct", "count", {"per_unit": p})):
        out = rule_points(m, np.array([x]), m.params)[0]
        assert 0 <= out <= 120


# --- from measures to totals and grades ---------------------------------------------------------
CS = Department("customer_service", "客户服务部", "Customer Service")
A1 = measure("a1", params={"target": 90, "excellent": 100, "floor": 70})
A2 = measure("a2", "rating", "rating")
B1 = measure("b1", "lower", "count", {"target": 4, "ceiling": 8}, basis="quarter")
ROLE = Role(
    code="toy",
    name_zh="玩具岗位",
    name_en="Toy role",
    department=CS,
    origin="source",
    dimensions=(
        Dimension("dim_a", "甲", "A", 60.0, "source", (A1, A2)),
        Dimension("dim_b", "乙", "B", 40.0, "source", (B1,)),
    ),
)
GRADES = (
    GradeBand("S", "卓越", "Outstanding", 110),
    GradeBand("A", "优秀", "Excellent", 100),
    GradeBand("B", "良好", "Good", 85),
    GradeBand("C", "合格", "Satisfactory", 70),
    GradeBand("D", "待改进", "Needs improvement", None),
)
CAT = Catalogue("玩具", "Toy", "1", {"customer_service": CS}, GRADES, (Quota(("S", "A"), 0.2),), 0.5, (ROLE,))


def score_toy(rows: list[dict], invalid=None):
    records = pd.DataFrame(
        [
            {"employee_id": f"E{i}", "name": f"N{i}", "department": r.pop("dep", "D1"), "role": r.pop("role", "toy"), "has_error": r.pop("err", False)}
            for i, r in enumerate(rows)
        ]
    )
    values = pd.DataFrame(rows, index=records.index, dtype=float).reindex(columns=["a1", "a2", "b1"])
    return score(records, {"toy": values}, CAT, Q3, invalid={"toy": invalid} if invalid is not None else None)


def test_dimension_and_total_by_hand():
    # a1 = 95 → 110, a2 = 3 → 100: dim_a = 105; b1 = 6 → 60 + 40·(8−6)/(8−4) = 80: dim_b = 80
    # total = (60·105 + 40·80) / 100 = 95 → B
    r = score_toy([{"a1": 95, "a2": 3, "b1": 6}])
    e = r.employees.iloc[0]
    assert r.roles["toy"].dimensions.iloc[0].tolist() == [105, 80]
    assert e["total"] == pytest.approx(95)
    assert (e["grade"], e["status"], e["coverage"]) == ("B", "ok", 1.0)


def test_blank_is_reweighted_not_zero():
    # a2 blank: dim_a = points of a1 alone (110); total = (60·110 + 40·80)/100 = 98; coverage 70%
    r = score_toy([{"a1": 95, "a2": None, "b1": 6}])
    e = r.employees.iloc[0]
    assert e["total"] == pytest.approx(98)
    assert e["coverage"] == pytest.approx(0.7)
    assert r.flags(0) == [Flag("missing", "a2")]
    # a whole dimension blank: its weight is shared by the assessed one
    r = score_toy([{"a1": None, "a2": None, "b1": 6}])
    e = r.employees.iloc[0]
    assert e["total"] == pytest.approx(80)
    assert (e["coverage"], e["status"], e["grade"]) == (pytest.approx(0.4), "incomplete", None)


def test_nothing_assessed_is_incomplete_without_total():
    e = score_toy([{"a1": None, "a2": None, "b1": None}]).employees.iloc[0]
    assert math.isnan(e["total"]) and e["status"] == "incomplete" and e["grade"] is None


def test_invalid_cell_and_out_of_domain_make_the_employee_invalid():
    bad = pd.DataFrame({"a1": [True, False], "a2": [False, False], "b1": [False, False]})
    r = score_toy([{"a1": None, "a2": 3, "b1": 4}, {"a1": 95, "a2": 7, "b1": 4}], invalid=bad)
    emp = r.employees
    assert emp["status"].tolist() == ["invalid", "invalid"]
    assert emp["grade"].tolist() == [None, None]
    assert r.flags(0) == [Flag("invalid", "a1")] and r.flags(1) == [Flag("invalid", "a2")]
    assert math.isnan(r.roles["toy"].points.at[1, "a2"])


def test_unknown_role_and_row_errors_are_kept_as_invalid():
    r = score_toy([{"a1": 95, "a2": 3, "b1": 4, "role": None}, {"a1": 95, "a2": 3, "b1": 4, "err": True}])
    assert r.employees["status"].tolist() == ["invalid", "invalid"]
    assert len(r.employees) == 2


def test_grade_comes_from_the_rounded_total():
    assert round_half_up(np.array([84.95, 84.949999, 109.95, 99.94]))[:4].tolist() == [85.0, 84.9, 110.0, 99.9]
    assert grade_of(np.array([85.0, 84.9, 110.0, 99.9, 69.9, np.nan]), GRADES).tolist() == ["B", "C", "S", "B", "D", None]


def test_ranks_are_dense_within_role_and_department():
    rows = [
        {"a1": 100, "a2": 5, "b1": 0, "dep": "D1"},
        {"a1": 100, "a2": 5, "b1": 0, "dep": "D2"},
        {"a1": 90, "a2": 3, "b1": 4, "dep": "D1"},
        {"a1": None, "a2": None, "b1": None, "dep": "D1"},
    ]
    emp = score_toy(rows).employees
    assert emp["rank_in_role"].tolist()[:3] == [1, 1, 2]
    assert emp["rank_in_department"].tolist()[:3] == [1, 1, 2]
    assert pd.isna(emp["rank_in_role"].iloc[3])


def test_distribution_flags_departments_over_quota():
    rows = [{"a1": 100, "a2": 5, "b1": 0, "dep": "D1"}] * 2 + [{"a1": 90, "a2": 3, "b1": 4, "dep": "D1"}] * 3
    dist = score_toy([dict(r) for r in rows]).distribution
    d1 = dist[dist["department"] == "D1"].iloc[0]
    assert (d1["S"], d1["A"], d1["graded"]) == (2, 3, 5)
    assert not d1["quota_ok"]
    assert d1["quota_breaches"][0][:3] == ("S+A", 1.0, 0.2)
    assert dist.iloc[-1]["is_total"]


def test_score_role_vectorised_matches_single_rows():
    rng = np.random.default_rng(7)
    n = 500
    values = pd.DataFrame({"a1": rng.uniform(50, 110, n), "a2": rng.uniform(1, 5, n), "b1": rng.integers(0, 12, n)})
    values.loc[rng.choice(n, 50), "a2"] = np.nan
    many = score_role(ROLE, values, Q3)
    for i in rng.choice(n, 10, replace=False):
        one = score_role(ROLE, values.iloc[[i]], Q3)
        pd.testing.assert_frame_equal(one.dimensions, many.dimensions.iloc[[i]])


# --- explanations -------------------------------------------------------------------------------
def test_explanations_in_both_languages():
    p = CALLS_30S.params
    assert explain_measure(CALLS_30S, p, 90, 86.6667, "en") == (
        "90% is between the floor 80% and target 95%: 60 + 40×(90−80)/(95−80) = 86.67 points"
    )
    assert explain_measure(CALLS_30S, p, 96, 110, "zh") == "96% 介于目标 95% 与优秀 97% 之间：100 + 20×(96−95)/(97−95) = 110 分"
    assert "不参与评分" in explain_measure(CALLS_30S, p, None, None, "zh")
    assert describe_rule(LOWER_MIN, LOWER_MIN.params, "zh").startswith("≤ 6 分钟 得 120 分；9 分钟 得 100 分")
    scaled = scaled_params(COMPLAINTS, Q3)
    assert explain_measure(COMPLAINTS, scaled, 0.75, 80, "en") == (
        "0.75 is between target 0.5 and the ceiling 1: 60 + 40×(1−0.75)/(1−0.5) = 80 points"
    )


def test_nothing_assessed_is_incomplete_even_with_threshold_zero():
    records = pd.DataFrame([{"employee_id": "E1", "name": "N", "department": "D", "role": "toy", "has_error": False}])
    values = pd.DataFrame([{"a1": None, "a2": None, "b1": None}], dtype=float)
    r = score(records, {"toy": values}, CAT, Q3, coverage_threshold=0.0)
    assert r.employees["status"].tolist() == ["incomplete"]


def test_a_filtered_view_keeps_the_whole_departments_quota_check():
    rows = [{"a1": 100, "a2": 5, "b1": 0, "dep": "D1"}] * 2 + [{"a1": 90, "a2": 3, "b1": 4, "dep": "D1"}] * 3
    rows += [{"a1": 90, "a2": 3, "b1": 4, "dep": "D2"}]
    r = score_toy([dict(x) for x in rows])
    only_low = r.subset(r.employees["total"] < 110)
    d1 = only_low.distribution[only_low.distribution["department"] == "D1"].iloc[0]
    assert (d1["graded"], d1["quota_ok"]) == (5, False)  # the department's real share, not the view's


def test_score_grades_and_ranks_the_rounded_total():
    # a1 alone (coverage 30%, threshold lowered): 82.475 → 60 + 40×12.475/20 = 84.95 → 85.0 → B;
    # 82.46 → 84.92 → 84.9 → C; two totals that round alike share a rank.
    records = pd.DataFrame(
        [{"employee_id": f"E{i}", "name": "N", "department": "D", "role": "toy", "has_error": False} for i in range(4)]
    )
    values = pd.DataFrame({"a1": [82.475, 82.46, 91.5, 91.49], "a2": np.nan, "b1": np.nan})
    emp = score(records, {"toy": values}, CAT, Q3, coverage_threshold=0.2).employees
    assert emp["total_rounded"].tolist() == [85.0, 84.9, 103.0, 103.0]
    assert emp["grade"].tolist() == ["B", "C", "A", "A"]
    assert emp["rank_in_role"].tolist() == [2, 3, 1, 1]


def test_grade_codes_match_grade_of_and_cap_grades():
    """score() grades by positions (_grade_codes/_cap_codes): the same letters as grade_of/cap_grades."""
    from kpi_cli.catalogue.model import GradeBand
    from kpi_cli.scoring.engine import _cap_codes, _grade_codes, cap_grades, grade_of

    rng = np.random.default_rng(7)
    totals = np.round(rng.uniform(40, 130, 2000), 1)
    totals[rng.random(2000) < 0.1] = np.nan
    totals[:4] = [70.0, 69.9, 110.0, 85.0]
    band_sets = [
        tuple(GradeBand(g, g, g, m) for g, m in [("S", 110), ("A", 100), ("B", 85), ("C", 70), ("D", None)]),
        tuple(GradeBand(g, g, g, m) for g, m in [("A", 90), ("B", 60), ("B", 75), ("C", 50)]),  # unsorted, repeated
    ]
    for bands in band_sets:
        for caps in ([], ["C"], ["B", "Z"], ["Z"]):
            letters_g = grade_of(totals, bands)
            codes, letters = _grade_codes(totals, bands)
            for k, cap in enumerate(caps):
                mask = rng.random(len(totals)) < 0.3 + 0.2 * k
                letters_g = cap_grades(letters_g, cap, bands, mask)
                codes = _cap_codes(codes, letters, cap, bands, mask)
            got = np.array(letters + [None], dtype=object)[codes]
            assert got.tolist() == letters_g.tolist()


def test_score_role_arrays_match_the_rules_column_by_column():
    """score_role builds its frames from column-major arrays: every point is rule_points of its
    figure (NaN where blank, invalid or not due), the missing counts and the dense ranks are what
    the frames and a group-by rank give, bit for bit, on a role of 15 measures."""
    from kpi_cli.catalogue import load_catalogue
    from kpi_cli.scoring.engine import _dense_rank, _missing_counts, in_domain

    role = load_catalogue().role("field_service_manager")
    rng = np.random.default_rng(11)
    n = 3000
    codes = [m.code for m in role.all_measures]
    values = pd.DataFrame(rng.uniform(-0.2, 1.3, (n, len(codes))) * rng.choice([1, 10, 100], len(codes)),
                          columns=codes, index=np.arange(n) * 2 + 5)
    values = values.mask(rng.random(values.shape) < 0.1)
    invalid = pd.DataFrame(rng.random(values.shape) < 0.05, columns=codes, index=values.index)
    scope = pd.Series(rng.choice([1.0, 2.0, 3.0], n), index=values.index)
    rs = score_role(role, values, Q3, invalid, scope_months=scope)
    for m in role.all_measures:
        x = values[m.code].to_numpy()
        skip = invalid[m.code].to_numpy() | (~np.isnan(x) & ~in_domain(m, x)) | ~rs.due[m.code].to_numpy()
        expected = np.where(skip, np.nan, rule_points(m, x, scaled_params(m, Q3)))
        assert np.array_equal(rs.points[m.code].to_numpy(), expected, equal_nan=True), m.code
    assert np.array_equal(_missing_counts(rs), rs.missing().sum(axis=1).to_numpy())
    totals = pd.Series(np.round(rng.uniform(40, 120, n), 1), index=values.index).mask(rng.random(n) < 0.2)
    groups = pd.Series(rng.choice(["A", "B", "C"], n), index=values.index)
    expected = totals.groupby(groups).rank(method="dense", ascending=False).astype("Int64")
    pd.testing.assert_series_equal(_dense_rank(totals, groups), expected, check_names=False)
