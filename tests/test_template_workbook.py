"""The template workbook read back with openpyxl (and LibreOffice): sheets, headers, _kpi, validation."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import column_index_from_string, get_column_letter

from kpi_cli.errors import InputFileError, KpiError, UsageError
from kpi_cli.cells import display_width
from kpi_cli.periods import parse_period
from kpi_cli.readers.roster import read_roster
from kpi_cli.reports.template_workbook import (
    META_HEADER,
    make_templates,
    measure_validation,
    resolve_roles,
    write_workbook,
)
from kpi_cli.xlsx_safe import sheet_name

Q3 = parse_period("2026-Q3")
ID_ZH = ["工号", "姓名", "部门", "岗位"]
ID_EN = ["Employee ID", "Name", "Department", "Role"]


def write(tmp_path: Path, catalogue, codes, name="t.xlsx", **kw) -> Path:
    path = tmp_path / name
    write_workbook(path, catalogue, [catalogue.role(c) for c in codes], **kw)
    return path


def headers(ws) -> list:
    return [c.value for c in ws[1]]


def column_format(ws, letter: str) -> str:
    """The number format of a whole column (xlsxwriter groups equal neighbours into one <col>)."""
    idx = column_index_from_string(letter)
    for dim in ws.column_dimensions.values():
        if dim.min and dim.max and dim.min <= idx <= dim.max:
            return dim.number_format
    raise AssertionError(f"no column format for {letter}")


def validations(ws) -> dict[str, object]:
    """First column letter of each validation's range → the validation."""
    out = {}
    for dv in ws.data_validations.dataValidation:
        first = str(dv.sqref).split(":")[0]
        out["".join(ch for ch in first if ch.isalpha())] = dv
    return out


def kpi_rows(wb) -> list[tuple]:
    return [tuple("" if v is None else v for v in row) for row in wb["_kpi"].iter_rows(values_only=True)]


