"""Cell values → figures: every documented form, percents, yes/no, ranges, and a parser that never raises."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kpi_cli.catalogue.model import Measure
from kpi_cli.readers.values import (
    NO_CACHED_VALUE,
    CellError,
    allowed_range,
    display_value,
    parse_cells,
    parse_number,
    parse_scalar,
)


def measure(unit="count", rule="lower", params=None) -> Measure:
    return Measure(
        code="m", name_zh="指标", name_en="measure", standard_zh="", standard_en="", source="report",
        unit=unit, rule=rule, params=params or {"target": 2, "ceiling": 4},
    )


COUNT = measure("count")
PERCENT = measure("percent", "higher", {"target": 95, "floor": 80})
CHANGE = measure("change_pct", "higher", {"target": 25, "floor": 10})
CHANGE_SMALL = measure("change_pct", "higher", {"target": 0, "excellent": 2, "floor": -2})
LOW_PERCENT = measure("percent", "lower", {"target": 5, "excellent": 2, "ceiling": 10})
RATING = measure("rating", "rating", {})
YES_NO = measure("yes_no", "yes_no", {})
RATIO = measure("ratio", "higher", {"target": 1, "floor": 0.8})


def parsed(cells, m):
    p = parse_cells(np.array(cells, dtype=object), m)
    return [None if math.isnan(v) else round(float(v), 6) for v in p.values], list(p.problems)


# --- scalar forms -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("95", 95.0),
        ("-3.5", -3.5),
        (" 12 ", 12.0),
        ("+4", 4.0),
        ("1e3", 1000.0),
        (".5", 0.5),
        ("９５", 95.0),  # full-width digits
        ("－３", -3.0),  # full-width minus
        ("\u22123", -3.0),  # the minus sign
        ("1,234", 1234.0),
        ("1,234,567.5", 1234567.5),
        ("1，234", 1234.0),  # Chinese comma
        ("95,5", 95.5),  # decimal comma
        ("95%", 95.0),
        ("95 %", 95.0),
        ("９５％", 95.0),
        (12, 12.0),
        (3.25, 3.25),
    ],
)
def test_numbers_in_every_documented_form(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\u3000", None, float("nan")])
def test_only_empty_cells_are_blank(text):
    assert parse_scalar(text) == (pytest.approx(math.nan, nan_ok=True), None, False)


@pytest.mark.parametrize("text", ["-", "/", "N/A", "na", "无", "不适用", "九十"])
def test_not_applicable_marks_are_errors_not_blanks(text):
    x, problem, _ = parse_scalar(text)
    assert math.isnan(x) and problem == "not-a-number"


@pytest.mark.parametrize(
    "value, problem",
    [
        ("abc", "not-a-number"),
        ("inf", "not-a-number"),
        ("nan", "not-a-number"),
        ("1_000", "not-a-number"),
        ("12.5.3", "not-a-number"),
        ("2026-07-01", "not-a-number"),
        (dt.date(2026, 7, 1), "not-a-number"),
        (dt.datetime(2026, 7, 1, 9, 30), "not-a-number"),
        (dt.time(0, 9), "not-a-number"),
        (True, "not-a-number"),
        (float("inf"), "not-a-number"),
        ("#DIV/0!", "excel-error"),
        ("#n/a", "excel-error"),
        (CellError("#REF!"), "excel-error"),
        (NO_CACHED_VALUE, "formula-without-value"),
    ],
)
def test_values_that_are_not_figures_name_their_problem(value, problem):
    x, found, _ = parse_scalar(value)
    assert math.isnan(x) and found == problem


@pytest.mark.parametrize("word", ["是", "Y", "y", "yes", "YES", "true", "True", "1", "✓", "√", "对", True, 1, 1.0])
def test_yes_words(word):
    assert parsed([word], YES_NO) == ([1.0], [None])


@pytest.mark.parametrize("word", ["否", "N", "no", "No", "false", "FALSE", "0", "✗", "×", "错", False, 0, 0.0])
def test_no_words(word):
    assert parsed([word], YES_NO) == ([0.0], [None])


def test_yes_no_rejects_other_words_and_figures():
    assert parsed(["maybe", 2, 0.5], YES_NO) == ([None, None, None], ["not-yes-no", "out-of-range", "out-of-range"])


# --- columns --------------------------------------------------------------------------------------------
def test_a_column_of_numbers_takes_the_fast_path_and_keeps_blanks():
    assert parsed([1.0, None, 3, 0], COUNT) == ([1.0, None, 3.0, 0.0], [None, None, None, None])


def test_counts_below_zero_are_out_of_range():
    assert parsed([-1, "2", "x"], COUNT) == ([None, 2.0, None], ["out-of-range", None, "not-a-number"])


def test_percent_column_of_fractions_is_read_as_percent():
    p = parse_cells(np.array([0.95, 0.8, 1, 0, None], dtype=object), PERCENT)
    assert [None if math.isnan(v) else v for v in p.values] == [95.0, 80.0, 100.0, 0.0, None]
    assert not p.mixed


def test_percent_column_mixing_fractions_and_whole_percents_is_flagged_cell_by_cell():
    p = parse_cells(np.array([0.95, 96, "97%", 0.9], dtype=object), PERCENT)
    assert list(p.values) == [95.0, 96.0, 97.0, 90.0]
    assert p.mixed and list(p.fraction) == [True, False, False, True]


def test_percent_text_is_never_a_fraction():
    assert parsed(["0.5%", "95%"], PERCENT) == ([0.5, 95.0], [None, None])


def test_percent_over_100_is_out_of_range():
    assert parsed([101, "120%"], PERCENT) == ([None, None], ["out-of-range", "out-of-range"])


def test_excel_percent_cells_are_fractions_whatever_the_column_holds():
    p = parse_cells(np.array([0.05, -0.02, 3, "4%"], dtype=object), CHANGE, np.array([True, True, False, False]))
    assert (list(p.values), p.mixed) == ([5.0, -2.0, 3.0, 4.0], False)
    p = parse_cells(np.array([0.953, 0.9, 96], dtype=object), PERCENT, np.array([True, True, False]))
    assert (list(p.values), p.mixed) == ([95.3, 90.0, 96.0], False)


def test_small_plain_figures_stay_as_typed_when_the_standard_is_small():
    # a change of ±0.9% against a standard of 0 ± 2: plain numbers, not fractions
    assert parsed([-0.9, 0.3, 1.5, -1.2], CHANGE_SMALL) == ([-0.9, 0.3, 1.5, -1.2], [None] * 4)
    # repeat calls of 0.5% against a target of 5%
    assert parsed([0.5, 0.8], LOW_PERCENT) == ([0.5, 0.8], [None, None])
    assert parsed([-150], CHANGE) == ([None], ["out-of-range"])


def test_plain_fractions_of_a_large_change_standard_are_fractions():
    assert parsed([0.25, 0.3], CHANGE) == ([25.0, 30.0], [None, None])


def test_ratio_percent_text_is_a_fraction_and_counts_refuse_it():
    assert parsed(["105%"], RATIO) == ([1.05], [None])
    assert parsed(["5%"], COUNT) == ([None], ["not-a-number"])


@pytest.mark.parametrize("value, problem", [(0, "out-of-range"), (6, "out-of-range"), (3.6, None), ("4.5", None), (1, None), (5, None)])
def test_ratings_take_decimals_within_the_scale(value, problem):
    assert parsed([value], RATING)[1] == [problem]


def test_excel_errors_and_dates_in_a_number_column():
    cells = [CellError("#DIV/0!"), NO_CACHED_VALUE, dt.date(2026, 1, 5), "#N/A", 4]
    assert parsed(cells, COUNT) == (
        [None, None, None, None, 4.0],
        ["excel-error", "formula-without-value", "not-a-number", "excel-error", None],
    )


def test_allowed_range_in_words():
    assert [allowed_range(m) for m in (COUNT, PERCENT, RATING, YES_NO, CHANGE)] == ["≥ 0", "0–100", "1–5", "0 / 1", "≥ -100"]


def test_display_value():
    assert display_value(3.0) == 3
    assert display_value(dt.date(2026, 7, 1)) == "2026-07-01"
    assert display_value("x" * 100) == "x" * 79 + "…"


# --- property tests -----------------------------------------------------------------------------------
@settings(max_examples=500)
@given(st.one_of(st.text(), st.floats(allow_nan=True), st.integers(), st.booleans(), st.dates(), st.none()))
def test_the_parser_never_raises(value):
    x, problem, pct = parse_scalar(value)
    assert isinstance(x, float) and (problem is None or isinstance(problem, str)) and isinstance(pct, bool)
    parse_scalar(value, "yes_no")


@settings(max_examples=200)
@given(st.lists(st.one_of(st.text(max_size=8), st.floats(), st.integers(-10**6, 10**6), st.none(), st.booleans()), max_size=30))
def test_a_column_never_raises_and_every_bad_cell_is_nan(cells):
    for m in (COUNT, PERCENT, YES_NO, RATING):
        p = parse_cells(np.array(cells, dtype=object), m)
        assert len(p.values) == len(cells)
        bad = p.bad
        assert np.isnan(p.values[bad]).all()
        lo, hi = m.domain
        ok = p.values[~np.isnan(p.values)]
        assert ((lo is None) or (ok >= lo).all()) and ((hi is None) or (ok <= hi).all())


_number = st.decimals(min_value=-10**9, max_value=10**9, places=3, allow_nan=False, allow_infinity=False)


@settings(max_examples=300)
@given(_number, st.sampled_from(["plain", "thousands", "fullwidth", "spaces", "percent", "plus"]))
def test_every_documented_number_form_is_accepted(d, form):
    x = float(d)
    text = f"{d:f}"
    if form == "thousands":
        text = f"{d:,f}"
    elif form == "fullwidth":
        text = text.translate(str.maketrans("0123456789.-", "０１２３４５６７８９．－"))
    elif form == "spaces":
        text = f"  {text}\t"
    elif form == "percent":
        text = f"{text}%"
    elif form == "plus" and x >= 0:
        text = f"+{text}"
    assert parse_number(text) == pytest.approx(x)
