"""(Re)create the broken and hostile input files of tests/data/bad/, byte for byte.

    python tests/data/bad/generate.py

Each file holds one kind of damage or attack that HR files meet in practice (or that someone
could send on purpose); tests/test_bad_inputs.py has one test per file with the exact problems
kpi must report. The small UTF-8 text files (empty.csv, header_only.csv, semicolon.csv,
ragged.csv, duplicate_employees.csv, unknown_role.csv, unclosed_quote.csv, text_renamed.xlsx,
report.pdf, good.csv) are committed as they are; this script writes every other file.

Workbooks are written by hand from the XML parts below (not by a library), so that each holds
exactly the flaw it is named for: the zip entries have a fixed date and are stored, not
compressed, so the same bytes come out on every machine (the few files that must be compressed
to stay small — the zip bomb and the sheets with thousands of cells — compare by their entries'
sizes and CRCs instead; see tests/test_bad_inputs.py::test_generate_reproduces_the_corpus).

encrypted.xlsx is a real password-protected workbook (ECMA-376 agile encryption, password
"kpi"), made with msoffcrypto-tool when that package is importable, with its random salt and
time stamp fixed; msoffcrypto-tool is not a kpi dependency, so without it the committed file is
kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import struct
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

HERE = Path(__file__).parent
FIXED_TIME = (2026, 1, 1, 0, 0, 0)
PASSWORD = "kpi"

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CT = "http://schemas.openxmlformats.org/package/2006/content-types"

# The role used throughout: 客户咨询 (cs_inquiry); its measures as the template heads them.
HEAD = ["工号", "姓名", "部门", "岗位", "每年缺席次数", "30秒内答复的电话比例", "紧急事件及时报告"]


# --- cells ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Formula:
    """A formula cell: ``cached`` is the saved result (None: saved without one), ``error`` marks an Excel error."""

    text: str
    cached: object = None
    error: bool = False


@dataclass(frozen=True)
class Percent:
    """A number shown as a percent (numFmtId 10): Excel stores 95% as 0.95."""

    value: float


@dataclass
class Sheet:
    name: str
    rows: list[list]  # row 1 first; None = no cell
    state: str = "visible"
    hidden_rows: tuple[int, ...] = ()
    hidden_cols: tuple[int, ...] = ()  # 1-based column numbers
    merged: tuple[str, ...] = ()
    dimension: str | None = None  # the <dimension ref>, default: the used range
    extra_rows: bytes = b""  # raw <row> XML after the rows (far-away cells)
    prolog: bytes = b""  # between the XML declaration and the root element
    tail: bytes = b""  # after the root element (whitespace padding)


def letter(col: int) -> str:
    """0 → A."""
    s, col = "", col + 1
    while col:
        col, rem = divmod(col - 1, 26)
        s = chr(65 + rem) + s
    return s


def _excel_serial(value: dt.date) -> float:
    base = dt.datetime(1899, 12, 30)
    if not isinstance(value, dt.datetime):
        value = dt.datetime(value.year, value.month, value.day)
    return (value - base).total_seconds() / 86400


def _number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() and abs(x) < 1e15 else repr(float(x))


class Strings:
    """The shared string table (Excel writes every text cell through it)."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}
        self.count = 0

    def add(self, text: str) -> int:
        self.count += 1
        return self.index.setdefault(text, len(self.index))

    def xml(self, count: str | None = None) -> bytes:
        items = "".join(f'<si><t xml:space="preserve">{escape(t)}</t></si>' for t in self.index)
        n = count if count is not None else str(self.count)
        unique = count if count is not None else str(len(self.index))
        return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<sst xmlns="{NS_MAIN}" count="{n}" uniqueCount="{unique}">{items}</sst>').encode()


