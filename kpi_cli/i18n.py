"""Translation tables: every user-facing string exists in zh and en, looked up by key."""

from __future__ import annotations

import importlib
import locale
import os
import pkgutil
from functools import lru_cache

LANGS = ("zh", "en")


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
    """The text of ``key`` in ``lang``, with ``{params}`` filled in; the key itself if unknown."""
    pair = messages().get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    if params:
        try:
            return text.format(**{k: ("" if v is None else v) for k, v in params.items()})
        except (KeyError, IndexError, ValueError):
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
