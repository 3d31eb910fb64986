"""Generate the sample quarter (2026-Q3) of a fictional company: three monthly workbooks, the
clean quarter workbook, its twin with the deliberate mistakes, the purchasing department's CSV
export, the roster with each person's bonus base (staff.xlsx), and the purchasing department's
ratings from several raters (ratings/, written by ratings_sample.py), all from fixed seeds.

    python sample_data/generate.py            # rewrites the files next to this script
    python sample_data/generate.py --out DIR  # writes them into DIR instead

The output is byte-for-byte the same on every run: the random numbers come only from
``random.Random(seed).random()`` (the one stream Python promises to keep) turned into normal and
binomial draws by plain arithmetic, the workbooks carry a fixed creation date, and xlsxwriter
stamps every zip entry with a fixed time. The figures follow the built-in catalogue, so rerun this
script after changing it. sample_data/README.md lists the deliberate mistakes this writes.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

try:
    from kpi_cli.catalogue import load_catalogue
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from kpi_cli.catalogue import load_catalogue

from kpi_cli.catalogue.model import Measure, Role
from kpi_cli.cells import column_letter
from kpi_cli.periods import BASIS_MONTHS

SEED = 20260930
QUARTER = "2026-Q3"
MONTHS = ("2026-07", "2026-08", "2026-09")
CREATED = datetime(2026, 10, 9, 9, 30, 0)  # the workbooks' fixed creation / modification date
AUTHOR = "人力资源部"
CSV_NAME = f"{QUARTER}-purchasing.csv"
MISTAKES_NAME = f"{QUARTER}-mistakes.xlsx"  # the quarter file with the deliberate mistakes
ROSTER_NAME = "staff.xlsx"  # the roster: who is who, and each person's bonus base (绩效工资基数)
ROSTER_HEADER = ("工号", "姓名", "部门", "岗位", "绩效工资基数")
CSV_DEPARTMENT = "采购部"
CSV_HEADER = ("工号", "姓名", "部门", "岗位", "指标", "数值", "期间")
IDENTITY_ZH = ("工号", "姓名", "部门", "岗位")
# The one sheet exported by an English-language system: English sheet name, headers and role
# name, identity columns in another order and the measures in reverse order.
ENGLISH_ROLE = "inplant_distribution_manager"
ENGLISH_IDENTITY = ("Name", "Employee ID", "Role", "Department")
ENGLISH_IDENTITY_FIELDS = ("name", "employee_id", "role", "department")

# role code → (head count, org units in turn). The org unit is the company's, not the catalogue's.
ROSTER_PLAN: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("cs_manager", 2, ("客户服务一部", "客户服务二部")),
    ("cs_inquiry", 12, ("客户服务一部", "客户服务二部")),
    ("cs_coordinator", 4, ("客户服务一部", "客户服务二部")),
    ("quality_service_manager", 2, ("客户服务一部", "客户服务二部")),
    ("field_service_manager", 2, ("现场服务部",)),
    ("regional_claims_manager", 2, ("理赔部",)),
    ("property_claims_manager", 2, ("理赔部",)),
    ("field_service_specialist", 8, ("现场服务部",)),
    ("claims_processor", 9, ("理赔部",)),
    ("department_claims_manager", 3, ("理赔部",)),
    ("casualty_claims_manager", 2, ("理赔部",)),
    ("cs_representative", 14, ("客户服务一部", "客户服务二部")),
    ("distribution_coordinator", 5, ("物流配送部",)),
    ("purchasing_manager", 2, ("采购部",)),
    ("inplant_distribution_manager", 2, ("物流配送部",)),
    ("distribution_manager", 2, ("物流配送部",)),
    ("buyer", 7, ("采购部",)),
)

# Performance levels: (how many of the 80, the employee's quality q). q = 0 meets the standard,
# q = 1 is at "excellent", q = -1 at the floor; each measure and month adds its own noise.
LEVELS = ((8, 1.0), (14, 0.45), (38, -0.1), (14, -0.45), (6, -0.85))

SURNAMES = (
    "王王王王王李李李李李张张张张张刘刘刘刘陈陈陈陈杨杨杨黄黄赵赵吴吴周周"
    "徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔"
    "钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙陶贺顾毛郝龚邵万钱严武戴孔汤"
)
GIVEN_TWO = (
    "建国 建华 建军 志强 志明 志刚 国强 国庆 海涛 海燕 晓燕 晓东 晓峰 晓丽 丽娟 丽华 秀英 秀兰 秀梅 "
    "桂英 玉兰 玉梅 红梅 红霞 雪梅 春燕 春梅 文静 文杰 俊杰 婷婷 佳佳 丹丹 晶晶 思琪 雨婷 梦瑶 嘉欣 "
    "佳怡 欣怡 宇航 浩然 子豪 一帆 志远 明辉 伟东 立新 振华 永刚 金凤 美玲 雅琴 慧敏 凤英 淑芬 亚楠 "
    "晨阳 博文"
).split()
GIVEN_ONE = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚鹏琳倩颖丹斌宁欣慧蕾昊凯辉健波燕萍红华"

# Counts kept with decimals: suggestions per staff member is a count divided by the head count.
FRACTIONAL_COUNTS = {"suggestions_per_staff": 2}
DECIMALS_BY_UNIT = {
    "percent": 1,
    "change_pct": 1,
    "score": 1,
    "rating": 1,
    "minutes": 1,
    "hours": 1,
    "days": 1,
    "weeks": 1,
    "seconds": 0,
    "ratio": 2,
    "count": 0,
    "yes_no": 0,
    "reduction_pct": 1,
    "pp_change": 1,
    "count_change": 0,
}

# Not assessed this quarter: (role, n-th employee of the role by id, measure) — blank in every file.
BLANKS = (
    ("cs_inquiry", 5, "friendliness_score"),
    ("cs_representative", 3, "customer_rating"),
    ("field_service_manager", 1, "renewal_proposal_weeks_ahead"),
    ("regional_claims_manager", 2, "staff_survey_rating"),
    ("regional_claims_manager", 2, "decisions_respected_rating"),
    ("claims_processor", 7, "other_units_backup_rating"),
    ("distribution_manager", 1, "carrier_review_done"),
    ("buyer", 2, "internal_customer_rating"),
)
# On leave most of the quarter: only these measures were assessed (coverage 25% < 50%).
MOSTLY_BLANK = ("cs_coordinator", 3, ("records_up_to_date_pct", "orders_before_contract_expiry", "planning_rating"))
# A yes/no that was 否 in one month only: the quarter says 否 (是 only when 是 in every month).
YES_NO_LAPSE = ("cs_inquiry", 4, "emergency_reporting", 1)  # month index 1 = August
MISSING_FROM_MONTH = ("field_service_specialist", 4, 1)  # left out of 2026-08.xlsx
# Deliberate mistakes of 2026-Q3.xlsx: (role, n-th employee, measure or field, value written).
BAD_CELLS = (
    ("cs_inquiry", 2, "call_minutes", "N/A", "not-a-number"),
    ("cs_representative", 5, "friendliness_score", "九十", "not-a-number"),
    ("distribution_coordinator", 2, "on_time_delivery_pct", 120, "out-of-range"),
    ("claims_processor", 3, "file_access_rating", 6, "out-of-range"),
)
UNKNOWN_ROLE = ("cs_representative", 9, "客服专员")
DUPLICATE = ("claims_processor", 6)


# --- random numbers from random() alone, so every Python version draws the same ------------------
class Draw:
    def __init__(self, seed: int) -> None:
        self._r = random.Random(seed)

    def uniform(self) -> float:
        return self._r.random()

    def normal(self, sigma: float = 1.0) -> float:
        """Irwin–Hall: twelve uniforms minus six is close to a standard normal."""
        return (sum(self._r.random() for _ in range(12)) - 6.0) * sigma

    def below(self, n: int) -> int:
        return min(int(self._r.random() * n), n - 1)

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def shuffled(self, seq) -> list:
        out = list(seq)
        for i in range(len(out) - 1, 0, -1):
            j = self.below(i + 1)
            out[i], out[j] = out[j], out[i]
        return out

    def binomial(self, n: int, p: float) -> int:
        p = min(max(p, 0.0), 1.0)
        return sum(1 for _ in range(n) if self._r.random() < p)


# --- the company --------------------------------------------------------------------------------
@dataclass
class Employee:
    employee_id: str
    name: str
    department: str
    role: Role
    q: float
    # measure code → three monthly figures in integer units of 10**-decimals (None = blank)
    months: dict[str, list[int | None]] = field(default_factory=dict)


@dataclass
class Mistake:
    file: str
    sheet: str
    cell: str
    employee_id: str
    value: object
    problem: str
    what: str


@dataclass
class Company:
    employees: list[Employee]
    decimals: dict[tuple[str, str], int]  # (role, measure) → decimals of its figures
    mistakes: list[Mistake] = field(default_factory=list)
    blanks: list[tuple[str, str]] = field(default_factory=list)  # (employee id, measure)
    mostly_blank: str = ""
    yes_no_lapse: tuple[str, str] = ("", "")
    missing_from_month: tuple[str, str] = ("", "")  # (employee id, month)
    # what the writer puts instead of the right figure: (file, employee id, measure, row) → value
    overrides: dict[tuple[str, str, str, int], object] = field(default_factory=dict)
    role_label_override: dict[tuple[str, str], str] = field(default_factory=dict)  # (file, id) → 岗位

    def by_role(self, code: str) -> list[Employee]:
        return sorted((e for e in self.employees if e.role.code == code), key=lambda e: e.employee_id)

    def nth(self, code: str, n: int) -> Employee:
        return self.by_role(code)[n - 1]


def decimals_of(measure: Measure) -> int:
    if measure.code in FRACTIONAL_COUNTS:
        return FRACTIONAL_COUNTS[measure.code]
    return DECIMALS_BY_UNIT.get(measure.unit, 1)


def to_units(x: float, d: int) -> int:
    return int((x * 10**d) + 0.5) if x >= 0 else -int((-x * 10**d) + 0.5)


def centre(measure: Measure, q: float, factor: float = 1.0) -> float:
    """The figure of an employee of quality q: the target at 0, excellent at 1, the floor at -1."""
    p = measure.params
    if measure.rule == "rating":
        return 3.2 + 1.1 * q
    t = p["target"] * factor
    e = None if p.get("excellent") is None else p["excellent"] * factor
    if measure.rule == "higher":
        f = p["floor"] * factor
        up = (e - t) if e is not None else 0.5 * (t - f)
        return t + q * (up if q >= 0 else (t - f))
    c = p["ceiling"] * factor
    down = (t - e) if e is not None else 0.5 * (c - t)
    return t - q * (down if q >= 0 else (c - t))


def clamp(measure: Measure, x: float) -> float:
    lo, hi = measure.domain
    if measure.unit in ("minutes", "hours", "days", "weeks", "seconds") and measure.params.get("target"):
        lo = 0.3 * measure.params["target"]  # nobody answers a call in no time at all
    if lo is not None:
        x = max(x, lo)
    if hi is not None:
        x = min(x, hi)
    return x


def exact_mean(units: list[int], lo: int | None, hi: int | None) -> list[int]:
    """Nudge one month by a unit or two so the three months' mean has the months' own decimals."""
    r = sum(units) % 3
    if r == 0:
        return units
    moves = (-1, 2) if r == 1 else (1, -2)
    for i in (2, 1, 0):
        for step in moves:
            v = units[i] + step
            if (lo is None or v >= lo) and (hi is None or v <= hi):
                return units[:i] + [v] + units[i + 1 :]
    raise AssertionError(f"cannot make {units} divisible by 3")


def monthly_figures(measure: Measure, q: float, draw: Draw) -> list[int]:
    d = decimals_of(measure)
    if measure.rule == "yes_no":
        yes = q + draw.normal(0.3) > -0.8
        return [int(yes)] * 3
    qm = q + draw.normal(0.35)
    if measure.unit == "count" and measure.aggregate == "sum":
        # A count: each of 30 days may bring an event, at the rate that gives the figure for a month.
        factor = 1 / BASIS_MONTHS[measure.basis] if measure.basis else 1 / 3
        rate = max(centre(measure, qm, factor), 0.03)
        if measure.code in FRACTIONAL_COUNTS:
            staff = 8 + draw.below(8)
            return [to_units(draw.binomial(30, rate * staff / 30) / staff, d) for _ in range(3)]
        return [draw.binomial(30, rate / 30) for _ in range(3)]
    units = [to_units(clamp(measure, centre(measure, qm + draw.normal(0.2))), d) for _ in range(3)]
    lo, hi = measure.domain
    lo_u = None if lo is None else to_units(clamp(measure, lo), d)
    hi_u = None if hi is None else to_units(hi, d)
    return exact_mean(units, lo_u, hi_u)


def quarter_units(measure: Measure, months: list[int | None]) -> int | None:
    """The quarter's figure from the months, in the same units: sum, mean, or 是 only if every month."""
    present = [u for u in months if u is not None]
    if not present:
        return None
    if measure.rule == "yes_no":
        return min(present)
    if measure.aggregate == "sum":
        return sum(present)
    assert sum(present) % len(present) == 0, (measure.code, months)
    return sum(present) // len(present)


