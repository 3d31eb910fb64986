"""(Re)create the real-world HR export forms of tests/data/real/ (layouts and headers).

    python tests/data/real/generate.py

Each file is one form that HR officers in Chinese companies really receive: a table with a 合计
row, notes and signature lines under it; a title and two header rows; headers with units and
decoration; one sheet per department; merged 部门 cells; an HRIS long export; a hidden
last-quarter column; a workbook with one employee per column; a CSV with a trailing total. For
each form tests/test_real_exports.py asserts the outcome: read right (every person once, every
figure as written, no spurious problem) or refused exactly (every figure not read is covered by
a located error). The identity forms (ids with leading zeros, role changes) are written by
generate_identity.py.

Workbooks are written with openpyxl with fixed document times; every figure below is the one
the tests expect to be read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

HERE = Path(__file__).parent
FIXED = dt.datetime(2026, 10, 8, 9, 0, 0)

# The people of most forms: 客户咨询 (cs_inquiry) agents, their figures for 2026-Q3.
PEOPLE = [
    # id, name, department, call minutes, % answered in 30 s, absences a year
    ("E2001", "张三", "客户服务一部", 8.5, 96, 1),
    ("E2002", "李四", "客户服务一部", 9, 95.5, 0),
    ("E2003", "王五", "客户服务二部", 10.2, 93, 2),
]
HEAD = ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "30秒内答复的电话比例", "每年缺席次数"]


def rows_of(people=PEOPLE, role: str = "客户咨询") -> list[list]:
    return [[i, n, d, role, m, p, a] for i, n, d, m, p, a in people]


def totals(people=PEOPLE) -> tuple[list, list]:
    """The 合计 and 平均 lines a spreadsheet adds under the table (sums that are no one's figures)."""
    sums = [round(sum(p[k] for p in people), 4) for k in (3, 4, 5)]
    means = [round(s / len(people), 4) for s in sums]
    return sums, means


# --- writing ---------------------------------------------------------------------------------------
def workbook(path: Path, sheets: dict[str, list[list]], setup=None) -> None:
    """A workbook with one sheet per entry; ``setup(wb)`` adds merges, hidden columns, formats."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row, start=1):
                if v is not None:
                    ws.cell(row=r, column=c, value=v)
    if setup is not None:
        setup(wb)
    wb.properties.created = FIXED
    wb.properties.modified = FIXED
    wb.properties.creator = "kpi tests"
    wb.save(path)


def csv_file(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([["" if v is None else v for v in r] for r in rows])
    path.write_bytes(buf.getvalue().encode(encoding))


# --- the forms -------------------------------------------------------------------------------------
def notes_under_table(out: Path) -> None:
    """合计 and 平均 rows, a dashed separator, a 备注 line and a signature line under the table."""
    sums, means = totals()
    rows = [HEAD, *rows_of(),
            ["合计", None, None, None, *sums],
            ["平均", None, None, None, *means],
            ["————", None, None, None, None, None, None],
            ["备注：通话数据取自呼叫中心系统，缺席次数取自考勤系统。", None, None, None, None, None, None],
            ["制表人：周敏", None, "审核人：陈刚", None, "日期：2026-10-08", None, None]]
    workbook(out / "notes_under_table.xlsx", {"客户咨询": rows})


def totals_in_name_column(out: Path) -> None:
    """A 序号 column; 小计 typed in the 姓名 column; 平均 merged across 序号–部门; a note in the 工号 column."""
    sums, means = totals()
    rows = [["序号", *HEAD]]
    rows += [[k, *r] for k, r in enumerate(rows_of(), start=1)]
    rows += [[None, None, "小计", None, None, *sums],
             ["平均", None, None, None, None, *means],
             [None, "注：E2003 七月调入二部。", None, None, None, None, None, None]]

    def setup(wb):
        wb["Sheet1"].merge_cells("A6:E6")

    workbook(out / "totals_in_name_column.xlsx", {"Sheet1": rows}, setup)


def title_and_two_header_rows(out: Path) -> None:
    """A title, a blank row, dimension names merged across the upper header row (identity names
    typed only there), measure names in the lower one, then a units row."""
    rows = [
        ["2026年第三季度 客户服务部 KPI考核表"],
        [],
        ["工号", "姓名", "部门", "岗位", "接客户的电话", None, None, "可靠性"],
        [None, None, None, None, "平均每次通话时长", "30秒内答复的电话比例", "每月由主管接听的客户电话次数", "每年缺席次数"],
        ["单位", None, None, None, "分钟", "%", "次", "次"],
    ]
    for i, n, d, m, p, a in PEOPLE:
        rows.append([i, n, d, "客户咨询", m, p, 3, a])

    def setup(wb):
        ws = wb["考核表"]
        ws.merge_cells("A1:H1")
        ws.merge_cells("E3:G3")

    workbook(out / "title_and_two_header_rows.xlsx", {"考核表": rows}, setup)


def decorated_headers(out: Path) -> None:
    """Headers with units, brackets, line breaks and full-width spaces; units typed in the cells."""
    head = ["工　号", "*姓名", "【部门】", "岗位", "平均通话时长（分钟）", "30秒内答复的电话比例 %", "每年缺席次数/次",
            "客户对咨询员热情程度的打分\n（分）"]
    rows = [head,
            ["E2001", "张三", "客户服务一部", "客户咨询员", "8.5分钟", "96%", "1次", "88.5分"],
            ["E2002", "李四", "客户服务一部", "客户咨询员", 9, 95.5, 0, 90],
            ["E2003", "王五", "客户服务二部", "咨询员", "10.2 分钟", 93, "2 次", "86分"]]
    workbook(out / "decorated_headers.xlsx", {"客户咨询": rows})


def wrong_units(out: Path) -> None:
    """A call-length column headed in seconds, and absences typed in days: refused, never converted."""
    head = ["工号", "姓名", "岗位", "平均每次通话时长（秒）", "30秒内答复的电话比例", "每年缺席次数"]
    rows = [head,
            ["E2001", "张三", "客户咨询", 510, 96, "1天"],
            ["E2002", "李四", "客户咨询", 540, 95.5, 0]]
    workbook(out / "wrong_units.xlsx", {"客户咨询": rows})


def sheet_per_department(out: Path) -> None:
    """One sheet per department, no 部门 column; roles typed as people call them."""
    head = ["工号", "姓名", "岗位", "平均每次通话时长", "每年缺席次数"]
    one = [head, ["E2001", "张三", "客户咨询员", 8.5, 1], ["E2002", "李四", "客服代表", 9, 0]]
    two = [head, ["E2003", "王五", "客户咨询员", 10.2, 2]]
    workbook(out / "sheet_per_department.xlsx", {"客户服务一部": one, "客户服务二部": two})


def merged_department(out: Path) -> None:
    """部门 merged down the rows of each department."""
    rows = [["部门", "工号", "姓名", "岗位", "平均每次通话时长", "30秒内答复的电话比例", "每年缺席次数"]]
    for i, n, d, m, p, a in PEOPLE:
        rows.append([d, i, n, "客户咨询", m, p, a])

    def setup(wb):
        ws = wb["客服"]
        ws["A3"] = None
        ws.merge_cells("A2:A3")

    workbook(out / "merged_department.xlsx", {"客服": rows}, setup)


BUYERS = [
    # id, name, days requisition → PO, PO errors, on-time % of suppliers
    ("P3001", "孙丽", 2.5, 1, 97),
    ("P3002", "钱进", 3, 0, 95),
]


def hris_long(out: Path) -> None:
    """An HRIS export: one row per figure, 指标名称/实际完成值, no 岗位 column (the measures say 采购)."""
    rows = [["员工编号", "姓名", "部门", "指标名称", "实际完成值", "考核期间"]]
    for i, n, days, errors, on_time in BUYERS:
        rows += [[i, n, "采购部", "从收到请购单到发出采购订单的时间", days, "2026-Q3"],
                 [i, n, "采购部", "采购订单错误次数", errors, "2026-Q3"],
                 [i, n, "采购部", "所负责供应商的准时交货率", on_time, "2026-Q3"]]
    csv_file(out / "hris_long.csv", rows)


def hris_long_kpi_names(out: Path) -> None:
    """An HRIS export with KPI名称 / 完成值, a role column holding 采购员, a 考核指标 header variant."""
    rows = [["工号", "姓名", "岗位", "KPI名称", "完成值"]]
    for i, n, days, errors, on_time in BUYERS:
        rows += [[i, n, "采购员", "采购周期", days], [i, n, "采购员", "订单错误次数", errors],
                 [i, n, "采购员", "供应商准时交货率", on_time]]
    workbook(out / "hris_long_kpi_names.xlsx", {"导出数据": rows})


def last_quarter_column(out: Path) -> None:
    """A hidden （上季度） column beside this quarter's, and a 目标 column."""
    head = ["工号", "姓名", "岗位", "平均每次通话时长", "平均每次通话时长（上季度）", "目标通话时长", "每年缺席次数"]
    rows = [head,
            ["E2001", "张三", "客户咨询", 8.5, 9.5, 9, 1],
            ["E2002", "李四", "客户咨询", 9, 8, 9, 0]]

    def setup(wb):
        wb["客户咨询"].column_dimensions["E"].hidden = True

    workbook(out / "last_quarter_column.xlsx", {"客户咨询": rows}, setup)


def transposed(out: Path) -> None:
    """One employee per column: refused with one error that says how to turn it."""
    rows = [["工号", "E2001", "E2002"], ["姓名", "张三", "李四"], ["岗位", "客户咨询", "客户咨询"],
            ["平均每次通话时长", 8.5, 9], ["每年缺席次数", 1, 0]]
    workbook(out / "transposed.xlsx", {"客户咨询": rows})


def trailing_total_csv(out: Path) -> None:
    """A GBK CSV with a trailing 合计 line and a 制表 line, as older HR systems save it."""
    sums, _ = totals()
    rows = [HEAD, *rows_of(), ["合计", None, None, None, *sums], ["制表：人力资源部", None, None, None, None, None, None]]
    csv_file(out / "trailing_total.csv", rows, encoding="gbk")


def misspelt_header(out: Path) -> None:
    """A measure's header misspelt (通话时常): the measure is absent for the whole sheet — an error."""
    head = ["工号", "姓名", "岗位", "平均每次通话时常", "30秒内答复的电话比例", "每年缺席次数"]
    rows = [head, *[[i, n, "客户咨询", m, p, a] for i, n, d, m, p, a in PEOPLE]]
    workbook(out / "misspelt_header.xlsx", {"客户咨询": rows})


def hr_extra_columns(out: Path) -> None:
    """A 序号 column, the spreadsheet's own 总分 and 等级, a 备注 column, and pre-numbered empty rows."""
    rows = [["序号", *HEAD, "总分", "等级", "备注"]]
    rows += [[k, *r, 95.2 - k, "A", "七月调岗" if k == 3 else None] for k, r in enumerate(rows_of(), start=1)]
    rows += [[4], [5]]
    workbook(out / "hr_extra_columns.xlsx", {"考核结果": rows})


def group_titles_and_reference_lines(out: Path) -> None:
    """A department title over each group (merged across the row, in the 工号 column), a 目标值
    and a 人均 line with figures, and notes under the table that name no keyword."""
    sums, means = totals()
    rows = [HEAD, ["客户服务一部"], *rows_of(PEOPLE[:2]), ["二、客户服务二部"], *rows_of(PEOPLE[2:]),
            ["目标值", None, None, None, 9, 95, 1],
            ["人均", None, None, None, *means],
            ["以上数据经部门负责人确认"],
            ["1. 通话时长取自呼叫中心系统"]]

    def setup(wb):
        wb["客户咨询"].merge_cells("A2:G2")
        wb["客户咨询"].merge_cells("A5:G5")

    workbook(out / "group_titles_and_reference_lines.xlsx", {"客户咨询": rows}, setup)


def second_table_on_the_sheet(out: Path) -> None:
    """Under the agents' table, a title and a second table of another role with its own header."""
    rows = [HEAD, *rows_of(), [], ["客户服务代表"],
            ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "30秒内答复的电话询问比例", "缺席次数"],
            ["E3001", "孙七", "客户服务一部", "客户服务代表", 6.5, 91, 1]]
    workbook(out / "second_table_on_the_sheet.xlsx", {"客户服务": rows})


