"""Periods (2026-07, 2026-Q3, 2026-H2, 2026): parsing, the months they hold, count scaling."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kpi_cli.errors import UsageError
from kpi_cli.i18n import Msg

BASIS_MONTHS = {"month": 1, "quarter": 3, "year": 12}

_PATTERNS = (
    (re.compile(r"^(\d{4})[-_./]?(0[1-9]|1[0-2])$"), "month"),
    (re.compile(r"^(\d{4})[-_]?[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})[-_]?[Hh]([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
)
# Periods inside longer text such as a file name: "kpi_2026-Q3_final.xlsx", "2026年7月".
_SEARCH = re.compile(
    r"(?<!\d)(\d{4})(?:[-_.]?(?:([Qq][1-4])|([Hh][12])|(0[1-9]|1[0-2]))(?!\d)|年(\d{1,2})月|年第?([1-4一二三四])季度?)"
)
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass(frozen=True, order=True)
class Period:
    """A scoring period; ``kind`` is month, quarter, half or year."""

    year: int
    start_month: int
    months_count: int
    kind: str

    @property
    def code(self) -> str:
        if self.kind == "month":
            return f"{self.year}-{self.start_month:02d}"
        if self.kind == "quarter":
            return f"{self.year}-Q{(self.start_month - 1) // 3 + 1}"
        if self.kind == "half":
            return f"{self.year}-H{(self.start_month - 1) // 6 + 1}"
        return f"{self.year}"

    def __str__(self) -> str:
        return self.code

    @property
    def months(self) -> tuple["Period", ...]:
        """The calendar months of this period."""
        return tuple(month(self.year, m) for m in range(self.start_month, self.start_month + self.months_count))

    def contains(self, other: "Period") -> bool:
        return (
            other.year == self.year
            and other.start_month >= self.start_month
            and other.start_month + other.months_count <= self.start_month + self.months_count
        )

    def scale_for(self, basis: str | None) -> float:
        """Factor applied to a count standard's thresholds: months in period ÷ months in basis."""
        if basis is None:
            return 1.0
        return self.months_count / BASIS_MONTHS[basis]


def month(year: int, m: int) -> Period:
    return Period(year, m, 1, "month")


def parse_period(text: str) -> Period:
    """Parse '2026-07', '2026-Q3', '2026-H2' or '2026'; UsageError with the accepted forms if not."""
    s = str(text).strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(s)
        if not m:
            continue
        year = int(m.group(1))
        if kind == "year":
            return Period(year, 1, 12, "year")
        n = int(m.group(2))
        if kind == "month":
            return month(year, n)
        if kind == "quarter":
            return Period(year, 3 * (n - 1) + 1, 3, "quarter")
        return Period(year, 6 * (n - 1) + 1, 6, "half")
    raise UsageError(Msg("period.invalid", text=s))


def try_parse_period(text: object) -> Period | None:
    try:
        return parse_period(str(text))
    except UsageError:
        return None


# A sheet named by its month alone ("7月", "07月份", "七月", "7月数据"): the year comes from elsewhere.
_MONTH_ONLY = re.compile(r"^\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*月份?[^\d月至到~～\-—–]*$")
_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
              "十一": 11, "十二": 12}
# Names that span periods ("7-9月", "2026年7月至9月", "Q3-Q4"): two period words, or "M-M月".
_PERIOD_WORD = re.compile(r"(?<!\d)\d{1,2}\s*月|[一二三四五六七八九十]+\s*月|[Qq][1-4]|[Hh][12]")
_MONTH_SPAN = re.compile(r"(?<!\d)\d{1,2}\s*[-—–~～至到]\s*\d{1,2}\s*月")


def is_range(text: str) -> bool:
    """True for a name that spans periods ("7-9月", "7月至9月")."""
    return len(_PERIOD_WORD.findall(text)) > 1 or bool(_MONTH_SPAN.search(text))


def month_only(text: str) -> int | None:
    """The month a name like "7月" / "七月份" gives (no year in it), or None."""
    m = _MONTH_ONLY.match(text)
    if not m:
        return None
    n = _CN_MONTHS.get(m.group(1)) or (int(m.group(1)) if m.group(1).isdigit() else 0)
    return n if 1 <= n <= 12 else None


# After a period in a name: "-30" of a date (2026-09-30: a day, not the period), and the end of a
# range given by its month alone ("2026.07-09", "2026年07月-09月").
_DAY_AFTER = re.compile(r"([-./_]?)(?:0[1-9]|[12]\d|3[01])(?![\d月])")
_CN_DAY_AFTER = re.compile(r"\s*(?:0?[1-9]|[12]\d|3[01])\s*[日号]")
_MONTH_AFTER = re.compile(r"\s*[-—–~～至到]\s*(0?[1-9]|1[0-2])(?!\d)\s*月?")
_RANGE_BETWEEN = re.compile(r"\s*[-—–~～至到_]\s*")


def find_period(text: str) -> Period | None:
    """The period named somewhere in ``text`` (a file name), or None. The first period wins; a date
    (2026-09-30) names none; a range ("2026.07-2026.09", "2026年07月-09月", "2026-07~2026-09")
    is the quarter, half or year it spans, and None when it spans no such period."""
    found = [(m, p) for m in _SEARCH.finditer(text) if (p := _period_of(m)) is not None and not _is_date(text, m)]
    if not found:
        return None
    (m, first), rest = found[0], found[1:]
    end = None
    more = _MONTH_AFTER.match(text, m.end())
    if first.kind == "month" and more:
        end = month(first.year, int(more.group(1)))
    elif rest and _RANGE_BETWEEN.fullmatch(text, m.end(), rest[0][0].start()):
        end = rest[0][1]
    if end is None:
        return first
    return _spanned(first, end)


def _is_date(text: str, m: re.Match) -> bool:
    """2026-09-30, 2026.09.30, 2026年9月30日: a month followed by a day (with the same separator:
    2026.07-09 is July to September)."""
    if m.group(5):  # 2026年7月1日
        return _CN_DAY_AFTER.match(text, m.end()) is not None
    if not m.group(4):
        return False
    day = _DAY_AFTER.match(text, m.end())
    return day is not None and day.group(1) == text[m.start(1) + 4: m.start(4)]


def _spanned(first: Period, last: Period) -> Period | None:
    """The period from the start of ``first`` to the end of ``last`` when it is one (a month, a
    quarter, a half or the year), else None."""
    stop = last.start_month + last.months_count
    count = stop - first.start_month
    kind = {1: "month", 3: "quarter", 6: "half", 12: "year"}.get(count)
    if last.year != first.year or kind is None or (first.start_month - 1) % count:
        return None
    return Period(first.year, first.start_month, count, kind)


def _period_of(m: re.Match) -> Period | None:
    year = int(m.group(1))
    q, h, mm, cn_month, cn_quarter = m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)
    if q:
        return parse_period(f"{year}-{q.upper()}")
    if h:
        return parse_period(f"{year}-{h.upper()}")
    if mm:
        return month(year, int(mm))
    if cn_month and 1 <= int(cn_month) <= 12:
        return month(year, int(cn_month))
    if cn_quarter:
        n = _CN_DIGITS.get(cn_quarter) or int(cn_quarter)
        return parse_period(f"{year}-Q{n}")
    return None
