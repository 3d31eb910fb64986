"""CSV and other delimited text → a grid: encoding and separator detected, ragged rows kept and flagged.

Encodings, in the order tried: a UTF-8 or UTF-16 byte-order mark, UTF-16 without a mark (many
NUL bytes), strict UTF-8, then GB18030 (a superset of GBK, what Chinese Excel writes by
default). ``--encoding`` forces one. Separators: comma, semicolon, tab or '|', whichever splits
the first lines most consistently.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi_cli.errors import UsageError
from kpi_cli.i18n import Msg
from kpi_cli.problems import ERROR, WARNING, Problem
from kpi_cli.readers.grid import Grid, column_letter, compact

DELIMITERS = (",", ";", "\t", "|")
_FIELD_LIMIT = 16 * 1024 * 1024


@dataclass
class DelimitedText:
    grid: Grid
    encoding: str
    delimiter: str


TEXT_ENCODINGS = "utf-8, utf-8-sig, gb18030, gbk, utf-16, big5, latin-1"


def check_encoding(name: str | None, lang: str = "en") -> str | None:
    """The codec's canonical name; UsageError (exit 2) for a name Python does not know or a codec
    that is no encoding of text (rot13, hex, bz2_codec), naming a few that are."""
    if name is None:
        return None
    try:
        info = codecs.lookup(name)
    except (LookupError, TypeError, ValueError):
        info = None
    if info is None or not info._is_text_encoding:
        raise UsageError(Msg("cli.bad_encoding", value=name, known=TEXT_ENCODINGS))
    return info.name


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str, bool]:
    """(text, encoding used, characters replaced). Never raises."""
    if encoding:
        try:
            return data.decode(encoding), encoding, False
        except UnicodeDecodeError:
            return data.decode(encoding, errors="replace"), encoding, True
    if data.startswith(codecs.BOM_UTF8):
        return _try(data, "utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _try(data, "utf-16")
    sample = data[:4096]
    if sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without a byte-order mark: ASCII characters have a zero byte on one side.
        even = sample[0::2].count(b"\x00")
        odd = sample[1::2].count(b"\x00")
        return _try(data, "utf-16-be" if even > odd else "utf-16-le")
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030", False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace"), "utf-8", True


def _try(data: bytes, encoding: str) -> tuple[str, str, bool]:
    try:
        return data.decode(encoding), encoding, False
    except UnicodeDecodeError:
        return data.decode(encoding, errors="replace"), encoding, True


def detect_delimiter(text: str) -> str:
    """The separator that gives the first lines the same number of fields (more than one)."""
    lines = [ln for ln in text[:65536].splitlines()[:50] if ln.strip()]
    if not lines:
        return ","
    best, best_score = ",", (-1, -1)
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        header = counts[0]
        if header < 2:
            continue
        consistent = sum(1 for c in counts if c == header)
        score = (consistent, header)
        if score > best_score:
            best, best_score = d, score
    return best


def read_delimited(data: bytes, name: str, encoding: str | None = None) -> DelimitedText:
    """Parse a delimited text file into a grid (row numbers as Excel would show the file)."""
    problems: list[Problem] = []
    text, used, replaced = decode(data, encoding)
    if replaced:
        problems.append(Problem("bad-encoding", WARNING if encoding is None else ERROR, file=name, params={"encoding": used}))
    if "\x00" in text:
        text = text.replace("\x00", "")
    delimiter = detect_delimiter(text)
    grid = _read_plain(text, delimiter)
    if grid is None:
        grid = _read_quoted(text, delimiter, name, problems)
    grid.problems = problems
    return DelimitedText(grid, used, delimiter)


def _read_plain(text: str, delimiter: str) -> Grid | None:
    """A file without a quote character, parsed by pandas' C parser: what the csv module would read, faster.

    Without quotes, every line is one row and every delimiter ends a field, so each row's number
    of fields (kept to find ragged rows) is counted on the bytes. None when the file has quotes,
    or a field the csv module would refuse as too long: the csv module reads those.
    """
    if '"' in text or len(text) >= _FIELD_LIMIT or not text:
        return None
    raw = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    # Rows end at \n, \r\n or a lone \r, as the csv module sees them.
    stops = np.flatnonzero(raw == 10)
    cr = np.flatnonzero(raw == 13)
    if len(cr):
        nxt = cr + 1
        lone = cr[(nxt >= len(raw)) | (raw[np.minimum(nxt, len(raw) - 1)] != 10)]
        if len(lone):
            stops = np.sort(np.concatenate([stops, lone]))
    starts = np.concatenate(([0], stops + 1))
    if starts[-1] < len(raw):  # a last row without a line break
        stops = np.append(stops, len(raw))
    else:
        starts = starts[:-1]
    seps = np.flatnonzero(raw == ord(delimiter))
    fields = np.searchsorted(seps, stops) - np.searchsorted(seps, starts) + 1
    lengths = np.where(stops > starts, fields, 0).astype(np.int64)
    width = int(lengths.max()) if len(lengths) else 0
    if not width:
        return None
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=delimiter, header=None, names=range(width), dtype=object, na_filter=False,
            skip_blank_lines=False, quoting=csv.QUOTE_NONE, engine="c", index_col=False,
        )
    except (pd.errors.ParserError, ValueError):  # the C parser refuses what the csv module reads (a lone \r field)
        return None
    if frame.shape != (len(lengths), width):  # a parser difference we did not foresee: the csv module decides
        return None
    cells = frame.to_numpy(dtype=object, copy=True)  # pandas hands out read-only views
    blank = cells == ""
    if _may_hold_spaces(raw, delimiter) and (_space_field(delimiter).search(text) or text[:1].isspace()):
        blank |= _spaces_only(cells)  # a cell of spaces only (any Unicode space) is blank too
    cells[blank] = None
    return compact(None, cells, np.arange(1, len(lengths) + 1), np.arange(width), row_lengths=lengths, blank=blank,
                   flags=False)


# The first byte in UTF-8 of every character str.strip() removes, but \r and \n: ASCII spaces and
# controls, U+0085 and U+00A0 (C2), U+1680 (E1), U+2000–U+205F (E2), U+3000 (E3).
_SPACE_LEAD = np.zeros(256, dtype=bool)
_SPACE_LEAD[[0x09, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0xC2, 0xE1, 0xE2, 0xE3]] = True


def _may_hold_spaces(raw: np.ndarray, delimiter: str) -> bool:
    """False when the text (as UTF-8 bytes) has no space character at all besides line breaks and the delimiter."""
    lead = _SPACE_LEAD.copy()
    lead[ord(delimiter)] = False
    candidates = raw[(raw <= 0x20) | ((raw >= 0xC2) & (raw <= 0xE3))]  # line breaks, spaces, a few lead bytes
    return bool(lead[candidates].any())


def _space_field(delimiter: str) -> re.Pattern:
    """Finds a field holding only spaces (at least one) after a delimiter or a line break (the first
    field of the file is checked apart: an alternative with \\A would slow the search down fourfold)."""
    d = re.escape(delimiter)
    return re.compile(rf"[\r\n{d}][^\S\r\n]+(?=[{d}\r\n]|\Z)")


def _read_quoted(text: str, delimiter: str, name: str, problems: list[Problem]) -> Grid:
    """The csv module's reading of a file with quotes (fields across lines, quotes doubled, a quote left open)."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    rows: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
    except csv.Error as exc:
        problems.append(
            Problem("corrupt-csv", ERROR, file=name, row=reader.line_num or None, params={"reason": str(exc)})
        )
    else:
        problems += _reopen_unclosed_quote(text, rows, delimiter, name)
    lengths = np.array([len(r) for r in rows], dtype=np.int64)
    width = int(lengths.max()) if len(rows) else 0
    if len(rows) and (lengths == width).all():
        cells = np.array(rows, dtype=object) if width else np.empty((len(rows), 0), dtype=object)
        if cells.ndim != 2:  # numpy could not stack (should not happen with equal lengths)
            cells = _padded(rows, width)
    else:
        cells = _padded(rows, width)
    cells = _blank_spaces(cells)
    return compact(None, cells, np.arange(1, len(rows) + 1), np.arange(width), row_lengths=lengths, flags=False)


