"""Settings from flags, the environment and kpi.toml: which catalogue, language and thresholds.

Precedence, for every setting: command-line flag > environment variable > kpi.toml (in the
working folder, or the file given with --config) > the built-in default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kpi_cli.errors import KpiError, UsageError
from kpi_cli.i18n import LANGS, default_lang

CONFIG_FILE = "kpi.toml"
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
    config_file: Path | None = None
    sources: dict[str, str] = field(default_factory=dict)  # setting → where it came from


def read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        raise KpiError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise KpiError(f"{path}: not valid TOML ({exc}); see the README section on kpi.toml") from exc
    known = {"catalogue", "lang", "coverage_threshold", "grades", "quotas"}
    unknown = set(data) - known
    if unknown:
        raise KpiError(f"{path}: unknown setting(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(known))}")
    return data


def resolve_settings(
    catalogue: Path | None = None,
    lang: str | None = None,
    config: Path | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Combine flags, environment and kpi.toml into Settings (flag > env > kpi.toml > built-in)."""
    cwd = cwd or Path.cwd()
    cfg_path = config or (Path(os.environ[ENV_CONFIG]) if os.environ.get(ENV_CONFIG) else None)
    if cfg_path is not None and not cfg_path.is_file():
        raise UsageError(f"config file {cfg_path} not found")
    if cfg_path is None and (cwd / CONFIG_FILE).is_file():
        cfg_path = cwd / CONFIG_FILE
    data = read_config(cfg_path) if cfg_path else {}
    sources: dict[str, str] = {}

    cat: Path | None = None
    if catalogue is not None:
        cat, sources["catalogue"] = Path(catalogue), "flag"
    elif os.environ.get(ENV_CATALOGUE):
        cat, sources["catalogue"] = Path(os.environ[ENV_CATALOGUE]), "env"
    elif data.get("catalogue"):
        cat = Path(str(data["catalogue"]))
        if not cat.is_absolute() and cfg_path is not None:
            cat = cfg_path.parent / cat
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
        raise UsageError(f"language '{chosen}' is not supported; use zh or en")

    threshold = data.get("coverage_threshold")
    if threshold is not None and (not isinstance(threshold, (int, float)) or not 0 <= threshold <= 1):
        raise KpiError(f"{cfg_path}: coverage_threshold must be a number from 0 to 1, not {threshold!r}")
    return Settings(
        catalogue=cat,
        lang=chosen,
        coverage_threshold=threshold,
        grades=data.get("grades"),
        quotas=data.get("quotas"),
        config_file=cfg_path,
        sources=sources,
    )


def load_settings_catalogue(settings: Settings):
    """The catalogue the settings name, with kpi.toml's grade bands and quotas applied."""
    from kpi_cli.catalogue import load_catalogue

    cat = load_catalogue(settings.catalogue)
    if settings.grades is None and settings.quotas is None and settings.coverage_threshold is None:
        return cat
    from kpi_cli.catalogue.loader import apply_overrides

    return apply_overrides(cat, settings)


def with_lang(settings: Settings, lang: str) -> Settings:
    return replace(settings, lang=lang)
