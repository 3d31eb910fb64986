"""kpi_cli/cells.py: column letters, display width, missing values, whole numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl.utils import get_column_letter
from xlsxwriter.utility import xl_col_to_name

from kpi_cli.cells import column_letter, display_width, is_missing, number_text, sheet_name, tidy_number


@pytest.mark.parametrize("index, letters", [(0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"),
                                            (702, "AAA"), (16383, "XFD")])
def test_column_letters(index, letters):
    assert column_letter(index) == letters


@given(st.integers(min_value=0, max_value=16383))
def test_column_letters_are_openpyxls_and_xlsxwriters(index):
    assert column_letter(index) == get_column_letter(index + 1) == xl_col_to_name(index)


def test_a_negative_column_is_refused():
    with pytest.raises(ValueError):
        column_letter(-1)


@pytest.mark.parametrize("text, width", [("", 0), (None, 0), ("abc", 3), ("姓名", 4), ("工号 ID", 7), ("ＡＢ", 4),
                                         ("e\u0301", 1), (95, 2), ("—·…", 3)])
def test_display_width(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NA, pd.NaT, np.float64("nan")])
def test_missing(value):
    assert is_missing(value)


@pytest.mark.parametrize("value", [0, 0.0, "", " ", False, "x", np.int64(3), [None], pd.Timestamp("2026-01-01")])
def test_values_are_not_missing(value):
    assert not is_missing(value)


@pytest.mark.parametrize("value, tidy", [
    (95.0, 95), (-3.0, -3), (0.5, 0.5), (7, 7), (True, True), (None, None), ("95.0", "95.0"),
    (float("inf"), float("inf")), (np.float64(12.0), 12), (1e20, 10**20),
])
def test_tidy_number(value, tidy):
    out = tidy_number(value)
    assert out == tidy and type(out) is type(tidy)


def test_tidy_number_rounds_and_keeps_huge_floats_when_asked():
    assert tidy_number(0.1 + 0.2, digits=6) == 0.3
    assert type(tidy_number(2.0000000001, digits=6)) is int
    assert type(tidy_number(3, digits=6)) is int  # an int stays whole
    assert tidy_number(1e15, below=1e15) == 1e15 and type(tidy_number(1e15, below=1e15)) is float
    assert type(tidy_number(1e15 - 1, below=1e15)) is int
    assert math.isnan(tidy_number(float("nan")))


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_tidy_number_keeps_the_value(x):
    assert tidy_number(x) == x


@pytest.mark.parametrize("value, text", [(3.0, "3"), (3, "3"), (0.5, "0.5"), (-2.25, "-2.25"), (1234567.5, "1.23457e+06")])
def test_number_text(value, text):
    assert number_text(value) == text


def test_sheet_names_are_the_one_cleaners():
    from kpi_cli import xlsx_safe

    assert sheet_name is xlsx_safe.sheet_name
    assert sheet_name("a/b", set()) == "a_b"
