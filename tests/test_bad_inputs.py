"""The broken and hostile input corpus (tests/data/bad/): one test per file, with the exact problems.

Each test reads its file with the library (``read_inputs``) and asserts the problems as
(type, severity, sheet, cell — or the row when no column applies) and the employees that were
read; then runs ``kpi score good.csv FILE --period 2026-Q3 --format json`` and asserts the exit
code (1 when the file has an error, 0 otherwise), one line on stderr per problem with the whole
file or sheet, no traceback, and that everyone who could be read is listed.
"""

from __future__ import annotations

import collections
import importlib.util
import io
import json
import os
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

from kpi_cli.readers import read_inputs
from kpi_cli.readers.files import MAX_UNCOMPRESSED, OLE_MAGIC
from kpi_cli.readers.xlsx import MAX_GRID_CELLS

BAD = Path(__file__).parent / "data" / "bad"
GOOD = BAD / "good.csv"  # two employees, G1 and G2, and no problem: the company every bad file keeps
NOT_CORPUS = {"generate.py", "__pycache__", "catalogues"}
TESTED: set[str] = set()
CATALOGUES = BAD / "catalogues"  # hostile catalogues and kpi.toml files (a catalogue is a file HR receives by e-mail)
TESTED_CATALOGUES: set[str] = set()


def corpus(name: str):
    """Mark a test as the one for corpus file ``name`` (see test_every_corpus_file_has_its_test)."""
    TESTED.add(name)
    return lambda fn: fn


def catalogue_corpus(name: str):
    TESTED_CATALOGUES.add(name)
    return lambda fn: fn


def where(p) -> tuple:
    return (p.type, p.severity, p.sheet, p.cell or p.row)


def read(catalogue, name: str):
    """(problems as tuples, employee ids in reading order, the dataset) of one corpus file."""
    ds = read_inputs([BAD / name], catalogue)
    return [where(p) for p in ds.problems], list(ds.records["employee_id"]), ds


def figures(ds, role: str, measure: str) -> list:
    return [None if np.isnan(v) else float(v) for v in ds.values[role][measure]]


def check_cli(runner, app, name: str | Path, ids: list, failed: bool) -> dict:
    """`kpi score good.csv FILE`: exit code, one stderr line per file-level problem, nobody lost."""
    path = name if isinstance(name, Path) else BAD / name
    result = runner.invoke(app, ["score", str(GOOD), str(path), "--period", "2026-Q3", "--format", "json",
                                 "--lang", "en"])
    assert result.exit_code == (1 if failed else 0), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    data = json.loads(result.stdout)
    listed = [e["employee_id"] for e in data["employees"]]
    assert collections.Counter(listed) == collections.Counter(["G1", "G2", *ids])
    file_level = [p for p in data["problems"] if p["row"] is None]
    lines = result.stderr.splitlines()
    assert len(lines) == len(file_level)
    for line, p in zip(lines, file_level):
        assert line.startswith("error " if p["severity"] == "error" else "warning ")
        assert str(path) in line and p["message_en"] in line
    return data


# --- files that hold nothing -----------------------------------------------------------------------
@corpus("empty.csv")
def test_empty_csv(catalogue, runner, app):
    assert read(catalogue, "empty.csv")[:2] == ([("empty-file", "error", None, None)], [])
    check_cli(runner, app, "empty.csv", [], failed=True)


@corpus("empty.xlsx")
def test_empty_xlsx(catalogue, runner, app):
    # A zero-byte file named .xlsx: what a failed download or a full disk leaves.
    assert read(catalogue, "empty.xlsx")[:2] == ([("empty-file", "error", None, None)], [])
    check_cli(runner, app, "empty.xlsx", [], failed=True)


@corpus("header_only.csv")
def test_header_only_csv(catalogue, runner, app):
    problems, ids, _ = read(catalogue, "header_only.csv")
    assert (problems, ids) == ([("no-data", "error", None, None), ("header-only", "warning", None, 1)], [])
    check_cli(runner, app, "header_only.csv", [], failed=True)


@corpus("header_only.xlsx")
def test_header_only_sheet(catalogue, runner, app):
    problems, ids, _ = read(catalogue, "header_only.xlsx")
    assert (problems, ids) == ([("no-data", "error", None, None), ("header-only", "warning", "客户咨询", 1)], [])
    check_cli(runner, app, "header_only.xlsx", [], failed=True)


@corpus("no_matching_sheet.xlsx")
def test_workbook_without_a_matching_sheet(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "no_matching_sheet.xlsx")
    assert (problems, ids) == ([
        ("no-matching-sheet", "error", None, None),
        ("unrecognised-sheet", "warning", "Sheet1", 1),
        ("unrecognised-sheet", "warning", "Notes", 1),
    ], [])
    assert "名称, 数量, 单价" in ds.problems[1].message_en  # says what it found
    check_cli(runner, app, "no_matching_sheet.xlsx", [], failed=True)