def cell_xml(ref: str, value: object, strings: Strings) -> str:
    if value is None:
        return ""
    if isinstance(value, Formula):
        f = f"<f>{escape(value.text)}</f>"
        if value.cached is None:
            return f'<c r="{ref}">{f}</c>'
        if value.error:
            return f'<c r="{ref}" t="e">{f}<v>{escape(str(value.cached))}</v></c>'
        if isinstance(value.cached, str):
            return f'<c r="{ref}" t="str">{f}<v>{escape(value.cached)}</v></c>'
        return f'<c r="{ref}">{f}<v>{_number(value.cached)}</v></c>'
    if isinstance(value, Percent):
        return f'<c r="{ref}" s="2"><v>{_number(value.value)}</v></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{_number(value)}</v></c>'
    if isinstance(value, (dt.date, dt.datetime)):
        return f'<c r="{ref}" s="1"><v>{_number(_excel_serial(value))}</v></c>'
    return f'<c r="{ref}" t="s"><v>{strings.add(str(value))}</v></c>'


def sheet_xml(sheet: Sheet, strings: Strings) -> bytes:
    rows_xml = []
    width = max((len(r) for r in sheet.rows), default=0)
    for i, row in enumerate(sheet.rows, start=1):
        cells = "".join(cell_xml(f"{letter(j)}{i}", v, strings) for j, v in enumerate(row))
        hidden = ' hidden="1"' if i in sheet.hidden_rows else ""
        if cells or hidden:
            rows_xml.append(f'<row r="{i}"{hidden}>{cells}</row>')
    used = f"A1:{letter(max(width, 1) - 1)}{max(len(sheet.rows), 1)}"
    cols = "".join(f'<col min="{c}" max="{c}" width="9" hidden="1" customWidth="1"/>' for c in sheet.hidden_cols)
    merged = "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merged)
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        + sheet.prolog
        + f'<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">'
          f'<dimension ref="{sheet.dimension or used}"/>'
          f'{"<cols>" + cols + "</cols>" if cols else ""}<sheetData>'.encode()
        + "".join(rows_xml).encode()
        + sheet.extra_rows
        + f'</sheetData>{"<mergeCells count=" + quoteattr(str(len(sheet.merged))) + ">" + merged + "</mergeCells>" if merged else ""}'
          f"</worksheet>".encode()
        + sheet.tail
    )


STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<styleSheet xmlns="{NS_MAIN}">'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
).encode()


def workbook_parts(sheets: list[Sheet], sst_count: str | None = None) -> dict[str, bytes]:
    """Every part of a minimal workbook, in the order Excel writes them."""
    strings = Strings()
    sheet_parts = {f"xl/worksheets/sheet{k}.xml": sheet_xml(s, strings) for k, s in enumerate(sheets, start=1)}
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for name in sheet_parts
    )
    content_types = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Types xmlns="{NS_CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{overrides}"
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        "</Types>"
    ).encode()
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS_PKG}">'
        f'<Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>"
    ).encode()
    sheet_list = "".join(
        f'<sheet name={quoteattr(s.name)} sheetId="{k}"{"" if s.state == "visible" else " state=" + quoteattr(s.state)} r:id="rId{k}"/>'
        for k, s in enumerate(sheets, start=1)
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><sheets>{sheet_list}</sheets></workbook>'
    ).encode()
    n = len(sheets)
    rels = "".join(
        f'<Relationship Id="rId{k}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{k}.xml"/>'
        for k in range(1, n + 1)
    )
    workbook_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{NS_PKG}">{rels}'
        f'<Relationship Id="rId{n + 1}" Type="{NS_REL}/styles" Target="styles.xml"/>'
        f'<Relationship Id="rId{n + 2}" Type="{NS_REL}/sharedStrings" Target="sharedStrings.xml"/>'
        "</Relationships>"
    ).encode()
    return {
        "[Content_Types].xml": content_types,
        "_rels/.rels": root_rels,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": workbook_rels,
        **sheet_parts,
        "xl/styles.xml": STYLES,
        "xl/sharedStrings.xml": strings.xml(sst_count),
    }


