"""The sample quarter's ratings from several raters: the purchasing department (采购部) rated by its
supervisors, the general manager, internal customers and the employees themselves.

Written by sample_data/generate.py into sample_data/ratings/ (byte-for-byte the same on every
run, from its own seeded stream so that the other sample files do not change):

- ``2026-Q3-purchasing.csv``: the department's figures without the ratings (long format, GBK),
- ``2026-Q3-上级评分.xlsx``: each buyer's supervisor (a purchasing manager) — wide,
- ``2026-Q3-总经理评分.xlsx``: the general manager rates the two purchasing managers — wide,
- ``2026-Q3-内部客户评分.csv``: three internal customers per person — long format, UTF-8,
- ``2026-Q3-自评.xlsx``: every buyer's self-rating — wide,
- ``kpi.toml``: a rater policy (at least 3 internal customers, self-ratings shown but not scored).

The forms themselves come from ``kpi template --raters 采购 采购经理 --roster sample_data/staff.xlsx``.

Two things for HR to look at are built in: one buyer's internal customers are 2 points apart
(``rater-spread``), and one buyer was rated by only 2 internal customers (``too-few-raters``
under the policy's minimum of 3).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

FOLDER = "ratings"
GENERAL_MANAGER = "周建国"
INTERNAL_CUSTOMER_UNITS = ("物流配送部", "客户服务一部", "现场服务部")
POLICY = """\
# A rater policy for the sample ratings (kpi score … --config sample_data/ratings/kpi.toml)
[raters]
min_raters_by_measure = { internal_customer_rating = 3 }
exclude_self = true
"""


def write_ratings(out_dir: Path, company, catalogue, gen) -> list[Path]:
    """Write the rating sample files into ``out_dir/ratings``; ``gen`` is the generate module."""
    from kpi_cli.readers.raters import is_rateable

    folder = out_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    draw = gen.Draw(gen.SEED + 16)
    dept = [e for e in sorted(company.employees, key=lambda e: e.employee_id) if e.department == gen.CSV_DEPARTMENT]
    managers = [e for e in dept if e.role.code == "purchasing_manager"]
    buyers = [e for e in dept if e.role.code == "buyer"]
    others = [e for e in sorted(company.employees, key=lambda e: e.employee_id) if e.department in INTERNAL_CUSTOMER_UNITS]

    def figure(e, code: str) -> float | None:
        m = e.role.measure(code)
        units = gen.quarter_units(m, e.months[code])
        return None if units is None else units / 10 ** company.decimals[(e.role.code, code)]

    def rating(x: float, sigma: float, lift: float = 0.0) -> int:
        return int(min(5, max(1, round(x + lift + draw.normal(sigma)))))

    written = []
    # 1. the figures without the ratings (the ratings come from the raters' files)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(gen.CSV_HEADER)
    for e in dept:
        for m in e.role.all_measures:
            if is_rateable(m):
                continue
            units = gen.quarter_units(m, e.months[m.code])
            if units is None:
                value = ""
            elif m.rule == "yes_no":
                value = "是" if units else "否"
            else:
                value = gen.fmt_number(units, company.decimals[(e.role.code, m.code)])
            writer.writerow((e.employee_id, e.name, e.department, e.role.name_zh, m.name_zh, value, gen.QUARTER))
    path = folder / f"{gen.QUARTER}-purchasing.csv"
    gen.atomic_write(path, out.getvalue().encode("gb18030"))
    written.append(path)

    # 2. supervisors: each buyer's purchasing manager (buyers split between the two managers)
    sup_rows = []
    for i, b in enumerate(buyers):
        x = figure(b, "purchase_file_rating")
        if x is not None:
            sup_rows.append((b, managers[i % len(managers)].name, "上级", {"purchase_file_rating": rating(x, 0.3)}))
    written.append(_workbook(folder / f"{gen.QUARTER}-上级评分.xlsx", "采购", catalogue.role("buyer"),
                             ["purchase_file_rating"], sup_rows, gen))
    # 3. the general manager rates the purchasing managers
    gm_rows = []
    for e in managers:
        given = {c: rating(figure(e, c), 0.25) for c in ("spending_rating", "staff_management_rating") if figure(e, c) is not None}
        gm_rows.append((e, GENERAL_MANAGER, "总经理", given))
    written.append(_workbook(folder / f"{gen.QUARTER}-总经理评分.xlsx", "采购经理", catalogue.role("purchasing_manager"),
                             ["spending_rating", "staff_management_rating"], gm_rows, gen))
    # 4. internal customers: three each (one buyer only two; one buyer's raters far apart), long format
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(("工号", "姓名", "部门", "岗位", "指标", "数值", "评价人", "评价人类型", "期间"))
    for k, e in enumerate(managers + buyers):
        x = figure(e, "internal_customer_rating")
        if x is None:
            continue
        raters = [others[(7 * k + 3 * j) % len(others)] for j in range(3)]
        if e is buyers[3]:
            raters = raters[:2]
        values = [rating(x, 0.55) for _ in raters]
        if e is buyers[0]:
            values = [2, 4, 3]
        for r, v in zip(raters, values):
            writer.writerow((e.employee_id, e.name, e.department, e.role.name_zh, e.role.measure("internal_customer_rating").name_zh,
                             v, r.name, "内部客户", gen.QUARTER))
    path = folder / f"{gen.QUARTER}-内部客户评分.csv"
    gen.atomic_write(path, ("\ufeff" + out.getvalue()).encode("utf-8"))
    written.append(path)
    # 5. self-ratings: shown, not scored under the sample policy
    self_rows = []
    for b in buyers:
        given = {c: rating(figure(b, c), 0.3, lift=0.6) for c in ("purchase_file_rating", "internal_customer_rating")
                 if figure(b, c) is not None}
        self_rows.append((b, b.name, "自评", given))
    written.append(_workbook(folder / f"{gen.QUARTER}-自评.xlsx", "采购", catalogue.role("buyer"),
                             ["purchase_file_rating", "internal_customer_rating"], self_rows, gen))
    path = folder / "kpi.toml"
    gen.atomic_write(path, POLICY.encode("utf-8"))
    written.append(path)
    return written


def _workbook(path: Path, sheet: str, role, codes: list[str], rows: list, gen) -> Path:
    """A wide rating form as a rater sends it back: identity, 评价人, 评价人类型, the ratings."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"title": path.stem, "author": gen.AUTHOR, "company": "示例公司", "created": gen.CREATED})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "bg_color": "#FFF2CC", "border": 1})
    ws = wb.add_worksheet(sheet)
    headers = ["工号", "姓名", "部门", "岗位", "评价人", "评价人类型"] + [role.measure(c).name_zh for c in codes]
    for c, h in enumerate(headers):
        ws.write_string(0, c, h, head)
        ws.set_column(c, c, 12 if c < 6 else 18)
    ws.set_row(0, 36)
    ws.freeze_panes(1, 2)
    for r, (e, rater, rtype, given) in enumerate(rows, start=1):
        for c, v in enumerate((e.employee_id, e.name, e.department, role.name_zh, rater, rtype)):
            ws.write_string(r, c, v)
        for c, code in enumerate(codes, start=6):
            if code in given:
                ws.write_number(r, c, given[code])
    wb.close()
    gen.atomic_write(path, buf.getvalue())
    return path