# --- layout: merged, hidden ---------------------------------------------------------------------------
@corpus("merged_header.xlsx")
def test_merged_header_cells(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "merged_header.xlsx")
    assert problems == [
        ("merged-header", "warning", "客户咨询", "C1"),
        ("unknown-column", "warning", "客户咨询", "D1"),  # the column under the merge has no header of its own
    ]  # 部门 merged down E2:E3 is how such tables are drawn: read, no warning
    assert ids == ["E1", "E2"]
    assert list(ds.records["department"]) == ["客服部", "客服部"]  # E2:E3 merged: the value covers both rows
    assert figures(ds, "cs_inquiry", "absences_per_year") == [1.0, 2.0]
    check_cli(runner, app, "merged_header.xlsx", ["E1", "E2"], failed=False)


@corpus("hidden_rows_columns.xlsx")
def test_hidden_rows_columns_and_sheet_are_read_and_flagged(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "hidden_rows_columns.xlsx")
    assert problems == [
        ("hidden-columns", "warning", "客户咨询", "E1"),
        ("hidden-rows", "warning", "客户咨询", 3),
        ("hidden-sheet", "warning", "旧数据", None),
    ]
    assert ids == ["E1", "E2", "E3", "E9"]  # hidden row 3 and the hidden sheet's row are read
    assert figures(ds, "cs_inquiry", "absences_per_year") == [1.0, 2.0, 3.0, 4.0]  # the hidden column too
    check_cli(runner, app, "hidden_rows_columns.xlsx", ["E1", "E2", "E3", "E9"], failed=False)


# --- cells that are not figures -------------------------------------------------------------------------
@corpus("bad_values.xlsx")
def test_text_dates_negative_counts_percents_over_100_and_ratings_0_or_6(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "bad_values.xlsx")
    assert problems == [
        ("not-a-number", "error", "客户咨询", "F2"),  # 九十
        ("not-a-number", "error", "客户咨询", "E3"),  # a date in a count column
        ("out-of-range", "error", "客户咨询", "E4"),  # -2 absences
        ("out-of-range", "error", "客户咨询", "F4"),  # 120 %
        ("not-yes-no", "error", "客户咨询", "G4"),  # 也许
        ("not-a-number", "error", "客户咨询", "F5"),  # N/A is not a blank
        ("out-of-range", "error", "索赔处理员", "D2"),  # a rating of 0
        ("out-of-range", "error", "索赔处理员", "D3"),  # a rating of 6
    ]
    assert [p.value for p in ds.problems] == ["九十", "2026-07-01", -2, 120, "也许", "N/A", 0, 6]
    assert "(1–5)" in ds.problems[-1].message_en and "(≥ 0)" in ds.problems[2].message_en
    assert ids == ["E1", "E2", "E3", "E4", "C1", "C2"]
    # A bad cell is never a zero: NaN, the measure unusable; the other cells of the row still count.
    assert figures(ds, "cs_inquiry", "absences_per_year") == [2.0, None, None, 3.0]
    assert ds.invalid["cs_inquiry"]["absences_per_year"].tolist() == [False, True, True, False]
    assert figures(ds, "claims_processor", "file_access_rating") == [3.5, 4.0]
    data = check_cli(runner, app, "bad_values.xlsx", ids, failed=True)
    status = {e["employee_id"]: e["status"] for e in data["employees"]}
    assert {status[i] for i in ids} == {"invalid"}


@corpus("formulas_and_errors.xlsx")
def test_formulas_without_values_and_excel_errors(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "formulas_and_errors.xlsx")
    assert problems == [
        ("excel-error", "error", "客户咨询", "D2"),  # =1/0 saved as #DIV/0!
        ("formula-without-value", "error", "客户咨询", "E2"),  # =D2*2 saved without a result
        ("excel-error", "error", "客户咨询", "D3"),  # #REF!
        ("excel-error", "error", "客户咨询", "G3"),  # #N/A from a VLOOKUP
        ("excel-error", "error", "客户咨询", "A4"),  # an employee id that is #N/A
    ]
    assert [p.value for p in ds.problems] == ["#DIV/0!", None, "#REF!", "#N/A", "#N/A"]
    assert ids == ["E1", "E2", None]  # the row whose id is an error is still there
    assert figures(ds, "cs_inquiry", "days_to_resolve_disagreement") == [3.0, 20.0, 3.0]  # =1+2 with its result
    check_cli(runner, app, "formulas_and_errors.xlsx", ids, failed=True)


@corpus("long_text.csv")
def test_very_long_cell_text(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "long_text.csv")
    assert problems == [
        ("long-text", "warning", None, "B2"),  # a 5,000-character name
        ("not-a-number", "error", None, "E3"),  # 300 characters of text
        ("not-a-number", "error", None, "E4"),  # a 2,000-digit number: infinite, not a figure
    ]
    assert [len(str(p.value)) for p in ds.problems] == [80, 80, 80]  # messages quote the start only
    assert ids == ["E1", "E2", "E3"] and len(ds.records["name"][0]) == 5000  # the name itself is kept
    check_cli(runner, app, "long_text.csv", ids, failed=True)


