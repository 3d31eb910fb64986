"""The Excel report read back with openpyxl: sheets, key cells, numbers, hostile names, chart."""

from __future__ import annotations

import math
import zipfile

import numpy as np
import pandas as pd
import pytest

from kpi_cli.readers.dataset import RECORD_COLUMNS, InputFile
from kpi_cli.periods import parse_period
from kpi_cli.problems import Problem
from kpi_cli.scoring.engine import score

HOSTILE = [
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\tTAB",
    "{=1+1}",
    # xlsxwriter writes a string in <r>…</r> into the XML unescaped: a formula could slip in
    '<r><t>x</t></r></is></c><c r="Z1"><f>1+1</f></c><c r="Z2" t="inlineStr"><is><r><t>y</t></r>',
]
GENERATED = "2026-10-08T09:30:00+08:00"


def make_result(catalogue, extra: int = 0):
    """A small scored quarter with every case a report must show.

    Records (index: who): 0 张三 (cs_inquiry, all good), 1 =HYPERLINK (cs_inquiry, blanks),
    2 +1 (cs_inquiry, an unreadable cell), 3 -2 (buyer), 4 @SUM (buyer, mostly blank →
    incomplete), 5 <script> in a hostile department (cs_manager), 6 李四 (unknown role),
    7 "><img (cs_manager, a rating of 7), 8 \\tTAB, 9 {=1+1}, 10 <r>… (buyer); ``extra`` adds buyers.
    """
    dep_cs, dep_buy, dep_bad = "客户服务部", "采购部", '"><img src=x onerror=alert(1)>'
    rows = [
        ("E001", "张三", dep_cs, "cs_inquiry", "客户咨询", False),
        ("E002", HOSTILE[0], dep_cs, "cs_inquiry", "客户咨询", False),
        ("E003", HOSTILE[1], dep_cs, "cs_inquiry", "客户咨询", False),
        ("E004", HOSTILE[2], dep_buy, "buyer", "采购", False),
        ("E005", HOSTILE[3], dep_buy, "buyer", "采购", False),
        ("E006", HOSTILE[4], dep_bad, "cs_manager", "客户服务管理", False),
        ("E007", "李四", dep_cs, None, "飞行员", True),
        ("E008", HOSTILE[5], dep_cs, "cs_manager", "客户服务管理", False),
        ("=E009", HOSTILE[6], dep_buy, "buyer", "采购", False),
        ("E010", HOSTILE[7], dep_buy, "buyer", "采购", False),
        ("E011", HOSTILE[8], dep_buy, "buyer", "采购", False),
    ]
    for k in range(extra):
        rows.append((f"X{k:06d}", f"员工{k}", f"部门{k % 7}", "buyer", "采购", False))
    records = pd.DataFrame(
        [
            {
                "employee_id": eid, "name": name, "department": dep, "role": role, "role_label": label,
                "period": "2026-Q3", "file": "2026-Q3.xlsx", "sheet": "Sheet1", "row": i + 2, "has_error": err,
            }
            for i, (eid, name, dep, role, label, err) in enumerate(rows)
        ],
        columns=list(RECORD_COLUMNS),
    )
    cat = catalogue
    inq = [m.code for m in cat.get("cs_inquiry").all_measures]
    good_inq = [8.0, 96.0, 12.0, 0.0, 92.0, 98.5, 0.0, 1.0, 20.0, 1.0, 1.0]
    v_inq = pd.DataFrame([good_inq, good_inq, good_inq], index=[0, 1, 2], columns=inq)
    v_inq.loc[1, ["call_minutes", "friendliness_score"]] = np.nan  # blanks
    v_inq.loc[2, "calls_answered_in_30s"] = np.nan  # unreadable: 'n/a'
    # half-yearly measures, not due in a quarter: HR leaves them blank
    v_inq[["supervisor_complaints_per_year", "inaccurate_information_complaints"]] = np.nan
    inv_inq = pd.DataFrame(False, index=v_inq.index, columns=inq)
    inv_inq.loc[2, "calls_answered_in_30s"] = True
    buy = [m.code for m in cat.get("buyer").all_measures]
    good_buy = [2.5, 97.0, 3.0, 98.5, 1.0, 3.0, 2.0, 4.0, 3.0]
    buyer_idx = [3, 4, 8, 9, 10] + list(range(11, 11 + extra))
    rng = np.random.default_rng(7)
    v_buy = pd.DataFrame([good_buy] * len(buyer_idx), index=buyer_idx, columns=buy)
    if extra:
        v_buy.loc[list(range(11, 11 + extra)), "supplier_on_time_pct"] = rng.uniform(80, 100, extra).round(1)
        v_buy.loc[list(range(11, 11 + extra)), "purchase_file_rating"] = rng.uniform(1, 5, extra).round(1)
    v_buy.loc[4, buy[1:]] = np.nan  # mostly blank → incomplete
    v_buy["quality_complaints"] = np.nan  # half-yearly: not due in a quarter
    v_buy.loc[9, "po_cycle_days"] = 4.0
    mgr = [m.code for m in cat.get("cs_manager").all_measures]
    good_mgr = [4.0, 93.0, 96.0, 3.0, 5.0, 3.0, 3.0, 4.5]
    v_mgr = pd.DataFrame([good_mgr, good_mgr], index=[5, 7], columns=mgr)
    v_mgr.loc[7, "team_management_rating"] = 7.0  # out of the 1–5 scale → invalid
    problems = [
        Problem("not-a-number", file="2026-Q3.xlsx", sheet="Sheet1", row=4, column="F", column_name="30秒内答复",
                employee_id="E003", role="cs_inquiry", measure="calls_answered_in_30s", value="n/a",
                message_zh="“n/a”不是数字。", message_en="'n/a' is not a number."),
        Problem("unknown-role", file="2026-Q3.xlsx", sheet="Sheet1", row=8, column="D", employee_id="E007",
                value="飞行员", message_zh="未知岗位“飞行员”。", message_en="Unknown role '飞行员'."),
        Problem("out-of-range", file="2026-Q3.xlsx", sheet="Sheet1", row=9, column="K", employee_id="E008",
                role="cs_manager", measure="team_management_rating", value=7,
                message_zh="评分 7 超出 1–5。", message_en="Rating 7 is outside 1–5."),
        Problem("blank-cell", severity="warning", file="2026-Q3.xlsx", sheet="Sheet1", row=3, column="E",
                employee_id="E002", role="cs_inquiry", measure="call_minutes", value=HOSTILE[0],
                message_zh="空白。", message_en="Blank."),
    ]
    inputs = [InputFile(path="/nonexistent/2026-Q3.xlsx", name="2026-Q3.xlsx", sha256="ab" * 32, size=12345,
                        kind="xlsx", period="2026-Q3", sheets=["Sheet1"], rows=len(rows))]
    return score(
        records,
        {"cs_inquiry": v_inq, "buyer": v_buy, "cs_manager": v_mgr},
        cat,
        parse_period("2026-Q3"),
        invalid={"cs_inquiry": inv_inq},
        problems=problems,
        inputs=inputs,
    )