def zip_bytes(parts: dict[str, bytes], deflate: bool = False) -> bytes:
    """A zip of ``parts`` with fixed dates and attributes (stored unless ``deflate``)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED if deflate else zipfile.ZIP_STORED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            z.writestr(info, data, compresslevel=9 if deflate else None)
    return out.getvalue()


def xlsx(*sheets: Sheet, deflate: bool = False, **kw) -> bytes:
    return zip_bytes(workbook_parts(list(sheets), **kw), deflate=deflate)


def set_declared_size(data: bytes, part: str, size: int) -> bytes:
    """Rewrite the uncompressed size a zip declares for ``part`` (central directory and local header)."""
    buf = bytearray(data)
    pos = buf.find(b"PK\x01\x02")
    while pos >= 0:
        name_len = struct.unpack("<H", buf[pos + 28: pos + 30])[0]
        if buf[pos + 46: pos + 46 + name_len] == part.encode():
            buf[pos + 24: pos + 28] = struct.pack("<I", size)
            local = struct.unpack("<I", buf[pos + 42: pos + 46])[0]
            buf[local + 22: local + 26] = struct.pack("<I", size)
        pos = buf.find(b"PK\x01\x02", pos + 4)
    return bytes(buf)


# --- an old binary .xls: a real OLE2 compound file with a Workbook stream ---------------------------
def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal valid OLE2 compound file (version 3, 512-byte sectors) holding ``streams``.

    Each stream is padded to at least 4096 bytes so that it lives in regular sectors (no mini stream).
    """
    sector = 512
    end_of_chain, fat_sector, free = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    datas = [streams[n].ljust(4096, b"\x00") for n in names]
    datas = [d + b"\x00" * (-len(d) % sector) for d in datas]
    # sector 0: the FAT, sector 1: the directory, then the streams
    chains: list[int] = [fat_sector, end_of_chain]
    starts = []
    for d in datas:
        first = len(chains)
        n = len(d) // sector
        starts.append(first)
        chains += [first + k + 1 for k in range(n - 1)] + [end_of_chain]
    assert len(chains) <= sector // 4
    fat = b"".join(struct.pack("<I", c) for c in chains).ljust(sector, b"\xff")

    def entry(name: str, kind: int, start: int, size: int, child: int = free, right: int = free) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (raw.ljust(64, b"\x00") + struct.pack("<HBB", len(raw), kind, 1)
                + struct.pack("<III", free, right, child) + b"\x00" * 16 + struct.pack("<I", 0)
                + b"\x00" * 16 + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, end_of_chain, 0, child=1)
    for k, (name, d) in enumerate(zip(names, datas)):
        right = k + 2 if k + 1 < len(names) else free
        directory += entry(name, 2, starts[k], len(streams[name].ljust(4096, b"\x00")), right=right)
    while len(directory) < sector:  # unused entries
        directory += b"\x00" * 64 + struct.pack("<HBB", 0, 0, 0) + struct.pack("<III", free, free, free) + b"\x00" * 48
    header = (
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 16  # signature, CLSID
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\x00" * 6  # versions, byte order, sector shifts
        # directory sectors (0 in version 3), FAT sectors, first directory sector, transaction,
        # mini stream cutoff, first mini FAT sector, mini FAT sectors, first DIFAT sector, DIFAT sectors
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end_of_chain, 0, end_of_chain, 0)
        + struct.pack("<I", 0) + b"\xff" * (108 * 4)  # DIFAT: the FAT is sector 0
    )
    assert len(header) == sector
    return header + fat + directory + b"".join(datas)


def biff_workbook() -> bytes:
    """The start of a BIFF8 Workbook stream: BOF (workbook globals) … EOF."""
    bof = struct.pack("<HH", 0x0809, 16) + struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 0)
    eof = struct.pack("<HH", 0x000A, 0)
    return bof + eof


# --- the corpus ----------------------------------------------------------------------------------
def good_rows() -> list[list]:
    return [HEAD, ["E1", "张三", "客服部", "客户咨询", 2, 96, "是"], ["E2", "李四", "客服部", "客户咨询", 5, 92.5, "否"]]