# --- columns, employees, roles ------------------------------------------------------------------------
@corpus("duplicate_columns.xlsx")
def test_duplicate_columns(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "duplicate_columns.xlsx")
    assert problems == [("duplicate-column", "error", "Sheet1", "D1"), ("duplicate-column", "error", "Sheet1", "E1")]
    assert [p.params["first"] for p in ds.problems] == ["A", "C"]  # 工号 twice; 每年缺席次数 by its English name
    assert ids == ["E1", "E2"]
    assert figures(ds, "cs_inquiry", "absences_per_year") == [1.0, 2.0]  # the first column is used
    check_cli(runner, app, "duplicate_columns.xlsx", ids, failed=True)


@corpus("duplicate_employees.csv")
def test_duplicate_employees(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "duplicate_employees.csv")
    assert problems == [("duplicate-employee", "error", None, "A2"), ("duplicate-employee", "error", None, "A4")]
    assert ids == ["E1", "E2", "E1"]  # both copies kept, both flagged
    assert ds.records["has_error"].tolist() == [True, False, True]
    check_cli(runner, app, "duplicate_employees.csv", ids, failed=True)


@corpus("unknown_role.csv")
def test_unknown_roles(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "unknown_role.csv")
    assert problems == [
        ("unknown-role", "error", None, "C2"),  # 客服主管: not a role of the catalogue
        ("unknown-role", "error", None, "C3"),  # cs_inqiury: a typo
        ("missing-role", "error", None, "C4"),
    ]
    assert "cs_inquiry" in ds.problems[1].message_en  # the close match is named
    assert ids == ["E1", "E2", "E3", "E4"]
    check_cli(runner, app, "unknown_role.csv", ids, failed=True)


# --- CSV encodings and shapes ---------------------------------------------------------------------------
@corpus("utf16.csv")
def test_csv_in_utf16(catalogue, runner, app):
    _check_encoded(catalogue, runner, app, "utf16.csv", "utf-16")


@corpus("gbk.csv")
def test_csv_in_gbk(catalogue, runner, app):
    _check_encoded(catalogue, runner, app, "gbk.csv", "gb18030")


@corpus("utf8_bom.csv")
def test_csv_with_a_byte_order_mark(catalogue, runner, app):
    _check_encoded(catalogue, runner, app, "utf8_bom.csv", "utf-8-sig")


def _check_encoded(catalogue, runner, app, name: str, encoding: str) -> None:
    problems, ids, ds = read(catalogue, name)
    assert (problems, ids, ds.files[0].encoding) == ([], ["E1", "E2"], encoding)
    assert list(ds.records["name"]) == ["张三", "李四"]
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [96.0, 92.5]
    check_cli(runner, app, name, ids, failed=False)


@corpus("semicolon.csv")
def test_semicolon_separated_csv(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "semicolon.csv")
    assert (problems, ids, ds.files[0].delimiter) == ([], ["E1", "E2"], ";")
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [95.5, 88.0]  # 95,5: a decimal comma
    check_cli(runner, app, "semicolon.csv", ids, failed=False)


@corpus("ragged.csv")
def test_ragged_rows(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "ragged.csv")
    assert problems == [
        ("unknown-column", "warning", None, "F1"),  # the extra value has no header
        ("ragged-row", "warning", None, 3),  # 3 fields for 5
        ("extra-fields", "error", None, 4),  # 6 fields for 5, the 6th not empty: the figures may have shifted
    ]
    assert ids == ["E1", "E2", "E3", "E4"]  # E4's empty extra fields are no problem
    assert figures(ds, "cs_inquiry", "absences_per_year") == [2.0, None, 3.0, 1.0]  # short row: blank
    check_cli(runner, app, "ragged.csv", ids, failed=True)


@corpus("unclosed_quote.csv")
def test_unclosed_quote_loses_no_row(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "unclosed_quote.csv")
    assert problems == [("unclosed-quote", "warning", None, "B3")]
    assert ids == ["E1", "E2", "E3"]  # E3 is not swallowed into E2's name
    assert list(ds.records["name"]) == ["张三", '"李四', "王五"]
    assert figures(ds, "cs_inquiry", "absences_per_year") == [2.0, 3.0, 4.0]
    check_cli(runner, app, "unclosed_quote.csv", ids, failed=False)


@corpus("random_bytes.csv")
def test_bytes_that_are_no_text(catalogue, runner, app):
    problems, ids, _ = read(catalogue, "random_bytes.csv")
    assert (problems, ids) == ([
        ("bad-encoding", "warning", None, None),
        ("no-matching-sheet", "error", None, None),
        ("unrecognised-header", "warning", None, 1),
    ], [])
    check_cli(runner, app, "random_bytes.csv", [], failed=True)


# --- files that are not what their name says --------------------------------------------------------------
@corpus("truncated.xlsx")
def test_truncated_workbook(catalogue, runner, app):
    assert read(catalogue, "truncated.xlsx")[:2] == ([("corrupt-workbook", "error", None, None)], [])
    check_cli(runner, app, "truncated.xlsx", [], failed=True)


