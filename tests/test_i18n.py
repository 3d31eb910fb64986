"""Every message exists in zh and en, each in its own language, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from kpi_cli.errors import KpiError, MessageError, UsageError
from kpi_cli.i18n import STRICT_ENV, Msg, messages, strict, t

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
CJK_IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def without_placeholders(text: str) -> str:
    return "".join(literal for literal, *_ in string.Formatter().parse(text))


TABLE = messages()
KEYS = sorted(TABLE)


def test_there_are_messages():
    assert len(KEYS) > 50


@pytest.mark.parametrize("key", KEYS)
def test_both_languages_present(key):
    pair = TABLE[key]
    assert isinstance(pair, tuple) and len(pair) == 2, key
    zh, en = pair
    assert isinstance(zh, str) and zh.strip(), f"{key}: empty zh text"
    assert isinstance(en, str) and en.strip(), f"{key}: empty en text"


def english_words(text: str) -> list[str]:
    """Runs of 3+ letters that read as words: not acronyms such as SHA or KPI."""
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if not w.isupper()]


@pytest.mark.parametrize("key", KEYS)
def test_zh_is_chinese_unless_it_is_only_symbols(key):
    zh = TABLE[key][0]
    literal = without_placeholders(zh)
    # A zh text is Chinese, or holds no English words: a symbol, a unit ("%"), a code or acronym
    # ("SHA-256", "zh-CN"), or a pure format string ("{n}").
    assert CJK_IDEOGRAPH.search(literal) or not english_words(literal), f"{key}: zh text is not Chinese: {zh!r}"


@pytest.mark.parametrize("key", KEYS)
def test_en_has_no_chinese(key):
    en = TABLE[key][1]
    assert not CJK.search(en), f"{key}: en text contains Chinese: {en!r}"


def language_neutral(names: set[str], lang: str) -> set[str]:
    """{name_zh} in a zh text and {name_en} in an en text are the same slot: the name in that language."""
    suffix = f"_{lang}"
    return {n[: -len(suffix)] + "_*" if n.endswith(suffix) else n for n in names}


@pytest.mark.parametrize("key", KEYS)
def test_same_placeholders_in_both(key):
    zh, en = TABLE[key]
    zh_names, en_names = language_neutral(placeholders(zh), "zh"), language_neutral(placeholders(en), "en")
    assert zh_names == en_names, f"{key}: {placeholders(zh)} ≠ {placeholders(en)}"


@pytest.mark.parametrize("key", KEYS)
def test_every_message_formats(key):
    zh, en = TABLE[key]
    fill = {name: "⟨X⟩" for name in placeholders(zh) | placeholders(en)}
    # str.format raises on an unbalanced brace or a positional {}; t() would hide that.
    for text in (zh, en):
        assert all(name and name.isidentifier() for name in placeholders(text)), f"{key}: {text!r}"
        text.format(**fill)
    assert t(key, "en", **fill) == en.format(**fill)


def test_the_tests_run_with_strict_messages():
    assert strict()


def test_strict_mode_fails_on_a_missing_key_a_missing_parameter_and_an_unknown_language():
    with pytest.raises(MessageError, match="no.such.key"):
        t("no.such.key", "en")
    with pytest.raises(MessageError, match="export.output_is_symlink"):
        t("export.output_is_symlink", "en")  # {folder} not given
    with pytest.raises(MessageError, match="export.output_is_symlink"):
        t("export.output_is_symlink", "en", file="x")  # the wrong name
    with pytest.raises(MessageError, match="'fr'"):
        t("cli.error", "fr")


def test_users_get_a_fallback_instead(monkeypatch):
    monkeypatch.delenv(STRICT_ENV)
    assert not strict()
    assert t("no.such.key", "en") == "no.such.key"
    assert t("export.output_is_symlink", "en") == messages()["export.output_is_symlink"][1]
    assert t("export.output_is_symlink", "en", file="x") == messages()["export.output_is_symlink"][1]
    assert t("cli.error", "fr") == "error"


def test_a_msg_parameter_is_rendered_in_the_language_of_the_text():
    reason = Msg("input.reason.zip_parts", parts=12000, limit=10000)
    assert t("problem.zip-bomb", "en", reason=reason).startswith(
        "Refused: the workbook would unpack to an abnormal size (12000 parts (limit 10000))")
    assert "（12000 个部件，上限 10000）" in t("problem.zip-bomb", "zh", reason=reason)


def test_an_error_raised_with_a_key_speaks_the_language_it_is_shown_in():
    exc = UsageError(Msg("output.is_folder", path="out"))
    assert exc.text("en") == "out is a folder; give a file name."
    assert exc.text("zh") == "out 是文件夹；请给出文件名。"
    assert exc.exit_code == 2
    plain = KpiError("已经译好的文字")  # text already in the user's language is shown as it is
    assert plain.text("en") == plain.text("zh") == "已经译好的文字"


def test_str_of_an_error_about_a_file_is_its_located_text(monkeypatch):
    from kpi_cli.errors import InputFileError
    from kpi_cli.problems import Problem

    monkeypatch.setenv("KPI_LANG", "en")
    exc = InputFileError(Problem("xls-not-supported", file="old.xls"))
    assert str(exc).startswith("old.xls: ") and "Problem(" not in str(exc)
    assert exc.text("zh").startswith("old.xls: ") and exc.text("zh") != exc.text("en")


def test_str_of_a_keyed_error_is_in_the_default_language(monkeypatch):
    monkeypatch.setenv("KPI_LANG", "en")
    assert str(UsageError(Msg("output.is_folder", path="out"))) == "out is a folder; give a file name."
    monkeypatch.setenv("KPI_LANG", "zh")
    assert str(UsageError(Msg("output.is_folder", path="out"))) == "out 是文件夹；请给出文件名。"


def test_a_key_param_named_key_can_be_filled():
    # Catalogue problems name the offending key with a {key} placeholder.
    assert "weight" in t("problem.catalogue-missing-key", "en", key="weight")


def test_a_joined_list_of_places_is_rendered_in_the_language_of_the_text():
    from kpi_cli.problems import Problem

    others = Msg.join("; ", ["a.xlsx › S › A7", Msg("where.row_in", place="b.csv", row=4)])
    p = Problem("duplicate-employee", file="a.xlsx", sheet="S", row=3, employee_id="E1",
                params={"others": others, "count": 3})
    assert "（另见：a.xlsx › S › A7; b.csv › 第 4 行）" in p.message_zh
    assert "(also at: a.xlsx › S › A7; b.csv › row 4)" in p.message_en
