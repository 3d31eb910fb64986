"""Shared helpers of the report writers: atomic writes, safe text, labels, flags and ordering."""

from __future__ import annotations

import math
import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.cells import is_missing, tidy_number
from kpi_cli.scoring.flags import Flag, flags_of
from kpi_cli.i18n import messages, t

# C0 control characters other than tab, LF and CR, and DEL: never meaningful in a name.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


# --- values -----------------------------------------------------------------------------------
def clean_text(x: Any) -> str:
    """Text from the input as a plain string: '' for blanks, integral floats without '.0',
    control characters dropped. Never interpreted (no formulas, no markup) by the writers."""
    if type(x) is str:  # the common case first: this runs for every name of 100,000 employees
        return x if x.isprintable() else _CONTROL.sub("", x)
    if is_missing(x):
        return ""
    return _CONTROL.sub("", str(tidy_number(x)))


def number_or_none(x: Any) -> float | None:
    """A finite float, or None (blank, NaN, inf, not a number)."""
    if x is None or isinstance(x, bool):
        return None if x is None else float(x)
    try:
        f = float(x)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def column_numbers(series: pd.Series) -> list[float | None]:
    """A numeric column as a list of floats with None for blanks (one pass, no per-cell pandas)."""
    arr = pd.to_numeric(series, errors="coerce").astype("float64").to_numpy()
    out = arr.astype(object)
    out[~np.isfinite(arr)] = None
    return out.tolist()


def column_texts(series: pd.Series) -> list[str]:
    """A text column as a list of cleaned strings ('' for blanks)."""
    # printable text as it is without a call per value (clean_text gives the same): 100,000 names
    return [x if x.__class__ is str and x.isprintable() else clean_text(x) for x in series.tolist()]


def pct(share: float | None, digits: int = 0) -> str:
    """0.355 → '36%' (digits=0) or '35.5%'; '—' for blanks."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "—"
    return f"{share * 100:.{digits}f}%"


def now_text() -> str:
    """The local time now, ISO 8601 to the second with its UTC offset."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def parse_generated(text: str) -> datetime:
    """The UTC datetime of a generated-at stamp, for document properties (a fixed date when the
    stamp is not ISO 8601, so that the same stamp always gives the same file)."""
    try:
        dt = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return datetime(2000, 1, 1)
    if dt.tzinfo is not None:
        dt = dt.astimezone(timezone.utc).replace(tzinfo=None)
    return dt


# --- files ------------------------------------------------------------------------------------
def check_not_input(path: Path, inputs: list) -> None:
    """Refuse to write over one of the files the result was read from (same file, any name)."""
    from kpi_cli.fileio import ensure_not_input

    ensure_not_input(path, [f.path for f in inputs or [] if getattr(f, "path", None)])


def atomic_output(path: str | os.PathLike):
    """A temporary path beside ``path`` that replaces it in one step on success (kpi_cli.fileio)."""
    from kpi_cli.fileio import atomic_path

    return atomic_path(path)


# --- labels -----------------------------------------------------------------------------------
def labels(lang: str) -> dict[str, str]:
    """Every ``report.*`` message in ``lang`` keyed without the prefix, dots as underscores
    (``report.col.total`` → ``col_total``): the label table the templates read."""
    out = {}
    for key, pair in messages().items():
        if key.startswith("report."):
            out[key[7:].replace(".", "_")] = pair[0] if lang == "zh" else pair[1]
    return out


def department_label(name: str, lang: str) -> str:
    return name if name else t("report.no_department", lang)


def grade_names(result, lang: str) -> dict[str, str]:
    """Grade letter → its name in ``lang`` (the catalogue's bands and any role's own bands)."""
    out: dict[str, str] = {}
    for role in result.catalogue.roles:
        for b in role.grades or ():
            out.setdefault(b.grade, b.name(lang))
    for b in result.catalogue.grades:
        out[b.grade] = b.name(lang)
    return out


def grade_classes(result) -> dict[str, str]:
    """Grade letter → a CSS class by its position among the bands (g0 best …): letters from a
    custom catalogue never become markup."""
    out: dict[str, str] = {}
    for i, b in enumerate(result.catalogue.grades):
        out[b.grade] = f"g{min(i, 5)}"
    for role in result.catalogue.roles:
        for i, b in enumerate(role.grades or ()):
            out.setdefault(b.grade, f"g{min(i, 5)}")
    return out


def role_order(result) -> list[str]:
    """Codes of the roles present in the result, in catalogue order."""
    present = set(result.employees["role"].dropna().astype(str))
    return [r.code for r in result.catalogue.roles if r.code in present and r.code in result.roles]


def role_names(result, lang: str) -> list[str]:
    """The role of every record as shown to people: the catalogue name, or the label as typed."""
    emp = result.employees
    names = {r.code: r.name(lang) for r in result.catalogue.roles}
    codes = emp["role"].tolist()
    typed = emp["role_label"].tolist() if "role_label" in emp else [None] * len(emp)
    out = []
    for code, label in zip(codes, typed):
        if isinstance(code, str) and code in names:
            out.append(names[code])
        elif clean_text(label):
            out.append(t("report.unknown_role", lang, label=clean_text(label)))
        else:
            out.append(t("report.no_role", lang))
    return out


