"""kpi_cli.readers.sheet: cells as the text a person sees (ids, names, role labels)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from kpi_cli.readers.sheet_state import text_values


def test_text_values_as_shown():
    raw = np.array([1001.0, 1001, "  张三 ", "ＥＭ０１", None, float("nan"), "   ", 2.5, True, False, 1,
                    dt.date(2026, 7, 1)], dtype=object)
    assert text_values(raw).tolist() == [
        "1001", "1001", "张三", "EM01", None, None, None, "2.5", "TRUE", "FALSE", "1", "2026-07-01",
    ]


def test_text_values_of_nothing():
    assert text_values(np.array([], dtype=object)).tolist() == []
    assert text_values(np.array([None, None], dtype=object)).tolist() == [None, None]
