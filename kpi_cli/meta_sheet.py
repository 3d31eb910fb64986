"""The hidden `_kpi` sheet of the workbooks kpi makes (templates, rating forms): one contract for
the writers and the readers.

Its first row is ``META_HEADER``; below, one row per fact:

- ``("meta", "", "", "", FIELD, VALUE)`` — about the workbook: generator, catalogue, catalogue_version,
  catalogue_sha256, period, lang, form;
- ``("column", SHEET, LETTER, ROLE, FIELD, LABEL)`` — what a column of a sheet holds: an identity
  field (employee_id, name, …) or ``measure:CODE``, with the header written above it.

A renamed or reordered header is still read right through it (kpi_cli.readers.parse_meta).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

META_SHEET = "_kpi"
META_HEADER = ("kind", "sheet", "column", "role", "field", "value")
MEASURE_PREFIX = "measure:"

MetaRow = tuple[str, str, str, str, str, str]


def meta_row(field: str, value: str) -> MetaRow:
    """A fact about the whole workbook."""
    return ("meta", "", "", "", field, value)


def column_row(sheet: str, letter: str, role: str, field: str, label: str) -> MetaRow:
    """What column ``letter`` of ``sheet`` holds: an identity field, or measure_field(code)."""
    return ("column", sheet, letter, role, field, label)


def measure_field(code: str) -> str:
    return f"{MEASURE_PREFIX}{code}"


def write_meta_sheet(ws, rows: Iterable[Sequence[str]]) -> None:
    """The header and the rows into an xlsxwriter sheet (text cells; empty values left blank)."""
    from kpi_cli.xlsx_safe import write_text

    for c, h in enumerate(META_HEADER):
        write_text(ws, 0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                write_text(ws, r, c, value)
