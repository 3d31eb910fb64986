"""Units as people type them beside a figure ("8.5分钟", "14次") or in a header ("…（分钟）", "…/次").

One table: a unit word → the catalogue unit it means, and which catalogue units accept it. A
figure or a column whose unit is not the measure's is refused, never converted silently.
"""

from __future__ import annotations

import re
import unicodedata

# unit word (NFKC, case-folded) → the unit it names
UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(("分钟", "分鐘", "min", "mins", "minute", "minutes"), "minutes"),
    **dict.fromkeys(("秒", "秒钟", "s", "sec", "secs", "second", "seconds"), "seconds"),
    **dict.fromkeys(("小时", "个小时", "h", "hr", "hrs", "hour", "hours"), "hours"),
    **dict.fromkeys(("天", "日", "工作日", "d", "day", "days"), "days"),
    **dict.fromkeys(("周", "星期", "个星期", "week", "weeks"), "weeks"),
    **dict.fromkeys(("月", "个月", "month", "months"), "months"),
    **dict.fromkeys(("次", "个", "件", "单", "人次", "笔", "项", "例", "起", "times"), "count"),
    **dict.fromkeys(("%", "百分比", "percent"), "percent"),
    **dict.fromkeys(("分", "points"), "score"),
    **dict.fromkeys(("分(1-5)", "(1-5)", "1-5", "分(1-5分)", "1-5分"), "rating"),
    **dict.fromkeys(("倍",), "ratio"),
}
# the catalogue unit → the unit words' units it accepts
ACCEPTS: dict[str, frozenset[str]] = {
    "minutes": frozenset({"minutes"}),
    "seconds": frozenset({"seconds"}),
    "hours": frozenset({"hours"}),
    "days": frozenset({"days"}),
    "weeks": frozenset({"weeks"}),
    "months": frozenset({"months"}),
    "count": frozenset({"count"}),
    "ratio": frozenset({"ratio", "count"}),  # 周转次数: "8次" is 8 turns
    "percent": frozenset({"percent"}),
    "change_pct": frozenset({"percent"}),
    "score": frozenset({"score", "percent"}),
    "rating": frozenset({"rating", "score"}),
    "yes_no": frozenset(),
}
_DASHES = str.maketrans({"–": "-", "—": "-", "~": "-", "～": "-", "至": "-"})
_NUMBER_UNIT = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([^\d\s.+-].*?)$")


def unit_of(word: object) -> str | None:
    """'分钟' → 'minutes', '次' → 'count', '(1–5)' → 'rating'; None for anything else."""
    if word is None:
        return None
    key = unicodedata.normalize("NFKC", str(word)).casefold().translate(_DASHES)
    key = re.sub(r"\s+", "", key)
    if key.startswith(("单位:", "unit:")):
        key = key.split(":", 1)[1]
    return UNIT_WORDS.get(key)


def accepts(measure_unit: str, unit: str) -> bool:
    """True when a figure typed in ``unit`` can be read as a figure of ``measure_unit``."""
    return unit in ACCEPTS.get(measure_unit, frozenset())


def split_number_unit(text: str) -> tuple[str, str] | None:
    """'8.5分钟' → ('8.5', 'minutes'); None when the text is not a number followed by a known unit."""
    s = unicodedata.normalize("NFKC", text).strip()
    m = _NUMBER_UNIT.match(s)
    if not m:
        return None
    unit = unit_of(m.group(2))
    if unit is None or unit == "percent":  # "95%" is read by the number parser itself
        return None
    return m.group(1), unit
