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
