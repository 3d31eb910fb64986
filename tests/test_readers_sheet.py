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


# One NFKC normalisation of all the distinct texts, joined by NUL, gives what each would alone:
# combining marks, jamo and compatibility forms never reach across the NUL.
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_CHARS = st.sampled_from(["a", "Ａ", "１", " ", "\u3000", "\xa0", "\u0301", "\u0308", "e", "\u1100", "\u1161", "\u11a8",
                          "가", "ﬁ", "①", "\x00", "\t", "\n", "张", "\u2028", "㍿"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(_CHARS, max_size=6).map("".join), min_size=1, max_size=8, unique=True))
def test_texts_normalised_together_as_each_alone(texts):
    import unicodedata

    from kpi_cli.readers.sheet_state import _texts

    expected = [unicodedata.normalize("NFKC", x).strip() or None for x in texts]
    assert _texts(np.array(texts, dtype=object)).tolist() == expected
    raw = np.array(texts + [None], dtype=object)
    assert text_values(raw, flags=False).tolist() == text_values(raw).tolist() == expected + [None]
