"""kpi_cli.readers.delimited: encodings and separators detected, a bad --encoding refused in words."""

from __future__ import annotations

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