def files() -> dict[str, bytes]:
    out: dict[str, bytes] = {}

    out["empty.xlsx"] = b""
    out["header_only.xlsx"] = xlsx(Sheet("客户咨询", [HEAD]))
    out["no_matching_sheet.xlsx"] = xlsx(
        Sheet("Sheet1", [["名称", "数量", "单价"], ["苹果", 3, 4.5], ["梨", 2, 3.0]]),
        Sheet("Notes", [["This workbook lists the fruit we ordered."]]),
    )
    # 每年缺席次数 merged over C1:D1 (its figures in C, a stray column D); 部门 merged down E2:E3.
    out["merged_header.xlsx"] = xlsx(Sheet(
        "客户咨询",
        [["工号", "岗位", "每年缺席次数", None, "部门"],
         ["E1", "客户咨询", 1, 5, "客服部"],
         ["E2", "客户咨询", 2, 6, None]],
        merged=("C1:D1", "E2:E3"),
    ))
    out["hidden_rows_columns.xlsx"] = xlsx(
        Sheet("客户咨询", [HEAD[:5], ["E1", "张三", "客服部", "客户咨询", 1], ["E2", "李四", "客服部", "客户咨询", 2],
                           ["E3", "王五", "客服部", "客户咨询", 3]], hidden_rows=(3,), hidden_cols=(5,)),
        Sheet("旧数据", [HEAD[:5], ["E9", "赵六", "客服部", "客户咨询", 4]], state="hidden"),
    )
    out["bad_values.xlsx"] = xlsx(
        Sheet("客户咨询", [
            HEAD,
            ["E1", "张三", "客服部", "客户咨询", 2, "九十", "是"],            # text in a percent column
            ["E2", "李四", "客服部", "客户咨询", dt.date(2026, 7, 1), 95, "是"],  # a date in a count column
            ["E3", "王五", "客服部", "客户咨询", -2, 120, "也许"],            # negative count, 120%, not yes/no
            ["E4", "赵六", "客服部", "客户咨询", 3, "N/A", "否"],              # N/A is not a blank
        ]),
        Sheet("索赔处理员", [
            ["工号", "姓名", "岗位", "理算人员对工作效率支持的评价", "理算人员对查找文件的评价"],
            ["C1", "钱七", "索赔处理员", 0, 3.5],                                # a rating of 0
            ["C2", "孙八", "索赔处理员", 6, 4],                                  # a rating of 6
        ]),
    )
    out["formulas_and_errors.xlsx"] = xlsx(Sheet("客户咨询", [
        ["工号", "姓名", "岗位", "每年缺席次数", "每年产生的分歧次数", "解决分歧的平均天数", "平均每次通话时长"],
        ["E1", "张三", "客户咨询", Formula("1/0", "#DIV/0!", error=True), Formula("D2*2"), Formula("1+2", 3), 8],
        ["E2", "李四", "客户咨询", Formula("#REF!+1", "#REF!", error=True), 4, 20, Formula("VLOOKUP(A3,X!A:B,2,0)", "#N/A", error=True)],
        [Formula("VLOOKUP(B4,名单!A:B,2,0)", "#N/A", error=True), "王五", "客户咨询", 1, 2, 3, 4],
    ]))
    out["duplicate_columns.xlsx"] = xlsx(Sheet("Sheet1", [
        ["工号", "岗位", "每年缺席次数", "工号", "Absences per year"],
        ["E1", "客户咨询", 1, "E1", 7],
        ["E2", "客户咨询", 2, "E2", 8],
    ]))
    out["utf16.csv"] = b"\xff\xfe" + _csv(good_rows(), ",").encode("utf-16-le")  # with a byte-order mark
    out["gbk.csv"] = _csv(good_rows(), ",").encode("gbk")  # what Chinese Excel writes for "CSV (comma delimited)"
    out["utf8_bom.csv"] = _csv(good_rows(), ",").encode("utf-8-sig")  # Excel's "CSV UTF-8"
    ok = xlsx(Sheet("客户咨询", good_rows()))
    out["truncated.xlsx"] = ok[: len(ok) * 2 // 3]  # a download or copy cut short
    out["not_a_csv.csv"] = ok  # a workbook saved with the wrong name
    out["word_document.xlsx"] = zip_bytes({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="' + NS_CT.encode() + b'"/>',
        "word/document.xml": b'<?xml version="1.0"?><w:document xmlns:w="urn:w"/>',
    })
    out["old.xls"] = compound_file({"Workbook": biff_workbook()})
    # Claims a sheet of 1,048,576 rows × 16,384 columns; its last employee really is in row 1,048,576.
    far = b'<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>E3</t></is></c>' \
          b'<c r="B1048576" t="inlineStr"><is><t>\xe7\x8e\x8b\xe4\xba\x94</t></is></c>' \
          b'<c r="D1048576" t="inlineStr"><is><t>cs_inquiry</t></is></c><c r="E1048576"><v>4</v></c></row>'
    out["million_rows.xlsx"] = xlsx(Sheet("客户咨询", good_rows(), dimension="A1:XFD1048576", extra_rows=far))
    # Cells scattered on a diagonal: 4,500 values, but 4,500 rows × 4,500 columns to lay out.
    diagonal = b"".join(
        b'<row r="%d"><c r="%s%d"><v>1</v></c></row>' % (4 + k, letter(k).encode(), 4 + k) for k in range(4500)
    )
    out["scattered_cells.xlsx"] = xlsx(Sheet("客户咨询", good_rows(), extra_rows=diagonal), deflate=True)
    # Cells without their r="A1" reference (legal; a few generators write them): a wide row, and a far one.
    rless = b'<row r="4">' + b"<c><v>1</v></c>" * 16384 + b'</row><row r="40000"><c><v>2</v></c></row>'
    out["cells_without_reference.xlsx"] = xlsx(Sheet("客户咨询", good_rows(), extra_rows=rless), deflate=True)
    # A sheet part of 12 MiB (whitespace after the root element) in ~12 KB: refused from its zip entry.
    out["zip_bomb.xlsx"] = xlsx(Sheet("客户咨询", good_rows(), tail=b" " * (12 * 1024 * 1024)), deflate=True)
    # A zip directory that declares 4 GB for a sheet (a forged header): refused from the declaration alone.
    out["zip_bomb_declared.xlsx"] = set_declared_size(ok, "xl/worksheets/sheet1.xml", 0xFFFF_FFF0)
    # The opposite lie: a sheet that declares 100 bytes and holds more (readers stop at the declared size).
    out["zip_size_lie.xlsx"] = set_declared_size(ok, "xl/worksheets/sheet1.xml", 100)
    # Billion laughs: ten levels of ten entities expand to 10^9 'lol's in a sheet cell.
    lol = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10) for k in range(1, 10)
    ) + b"]>\n"
    laughs = Sheet("客户咨询", good_rows(), prolog=lol,
                   extra_rows=b'<row r="4"><c r="A4" t="inlineStr"><is><t>&lol9;</t></is></c></row>')
    out["billion_laughs.xlsx"] = xlsx(laughs)
    # An external entity in the shared strings (XXE): it would read a file of the machine into a cell.
    parts = workbook_parts([Sheet("客户咨询", good_rows())])
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        b"\n<sst", b'\n<!DOCTYPE sst [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<sst', 1
    ).replace("张三".encode(), b"&xxe;")
    out["external_entity.xlsx"] = zip_bytes(parts)
    # A shared string table that claims four billion strings (a reader must not reserve room for them).
    out["huge_string_count.xlsx"] = xlsx(Sheet("客户咨询", good_rows()), sst_count="4294967295")
    # Very long text: a 5,000-character name, a 300-character figure, a 2,000-digit number.
    out["long_text.csv"] = _csv([
        HEAD[:5],
        ["E1", "名" * 5000, "客服部", "客户咨询", "3"],
        ["E2", "李四", "客服部", "客户咨询", "九" * 300],
        ["E3", "王五", "客服部", "客户咨询", "1" * 2000],
    ], ",").encode()
    # Numbers that are no figures: NaN (read as a blank by calamine), ±inf, 1e400 (beyond a float).
    # A program (pandas, a script) writes them; Excel never does.
    def number(ref: str, text: str) -> bytes:
        return b'<c r="%s"><v>%s</v></c>' % (ref.encode(), text.encode())

    def ident(row: int, emp: str) -> bytes:
        return (b'<c r="A%d" t="inlineStr"><is><t>%s</t></is></c>' % (row, emp.encode())
                + b'<c r="D%d" t="inlineStr"><is><t>cs_inquiry</t></is></c>' % row)

    odd = (b'<row r="2">' + ident(2, "E1") + number("E2", "NaN") + number("F2", "95") + b"</row>"
           + b'<row r="3">' + ident(3, "E2") + number("E3", "1e400") + number("F3", "-INF") + b"</row>"
           + b'<row r="4">' + ident(4, "E3") + number("E4", "inf") + number("F4", "90") + b"</row>")
    out["nan_inf.xlsx"] = xlsx(Sheet("客户咨询", [HEAD], extra_rows=odd, dimension="A1:G4"))
    out["nan_inf.csv"] = _csv([
        HEAD[:6],
        ["E1", "张三", "客服部", "客户咨询", "NaN", "95"],
        ["E2", "李四", "客服部", "客户咨询", "1e400", "-Infinity"],
        ["E3", "王五", "客服部", "客户咨询", "inf", "90"],
    ], ",").encode()
    # Three months of a count at 1e308: each is a number, their sum is not (inf).
    out["overflowing_months.csv"] = _csv([
        ["工号", "姓名", "部门", "岗位", "期间", "每年缺席次数", "30秒内答复的电话比例"],
        *(["E1", "张三", "客服部", "客户咨询", f"2026-{m:02d}", "1e308", "90"] for m in (7, 8, 9)),
        *(["E2", "李四", "客服部", "客户咨询", f"2026-{m:02d}", "1", "95"] for m in (7, 8, 9)),
    ], ",").encode()
    # The error values of Excel 365 (dynamic arrays, data types, linked data): calamine refused
    # the whole sheet for the first of them.
    errors_365 = ["#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"]
    out["excel365_errors.xlsx"] = xlsx(Sheet("客户咨询", [
        HEAD,
        *([f"E{k}", "张三", "客服部", "客户咨询", Formula("SORT(X1:X9)", e, error=True), 90 + k % 5, "是"]
          for k, e in enumerate(errors_365, start=1)),
    ]))
    # Bytes that are no text at all, named .csv (deterministic: a SHA-256 stream).
    out["random_bytes.csv"] = _stream(b"kpi random_bytes.csv", 4096)
    return out