# --- sheets, headers, _kpi ---------------------------------------------------------------------
def test_two_roles_sheets_headers_and_hidden_metadata(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry", "cs_representative"], period=Q3)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["填写说明", "客户咨询", "客户服务代表", "_kpi"]
    assert [wb[s].sheet_state for s in wb.sheetnames] == ["visible", "visible", "visible", "hidden"]
    assert wb.active.title == "填写说明"
    role = catalogue.role("cs_inquiry")
    assert headers(wb["客户咨询"]) == ID_ZH + [m.name_zh for m in role.all_measures]
    assert wb["客户咨询"].max_row == 1  # no data rows without a roster


def test_kpi_sheet_is_exactly_the_contract(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry"], period=Q3)
    rows = kpi_rows(openpyxl.load_workbook(path))
    assert rows[0] == META_HEADER
    assert rows[1:7] == [
        ("meta", "", "", "", "generator", "kpi 0.1.0"),
        ("meta", "", "", "", "catalogue", catalogue.name_zh),
        ("meta", "", "", "", "catalogue_version", catalogue.version),
        ("meta", "", "", "", "catalogue_sha256", catalogue.sha256),
        ("meta", "", "", "", "period", "2026-Q3"),
        ("meta", "", "", "", "lang", "zh"),
    ]
    role = catalogue.role("cs_inquiry")
    expected = [
        ("column", "客户咨询", "A", "cs_inquiry", "employee_id", "工号"),
        ("column", "客户咨询", "B", "cs_inquiry", "name", "姓名"),
        ("column", "客户咨询", "C", "cs_inquiry", "department", "部门"),
        ("column", "客户咨询", "D", "cs_inquiry", "role", "岗位"),
    ] + [
        ("column", "客户咨询", get_column_letter(5 + i), "cs_inquiry", f"measure:{m.code}", m.name_zh)
        for i, m in enumerate(role.all_measures)
    ]
    assert rows[7:] == expected


def test_kpi_header_values_are_the_header_cells(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["field_service_manager", "buyer"], lang="en")
    wb = openpyxl.load_workbook(path)
    columns = [r for r in kpi_rows(wb) if r[0] == "column"]
    assert columns and all(wb[sheet][f"{col}1"].value == value for _, sheet, col, _, _, value in columns)
    assert ("meta", "", "", "", "period", "") in kpi_rows(wb)
    assert ("meta", "", "", "", "lang", "en") in kpi_rows(wb)


def test_all_roles_one_sheet_each(tmp_path, catalogue):
    path = write(tmp_path, catalogue, [r.code for r in catalogue.roles])
    wb = openpyxl.load_workbook(path)
    assert len(catalogue.roles) == 17
    assert len(wb.sheetnames) == 19
    assert wb.sheetnames[0] == "填写说明" and wb.sheetnames[-1] == "_kpi"
    assert wb.sheetnames[1:-1] == [r.name_zh for r in catalogue.roles]
    columns = [r for r in kpi_rows(wb) if r[0] == "column"]
    assert len(columns) == sum(4 + len(r.all_measures) for r in catalogue.roles)
    assert {r[3] for r in columns} == {r.code for r in catalogue.roles}


def test_english_headers_and_sheet_names(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry", "cs_representative"], lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", "Customer Inquiry", "Customer Service Representative", "_kpi"]
    role = catalogue.role("cs_inquiry")
    assert headers(wb["Customer Inquiry"]) == ID_EN + [m.name_en for m in role.all_measures]
    dv = validations(wb["Customer Inquiry"])
    assert dv["N"].formula1 == '"yes,no"'  # emergency_reporting
    assert dv["D"].formula1 == '"Customer Inquiry,客户咨询,cs_inquiry"'


# --- layout: panes, formats, widths -------------------------------------------------------------
def test_frozen_header_and_identity_columns_and_number_formats(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry", "cs_manager", "field_service_specialist"])
    wb = openpyxl.load_workbook(path)
    ws = wb["客户咨询"]
    assert ws.freeze_panes == "E2"
    # call_minutes, calls_answered_in_30s, supervisor_calls_per_month, friendliness_score, emergency_reporting
    formats = {c: column_format(ws, c) for c in "ABCDEFGIN"}
    assert formats == {
        "A": "@", "B": "@", "C": "@", "D": "@",
        "E": "0.0", "F": "0.0%", "G": "0", "I": "0.0", "N": "@",
    }
    ws = wb["客户服务管理"]
    assert column_format(ws, "E") == "0.0"  # customer_satisfaction_rating
    ws = wb["现场服务专家"]
    assert column_format(ws, "E") == "0.0%"  # sales_change (change_pct)


def test_column_widths_fit_chinese_headers(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry"])
    ws = openpyxl.load_workbook(path)["客户咨询"]
    width = {}
    for dim in ws.column_dimensions.values():
        for i in range(dim.min, dim.max + 1):
            width[get_column_letter(i)] = dim.width
    # '平均每次通话时长' is 8 CJK characters = 16 columns wide, plus padding.
    assert width["E"] >= 18
    # Long headers are capped (and wrap in a taller header row).
    assert max(width.values()) <= 41
    assert ws.row_dimensions[1].height >= 30
    assert display_width("平均每次通话时长") == 16 and display_width("ab中") == 4


def test_workbook_is_reproducible_for_a_period(tmp_path, catalogue, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = write(tmp_path, catalogue, ["cs_inquiry"], name="a.xlsx", period=Q3)
    b = write(tmp_path, catalogue, ["cs_inquiry"], name="b.xlsx", period=Q3)
    assert a.read_bytes() == b.read_bytes()
    props = openpyxl.load_workbook(a).properties
    assert props.created.isoformat().startswith("2026-07-01")
    assert props.creator == "kpi 0.1.0"


# --- data validation -----------------------------------------------------------------------------
def test_validation_per_column(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry", "cs_manager", "field_service_specialist"])
    wb = openpyxl.load_workbook(path)
    dv = validations(wb["客户咨询"])
    got = {c: (v.type, v.operator, v.formula1, v.formula2, str(v.sqref)) for c, v in dv.items()}
    assert got["A"] == ("custom", None, "COUNTIF($A$2:$A$1001,A2)<=1", None, "A2:A1001")
    assert got["D"] == ("list", None, '"客户咨询,Customer Inquiry,cs_inquiry"', None, "D2:D1001")
    assert got["E"] == ("decimal", "greaterThanOrEqual", "0", None, "E2:E1001")  # minutes
    assert got["F"] == ("decimal", None, "0", "1", "F2:F1001")  # percent: 0–100% as 0–1
    assert got["G"] == ("whole", "greaterThanOrEqual", "0", None, "G2:G1001")  # whole count
    assert got["I"] == ("decimal", None, "0", "100", "I2:I1001")  # score
    assert got["N"] == ("list", None, '"是,否"', None, "N2:N1001")  # yes/no
    assert set(dv) == set("ADEFGHIJKLMNO")  # every column but name and department
    rating = validations(wb["客户服务管理"])["E"]
    assert (rating.type, rating.formula1, rating.formula2) == ("decimal", "1", "5")
    change = validations(wb["现场服务专家"])["E"]
    assert (change.type, change.operator, change.formula1) == ("decimal", "greaterThanOrEqual", "-1")
    assert all(v.errorStyle in (None, "stop") for v in dv.values())
    assert all(v.allow_blank for v in dv.values())


def test_input_message_quotes_standard_and_source(tmp_path, catalogue):
    path = write(tmp_path, catalogue, ["cs_inquiry"], lang="en")
    dv = validations(openpyxl.load_workbook(path)["Customer Inquiry"])["F"]
    assert dv.showInputMessage and dv.showErrorMessage
    assert dv.promptTitle == "Share of calls answered within…"
    m = catalogue.role("cs_inquiry").measure("calls_answered_in_30s")
    assert dv.prompt.startswith(f"Standard: {m.standard_en}\n")
    assert "Tracked by: report" in dv.prompt
    assert "blank" in dv.prompt
    assert "95%" in dv.error


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_messages_within_excel_limits_for_every_measure(catalogue, lang):
    for role in catalogue.roles:
        for m in role.all_measures:
            opts = measure_validation(m, lang)
            assert len(opts["input_title"]) <= 32, m.code
            assert len(opts["input_message"]) <= 255, m.code
            assert len(opts["error_title"]) <= 32, m.code
            assert len(opts.get("error_message", "")) <= 255, m.code


def test_long_standard_is_truncated_not_dropped(catalogue):
    m = dataclasses.replace(
        catalogue.role("cs_inquiry").measure("call_minutes"),
        name_en="A measure name that is far longer than thirty-two characters",
        standard_en="word " * 100,
    )
    opts = measure_validation(m, "en")
    assert len(opts["input_title"]) == 32 and opts["input_title"].endswith("…")
    assert len(opts["input_message"]) <= 255
    assert opts["input_message"].startswith("Standard: word word")
    assert opts["input_message"].endswith("Unknown? Leave it blank (= not assessed), not 0.")


# --- sheet names -----------------------------------------------------------------------------
def test_sheet_name_sanitising():
    taken: set[str] = set()
    assert sheet_name("a[b]:c*?/\\d", taken) == "a_b__c____d"
    assert sheet_name("'quoted'", taken) == "quoted"
    long = "x" * 40
    assert sheet_name(long, taken) == "x" * 31
    assert sheet_name(long, taken) == "x" * 27 + " (2)"
    assert sheet_name("A_B__C____D", taken) == "A_B__C____D (2)"  # case-insensitive clash
    assert sheet_name("History", taken) == "History (2)"  # reserved by Excel
    assert sheet_name("", taken) == "Sheet"
    assert all(len(n) <= 31 for n in taken)


def _custom_catalogue(catalogue):
    a = dataclasses.replace(catalogue.role("cs_inquiry"), name_en="Sales/Service: [North] *team*")
    b = dataclasses.replace(catalogue.role("buyer"), name_en="Sales/Service: [North] *team*")
    c = dataclasses.replace(catalogue.role("cs_manager"), name_en="Instructions")
    return dataclasses.replace(catalogue, roles=(a, b, c), _by_code={}, _by_label={})


def test_sanitised_unique_sheet_names_in_the_workbook(tmp_path, catalogue):
    cat = _custom_catalogue(catalogue)
    path = tmp_path / "t.xlsx"
    write_workbook(path, cat, list(cat.roles), lang="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Instructions",
        "Sales_Service_ _North_ _team_",
        "Sales_Service_ _North_ _tea (2)",  # 31 characters at most
        "Instructions (2)",
        "_kpi",
    ]
    sheets_in_kpi = [r[1] for r in kpi_rows(wb) if r[0] == "column" and r[4] == "employee_id"]
    assert sheets_in_kpi == wb.sheetnames[1:4]


# --- roster --------------------------------------------------------------------------------------
ROSTER_CSV = (
    "工号,姓名,部门,岗位\n"
    "00123,张三,客服一组,客户咨询\n"
    "1002,李四,客服二组,cs_representative\n"
    ",王五,客服一组,客户咨询\n"
    "1004,赵六,采购部,采购助理\n"
    '1005,"=HYPERLINK(""http://x"")",客服一组,Customer Inquiry\n'
    ",,,\n"
    "1006,钱七,客服一组,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_roster_csv_encodings_and_problems(tmp_path, catalogue, encoding):
    path = tmp_path / "roster.csv"
    path.write_bytes(ROSTER_CSV.encode(encoding))
    roster = read_roster(path, catalogue)
    assert roster.employees[["employee_id", "role", "row"]].values.tolist() == [
        ["00123", "cs_inquiry", 2],
        ["1002", "cs_representative", 3],
        ["1005", "cs_inquiry", 6],
    ]
    assert [p.as_tuple() for p in roster.problems] == [
        (4, "A", "roster-missing-id"),
        (5, "D", "roster-unknown-role"),
        (8, "D", "roster-missing-role"),
    ]
    unknown = roster.problems[1]
    assert unknown.value == "采购助理" and unknown.employee_id == "1004"
    assert "buyer" in unknown.message_en and "采购" in unknown.message_zh


def test_roster_xlsx_semicolon_and_header_below_a_title(tmp_path, catalogue):
    import xlsxwriter

    path = tmp_path / "staff.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("名单")
    ws.write_string(0, 0, "2026 年三季度员工名单")
    for c, h in enumerate(["Employee ID", "Name", "Department", "Position"]):
        ws.write_string(1, c, h)
    ws.write_number(2, 0, 1001)
    ws.write_string(2, 1, "Ann")
    ws.write_string(2, 3, "buyer")
    ws.write_string(3, 0, "A-7")
    ws.write_string(3, 3, "Purchasing Manger")
    wb.close()
    roster = read_roster(path, catalogue)
    assert roster.employees[["employee_id", "name", "role", "row"]].values.tolist() == [["1001", "Ann", "buyer", 3]]
    assert [p.as_tuple() for p in roster.problems] == [(4, "D", "roster-unknown-role")]
    assert roster.problems[0].sheet == "名单"
    assert "purchasing_manager" in roster.problems[0].message_en

    csv_path = tmp_path / "staff.csv"
    csv_path.write_text("工号;岗位\n7;买手\n8;buyer\n", encoding="utf-8")
    roster = read_roster(csv_path, catalogue)
    assert roster.employees["employee_id"].tolist() == ["8"]
    assert [p.as_tuple() for p in roster.problems] == [(2, "B", "roster-unknown-role")]


def test_roster_duplicate_id_keeps_the_first_row_and_is_an_error(tmp_path, catalogue):
    path = tmp_path / "r.csv"
    path.write_text("工号,姓名,岗位\n1,Ann,buyer\n2,Bo,buyer\n1,Cy,cs_inquiry\n3,Di,buyer\n1,Ed,buyer\n", encoding="utf-8")
    roster = read_roster(path, catalogue)
    assert roster.employees[["employee_id", "name", "row"]].values.tolist() == [
        ["1", "Ann", 2], ["2", "Bo", 3], ["3", "Di", 5],
    ]
    assert [(p.as_tuple(), p.severity) for p in roster.problems] == [
        ((4, "A", "roster-duplicate-id"), "error"),
        ((6, "A", "roster-duplicate-id"), "error"),
    ]
    assert roster.problems[0].employee_id == "1"
    assert "appears at A2" in roster.problems[0].message_en and "A2" in roster.problems[0].message_zh
    # Written once: the template would otherwise fail scoring with duplicate employees.
    result = make_templates(catalogue, [catalogue.role("buyer"), catalogue.role("cs_inquiry")],
                            output=tmp_path / "t.xlsx", roster=roster)
    assert result.has_errors
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert [r[0] for r in wb["采购"].iter_rows(min_row=2, values_only=True)] == ["1", "2", "3"]
    assert list(wb["客户咨询"].iter_rows(min_row=2, values_only=True)) == []


def test_duplicate_id_on_another_sheet_names_that_sheet(tmp_path, catalogue):
    path = tmp_path / "staff.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "一组"
    wb.active.append(["工号", "岗位"])
    wb.active.append(["7", "buyer"])
    other = wb.create_sheet("二组")
    other.append(["Title row"])
    other.append(["Employee ID", "Role"])
    other.append([8, "buyer"])
    other.append([7, "cs_inquiry"])
    wb.save(path)
    roster = read_roster(path, catalogue)
    assert roster.employees[["employee_id", "sheet", "row"]].values.tolist() == [["7", "一组", 2], ["8", "二组", 3]]
    assert [(p.sheet, *p.as_tuple()) for p in roster.problems] == [("二组", 4, "A", "roster-duplicate-id")]
    assert "appears at 一组 › A2" in roster.problems[0].message_en


def test_roster_without_an_id_column_cannot_be_used(tmp_path, catalogue):
    path = tmp_path / "r.csv"
    path.write_text("姓名,岗位\n张三,buyer\n", encoding="utf-8")
    with pytest.raises(InputFileError) as exc:
        read_roster(path, catalogue, "en")
    assert exc.value.problem.type == "roster-missing-column"
    assert "Employee ID" in exc.value.problem.message_en
    assert str(exc.value).startswith("r.csv › row 1: The roster has no 'Employee ID' column; headers found: 姓名, 岗位")
    bad = tmp_path / "r.pdf"
    bad.write_bytes(b"%PDF-1.4")
    with pytest.raises(InputFileError) as exc:
        read_roster(bad, catalogue)
    assert exc.value.problem.type == "roster-bad-type"
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputFileError) as exc:
        read_roster(fake, catalogue, "zh")
    assert exc.value.problem.type == "roster-unreadable"
    assert exc.value.problem.params["cause"] == "not-an-xlsx"
    assert str(exc.value).startswith("fake.xlsx: 无法读取名单：文件名是 .xlsx，但内容不是 Excel 工作簿")


def test_roster_prefills_each_role_sheet_as_text(tmp_path, catalogue):
    src = tmp_path / "roster.csv"
    src.write_text(ROSTER_CSV, encoding="utf-8")
    roster = read_roster(src, catalogue)
    roles = [catalogue.role("cs_inquiry"), catalogue.role("cs_representative")]
    out = tmp_path / "t.xlsx"
    write_workbook(out, catalogue, roles, roster=roster)
    wb = openpyxl.load_workbook(out)
    ws = wb["客户咨询"]
    rows = [[c.value for c in row[:4]] for row in ws.iter_rows(min_row=2)]
    assert rows == [
        ["00123", "张三", "客服一组", "客户咨询"],
        ["1005", '=HYPERLINK("http://x")', "客服一组", "客户咨询"],
    ]
    assert ws["B3"].data_type == "s"  # a string, never a formula
    assert [[c.value for c in row[:4]] for row in wb["客户服务代表"].iter_rows(min_row=2)] == [
        ["1002", "李四", "客服二组", "客户服务代表"]
    ]
    assert str(validations(ws)["E"].sqref) == "E2:E1001"


def test_validation_reaches_500_rows_past_a_big_roster(tmp_path, catalogue):
    src = tmp_path / "roster.csv"
    src.write_text("工号,岗位\n" + "".join(f"{i},buyer\n" for i in range(1200)), encoding="utf-8")
    roster = read_roster(src, catalogue)
    out = tmp_path / "t.xlsx"
    write_workbook(out, catalogue, [catalogue.role("buyer")], roster=roster)
    ws = openpyxl.load_workbook(out)["采购"]
    assert ws.max_row == 1201
    assert str(validations(ws)["E"].sqref) == "E2:E1701"


# --- choosing roles and files ---------------------------------------------------------------------
def test_resolve_roles(catalogue):
    assert [r.code for r in resolve_roles(catalogue, ["客户咨询", "CS_INQUIRY", "Buyer"])] == ["cs_inquiry", "buyer"]
    assert len(resolve_roles(catalogue, None, all_roles=True)) == 17
    with pytest.raises(UsageError) as exc:
        resolve_roles(catalogue, ["cs_inqury"], lang="en")
    assert "cs_inquiry" in str(exc.value)
    with pytest.raises(UsageError):
        resolve_roles(catalogue, [])


def test_refuses_to_overwrite_and_writes_atomically(tmp_path, catalogue, monkeypatch):
    roles = [catalogue.role("buyer")]
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"precious")
    with pytest.raises(KpiError) as exc:
        make_templates(catalogue, roles, output=out, lang="en")
    assert "--force" in str(exc.value) and exc.value.exit_code == 1
    assert out.read_bytes() == b"precious"

    import kpi_cli.reports.template_workbook as tw

    def boom(*a, **k):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(tw, "_write", boom)
    with pytest.raises(RuntimeError):
        make_templates(catalogue, roles, output=out, force=True)
    assert out.read_bytes() == b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]  # no temp file left
    monkeypatch.undo()

    result = make_templates(catalogue, roles, output=out, force=True)
    assert openpyxl.load_workbook(out).sheetnames == ["填写说明", "采购", "_kpi"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]
    assert result.files[0].path == out
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)  # not left with mkstemp's private mode


def test_split_writes_one_file_per_role(tmp_path, catalogue):
    roles = [catalogue.role("buyer"), catalogue.role("cs_inquiry")]
    result = make_templates(catalogue, roles, output=tmp_path / "out", split=True, period=Q3)
    assert [f.path.name for f in result.files] == ["buyer-2026-Q3.xlsx", "cs_inquiry-2026-Q3.xlsx"]
    for f, role in zip(result.files, roles):
        assert openpyxl.load_workbook(f.path).sheetnames == ["填写说明", role.name_zh, "_kpi"]


# --- LibreOffice ------------------------------------------------------------------------------------
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_and_keeps_the_validation(tmp_path, catalogue):
    src = tmp_path / "roster.csv"
    src.write_text(ROSTER_CSV, encoding="utf-8")
    roster = read_roster(src, catalogue)
    path = write(tmp_path, catalogue, ["cs_inquiry", "cs_manager"], roster=roster, period=Q3)
    out = tmp_path / "lo"
    env = {**os.environ, "HOME": str(tmp_path)}
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    for fmt in ("pdf", "xlsx"):
        subprocess.run(
            [SOFFICE, profile, "--headless", "--convert-to", fmt, "--outdir", str(out), str(path)],
            check=True, capture_output=True, timeout=180, env=env,
        )
    assert (out / "t.pdf").stat().st_size > 10_000
    # LibreOffice read everything: its own re-save still has the sheets, data and validations.
    wb = openpyxl.load_workbook(out / "t.xlsx")
    assert wb.sheetnames == ["填写说明", "客户咨询", "客户服务管理", "_kpi"]
    assert wb["_kpi"].sheet_state == "hidden"
    ws = wb["客户咨询"]
    assert [c.value for c in ws[2][:4]] == ["00123", "张三", "客服一组", "客户咨询"]
    dv = validations(ws)
    assert (dv["F"].type, float(dv["F"].formula1), float(dv["F"].formula2)) == ("decimal", 0.0, 1.0)
    assert dv["N"].type == "list"
    # (Frozen panes are view settings, which a headless conversion does not keep; checked above.)


def test_a_damaged_sheet_beside_the_roster_is_an_error_and_the_rest_is_read(tmp_path, catalogue, monkeypatch):
    import kpi_cli.readers.roster as roster_module
    from kpi_cli.problems import Problem
    from kpi_cli.readers.grid import make_grid
    from kpi_cli.readers.xlsx import Workbook

    path = tmp_path / "staff.xlsx"
    openpyxl.Workbook().save(path)  # passes the file checks; its sheets come from the stub
    book = Workbook(
        [make_grid("填写说明", [["工号", "岗位"], ["说明", "x"]]), make_grid("名单", [["工号", "岗位"], [1.0, "buyer"]])],
        None,
        ["填写说明", "名单", "坏表"],
        [Problem("corrupt-sheet", file=str(path), sheet="坏表", params={"reason": "boom"})],
    )
    monkeypatch.setattr(roster_module, "read_workbook", lambda data, name: book)
    roster = read_roster(path, catalogue, "en")
    assert roster.employees[["employee_id", "sheet", "row"]].values.tolist() == [["1", "名单", 2]]
    assert [(p.type, p.severity, p.file, p.sheet, p.row) for p in roster.problems] == [
        ("roster-unreadable", "error", "staff.xlsx", "坏表", None)
    ]
    assert roster.problems[0].text("en") == (
        "staff.xlsx › 坏表: Cannot read the roster: Sheet '坏表' cannot be read (boom); the other sheets were read. "
        "Save the file again in Excel."
    )
    assert roster.problems[0].message_zh.startswith("无法读取名单：工作表“坏表”无法读取（boom）")