def _reopen_unclosed_quote(text: str, rows: list[list[str]], delimiter: str, name: str) -> list[Problem]:
    """A quote opened and never closed swallows every later line into one cell: read those lines again.

    The csv module closes such a field silently at the end of the file. When the last row's last
    cell spans lines and the rows from there do not parse strictly ("unexpected end of data"),
    the lines from that row on are read one by one with quotes taken as plain characters, and a
    warning names the cell where the quote opened. No row is lost.
    """
    if not rows or not rows[-1] or not ("\n" in rows[-1][-1] or "\r" in rows[-1][-1]):
        return []
    lines = list(io.StringIO(text, newline=""))
    # Where the last row starts: parse again, counting lines, up to the row before it.
    reader = csv.reader(iter(lines), delimiter=delimiter)
    start = 0
    for _ in range(len(rows) - 1):
        next(reader)
        start = reader.line_num
    tail = lines[start:]
    try:
        for _ in csv.reader(iter(tail), delimiter=delimiter, strict=True):
            pass
        return []
    except csv.Error as exc:
        if "end of data" not in str(exc):
            return []
    column = column_letter(len(rows[-1]) - 1)
    row_number = len(rows)
    rows[-1:] = list(csv.reader(iter(tail), delimiter=delimiter, quoting=csv.QUOTE_NONE))
    return [Problem("unclosed-quote", WARNING, file=name, row=row_number, column=column,
                    params={"lines": len(tail)})]


def _padded(rows: list[list[str]], width: int) -> np.ndarray:
    cells = np.full((len(rows), width), None, dtype=object)
    for i, r in enumerate(rows):
        if r:
            cells[i, : len(r)] = r
    return cells


def _blank_spaces(cells: np.ndarray) -> np.ndarray:
    """Cells that are empty or hold only spaces are blank (each distinct value checked once)."""
    if cells.size:
        cells[_spaces_only(cells)] = None
    return cells


def _spaces_only(cells: np.ndarray) -> np.ndarray:
    """True for the text cells that are empty or hold only spaces (each distinct value checked once)."""
    out = np.zeros(cells.shape, dtype=bool)
    for j in range(cells.shape[1]):
        col = cells[:, j]
        uniques = pd.unique(col)
        blank = [u for u in uniques if u is not None and not u.strip()]
        if blank:
            out[:, j] = np.isin(col, blank)
    return out
