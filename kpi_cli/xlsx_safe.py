"""Writing text into xlsxwriter sheets so that it can never become a formula or raw XML."""

from __future__ import annotations


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
