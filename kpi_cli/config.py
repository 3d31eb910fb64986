"""Settings from flags, the environment and kpi.toml: which catalogue, language and thresholds.

Precedence, for every setting: command-line flag > environment variable > kpi.toml (in the
working folder, or the file given with --config) > the built-in default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kpi_cli.errors import KpiError, UsageError
from kpi_cli.i18n import LANGS, default_lang, t

CONFIG_FILE = "kpi.toml"
BUILTIN = "builtin"  # as a catalogue name: the built-in catalogue
CONFIG_KEYS = ("catalogue", "lang", "coverage_threshold", "grades", "quotas", "calibrate", "raters")
ENV_CATALOGUE = "KPI_CATALOGUE"
ENV_LANG = "KPI_LANG"
ENV_CONFIG = "KPI_CONFIG"


@dataclass(frozen=True)
class Settings:
    catalogue: Path | None = None  # None = built-in
    lang: str = "zh"
    coverage_threshold: float | None = None  # None = the catalogue's
    grades: list[dict[str, Any]] | None = None  # overrides the catalogue's grade bands
    quotas: list[dict[str, Any]] | None = None  # overrides the catalogue's quotas
    calibrate: bool | None = None  # overrides the catalogue's calibration default (强制分布)
    raters: dict[str, Any] | None = None  # [raters]: how ratings from several raters combine
    config_file: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)  # setting → where it came from


MAX_CONFIG_BYTES = 1024 * 1024
MAX_CONFIG_DEPTH = 50  # nested arrays and inline tables; kpi.toml needs 3


def _nesting_beyond(text: str, limit: int) -> int | None:
    """The line where brackets ([ {) first nest deeper than ``limit``, or None (tomllib would
    recurse once per level and fail without saying where)."""
    import re

    depth = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth += 1 if m.group() in "[{" else -1
        if depth > limit:
            return text.count("\n", 0, m.start()) + 1
    return None


def read_config(path: Path, lang: str | None = None) -> dict[str, Any]:
    """The settings of a kpi.toml, each checked for its type; KpiError (one line) if unusable."""
    import tomllib  # here, not at the top: `kpi --help` resolves its language without a kpi.toml
    from kpi_cli.readers.files import refuse_unreadable

    L = lang or default_lang()
    refused = refuse_unreadable(path, MAX_CONFIG_BYTES)  # a FIFO would block the read, a huge file fill memory
    if refused is not None:
        raise KpiError(t("config.unreadable", L, file=path, reason=refused.message(L)))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KpiError(t("config.unreadable", L, file=path, reason=exc.strerror or exc)) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KpiError(t("config.not_utf8", L, file=path, line=raw[: exc.start].count(b"\n") + 1)) from None
    too_deep = _nesting_beyond(text, MAX_CONFIG_DEPTH)
    try:
        if too_deep is not None:
            raise RecursionError
        data = tomllib.loads(text)
    except RecursionError:
        line = too_deep if too_deep is not None else 1
        raise KpiError(t("config.too_deep", L, file=path, line=line, limit=MAX_CONFIG_DEPTH)) from None
    except tomllib.TOMLDecodeError as exc:
        raise KpiError(t("config.not_toml", L, file=path, reason=exc)) from exc
    unknown = sorted(set(data) - set(CONFIG_KEYS))
    if unknown:
        raise KpiError(t("config.unknown_key", L, file=path, keys=", ".join(unknown), known=", ".join(CONFIG_KEYS)))
    for key, ok in (
        ("catalogue", lambda v: isinstance(v, str) and v.strip() != ""),
        ("lang", lambda v: v in LANGS),
        ("coverage_threshold", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 1),
        ("grades", lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v)),
        ("quotas", lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v)),
        ("calibrate", lambda v: isinstance(v, bool)),
        ("raters", lambda v: isinstance(v, dict)),
    ):
        if key in data and not ok(data[key]):
            raise KpiError(t(f"config.bad.{key}", L, file=path, value=data[key], reason=t("config.raters.not_table", L)))
    return data


def resolve_settings(
    catalogue: Path | None = None,
    lang: str | None = None,
    config: Path | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Combine flags, environment and kpi.toml into Settings (flag > env > kpi.toml > built-in)."""
    cwd = cwd or Path.cwd()
    # The language of messages about the settings themselves, before kpi.toml is read.
    early = lang if lang in LANGS else default_lang()
    cfg_path = config or (Path(os.environ[ENV_CONFIG]) if os.environ.get(ENV_CONFIG) else None)
    if cfg_path is not None and not cfg_path.is_file():
        raise UsageError(t("config.not_found", early, file=cfg_path))
    if cfg_path is None and (cwd / CONFIG_FILE).is_file():
        cfg_path = cwd / CONFIG_FILE
    data = read_config(cfg_path, early) if cfg_path else {}
    sources: dict[str, str] = {}

    cat: Path | None = None
    if catalogue is not None and str(catalogue).strip().lower() == BUILTIN:
        sources["catalogue"] = "flag"  # --catalogue builtin: the built-in one, whatever env or kpi.toml say
    elif catalogue is not None:
        cat, sources["catalogue"] = Path(catalogue), "flag"
    elif os.environ.get(ENV_CATALOGUE):
        value = os.environ[ENV_CATALOGUE]
        cat, sources["catalogue"] = (None if value.strip().lower() == BUILTIN else Path(value)), "env"
    elif data.get("catalogue"):
        if str(data["catalogue"]).strip().lower() != BUILTIN:
            cat = Path(str(data["catalogue"]))
            if not cat.is_absolute() and cfg_path is not None:
                cat = cfg_path.parent / cat  # relative to kpi.toml, not to where kpi runs
        sources["catalogue"] = "kpi.toml"
    else:
        sources["catalogue"] = "built-in"

    if lang is not None:
        chosen, sources["lang"] = lang, "flag"
    elif os.environ.get(ENV_LANG):
        chosen, sources["lang"] = os.environ[ENV_LANG], "env"
    elif data.get("lang"):
        chosen, sources["lang"] = str(data["lang"]), "kpi.toml"
    else:
        chosen, sources["lang"] = default_lang(), "locale"
    if chosen not in LANGS:
        raise UsageError(t("config.bad_lang", early, value=chosen, source=sources["lang"]))

    threshold = data.get("coverage_threshold")
    return Settings(
        catalogue=cat,
        lang=chosen,
        coverage_threshold=threshold,
        grades=data.get("grades"),
        quotas=data.get("quotas"),
        calibrate=data.get("calibrate"),
        raters=data.get("raters"),
        config_file=cfg_path,
        sources=sources,
    )


def load_settings_catalogue(settings: Settings):
    """The catalogue the settings name, with kpi.toml's grade bands and quotas applied."""
    from kpi_cli.catalogue import load_catalogue

    cat = load_catalogue(settings.catalogue)
    if settings.raters is not None:
        from kpi_cli.readers.raters import with_rater_policy

        cat = with_rater_policy(cat, settings.raters, settings.config_file or Path(CONFIG_FILE), settings.lang)
    if (settings.grades is None and settings.quotas is None and settings.coverage_threshold is None
            and settings.calibrate is None):
        return cat
    from kpi_cli.catalogue.schema import apply_overrides

    return apply_overrides(cat, settings)


