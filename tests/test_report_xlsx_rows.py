"""The fast row writer (kpi_cli/reports/xlsx_rows.py) writes the same bytes as stock xlsxwriter."""

from __future__ import annotations

import zipfile

import pytest

from kpi_cli.reports import xlsx_rows
from kpi_cli.reports.xlsx_rows import supported_version, worksheet_class

TRICKY_TEXT = [
    "plain", "中文姓名", "a & b", "<r>x</r>", "x < y > z", " leading", "trailing ", "line\nbreak",
    "tab\tinside", "ctl\x01char", "_x0041_", 'say "hi"', "=SUM(A1:A2)", "+1", "", "x" * 9000,
]
NUMBERS = [0, 1, -1, 0.1, 1 / 3, 123456789.123, 1e-12, 1e20, 95.4, 7]


def _write(path, fast: bool) -> None:
    import xlsxwriter

    cls = worksheet_class() if fast else None
    with xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False}) as wb:
        wb.set_properties({"created": __import__("datetime").datetime(2026, 1, 1)})
        f1 = wb.add_format({"bold": True})
        f2 = wb.add_format({"num_format": "0.0", "valign": "top"})
        twin = wb.add_format({"valign": "top"})  # same key as another format: no xf index of its own
        other = wb.add_format({"valign": "top"})
        col_fmt = wb.add_format({"num_format": "0%"})
        row_fmt = wb.add_format({"italic": True})
        ws = wb.add_worksheet("Data", worksheet_class=cls)
        ws.set_column(5, 5, 12, col_fmt)  # a column format inherited by cells without their own
        ws.set_row(3, 30, row_fmt)
        ws.freeze_panes(1, 1)
        ws.write_string(0, 0, "head", f1)
        ws.merge_range(0, 1, 0, 3, "merged", f1)
        ws.write_comment(1, 0, "a note")
        for r in range(1, 40):
            texts = TRICKY_TEXT[r % len(TRICKY_TEXT):] + TRICKY_TEXT[: r % len(TRICKY_TEXT)]
            cells = {}
            for c in range(7):
                fmt = (None, f1, f2, twin, other)[(r + c) % 5]
                if c % 2:
                    cells[c] = ("n", NUMBERS[(r * c) % len(NUMBERS)], fmt)
                else:
                    cells[c] = ("s", texts[c], fmt)
            if r % 7 == 0:
                cells[7] = ("b", None, f2)
            if fast and r % 3:
                stored = {}
                for c, (kind, v, fmt) in cells.items():
                    if kind == "b":
                        stored[c] = ws.Blank(fmt)
                    elif kind == "n":
                        stored[c] = ws.Number(v, fmt)
                    elif v and not (v.startswith("<r>") and v.endswith("</r>")):
                        stored[c] = ws.String(v, fmt)
                assert ws.put_row(r, stored)
                for c, (kind, v, fmt) in cells.items():  # what put_row cannot take, as xlsx_table.write_rows does
                    if kind == "s" and v and c not in stored:
                        ws.write_rich_string(r, c, v[:1], v[1:2], v[2:], fmt) if fmt else ws.write_rich_string(r, c, v[:1], v[1:2], v[2:])
                continue
            for c, (kind, v, fmt) in cells.items():
                if kind == "b":
                    ws.write_blank(r, c, None, fmt)
                elif kind == "n":
                    ws.write_number(r, c, v, fmt)
                elif v.startswith("<r>") and v.endswith("</r>"):
                    ws.write_rich_string(r, c, v[:1], v[1:2], v[2:], fmt) if fmt else ws.write_rich_string(r, c, v[:1], v[1:2], v[2:])
                elif v:
                    ws.write_string(r, c, v, fmt)
        ws.write_formula(41, 0, "=1+1", None, 2)
        ws.write_boolean(41, 1, True)
        ws.write_number(42, 300, 5)  # a column beyond the precomputed letters
        ws.write_string(42, 301, "far", f1)
        ws.autofilter(0, 0, 40, 6)
        ws.conditional_format(1, 1, 40, 1, {"type": "cell", "criteria": ">", "value": 1, "format": f1})
        plain = wb.add_worksheet("Plain", worksheet_class=cls)
        for r in range(5):
            plain.write_row(r, 0, [r, f"row {r}", r / 7])


