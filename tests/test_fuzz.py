"""Property tests over random workbooks and CSV files: nothing escapes, nobody is lost, every problem is located.

Hypothesis builds sheets with random headers (identity columns, measure names in Chinese, English
or as codes, junk, duplicates, blanks) and random cells (numbers, text, unicode, dates, booleans,
formulas, Excel errors, percents, blanks, whitespace). For each: read_inputs, validate_files and
score_dataset must not raise; every row below a recognised header that holds anything is a
record with a status; every problem names its file, and a problem about a cell names its sheet
(for a workbook) and cell. Bounded (50–100 examples a property, no deadline) to keep the suite fast; KPI_FUZZ_EXAMPLES raises it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, example, given, settings
from hypothesis import strategies as st

from kpi_cli.catalogue import load_catalogue
from kpi_cli.scoring.pipeline import score_dataset
from kpi_cli.readers import read_inputs
from kpi_cli.readers.headers import HeaderIndex
from kpi_cli.scoring.engine import STATUSES
from kpi_cli.validation.validate import validate_files
from kpi_cli.readers.values import EXCEL_ERROR, NOT_A_NUMBER, OUT_OF_RANGE, parse_cells, parse_scalar

CATALOGUE = load_catalogue()
INDEX = HeaderIndex.build(CATALOGUE)
# KPI_FUZZ_EXAMPLES=2000 python -m pytest tests/test_fuzz.py  digs deeper than the default run.
EXAMPLES = int(os.environ.get("KPI_FUZZ_EXAMPLES", "50"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                          HealthCheck.too_slow])

_ROLES = [CATALOGUE.get(c) for c in ("cs_inquiry", "claims_processor", "field_service_specialist")]
_MEASURE_HEADERS = sorted({label for r in _ROLES for m in r.all_measures[:5] for label in (m.name_zh, m.name_en, m.code)})
IDENTITY_HEADERS = ["工号", "姓名", "部门", "岗位", "Employee ID", "Role", "role", "员工编号", "期间", "指标", "数值"]
JUNK_HEADERS = ["备注", "Notes", "", None, "Unnamed: 3", "合计", "=SUM(A1)", "#REF!", "数量（%）"]
headers = st.lists(
    st.one_of(st.sampled_from(IDENTITY_HEADERS), st.sampled_from(_MEASURE_HEADERS), st.sampled_from(JUNK_HEADERS),
              st.text(max_size=6)),
    min_size=1, max_size=8,
)


def _not_a_header(value: object) -> bool:
    """Data cells must not look like a header, or the reader could rightly take that row for the header."""
    if value is None or isinstance(value, (bool, dt.date, dt.datetime)):
        return True
    text = str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    return INDEX.match(text) is None


_TEXT_CELLS = st.sampled_from([
    "客户咨询", "cs_inquiry", "Customer Inquiry", "索赔处理员", "claims_processor", "现场服务专家", "客服专员",
    "是", "否", "N", "√", "95%", "0.95", "1,234", "９５", "－３", "N/A", "-", "无", "#DIV/0!", "#N/A",
    "=1/0", "=A1+B1", "+cmd", "@x", "E1", "E1", "E2", "<b>x</b>", "2026-Q3", "2026-07", "合计", " ", "  3 ",
])
cells = st.one_of(
    st.none(),
    st.just(""),
    _TEXT_CELLS,
    st.text(max_size=10),
    st.integers(-1000, 10**6),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1)),
).filter(_not_a_header)


@st.composite
def sheets(draw, max_rows: int = 8) -> tuple[list, list[list]]:
    head = draw(headers)
    width = len(head)
    rows = draw(st.lists(st.lists(cells, min_size=0, max_size=width + 1), max_size=max_rows))
    return head, rows


@st.composite
def long_sheets(draw, max_rows: int = 10) -> tuple[list, list[list]]:
    """One figure a row: employee, role, measure, value (and sometimes a period or junk)."""
    head = ["工号", "岗位", "指标", "数值"] + draw(st.lists(st.sampled_from(["期间", "姓名", "备注", ""]), max_size=2))
    measure_names = st.sampled_from(_MEASURE_HEADERS + ["bogus", "", None])
    row = st.tuples(st.sampled_from(["E1", "E2", "E3", "", None]), st.sampled_from(["客户咨询", "cs_inquiry", "索赔处理员", "x", None]),
                    measure_names, cells, st.lists(cells, max_size=2)).map(lambda t: [*t[:4], *t[4]])
    return head, draw(st.lists(row, max_size=max_rows))


# --- checking a read -------------------------------------------------------------------------------
def _has_content(value: object, workbook: bool) -> bool:
    """Whether a cell holds anything: a cell of spaces is blank (in a workbook as in a CSV file)."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    return True


