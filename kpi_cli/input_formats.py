"""The input files kpi reads, in one table: suffix, what the bytes must be, which reader reads them.

Used by the file opener (readers/files.py: suffix and sniffing), the readers and the roster reader
(they branch on the kind), `kpi export`'s folder collection, the commands' help and every message
that lists the accepted formats. Adding a suffix of a kind kpi reads already touches this table
only. (It imports nothing heavy: the commands' help texts use it.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

XLSX = "xlsx"  # an Office Open XML workbook (a zip): readers/xlsx.py read_workbook
CSV = "csv"  # delimited text (comma, semicolon, tab, pipe; encoding sniffed): readers/delimited.py read_delimited

ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary Office container (.xls, encrypted .xlsx)
# What a kind's bytes must be (see content_of): anything else is refused with the reason.
CONTENT = {XLSX: "zip", CSV: "text"}


@dataclass(frozen=True)
class InputFormat:
    suffix: str  # lower case, with the dot
    kind: str  # XLSX or CSV: how the bytes are checked and which reader reads them
    accepted: bool = True  # False: known only to read a misnamed workbook or to say why not (.xls)


FORMATS: tuple[InputFormat, ...] = (
    InputFormat(".xlsx", XLSX),
    InputFormat(".xlsm", XLSX),
    InputFormat(".csv", CSV),
    InputFormat(".tsv", CSV),
    InputFormat(".txt", CSV),
    # the old binary format is refused with how to convert it, unless it really is an .xlsx
    InputFormat(".xls", XLSX, accepted=False),
)
_BY_SUFFIX = {f.suffix: f for f in FORMATS}


def format_of(path: str | PurePath) -> InputFormat | None:
    """The table's row for a file name's suffix (any case), or None: not a file kpi reads."""
    return _BY_SUFFIX.get(PurePath(path).suffix.lower())


def suffixes(kind: str | None = None) -> tuple[str, ...]:
    """The accepted suffixes (of one kind), in the table's order: ('.xlsx', '.xlsm', …)."""
    return tuple(f.suffix for f in FORMATS if f.accepted and (kind is None or f.kind == kind))


def accepted_text(kind: str | None = None) -> str:
    """The accepted suffixes for a message or help text: '.xlsx, .xlsm, .csv, .tsv, .txt'."""
    return ", ".join(suffixes(kind))


def describe() -> str:
    """The accepted formats in words, for help texts: 'workbooks (.xlsx, .xlsm) or delimited text (.csv, .tsv, .txt)'."""
    return f"workbooks ({accepted_text(XLSX)}) or delimited text ({accepted_text(CSV)})"


def format_words() -> dict[str, str]:
    """The accepted suffixes by kind, for the help texts that list them in either language:
    ``{workbooks}`` and ``{texts}``."""
    return {"workbooks": accepted_text(XLSX), "texts": accepted_text(CSV)}


def is_input(path: str | PurePath) -> bool:
    """Whether a file found in a folder is one for the readers: any suffix of the table, .xls
    included (it is read when it is really an .xlsx, else refused with how to convert it)."""
    return format_of(path) is not None


def content_of(data: bytes) -> str:
    """What the bytes are: 'zip', 'ole' (the old binary container) or 'text' (anything else)."""
    head = data[:8]
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head == OLE_MAGIC:
        return "ole"
    return "text"
