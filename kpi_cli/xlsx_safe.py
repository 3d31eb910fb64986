"""Writing text into xlsxwriter sheets so that it can never become a formula or raw XML, and
the one sheet-name cleaner every workbook kpi writes uses (report, template, benchmarks)."""

from __future__ import annotations

import re
import unicodedata

MAX_SHEET_NAME = 31  # Excel's limit, counted in UTF-16 code units as Excel and xlsxwriter count it
RESERVED_SHEET_NAMES = ("history",)  # Excel refuses a sheet called History (any case)
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")  # Excel refuses these in a sheet name
_SHEET_DROP = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")  # control characters, lone surrogates
_SHEET_EDGES = re.compile(r"^[\s']+|[\s']+$")  # no edge apostrophe (Excel), no edge space


def sheet_key(name: str) -> str:
    """How two sheet names are compared for uniqueness: case- and width-insensitively."""
    return unicodedata.normalize("NFKC", name).casefold()


def sheet_name(text: object, taken: set[str], fallback: str = "Sheet") -> str:
    """A sheet name Excel accepts, made from ``text``, unique within ``taken`` (updated).

    Control characters are dropped; []:*?/\\ become '_'; apostrophes and spaces at either end
    are removed (also after cutting); at most 31 UTF-16 units (an emoji counts 2); not
    History; ``fallback`` when nothing is left. A name already in ``taken`` (compared by
    :func:`sheet_key`) gets " (2)", " (3)"… within the 31. ``taken`` holds sheet_key()s.
    """
    base = _fit(_SHEET_BAD.sub("_", _SHEET_DROP.sub("", "" if text is None else str(text))), MAX_SHEET_NAME)
    base = base or fallback
    name, n = base, 2
    while sheet_key(name) in taken or sheet_key(name) in RESERVED_SHEET_NAMES:
        suffix = f" ({n})"
        name = (_fit(base, MAX_SHEET_NAME - len(suffix)) or fallback) + suffix
        n += 1
    taken.add(sheet_key(name))
    return name


def _fit(text: str, units: int) -> str:
    """``text`` without edge spaces or apostrophes, cut to ``units`` UTF-16 units, edges cleaned again."""
    text = _SHEET_EDGES.sub("", text)
    if _utf16_len(text) > units:
        cut, used = 0, 0
        for ch in text:
            used += 2 if ord(ch) > 0xFFFF else 1
            if used > units:
                break
            cut += 1
        text = _SHEET_EDGES.sub("", text[:cut])
    return text


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def write_text(ws, row: int, col: int, text: str, fmt=None) -> None:
    """Write ``text`` as a string cell, exactly as given.

    xlsxwriter writes a string that starts with ``<r>`` and ends with ``</r>`` into the sheet's
    XML without escaping it (it takes it for a prepared rich string), so such a name could inject
    a formula. Those are written as a rich string of three plain runs instead, which is escaped
    and reads back as the same text.
    """
    if text.startswith("<r>") and text.endswith("</r>"):
        args = [text[:1], text[1:2], text[2:]] + ([fmt] if fmt is not None else [])
        ws.write_rich_string(row, col, *args)
    else:
        ws.write_string(row, col, text, fmt)


def merge_text(ws, row: int, first_col: int, last_col: int, text: str, fmt) -> None:
    """Merge cells of one row and write ``text`` in them (as write_text does)."""
    ws.merge_range(row, first_col, row, last_col, "", fmt)
    write_text(ws, row, first_col, text, fmt)
