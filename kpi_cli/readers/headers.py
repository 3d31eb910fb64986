"""Which column is which: header text → identity field or measure (per role), and where the header row is.

A header matches a measure by its code, Chinese or English name or one of its ``aliases``,
ignoring case, spaces, '_' and '-', full-/half-width differences, line breaks and decoration
(【】, a leading *); a unit at the end ('…比例（%）', '…次数/次', '…比例 %', '…时长（分钟）') is
taken off and kept, so that a unit that is not the measure's can be refused. A header qualified
as another figure ('…（上季度）', '目标…', '…得分') is recognised as a different column. The same
header may name a measure of several roles (客户满意度 in three roles): the column then maps per
row, by that row's role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.readers.identity import identity_field
from kpi_cli.text import normalize_label
from kpi_cli.units import unit_of

HEADER_SEARCH_ROWS = 20
_MATCH_CACHE = 100_000  # distinct texts remembered by one HeaderIndex  # the header is looked for in the first rows holding anything
_TRAILING_BRACKET = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]\s*$")
_BRACKET_CONTENT = re.compile(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]\s*$")
_SLASH_UNIT = re.compile(r"\s*[/／]\s*([^/／]{1,8})\s*$")
_PERCENT_END = re.compile(r"\s*[%％]\s*$")
_DECORATION = str.maketrans({"【": "", "】": "", "「": "", "」": "", "〖": "", "〗": "", "*": "", "★": "", "※": ""})
# Words that make a header another figure than this period's: a different column, never a duplicate.
QUALIFIERS = (
    "上季度", "上一季度", "上季", "上月", "上个月", "上期", "上年", "去年", "去年同期", "同期", "上年同期",
    "目标", "目标值", "计划", "计划值", "预算", "预算值", "基准", "基准值", "标准值", "权重", "得分", "分数", "折算分",
    "环比", "同比", "last quarter", "last month", "last year", "previous", "target", "plan", "budget", "weight", "score",
)
_QUALIFIER_KEYS = sorted({normalize_label(q) for q in QUALIFIERS}, key=len, reverse=True)


@dataclass(frozen=True)
class Target:
    """What a column holds: an identity field ('employee_id', 'measure', 'value'…) or measures by role."""

    field: str | None = None
    measures: tuple[tuple[str, str], ...] = ()  # (role code, measure code) pairs
    unit: str | None = None  # the unit the header gives ('分钟' → 'minutes'), if any
    qualifier: str | None = None  # '上季度', '目标'…: another figure of the column it names (ignored)

    @property
    def is_measure(self) -> bool:
        return bool(self.measures)

    def by_role(self) -> dict[str, str]:
        return dict(self.measures)


@dataclass
class HeaderIndex:
    """Every label of the catalogue's measures → the (role, measure) pairs it names."""

    catalogue: Catalogue
    labels: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    role_labels: dict[str, dict[str, str]] = field(default_factory=dict)  # role → label → measure code
    # Texts already matched: the first rows of every sheet are searched for the header, cell by cell.
    _matched: dict[str, Target | None] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, catalogue: Catalogue) -> "HeaderIndex":
        labels: dict[str, list[tuple[str, str]]] = {}
        role_labels: dict[str, dict[str, str]] = {}
        for role in catalogue.roles:
            own: dict[str, str] = {}
            for m in role.all_measures:
                for label in m.labels:
                    key = normalize_label(label)
                    if not key:
                        continue
                    own.setdefault(key, m.code)
                    pairs = labels.setdefault(key, [])
                    if all(r != role.code for r, _ in pairs):
                        pairs.append((role.code, m.code))
            role_labels[role.code] = own
        return cls(catalogue, {k: tuple(v) for k, v in labels.items()}, role_labels)

    def match(self, header: object) -> Target | None:
        """The identity field or measures a header names (with the unit it gives), or None.

        A header naming another figure of a column ('…（上季度）') gives a Target with its
        ``qualifier`` set: the caller ignores that column.
        """
        if header is None:
            return None
        text = str(header).strip()
        if not text:
            return None
        try:
            return self._matched[text]
        except KeyError:
            pass
        found = self._match(text)
        if len(self._matched) < _MATCH_CACHE:
            self._matched[text] = found
        return found

    def _match(self, text: str) -> Target | None:
        found = self._plain(text)
        if found is not None:
            return found
        qualified = _unqualified(text)
        if qualified is not None:
            rest, word = qualified
            found = self._plain(rest)
            if found is not None and found.field is None:
                return Target(measures=found.measures, qualifier=word)
        return None

    def _plain(self, text: str) -> Target | None:
        for candidate, unit in _variants(text):
            f = identity_field(candidate)
            if f is not None:
                return Target(field=f)
            pairs = self.labels.get(normalize_label(candidate))
            if pairs:
                return Target(measures=pairs, unit=unit)
        return None

    def measure_of(self, role_code: str, text: object) -> str | None:
        """The measure of ``role_code`` that ``text`` names (long format's measure column)."""
        own = self.role_labels.get(role_code, {})
        for candidate, _unit in _variants(str(text).strip()):
            code = own.get(normalize_label(candidate))
            if code:
                return code
        return None


