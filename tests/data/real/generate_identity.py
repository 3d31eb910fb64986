"""(Re)create tests/data/real/identity/: a quarter whose ids are typed the ways HR files type them.

    python tests/data/real/generate_identity.py

One quarter (2026-Q3) from three monthly workbooks, as a company's systems really export it:

- 王芳's 工号 is the text "000123" in July, the number 123 formatted ``000000`` in August (Excel
  shows 000123) and the plain number 123 in September: one person, "000123".
- 李雷 is "000456" (text) every month; in September 韩梅梅 joins as 456 (a plain number): the ids
  differ only by leading zeros but the names differ, so they are two people (with a warning).
- 赵敏 (E2001) is a 客户咨询 in July and August and a 客户服务代表 in September: one person, scored
  on each role's months, the total weighted 2 : 1.
- 钱进 (E2002) moves from 客户服务一部 to 客户服务二部 in September (same role): one score.
- 孙丽 is "E3001" in July, "e3001" in August and "E 3001" in September: one person (same name).
- 周强 is "E3002" every month; 吴刚 appears in September as "e3002": two people (names differ).

Also two CSV files: leading_zeros.csv (ids "000789", "0790" stay text) and same_month_zeros.csv
(the same person typed "000777" and "777" in one month: a duplicate, an error on both rows).

tests/test_real_identity.py checks every person and figure. The workbooks are written with
openpyxl with fixed document and zip entry times, so the same bytes come out on every run.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

HERE = Path(__file__).parent / "identity"
FIXED = dt.datetime(2026, 10, 1, 9, 0, 0)

INQUIRY = "客户咨询"
REPRESENTATIVE = "客户服务代表"
INQUIRY_HEAD = ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "30秒内答复的电话比例", "每月由主管接听的客户电话次数",
                "客户对咨询员热情程度的打分", "客户收到准确信息的时间比例", "解决分歧的平均天数", "紧急事件及时报告"]
REPRESENTATIVE_HEAD = ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "30秒内答复的电话询问比例", "转交主管处理的客户电话次数",
                       "客户对热情程度的打分", "客户对服务的评价", "客户收到准确信息的时间比例", "信息录入错误次数",
                       "解决客户投诉的时间", "紧急事件及时报告"]
ONE, TWO = "客户服务一部", "客户服务二部"


class Padded:
    """A number cell shown through a custom number format (Excel keeps the zeros on screen only)."""

    def __init__(self, value: int, fmt: str = "000000") -> None:
        self.value, self.fmt = value, fmt


# (工号 as written, 姓名, 部门, figures in INQUIRY_HEAD order after 岗位)
STEADY = [9, 95, 5, 90, 98, 30, "是"]
MONTHS: dict[str, dict[str, list]] = {
    "2026-07": {
        INQUIRY: [
            ["000123", "王芳", ONE, *STEADY],
            ["000456", "李雷", ONE, 10, 96, 4, 85, 98, 30, "是"],
            ["E2001", "赵敏", ONE, 9, 96, 6, 90, 98, 30, "是"],
            ["E2002", "钱进", ONE, *STEADY],
            ["E3001", "孙丽", TWO, 12, 90, 7, 80, 95, 40, "否"],
            ["E3002", "周强", TWO, *STEADY],
        ],
    },
    "2026-08": {
        INQUIRY: [
            [Padded(123), "王芳", ONE, *STEADY],
            ["000456", "李雷", ONE, 10, 96, 4, 85, 98, 30, "是"],
            ["E2001", "赵敏", ONE, 11, 94, 8, 84, 98, 36, "是"],
            ["E2002", "钱进", ONE, *STEADY],
            ["e3001", "孙丽", TWO, 12, 90, 7, 80, 95, 40, "否"],
            ["E3002", "周强", TWO, *STEADY],
        ],
    },
    "2026-09": {
        INQUIRY: [
            [123, "王芳", ONE, *STEADY],
            ["000456", "李雷", ONE, 10, 96, 4, 85, 98, 30, "是"],
            [456, "韩梅梅", ONE, 8, 97, 3, 92, 99, 25, "是"],
            ["E2002", "钱进", TWO, *STEADY],
            ["E 3001", "孙丽", TWO, 12, 90, 7, 80, 95, 40, "否"],
            ["E3002", "周强", TWO, *STEADY],
            ["e3002", "吴刚", TWO, *STEADY],
        ],
        REPRESENTATIVE: [
            ["E2001", "赵敏", ONE, 7, 92, 4, 88, 4, 97, 6, 7, "是"],
        ],
    },
}

LEADING_ZEROS_CSV = (
    "工号,姓名,部门,岗位,期间,平均每次通话时长,30秒内答复的电话比例,客户对咨询员热情程度的打分,客户收到准确信息的时间比例\n"
    "000789,陈静,客户服务一部,客户咨询,2026-Q3,9,95,90,98\n"
    "0790,林峰,客户服务一部,客户咨询,2026-Q3,10,96,85,99\n"
)
SAME_MONTH_CSV = (
    "工号,姓名,部门,岗位,期间,平均每次通话时长,客户对咨询员热情程度的打分\n"
    "000777,张伟,客户服务一部,客户咨询,2026-07,9,90\n"
    "777,张伟,客户服务一部,客户咨询,2026-07,9,90\n"
)


def write_month(path: Path, sheets: dict[str, list]) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        head = INQUIRY_HEAD if name == INQUIRY else REPRESENTATIVE_HEAD
        ws.append(head)
        for r in rows:
            ident, rest = r[0], r[1:]
            ws.append([None, rest[0], rest[1], name, *rest[2:]])
            cell = ws.cell(row=ws.max_row, column=1)
            if isinstance(ident, Padded):
                cell.value, cell.number_format = ident.value, ident.fmt
            else:
                cell.value = ident
    wb.properties.created = wb.properties.modified = FIXED
    wb.properties.creator = "kpi tests"
    buf = io.BytesIO()
    wb.save(buf)
    # openpyxl stamps each zip entry with the current time: restamp them so the bytes never change.
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl writes the time of saving as "modified"
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + FIXED.isoformat().encode() + b"Z", data)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6]), data,
                         compress_type=zipfile.ZIP_DEFLATED)
    path.write_bytes(out.getvalue())


def main(folder: Path = HERE) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for month, sheets in MONTHS.items():
        write_month(folder / f"{month}.xlsx", sheets)
    (folder / "leading_zeros.csv").write_bytes(LEADING_ZEROS_CSV.encode("utf-8"))
    (folder / "same_month_zeros.csv").write_bytes(SAME_MONTH_CSV.encode("utf-8"))


if __name__ == "__main__":
    main()
