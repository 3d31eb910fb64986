"""Blank input workbooks for HR: one sheet per role, validated cells, instructions and `_kpi` metadata.

The layout is the contract of docs/kpi-sheet (see the readers): row 1 holds the headers
(工号 / 姓名 / 部门 / 岗位, then one column per measure of ``role.all_measures``), data starts on
row 2, and a hidden ``_kpi`` sheet records which measure each column holds so that a renamed or
translated header still maps.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from kpi_cli import __version__
from kpi_cli.catalogue.model import Catalogue, Measure, Role
from kpi_cli.errors import InputFileError, KpiError, UsageError
from kpi_cli.explain import describe_rule, fmt_number
from kpi_cli.i18n import t
from kpi_cli.identity import identity_field, identity_label
from kpi_cli.periods import Period
from kpi_cli.problems import WARNING, Problem
from kpi_cli.xlsx_safe import write_text

META_SHEET = "_kpi"
META_HEADER = ("kind", "sheet", "column", "role", "field", "value")
IDENTITY_COLUMNS = ("employee_id", "name", "department", "role")
DEFAULT_ROWS = 1000  # data rows that carry validation without a roster
ROSTER_SPARE_ROWS = 500  # rows left for additions below a roster's employees
MAX_SHEET_NAME = 31
MAX_TITLE = 32  # Excel's limit for data validation titles
MAX_MESSAGE = 255  # … and for their messages
MAX_LIST = 255  # … and for a list validation's literal source
DURATION_UNITS = ("seconds", "minutes", "hours", "days", "weeks")
PERCENT_UNITS = ("percent", "change_pct")
_HINT_UNITS = ("percent", "change_pct", "count", *DURATION_UNITS, "score", "ratio")
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
_RESERVED_SHEETS = ("history",)  # Excel refuses a sheet called History


# --- results ----------------------------------------------------------------------------------
@dataclass
class Roster:
    """Employees read from a roster file: one row each, with the role resolved to a catalogue code."""

    file: str
    employees: pd.DataFrame  # employee_id, name, department, role (code), row (Excel numbering)
    problems: list[Problem] = field(default_factory=list)

    def for_role(self, code: str) -> pd.DataFrame:
        return self.employees[self.employees["role"] == code]


@dataclass
class WrittenFile:
    path: Path
    roles: list[str]  # role codes, in sheet order
    sheets: list[str]  # the role sheets' names
    employees: int


@dataclass
class TemplateResult:
    files: list[WrittenFile]
    problems: list[Problem]

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.problems)


# --- text helpers -----------------------------------------------------------------------------
def display_width(text: object) -> int:
    """Columns a text takes in a spreadsheet: CJK and other wide characters count as 2."""
    s = "" if text is None else str(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


def sheet_name(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name from ``text``: no []:*?/\\, no edge apostrophes, ≤ 31 characters.

    ``taken`` holds the case-folded names already used and is updated.
    """
    base = _BAD_SHEET_CHARS.sub("_", str(text)).strip().strip("'").strip() or "Sheet"
    base = base[:MAX_SHEET_NAME].rstrip("'")
    name, n = base, 2
    while name.casefold() in taken or name.casefold() in _RESERVED_SHEETS:
        suffix = f" ({n})"
        name = base[: MAX_SHEET_NAME - len(suffix)].rstrip("'") + suffix
        n += 1
    taken.add(name.casefold())
    return name


