"""Whole numbers as Excel shows them: a number cell formatted ``000000`` holding 123 reads "000123".

An employee id typed as a number loses its leading zeros in the cell; Excel keeps showing them
through a custom number format (``000000``, ``"E"0000``). HR sees "000123", so kpi reads the id
the same way: the format's digit placeholders pad the number and its literal text stays around it.
Only formats that show a whole number as digits are applied (``0``, ``#`` placeholders with
quoted or escaped literal text); decimals, thousands separators, percents, dates and
scientific formats are not ids and are left alone.
"""

from __future__ import annotations

import re

import numpy as np

_QUOTED = re.compile(r'"([^"]*)"|\\(.)|\[[^\]]*\]|(_.|\*.)|([0#?]+)|(.)', re.S)


def digit_format(code: str) -> tuple[str, int, str] | None:
    """'000000' → ('', 6, ''); '"E"0000' → ('E', 4, ''); None for a format that is not a padded whole number.

    Only the first section (positive numbers) counts. A plain '0' or '#' pads nothing and gives None
    (the number reads as its digits anyway).
    """
    section = _first_section(code)
    prefix, suffix, digits = "", "", None
    for quoted, escaped, filler, placeholders, other in _QUOTED.findall(section) if section else ():
        if placeholders:
            if digits is not None:
                return None  # two groups of digits (a date-like or phone-like pattern): not an id format
            digits = placeholders
            continue
        if filler:
            continue
        text = quoted or escaped
        if other:
            if other in " -/()":  # literal punctuation Excel shows as typed
                text = other
            elif other == "@" or other in "._,%Ee+:" or (other.isalpha() and other.isascii()):
                return None  # text placeholder, decimals, separators, percent, scientific, dates
            else:
                text = other
        if digits is None:
            prefix += text
        else:
            suffix += text
    if digits is None:
        return None
    width = digits.count("0")
    if width <= 1 and not prefix and not suffix:
        return None
    return prefix, width, suffix


def _first_section(code: str) -> str:
    """The part of a format before the first ';' outside quotes."""
    out, quoted, escaped = [], False, False
    for ch in code:
        if escaped:
            out.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            break
        out.append(ch)
    return "".join(out)


def apply_digit_formats(raw: np.ndarray, text: np.ndarray, excel_rows: np.ndarray, formats: dict[int, str] | None) -> np.ndarray:
    """``text`` (cells as text) with whole-number cells shown through their digit format.

    ``formats`` maps the Excel row of a formatted cell to its format code (one column);
    ``excel_rows`` gives each cell's row. Text cells and fractions are left as they are.
    """
    if not formats:
        return text
    out = np.array(text, dtype=object, copy=True)
    rows = np.asarray(excel_rows, dtype=np.int64)
    cached: dict[str, tuple[str, int, str] | None] = {}
    for k in np.flatnonzero(np.isin(rows, np.fromiter(formats, dtype=np.int64, count=len(formats)))):
        x = raw[k]
        if isinstance(x, bool) or not isinstance(x, (int, float, np.integer, np.floating)):
            continue
        v = float(x)
        if not np.isfinite(v) or v != np.floor(v) or v < 0 or v >= 1e15:
            continue
        code = formats[int(rows[k])]
        if code not in cached:
            cached[code] = digit_format(code)
        fmt = cached[code]
        if fmt is None:
            continue
        prefix, width, suffix = fmt
        out[k] = f"{prefix}{int(v):0{width}d}{suffix}"
    return out
