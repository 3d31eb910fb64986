"""Every message exists in zh and en, each in its own language, with the same placeholders."""

from __future__ import annotations

import re
import string

import pytest

from kpi_cli.i18n import messages, t

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


def test_unknown_key_comes_back_as_itself():
    assert t("no.such.key", "en") == "no.such.key"


def test_a_key_param_named_key_can_be_filled():
    # Catalogue problems name the offending key with a {key} placeholder.
    assert "weight" in t("problem.catalogue-missing-key", "en", key="weight")