def _check(paths: list[Path], expected: dict[tuple[str, str | None], list[int]], workbook: bool) -> None:
    """Read, validate and score ``paths``; ``expected`` maps (file, sheet) to the rows that hold something."""
    ds = read_inputs(paths, CATALOGUE)
    for p in ds.problems:
        assert p.file and p.type and p.message_zh and p.message_en, p
        in_workbook = Path(p.file).suffix.lower() in (".xlsx", ".xlsm")
        if p.column is not None:  # about a cell
            assert p.cell == f"{p.column}{p.row}", p
        if p.row is not None and in_workbook:  # about a row or a cell of a sheet
            assert p.sheet is not None, p
    recognised_nothing = {
        (p.file, p.sheet) for p in ds.problems if p.type in ("unrecognised-sheet", "unrecognised-header")
    }
    long_format = {f.name for f in ds.files if f.format in ("long", "mixed")}
    for (file, sheet), rows in expected.items():
        same_sheet = ds.records["sheet"].isna() if sheet is None else ds.records["sheet"] == sheet
        got = ds.records[(ds.records["file"] == file) & same_sheet]
        if (file, sheet) in recognised_nothing:
            _event("no header recognised")
            assert got.empty
            continue
        # every row holding something is an employee record, or a line that is not one (合计, 备注,
        # a cell in an unknown column alone) left out with its own warning
        skipped = [p.row for p in ds.problems if p.type in SKIPPED_ROWS and p.file == file and p.sheet == sheet]
        if file in long_format:  # one record per employee and period: never more records than rows
            # (a workbook with a long sheet may hold wide ones too: their skipped lines count)
            _event("long format")
            assert len(got) <= len(rows) and (len(got) > 0 or bool(skipped)) == (len(rows) > 0)
            continue
        _event("every row checked" if rows else "no data rows")
        assert sorted(got["row"].tolist() + skipped) == rows, (file, sheet)
    report = validate_files(paths, CATALOGUE)
    assert len(report.records) == len(ds.records)
    assert set(report.records["status"]) <= set(STATUSES)
    result = score_dataset(ds, CATALOGUE, "2026-Q3")
    assert set(result.employees["status"]) <= set(STATUSES)
    if ds.records["period"].isna().all():
        assert len(result.employees) == len(ds.records)  # no period of their own: nobody dropped or merged


SKIPPED_ROWS = ("summary-row", "note-row", "signature-row", "blank-row", "header-row", "reference-row", "label-row")


def _event(name: str) -> None:
    """What the example exercised (pytest --hypothesis-show-statistics lists the shares)."""
    if currently_in_test_context():
        event(name)


def _content_rows(rows: list[list], workbook: bool, first: int = 2) -> list[int]:
    return [first + i for i, r in enumerate(rows) if any(_has_content(v, workbook) for v in r)]


# --- workbooks ------------------------------------------------------------------------------------------
def _write_cell(ws, row: int, col: int, value: object) -> object:
    """Write a cell with openpyxl; what it refuses (control characters) stays blank. Returns what is in the cell."""
    if value is None or value == "":
        return None
    try:
        ws.cell(row=row, column=col, value=value)
    except Exception:  # noqa: BLE001 — openpyxl refuses some characters
        return None
    return value


@SETTINGS
@given(st.lists(sheets(), min_size=1, max_size=3), st.lists(st.sampled_from(["Sheet", "客户咨询", "Data", "索赔处理员"]),
                                                            min_size=3, max_size=3, unique=True))
def test_random_workbooks(tmp_path, books, names):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    path = tmp_path / "fuzz.xlsx"
    expected = {}
    for (head, rows), name in zip(books, names):
        ws = wb.create_sheet(name)
        written = [[_write_cell(ws, 1, c + 1, v) for c, v in enumerate(head)]]
        for i, r in enumerate(rows, start=2):
            written.append([_write_cell(ws, i, c + 1, v) for c, v in enumerate(r)])
        expected[(str(path), name)] = _content_rows(written[1:], workbook=True)
    wb.save(path)
    _check([path], expected, workbook=True)


# --- CSV files -------------------------------------------------------------------------------------------
def _csv_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return str(value)


@SETTINGS
@given(st.one_of(sheets(max_rows=10), long_sheets()), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]),
       st.sampled_from([",", ";", "\t"]))
def test_random_csv_files(tmp_path, sheet, encoding, delimiter):
    head, rows = sheet
    table = [[_csv_text(v) for v in head]] + [[_csv_text(v) for v in r] for r in rows]
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator="\r\n").writerows(table)
    text = buf.getvalue().replace("\x00", "")
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    ds = read_inputs([path], CATALOGUE)
    # The separator is detected from the first lines; when junk makes another one fit better, the
    # header is not recognised and the file says so: the rows are not checked then.
    if ds.files and ds.files[0].delimiter != delimiter or any(p.type == "bad-encoding" for p in ds.problems):
        _check([path], {}, workbook=False)
        return
    content = [i + 2 for i, r in enumerate(table[1:]) if any(c.replace("\x00", "").strip() for c in r)]
    _check([path], {(str(path), None): content}, workbook=False)


