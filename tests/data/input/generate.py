"""Write the committed CSV fixtures of tests/test_readers.py: one small table in every encoding and separator.

Run from the repository root: python tests/data/input/generate.py
The same three employees in each file; the third has a role typed wrong (客户咨訽) so that every
file also yields one located problem.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).parent

ROWS = [
    ["工号", "姓名", "部门", "岗位", "平均每次通话时长", "30秒内答复的电话比例", "紧急事件及时报告"],
    ["E1", "张三", "客服部", "客户咨询", "8", "96%", "是"],
    ["E2", "李四", "客服部", "cs_inquiry", "1,234", "0.95", "N"],
    ["E3", "王五", "客服部", "客户咨訽", "９", "95", "√"],
]

# file name → (encoding, separator)
FILES = {
    "utf8.csv": ("utf-8", ","),
    "utf8_bom.csv": ("utf-8-sig", ","),
    "utf16.csv": ("utf-16", ","),  # with a byte-order mark, as Excel's "Unicode text" writes it
    "gbk.csv": ("gbk", ","),  # what Chinese Excel writes for "CSV (comma delimited)"
    "gb18030.csv": ("gb18030", ","),
    "semicolon.csv": ("utf-8", ";"),
    "tab.tsv": ("utf-8", "\t"),
    "pipe.txt": ("utf-8", "|"),
}


def table(rows: list[list[str]], sep: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\r\n").writerows(rows)
    return buf.getvalue()


def main() -> None:
    for name, (encoding, sep) in FILES.items():
        (HERE / name).write_bytes(table(ROWS, sep).encode(encoding))
    # Ragged rows: a short row, a long row with a value past the last header, a long row with empty extras.
    (HERE / "ragged.csv").write_bytes("工号,岗位,平均每次通话时长\nE1,客户咨询\nE2,客户咨询,5,extra\nE3,客户咨询,5,,\n".encode())
    # Long format: one figure per row, with a period column.
    (HERE / "long.csv").write_bytes(
        (
            "工号,姓名,岗位,指标,数值,期间\n"
            "E1,张三,客户咨询,call_minutes,8,2026-07\n"
            "E1,张三,客户咨询,30秒内答复的电话比例,96%,2026-07\n"
            "E1,张三,客户咨询,紧急事件及时报告,是,2026-07\n"
            "E2,李四,Customer Inquiry,Average call length,10,2026-07\n"
            "E2,李四,Customer Inquiry,bogus,1,2026-07\n"
            "E2,李四,Customer Inquiry,absences_per_year,x,2026-07\n"
        ).encode()
    )


if __name__ == "__main__":
    main()