def _col(i: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(i)


# --- choosing roles ---------------------------------------------------------------------------
def resolve_roles(
    catalogue: Catalogue,
    names: Sequence[str] | None,
    all_roles: bool = False,
    roster: Roster | None = None,
    lang: str = "zh",
) -> list[Role]:
    """The roles a template holds, in the order asked (catalogue order for --all / a roster).

    UsageError for an unknown name (with close matches) or when nothing says which roles.
    """
    if all_roles:
        return list(catalogue.roles)
    names = [n for n in (names or []) if str(n).strip()]
    if names:
        chosen: list[Role] = []
        unknown: list[str] = []
        for name in names:
            role = catalogue.lookup(name)
            if role is None:
                close = catalogue.suggest(name)
                hint = ", ".join(f"{r.code} ({r.name(lang)})" for r in close) or ", ".join(
                    r.code for r in catalogue.roles
                )
                unknown.append(t("template.unknown_role", lang, role=name, hint=hint))
            elif role not in chosen:
                chosen.append(role)
        if unknown:
            raise UsageError("\n".join(unknown))
        return chosen
    if roster is not None:
        present = set(roster.employees["role"].dropna())
        chosen = [r for r in catalogue.roles if r.code in present]
        if not chosen:
            raise UsageError(t("template.roster_no_roles", lang, file=roster.file))
        return chosen
    raise UsageError(t("template.no_roles", lang))


# --- the roster -------------------------------------------------------------------------------
def read_roster(path: Path | str, catalogue: Catalogue, lang: str = "zh") -> Roster:
    """Read a roster (xlsx or csv: employee id, name, department, role) and resolve each role.

    Rows with an unknown or missing role or no id are problems (errors) and left out; duplicate
    ids are a warning. Entirely blank rows are skipped silently.
    """
    path = Path(path)
    grid, sheet = _read_grid(path)
    header_idx, fields = _find_header(grid)
    name = path.name
    missing = [f for f in ("employee_id", "role") if f not in fields.values()]
    if missing:
        found = ", ".join(str(v) for v in grid.iloc[header_idx].dropna().tolist()) if len(grid) else ""
        raise InputFileError(
            Problem(
                "roster-missing-column",
                file=name,
                sheet=sheet,
                row=header_idx + 1 if len(grid) else None,
                params={"column": identity_label(missing[0], lang), "found": found or "—"},
            )
        )
    col_of = {f: c for c, f in fields.items()}  # field → grid column position (first match wins)
    body = grid.iloc[header_idx + 1 :]
    frame = pd.DataFrame(
        {
            f: (body[col_of[f]] if f in col_of else pd.Series(pd.NA, index=body.index, dtype="object"))
            for f in IDENTITY_COLUMNS
        }
    )
    for f in IDENTITY_COLUMNS:
        s = frame[f].astype("string").str.strip()
        frame[f] = s.mask(s == "", pd.NA)
    frame["employee_id"] = frame["employee_id"].str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    frame["row"] = body.index.to_numpy() + 1  # Excel numbering: the grid starts at row 1
    frame = frame[frame[list(IDENTITY_COLUMNS)].notna().any(axis=1)]

    labels = frame["role"].dropna().unique()
    codes = {label: (r.code if (r := catalogue.lookup(label)) is not None else None) for label in labels}
    frame["role_label"] = frame["role"]
    frame["role"] = frame["role"].map(codes).astype("object")

    problems: list[Problem] = []
    letter = {f: _col(c) for c, f in fields.items()}
    header = {f: str(grid.iat[header_idx, c]) for c, f in fields.items()}
    no_id = frame["employee_id"].isna()
    for rec in frame[no_id].itertuples(index=False):
        problems.append(
            Problem(
                "roster-missing-id",
                file=name,
                sheet=sheet,
                row=int(rec.row),
                column=letter["employee_id"],
                column_name=header["employee_id"],
                value=rec.name if isinstance(rec.name, str) else "—",
            )
        )
    bad_role = ~no_id & frame["role"].isna()
    for rec in frame[bad_role].itertuples(index=False):
        if isinstance(rec.role_label, str):
            close = catalogue.suggest(rec.role_label)
            hint = ", ".join(f"{r.code} ({r.name(lang)})" for r in close) or "—"
            problems.append(
                Problem(
                    "roster-unknown-role",
                    file=name,
                    sheet=sheet,
                    row=int(rec.row),
                    column=letter["role"],
                    column_name=header["role"],
                    employee_id=rec.employee_id,
                    value=rec.role_label,
                    params={"hint": hint},
                )
            )
        else:
            problems.append(
                Problem(
                    "roster-missing-role",
                    file=name,
                    sheet=sheet,
                    row=int(rec.row),
                    column=letter["role"],
                    column_name=header["role"],
                    employee_id=rec.employee_id,
                )
            )
    good = frame[~no_id & ~bad_role]
    counts = good["employee_id"].value_counts()
    for emp_id, count in counts[counts > 1].items():
        first = good[good["employee_id"] == emp_id].iloc[1]
        problems.append(
            Problem(
                "roster-duplicate-id",
                severity=WARNING,
                file=name,
                sheet=sheet,
                row=int(first["row"]),
                column=letter["employee_id"],
                column_name=header["employee_id"],
                employee_id=str(emp_id),
                value=str(emp_id),
                params={"count": int(count)},
            )
        )
    problems.sort(key=lambda p: (p.row or 0, p.type))
    employees = good[["employee_id", "name", "department", "role", "row"]].reset_index(drop=True)
    return Roster(file=name, employees=employees, problems=problems)


def _read_grid(path: Path) -> tuple[pd.DataFrame, str | None]:
    """The roster's first usable sheet (or the CSV) as strings, row 0 = Excel row 1."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            sheets = pd.read_excel(path, sheet_name=None, header=None, dtype=str, engine="calamine")
            for sheet, grid in sheets.items():
                if str(sheet) == META_SHEET:
                    continue
                _, fields = _find_header(grid)
                if "employee_id" in fields.values():
                    return grid, str(sheet)
            first = next((s for s in sheets if str(s) != META_SHEET), None)
            return (sheets[first] if first is not None else pd.DataFrame()), (str(first) if first else None)
        if suffix in (".csv", ".txt", ".tsv"):
            return _read_csv(path), None
    except (OSError, ValueError, UnicodeError, pd.errors.ParserError) as exc:
        raise InputFileError(
            Problem("roster-unreadable", file=path.name, params={"reason": str(exc) or type(exc).__name__})
        ) from exc
    except Exception as exc:  # calamine's own errors (not a zip, encrypted…)
        if type(exc).__module__.startswith("python_calamine"):
            raise InputFileError(
                Problem("roster-unreadable", file=path.name, params={"reason": str(exc) or type(exc).__name__})
            ) from exc
        raise
    raise InputFileError(Problem("roster-bad-type", file=path.name))


def _read_csv(path: Path) -> pd.DataFrame:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise UnicodeError("not UTF-8 or GB18030 text")
    sample = "\n".join(text.splitlines()[:20])
    try:
        sep = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        sep = ","
    return pd.read_csv(
        io.StringIO(text),
        sep=sep,
        header=None,
        dtype=str,
        keep_default_na=False,
        skip_blank_lines=False,
        engine="python",
    )


def _find_header(grid: pd.DataFrame) -> tuple[int, dict[int, str]]:
    """The first row (of the first 20) naming an identity column, and column position → field."""
    best: tuple[int, dict[int, str]] | None = None
    for i in range(min(len(grid), 20)):
        fields: dict[int, str] = {}
        for c, value in enumerate(grid.iloc[i].tolist()):
            f = identity_field(value) if isinstance(value, str) else None
            if f in IDENTITY_COLUMNS and f not in fields.values():
                fields[c] = f
        if "employee_id" in fields.values() or "role" in fields.values():
            return i, fields
        if best is None and fields:
            best = (i, fields)
    if best is not None:
        return best
    if len(grid) == 0:
        return 0, {}
    first = next((i for i in range(len(grid)) if grid.iloc[i].notna().any()), 0)
    return first, {}


# --- measures: formats and validation ---------------------------------------------------------
def _numbers(params: dict) -> list[float]:
    out: list[float] = []
    for key in ("target", "excellent", "floor", "ceiling"):
        v = params.get(key)
        if isinstance(v, (int, float)):
            out.append(float(v))
    for bound, _ in params.get("bands") or ():
        if isinstance(bound, (int, float)):
            out.append(float(bound))
    return out


def _is_yes_no(m: Measure) -> bool:
    return m.unit == "yes_no" or m.rule == "yes_no"


def _is_rating(m: Measure) -> bool:
    return m.unit == "rating" or m.rule == "rating"


def whole_count(m: Measure) -> bool:
    """A count whose standard is in whole events (so a typed 0.5 is a mistake)."""
    return m.unit == "count" and all(float(x).is_integer() for x in _numbers(m.params))


def number_format(m: Measure) -> str:
    """The cell format of a measure's column: percent cells show 95%, counts 3, durations 8.5."""
    if _is_yes_no(m):
        return "@"
    if m.unit in PERCENT_UNITS:
        # One decimal always: with '0%' a typed 98.5% would show as 99% (and look excellent).
        return "0.0%"
    if _is_rating(m):
        return "0.0"
    if m.unit == "count":
        return "0" if whole_count(m) else "General"
    if m.unit in DURATION_UNITS:
        return "0.0"
    if m.unit == "score":
        return "0.0"
    if m.unit == "ratio":
        return "0.00"
    return "General"


def yes_no_choices(lang: str) -> list[str]:
    return [t("value.yes", lang), t("value.no", lang)]


def _plain(x: float) -> int | float:
    """1.0 → 1 (Excel stores '1', not '1.0'); 0.5 stays."""
    x = round(float(x), 10)
    return int(x) if x.is_integer() else x


def _fmt_bound(m: Measure, x: float) -> str:
    return f"{fmt_number(x)}%" if m.unit in PERCENT_UNITS else fmt_number(x)


def measure_validation(m: Measure, lang: str) -> dict:
    """xlsxwriter data_validation options for a measure's cells (ranges from Measure.domain)."""
    title = truncate(m.name(lang), MAX_TITLE)
    if _is_rating(m):
        lo, hi = m.domain
        hint = t("template.hint.rating", lang, min=fmt_number(lo), max=fmt_number(hi))
    elif _is_yes_no(m):
        hint = t("template.hint.yes_no", lang)
    elif m.unit == "count" and whole_count(m):
        hint = t("template.hint.count_whole", lang)
    elif m.unit in _HINT_UNITS:
        hint = t(f"template.hint.{m.unit}", lang)
    else:
        hint = t("template.hint.other", lang)
    opts: dict = {
        "input_title": title,
        "input_message": input_message(m, hint, lang),
        "error_title": truncate(t("template.error.title", lang), MAX_TITLE),
        "error_type": "stop",
        "ignore_blank": True,
    }
    if _is_yes_no(m):
        choices = yes_no_choices(lang)
        opts.update(validate="list", source=choices, dropdown=True)
        opts["error_message"] = truncate(t("template.error.list", lang, choices=" / ".join(choices)), MAX_MESSAGE)
        return opts
    lo, hi = m.domain
    factor = 0.01 if m.unit in PERCENT_UNITS else 1.0
    if lo is None and hi is None:  # no bounds to check: only the input message
        opts.update(validate="any")
        return opts
    kind = "integer" if whole_count(m) else "decimal"
    if m.unit == "percent":
        key = "template.error.percent"
    elif m.unit == "change_pct":
        key = "template.error.change_pct"
    elif kind == "integer":
        key = "template.error.whole"
    elif hi is None:
        key = "template.error.at_least"
    else:
        key = "template.error.between"
    if lo is not None and hi is not None:
        opts.update(validate=kind, criteria="between", minimum=_plain(lo * factor), maximum=_plain(hi * factor))
    elif lo is not None:
        opts.update(validate=kind, criteria=">=", value=_plain(lo * factor))
    else:
        opts.update(validate=kind, criteria="<=", value=_plain(hi * factor))
    text = t(key, lang, min=_fmt_bound(m, lo) if lo is not None else "", max=_fmt_bound(m, hi) if hi is not None else "")
    opts["error_message"] = truncate(text, MAX_MESSAGE)
    return opts


def input_message(m: Measure, hint: str, lang: str) -> str:
    """Standard, how tracked, what to type, blank = not assessed — within Excel's 255 characters."""
    tail = [
        t("template.input.source", lang, source=t(f"source.{m.source}", lang)),
        hint,
        t("template.input.blank", lang),
    ]
    fixed = "\n".join(tail)
    room = MAX_MESSAGE - len(fixed) - 1
    standard = t("template.input.standard", lang, standard=m.standard(lang).strip())
    if room < 12:
        return truncate(fixed, MAX_MESSAGE)
    return truncate(standard, room) + "\n" + fixed


def role_choices(role: Role, lang: str) -> list[str]:
    """The drop-down of a role sheet's 岗位 column: its name in the chosen language first, then the others."""
    out: list[str] = []
    for label in (role.name(lang), role.name("en" if lang == "zh" else "zh"), role.code):
        label = str(label).strip()
        if label and label not in out and "," not in label and '"' not in label:
            out.append(label)
    while len(",".join(out)) > MAX_LIST and len(out) > 1:
        out.pop(0 if out[0] != role.code else 1)
    return out


def rule_text(m: Measure, lang: str, period: Period | None) -> str:
    """The scoring rule in words; a count standard per year/quarter is shown scaled to the period."""
    params = m.params
    note = ""
    if m.basis:
        basis = t(f"basis.{m.basis}", lang)
        if period is not None and period.scale_for(m.basis) != 1.0:
            from kpi_cli.scoring import scaled_params

            params = scaled_params(m, period)
            note = t("template.scaled", lang, basis=basis, period=period.code)
        else:
            note = t("template.basis", lang, basis=basis)
    text = describe_rule(m, params, lang) + note
    if m.kind in ("veto", "bonus"):
        text = t(f"template.kind.{m.kind}", lang) + text
    return text


# --- writing ----------------------------------------------------------------------------------
@dataclass
class _Formats:
    title: object
    bold: object
    text: object
    wrap: object
    header_id: object
    header_measure: object
    table_header: object
    cell_text: object
    by_number_format: dict[str, object]


def _formats(wb) -> _Formats:
    base = {"valign": "top"}

    def f(**kw):
        return wb.add_format({**base, **kw})

    header = {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": "#A6A6A6"}
    return _Formats(
        title=f(bold=True, font_size=14),
        bold=f(bold=True, font_size=11),
        text=f(),
        wrap=f(text_wrap=True),
        header_id=f(**header, bg_color="#D9E1F2"),
        header_measure=f(**header, bg_color="#E2EFDA"),
        table_header=f(bold=True, text_wrap=True, bg_color="#F2F2F2", border=1, border_color="#A6A6A6"),
        cell_text=f(num_format="@"),
        by_number_format={},
    )


def _num_format(wb, fm: _Formats, code: str):
    if code not in fm.by_number_format:
        fm.by_number_format[code] = wb.add_format({"num_format": code})
    return fm.by_number_format[code]


def _created(period: Period | None) -> datetime:
    """Workbook creation time: SOURCE_DATE_EPOCH, else the period's first day, else now.

    A fixed time for a given period makes the same command write the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    if period is not None:
        return datetime(period.year, period.start_month, 1)
    return datetime.now(timezone.utc).replace(tzinfo=None)


def write_workbook(
    path: Path | str,
    catalogue: Catalogue,
    roles: Sequence[Role],
    *,
    lang: str = "zh",
    period: Period | None = None,
    roster: Roster | None = None,
) -> WrittenFile:
    """Write one template workbook to ``path`` atomically (a temp file beside it, then os.replace)."""
    from kpi_cli.fileio import atomic_path

    path = Path(path)
    with atomic_path(path) as tmp:
        written = _write(tmp, catalogue, roles, lang=lang, period=period, roster=roster)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a workbook is for sharing
    written.path = path
    return written


def _write(
    path: Path,
    catalogue: Catalogue,
    roles: Sequence[Role],
    *,
    lang: str,
    period: Period | None,
    roster: Roster | None,
) -> WrittenFile:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    wb.set_properties(
        {
            "title": t("template.title", lang),
            "subject": t("template.subject", lang, catalogue=catalogue.name(lang), version=catalogue.version),
            "author": f"kpi {__version__}",
            "comments": f"kpi template · {catalogue.version}" + (f" · {period.code}" if period else ""),
            "keywords": "kpi",
            "created": _created(period),
        }
    )
    wb.set_calc_mode("auto")
    fm = _formats(wb)

    taken: set[str] = {META_SHEET.casefold()}
    intro_name = sheet_name(t("template.sheet.instructions", lang), taken)
    sheets = [sheet_name(r.name(lang), taken) for r in roles]

    intro = wb.add_worksheet(intro_name)
    role_sheets = [wb.add_worksheet(name) for name in sheets]
    meta = wb.add_worksheet(META_SHEET)

    meta_rows: list[tuple[str, str, str, str, str, str]] = [
        ("meta", "", "", "", "generator", f"kpi {__version__}"),
        ("meta", "", "", "", "catalogue", catalogue.name(lang)),
        ("meta", "", "", "", "catalogue_version", str(catalogue.version)),
        ("meta", "", "", "", "catalogue_sha256", catalogue.sha256 or ""),
        ("meta", "", "", "", "period", period.code if period else ""),
        ("meta", "", "", "", "lang", lang),
    ]
    employees = 0
    for role, ws, name in zip(roles, role_sheets, sheets):
        staff = roster.for_role(role.code) if roster is not None else None
        employees += 0 if staff is None else len(staff)
        meta_rows += _write_role_sheet(wb, ws, name, role, fm, lang, staff)
    _write_instructions(intro, fm, catalogue, roles, sheets, lang, period)
    _write_meta(meta, meta_rows)
    intro.activate()
    intro.set_first_sheet()
    meta.hide()
    wb.close()
    return WrittenFile(path=path, roles=[r.code for r in roles], sheets=sheets, employees=employees)


def _write_meta(ws, rows: Iterable[Sequence[str]]) -> None:
    for c, h in enumerate(META_HEADER):
        write_text(ws, 0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value:
                write_text(ws, r, c, value)
    ws.set_column(0, 4, 14)
    ws.set_column(5, 5, 40)


def _write_role_sheet(wb, ws, name: str, role: Role, fm: _Formats, lang: str, staff: pd.DataFrame | None):
    """Headers, formats, widths, validation and roster rows of one role sheet; returns its `_kpi` rows."""
    measures = role.all_measures
    n_staff = 0 if staff is None else len(staff)
    last = max(DEFAULT_ROWS, n_staff + ROSTER_SPARE_ROWS)  # last data row, 1-based = last + 1
    meta: list[tuple[str, str, str, str, str, str]] = []

    widths: list[int] = []
    for c, f in enumerate(IDENTITY_COLUMNS):
        label = identity_label(f, lang)
        write_text(ws, 0, c, label, fm.header_id)
        meta.append(("column", name, _col(c), role.code, f, label))
        values = [] if staff is None else staff[f].dropna().astype(str)
        if f == "role":
            values = [role.name(lang)]
        w = max([display_width(label), *(display_width(v) for v in values)] or [8])
        widths.append(min(max(w + 2, 10), 40))
    for i, m in enumerate(measures):
        c = len(IDENTITY_COLUMNS) + i
        label = m.name(lang)
        write_text(ws, 0, c, label, fm.header_measure)
        meta.append(("column", name, _col(c), role.code, f"measure:{m.code}", label))
        widths.append(min(max(display_width(label) + 2, 12), 24))

    for c, w in enumerate(widths[: len(IDENTITY_COLUMNS)]):
        ws.set_column(c, c, w, fm.cell_text)
    for i, m in enumerate(measures):
        c = len(IDENTITY_COLUMNS) + i
        ws.set_column(c, c, widths[c], _num_format(wb, fm, number_format(m)))

    if staff is not None and n_staff:
        role_label = role.name(lang)
        for r, rec in enumerate(staff.itertuples(index=False), start=1):
            for c, f in enumerate(("employee_id", "name", "department")):
                v = getattr(rec, f)
                if isinstance(v, str) and v:
                    write_text(ws, r, c, v, fm.cell_text)
            write_text(ws, r, 3, role_label, fm.cell_text)

    # Validation on rows 2 … last+1 (Excel numbering).
    id_col = _col(0)
    ws.data_validation(
        1, 0, last, 0,
        {
            "validate": "custom",
            "value": f"=COUNTIF(${id_col}$2:${id_col}${last + 1},{id_col}2)<=1",
            "ignore_blank": True,
            "input_title": truncate(identity_label("employee_id", lang), MAX_TITLE),
            "input_message": truncate(t("template.input.employee_id", lang), MAX_MESSAGE),
            "error_title": truncate(t("template.error.title", lang), MAX_TITLE),
            "error_message": truncate(t("template.error.duplicate_id", lang), MAX_MESSAGE),
            "error_type": "stop",
        },
    )
    choices = role_choices(role, lang)
    ws.data_validation(
        1, 3, last, 3,
        {
            "validate": "list",
            "source": choices,
            "ignore_blank": True,
            "input_title": truncate(identity_label("role", lang), MAX_TITLE),
            "input_message": truncate(t("template.input.role", lang), MAX_MESSAGE),
            "error_title": truncate(t("template.error.title", lang), MAX_TITLE),
            "error_message": truncate(t("template.error.list", lang, choices=" / ".join(choices)), MAX_MESSAGE),
            "error_type": "stop",
        },
    )
    for i, m in enumerate(measures):
        c = len(IDENTITY_COLUMNS) + i
        ws.data_validation(1, c, last, c, measure_validation(m, lang))

    ws.freeze_panes(1, len(IDENTITY_COLUMNS))
    ws.set_row(0, _header_height(role, widths, lang))
    ws.autofilter(0, 0, 0, len(widths) - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.repeat_rows(0)
    ws.fit_to_pages(1, 0)
    return meta


def _header_height(role: Role, widths: list[int], lang: str) -> float:
    """Row 1 tall enough for the longest wrapped header (LibreOffice and Excel both honour it)."""
    labels = [identity_label(f, lang) for f in IDENTITY_COLUMNS] + [m.name(lang) for m in role.all_measures]
    lines = max(math.ceil(display_width(label) / max(w - 1, 1)) for label, w in zip(labels, widths))
    # Room for the autofilter button on the last line.
    return 15.0 * max(lines, 1) + 6


def _write_instructions(ws, fm: _Formats, catalogue: Catalogue, roles, sheets, lang: str, period: Period | None):
    code_width = max([display_width(m.code) for r in roles for m in r.all_measures] + [12])
    widths = [7, 28, min(code_width + 2, 36), 12, 46, 46, 16, 18]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w, fm.wrap if c else fm.text)
    r = 0
    write_text(ws, r, 0, t("template.intro.title", lang), fm.title)
    r += 1
    write_text(ws, r, 0, t("template.intro.catalogue", lang, name=catalogue.name(lang), version=catalogue.version), fm.text)
    r += 1
    period_line = t("template.intro.period", lang, period=period.code) if period else t("template.intro.no_period", lang)
    write_text(ws, r, 0, period_line, fm.text)
    r += 1
    write_text(ws, r, 0, t("template.intro.generator", lang, version=__version__), fm.text)
    r += 2
    write_text(ws, r, 0, t("template.intro.rules", lang), fm.bold)
    r += 1
    for i, key in enumerate(
        ("rows", "blank", "percent", "yes_no", "rating", "counts", "help", "keep", "derived"), start=1
    ):
        text = f"{i}. " + t(f"template.rule.{key}", lang)
        ws.merge_range(r, 0, r, len(widths) - 1, text, fm.wrap)
        ws.set_row(r, 15.0 * max(1, math.ceil(display_width(text) / (sum(widths) - 4))) + 2)
        r += 1
    headers = [
        t(f"template.col.{k}", lang) for k in ("column", "measure", "code", "unit", "rule", "standard", "source", "derived")
    ]
    for role, sheet in zip(roles, sheets):
        r += 1
        write_text(ws, 
            r, 0,
            t("template.role.heading", lang, name=role.name(lang), code=role.code, sheet=sheet,
              department=role.department.name(lang)),
            fm.bold,
        )
        r += 1
        for c, h in enumerate(headers):
            write_text(ws, r, c, h, fm.table_header)
        r += 1
        rows: list[list[str]] = []
        for c, f in enumerate(IDENTITY_COLUMNS):
            rows.append([_col(c), identity_label(f, lang), f, t("template.identity.unit", lang), "",
                         t(f"template.identity.{f}", lang), "", ""])
        for i, m in enumerate(role.all_measures):
            derived = ""
            if m.origin == "derived":
                derived = t("template.derived.measure", lang)
            elif m.derived_params:
                derived = t("template.derived.params", lang, params=", ".join(m.derived_params))
            rows.append([
                _col(len(IDENTITY_COLUMNS) + i),
                m.name(lang),
                m.code,
                t(f"unit.{m.unit}", lang),
                rule_text(m, lang, period),
                m.standard(lang),
                t(f"source.{m.source}", lang),
                derived,
            ])
        for row in rows:
            lines = 1
            for c, value in enumerate(row):
                if value:
                    write_text(ws, r, c, value, fm.wrap if c else fm.text)
                    lines = max(lines, math.ceil(display_width(value) / max(widths[c] - 1, 1)))
            ws.set_row(r, 14.0 * lines + 2)
            r += 1
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.hide_gridlines(2)


# --- the whole job ----------------------------------------------------------------------------
def default_name(period: Period | None, role: Role | None = None) -> str:
    stem = "kpi-template" if role is None else role.code
    return f"{stem}-{period.code}.xlsx" if period else f"{stem}.xlsx"


def plan_outputs(
    roles: Sequence[Role],
    output: Path | None,
    *,
    split: bool,
    period: Period | None,
    lang: str,
) -> list[tuple[Path, list[Role]]]:
    """Which file gets which roles; UsageError for an output that cannot be what was asked."""
    if split:
        folder = Path(output) if output is not None else Path(default_name(period)).with_suffix("")
        if folder.exists() and not folder.is_dir():
            raise UsageError(t("template.split_needs_folder", lang, path=folder))
        return [(folder / default_name(period, r), [r]) for r in roles]
    if output is None:
        return [(Path(default_name(period)), list(roles))]
    out = Path(output)
    if out.is_dir():
        return [(out / default_name(period), list(roles))]
    if out.suffix.lower() != ".xlsx":
        raise UsageError(t("template.not_xlsx", lang, path=out))
    return [(out, list(roles))]


def _same_file(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists() and os.path.samefile(a, b):
            return True
    except OSError:
        pass
    return a.resolve() == b.resolve()


def make_templates(
    catalogue: Catalogue,
    roles: Sequence[Role],
    *,
    output: Path | None = None,
    split: bool = False,
    lang: str = "zh",
    period: Period | None = None,
    roster: Roster | None = None,
    roster_path: Path | None = None,
    force: bool = False,
) -> TemplateResult:
    """Write the template workbook(s) for ``roles``; refuse to overwrite without ``force``.

    Returns what was written and the roster's problems (plus a warning per roster role left out).
    """
    plan = plan_outputs(roles, output, split=split, period=period, lang=lang)
    if roster_path is not None:
        for target, _ in plan:
            if _same_file(target, Path(roster_path)):
                raise UsageError(t("template.would_overwrite_input", lang, path=target))
    existing = [p for p, _ in plan if p.exists()]
    if existing and not force:
        if len(existing) == 1:
            raise KpiError(t("template.exists", lang, path=existing[0]))
        raise KpiError(t("template.exists_many", lang, paths=", ".join(str(p) for p in existing)))

    problems = list(roster.problems) if roster is not None else []
    if roster is not None:
        chosen = {r.code for r in roles}
        left = roster.employees[~roster.employees["role"].isin(chosen)]
        for code, count in left["role"].value_counts(sort=False).items():
            r = catalogue.get(code)
            problems.append(
                Problem(
                    "roster-role-not-chosen",
                    severity=WARNING,
                    file=roster.file,
                    role=code,
                    params={"count": int(count), "role": f"{r.name(lang)} ({code})" if r else code},
                )
            )

    files: list[WrittenFile] = []
    for target, file_roles in plan:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            files.append(write_workbook(target, catalogue, file_roles, lang=lang, period=period, roster=roster))
        except OSError as exc:
            raise KpiError(t("template.cannot_write", lang, path=target, reason=exc.strerror or exc)) from exc
    return TemplateResult(files=files, problems=problems)


__all__ = [
    "META_HEADER",
    "META_SHEET",
    "Roster",
    "TemplateResult",
    "WrittenFile",
    "display_width",
    "make_templates",
    "measure_validation",
    "number_format",
    "read_roster",
    "resolve_roles",
    "sheet_name",
    "write_workbook",
]