@SETTINGS
@given(sheets(max_rows=5), sheets(max_rows=5))
def test_several_files_in_one_call(tmp_path, first, second):
    """A good file, a random CSV and a random workbook, plus a file that cannot be read, in one call."""
    a = tmp_path / "a.csv"
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([[_csv_text(v) for v in first[0]]] +
                                                     [[_csv_text(v) for v in r] for r in first[1]])
    a.write_text(buf.getvalue().replace("\x00", ""), encoding="utf-8")
    b = tmp_path / "b.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    written = [[_write_cell(ws, 1, c + 1, v) for c, v in enumerate(second[0])]]
    for i, r in enumerate(second[1], start=2):
        written.append([_write_cell(ws, i, c + 1, v) for c, v in enumerate(r)])
    wb.save(b)
    good = Path(__file__).parent / "data" / "bad" / "good.csv"
    paths = [good, a, tmp_path / "missing.xlsx", b]
    ds = read_inputs(paths, CATALOGUE)
    assert ds.records[ds.records["file"] == str(good)]["employee_id"].tolist() == ["G1", "G2"]
    assert [p.type for p in ds.problems if p.file == str(tmp_path / "missing.xlsx")] == ["file-not-found"]
    _check(paths, {(str(b), "S"): _content_rows(written[1:], workbook=True)}, workbook=True)


# --- cell values: the column parser agrees with the one-cell parser ------------------------------------------
COUNT = CATALOGUE.get("cs_inquiry").measure("absences_per_year")  # a count: ≥ 0, no percent reading
RATING = CATALOGUE.get("claims_processor").measure("file_access_rating")  # 1–5
value_cells = st.one_of(
    st.none(), st.text(max_size=8), _TEXT_CELLS, st.integers(-10, 10**6), st.floats(), st.booleans(),
    st.sampled_from(["1e3", " 12 ", "+4", ".5", "5.", "1_000", "0x10", "inf", "-inf", "nan", "NaN", "1e400",
                     "１２", "1，234", "95,5", "3%", "  ", "\t7\n"]),
    st.dates(),
)


def _one_cell(value: object, measure) -> tuple[float, str | None]:
    """What parse_scalar says of one cell, with the measure's range applied: the reference. A number
    followed by a unit ("8分钟", "0D" = 0 days) is read when the unit is the measure's, else wrong-unit."""
    from kpi_cli.units import accepts, split_number_unit

    with_unit = split_number_unit(value) if isinstance(value, str) else None
    if with_unit is not None and math.isnan(parse_scalar(value, "number")[0]):
        if not accepts(measure.unit, with_unit[1]):
            return math.nan, "wrong-unit"
        value = with_unit[0]
    x, problem, percent = parse_scalar(value, "number")
    if problem is not None:
        return math.nan, problem
    if percent:  # "3%" in a count or rating column is not a figure of it
        return math.nan, NOT_A_NUMBER
    if math.isnan(x):
        return math.nan, None
    lo, hi = measure.domain
    if (lo is not None and x < lo) or (hi is not None and x > hi):
        return math.nan, OUT_OF_RANGE
    return x, None


@settings(max_examples=2 * EXAMPLES, deadline=None)
@given(st.lists(value_cells, max_size=25))
@example(["0D", "1"])  # a number and a unit (days) that is not the measure's: wrong-unit in both
@example(["8次", "8分钟", "4分"])
@example([1.0, True])  # True after a 1.0: pd.factorize keeps the 1.0, and True is not a count
@example([0, False, "#N/A"])
def test_column_parser_agrees_with_the_cell_parser(column):
    for measure in (COUNT, RATING):
        parsed = parse_cells(np.array(column, dtype=object), measure)
        for k, value in enumerate(column):
            x, problem = _one_cell(value, measure)
            got = parsed.values[k]
            assert (math.isnan(got) and math.isnan(x)) or got == x, (value, got, x)
            assert parsed.problems[k] == problem, (value, parsed.problems[k], problem)


@settings(max_examples=2 * EXAMPLES, deadline=None)
@given(st.lists(st.sampled_from(["#DIV/0!", "#REF!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]), min_size=1))
def test_excel_error_text_is_an_excel_error_never_a_blank(column):
    parsed = parse_cells(np.array(column, dtype=object), COUNT)
    assert list(parsed.problems) == [EXCEL_ERROR] * len(column)
    assert np.isnan(parsed.values).all()


@pytest.mark.parametrize("n", [0, 1])
def test_check_helper_sees_a_lost_row(tmp_path, n):
    """The property's own check fails when a row is missing (so that it can fail at all)."""
    path = tmp_path / "one.csv"
    path.write_text("工号,岗位\r\nE1,客户咨询\r\nE2,客户咨询\r\n", encoding="utf-8")
    rows = [2, 3] if n == 0 else [2, 3, 4]
    if n == 0:
        _check([path], {(str(path), None): rows}, workbook=False)
    else:
        with pytest.raises(AssertionError):
            _check([path], {(str(path), None): rows}, workbook=False)
