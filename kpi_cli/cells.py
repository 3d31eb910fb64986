"""The cell-level helpers every part of kpi shares: column letters, display width, missing values
and whole numbers written without '.0'.

Sheet names have their own module, :mod:`kpi_cli.xlsx_safe` (``sheet_name``), re-exported here.
Nothing here imports pandas, numpy or Rich at import time: the ground layer stays cheap to load.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

from kpi_cli.xlsx_safe import sheet_name  # the one sheet-name cleaner, found here too

__all__ = ["column_letter", "display_width", "is_missing", "number_text", "sheet_name", "tidy_number"]


# --- column letters ---------------------------------------------------------------------------
@lru_cache(maxsize=4096)
def column_letter(index: int) -> str:
    """Excel's name of a column from its 0-based index: 0 → 'A', 25 → 'Z', 26 → 'AA'.

    (openpyxl's ``get_column_letter`` counts from 1; this one counts as kpi's grids and
    xlsxwriter do, and needs no import.)
    """
    index = int(index)
    if index < 0:
        raise ValueError(f"a column index is 0 or more, not {index}")
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


# --- display width ----------------------------------------------------------------------------
def display_width(text: object) -> int:
    """Columns a text takes on screen or in a sheet: CJK and other wide characters count 2,
    combining marks 0 (``rich.cells.cell_len``, imported on first use)."""
    from rich.cells import cell_len

    return cell_len("" if text is None else str(text))


# --- missing values ---------------------------------------------------------------------------
def is_missing(x: Any) -> bool:
    """None, NaN, pd.NA and NaT are missing; every other value (0, "", False) is a value.

    (A reader's question "is this cell empty?" is another one: there, text of spaces only is
    empty too; see kpi_cli.readers.values.)
    """
    if x is None:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    if isinstance(x, (str, int)):
        return False
    import numpy as np
    import pandas as pd

    try:
        return bool(pd.isna(x)) if np.ndim(x) == 0 else False
    except (TypeError, ValueError):
        return False


# --- whole numbers ----------------------------------------------------------------------------
def tidy_number(x: Any, digits: int | None = None, below: float | None = None) -> Any:
    """A whole float as an int (95.0 → 95, so it is written '95', not '95.0'); anything else as it is.

    ``digits``: round to that many decimals first (a float's noise: 0.1 + 0.2 → 0.3).
    ``below``: whole floats of that size or more stay floats (1e15: past it a float no longer
    holds every unit, and an int would show digits nobody typed). Booleans, ints, text, None,
    NaN and infinities come back unchanged.
    """
    if x.__class__ is bool or not isinstance(x, float):
        if digits is None or x.__class__ is bool or not isinstance(x, int):
            return x
        x = float(x)
    if digits is not None:
        x = round(x, digits)
    if x.is_integer() and (below is None or abs(x) < below):
        return int(x)
    return x


def number_text(x: float) -> str:
    """A number as short text: whole numbers without a decimal point (3.0 → '3'), others as
    ``format(x, 'g')`` (0.5 → '0.5', 1234567.5 → '1.23457e+06')."""
    return str(int(x)) if float(x).is_integer() else f"{x:g}"
