"""Rules and scores in words, zh and en: "≤ 9 分钟 得 100 分…", "96% → 110 points: …"."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from kpi_cli.catalogue.model import Measure
from kpi_cli.i18n import t


def fmt_number(x: Any, digits: int = 2) -> str:
    """A figure for people: at most ``digits`` decimals, no trailing zeros (0.5, 13.5, 86.67)."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "—"
    if isinstance(x, bool):
        x = int(x)
    v = round(float(x), digits)
    if v == 0:
        v = 0.0  # no "-0"
    text = f"{v:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def fmt_coefficient(x: Any) -> str:
    """1.5, 1.2, 0.973; '—' without one."""
    if x is None or pd.isna(x):
        return "—"
    text = fmt_number(x, 3)
    return text if "." in text else f"{text}.0"


def fmt_money(x: Any) -> str:
    """8,000.00; '—' without one."""
    return "—" if x is None or pd.isna(x) else f"{x:,.2f}"


def fmt_value(measure: Measure, x: Any, lang: str) -> str:
    """A figure with its unit: '96%', '9 分钟', '9 min', '是', 'yes'."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return t("value.blank", lang)
    if measure.unit == "yes_no" or measure.rule == "yes_no":
        return t("value.yes", lang) if float(x) >= 0.5 else t("value.no", lang)
    return t(f"unit.fmt.{measure.unit}", lang, n=fmt_number(x))


def describe_rule(measure: Measure, params: dict[str, Any], lang: str) -> str:
    """The rule in words with its (scaled) thresholds, e.g. '≤ 9 分钟 得 100 分；13.5 分钟 得 60 分；> 13.5 分钟 得 0 分'."""
    v = lambda x: fmt_value(measure, x, lang)  # noqa: E731
    rule = measure.rule
    if rule in ("higher", "lower"):
        key = f"rule.{rule}.{'with_excellent' if params.get('excellent') is not None else 'plain'}"
        bound = params.get("floor") if rule == "higher" else params.get("ceiling")
        return t(key, lang, target=v(params["target"]), excellent=v(params.get("excellent")), bound=v(bound))
    if rule == "rating":
        pairs = measure.scale if not params.get("scale") else params["scale"]
        sep = "；" if lang == "zh" else "; "
        return t("rule.rating", lang, scale=sep.join(t("rule.pair", lang, value=fmt_number(a), points=fmt_number(b)) for a, b in pairs))
    if rule == "yes_no":
        return t("rule.yes_no", lang)
    if rule == "deduct":
        return t("rule.deduct", lang, per_unit=fmt_number(params["per_unit"]))
    if rule == "bands":
        sep = "；" if lang == "zh" else "; "
        parts = []
        for bound, pts in params["bands"]:
            if bound is None:
                parts.append(t("rule.band.open", lang, points=fmt_number(pts)))
            else:
                parts.append(t("rule.band", lang, bound=v(bound), points=fmt_number(pts)))
        return t("rule.bands", lang, bands=sep.join(parts))
    if rule == "bonus":
        return t("rule.bonus", lang, per_unit=fmt_number(params["per_unit"]), cap=fmt_number(params["cap"]))
    return rule


def cycle_tag(measure: Measure, lang: str) -> str:
    """'年度指标' / 'yearly measure' for a measure with a cycle; '' for one due in any period."""
    return t(f"cycle.tag.{measure.cycle}", lang) if measure.cycle else ""


def explain_not_due(measure: Measure, value: float | None, period: str, lang: str) -> str:
    """Why a measure has no points this period: its cycle is longer (and a figure given is information)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("explain.not_due", lang, tag=cycle_tag(measure, lang), period=period)
    return t("explain.not_due_value", lang, tag=cycle_tag(measure, lang), period=period, value=fmt_value(measure, value, lang))


def explain_measure(
    measure: Measure,
    params: dict[str, Any],
    value: float | None,
    points: float | None,
    lang: str,
    invalid: bool = False,
) -> str:
    """One line on how this figure became these points, with the arithmetic where there is any."""
    if invalid:
        shown = "?" if value is None else (fmt_number(value) if isinstance(value, (int, float)) else str(value))
        return t("explain.invalid", lang, value=shown)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return t("explain.blank", lang)
    x = float(value)
    n = fmt_number
    fv = lambda y: fmt_value(measure, y, lang)  # noqa: E731
    pts = n(points)
    rule = measure.rule
    if rule == "higher":
        tgt, exc, flo = params["target"], params.get("excellent"), params["floor"]
        if exc is not None and x >= exc:
            return t("explain.at_excellent", lang, value=fv(x), excellent=fv(exc), points=pts)
        if x >= tgt:
            if exc is None:
                return t("explain.meets_target", lang, value=fv(x), target=fv(tgt), points=pts)
            return t("explain.between_target_excellent", lang, value=fv(x), target=fv(tgt), excellent=fv(exc),
                     formula=f"100 + 20×({n(x)}−{n(tgt)})/({n(exc)}−{n(tgt)})", points=pts)
        if x >= flo:
            return t("explain.between_floor_target", lang, value=fv(x), bound=fv(flo), target=fv(tgt),
                     formula=f"60 + 40×({n(x)}−{n(flo)})/({n(tgt)}−{n(flo)})", points=pts)
        return t("explain.below_floor", lang, value=fv(x), bound=fv(flo), points=pts)
    if rule == "lower":
        tgt, exc, cei = params["target"], params.get("excellent"), params["ceiling"]
        if exc is not None and x <= exc:
            return t("explain.at_excellent_lower", lang, value=fv(x), excellent=fv(exc), points=pts)
        if x <= tgt:
            if exc is None:
                return t("explain.meets_target_lower", lang, value=fv(x), target=fv(tgt), points=pts)
            return t("explain.between_target_excellent", lang, value=fv(x), target=fv(tgt), excellent=fv(exc),
                     formula=f"100 + 20×({n(tgt)}−{n(x)})/({n(tgt)}−{n(exc)})", points=pts)
        if x <= cei:
            return t("explain.between_ceiling_target", lang, value=fv(x), bound=fv(cei), target=fv(tgt),
                     formula=f"60 + 40×({n(cei)}−{n(x)})/({n(cei)}−{n(tgt)})", points=pts)
        return t("explain.above_ceiling", lang, value=fv(x), bound=fv(cei), points=pts)
    if rule == "rating":
        return t("explain.rating", lang, value=n(x), points=pts)
    if rule == "yes_no":
        return t("explain.yes_no", lang, value=fv(x), points=pts)
    if rule == "deduct":
        return t("explain.deduct", lang, value=fv(x), formula=f"max(0, 100 − {n(params['per_unit'])}×{n(x)})", points=pts)
    if rule == "bands":
        return t("explain.bands", lang, value=fv(x), points=pts)
    if rule == "bonus":
        return t("explain.bonus", lang, value=fv(x), formula=f"min({n(params['cap'])}, {n(params['per_unit'])}×{n(x)})", points=pts)
    return f"{fv(x)} → {pts}"