def report_order(result) -> pd.Index:
    """Records ordered for reading: department, role (catalogue order, unknown last), total from
    high to low (not graded last), then employee id and input order."""
    emp = result.employees
    order = {r.code: i for i, r in enumerate(result.catalogue.roles)}
    dep = emp["department"].map(clean_text)
    key = pd.DataFrame(
        {
            "dep_blank": dep.eq(""),
            "dep": dep,
            "role": emp["role"].map(lambda c: order.get(c, len(order)) if isinstance(c, str) else len(order)),
            "graded": emp["grade"].isna(),
            "total": -pd.to_numeric(emp["total_rounded"], errors="coerce").fillna(-np.inf),
            "id": emp["employee_id"].map(clean_text),
            "pos": np.arange(len(emp)),
        },
        index=emp.index,
    )
    key = key.sort_values(list(key.columns), kind="stable")
    return key.index


# --- flags ------------------------------------------------------------------------------------
def all_flags(result) -> dict[Any, list[Flag]]:
    """The flags of every record as Flag records (from ``result.flag_table()``, the one place
    they are computed); records without flags are left out."""
    return flags_of(result.flag_table())


def flag_text(flag: Flag, role, lang: str) -> str:
    """One flag in words, naming the measure."""
    name = flag.measure
    if role is not None and flag.measure:
        try:
            name = role.measure(flag.measure).name(lang)
        except KeyError:
            pass
    if flag.kind == "missing":
        return t("report.flag.missing", lang, measure=name)
    if flag.kind == "invalid":
        return t("report.flag.invalid", lang, measure=name)
    if flag.kind == "veto":
        return t("report.flag.veto", lang, measure=name, cap=flag.cap)
    if flag.kind == "role-change":
        return t("report.flag.role_change", lang)
    if flag.kind in ("few-raters", "rater-spread"):
        return t(f"report.flag.{flag.kind}", lang, measure=name)
    return t("report.flag.record_error", lang)


def role_part_lines(result, lang: str) -> dict[Any, list[str]]:
    """Per record whose role changed within the period: one line per role part, in month order
    ('客户咨询（2026-07, 2026-08，占 67%）：总分 95.1，覆盖率 65%')."""
    parts = getattr(result, "role_parts", None)
    if parts is None or not len(parts):
        return {}
    names = {r.code: r.name(lang) for r in result.catalogue.roles}
    out: dict[Any, list[str]] = {}
    for p in parts.itertuples(index=False):
        role = names.get(p.role) if isinstance(p.role, str) else clean_text(p.role_label)
        total = "—" if is_missing(p.total) else f"{round1(p.total):.1f}"
        out.setdefault(p.record, []).append(
            t("report.role_part", lang, role=clean_text(role), months=clean_text(p.months_label), share=pct(p.share),
              total=total, coverage=pct(p.coverage))
        )
    return out


def role_part_groups(result, lang: str) -> dict[Any, list[tuple[str, Any, str]]]:
    """Per record whose role changed: (role code, part record, label prefix) of each part, in month order."""
    parts = getattr(result, "role_parts", None)
    if parts is None or not len(parts):
        return {}
    names = {r.code: r.name(lang) for r in result.catalogue.roles}
    out: dict[Any, list[tuple[str, Any, str]]] = {}
    for p in parts.itertuples(index=False):
        if isinstance(p.role, str):
            prefix = t("report.role_part_prefix", lang, role=clean_text(names.get(p.role, p.role)),
                       months=clean_text(p.months_label))
            out.setdefault(p.record, []).append((p.role, p.part, prefix))
    return out


# --- quotas -----------------------------------------------------------------------------------
def quota_text(breaches: list, lang: str) -> str:
    """The quota check of one distribution row in words ('符合' or what is out of bounds)."""
    if not breaches:
        return t("report.quota_ok", lang)
    parts = []
    for grades, share, limit, kind in breaches:
        key = "report.quota_max" if kind == "max" else "report.quota_min"
        parts.append(t(key, lang, grades=grades, share=pct(share), limit=pct(limit)))
    return ("；" if lang == "zh" else "; ").join(parts)


def quota_rules(result, lang: str) -> list[str]:
    out = []
    for q in result.catalogue.quotas:
        grades = "+".join(q.grades)
        if q.max_share is not None:
            out.append(t("report.quota_rule_max", lang, grades=grades, limit=pct(q.max_share)))
        if q.min_share is not None:
            out.append(t("report.quota_rule_min", lang, grades=grades, limit=pct(q.min_share)))
    return out or [t("report.quota_none", lang)]


def distribution(result) -> pd.DataFrame:
    if result.distribution is not None:
        return result.distribution
    from kpi_cli.scoring.engine import grade_distribution

    return grade_distribution(result.employees, result.catalogue)


def band_rows(result, lang: str) -> list[tuple[str, str, float | None, str]]:
    """(grade, name, minimum total, the band in words) for the catalogue's bands, best first."""
    bands = list(result.catalogue.grades)
    rows = []
    for i, b in enumerate(bands):
        if b.min is not None:
            words = t("report.band_min", lang, min=_num(b.min))
        else:
            prev = bands[i - 1].min if i > 0 else None
            words = t("report.band_below", lang, min=_num(prev)) if prev is not None else ""
        rows.append((b.grade, b.name(lang), b.min, words))
    return rows


def _num(x: float | None) -> str:
    from kpi_cli.scoring.explain import fmt_number

    return fmt_number(x)


def status_label(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def severity_label(severity: str, lang: str) -> str:
    return t(f"report.severity.{severity}", lang) if severity in ("error", "warning") else clean_text(severity)


def tool_version() -> str:
    from kpi_cli import __version__

    return __version__


def round1(x: float) -> float:
    """Half-up to one decimal, as the scorer rounds totals."""
    return math.floor(abs(x) * 10 + 0.5 + 1e-9) / 10 * (1 if x >= 0 else -1)