@pytest.fixture(scope="module")
def result(catalogue):
    return make_result(catalogue)


@pytest.fixture(scope="module")
def xlsx_zh(result, tmp_path_factory):
    from kpi_cli.reports.excel import write_excel_report

    path = tmp_path_factory.mktemp("xlsx") / "report.xlsx"
    assert write_excel_report(result, path, lang="zh", generated_at=GENERATED) == path
    return path


@pytest.fixture(scope="module")
def wb_zh(xlsx_zh):
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(xlsx_zh)


def _rows(ws, header_row=1):
    """Data rows of a sheet as dicts keyed by the header row's text."""
    rows = list(ws.iter_rows(values_only=False))
    head = [c.value for c in rows[header_row - 1]]
    return [{h: c for h, c in zip(head, r)} for r in rows[header_row:]]


def test_sheets_in_order(wb_zh):
    assert wb_zh.sheetnames == ["汇总", "客户服务管理", "客户咨询", "采购", "分布", "问题", "说明"]


def test_english_sheet_names(result, tmp_path):
    import openpyxl

    from kpi_cli.reports.excel import write_excel_report

    path = write_excel_report(result, tmp_path / "en.xlsx", lang="en", generated_at=GENERATED)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Customer Service Management", "Customer Inquiry", "Buyer",
                             "Distribution", "Problems", "About"]
    # no Chinese in English labels: every header row is ASCII-ish
    for ws in wb.worksheets:
        for cell in next(ws.iter_rows(min_row=1, max_row=1)):
            if isinstance(cell.value, str):
                assert not any("\u4e00" <= ch <= "\u9fff" for ch in cell.value), (ws.title, cell.value)


