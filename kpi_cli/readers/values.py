"""Cell values → figures: numbers in every form people type, yes/no words, percents, Excel errors.

One column at a time (``parse_cells``): plain numbers take a vectorised path; only the cells
that are text, dates or flags go through the scalar parser, once per distinct value. A cell that
cannot be used gets a problem type and NaN, never a guess and never an exception.

Accepted forms (documented in the README and tested by property tests):
- numbers and numbers stored as text: ``95``, ``-3.5``, ``1e3``, ``+4``, `` 12 ``;
- full-width digits and signs (NFKC): ``９５``, ``－３``; the minus sign ``−``;
- thousands separators: ``1,234``, ``1,234,567.5`` (and the Chinese comma ``1，234``);
  a comma followed by 1–2 or 4+ digits is a decimal comma: ``95,5`` → 95.5;
- percent text ``95%`` / ``95 %`` / ``９５％`` → 95 for percent measures (1.05 for ratios);
- yes/no for yes/no measures: 是/否, Y/N, yes/no, true/false, 1/0, ✓/✗, √/×, 对/错 and Excel
  TRUE/FALSE (case ignored);
- an empty cell (or one holding only spaces) is blank: not assessed. Anything else that is not a
  figure (``N/A``, ``-``, ``无``) is an error, never a blank or a zero.

Percent measures. A cell formatted as a percent in Excel holds a fraction (95% is stored as
0.95): it is multiplied by 100. Text such as ``95%`` means 95. A plain number is taken as typed,
except that in a column where plain numbers in (0, 1] only make sense as fractions (0.96 against
a target of 95%), they are read as fractions; when such a column also holds whole percentages
(96), each fraction cell gets a ``mixed-percent`` warning. For a measure whose standard is itself
small (a change of ±2%, 5% repeat calls), 0.5 stays 0.5.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Measure
from kpi_cli.cells import number_text, tidy_number
from kpi_cli.units import accepts, split_number_unit

# Problem types this module can give a cell.
NOT_A_NUMBER = "not-a-number"
NOT_YES_NO = "not-yes-no"
OUT_OF_RANGE = "out-of-range"
EXCEL_ERROR = "excel-error"
FORMULA_WITHOUT_VALUE = "formula-without-value"
WRONG_UNIT = "wrong-unit"

PERCENT_UNITS = ("percent", "change_pct", "reduction_pct")
# "95%" → 95. Percentage points take "0.5%" as 0.5 too, but never the 0–1 fraction guess of
# PERCENT_UNITS: half a point (0.5) is a real figure there, not 50%.
_PERCENT_TEXT_UNITS = ("percent", "change_pct", "reduction_pct", "score", "pp_change")
_FRACTION_TEXT_UNITS = ("ratio",)  # "105%" → 1.05

EXCEL_ERRORS = frozenset(
    {
        "#DIV/0!",
        "#REF!",
        "#N/A",
        "#VALUE!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
    }
)
YES_WORDS = frozenset({"是", "y", "yes", "true", "1", "✓", "✔", "√", "对", "t"})
NO_WORDS = frozenset({"否", "n", "no", "false", "0", "✗", "✘", "×", "x", "错", "f"})

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,(?:\d{1,2}|\d{4,})$")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-", "\u2012": "-", "\ufe63": "-"})


class CellError(str):
    """An Excel error value (``#DIV/0!``…) found in a cell (the reader marks them: calamine reads them as blank)."""

    __slots__ = ()


class _NoCachedValue:
    """A formula cell saved without its result (a file written by a program that does not calculate)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<formula without value>"

    def __str__(self) -> str:
        return ""

    def __reduce__(self):
        return "NO_CACHED_VALUE"


NO_CACHED_VALUE = _NoCachedValue()


def display_value(value: object, limit: int = 80) -> object:
    """The raw value as a problem shows it: numbers as they are, text cut to ``limit`` characters."""
    if value is None or value is NO_CACHED_VALUE:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        if isinstance(value, float):
            if not math.isfinite(value):
                return str(value)
            return tidy_number(value, below=1e15)
        return value
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    if isinstance(value, _dt.timedelta):
        return str(value)
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def parse_scalar(value: object, kind: str = "number") -> tuple[float, str | None, bool]:
    """One cell → (figure, problem type or None, typed as a percent).

    ``kind`` is ``number`` or ``yes_no``. A blank gives (NaN, None, False). Never raises.
    """
    try:
        return _parse_scalar(value, kind)
    except Exception:  # a value of a type nobody foresaw: a problem, not a crash
        return math.nan, NOT_A_NUMBER, False


def _parse_scalar(value: object, kind: str) -> tuple[float, str | None, bool]:
    nan = math.nan
    if value is None:
        return nan, None, False
    if value is NO_CACHED_VALUE:
        return nan, FORMULA_WITHOUT_VALUE, False
    if isinstance(value, CellError):
        return nan, EXCEL_ERROR, False
    if isinstance(value, bool):
        if kind == "yes_no":
            return (1.0 if value else 0.0), None, False
        return nan, NOT_A_NUMBER, False
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, np.bool_):
        x = float(value)
        if math.isnan(x):
            return nan, None, False
        if not math.isfinite(x):
            return nan, NOT_A_NUMBER, False
        return x, None, False
    if isinstance(value, np.bool_):
        return _parse_scalar(bool(value), kind)
    if not isinstance(value, str):  # dates, times, durations, anything else: not a figure
        return nan, NOT_A_NUMBER, False
    text = unicodedata.normalize("NFKC", value).translate(_MINUS).strip()
    if not text:
        return nan, None, False
    if text.upper() in EXCEL_ERRORS:
        return nan, EXCEL_ERROR, False
    folded = text.casefold()
    if kind == "yes_no":
        if folded in YES_WORDS:
            return 1.0, None, False
        if folded in NO_WORDS:
            return 0.0, None, False
    percent = False
    if text.endswith("%"):
        percent = True
        text = text[:-1].rstrip()
    if _NUMBER.match(text):
        x = float(text)
    elif _THOUSANDS.match(text):
        x = float(text.replace(",", ""))
    elif _DECIMAL_COMMA.match(text):
        x = float(text.replace(",", "."))
    else:
        return nan, (NOT_YES_NO if kind == "yes_no" else NOT_A_NUMBER), False
    if not math.isfinite(x):
        return nan, NOT_A_NUMBER, False
    return x, None, percent


def parse_number(value: object) -> float | None:
    """A single number in any documented form, or None (blank or not a number). Never raises."""
    x, problem, percent = parse_scalar(value, "number")
    if problem or math.isnan(x):
        return None
    return x


@dataclass
class ParsedCells:
    """A column of cells read for one measure.

    ``values``: the figures (NaN for blanks and bad cells), in the measure's unit (percent 0–100).
    ``problems``: per cell, None or the problem type (not-a-number, out-of-range, excel-error…).
    ``fraction``: cells read as fractions and multiplied by 100 (0.95 → 95).
    ``mixed``: True when the column also holds whole percentages (95): the fraction cells each
    deserve a ``mixed-percent`` warning.
    """

    values: np.ndarray
    problems: np.ndarray
    fraction: np.ndarray
    mixed: bool = False

    @property
    def bad(self) -> np.ndarray:
        """True where the cell has a problem (its value is NaN)."""
        return pd.notna(self.problems).astype(bool)


_NUMERIC_KINDS = ("floating", "integer", "mixed-integer-float", "empty", "decimal")
_MERGED_BY_HASH = (bool, np.bool_, CellError)


def uses_percent_format(measure: Measure) -> bool:
    """Whether ``parse_cells`` looks at the cells' percent format for this measure (percent units)."""
    return measure.unit in _PERCENT_TEXT_UNITS


def parse_cells(raw: object, measure: Measure, percent_format: np.ndarray | None = None) -> ParsedCells:
    """Read a column of raw cells (object array, None = blank) as figures of ``measure``.

    ``percent_format`` (optional, same length): True where the workbook cell is formatted as a
    percent, so that its number is a fraction (0.95 shown as 95%).
    """
    arr = np.asarray(raw, dtype=object).ravel()
    n = len(arr)
    kind = "yes_no" if measure.rule == "yes_no" or measure.unit == "yes_no" else "number"
    values = np.full(n, np.nan)
    problems = np.full(n, None, dtype=object)
    explicit = np.zeros(n, dtype=bool)
    if n:
        inferred = pd.api.types.infer_dtype(arr, skipna=True)
        if inferred in _NUMERIC_KINDS:
            values = pd.Series(arr, dtype=object).astype(float).to_numpy(copy=True)
        else:  # text, dates, flags: each distinct value read once
            _parse_distinct(arr, kind, measure, values, problems, explicit)
        bad_number = ~np.isfinite(values) & ~np.isnan(values)
        if bad_number.any():  # inf from a float cell
            values[bad_number] = np.nan
            problems[bad_number] = NOT_A_NUMBER
    fraction = np.zeros(n, dtype=bool)
    mixed = False
    unit = measure.unit
    if explicit.any() and unit not in _PERCENT_TEXT_UNITS:
        if unit in _FRACTION_TEXT_UNITS:
            values[explicit] = values[explicit] / 100.0
        else:
            problems[explicit] = NOT_A_NUMBER
            values[explicit] = np.nan
    if unit in _PERCENT_TEXT_UNITS and n:
        formatted = np.zeros(n, dtype=bool) if percent_format is None else np.asarray(percent_format, dtype=bool)
        formatted &= ~explicit & ~np.isnan(values)
        if formatted.any():  # Excel percent cells hold fractions
            values[formatted] = np.round(values[formatted] * 100.0, 9)
        plain = ~explicit & ~formatted & ~np.isnan(values)
        size = np.abs(values) if unit in ("change_pct", "reduction_pct") else values
        candidates = plain & (size > 0) & (size <= 1) if unit in PERCENT_UNITS else np.zeros(n, dtype=bool)
        if candidates.any() and _fractions_fit_better(measure, values[candidates]):
            mixed = bool((plain & (size > 1)).any())
            fraction = candidates
            values[fraction] = np.round(values[fraction] * 100.0, 9)
    lo, hi = measure.domain
    present = ~np.isnan(values)
    outside = np.zeros(n, dtype=bool)
    if lo is not None:
        outside |= present & (values < lo)
    if hi is not None:
        outside |= present & (values > hi)
    if kind == "yes_no":
        outside |= present & (values != 0) & (values != 1)
    if outside.any():
        problems[outside] = OUT_OF_RANGE
        values[outside] = np.nan
    return ParsedCells(values, problems, fraction, mixed)


def _may_hide_a_merge(u: object) -> bool:
    """Whether ``u``, a distinct value of pd.factorize, may stand for cells that read differently
    from it: factorize keeps the first of values equal by hash, so True hides behind a 1 or 1.0
    seen before it (and False behind 0), an Excel error cell behind the same text."""
    if isinstance(u, _MERGED_BY_HASH):
        return True
    if type(u) in (int, float) or isinstance(u, np.number):
        return bool(u == 0 or u == 1)
    return isinstance(u, str) and u.upper() in EXCEL_ERRORS


def _parse_distinct(arr: np.ndarray, kind: str, measure: Measure, values: np.ndarray, problems: np.ndarray,
                    explicit: np.ndarray) -> None:
    """Fill ``values``/``problems``/``explicit`` for a column that is not all numbers, parsing each
    distinct value once (blanks stay NaN without a problem)."""
    codes, uniques = pd.factorize(arr, use_na_sentinel=True)
    uniques = np.asarray(uniques, dtype=object)
    special = None
    if any(_may_hide_a_merge(u) for u in uniques):
        special = np.fromiter((isinstance(x, _MERGED_BY_HASH) for x in arr), dtype=bool, count=len(arr))
    if special is not None and special.any():
        # True equals 1 and CellError("#N/A") equals "#N/A" for hashing, yet they read differently:
        # those cells are read one by one, the rest by distinct value.
        for i in np.flatnonzero(special):
            values[i], problems[i], explicit[i] = parse_scalar(arr[i], kind)
        rest = np.flatnonzero(~special)
        if len(rest):
            v, p, e = np.full(len(rest), np.nan), np.full(len(rest), None, dtype=object), np.zeros(len(rest), dtype=bool)
            _parse_distinct(arr[rest], kind, measure, v, p, e)
            values[rest], problems[rest], explicit[rest] = v, p, e
        return
    if not len(uniques):
        return
    u_val = np.full(len(uniques), np.nan)
    u_prob = np.full(len(uniques), None, dtype=object)
    u_pct = np.zeros(len(uniques), dtype=bool)
    types = [type(u) for u in uniques]
    numeric = np.array([t is float or t is int for t in types], dtype=bool)
    if numeric.any():
        u_val[numeric] = uniques[numeric].astype(float)
    is_text = np.array([t is str for t in types], dtype=bool)
    todo = ~numeric & ~is_text
    if is_text.any():  # plain numbers stored as text: one vectorised pass
        as_num = pd.to_numeric(pd.Series(uniques[is_text], dtype=object), errors="coerce")
        as_num = as_num.to_numpy(dtype=float, na_value=np.nan)
        good = np.isfinite(as_num)
        t_idx = np.flatnonzero(is_text)
        u_val[t_idx[good]] = as_num[good]
        todo[t_idx[~good]] = True
    for k in np.flatnonzero(todo):
        u = uniques[k]
        with_unit = split_number_unit(u) if isinstance(u, str) and kind == "number" else None
        if with_unit is not None:  # "8.5分钟": read when the unit is the measure's
            if accepts(measure.unit, with_unit[1]):
                u_val[k], u_prob[k], u_pct[k] = parse_scalar(with_unit[0], kind)
            else:
                u_prob[k] = WRONG_UNIT
            continue
        u_val[k], u_prob[k], u_pct[k] = parse_scalar(u, kind)
    present = codes >= 0
    if present.all():
        values[:], problems[:], explicit[:] = u_val[codes], u_prob[codes], u_pct[codes]
    else:
        at = codes[present]
        values[present], problems[present], explicit[present] = u_val[at], u_prob[at], u_pct[at]


def _fractions_fit_better(measure: Measure, small: np.ndarray) -> bool:
    """Whether plain figures in (0, 1] read as fractions (×100) land nearer the measure's standard.

    The standard's band runs from the floor (or excellent) to the ceiling (or target); for 0.96
    against a target of 95% the fraction reading wins, for a 0.5% change against ±2% it does not.
    """
    params = measure.params or {}
    marks = [float(params[k]) for k in ("target", "excellent", "floor", "ceiling") if params.get(k) is not None]
    marks += [float(b) for b, _ in (params.get("bands") or []) if b is not None]
    if not marks:
        return measure.unit == "percent"  # no standard to compare with: the Excel convention
    lo, hi = min(marks), max(marks)
    typical = float(np.median(small))

    def distance(x: float) -> float:
        return max(lo - x, 0.0, x - hi)

    return distance(typical * 100.0) < distance(typical)


def allowed_range(measure: Measure) -> str:
    """The figures a measure accepts, in words shared by both languages: '1–5', '0–100', '≥ 0', '0 / 1'."""
    if measure.rule == "yes_no" or measure.unit == "yes_no":
        return "0 / 1"
    lo, hi = measure.domain
    fmt = number_text
    if lo is not None and hi is not None:
        return f"{fmt(lo)}–{fmt(hi)}"
    if lo is not None:
        return f"≥ {fmt(lo)}"
    if hi is not None:
        return f"≤ {fmt(hi)}"
    return "any number"




# A currency sign or unit around an amount, as HR types bonus bases: ¥8000, ￥8,000.50, 8,000.00元,
# RMB 8000, 8000 CNY. Only the yuan: another currency (8000美元, $8000) stays an unusable amount.
_YUAN = re.compile(r"^\s*(?:[¥￥]|RMB|CNY)?\s*(?P<x>[0-9０-９][0-9０-９,，.．\s]*?)\s*(?:元|圆|RMB|CNY)?\s*$", re.IGNORECASE)


def parse_amount(value: object) -> tuple[float, str | None, bool]:
    """A money cell (绩效工资基数) → (amount, problem type or None, typed as a percent), as
    ``parse_scalar`` reads a number, with a yuan sign or unit (¥, ￥, 元, RMB, CNY) allowed."""
    if isinstance(value, str):
        m = _YUAN.match(value)
        if m is not None and m.group("x") != value.strip():
            return parse_scalar(m.group("x"))
    return parse_scalar(value)