def measure_subcolumns(out: Path) -> None:
    """A measure's name merged over three sub-columns (目标值 | 实际值 | 得分), the identity
    headers merged down the two header rows."""
    rows = [["工号", "姓名", "部门", "岗位", "平均每次通话时长", None, None, "每年缺席次数"],
            [None, None, None, None, "目标值", "实际值", "得分", None]]
    rows += [[i, n, d, "客户咨询", 9, m, 100, a] for i, n, d, m, _p, a in PEOPLE]

    def setup(wb):
        ws = wb["客户咨询"]
        for col in "ABCDH":
            ws.merge_cells(f"{col}1:{col}2")
        ws.merge_cells("E1:G1")

    workbook(out / "measure_subcolumns.xlsx", {"客户咨询": rows}, setup)


def unquoted_decimal_comma_csv(out: Path) -> None:
    """A CSV whose buyer line has 2,6 typed unquoted: one field more than the header."""
    head = ["工号", "姓名", "部门", "岗位", "采购周期（天）", "订单错误次数", "供应商准时交货率"]
    lines = [",".join(head), "P3001,孙丽,采购部,采购员,2.5,1,97", "P3002,钱进,采购部,采购员,2,6,0,95"]
    (out / "unquoted_decimal_comma.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8-sig"))


FORMS = (
    notes_under_table, totals_in_name_column, title_and_two_header_rows, decorated_headers, wrong_units,
    sheet_per_department, merged_department, hris_long, hris_long_kpi_names, last_quarter_column, transposed,
    trailing_total_csv, misspelt_header, hr_extra_columns, group_titles_and_reference_lines,
    second_table_on_the_sheet, unquoted_decimal_comma_csv, measure_subcolumns,
)


def main(out: Path = HERE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for form in FORMS:
        form(out)


if __name__ == "__main__":
    main()