# --- hostile catalogues and settings (tests/data/bad/catalogues/) ---------------------------------------
CATALOGUE_SETTINGS = [
    ["[catalogue]"], ["key", "value"], ["name_zh", "小目录"], ["name_en", "Small catalogue"], ["version", "1"],
    ["coverage_threshold", 0.5], [], ["[departments]"], ["code", "name_zh", "name_en"], ["ops", "运营部", "Operations"],
    [], ["[grades]"], ["role", "grade", "name_zh", "name_en", "min"], [None, "A", "优", "Good", 90],
    [None, "B", "良", "Fair", 70], [None, "C", "差", "Poor"],
]
CATALOGUE_ROLES = [
    ["role", "role_name_zh", "role_name_en", "department", "dimension", "name_zh", "name_en", "weight"],
    ["agent", "客服", "Agent", "ops", "quality", "质量", "Quality", 100],
]
CATALOGUE_MEASURES = [
    ["role", "dimension", "code", "name_zh", "name_en", "standard_zh", "standard_en", "source", "unit", "rule",
     "target", "excellent", "floor", "aggregate", "weight"],
    ["agent", "quality", "accuracy", "准确率", "Accuracy", "准确率达到95%", "95% accurate.", "report", "percent",
     "higher", 95, 99, 80, "mean", 1],
]
STRAY = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row>'