def test_summary_matches_result(result, wb_zh):
    ws = wb_zh["汇总"]
    rows = _rows(ws)
    emp = result.employees
    assert len(rows) == len(emp)
    by_id = {r["工号"].value: r for r in rows}
    assert set(by_id) == set(emp["employee_id"])
    for rec, e in emp.iterrows():
        r = by_id[e["employee_id"]]
        assert r["姓名"].value == e["name"]
        assert r["姓名"].data_type == "s"
        if math.isnan(e["total"]):
            assert r["总分"].value is None
        else:
            assert r["总分"].data_type == "n"
            assert r["总分"].value == pytest.approx(e["total_rounded"])
            assert r["总分"].number_format == "0.0"
        assert (r["等级"].value or None) == (None if pd.isna(e["grade"]) else e["grade"])
        assert r["覆盖率"].value == pytest.approx(e["coverage"])
        assert r["状态"].value == {"ok": "正常", "incomplete": "不完整", "invalid": "有错误"}[e["status"]]
        if pd.isna(e["rank_in_role"]):
            assert r["岗位排名"].value is None
        else:
            assert r["岗位排名"].value == int(e["rank_in_role"])
    # statuses of the special records
    assert by_id["E003"]["状态"].value == "有错误"  # an unreadable cell
    assert by_id["E005"]["状态"].value == "不完整"
    assert by_id["E007"]["岗位"].value == "未知岗位：飞行员"
    assert by_id["E001"]["等级"].value in ("S", "A", "B", "C", "D")
    assert "未考核：平均每次通话时长" in by_id["E002"]["标记"].value
    assert "数据错误：30秒内答复的电话比例" in by_id["E003"]["标记"].value


def test_hostile_names_are_strings_not_formulas(wb_zh, xlsx_zh):
    ws = wb_zh["汇总"]
    names = {}
    for row in ws.iter_rows(min_row=2):
        names[row[1].value] = row[1]
    for name in HOSTILE:
        cell = names[name]
        assert cell.data_type == "s", name
    ids = [row[0] for row in ws.iter_rows(min_row=2)]
    assert any(c.value == "=E009" and c.data_type == "s" for c in ids)
    with zipfile.ZipFile(xlsx_zh) as z:
        for member in z.namelist():
            if member.startswith("xl/worksheets/sheet"):
                assert b"<f>" not in z.read(member), member  # not a single formula anywhere


def test_frozen_header_and_autofilter(wb_zh):
    ws = wb_zh["汇总"]
    assert ws.freeze_panes == "C2"
    assert ws.auto_filter.ref.startswith("A1:")
    role_ws = wb_zh["客户咨询"]
    assert role_ws.freeze_panes == "C4"
    assert role_ws.auto_filter.ref.startswith("A3:")
    assert wb_zh["问题"].freeze_panes == "A2"


def test_conditional_formats(wb_zh):
    ws = wb_zh["汇总"]
    kinds = [rule.type for rng in ws.conditional_formatting for rule in rng.rules]
    assert "colorScale" in kinds
    assert kinds.count("cellIs") >= 5  # one per grade, plus statuses