@corpus("text_renamed.xlsx")
def test_text_file_renamed_xlsx(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "text_renamed.xlsx")
    assert (problems, ids) == ([("not-an-xlsx", "error", None, None)], [])
    assert "it looks like text" in ds.problems[0].message_en
    check_cli(runner, app, "text_renamed.xlsx", [], failed=True)


@corpus("word_document.xlsx")
def test_word_document_named_xlsx(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "word_document.xlsx")
    assert (problems, ids) == ([("not-an-xlsx", "error", None, None)], [])
    assert "it looks like word" in ds.problems[0].message_en
    check_cli(runner, app, "word_document.xlsx", [], failed=True)


@corpus("not_a_csv.csv")
def test_workbook_named_csv(catalogue, runner, app):
    assert read(catalogue, "not_a_csv.csv")[:2] == ([("not-a-csv", "error", None, None)], [])
    check_cli(runner, app, "not_a_csv.csv", [], failed=True)


@corpus("old.xls")
def test_old_binary_xls(catalogue, runner, app):
    assert (BAD / "old.xls").read_bytes()[:8] == OLE_MAGIC  # a real compound file with a Workbook stream
    assert "Workbook".encode("utf-16-le") in (BAD / "old.xls").read_bytes()
    assert read(catalogue, "old.xls")[:2] == ([("xls-not-supported", "error", None, None)], [])
    check_cli(runner, app, "old.xls", [], failed=True)


@corpus("encrypted.xlsx")
def test_encrypted_workbook(catalogue, runner, app):
    data = (BAD / "encrypted.xlsx").read_bytes()
    assert data[:8] == OLE_MAGIC and "EncryptedPackage".encode("utf-16-le") in data
    try:  # msoffcrypto-tool (not a kpi dependency) proves it is a real workbook behind the password
        import msoffcrypto
    except ImportError:
        pass
    else:
        office = msoffcrypto.OfficeFile(io.BytesIO(data))
        office.load_key(password="kpi")
        plain = io.BytesIO()
        office.decrypt(plain)
        assert "xl/workbook.xml" in zipfile.ZipFile(plain).namelist()
    assert read(catalogue, "encrypted.xlsx")[:2] == ([("encrypted-workbook", "error", None, None)], [])
    check_cli(runner, app, "encrypted.xlsx", [], failed=True)


@corpus("report.pdf")
def test_unsupported_file_type(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "report.pdf")
    assert (problems, ids) == ([("unsupported-file-type", "error", None, None)], [])
    assert ".xlsx, .xlsm, .csv" in ds.problems[0].message_en
    check_cli(runner, app, "report.pdf", [], failed=True)


# --- sheets that claim to be huge ---------------------------------------------------------------------
@corpus("million_rows.xlsx")
def test_sheet_claiming_1048576_rows(catalogue, runner, app):
    # <dimension ref="A1:XFD1048576"/> and a real employee in row 1,048,576: read sparsely, nobody lost.
    problems, ids, ds = read(catalogue, "million_rows.xlsx")
    assert (problems, ids) == ([], ["E1", "E2", "E3"])
    assert list(ds.records["row"]) == [2, 3, 1048576]
    assert figures(ds, "cs_inquiry", "absences_per_year") == [2.0, 5.0, 4.0]
    check_cli(runner, app, "million_rows.xlsx", ids, failed=False)


@corpus("scattered_cells.xlsx")
def test_cells_scattered_over_a_huge_area_are_refused(catalogue, runner, app):
    # 4,500 values on a diagonal: a 4,503 × 4,500 grid, more than MAX_GRID_CELLS; refused, not allocated.
    problems, ids, ds = read(catalogue, "scattered_cells.xlsx")
    assert (problems, ids) == ([("sheet-too-large", "error", "客户咨询", None)], [])
    assert ds.problems[0].params["rows"] * ds.problems[0].params["columns"] > MAX_GRID_CELLS
    check_cli(runner, app, "scattered_cells.xlsx", [], failed=True)


@corpus("cells_without_reference.xlsx")
def test_cells_without_references(catalogue, runner, app):
    # A row of 16,384 cells without r="…" and one in row 40,000: calamine would lay out 40,000 × 16,384
    # cells (and abort the process when that fails); the sheet is read sparsely instead.
    problems, ids, ds = read(catalogue, "cells_without_reference.xlsx")
    from kpi_cli.cells import column_letter

    unknown = [("unknown-column", "warning", "客户咨询", f"{column_letter(c)}1") for c in range(7, 16384)]
    assert problems == unknown + [("unknown-role", "error", "客户咨询", "D4")]
    assert ids == ["E1", "E2", "1", "2"] and list(ds.records["row"]) == [2, 3, 4, 40000]
    check_cli(runner, app, "cells_without_reference.xlsx", ids, failed=True)


# --- attacks: zip bombs and XML entities ------------------------------------------------------------------
@corpus("zip_bomb.xlsx")
def test_zip_bomb_is_refused_before_inflating(catalogue, runner, app):
    info = zipfile.ZipFile(BAD / "zip_bomb.xlsx").getinfo("xl/worksheets/sheet1.xml")
    assert info.file_size > 12 * 1024 * 1024 and info.compress_size < 20_000  # ~1000:1
    problems, ids, ds = read(catalogue, "zip_bomb.xlsx")
    assert (problems, ids) == ([("zip-bomb", "error", None, None)], [])
    assert "xl/worksheets/sheet1.xml" in ds.problems[0].message_en
    check_cli(runner, app, "zip_bomb.xlsx", [], failed=True)


