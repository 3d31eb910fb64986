"""Seeded benchmark inputs: N employees over all 17 roles, in the layout `kpi template` writes.

    python benchmarks/generate.py 100000                 # → benchmarks/out/data/n100000/
    python benchmarks/generate.py 10000 --out DIR --seed 8

Writes, for the quarter 2026-Q3 (the period is in every file name, so `kpi score` finds it):

- ``2026-Q3.xlsx``: the template's layout filled in — an instructions sheet, one sheet per role
  (named after the role, row 1 = 工号 / 姓名 / 部门 / 岗位 and one column per measure of
  ``role.all_measures`` with the template's number formats: percent cells hold 0.954 formatted
  ``0.0%``, yes/no cells 是/否), and the hidden ``_kpi`` sheet mapping every column to its measure.
  The template's data-validation rules are left out (the readers never look at them).
- ``csv/2026-Q3-<role>.csv``: the same figures as one wide CSV per role (17 files, UTF-8 with
  BOM), each with the role sheet's header row and cells; percents are plain numbers (95.4) and
  yes/no 是/否, as an HRIS export writes them. (The readers also take one wide CSV holding
  several roles, but its header would be the union of ~150 measure columns, mostly empty; one
  file per role holds exactly the workbook's cells, so the two reads compare like with like.)
- ``2026-07.xlsx``, ``2026-08.xlsx``, ``2026-09.xlsx``: the same people month by month (counts
  about a third of the quarter's, rates and ratings around the same level), for the
  quarter-export benchmark (`kpi export --period 2026-Q3` combines them).
- ``generate.json``: what was generated (size, seed, files), so the runner can reuse the files.

Figures are plausible around each measure's parameters: every employee has a quality q (0 = meets
the standard, +1 = excellent, -1 = the floor) and each figure adds its own noise; counts are
Poisson draws at the rate that gives the figure, ratings 3.2 + 1.1·q on the 1–5 scale, yes/no
mostly 是. About 0.5% of figures are left blank (not assessed); nothing is invalid, so
`kpi validate` reports no errors. The same size and seed give the same figures (numpy's
``default_rng``, for a given numpy version).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

try:
    import kpi_cli  # noqa: F401
except ImportError:  # run from a checkout without the package installed
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kpi_cli.catalogue import load_catalogue
from kpi_cli.catalogue.model import Catalogue, Measure, Role
from kpi_cli.readers.identity import identity_label
from kpi_cli.meta_sheet import META_SHEET, column_row, measure_field, meta_row, write_meta_sheet
from kpi_cli.periods import BASIS_MONTHS, Period, parse_period
from kpi_cli.cells import column_letter
from kpi_cli.reports.template_workbook import IDENTITY_COLUMNS, number_format
from kpi_cli.xlsx_safe import sheet_name

GENERATOR_VERSION = 2  # bump when the output changes, so cached files are regenerated
DEFAULT_SEED = 8
DEFAULT_PERIOD = "2026-Q3"
DEFAULT_OUT = Path(__file__).resolve().parent / "out" / "data"
BLANK_RATE = 0.005
LANG = "zh"

# Head count per role in 80 people (as in sample_data/): the shares every size follows.
ROLE_SHARES = {
    "cs_manager": 2, "cs_inquiry": 12, "cs_coordinator": 4, "quality_service_manager": 2,
    "field_service_manager": 2, "regional_claims_manager": 2, "property_claims_manager": 2,
    "field_service_specialist": 8, "claims_processor": 9, "department_claims_manager": 3,
    "casualty_claims_manager": 2, "cs_representative": 14, "distribution_coordinator": 5,
    "purchasing_manager": 2, "inplant_distribution_manager": 2, "distribution_manager": 2, "buyer": 7,
}
# Org units: a family of roles, split into units of about UNIT_SIZE people.
FAMILIES = {
    "客户服务": ("cs_manager", "cs_inquiry", "cs_coordinator", "quality_service_manager", "cs_representative"),
    "现场服务": ("field_service_manager", "field_service_specialist"),
    "理赔": ("regional_claims_manager", "property_claims_manager", "claims_processor",
             "department_claims_manager", "casualty_claims_manager"),
    "物流配送": ("distribution_coordinator", "inplant_distribution_manager", "distribution_manager"),
    "采购": ("purchasing_manager", "buyer"),
}
UNIT_SIZE = 2500
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔")
GIVEN = (
    "建国 建华 志强 志明 国强 海涛 晓燕 晓东 丽娟 秀英 玉兰 红梅 雪梅 春燕 文静 俊杰 婷婷 思琪 雨婷 嘉欣 "
    "欣怡 宇航 浩然 子豪 一帆 明辉 立新 振华 美玲 慧敏 亚楠 博文 伟 芳 娜 敏 静 强 磊 军 洋 勇 艳 杰 涛 超"
).split()
DECIMALS = {"percent": 1, "change_pct": 1, "reduction_pct": 1, "pp_change": 1, "count_change": 0, "score": 1, "rating": 1,
            "minutes": 1, "hours": 1, "days": 1,
            "weeks": 1, "months": 1, "seconds": 0, "ratio": 2, "count": 0, "yes_no": 0}
DURATIONS = ("seconds", "minutes", "hours", "days", "weeks", "months")


@dataclass
class Staff:
    """The generated company: one row per employee (arrays), grouped by role."""

    ids: np.ndarray  # object
    names: np.ndarray
    departments: np.ndarray
    roles: dict[str, np.ndarray]  # role code → positions of its employees (sorted by id)
    quality: np.ndarray


# --- the company ---------------------------------------------------------------------------------
def role_counts(n: int, catalogue: Catalogue) -> dict[str, int]:
    """Employees per role: the shares of ROLE_SHARES (largest remainder), at least one each."""
    codes = [r.code for r in catalogue.roles]
    if n < len(codes):
        raise ValueError(f"need at least {len(codes)} employees (one per role), got {n}")
    w = np.array([ROLE_SHARES.get(c, 1) for c in codes], dtype=float)
    rest = n - len(codes)
    exact = rest * w / w.sum()
    base = np.floor(exact).astype(int)
    order = np.argsort(-(exact - base), kind="stable")
    base[order[: rest - base.sum()]] += 1
    return {c: int(k) + 1 for c, k in zip(codes, base)}


def build_staff(n: int, catalogue: Catalogue, rng: np.random.Generator) -> Staff:
    counts = role_counts(n, catalogue)
    role_of = np.repeat(np.array(list(counts), dtype=object), list(counts.values()))
    id_numbers = rng.permutation(n) + 1
    width = max(6, len(str(n)))
    ids = np.array([f"E{k:0{width}d}" for k in id_numbers], dtype=object)
    names = np.array([SURNAMES[a] + GIVEN[b] for a, b in zip(rng.integers(0, len(SURNAMES), n),
                                                                rng.integers(0, len(GIVEN), n))], dtype=object)
    departments = np.empty(n, dtype=object)
    family_of = {code: fam for fam, codes in FAMILIES.items() for code in codes}
    for fam in FAMILIES:
        members = np.flatnonzero(np.array([family_of.get(r, "") == fam for r in role_of]))
        units = max(1, round(len(members) / UNIT_SIZE))
        departments[members] = np.array([f"{fam}{k + 1}部" for k in range(units)], dtype=object)[
            rng.integers(0, units, len(members))]
    other = np.array([d is None for d in departments])
    departments[other] = "综合部"
    quality = np.clip(rng.normal(0.0, 0.45, n), -1.4, 1.4)
    roles = {}
    for code in counts:
        pos = np.flatnonzero(role_of == code)
        roles[code] = pos[np.argsort(ids[pos], kind="stable")]
    return Staff(ids, names, departments, roles, quality)


# --- figures -------------------------------------------------------------------------------------
def decimals_of(m: Measure) -> int:
    if m.unit == "count" and not all(float(v).is_integer() for v in _thresholds(m)):
        return 2  # a fractional count standard (suggestions per staff member)
    return DECIMALS.get(m.unit, 1)


def _thresholds(m: Measure) -> list[float]:
    return [float(m.params[k]) for k in ("target", "excellent", "floor", "ceiling") if m.params.get(k) is not None]


def centre(m: Measure, q: np.ndarray, factor: float) -> np.ndarray:
    """The figure of quality q: the target at 0, excellent at +1, the floor (ceiling) at -1."""
    p = m.params
    if m.rule == "rating":
        return 3.2 + 1.1 * q
    t = p["target"] * factor
    e = None if p.get("excellent") is None else p["excellent"] * factor
    if m.rule == "higher":
        f = p["floor"] * factor
        up = (e - t) if e is not None else 0.5 * (t - f)
        return t + np.where(q >= 0, q * up, q * (t - f))
    c = p["ceiling"] * factor
    down = (t - e) if e is not None else 0.5 * (c - t)
    return t - np.where(q >= 0, q * down, q * (c - t))


def clamp(m: Measure, x: np.ndarray) -> np.ndarray:
    lo, hi = m.domain
    if m.unit in DURATIONS and m.params.get("target"):
        lo = 0.3 * m.params["target"]  # nobody answers a call in no time at all
    if lo is not None:
        x = np.maximum(x, lo)
    if hi is not None:
        x = np.minimum(x, hi)
    return x


def is_count_sum(m: Measure) -> bool:
    return m.unit == "count" and m.aggregate == "sum"


def figures(m: Measure, q: np.ndarray, rng: np.random.Generator, months: int, scored_months: int | None = None
            ) -> np.ndarray:
    """Figures of ``m`` for a period of ``months`` months (NaN = blank); yes/no as 1/0. A measure
    whose assessment cycle is longer than the period scored (``scored_months``) is left blank, as
    HR leaves it (a figure there is only a warning)."""
    n = len(q)
    qm = q + rng.normal(0.0, 0.35, n)
    if m.rule == "yes_no":
        x = (qm > -0.9).astype(float)
    elif is_count_sum(m):
        factor = months / BASIS_MONTHS[m.basis] if m.basis else months / 3
        lam = np.maximum(centre(m, qm, factor), 0.03)
        d = decimals_of(m)
        if d:
            x = np.round(np.maximum(rng.normal(lam, 0.15 * lam + 0.05), 0.0), d)
        else:
            x = rng.poisson(lam).astype(float)
    else:
        x = np.round(clamp(m, centre(m, qm, 1.0)), decimals_of(m))
    x[rng.random(n) < BLANK_RATE] = np.nan
    if not m.due(scored_months or months):
        x[:] = np.nan
    return x


def role_figures(role: Role, q: np.ndarray, rng: np.random.Generator, months: int,
                 scored_months: int | None = None) -> dict[str, np.ndarray]:
    return {m.code: figures(m, q, rng, months, scored_months) for m in role.all_measures}


# --- writing -------------------------------------------------------------------------------------
def _temp_path(path: Path) -> Path:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    return tmp


def write_xlsx(path: Path, staff: Staff, catalogue: Catalogue, data: dict[str, dict[str, np.ndarray]],
               period: Period) -> None:
    """One workbook in the template's layout, filled in (see the module docstring)."""
    import xlsxwriter

    tmp = _temp_path(path)
    wb = xlsxwriter.Workbook(str(tmp), {"constant_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": f"KPI {period.code}", "author": "kpi benchmarks"})
    head_id = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "bg_color": "#D9E1F2"})
    head_m = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "bg_color": "#E2EFDA"})
    formats: dict[str, object] = {}

    def fmt(code: str):
        if code not in formats:
            formats[code] = wb.add_format({"num_format": code, "valign": "top"})
        return formats[code]

    taken = {META_SHEET.casefold()}
    intro = wb.add_worksheet(sheet_name("填写说明", taken))
    intro.write_string(0, 0, f"KPI 考核数据 {period.code}（基准测试生成：{len(staff.ids):,} 名员工）")
    meta_rows = [meta_row("generator", "kpi benchmarks/generate.py"), meta_row("period", period.code), meta_row("lang", LANG)]
    sheets = []
    for role in catalogue.roles:
        name = sheet_name(role.name(LANG), taken)
        sheets.append((role, name, wb.add_worksheet(name)))
    meta = wb.add_worksheet(META_SHEET)
    yes, no = "是", "否"
    for role, name, ws in sheets:
        measures = role.all_measures
        for c, f in enumerate(IDENTITY_COLUMNS):
            label = identity_label(f, LANG)
            ws.write_string(0, c, label, head_id)
            meta_rows.append(column_row(name, column_letter(c), role.code, f, label))
            ws.set_column(c, c, 12, fmt("@"))
        for i, m in enumerate(measures):
            c = len(IDENTITY_COLUMNS) + i
            ws.write_string(0, c, m.name(LANG), head_m)
            meta_rows.append(column_row(name, column_letter(c), role.code, measure_field(m.code), m.name(LANG)))
            ws.set_column(c, c, 14, fmt(number_format(m)))
        ws.freeze_panes(1, len(IDENTITY_COLUMNS))
        pos = staff.roles[role.code]
        text = fmt("@")
        label = role.name(LANG)
        cols = []
        for m in measures:
            x = data[role.code][m.code]
            pct = m.unit in ("percent", "change_pct", "reduction_pct")
            cols.append((m.rule == "yes_no", (x / 100.0) if pct else x, fmt(number_format(m))))
        ids, names, deps = staff.ids[pos], staff.names[pos], staff.departments[pos]
        first = len(IDENTITY_COLUMNS)
        for r in range(len(pos)):
            row = r + 1
            ws.write_string(row, 0, ids[r], text)
            ws.write_string(row, 1, names[r], text)
            ws.write_string(row, 2, deps[r], text)
            ws.write_string(row, 3, label, text)
            for k, (yn, x, f) in enumerate(cols):
                v = x[r]
                if v != v:  # blank: not assessed
                    continue
                if yn:
                    ws.write_string(row, first + k, yes if v else no, f)
                else:
                    ws.write_number(row, first + k, float(v), f)
    write_meta_sheet(meta, meta_rows)
    meta.hide()
    intro.activate()
    wb.close()
    os.replace(tmp, path)