def test_role_sheet_values_and_points(result, wb_zh):
    ws = wb_zh["客户咨询"]
    rs = result.roles["cs_inquiry"]
    role = rs.role
    # Row 2 names the measures (with the target), row 3 says value / points.
    heads2 = [c.value for c in ws[2]]
    heads3 = [c.value for c in ws[3]]
    assert heads3[:3] == ["工号", "姓名", "部门"]
    first = role.measures[0]
    assert heads2[3].startswith(first.name_zh) and "目标 9 分钟" in heads2[3]
    assert heads3[3:5] == ["数值", "得分"]
    assert [c.value for c in ws[1]][3] == "接客户的电话（20%）"
    rows = {r[0].value: r for r in ws.iter_rows(min_row=4)}
    assert set(rows) == {"E001", "E002", "E003"}
    # E001: each measure's value and points side by side, equal to the scorer's
    e1 = rows["E001"]
    rec = result.find("E001")[0]
    for k, m in enumerate(role.measures):
        value_cell, points_cell = e1[3 + 2 * k], e1[4 + 2 * k]
        if m.cycle_months > 3:  # not due in the quarter: blank figure, 本期不考核 for the points, the tag in the header
            assert value_cell.value is None and points_cell.value == "本期不考核", m.code
            assert "半年度指标" in heads2[3 + 2 * k], m.code
            continue
        assert value_cell.data_type == "n"
        assert value_cell.value == pytest.approx(rs.values.at[rec, m.code])
        assert points_cell.value == pytest.approx(rs.points.at[rec, m.code])
    n_m = len(role.measures)
    for k, d in enumerate(role.dimensions):
        assert e1[3 + 2 * n_m + k].value == pytest.approx(rs.dimensions.at[rec, d.code])
    total_cell = e1[3 + 2 * n_m + len(role.dimensions)]
    assert total_cell.value == pytest.approx(result.employees.at[rec, "total_rounded"])
    # E002: a blank value stays blank (not 0); E003: the unreadable text is shown, no points
    e2 = rows["E002"]
    assert e2[3].value is None and e2[4].value is None
    e3 = rows["E003"]
    assert e3[5].value == "n/a" and e3[5].data_type == "s"
    assert e3[6].value is None
    assert e3[5].fill.fgColor.rgb.endswith("F8C9C4")


def test_out_of_range_rating_shown_in_red(result, wb_zh):
    ws = wb_zh["客户服务管理"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=4)}
    role = result.roles["cs_manager"].role
    k = [m.code for m in role.measures].index("team_management_rating")
    cell = rows["E008"][3 + 2 * k]
    assert cell.value == 7
    assert cell.fill.fgColor.rgb.endswith("F8C9C4")
    assert rows["E008"][4 + 2 * k].value is None


def test_distribution_sheet(result, wb_zh):
    ws = wb_zh["分布"]
    assert len(ws._charts) >= 1
    heads = [c.value for c in ws[1]]
    assert heads[:7] == ["部门", "已评级", "S", "A", "B", "C", "D"]
    dist = result.distribution
    rows = [r for r in ws.iter_rows(min_row=2, max_row=1 + len(dist), values_only=True)]
    assert rows[-1][0] == "全部"
    assert rows[-1][1] == int(dist.iloc[-1]["graded"])
    for row, (_, d) in zip(rows, dist.iterrows()):
        assert [row[2 + k] for k in range(5)] == [int(d[g]) for g in "SABCD"]
        assert row[7] == pytest.approx(d["share_S"])
        assert row[-1] == ("符合" if d["quota_ok"] else row[-1])
    names = [r[0] for r in rows]
    assert '"><img src=x onerror=alert(1)>' in names


def test_problems_sheet(result, wb_zh):
    ws = wb_zh["问题"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(result.problems)
    heads = [c.value for c in ws[1]]
    assert heads == ["类型", "严重程度", "文件", "工作表", "单元格", "行", "工号", "岗位", "考核标准", "数值", "说明"]
    assert [(r[5], r[4][0] if r[4] else None, r[0]) for r in rows] == [
        (p.row, p.column, p.type) for p in result.problems
    ]
    assert rows[0][8] == "30秒内答复的电话比例" and rows[0][9] == "n/a"
    assert rows[2][9] == 7  # a number stays a number
    assert rows[3][1] == "警告"
    hostile = [c for c in ws["J"] if c.value == HOSTILE[0]]
    assert hostile and hostile[0].data_type == "s"


def test_about_sheet(result, wb_zh):
    ws = wb_zh["说明"]
    values = {r[0]: r[1] for r in ws.iter_rows(values_only=True) if r[0]}
    assert values["考核期间"] == "2026-Q3"
    assert values["目录版本"] == result.catalogue.version
    assert values["目录 SHA-256"] == result.catalogue.sha256
    assert values["生成时间"] == GENERATED
    assert values["2026-Q3.xlsx"] == "ab" * 32
    assert values["记录数"] == len(result.employees)
    text = " ".join(str(c) for r in ws.iter_rows(values_only=True) for c in r if c)
    assert "100 分 = 达标" in text
    assert "≥ 110" in text  # grade bands


def test_same_inputs_same_bytes(result, tmp_path):
    from kpi_cli.reports.excel import write_excel_report

    a = write_excel_report(result, tmp_path / "a.xlsx", generated_at=GENERATED).read_bytes()
    b = write_excel_report(result, tmp_path / "b.xlsx", generated_at=GENERATED).read_bytes()
    assert a == b


def test_atomic_write_keeps_old_file_on_failure(result, tmp_path, monkeypatch):
    from kpi_cli.reports import excel

    target = tmp_path / "report.xlsx"
    target.write_bytes(b"old")

    def boom(report):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel, "SHEETS", (*excel.SHEETS[:-1], boom))
    with pytest.raises(RuntimeError):
        excel.write_excel_report(result, target)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.xlsx"]