@corpus("zip_bomb_declared.xlsx")
def test_zip_declaring_4_gb_is_refused_from_its_directory(catalogue, runner, app):
    assert sum(i.file_size for i in zipfile.ZipFile(BAD / "zip_bomb_declared.xlsx").infolist()) > MAX_UNCOMPRESSED
    problems, ids, ds = read(catalogue, "zip_bomb_declared.xlsx")
    assert (problems, ids) == ([("zip-bomb", "error", None, None)], [])
    assert "limit 500 MB" in ds.problems[0].message_en
    check_cli(runner, app, "zip_bomb_declared.xlsx", [], failed=True)


@corpus("zip_size_lie.xlsx")
def test_zip_part_larger_than_it_declares(catalogue, runner, app):
    # Declares 100 bytes for the sheet: readers stop there (never inflate more), and the CRC fails.
    problems, ids, ds = read(catalogue, "zip_size_lie.xlsx")
    assert (problems, ids) == ([("corrupt-workbook", "error", None, None)], [])
    assert "CRC" in ds.problems[0].message_en
    check_cli(runner, app, "zip_size_lie.xlsx", [], failed=True)


@corpus("billion_laughs.xlsx")
def test_entity_expansion_is_refused(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "billion_laughs.xlsx")
    assert (problems, ids) == ([("xml-entities", "error", None, None)], [])
    assert ds.problems[0].params["part"] == "xl/worksheets/sheet1.xml"
    check_cli(runner, app, "billion_laughs.xlsx", [], failed=True)


@corpus("external_entity.xlsx")
def test_external_entity_is_refused(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "external_entity.xlsx")
    assert (problems, ids) == ([("xml-entities", "error", None, None)], [])
    assert ds.problems[0].params["part"] == "xl/sharedStrings.xml"
    check_cli(runner, app, "external_entity.xlsx", [], failed=True)


@corpus("huge_string_count.xlsx")
def test_string_table_claiming_four_billion_strings(catalogue, runner, app):
    # calamine reserves room for uniqueCount strings up front: 4294967295 of them aborted the process.
    problems, ids, ds = read(catalogue, "huge_string_count.xlsx")
    assert (problems, ids) == ([("corrupt-workbook", "error", None, None)], [])
    assert "claims 4294967295 strings" in ds.problems[0].message_en
    check_cli(runner, app, "huge_string_count.xlsx", [], failed=True)


# --- paths that are no readable file ------------------------------------------------------------------
@corpus("a_folder.xlsx")
def test_folder(catalogue, runner, app):
    assert (BAD / "a_folder.xlsx").is_dir()
    assert read(catalogue, "a_folder.xlsx")[:2] == ([("not-a-file", "error", None, None)], [])
    check_cli(runner, app, "a_folder.xlsx", [], failed=True)


def test_path_that_does_not_exist(catalogue, runner, app):
    assert not (BAD / "does_not_exist.xlsx").exists()
    assert read(catalogue, "does_not_exist.xlsx")[:2] == ([("file-not-found", "error", None, None)], [])
    check_cli(runner, app, "does_not_exist.xlsx", [], failed=True)


def test_unreadable_or_locked_file(catalogue, runner, app, monkeypatch, tmp_path):
    # Tests run as root in CI, where chmod 000 does not stop a read: simulate the refusal.
    path = tmp_path / "locked.xlsx"
    path.write_bytes((BAD / "header_only.xlsx").read_bytes())
    real_open = Path.open

    def locked(self, *a, **kw):
        if self == path:
            raise PermissionError(13, "Permission denied")
        return real_open(self, *a, **kw)

    monkeypatch.setattr(Path, "open", locked)
    ds = read_inputs([path], catalogue)
    assert [where(p) for p in ds.problems] == [("file-unreadable", "error", None, None)]
    assert "Permission denied" in ds.problems[0].message_en
    check_cli(runner, app, path, [], failed=True)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_unreadable_file_by_permissions(catalogue, runner, app, tmp_path):
    path = tmp_path / "secret.csv"
    path.write_bytes(GOOD.read_bytes())
    path.chmod(0)
    try:
        ds = read_inputs([path], catalogue)
        assert [where(p) for p in ds.problems] == [("file-unreadable", "error", None, None)]
        check_cli(runner, app, path, [], failed=True)
    finally:
        path.chmod(0o600)


# --- the good companion, the corpus itself -----------------------------------------------------------------
@corpus("good.csv")
def test_good_file_alone(catalogue, runner, app):
    assert read(catalogue, "good.csv")[:2] == ([], ["G1", "G2"])
    result = runner.invoke(app, ["score", str(GOOD), "--period", "2026-Q3", "--format", "json"])
    assert (result.exit_code, result.stderr) == (0, "")