def build_company(catalogue) -> Company:
    draw = Draw(SEED)
    plan = [(catalogue.role(code), n, units) for code, n, units in ROSTER_PLAN]
    total = sum(n for _, n, _ in plan)
    assert total == sum(n for n, _ in LEVELS), "the performance levels must cover every employee"
    ids = draw.shuffled(range(1001, 1001 + total))
    qualities = draw.shuffled([q for n, q in LEVELS for _ in range(n)])
    names: set[str] = set()
    employees: list[Employee] = []
    for role, n, units in plan:
        for i in range(n):
            while True:
                given = draw.choice(GIVEN_ONE) if draw.uniform() < 0.35 else draw.choice(GIVEN_TWO)
                name = draw.choice(SURNAMES) + given
                if name not in names:
                    names.add(name)
                    break
            k = len(employees)
            employees.append(Employee(f"E{ids[k]}", name, units[i % len(units)], role, qualities[k]))
    decimals = {(r.code, m.code): decimals_of(m) for r in catalogue for m in r.all_measures}
    company = Company(employees, decimals)
    for e in sorted(employees, key=lambda e: e.employee_id):
        for m in e.role.all_measures:
            e.months[m.code] = monthly_figures(m, e.q, draw)
    # Half-yearly and yearly measures are not due in a quarter: HR leaves them blank in its files.
    for e in employees:
        for m in e.role.all_measures:
            if m.cycle_months > 3:
                e.months[m.code] = [None, None, None]

    for code, n, measure in BLANKS:
        e = company.nth(code, n)
        e.months[measure] = [None, None, None]
        company.blanks.append((e.employee_id, measure))
    code, n, kept = MOSTLY_BLANK
    e = company.nth(code, n)
    for m in e.role.all_measures:
        if m.code not in kept:
            e.months[m.code] = [None, None, None]
    weights = e.role.effective_weights()
    assert sum(weights[c] for c in kept) < 100 * catalogue.coverage_threshold
    company.mostly_blank = e.employee_id
    code, n, measure, month = YES_NO_LAPSE
    e = company.nth(code, n)
    e.months[measure] = [1, 1, 1]
    e.months[measure][month] = 0
    company.yes_no_lapse = (e.employee_id, measure)
    return company


