"""Matching what people type: labels folded (full width, case, spaces) and identity headers."""

from __future__ import annotations

import pytest

from kpi_cli.readers.identity import identity_field, identity_label
from kpi_cli.text import normalize_label


@pytest.mark.parametrize(
    ("typed", "folded"),
    [
        ("％ Calls_30S ", "%calls30s"),  # full-width %, case, spaces and '_'
        ("ＥＭＰＬＯＹＥＥ－ＩＤ", "employeeid"),  # full-width letters and dash
        ("平均\u3000每次 通话时长", "平均每次通话时长"),  # ideographic space
        (1001, "1001"),
        (None, ""),
    ],
)
def test_normalize_label(typed, folded):
    assert normalize_label(typed) == folded


@pytest.mark.parametrize(
    ("header", "field"),
    [("工号", "employee_id"), ("Employee ID", "employee_id"), (" employee_id ", "employee_id"),
     ("姓名", "name"), ("岗位", "role"), ("指标", "measure"), ("实际值", "value"),
     ("平均每次通话时长", None), ("", None), (None, None)],
)
def test_identity_headers_in_either_language(header, field):
    assert identity_field(header) == field


def test_identity_labels():
    assert (identity_label("employee_id", "zh"), identity_label("employee_id", "en")) == ("工号", "Employee ID")
    assert identity_label("measure", "zh") == "指标"