def _parts(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


@pytest.fixture
def fresh_class():
    """worksheet_class() decided anew (it is cached per process), and again after the test."""
    xlsx_rows._fast_class.cache_clear()
    yield
    xlsx_rows._fast_class.cache_clear()


def test_fast_class_is_available_for_a_supported_xlsxwriter():
    import xlsxwriter

    assert (worksheet_class() is not None) == supported_version(xlsxwriter.__version__)


@pytest.mark.parametrize(("version", "supported"), [
    ("3.3.0", True), ("3.3.1", True), ("3.3.12", True),
    # 3.2.1-3.2.9 have the cell namedtuples but keep row properties in set_rows, not row_info:
    # they passed the old check and crashed the Excel report (issue 14)
    ("3.2.9", False), ("3.2.1", False), ("3.2.0", False), ("3.4.0", False), ("4.0.0", False), ("", False), ("x", False),
])
def test_fast_path_only_for_the_checked_xlsxwriter_releases(version, supported, monkeypatch, fresh_class):
    import xlsxwriter

    assert supported_version(version) is supported
    internals_checked = supported_version(xlsxwriter.__version__)  # an older one lacks them whatever it says
    monkeypatch.setattr(xlsxwriter, "__version__", version)
    assert (worksheet_class() is not None) is (supported and internals_checked)


def test_no_fast_path_when_an_internal_it_uses_is_missing(monkeypatch, fresh_class):
    import collections

    import xlsxwriter
    from xlsxwriter import worksheet as xw

    if not supported_version(xlsxwriter.__version__):
        pytest.skip("this xlsxwriter has no fast row writer")
    assert worksheet_class() is not None
    for undo in (
        lambda: monkeypatch.delattr(xw, "RowInfo"),
        lambda: monkeypatch.delattr(xw, "CellBlankTuple"),
        lambda: monkeypatch.setattr(xw, "CellNumberTuple", collections.namedtuple("Number", "value, format")),
        lambda: monkeypatch.delattr(xw.Worksheet, "_write_cell"),
        lambda: monkeypatch.setattr(xw.Worksheet, "_write_row", lambda self, row, spans, properties=None: None),
    ):
        undo()
        xlsx_rows._fast_class.cache_clear()
        assert worksheet_class() is None
        monkeypatch.undo()
    xlsx_rows._fast_class.cache_clear()
    assert worksheet_class() is not None


def test_fast_rows_write_the_same_bytes_as_xlsxwriter(tmp_path):
    if worksheet_class() is None:
        pytest.skip("this xlsxwriter has no fast row writer")
    _write(tmp_path / "stock.xlsx", fast=False)
    _write(tmp_path / "fast.xlsx", fast=True)
    stock, fast = _parts(tmp_path / "stock.xlsx"), _parts(tmp_path / "fast.xlsx")
    assert sorted(stock) == sorted(fast)
    for name in stock:
        assert fast[name] == stock[name], name


def test_stock_class_when_asked(monkeypatch):
    monkeypatch.setenv("KPI_XLSX_STOCK", "1")
    assert worksheet_class() is None


def test_excel_report_is_the_same_with_the_fast_rows(tmp_path, monkeypatch, catalogue):
    from kpi_cli.scoring.pipeline import score_files
    from kpi_cli.reports.excel import write_excel_report

    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "2026-Q3.xlsx"
    result = score_files([sample], catalogue)
    write_excel_report(result, tmp_path / "fast.xlsx", lang="en", generated_at="2026-10-01T00:00:00")
    monkeypatch.setenv("KPI_XLSX_STOCK", "1")
    write_excel_report(result, tmp_path / "stock.xlsx", lang="en", generated_at="2026-10-01T00:00:00")
    assert (tmp_path / "fast.xlsx").read_bytes() == (tmp_path / "stock.xlsx").read_bytes()


def _sample_report(tmp_path, name: str, catalogue) -> bytes:
    from pathlib import Path

    from kpi_cli.scoring.pipeline import score_files
    from kpi_cli.reports.excel import write_excel_report

    sample = Path(__file__).resolve().parents[1] / "sample_data" / "2026-Q3.xlsx"
    result = score_files([sample], catalogue)
    write_excel_report(result, tmp_path / name, lang="en", generated_at="2026-10-01T00:00:00")
    return (tmp_path / name).read_bytes()


@pytest.mark.parametrize("fail_at", [1, 7, 40])
def test_a_failure_inside_the_fast_path_falls_back_to_xlsxwriter(tmp_path, monkeypatch, catalogue, fail_at):
    """The fast row writer raising (an xlsxwriter internal changed under it) after writing part of
    a row: the row and the rest of the sheet are written by xlsxwriter, the file is the same."""
    cls = worksheet_class()
    if cls is None:
        pytest.skip("this xlsxwriter has no fast row writer")
    calls = {"rows": 0, "failed": 0}
    fast_row = cls._kpi_row

    def flaky(self, row_num, cells):
        calls["rows"] += 1
        if calls["rows"] == fail_at:
            calls["failed"] += 1
            self.fh.write('<row r="999"><c r="A999"><v>half a row')
            raise AttributeError("'FastRowWorksheet' object has no attribute 'row_info'")
        return fast_row(self, row_num, cells)

    monkeypatch.setattr(cls, "_kpi_row", flaky)
    fast = _sample_report(tmp_path, "fast.xlsx", catalogue)
    assert calls["failed"] == 1
    monkeypatch.setenv("KPI_XLSX_STOCK", "1")
    assert fast == _sample_report(tmp_path, "stock.xlsx", catalogue)


def test_a_sheet_without_an_attribute_the_fast_path_reads_is_written_the_stock_way(tmp_path, monkeypatch, catalogue):
    cls = worksheet_class()
    if cls is None:
        pytest.skip("this xlsxwriter has no fast row writer")
    monkeypatch.setattr(xlsx_rows, "_ATTRIBUTES", (*xlsx_rows._ATTRIBUTES, "no_such_attribute"))
    monkeypatch.setattr(cls, "_kpi_row", lambda *a: pytest.fail("the fast path ran"))
    fast = _sample_report(tmp_path, "fast.xlsx", catalogue)
    monkeypatch.setenv("KPI_XLSX_STOCK", "1")
    assert fast == _sample_report(tmp_path, "stock.xlsx", catalogue)