# --- writing ----------------------------------------------------------------------------------
def sheet_name(role: Role) -> str:
    return role.name_en if role.code == ENGLISH_ROLE else role.name_zh


def sheet_layout(role: Role) -> list[tuple[str, str]]:
    """(field or measure code, header) per column, in the sheet's column order."""
    if role.code == ENGLISH_ROLE:
        return list(zip(ENGLISH_IDENTITY_FIELDS, ENGLISH_IDENTITY)) + [
            (m.code, m.name_en) for m in reversed(role.all_measures)
        ]
    fields = ("employee_id", "name", "department", "role")
    return list(zip(fields, IDENTITY_ZH)) + [(m.code, m.name_zh) for m in role.all_measures]


def cell_value(measure: Measure, units: int | None, d: int, monthly: bool):
    """What goes into the cell: 是/否, an Excel percent (0.953) in monthly files, or a number."""
    if units is None:
        return None
    if measure.rule == "yes_no":
        return "是" if units else "否"
    if measure.unit == "percent" and monthly:
        return units / 10 ** (d + 2)
    return units // 10**d if d == 0 else units / 10**d


def write_workbook(path: Path, company: Company, catalogue, month: int | None, mistakes: bool = False) -> None:
    """One period's workbook: a sheet per role; ``month`` is 0–2, or None for the quarter;
    ``mistakes``: with the deliberate mistakes (the quarter file's twin for `kpi validate`)."""
    import xlsxwriter

    monthly = month is not None
    file_name = path.name
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"title": f"KPI {file_name[:-5]}", "author": AUTHOR, "company": "示例公司", "created": CREATED})
    head = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "align": "center",
                          "bg_color": "#DDEBF7", "border": 1})
    pct = wb.add_format({"num_format": "0.0%"})
    for role in catalogue:
        layout = sheet_layout(role)
        ws = wb.add_worksheet(sheet_name(role))
        ws.freeze_panes(1, 2)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        english = role.code == ENGLISH_ROLE
        ws.set_row(0, 64 if english else 48)
        for col, (key, header) in enumerate(layout):
            ws.write_string(0, col, header, head)
            if key == "department":
                ws.set_column(col, col, 13)
            elif key in ("employee_id", "name"):
                ws.set_column(col, col, 9 if key == "employee_id" else 8)
            elif key == "role":
                ws.set_column(col, col, 27 if english else 14)
            else:
                ws.set_column(col, col, 18 if english else 14)
        rows = company.by_role(role.code)
        if monthly and month == 1:
            rows = [e for e in rows if e.employee_id != company.missing_from_month[0]]
        if mistakes and DUPLICATE[0] == role.code:
            rows = rows + [company.nth(*DUPLICATE)]
        for r, e in enumerate(rows, start=1):
            for col, (key, _) in enumerate(layout):
                if key in ("employee_id", "name", "department", "role"):
                    value = {
                        "employee_id": e.employee_id,
                        "name": e.name,
                        "department": e.department,
                        "role": sheet_name(role),
                    }[key]
                    value = company.role_label_override.get((file_name, e.employee_id), value) if key == "role" else value
                    ws.write_string(r, col, value)
                    continue
                m = role.measure(key)
                units = e.months[key][month] if monthly else quarter_units(m, e.months[key])
                v = cell_value(m, units, company.decimals[(role.code, key)], monthly)
                v = company.overrides.get((file_name, e.employee_id, key, r + 1), v)
                if v is None:
                    continue
                if isinstance(v, str):
                    ws.write_string(r, col, v)
                else:
                    ws.write_number(r, col, v, pct if (monthly and m.unit == "percent") else None)
    wb.close()
    atomic_write(path, buf.getvalue())