def test_refuses_to_overwrite_an_input(result, tmp_path):
    from kpi_cli.errors import KpiError
    from kpi_cli.reports.excel import write_excel_report

    src = tmp_path / "in.xlsx"
    src.write_bytes(b"input")
    result.inputs[0].path, old = str(src), result.inputs[0].path
    try:
        with pytest.raises(KpiError):
            write_excel_report(result, src)
    finally:
        result.inputs[0].path = old
    assert src.read_bytes() == b"input"


def test_many_employees_all_written(catalogue, tmp_path):
    """Constant-memory writing must not lose cells: every buyer's total is read back."""
    import openpyxl

    from kpi_cli.reports.excel import write_excel_report

    big = make_result(catalogue, extra=3000)
    path = write_excel_report(big, tmp_path / "big.xlsx", generated_at=GENERATED)
    wb = openpyxl.load_workbook(path, read_only=True)
    ws = wb["采购"]
    got = {r[0]: r for r in ws.iter_rows(min_row=4, values_only=True)}
    emp = big.employees[big.employees["role"] == "buyer"]
    assert len(got) == len(emp)
    n_m = len(catalogue.get("buyer").measures)
    n_d = len(catalogue.get("buyer").dimensions)
    for _, e in emp.iterrows():
        row = got[e["employee_id"]]
        total = row[3 + 2 * n_m + n_d]
        if math.isnan(e["total_rounded"]):
            assert total is None
        else:
            assert total == pytest.approx(e["total_rounded"])


def test_previous_period_columns(result, tmp_path):
    import openpyxl

    from kpi_cli.reports.excel import write_excel_report

    previous = {"E001": (95.0, "B"), "E004": (130.0, "S"), "E010": (104.74, "A"), "GONE1": (80.0, "C")}
    path = write_excel_report(result, tmp_path / "prev.xlsx", generated_at=GENERATED, previous=previous)
    wb = openpyxl.load_workbook(path)
    rows = {r["工号"].value: r for r in _rows(wb["汇总"])}
    assert rows["E001"]["上期 · 总分"].value == 95.0 and rows["E001"]["上期 · 等级"].value == "B"
    change = rows["E001"]["变化"]
    assert change.value == pytest.approx(7.7) and change.data_type == "n"  # 102.7 against 95.0
    assert change.number_format == '"↑ "0.0;"↓ "0.0;"= "0.0'
    assert rows["E004"]["变化"].value == pytest.approx(-21.7)  # 108.3 against 130.0
    assert rows["E010"]["变化"].value == 0  # 104.7 against 104.74 → 104.7
    assert rows["E002"]["变化"].value == "新" and rows["E002"]["上期 · 总分"].value is None
    about = [r[0] for r in wb["说明"].iter_rows(values_only=True)]
    assert "GONE1" in about
    assert any(isinstance(v, str) and "离开 1 人" in v for v in about)


def test_previous_as_a_comparison_gives_the_same_workbook(result, tmp_path):
    """The export hands over the Comparison it computed once; the workbook is the same bytes."""
    import openpyxl

    from kpi_cli.reports.excel import write_excel_report
    from kpi_cli.reports.previous import compare_previous

    known = {"E001": (95.0, "B"), "GONE1": (80.0, "C")}
    changes = compare_previous(result, known)
    path = write_excel_report(result, tmp_path / "prev2.xlsx", generated_at=GENERATED, previous=changes)
    plain = write_excel_report(result, tmp_path / "prev3.xlsx", generated_at=GENERATED, previous=known)
    assert path.read_bytes() == plain.read_bytes()
    rows = {r["工号"].value: r for r in _rows(openpyxl.load_workbook(path)["汇总"])}
    assert rows["E001"]["变化"].value == pytest.approx(7.7)
    assert rows["E003"]["变化"].value == "新"
