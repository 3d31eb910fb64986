"""Translation tables: every user-facing string exists in zh and en, looked up by key.

Users never see a crash from a message: an unknown key comes back as itself and a text that does
not format comes back unformatted. Under the tests (``KPI_STRICT_MESSAGES=1``, set by
tests/conftest.py) both raise :class:`~kpi_cli.errors.MessageError`, so that a missing key or a
wrong placeholder fails the test that shows it.
"""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil
from functools import lru_cache
from typing import Any

LANGS = ("zh", "en")
STRICT_ENV = "KPI_STRICT_MESSAGES"


def strict() -> bool:
    """True when a missing key or a formatting error must raise (the tests), not fall back."""
    return os.environ.get(STRICT_ENV) == "1"


class Msg:
    """A message not yet put into words: its key and parameters, rendered in any language.

    Used where the language is not known yet (an exception raised deep in the library, a part
    of a problem's message): ``t()`` renders a ``Msg`` parameter in the language of the text.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def text(self, lang: str) -> str:
        return t(self.key, lang, **self.params)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, **{self.params!r})"

    def __str__(self) -> str:
        return self.text(default_lang())

    @staticmethod
    def join(sep: str, items: list) -> "Msg | str":
        """Texts and messages joined by ``sep``, each message in the language of the whole (plain
        text when no item is a message)."""
        if not any(isinstance(i, Msg) for i in items):
            return sep.join(str(i) for i in items)
        return _Joined(sep, items)


class _Joined(Msg):
    __slots__ = ("sep", "items")

    def __init__(self, sep: str, items: list) -> None:
        super().__init__("", sep=sep)
        self.sep = sep
        self.items = list(items)

    def text(self, lang: str) -> str:
        return self.sep.join(i.text(lang) if isinstance(i, Msg) else str(i) for i in self.items)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Joined) and (self.sep, self.items) == (other.sep, other.items)

    def __hash__(self) -> int:
        return hash(self.sep)

    def __repr__(self) -> str:
        return f"Msg.join({self.sep!r}, {self.items!r})"


@lru_cache(maxsize=1)
def messages() -> dict[str, tuple[str, str]]:
    """All message tables of ``kpi_cli.messages.*`` merged: key → (zh, en)."""
    import kpi_cli.messages as pkg

    table: dict[str, tuple[str, str]] = {}
    for info in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{pkg.__name__}.{info.name}")
        for key, pair in module.MESSAGES.items():
            if key in table:
                raise RuntimeError(f"message key {key!r} defined twice (in {info.name})")
            table[key] = pair
    return table


def t(key: str, lang: str = "zh", /, **params) -> str:
    """The text of ``key`` in ``lang``, with ``{params}`` filled in (a :class:`Msg` parameter in
    the same language); the key itself if unknown. Strict mode: MessageError instead."""
    pair = messages().get(key)
    if pair is None:
        if strict():
            from kpi_cli.errors import MessageError

            raise MessageError(f"no message {key!r} in kpi_cli/messages")
        return key
    if lang not in LANGS and strict():
        from kpi_cli.errors import MessageError

        raise MessageError(f"message {key!r} asked in unknown language {lang!r}")
    text = pair[0] if lang == "zh" else pair[1]
    if params or (strict() and "{" in text):
        try:
            return text.format(**{k: ("" if v is None else v.text(lang) if isinstance(v, Msg) else v)
                                  for k, v in params.items()})
        except (KeyError, IndexError, ValueError, AttributeError) as exc:
            if strict():
                from kpi_cli.errors import MessageError

                raise MessageError(f"message {key!r} ({lang}) does not format with {sorted(params)}: "
                                   f"{type(exc).__name__}: {exc}") from exc
            return text
    return text


def default_lang() -> str:
    """zh unless KPI_LANG or the locale says English (LANG=en_US…)."""
    env = os.environ.get("KPI_LANG")
    if env in LANGS:
        return env
    loc = os.environ.get("LC_ALL") or os.environ.get("LC_MESSAGES") or os.environ.get("LANG") or ""
    if not loc:
        try:
            loc = locale.getlocale()[0] or ""
        except ValueError:
            loc = ""
    return "en" if loc.lower().startswith("en") else "zh"
