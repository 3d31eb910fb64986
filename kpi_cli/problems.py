"""The located problem record: what is wrong, where (file, sheet, row, cell), and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


@dataclass
class Problem:
    """One thing wrong with the input or a catalogue.

    ``type`` is a short kebab-case code (``not-a-number``, ``out-of-range``…); ``row`` is numbered
    as Excel shows it (header = 1); ``column`` is the letter and ``column_name`` the header text;
    ``line`` is used for YAML catalogues. The messages come from the translation tables, keyed by
    ``problem.<type>``, filled with ``params``.
    """

    type: str
    severity: str = ERROR
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    column_name: str | None = None
    cell: str | None = None
    line: int | None = None
    employee_id: str | None = None
    role: str | None = None
    measure: str | None = None
    value: Any = None
    params: dict[str, Any] = field(default_factory=dict)
    message_zh: str = ""
    message_en: str = ""

    def __post_init__(self) -> None:
        # numpy integers (from DataFrames) are not JSON-serialisable: keep plain ints
        for name in ("row", "line"):
            v = getattr(self, name)
            if v is not None and not isinstance(v, int):
                setattr(self, name, int(v))
        if not self.message_zh or not self.message_en:
            from kpi_cli.i18n import t

            fill = {
                "value": self.value,
                "measure": self.measure,
                "employee_id": self.employee_id,
                "role": self.role,
                "column": self.column_name or self.column,
                "cell": self.cell,
                "sheet": self.sheet,
                "file": self.file,
                **self.params,
            }
            self.message_zh = self.message_zh or t(f"problem.{self.type}", "zh", **fill)
            self.message_en = self.message_en or t(f"problem.{self.type}", "en", **fill)
        if self.cell is None and self.column and self.row:
            self.cell = f"{self.column}{self.row}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def location(self, lang: str = "en") -> str:
        """'file.xlsx › Sheet › C7' (or '… line 12' for YAML): only the parts that are known."""
        parts = [p for p in (self.file, self.sheet) if p]
        if self.cell:
            parts.append(self.cell)
        elif self.row:
            parts.append(_where("where.row", lang, row=self.row))
        if self.line:
            parts.append(_where("where.line", lang, line=self.line))
        return " › ".join(parts)

    def text(self, lang: str = "en") -> str:
        loc = self.location(lang)
        return f"{loc}: {self.message(lang)}" if loc else self.message(lang)

    def as_tuple(self) -> tuple:
        """The compact form tests assert on: (row, column letter, type)."""
        return (self.row, self.column, self.type)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (every field but ``params``); a shallow copy, fast for many problems."""
        d = {k: v for k, v in self.__dict__.items() if k != "params"}
        d["value"] = _jsonable(self.value)
        return d


def _where(key: str, lang: str, **params) -> str:
    from kpi_cli.i18n import t

    return t(key, lang, **params)


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    return str(v)


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