def catalogue_files() -> dict[str, bytes]:
    """Catalogues and kpi.toml files as HR could receive them by e-mail, each with one attack or flaw."""
    out: dict[str, bytes] = {}
    # A Python tag: a full YAML loader would run os.system; kpi refuses the tag, located.
    out["python_tag.yaml"] = b"name_zh: !!python/object/apply:os.system ['echo owned']\nname_en: x\n"
    # An alias bomb: nine levels of nine aliases, 9^9 = 387,420,489 entries from 10 lines.
    bomb = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"{chr(98 + k)}: &{chr(98 + k)} [{', '.join([f'*{chr(97 + k)}'] * 9)}]\n" for k in range(9)
    )
    out["alias_bomb.yaml"] = bomb.encode()
    # An anchor used inside itself: an endless list.
    out["recursive_alias.yaml"] = b"name_zh: x\nroles: &roles\n  - *roles\n"
    # A valid one-role catalogue workbook with a stray cell in XFD1048576 on its Measures sheet.
    out["stray_cell_catalogue.xlsx"] = xlsx(
        Sheet("Settings", CATALOGUE_SETTINGS),
        Sheet("Roles", CATALOGUE_ROLES),
        Sheet("Measures", CATALOGUE_MEASURES, dimension="A1:XFD1048576", extra_rows=STRAY),
    )
    # Settings files: GBK text (Excel's or Notepad's "ANSI" on a Chinese Windows) and 100,000 nested arrays.
    out["not_utf8.toml"] = 'lang = "zh"\n# 设置\ncatalogue = "目录.yaml"\n'.encode("gbk")
    out["deep.toml"] = b"quotas = " + b"[" * 100_000 + b"]" * 100_000 + b"\n"
    return out


