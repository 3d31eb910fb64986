"""Opening an input file safely: what it really is, and refusing what cannot or must not be read.

Each check gives one located problem (file-not-found, encrypted-workbook, zip-bomb…) instead of
an exception, so that the other files of the call are still read. An xlsx is checked before any
XML parser sees it: its zip directory (declared sizes against limits, without inflating) and the
prolog of every XML part (a DOCTYPE or ENTITY declaration is refused: entity expansion attacks).
"""

from __future__ import annotations

import hashlib
import html
import io
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from kpi_cli.i18n import Msg
from kpi_cli.input_formats import CONTENT, CSV, OLE_MAGIC, XLSX, ZIP_MAGICS, accepted_text, content_of, format_of
from kpi_cli.problems import ERROR, WARNING, Problem

MAX_FILE_BYTES = 500 * 1024 * 1024  # the file as stored
MAX_UNCOMPRESSED = 500 * 1024 * 1024  # an xlsx's parts, as declared in its zip directory
MAX_RATIO = 200  # declared size ÷ compressed size of one part …
RATIO_MIN_BYTES = 10 * 1024 * 1024  # … checked for parts that declare more than this
MAX_MEMBERS = 10_000
MIN_STRING_BYTES = 5  # the smallest shared string, <si/>: a table cannot hold more than its size ÷ this

_ENCRYPTION_INFO = "EncryptionInfo".encode("utf-16-le")
_PROLOG_CHUNK = 64 * 1024
MAX_PROLOG_CHARS = 1024 * 1024  # an XML part whose root element starts later than this is refused


@dataclass
class OpenedFile:
    """A file whose bytes were read: its kind (input_formats.XLSX or CSV), bytes, hash and first problems."""

    path: Path
    name: str
    kind: str | None  # None when the file cannot be read as input
    data: bytes = b""
    sha256: str = ""
    size: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.kind is not None and not any(p.is_error for p in self.problems)


def _problem(type_: str, name: str, severity: str = ERROR, **params) -> Problem:
    return Problem(type_, severity, file=name, params=params)


def open_input(path: Path | str) -> OpenedFile:
    """Read a file's bytes and decide what it is; never raises for a bad file."""
    path = Path(path)
    name = str(path)
    refused = refuse_unreadable(path)
    if refused is not None:
        return OpenedFile(path, name, None, size=refused.params.get("bytes", 0), problems=[refused])
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:  # permission denied, locked by another program, I/O error
        return OpenedFile(path, name, None, problems=[_problem("file-unreadable", name, reason=_reason(exc))])
    opened = OpenedFile(path, name, None, data, hashlib.sha256(data).hexdigest(), len(data))
    if not data[:4096].strip() and not data.strip():  # empty or only spaces/newlines
        opened.problems.append(_problem("empty-file", name))
        return opened
    fmt = format_of(path)
    if fmt is None:
        opened.problems.append(_problem("unsupported-file-type", name, ext=path.suffix.lower() or "(none)", supported=accepted_text()))
        return opened
    content = content_of(data)
    if content == CONTENT[fmt.kind]:
        opened.kind = fmt.kind
        if not fmt.accepted:  # an .xlsx saved with the old .xls name: read it, say so
            opened.problems.append(_problem("misnamed-file", name, WARNING, actual=".xlsx"))
        if fmt.kind == XLSX:
            opened.problems += check_zip(data, name)
    elif fmt.kind == CSV:
        opened.problems.append(_problem("not-a-csv", name, looks_like=_looks_like(data)))
    elif not fmt.accepted:
        opened.problems.append(_problem("xls-not-supported", name))
    elif content == "ole":
        encrypted = _ENCRYPTION_INFO in data[:2_000_000] or b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" not in data
        opened.problems.append(_problem("encrypted-workbook" if encrypted else "xls-not-supported", name))
    else:
        opened.problems.append(_problem("not-an-xlsx", name, looks_like=_looks_like(data)))
    return opened


def refuse_unreadable(path: Path, limit: int = MAX_FILE_BYTES) -> Problem | None:
    """The problem with ``path`` that forbids reading it at all, found before opening it: missing,
    a folder, a special file (a FIFO would block the read forever, a device never end), or larger
    than ``limit`` bytes (it would not fit in memory). None when it can be read."""
    name = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        return _problem("file-not-found", name, folder=str(path.parent))
    except OSError as exc:
        return _problem("file-unreadable", name, reason=_reason(exc))
    if not stat.S_ISREG(st.st_mode):
        return _problem("not-a-file", name, supported=accepted_text())
    if st.st_size > limit:
        return _problem("file-too-large", name, size=_mb(st.st_size), limit=_mb(limit), bytes=st.st_size)
    return None


