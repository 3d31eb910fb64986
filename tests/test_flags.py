"""kpi_cli.scoring.flags: each employee's flags as records (kind, measure, cap), in a fixed order,
and the JSON/CSV codes the writers make of them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import yaml

from kpi_cli.catalogue import load_catalogue
from kpi_cli.reports.common import all_flags
from kpi_cli.reports.flat import flag_lists, flags_joined
from kpi_cli.scoring.engine import score
from kpi_cli.scoring.flags import COLUMNS, Flag, flag_codes, flag_table
from test_report_excel import make_result
from test_veto_bonus import JULY, company_catalogue, records_and_values


def rows(table: pd.DataFrame) -> list[tuple]:
    return list(table.itertuples(index=False, name=None))


def test_the_flags_of_a_result_as_records(catalogue):
    result = make_result(catalogue)
    table = result.flag_table()
    assert list(table.columns) == COLUMNS
    assert rows(table[table["record"].isin([1, 2, 6, 7])]) == [
        (1, "missing", "call_minutes", None),
        (1, "missing", "friendliness_score", None),
        (2, "invalid", "calls_answered_in_30s", None),
        (6, "record-error", None, None),  # an unknown role: a row-level error
        (7, "invalid", "team_management_rating", None),
    ]
    assert table["record"].is_monotonic_increasing  # records in the employees' order
    assert result.flags(0) == [] and result.flags(6) == [Flag("record-error")]


def test_one_record_s_flags_in_order_missing_invalid_veto_then_record_error(tmp_path):
    path = tmp_path / "company.yaml"
    path.write_text(yaml.safe_dump(company_catalogue(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    cat = load_catalogue(path)
    records, values = records_and_values({"E1": ("agent", None, 99, 0, None), "E2": ("agent", 97, 9, 1, None)})
    records.loc[0, "has_error"] = True
    bad = {"agent": pd.DataFrame(False, index=values["agent"].index, columns=values["agent"].columns)}
    bad["agent"].loc[0, "minutes"] = True
    values["agent"].loc[0, "minutes"] = np.nan
    result = score(records, values, cat, JULY, invalid=bad)
    assert result.flags(0) == [Flag("missing", "accuracy"), Flag("invalid", "minutes"), Flag("veto", "no_breach", "C"),
                               Flag("record-error")]
    assert result.flags(1) == []
    assert flags_joined(result).tolist() == ["missing:accuracy;invalid:minutes;veto:no_breach;record-error", ""]
    assert flag_lists(result) == {0: ["missing:accuracy", "invalid:minutes", "veto:no_breach", "record-error"]}


def test_the_writers_formats_agree(catalogue):
    result = make_result(catalogue, extra=40)
    joined = flags_joined(result)
    lists = flag_lists(result)
    by_record = all_flags(result)
    for at, rec in enumerate(result.employees.index):
        codes = [f.code for f in result.flags(rec)]
        assert joined.at[rec] == ";".join(codes)
        assert lists.get(at, []) == codes
        assert by_record.get(rec, []) == result.flags(rec)
    assert list(flag_codes(result.flag_table()))[:2] == ["missing:call_minutes", "missing:friendliness_score"]


def test_no_flags_at_all(catalogue):
    result = make_result(catalogue)
    quiet = result.subset(result.employees.index.isin([0, 3]))
    assert rows(flag_table(quiet)) == [] and list(flag_table(quiet).columns) == COLUMNS
    assert flags_joined(quiet).tolist() == ["", ""] and flag_lists(quiet) == {} and all_flags(quiet) == {}


def test_flags_and_measure_statuses_agree_with_a_cell_by_cell_reading(catalogue):
    """The array forms (flag_table, measure_status_codes, missing_cells) against the plain reading
    of each cell, on a file with every kind of cell (blanks, unusable figures, failed vetoes) and
    on a month, where the quarterly and yearly measures are not due."""
    from pathlib import Path

    from kpi_cli.scoring.engine import MEASURE_STATUSES
    from kpi_cli.scoring.pipeline import score_files

    samples = Path(__file__).resolve().parents[1] / "sample_data"
    seen = set()
    for name, period in (("2026-Q3-mistakes.xlsx", None), ("2026-07.xlsx", "2026-07")):
        result = score_files([samples / name], catalogue, period)
        emp = result.employees
        expected = []
        for code, rs in result.roles.items():
            status = rs.measure_status()
            assert status.equals(pd.DataFrame(np.array(MEASURE_STATUSES, dtype=object)[rs.measure_status_codes()],
                                              index=rs.values.index, columns=rs.values.columns))
            weighted = [m.code for m in rs.role.measures]
            for rec in rs.points.index:
                if rec not in emp.index or emp.at[rec, "role"] != code:
                    continue
                for c in rs.values.columns:
                    v, bad = rs.values.at[rec, c], bool(rs.invalid.at[rec, c])
                    due = True if rs.due is None else bool(rs.due.at[rec, c])
                    want = "invalid" if bad else "not_due" if not due else "missing" if np.isnan(v) else "scored"
                    assert status.at[rec, c] == want, (name, rec, c)
                    seen.add(want)
                    if c in weighted:
                        assert bool(rs.missing().at[rec, c]) == (want == "missing")
                flags = [(rec, "missing", c, None) for c in weighted if status.at[rec, c] == "missing"]
                flags += [(rec, "invalid", c, None) for c in rs.invalid.columns if rs.invalid.at[rec, c]]
                flags += [(rec, "veto", m.code, m.params.get("cap_grade", "D"))
                          for m in rs.role.vetoes if rs.values.at[rec, m.code] == 0]
                expected += flags
        table = flag_table(result)
        cell_rows = [r for r in rows(table) if r[1] in ("missing", "invalid", "veto")]
        assert sorted(cell_rows, key=lambda r: (emp.index.get_loc(r[0]), r[1:2])) == sorted(
            expected, key=lambda r: (emp.index.get_loc(r[0]), r[1:2]))
        assert cell_rows == sorted(cell_rows, key=lambda r: emp.index.get_loc(r[0]))
    assert seen == set(MEASURE_STATUSES)  # every status met
