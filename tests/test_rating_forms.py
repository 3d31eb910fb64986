"""kpi_cli.reports.rating_forms and kpi_cli.readers.ratings: which rater rates what, and rating rows."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_cli.errors import UsageError
from kpi_cli.readers.raters import RaterTypes
from kpi_cli.reports.rating_forms import form_sheets, plan_forms
from kpi_cli.readers.ratings import RATER_COLUMNS, is_rating


def test_every_rateable_measure_is_on_exactly_one_sheet_of_its_role(catalogue):
    roles = catalogue.roles
    sheets = form_sheets(catalogue, roles)
    assert sheets and all(s.measures for s in sheets)
    for role in roles:
        on_forms = [m.code for s in sheets if s.role is role for m in s.measures]
        assert len(on_forms) == len(set(on_forms)), role.code  # no measure asked twice of one rater type here
        assert set(on_forms) <= {m.code for m in role.measures}
        # in the role's own order on each sheet
        for s in (s for s in sheets if s.role is role):
            order = [m.code for m in role.measures]
            assert [m.code for m in s.measures] == sorted((m.code for m in s.measures), key=order.index)


def test_plan_one_file_or_one_per_rater_type(catalogue, tmp_path):
    sheets = form_sheets(catalogue, catalogue.roles)
    types = RaterTypes(catalogue)
    [(path, got, dep)] = plan_forms(sheets, None, tmp_path / "forms.xlsx", False, "type", None, "en", types)
    assert (path, got, dep) == (tmp_path / "forms.xlsx", sheets, None)
    plan = plan_forms(sheets, None, tmp_path / "out", True, "type", None, "en", types)
    assert [p.parent for p, _, _ in plan] == [tmp_path / "out"] * len(plan)
    assert sum(len(ss) for _, ss, _ in plan) == len(sheets)  # every sheet in one file
    assert len({p.name for p, _, _ in plan}) == len(plan) == len({s.rater_type for s in sheets})
    with pytest.raises(UsageError):
        plan_forms(sheets, None, tmp_path / "forms.csv", False, "type", None, "en", types)
    with pytest.raises(UsageError):  # by department needs the roster's departments
        plan_forms(sheets, None, tmp_path / "out", True, "department", None, "zh", types)


def test_a_rating_row_has_a_rater_or_a_rater_type():
    records = pd.DataFrame({"rater": ["王五", None, None, None], "rater_type": [None, "peer", None, None],
                            "employee_id": ["E1", "E1", "E1", "E2"]})
    assert is_rating(records).tolist() == [True, True, False, False]
    assert is_rating(pd.DataFrame({"employee_id": ["E1"]})).tolist() == [False]
    assert {"rater", "rater_type"} <= set(RATER_COLUMNS)