def _variants(text: str) -> list[tuple[str, str | None]]:
    """(candidate, unit) pairs: the header as written; without decoration and line breaks; then
    without a trailing unit ('（分钟）', '/次', ' %'), or any trailing bracket; then its first line."""
    out: list[tuple[str, str | None]] = [(text, None)]
    joined = "".join(part.strip() for part in text.translate(_DECORATION).splitlines()).strip()
    for base in dict.fromkeys([joined, text.split("\n", 1)[0].translate(_DECORATION).strip()]):
        if not base:
            continue
        out.append((base, None))
        current, unit = base, None
        for _ in range(2):  # '客户满意度（%）/次' at most two layers
            stripped, found = _strip_unit(current)
            if stripped is None:
                break
            current, unit = stripped, unit or found
            out.append((current, unit))
        last = _BRACKET_CONTENT.search(current)
        if last is not None and normalize_label(last.group(1)) not in _QUALIFIER_KEYS:  # '工号（必填）'
            bare = current[: last.start()].strip()
            if bare:
                out.append((bare, unit))
    return out


def _strip_unit(text: str) -> tuple[str | None, str | None]:
    """'平均通话时长（分钟）' → ('平均通话时长', 'minutes'); (None, None) when no unit ends the text."""
    for pattern in (_BRACKET_CONTENT, _SLASH_UNIT):
        m = pattern.search(text)
        if m:
            unit = unit_of(m.group(1))
            rest = text[: m.start()].strip()
            if unit is not None and rest:
                return rest, unit
    m = _PERCENT_END.search(text)
    if m and text[: m.start()].strip():
        return text[: m.start()].strip(), "percent"
    return None, None


def _unqualified(text: str) -> tuple[str, str] | None:
    """'客户满意度（上季度）' → ('客户满意度', '上季度'); '目标通话时长' → ('通话时长', '目标'); else None."""
    clean = "".join(part.strip() for part in text.translate(_DECORATION).splitlines()).strip()
    m = re.search(r"[(（\[【]([^()（）\[\]【】]*)[)）\]】]", clean)
    if m and normalize_label(m.group(1)) in _QUALIFIER_KEYS:
        rest = (clean[: m.start()] + clean[m.end():]).strip()
        if rest:
            return rest, m.group(1).strip()
    key = normalize_label(clean)
    for q in _QUALIFIER_KEYS:
        for rest in ((key[len(q):] if key.startswith(q) else None), (key[: -len(q)] if key.endswith(q) else None)):
            if rest:
                rest = rest.strip(":：-_/·")
                if rest:
                    return rest, q
    return None


def header_key(text: object) -> str:
    """A header reduced for likeness: decoration, line breaks and a trailing unit taken off, normalised."""
    if text is None:
        return ""
    variants = _variants(str(text).strip())
    return normalize_label(variants[-1][0]) if variants else ""
