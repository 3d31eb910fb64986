"""Choosing the period and combining monthly figures, on hand-made datasets."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from kpi_cli.validation.aggregate import fit_to_period, infer_period
from kpi_cli.readers.dataset import Dataset, InputFile
from kpi_cli.errors import UsageError
from kpi_cli.periods import parse_period
from kpi_cli.scoring.pipeline import score_dataset

ROLE = "cs_inquiry"


def make(rows: list[dict], files: list[tuple[str, str | None]], catalogue) -> Dataset:
    """rows: identity fields + measure codes; files: (name, period in the name)."""
    role = catalogue.role(ROLE)
    codes = [m.code for m in role.all_measures]
    recs = pd.DataFrame(
        [
            {
                "employee_id": r["id"],
                "name": r.get("name", r["id"]),
                "department": r.get("dep", "客服一部"),
                "role": ROLE,
                "role_label": "客户咨询",
                "period": r.get("period"),
                "file": r["file"],
                "sheet": "客户咨询",
                "row": i + 2,
                "has_error": False,
            }
            for i, r in enumerate(rows)
        ]
    )
    values = pd.DataFrame([{c: r.get(c, np.nan) for c in codes} for r in rows], dtype=float)
    invalid = pd.DataFrame(False, index=values.index, columns=codes)
    return Dataset(
        recs,
        {ROLE: values},
        {ROLE: invalid},
        [],
        [InputFile(path=n, name=n, sha256="0" * 64, size=0, kind="xlsx", period=p) for n, p in files],
    )


def count_code(catalogue, basis="year"):
    """A count with that basis that is due in a quarter (its cycle is a quarter or shorter)."""
    return next(
        m.code for m in catalogue.role(ROLE).measures if m.unit == "count" and m.basis == basis and m.cycle_months <= 3
    )


def pct_code(catalogue):
    return next(m.code for m in catalogue.role(ROLE).measures if m.unit == "percent")


def test_period_from_file_names_and_months(catalogue):
    months = [("2026-07.xlsx", "2026-07"), ("2026-08.xlsx", "2026-08"), ("2026-09.xlsx", "2026-09")]
    ds = make([{"id": "E1", "file": n} for n, _ in months], months, catalogue)
    assert infer_period(ds, None).code == "2026-Q3"
    assert infer_period(ds, "2026-Q3").code == "2026-Q3"
    two = make([{"id": "E1", "file": n} for n, _ in months[:2]], months[:2], catalogue)
    with pytest.raises(UsageError, match="--period"):
        infer_period(two, None)
    nothing = make([{"id": "E1", "file": "data.xlsx"}], [("data.xlsx", None)], catalogue)
    with pytest.raises(UsageError, match="--period"):
        infer_period(nothing, None)


def test_three_months_score_like_the_quarter(catalogue):
    cnt, pct = count_code(catalogue), pct_code(catalogue)
    months = [("2026-07.xlsx", "2026-07"), ("2026-08.xlsx", "2026-08"), ("2026-09.xlsx", "2026-09")]
    rows = [
        {"id": "E1", "file": "2026-07.xlsx", cnt: 0, pct: 96},
        {"id": "E1", "file": "2026-08.xlsx", cnt: 1, pct: 94},
        {"id": "E1", "file": "2026-09.xlsx", cnt: 0, pct: 98},
    ]
    monthly = score_dataset(make(rows, months, catalogue), catalogue, "2026-Q3")
    quarter = score_dataset(
        make([{"id": "E1", "file": "2026-Q3.xlsx", cnt: 1, pct: 96}], [("2026-Q3.xlsx", "2026-Q3")], catalogue),
        catalogue,
        None,
    )
    assert len(monthly.employees) == 1
    a, b = monthly.roles[ROLE], quarter.roles[ROLE]
    assert a.values.iloc[0][cnt] == 1 and a.values.iloc[0][pct] == pytest.approx(96)
    assert a.points.iloc[0].tolist() == pytest.approx(b.points.iloc[0].tolist(), nan_ok=True)
    assert monthly.employees.iloc[0]["total"] == pytest.approx(quarter.employees.iloc[0]["total"])
    assert monthly.problems == []


def test_missing_month_is_reported_and_counts_are_pro_rata(catalogue):
    cnt = count_code(catalogue)
    months = [("2026-07.xlsx", "2026-07"), ("2026-08.xlsx", "2026-08"), ("2026-09.xlsx", "2026-09")]
    rows = [
        {"id": "E1", "file": "2026-07.xlsx", cnt: 0},
        {"id": "E1", "file": "2026-08.xlsx", cnt: 0},
        {"id": "E1", "file": "2026-09.xlsx", cnt: 0},
        {"id": "E2", "file": "2026-07.xlsx", cnt: 3},
        {"id": "E2", "file": "2026-09.xlsx", cnt: 0},
    ]
    result = score_dataset(make(rows, months, catalogue), catalogue, "2026-Q3")
    probs = [(p.type, p.employee_id, p.value, p.severity) for p in result.problems]
    assert probs == [("employee-missing-month", "E2", "2026-08", "warning")]
    rs = result.roles[ROLE]
    e2 = result.find("E2")[0]
    # disagreements, a yearly standard T=7, C=14 over the 2 months reported: T = 7/6, C = 7/3;
    # 3 disagreements > C → 0
    assert cnt == "disagreements_per_year"
    assert rs.params_for(e2, cnt)["target"] == pytest.approx(7 * 2 / 12)
    assert rs.points.at[e2, cnt] == 0
    assert rs.months.at[e2, cnt] == 2


def test_a_missing_month_file_and_strict(catalogue):
    months = [("2026-07.xlsx", "2026-07"), ("2026-09.xlsx", "2026-09")]
    rows = [{"id": "E1", "file": "2026-07.xlsx"}, {"id": "E1", "file": "2026-09.xlsx"}]
    ds = make(rows, months, catalogue)
    loose = fit_to_period(ds, parse_period("2026-Q3"), catalogue)
    assert [(p.type, p.value, p.severity) for p in loose.problems] == [("missing-month", "2026-08", "warning")]
    strict = fit_to_period(ds, parse_period("2026-Q3"), catalogue, strict=True)
    assert [p.severity for p in strict.problems] == ["error"]


def test_month_outside_the_period_is_ignored_with_a_warning(catalogue):
    months = [("2026-07.xlsx", "2026-07"), ("2026-10.xlsx", "2026-10")]
    rows = [{"id": "E1", "file": "2026-07.xlsx"}, {"id": "E1", "file": "2026-10.xlsx"}]
    result = score_dataset(make(rows, months, catalogue), catalogue, "2026-07")
    assert len(result.employees) == 1
    assert [(p.type, p.value) for p in result.problems] == [("period-outside", "2026-10")]


def test_yes_no_is_met_only_when_met_every_month(catalogue):
    yn = next(m.code for m in catalogue.role(ROLE).measures if m.rule == "yes_no")
    months = [("2026-07.xlsx", "2026-07"), ("2026-08.xlsx", "2026-08"), ("2026-09.xlsx", "2026-09")]
    rows = [
        {"id": "E1", "file": "2026-07.xlsx", yn: 1},
        {"id": "E1", "file": "2026-08.xlsx", yn: 0},
        {"id": "E1", "file": "2026-09.xlsx", yn: 1},
        {"id": "E2", "file": "2026-07.xlsx", yn: 1},
        {"id": "E2", "file": "2026-08.xlsx", yn: 1},
        {"id": "E2", "file": "2026-09.xlsx"},
    ]
    result = score_dataset(make(rows, months, catalogue), catalogue, None)
    rs = result.roles[ROLE]
    assert rs.values[yn].tolist() == [0, 1]
    assert rs.points[yn].tolist() == [0, 100]


def test_whole_period_and_monthly_rows_of_one_person_clash(catalogue):
    files = [("2026-Q3.xlsx", "2026-Q3"), ("2026-07.xlsx", "2026-07")]
    rows = [{"id": "E1", "file": "2026-Q3.xlsx"}, {"id": "E1", "file": "2026-07.xlsx"}]
    result = score_dataset(make(rows, files, catalogue), catalogue, "2026-Q3")
    assert "period-overlap" in [p.type for p in result.problems]
    assert set(result.employees["status"]) == {"invalid"}


def test_records_without_period_take_the_chosen_one(catalogue):
    ds = make([{"id": "E1", "file": "data.csv"}], [("data.csv", None)], catalogue)
    result = score_dataset(ds, catalogue, "2026-Q3")
    assert result.employees["period"].tolist() == ["2026-Q3"]
    assert math.isnan(result.employees["total"].iloc[0])


def test_rows_without_id_are_never_merged_across_months(catalogue):
    months = [("2026-07.xlsx", "2026-07"), ("2026-08.xlsx", "2026-08")]
    ds = make(
        [{"id": None, "name": "Ann", "file": "2026-07.xlsx"}, {"id": None, "name": "Ben", "file": "2026-07.xlsx"},
         {"id": None, "name": "Cat", "file": "2026-08.xlsx"}, {"id": "E1", "file": "2026-07.xlsx"},
         {"id": "E1", "file": "2026-08.xlsx"}],
        months,
        catalogue,
    )
    ds.records["has_error"] = ds.records["employee_id"].isna()
    result = score_dataset(ds, catalogue, "2026-H2")
    assert sorted(result.employees["name"]) == ["Ann", "Ben", "Cat", "E1"]


def test_a_blank_count_in_a_month_built_period_is_explained_with_the_periods_thresholds(catalogue):
    cnt = count_code(catalogue)
    months = [("2026-07.xlsx", "2026-07"), ("2026-08.xlsx", "2026-08"), ("2026-09.xlsx", "2026-09")]
    rows = [{"id": "E1", "file": n} for n, _ in months]
    result = score_dataset(make(rows, months, catalogue), catalogue, "2026-Q3")
    rs = result.roles[ROLE]
    assert rs.params_for(0, cnt) == rs.params[cnt]  # not thresholds × 0


def test_files_of_keys_matches_joining_each_group():
    """The combined record's files: each key's distinct files in row order, as the per-group join."""
    from kpi_cli.validation.aggregate import _files_of_keys

    rng = np.random.default_rng(3)
    for _ in range(200):
        n = int(rng.integers(1, 60))
        keys = pd.Series(rng.choice([f"k{i}" for i in range(int(rng.integers(1, 10)))], n), index=rng.permutation(n) * 3)
        names = ["2026-07.xlsx", "b.csv", "c, d.csv", "e"][: int(rng.integers(1, 5))]
        files = pd.Series(rng.choice(names, n), index=keys.index)
        expected = files.groupby(keys.to_numpy(), sort=False).agg(lambda s: ", ".join(dict.fromkeys(map(str, s))))
        got = _files_of_keys(keys, files)
        assert (list(got.index), got.tolist()) == (list(expected.index), expected.tolist())
    many = pd.Series([f"f{i}" for i in range(40)] * 2)  # 40 files in one key: past one integer, joined per key
    assert _files_of_keys(pd.Series(["k"] * 80), many).tolist() == [", ".join(f"f{i}" for i in range(40))]