def write_csv(path: Path, role: Role, staff: Staff, data: dict[str, np.ndarray]) -> None:
    """One role's figures as a wide CSV (UTF-8 with BOM): the template's header row, then a row each."""
    pos = staff.roles[role.code]
    header = [identity_label(f, LANG) for f in IDENTITY_COLUMNS] + [m.name(LANG) for m in role.all_measures]
    table = np.empty((len(pos), len(header)), dtype=object)
    table[:, 0] = staff.ids[pos]
    table[:, 1] = staff.names[pos]
    table[:, 2] = staff.departments[pos]
    table[:, 3] = role.name(LANG)
    for k, m in enumerate(role.all_measures):
        x = data[m.code]
        d = decimals_of(m)
        if m.rule == "yes_no":
            text = np.where(x == 1, "是", "否").astype(object)
        else:
            text = np.array([f"{v:.{d}f}" for v in x], dtype=object)
        text[np.isnan(x)] = ""
        table[:, len(IDENTITY_COLUMNS) + k] = text
    tmp = _temp_path(path)
    with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(table.tolist())
    os.replace(tmp, path)


# --- the whole set ---------------------------------------------------------------------------------
def default_dir(n: int) -> Path:
    return DEFAULT_OUT / f"n{n}"


def generate(n: int, out: Path | str | None = None, seed: int = DEFAULT_SEED, period: str = DEFAULT_PERIOD,
             months: bool = True, csv_file: bool = True, catalogue: Catalogue | None = None,
             quiet: bool = True) -> dict:
    """Write the benchmark inputs for ``n`` employees into ``out``; returns the manifest."""
    catalogue = catalogue or load_catalogue()
    out = Path(out) if out is not None else default_dir(n)
    out.mkdir(parents=True, exist_ok=True)
    p = parse_period(period)
    rng = np.random.default_rng(seed)
    staff = build_staff(n, catalogue, rng)
    files: dict[str, str] = {}

    def say(text: str) -> None:
        if not quiet:
            print(text, file=sys.stderr, flush=True)

    t0 = time.perf_counter()
    quarter = {r.code: role_figures(r, staff.quality[staff.roles[r.code]], rng, p.months_count) for r in catalogue.roles}
    path = out / f"{p.code}.xlsx"
    write_xlsx(path, staff, catalogue, quarter, p)
    files["xlsx"] = path.name
    say(f"  {path} ({time.perf_counter() - t0:.1f} s)")
    if csv_file:
        (out / "csv").mkdir(exist_ok=True)
        files["csv"] = []
        for role in catalogue.roles:
            path = out / "csv" / f"{p.code}-{role.code}.csv"
            write_csv(path, role, staff, quarter[role.code])
            files["csv"].append(f"csv/{path.name}")
        say(f"  {out / 'csv'}/ ({len(files['csv'])} files)")
    if months:
        files["months"] = []
        for mp in p.months:
            # each month: the same people, a month's worth of each count, rates around the same level
            month_data = {r.code: role_figures(r, staff.quality[staff.roles[r.code]], rng, 1, p.months_count)
                          for r in catalogue.roles}
            path = out / f"{mp.code}.xlsx"
            write_xlsx(path, staff, catalogue, month_data, mp)
            files["months"].append(path.name)
            say(f"  {path}")
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "employees": n,
        "seed": seed,
        "period": p.code,
        "numpy": np.__version__,
        "roles": {code: int(len(pos)) for code, pos in staff.roles.items()},
        "departments": int(len(set(staff.departments))),
        "measure_cells": int(sum(len(pos) * len(catalogue.role(c).all_measures) for c, pos in staff.roles.items())),
        "files": files,
    }
    (out / "generate.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def cached(n: int, out: Path, seed: int = DEFAULT_SEED, period: str = DEFAULT_PERIOD) -> dict | None:
    """The manifest of files generated earlier with the same parameters, if they are all there."""
    try:
        manifest = json.loads((out / "generate.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    same = (manifest.get("generator_version") == GENERATOR_VERSION and manifest.get("employees") == n
            and manifest.get("seed") == seed and manifest.get("period") == period)
    files = manifest.get("files", {})
    names = [files.get("xlsx"), *files.get("csv", []), *files.get("months", [])]
    if not same or not all(name and (out / name).is_file() for name in names):
        return None
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of employees (at least 17: one per role)")
    ap.add_argument("--out", type=Path, help="output folder (default: benchmarks/out/data/n<N>/)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--period", default=DEFAULT_PERIOD, help="a quarter, e.g. 2026-Q3")
    ap.add_argument("--no-months", action="store_true", help="skip the three monthly workbooks")
    ap.add_argument("--no-csv", action="store_true", help="skip the CSV")
    args = ap.parse_args(argv)
    out = args.out or default_dir(args.n)
    t0 = time.perf_counter()
    manifest = generate(args.n, out, args.seed, args.period, months=not args.no_months, csv_file=not args.no_csv,
                        quiet=False)
    print(f"{manifest['employees']:,} employees, {manifest['measure_cells']:,} figures → {out} "
          f"({time.perf_counter() - t0:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
