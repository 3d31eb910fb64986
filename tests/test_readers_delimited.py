"""kpi_cli.readers.delimited: encodings and separators detected, a bad --encoding refused in words."""

from __future__ import annotations

import pandas as pd
import pytest

from kpi_cli.errors import UsageError
from kpi_cli.readers.delimited import check_encoding, decode, detect_delimiter, read_delimited

TEXT = "工号,姓名,岗位\r\nE1,张三,客户咨询\r\n"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [(TEXT.encode("utf-8"), "utf-8"), (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
     (TEXT.encode("gb18030"), "gb18030"), (TEXT.encode("utf-16"), "utf-16")],
)
def test_decode_finds_the_encoding(data, encoding):
    text, used, replaced = decode(data)
    assert (text, used, replaced) == (TEXT, encoding, False)


def test_a_forced_encoding_that_does_not_fit_replaces_and_says_so():
    text, used, replaced = decode(TEXT.encode("gb18030"), "utf-8")
    assert (used, replaced) == ("utf-8", True) and "\ufffd" in text
    got = read_delimited(TEXT.encode("gb18030"), "x.csv", "utf-8")
    assert [(p.type, p.severity) for p in got.grid.problems] == [("bad-encoding", "error")]


@pytest.mark.parametrize(
    ("text", "sep"),
    [("a,b,c\n1,2,3\n", ","), ("a;b;c\n1;2,5;3\n", ";"), ("a\tb\n1\t2\n", "\t"), ("a|b|c\n1|2|3\n", "|"),
     ("", ","), ("one\n", ",")],
)
def test_detect_delimiter(text, sep):
    assert detect_delimiter(text) == sep


def test_check_encoding():
    assert check_encoding(None) is None
    assert check_encoding("GBK") == "gbk" and check_encoding("UTF8") == "utf-8"
    with pytest.raises(UsageError) as exc:
        check_encoding("nope")
    assert exc.value.exit_code == 2
    assert exc.value.text("en").startswith("'nope' is not a text encoding; CSV files are usually in one of: utf-8,")
    assert exc.value.text("zh").startswith("“nope”不是文本编码")


# --- the fast path (pandas' C parser, files without quotes) reads what the csv module reads ------
from hypothesis import example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kpi_cli.readers.delimited import _read_plain, _read_quoted  # noqa: E402

_PIECES = st.sampled_from(["a", "7", "E01", "张三", "8.5分钟", "９５", " ", "\u3000", "\xa0", "\t", "\x85", "\r", "\n",
                           "\r\n", "", "-", "#"])


def _grid_of(grid):
    return (grid.cells.tolist(), grid.rows.tolist(), grid.cols.tolist(),
            None if grid.row_lengths is None else grid.row_lengths.tolist())


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(st.lists(st.lists(_PIECES, max_size=3).map("".join), max_size=5), max_size=8),
       sep=st.sampled_from([",", ";", "\t", "|"]), end=st.sampled_from(["\n", "\r\n", "\r", ""]))
@example(rows=[["\r", ""]], sep="|", end="\n")  # the C parser's "buffer overflow": the csv module reads it
def test_the_fast_csv_path_reads_what_the_csv_module_reads(rows, sep, end):
    text = end.join(sep.join(r) for r in rows)
    plain = _read_plain(text, sep)
    assume_read = plain is not None or not text or not text.strip(sep + "\r\n")
    assert assume_read  # only an empty text (or one of separators and line breaks) is left to the csv module
    if plain is not None:
        assert _grid_of(plain) == _grid_of(_read_quoted(text, sep, "x.csv", []))
        if plain.cells.size:  # the cells that hold something, as the sheet reader takes them
            assert plain.present.tolist() == pd.notna(plain.cells).tolist()


def test_ragged_rows_and_blank_lines_keep_their_numbers_on_the_fast_path():
    text = "工号,岗位,x\r\nE1,客户咨询\r\n\r\n  ,\u3000\rE2,客户咨询,3,4\n"
    grid = read_delimited(text.encode("utf-8"), "x.csv").grid
    assert (grid.rows.tolist(), grid.row_lengths.tolist()) == ([1, 2, 5], [3, 2, 4])
    assert grid.cells.tolist() == [["工号", "岗位", "x", None], ["E1", "客户咨询", None, None], ["E2", "客户咨询", "3", "4"]]
