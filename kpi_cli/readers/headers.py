"""Which column is which: header text → identity field or measure (per role), and where the header row is.

A header matches a measure by its code, Chinese or English name, ignoring case, spaces, '_' and
'-' and full-/half-width differences; a unit in brackets at the end ('…比例（%）') is ignored.
The same header may name a measure of several roles (客户满意度 in three roles): the column then
maps per row, by that row's role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.identity import identity_field
from kpi_cli.text import normalize_label

HEADER_SEARCH_ROWS = 20  # the header is looked for in the first rows holding anything
_TRAILING_BRACKET = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]\s*$")


@dataclass(frozen=True)
class Target:
    """What a column holds: an identity field ('employee_id', 'measure', 'value'…) or measures by role."""

    field: str | None = None
    measures: tuple[tuple[str, str], ...] = ()  # (role code, measure code) pairs

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

    @classmethod
    def build(cls, catalogue: Catalogue) -> "HeaderIndex":
        labels: dict[str, list[tuple[str, str]]] = {}
        role_labels: dict[str, dict[str, str]] = {}
        for role in catalogue.roles:
            own: dict[str, str] = {}
            for m in role.all_measures:
                for label in (m.code, m.name_zh, m.name_en):
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
        """The identity field or measures a header names, or None."""
        if header is None:
            return None
        text = str(header).strip()
        if not text:
            return None
        for candidate in _variants(text):
            f = identity_field(candidate)
            if f is not None:
                return Target(field=f)
            pairs = self.labels.get(normalize_label(candidate))
            if pairs:
                return Target(measures=pairs)
        return None

    def measure_of(self, role_code: str, text: object) -> str | None:
        """The measure of ``role_code`` that ``text`` names (long format's measure column)."""
        own = self.role_labels.get(role_code, {})
        for candidate in _variants(str(text).strip()):
            code = own.get(normalize_label(candidate))
            if code:
                return code
        return None


def _variants(text: str) -> list[str]:
    """The header as written, then without a trailing bracketed unit, then its first line."""
    out = [text]
    stripped = _TRAILING_BRACKET.sub("", text).strip()
    if stripped and stripped != text:
        out.append(stripped)
    if "\n" in text:
        first = text.split("\n", 1)[0].strip()
        if first:
            out.append(first)
            second = _TRAILING_BRACKET.sub("", first).strip()
            if second and second != first:
                out.append(second)
    return out
