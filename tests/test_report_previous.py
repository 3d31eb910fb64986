"""The previous period, computed in one place: each employee's change, who is new, who left."""

from __future__ import annotations

import math
from types import SimpleNamespace

import pandas as pd
import pytest

from kpi_cli.errors import KpiError, UsageError
from kpi_cli.reports.previous import Comparison, compare_previous, read_previous, round_half_up


def result_of(rows):
    """A scored result with just what the comparison reads: employee ids and rounded totals."""
    emp = pd.DataFrame(rows, columns=["employee_id", "total_rounded"], index=[10 + i for i in range(len(rows))])
    return SimpleNamespace(employees=emp)


RESULT = result_of([("E1", 101.3), ("E2", 88.0), ("E3", 90.0), ("E4", None), ("E5", 70.0), ("E6", 75.5)])


def as_rows(cmp: Comparison):
    def num(x):
        return None if isinstance(x, float) and math.isnan(x) else x

    return [(num(t), g, num(c), k) for t, g, c, k in zip(cmp.previous_total, cmp.previous_grade, cmp.change, cmp.kind)]


def test_each_kind_of_change_hand_computed():
    previous = {
        "E1": (99.96, "A"),  # 99.96 → 100.0; 101.3 − 100.0 = +1.3
        "E2": (88.04, "B"),  # 88.04 → 88.0: the same
        "E3": (92.25, "B"),  # 92.25 → 92.3 (half up); 90.0 − 92.3 = −2.3
        "E4": (80.0, "C"),  # no total now: no change
        "E5": (None, None),  # no total then: no change
        "GONE": (70.0, "C"),
    }
    cmp = compare_previous(RESULT, previous)
    assert as_rows(cmp) == [
        (100.0, "A", 1.3, "up"),
        (88.0, "B", 0.0, "same"),
        (92.3, "B", -2.3, "down"),
        (80.0, "C", None, "none"),
        (None, None, None, "none"),
        (None, None, None, "new"),
    ]
    assert cmp.new == ["E6"] and cmp.left == ["GONE"]
    assert cmp.counts() == {"up": 1, "down": 1, "same": 1, "new": 1, "none": 2, "left": 1}
    assert list(cmp.kind.index) == list(RESULT.employees.index)


def test_a_total_alone_and_ids_as_numbers_are_accepted():
    result = result_of([("123", 90.0), ("E2", 80.0)])
    cmp = compare_previous(result, {123: 85.0, "E2": 80.0})
    assert as_rows(cmp) == [(85.0, None, 5.0, "up"), (80.0, None, 0.0, "same")]


def test_a_comparison_is_reused_for_the_same_employees_only():
    cmp = compare_previous(RESULT, {"E1": (100.0, "A")})
    assert compare_previous(RESULT, cmp) is cmp
    with pytest.raises(ValueError):
        compare_previous(result_of([("E1", 100.0)]), cmp)
    assert compare_previous(RESULT, None) is None


def test_round_half_up_matches_the_scorer():
    got = round_half_up(pd.Series([92.25, 92.35, -1.25, 0.04999, float("nan")])).tolist()
    assert got[:4] == [92.3, 92.4, -1.3, 0.0] and math.isnan(got[4])


def test_read_previous_from_an_export_csv(tmp_path):
    csv = tmp_path / "scores-2026-Q2.csv"
    csv.write_text("\ufeffemployee_id,total_rounded,grade\r\n'-12,80.5,B\r\nE2,,\r\nE3,91.0,A\r\nE3,92.0,A\r\n",
                   encoding="utf-8")
    prev = read_previous(tmp_path)  # the folder: its scores CSV
    assert prev.loc["-12"].tolist() == [80.5, "B"]  # the CSV's leading ' is not part of the id
    assert math.isnan(prev.loc["E2", "total"]) and prev.loc["E2", "grade"] is None
    assert prev.loc["E3"].tolist() == [92.0, "A"]  # an id twice: the last row
    cmp = compare_previous(result_of([("-12", 80.5), ("E3", 93.0)]), prev)
    assert as_rows(cmp) == [(80.5, "B", 0.0, "same"), (92.0, "A", 1.0, "up")]
    assert cmp.left == ["E2"]


def test_read_previous_refuses_what_is_not_an_export(tmp_path):
    with pytest.raises(UsageError) as exc:
        read_previous(tmp_path)
    assert exc.value.message.key == "export.previous_no_scores"
    assert "scores-<期间>.csv" in exc.value.text("zh") and "scores-<period>.csv" in exc.value.text("en")
    other = tmp_path / "other.csv"
    other.write_text("id,score\r\n1,2\r\n", encoding="utf-8")
    with pytest.raises(KpiError) as exc:
        read_previous(other)
    assert exc.value.message.key == "export.previous_not_scores" and exc.value.exit_code == 1