def check_zip(data: bytes, name: str) -> list[Problem]:
    """Refuse a zip that is corrupt, not a workbook, a bomb, or carries XML entity declarations."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return [_problem("corrupt-workbook", name, reason=str(exc) or type(exc).__name__)]
    if len(infos) > MAX_MEMBERS:
        return [_problem("zip-bomb", name, reason=Msg("input.reason.zip_parts", parts=len(infos), limit=MAX_MEMBERS))]
    total = sum(max(i.file_size, 0) for i in infos)
    if total > MAX_UNCOMPRESSED:
        return [_problem("zip-bomb", name, reason=Msg("input.reason.zip_unpacked", mb=_mb(total), limit=_mb(MAX_UNCOMPRESSED)))]
    for i in infos:
        if i.file_size > RATIO_MIN_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return [
                _problem(
                    "zip-bomb", name,
                    reason=Msg("input.reason.zip_ratio", part=i.filename, mb=_mb(i.file_size), packed=max(i.compress_size, 1)),
                )
            ]
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
        kind = "word" if any(n.startswith("word/") for n in names) else "zip"
        return [_problem("not-an-xlsx", name, looks_like=kind)]
    try:
        for i in infos:
            if i.is_dir() or not i.filename.lower().endswith((".xml", ".rels", ".vml")):
                continue
            prolog = xml_prolog(zf, i)
            if "<!DOCTYPE" in prolog or "<!ENTITY" in prolog:
                return [_problem("xml-entities", name, part=i.filename)]
            if len(prolog) >= MAX_PROLOG_CHARS:  # Excel's prologs are a line long
                return [_problem("corrupt-workbook", name,
                                 reason=Msg("input.reason.no_root", part=i.filename, chars=f"{MAX_PROLOG_CHARS:,}"))]
            claimed = _claimed_strings(prolog)
            if claimed is not None and claimed > i.file_size // MIN_STRING_BYTES + 1:
                # calamine reserves room for the strings a table claims before reading them
                return [_problem("corrupt-workbook", name,
                                 reason=Msg("input.reason.too_many_strings", part=i.filename, claimed=claimed, size=i.file_size))]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        # RuntimeError: an encrypted zip member; zlib errors are zipfile.BadZipFile / zlib.error
        return [_problem("corrupt-workbook", name, reason=str(exc) or type(exc).__name__)]
    except Exception as exc:  # zlib.error and other decoder failures: a damaged file
        return [_problem("corrupt-workbook", name, reason=str(exc) or type(exc).__name__)]
    return []


def xml_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    """A part's text up to its root element's start tag (or up to a declaration that is not ruled out).

    Read in chunks, so that a large part is not inflated for this: its prolog comes first.
    """
    seen = b""
    text = ""
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_PROLOG_CHUNK)
            if not chunk:
                break
            seen += chunk
            text = _as_text(seen)
            if "<!DOCTYPE" in text or "<!ENTITY" in text:
                break
            root = _root_started(text)
            if root is not None and text.find(">", root) >= 0:  # the root's start tag, attributes and all
                break
            if len(text) >= MAX_PROLOG_CHARS:
                break
    return text


_SST_TAG = re.compile(r"<(?:[\w.-]+:)?sst\b[^>]*>")
_UNIQUE_COUNT = re.compile(r"\buniqueCount\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")


def _claimed_strings(prolog: str) -> int | None:
    """The uniqueCount of a shared string table's root element (as a reader would parse it), if the part is one."""
    tag = _SST_TAG.search(prolog)
    attr = _UNIQUE_COUNT.search(tag.group(0)) if tag else None
    if attr is None:
        return None
    value = html.unescape(attr.group(1) if attr.group(1) is not None else attr.group(2)).strip().lstrip("+")
    return int(value) if value.isascii() and value.isdigit() else None


def _as_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="ignore")
    if len(data) > 1 and data[1:2] == b"\x00":
        return data.decode("utf-16-le", errors="ignore")
    if data[:1] == b"\x00":
        return data.decode("utf-16-be", errors="ignore")
    return data.decode("utf-8", errors="ignore")


def _root_started(text: str) -> int | None:
    """Where the root element's start tag begins (a '<' not followed by ? or !), or None: the prolog goes on."""
    i = 0
    while True:
        i = text.find("<", i)
        if i < 0 or i + 1 >= len(text):
            return None
        nxt = text[i + 1]
        if nxt == "?":
            end = text.find("?>", i)
            if end < 0:
                return None
            i = end + 2
        elif nxt == "!":
            if text.startswith("<!--", i):
                end = text.find("-->", i)
                if end < 0:
                    return None
                i = end + 3
            else:
                return None  # a declaration we have not ruled out (handled by the caller)
        else:
            return i


def _looks_like(data: bytes) -> str:
    head = data[:512].lstrip()
    low = head.lower()
    if head.startswith(ZIP_MAGICS):
        return "zip"
    if head.startswith(OLE_MAGIC):
        return "xls"
    if head.startswith(b"%PDF"):
        return "pdf"
    if low.startswith((b"<html", b"<!doctype html", b"<table")) or b"<html" in low:
        return "html"
    if low.startswith(b"<?xml"):
        return "xml"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f}"
