"""The Excel report's zip is deflated at zlib level 1 (kpi_cli/reports/xlsx_zip.py): the same XML
inside as xlsxwriter's own level 6, a larger file, and xlsxwriter left as it was found."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import pytest

from kpi_cli.reports.xlsx_zip import report_deflate

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data" / "2026-Q3.xlsx"
STAMP = "2026-10-01T00:00:00"


@pytest.fixture(scope="module")
def result(catalogue):
    from kpi_cli.scoring.pipeline import score_files

    return score_files([SAMPLE], catalogue)


def _write(result, path: Path, level: int | None) -> Path:
    """The report written as kpi writes it, or (level given) with that level in force instead."""
    from kpi_cli.reports import excel, xlsx_zip

    if level is None:
        return excel.write_excel_report(result, path, lang="zh", generated_at=STAMP)
    real = xlsx_zip.report_deflate
    try:
        xlsx_zip.report_deflate = lambda: real(level)
        return excel.write_excel_report(result, path, lang="zh", generated_at=STAMP)
    finally:
        xlsx_zip.report_deflate = real


def _entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        assert zf.testzip() is None  # every entry's CRC checks
        return {info.filename: zf.read(info) for info in zf.infolist()}


def _deflated_size(xml: bytes, level: int) -> int:
    """Bytes of ``xml`` deflated raw at ``level``, fed in 8 KiB pieces as zipfile does."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    return sum(len(deflate.compress(xml[k:k + 8192])) for k in range(0, len(xml), 8192)) + len(deflate.flush())


def test_report_entries_are_deflated_at_level_1(result, tmp_path):
    """Each sizeable entry is stored as large as zlib's level 1 makes it (to the byte here; within
    1 % allowed, for a zlib that cuts its blocks elsewhere), clearly larger than level 6's."""
    path = _write(result, tmp_path / "report.xlsx", None)
    with zipfile.ZipFile(path) as zf:
        checked = 0
        for info in zf.infolist():
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            xml = zf.read(info)
            if len(xml) < 16384:
                continue
            fast, stock = _deflated_size(xml, 1), _deflated_size(xml, 6)
            assert abs(info.compress_size - fast) <= fast // 100, info.filename
            assert stock < 0.95 * fast, info.filename  # the levels are apart: the check can fail
            checked += 1
    assert checked >= 3  # the summary and the role sheets at least


def test_the_xml_inside_is_the_same_as_at_xlsxwriters_own_level(result, tmp_path):
    fast = _write(result, tmp_path / "fast.xlsx", None)
    stock = _write(result, tmp_path / "stock.xlsx", 6)
    assert _entries(fast) == _entries(stock)
    assert fast.stat().st_size > stock.stat().st_size  # the price: a larger file


def test_the_same_report_twice_is_the_same_bytes(result, tmp_path):
    assert _write(result, tmp_path / "a.xlsx", None).read_bytes() == _write(result, tmp_path / "b.xlsx", None).read_bytes()


def test_xlsxwriter_is_left_as_it_was_found_even_after_a_failure(result, tmp_path, monkeypatch):
    from xlsxwriter import workbook as xw_workbook

    stock = xw_workbook.ZipFile
    with report_deflate() as active:
        assert active
        assert xw_workbook.ZipFile is not stock and issubclass(xw_workbook.ZipFile, stock)
    assert xw_workbook.ZipFile is stock

    from kpi_cli.reports import excel

    def broken(report):
        raise RuntimeError("a sheet failed")

    monkeypatch.setattr(excel, "SHEETS", [broken])
    with pytest.raises(RuntimeError):
        excel.write_excel_report(result, tmp_path / "broken.xlsx", generated_at=STAMP)
    assert xw_workbook.ZipFile is stock
    assert not (tmp_path / "broken.xlsx").exists()


def test_an_xlsxwriter_without_the_name_is_left_alone(monkeypatch):
    from xlsxwriter import workbook as xw_workbook

    monkeypatch.delattr(xw_workbook, "ZipFile")
    with report_deflate() as active:
        assert active is False
        assert not hasattr(xw_workbook, "ZipFile")