def fmt_number(units: int, d: int) -> str:
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), 10**d)
    frac_s = f"{frac:0{d}d}".rstrip("0") if d else ""
    return f"{sign}{whole}.{frac_s}" if frac_s else f"{sign}{whole}"


def csv_bytes(company: Company) -> bytes:
    """The purchasing department's quarter in long format, as an HRIS writes it for Chinese Excel."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for e in sorted(company.employees, key=lambda e: e.employee_id):
        if e.department != CSV_DEPARTMENT:
            continue
        for m in e.role.all_measures:
            units = quarter_units(m, e.months[m.code])
            if units is None:
                value = ""
            elif m.rule == "yes_no":
                value = "是" if units else "否"
            else:
                value = fmt_number(units, company.decimals[(e.role.code, m.code)])
            writer.writerow((e.employee_id, e.name, e.department, e.role.name_zh, m.name_zh, value, QUARTER))
    return out.getvalue().encode("gb18030")


def atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# --- the deliberate mistakes ------------------------------------------------------------------
def plan_mistakes(company: Company) -> None:
    """Record where each deliberate mistake goes (file, sheet, cell) and what the writer changes."""
    qfile = MISTAKES_NAME

    def cell(role: Role, e: Employee, key: str, row: int | None = None) -> tuple[str, int]:
        col = [k for k, _ in sheet_layout(role)].index(key)
        row = row or company.by_role(role.code).index(e) + 2
        return f"{column_letter(col)}{row}", row

    for code, n, key, value, problem in BAD_CELLS:
        e = company.nth(code, n)
        ref, row = cell(e.role, e, key)
        m = e.role.measure(key)
        right = cell_value(m, quarter_units(m, e.months[key]), company.decimals[(code, key)], False)
        company.overrides[(qfile, e.employee_id, key, row)] = value
        what = {
            "not-a-number": f"text in a number column ({m.name_zh}; the right figure is {right})",
            "out-of-range": (
                f"a rating of {value} on the 1–5 scale ({m.name_zh}; the right figure is {right})"
                if m.rule == "rating"
                else f"a percent above 100 ({m.name_zh}; the right figure is {right})"
            ),
        }[problem]
        company.mistakes.append(Mistake(qfile, sheet_name(e.role), ref, e.employee_id, value, problem, what))

    code, n, label = UNKNOWN_ROLE
    e = company.nth(code, n)
    ref, _ = cell(e.role, e, "role")
    company.role_label_override[(qfile, e.employee_id)] = label
    company.mistakes.append(Mistake(qfile, sheet_name(e.role), ref, e.employee_id, label, "unknown-role",
                                    f"a role name not in the catalogue (should be {e.role.name_zh})"))

    code, n = DUPLICATE
    e = company.nth(code, n)
    first, _ = cell(e.role, e, "employee_id")
    second, _ = cell(e.role, e, "employee_id", row=len(company.by_role(code)) + 2)
    company.mistakes.append(Mistake(qfile, sheet_name(e.role), f"{first}, {second}", e.employee_id, e.employee_id,
                                    "duplicate-employee", "the same person listed twice (row copied to the end)"))

    code, n, month = MISSING_FROM_MONTH
    e = company.nth(code, n)
    company.missing_from_month = (e.employee_id, MONTHS[month])
    company.mistakes.append(Mistake(f"{MONTHS[month]}.xlsx", sheet_name(e.role), "—", e.employee_id, None,
                                    "employee-missing-month", "employee left out of the August file (present in July, "
                                    "September and the quarter file)"))

    e = company.by_role(MOSTLY_BLANK[0])[MOSTLY_BLANK[1] - 1]
    row = company.by_role(e.role.code).index(e) + 2
    company.mistakes.append(Mistake("all five workbooks", sheet_name(e.role), f"row {row}", e.employee_id, None,
                                    "incomplete", "5 of 8 measures blank: coverage 25% < 50%, so no grade"))


def generate(out_dir: Path) -> Company:
    """Write every sample file into ``out_dir``; returns the company (for tests and the summary)."""
    catalogue = load_catalogue()
    company = build_company(catalogue)
    plan_mistakes(company)
    out_dir.mkdir(parents=True, exist_ok=True)
    for i, month in enumerate(MONTHS):
        write_workbook(out_dir / f"{month}.xlsx", company, catalogue, i)
    write_workbook(out_dir / f"{QUARTER}.xlsx", company, catalogue, None)
    write_workbook(out_dir / MISTAKES_NAME, company, catalogue, None, mistakes=True)
    atomic_write(out_dir / CSV_NAME, csv_bytes(company))
    write_roster(out_dir / ROSTER_NAME, company, bonus_bases(company))
    _ratings_module().write_ratings(out_dir, company, catalogue, sys.modules[__name__])
    return company


# --- the roster with bonus bases --------------------------------------------------------------
def bonus_bases(company: Company) -> dict[str, str]:
    """employee id → 绩效工资基数 as written (yuan, two decimals), from a seed of its own so that
    the figures above do not change: managers 12,000–16,000, others 6,000–9,500, in steps of 50;
    two bases with cents (E1008, E1005), whose payouts at C 0.8 and D 0.5 show the rounding to the cent."""
    draw = Draw(SEED + 1)
    out = {}
    for e in sorted(company.employees, key=lambda e: e.employee_id):
        manager = "经理" in e.role.name_zh or "管理" in e.role.name_zh
        lo, steps = (12000, 80) if manager else (6000, 70)
        out[e.employee_id] = f"{lo + 50 * draw.below(steps + 1)}.00"
    for eid, base in BASES_WITH_CENTS:
        out[eid] = base
    return out


# Bases with cents: 7,654.33 × 0.8 = 6,123.464 → 6,123.46; 8,123.45 × 0.5 = 4,061.725 → 4,061.73.
BASES_WITH_CENTS = (("E1008", "7654.33"), ("E1005", "8123.45"))


def write_roster(path: Path, company: Company, bases: dict[str, str]) -> None:
    """staff.xlsx: one row per employee (工号, 姓名, 部门, 岗位, 绩效工资基数), sorted by 工号;
    the base as a number cell with two decimals shown."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False})
    wb.set_properties({"title": "花名册", "author": AUTHOR, "company": "示例公司", "created": CREATED})
    head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    money = wb.add_format({"num_format": "#,##0.00"})
    ws = wb.add_worksheet("花名册")
    ws.freeze_panes(1, 2)
    for col, (header, width) in enumerate(zip(ROSTER_HEADER, (9, 8, 13, 16, 14))):
        ws.write_string(0, col, header, head)
        ws.set_column(col, col, width)
    for r, e in enumerate(sorted(company.employees, key=lambda e: e.employee_id), start=1):
        for col, value in enumerate((e.employee_id, e.name, e.department, e.role.name_zh)):
            ws.write_string(r, col, value)
        ws.write_number(r, 4, float(bases[e.employee_id]), money)
    wb.close()
    atomic_write(path, buf.getvalue())


def _ratings_module():
    """sample_data/ratings_sample.py (the ratings from several raters), loaded beside this script."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("sample_data_ratings", Path(__file__).resolve().parent / "ratings_sample.py")
    module = importlib.util.module_from_spec(spec)
    keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in sample_data/
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = keep
    return module


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent,
                        help="folder to write into (default: the folder of this script)")
    args = parser.parse_args(argv)
    company = generate(args.out)
    roles = {e.role.code for e in company.employees}
    print(f"{len(company.employees)} employees, {len(roles)} roles → {args.out}")
    for m in company.mistakes:
        print(f"  {m.file} | {m.sheet} | {m.cell} | {m.employee_id} | {m.value!r} | {m.problem}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