def test_all_bad_files_at_once_lose_nobody(catalogue, runner, app):
    """Every corpus file in one call: each problem stays with its file, everyone readable is listed."""
    names = sorted(p.name for p in BAD.iterdir() if p.name not in NOT_CORPUS)
    one_by_one = {n: read(catalogue, n) for n in names}
    ds = read_inputs([BAD / n for n in names], catalogue)
    # The same ids (E1, E2…) are in many files: across files they are duplicates, so leave those aside.
    together = [(Path(p.file).name, *where(p)) for p in ds.problems if p.type != "duplicate-employee"]
    assert together == [(n, *t) for n in names for t in one_by_one[n][0] if t[0] != "duplicate-employee"]
    assert len(ds.records) == sum(len(one_by_one[n][1]) for n in names)
    result = runner.invoke(app, ["score", *(str(BAD / n) for n in names), "--period", "2026-Q3", "--format", "json"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    combined = 6 - 2  # overflowing_months.csv: six monthly rows are two employees of the quarter
    assert len(json.loads(result.stdout)["employees"]) == len(ds.records) - combined


def test_table_output_names_each_unreadable_file_on_stderr_too(runner, app):
    files = [GOOD, BAD / "encrypted.xlsx", BAD / "does_not_exist.xlsx", BAD / "bad_values.xlsx"]
    result = runner.invoke(app, ["score", *map(str, files), "--period", "2026-Q3", "--lang", "zh"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert [line.split(" ", 1)[0] for line in lines] == ["错误", "错误"]  # bad cells are in the table, not here
    assert str(BAD / "encrypted.xlsx") in lines[0] and "密码" in lines[0]
    assert str(BAD / "does_not_exist.xlsx") in lines[1]
    assert "G1" in result.stdout and "C2" in result.stdout  # the others are scored and shown


def test_every_corpus_file_has_its_test():
    on_disk = {p.name for p in BAD.iterdir()} - NOT_CORPUS
    assert on_disk == TESTED


def test_corpus_stays_small():
    total = sum(p.stat().st_size for p in BAD.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    assert total < 1024 * 1024  # well under the 5 MB budget


def _generator():
    spec = importlib.util.spec_from_file_location("bad_corpus_generate", BAD / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _entries(data: bytes) -> list[tuple]:
    return [(i.filename, i.file_size, i.CRC) for i in zipfile.ZipFile(io.BytesIO(data)).infolist()]


def test_generate_reproduces_the_corpus(tmp_path):
    written = {p.name: p for p in _generator().write_all(tmp_path)}
    committed_text = {"empty.csv", "header_only.csv", "semicolon.csv", "ragged.csv", "duplicate_employees.csv",
                      "unknown_role.csv", "unclosed_quote.csv", "text_renamed.xlsx", "report.pdf", "good.csv",
                      "a_folder.xlsx"}
    catalogues = {p.name for p in written.values() if p.parent.name == "catalogues"}
    assert catalogues == TESTED_CATALOGUES == {p.name for p in CATALOGUES.iterdir()}
    written = {n: p for n, p in written.items() if n not in catalogues}
    assert set(written) | committed_text | {"encrypted.xlsx"} == TESTED  # encrypted.xlsx: only with msoffcrypto
    for name in catalogues:
        assert (tmp_path / "catalogues" / name).read_bytes() == (CATALOGUES / name).read_bytes(), name
    for name, new in written.items():
        old = (BAD / name).read_bytes()
        if new.read_bytes() != old:
            # Deflated parts may come out differently from another zlib: the same entries all the same.
            assert name.endswith(".xlsx") and _entries(new.read_bytes()) == _entries(old), name


# --- hostile catalogues and settings (tests/data/bad/catalogues/) -----------------------------------------
def _catalogue_problems(path) -> tuple[list, float]:
    import time

    from kpi_cli.catalogue import check_catalogue

    start = time.perf_counter()
    cat, problems = check_catalogue(path)
    return cat, [(p.type, p.severity, p.sheet, p.cell or p.line) for p in problems], time.perf_counter() - start


def _score_with(runner, app, *options: str):
    result = runner.invoke(app, ["score", str(GOOD), "--period", "2026-Q3", "--format", "json", "--lang", "en", *options])
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result


@pytest.mark.parametrize("name, expected", [
    ("python_tag.yaml", [("catalogue-yaml-tag", "error", None, 1)]),  # !!python/object/apply:os.system
    ("alias_bomb.yaml", [("catalogue-yaml-aliases", "error", None, 7)]),  # 9^9 entries from ten lines
    ("recursive_alias.yaml", [("catalogue-yaml-recursive", "error", None, 2)]),  # &roles [*roles]
])
def test_hostile_yaml_catalogue_is_refused_in_well_under_a_second(runner, app, name, expected):
    catalogue_corpus(name)
    cat, problems, seconds = _catalogue_problems(CATALOGUES / name)
    assert (cat, problems) == (None, expected) and seconds < 0.5
    result = _score_with(runner, app, "--catalogue", str(CATALOGUES / name))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and str(CATALOGUES / name) in result.stderr and "line" in result.stderr


for _name in ("python_tag.yaml", "alias_bomb.yaml", "recursive_alias.yaml"):
    catalogue_corpus(_name)


@catalogue_corpus("stray_cell_catalogue.xlsx")
def test_catalogue_workbook_with_a_stray_cell_in_xfd1048576(catalogue):
    # openpyxl filled 1,048,576 rows × 16,384 columns to reach it; the data readers keep the one cell.
    cat, problems, seconds = _catalogue_problems(CATALOGUES / "stray_cell_catalogue.xlsx")
    assert problems == [("catalogue-xlsx-stray-cell", "warning", "Measures", "XFD1048576")]
    assert [r.code for r in cat.roles] == ["agent"] and seconds < 10


def test_catalogue_workbook_that_is_a_zip_bomb_is_refused(tmp_path):
    import shutil

    path = tmp_path / "company.xlsx"
    shutil.copy(BAD / "zip_bomb.xlsx", path)
    cat, problems, _ = _catalogue_problems(path)
    assert (cat, problems) == (None, [("catalogue-xlsx-unreadable", "error", None, None)])


def _run_kpi(*args: str, timeout: float = 30):
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    return subprocess.run([sys.executable, "-m", "kpi_cli", *args], capture_output=True, text=True, env=env,
                          timeout=timeout)


@pytest.mark.parametrize("option", ["--catalogue", "--previous"])
def test_catalogue_or_previous_that_is_a_fifo_is_refused_not_waited_for(tmp_path, option):
    fifo = tmp_path / ("company.yaml" if option == "--catalogue" else "scores-2026-Q2.csv")
    os.mkfifo(fifo)
    command = (["score", str(GOOD), "--period", "2026-Q3"] if option == "--catalogue"
               else ["export", str(GOOD), "--period", "2026-Q3", "-o", str(tmp_path / "out"), "-q"])
    done = _run_kpi(*command, option, str(fifo), "--lang", "en")  # it blocked forever
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert str(fifo) in done.stderr and ("special file" in done.stderr or "not a regular file" in done.stderr)


@pytest.mark.parametrize("option", ["--catalogue", "--previous"])
def test_catalogue_or_previous_of_3_gb_is_refused_before_reading(tmp_path, option):
    huge = tmp_path / ("company.yaml" if option == "--catalogue" else "scores-2026-Q2.csv")
    with huge.open("wb") as fh:
        fh.truncate(3 * 1024**3)  # a sparse file: 3 GB to stat, nothing on the disk
    command = (["score", str(GOOD), "--period", "2026-Q3"] if option == "--catalogue"
               else ["export", str(GOOD), "--period", "2026-Q3", "-o", str(tmp_path / "out"), "-q"])
    done = _run_kpi(*command, option, str(huge), "--lang", "en")
    assert done.returncode == 1 and "Traceback" not in done.stderr and "too large" in done.stderr
    assert not (tmp_path / "out").exists()


@catalogue_corpus("not_utf8.toml")
def test_settings_file_that_is_not_utf8(runner, app):
    result = _score_with(runner, app, "--config", str(CATALOGUES / "not_utf8.toml"))
    assert result.exit_code == 1
    assert result.stderr == f"error The settings file {CATALOGUES / 'not_utf8.toml'} is not UTF-8 at line 2; save it as UTF-8.\n"


@catalogue_corpus("deep.toml")
def test_settings_file_nested_100000_deep(runner, app):
    result = _score_with(runner, app, "--config", str(CATALOGUES / "deep.toml"))
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert str(CATALOGUES / "deep.toml") in result.stderr and "line 1" in result.stderr and "nest" in result.stderr


@pytest.mark.parametrize("command", ["score", "validate", "export"])
@pytest.mark.parametrize("encoding", ["rot13", "hex", "bz2_codec", "no-such-encoding"])
def test_encoding_that_is_no_text_encoding_is_a_usage_error(runner, app, tmp_path, command, encoding):
    args = [command, str(GOOD), "--encoding", encoding, "--lang", "en"]
    if command != "validate":
        args += ["--period", "2026-Q3"]
    if command == "export":
        args += ["-o", str(tmp_path / "out")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert f"'{encoding}' is not a text encoding" in result.stderr and "utf-8" in result.stderr and "gb18030" in result.stderr


def test_every_catalogue_corpus_file_has_its_test():
    assert {p.name for p in CATALOGUES.iterdir()} == TESTED_CATALOGUES


# --- numbers that are no figures ----------------------------------------------------------------------------
@corpus("nan_inf.xlsx")
def test_nan_and_infinite_numbers_in_a_workbook(catalogue, runner, app):
    # NaN was read as a blank ("not assessed"): it is a value that is no figure, at its cell.
    problems, ids, ds = read(catalogue, "nan_inf.xlsx")
    assert problems == [
        ("not-a-number", "error", "客户咨询", "E2"),  # NaN
        ("not-a-number", "error", "客户咨询", "E3"),  # 1e400: beyond a float
        ("not-a-number", "error", "客户咨询", "F3"),  # -INF
        ("not-a-number", "error", "客户咨询", "E4"),  # inf
    ]
    assert [p.value for p in ds.problems] == ["NaN", "inf", "-inf", "inf"]
    assert ids == ["E1", "E2", "E3"] and figures(ds, "cs_inquiry", "calls_answered_in_30s") == [95.0, None, 90.0]
    data = check_cli(runner, app, "nan_inf.xlsx", ids, failed=True)
    assert {e["employee_id"]: e["status"] for e in data["employees"] if e["employee_id"] in ids} == dict.fromkeys(ids, "invalid")


@corpus("nan_inf.csv")
def test_nan_and_infinite_numbers_in_a_csv(catalogue, runner, app):
    problems, ids, ds = read(catalogue, "nan_inf.csv")
    assert problems == [("not-a-number", "error", None, c) for c in ("E2", "E3", "F3", "E4")]
    assert [p.value for p in ds.problems] == ["NaN", "1e400", "-Infinity", "inf"]
    check_cli(runner, app, "nan_inf.csv", ids, failed=True)


@corpus("overflowing_months.csv")
def test_monthly_figures_whose_sum_overflows(catalogue, runner, app):
    # Each month's 1e308 is a number; their sum is inf. It was scored and `--format json` died on it.
    problems, ids, _ = read(catalogue, "overflowing_months.csv")
    assert (problems, ids) == ([], ["E1", "E1", "E1", "E2", "E2", "E2"])
    data = check_cli(runner, app, "overflowing_months.csv", ["E1", "E2"], failed=True)
    assert [(p["type"], p["employee_id"], p["measure"], p["row"]) for p in data["problems"]] == [
        ("sum-too-large", "E1", "absences_per_year", 4)  # at E1's record (its latest month, row 4)
    ]
    e1, e2 = (next(e for e in data["employees"] if e["employee_id"] == i) for i in ("E1", "E2"))
    assert e1["status"] == "invalid" and "invalid:absences_per_year" in e1["flags"]
    assert next(m for m in e1["measures"] if m["code"] == "absences_per_year")["value"] is None
    assert next(m for m in e2["measures"] if m["code"] == "absences_per_year")["value"] == 3.0  # 1 + 1 + 1


@corpus("excel365_errors.xlsx")
def test_excel_365_error_values(catalogue, runner, app):
    # calamine refused the whole sheet at #SPILL! (corrupt-sheet, nobody read); each is an error at its cell.
    problems, ids, ds = read(catalogue, "excel365_errors.xlsx")
    errors = ["#SPILL!", "#CALC!", "#GETTING_DATA", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"]
    assert problems == [("excel-error", "error", "客户咨询", f"E{k}") for k in range(2, 10)]
    assert [p.value for p in ds.problems] == errors
    assert ids == [f"E{k}" for k in range(1, 9)]  # the rest of the sheet is read
    assert figures(ds, "cs_inquiry", "calls_answered_in_30s") == [91.0, 92.0, 93.0, 94.0, 90.0, 91.0, 92.0, 93.0]
    check_cli(runner, app, "excel365_errors.xlsx", ids, failed=True)


def test_no_python_warning_for_extreme_numbers(catalogue, tmp_path):
    """Figures at the float limit in every measure, NaN and inf, sums that overflow: scored and
    reported (terminal JSON, Excel, HTML) with warnings turned into errors — none may be raised."""
    import csv
    import warnings

    from kpi_cli.scoring.pipeline import score_files
    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.reports.flat import result_dict
    from kpi_cli.reports.html import write_html_report

    files = [BAD / "nan_inf.xlsx", BAD / "nan_inf.csv", BAD / "overflowing_months.csv"]
    for role in catalogue.roles:
        path = tmp_path / f"{role.code}.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["工号", "岗位", *(m.code for m in role.all_measures)])
            for k, v in enumerate(["1e308", "1.7976931348623157e308", "-1e308", "5e-324"]):
                w.writerow([f"{role.code}-{k}", role.code, *[v] * len(role.all_measures)])
        files.append(path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = score_files(files, catalogue, period="2026-Q3")
        json.dumps(result_dict(result, "en"), allow_nan=False)
        write_excel_report(result, tmp_path / "r.xlsx", lang="en")
        write_html_report(result, tmp_path / "r.html", lang="en")
    assert len(result.employees) == 3 + 3 + 2 + 4 * len(catalogue.roles)


@pytest.mark.parametrize("text, problem", [("", "empty-file"), ("工号,岗位,每年缺席次数\n", "no-data")])
def test_an_empty_file_named_by_its_period_says_what_is_wrong_not_no_period(runner, app, tmp_path, text, problem):
    """2026-Q3-….csv with nothing in it, or headers only: the located error on the file (exit 1);
    kpi said "No period found" (exit 2), though the name gives one."""
    path = tmp_path / "2026-Q3-客服.csv"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["score", str(path), "--format", "json", "--lang", "en"])
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert data["period"] == "2026-Q3" and data["employees"] == []
    assert [p["type"] for p in data["problems"] if p["severity"] == "error"] == [problem]