def _csv(rows: list[list], sep: str) -> str:
    import csv

    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows([["" if v is None else v for v in r] for r in rows])
    return buf.getvalue()


def _stream(seed: bytes, n: int) -> bytes:
    out, block = b"", seed
    while len(out) < n:
        block = hashlib.sha256(block).digest()
        out += block
    return out[:n]


def encrypted_xlsx() -> bytes | None:
    """good_rows() in a workbook encrypted with PASSWORD, or None without msoffcrypto-tool."""
    try:
        import msoffcrypto.method.container.ecma376_encrypted as container
        import msoffcrypto.method.ecma376_agile as agile
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        return None
    counter = iter(range(1 << 30))

    def fixed_random(size: int) -> bytes:  # the salts and key: fixed, so that the file is reproducible
        return _stream(b"kpi encrypted.xlsx %d" % next(counter), size)

    class FixedDatetime(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 1, 1)

    saved = agile._random_buffer, container.datetime
    agile._random_buffer, container.datetime = fixed_random, FixedDatetime
    try:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(xlsx(Sheet("客户咨询", good_rows())))).encrypt(PASSWORD, out)
        return out.getvalue()
    finally:
        agile._random_buffer, container.datetime = saved


def write_all(folder: Path = HERE) -> list[Path]:
    """Write every generated file into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files().items():
        path = folder / name
        path.write_bytes(data)
        written.append(path)
    (folder / "catalogues").mkdir(exist_ok=True)
    for name, data in catalogue_files().items():
        path = folder / "catalogues" / name
        path.write_bytes(data)
        written.append(path)
    enc = encrypted_xlsx()
    if enc is not None:
        (folder / "encrypted.xlsx").write_bytes(enc)
        written.append(folder / "encrypted.xlsx")
    elif folder == HERE:
        print("msoffcrypto-tool is not installed: encrypted.xlsx kept as committed", file=sys.stderr)
    return written


if __name__ == "__main__":
    for p in write_all():
        print(f"{p.stat().st_size:>10,}  {p.name}")
