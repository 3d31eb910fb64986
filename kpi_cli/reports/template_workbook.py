"""Blank input workbooks for HR: one sheet per role, validated cells, instructions and `_kpi` metadata.

The layout is the contract of docs/kpi-sheet (see the readers): row 1 holds the headers
(工号 / 姓名 / 部门 / 岗位, then one column per measure of ``role.all_measures``), data starts on
row 2, and a hidden ``_kpi`` sheet records which measure each column holds so that a renamed or
translated header still maps.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from kpi_cli import __version__
from kpi_cli.catalogue.model import Catalogue, Measure, Role
from kpi_cli.cells import column_letter, display_width, tidy_number
from kpi_cli.errors import KpiError, UsageError
from kpi_cli.scoring.explain import describe_rule, fmt_number
from kpi_cli.fileio import same_path
from kpi_cli.i18n import t
from kpi_cli.readers.identity import identity_label
from kpi_cli.meta_sheet import META_HEADER, META_SHEET, column_row, measure_field, meta_row, write_meta_sheet
from kpi_cli.periods import Period
from kpi_cli.problems import WARNING, Problem
from kpi_cli.readers.roster import IDENTITY_COLUMNS, Roster, RosterError
from kpi_cli.xlsx_safe import sheet_key, sheet_name, write_text

DEFAULT_ROWS = 1000  # data rows that carry validation without a roster
ROSTER_SPARE_ROWS = 500  # rows left for additions below a roster's employees
MAX_TITLE = 32  # Excel's limit for data validation titles
MAX_MESSAGE = 255  # … and for their messages
MAX_LIST = 255  # … and for a list validation's literal source
DURATION_UNITS = ("seconds", "minutes", "hours", "days", "weeks")
PERCENT_UNITS = ("percent", "change_pct", "reduction_pct")
_HINT_UNITS = ("percent", "change_pct", "reduction_pct", "pp_change", "count_change", "count", *DURATION_UNITS, "score", "ratio")


# --- results ----------------------------------------------------------------------------------
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
def truncate(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: max(limit - 1, 0)].rstrip() + "…"


# --- choosing roles ---------------------------------------------------------------------------
def resolve_roles(
    catalogue: Catalogue,
    names: Sequence[str] | None,
    all_roles: bool = False,
    roster: Roster | None = None,
    lang: str = "zh",
) -> list[Role]:
    """The roles a template holds, in the order asked (catalogue order for --all / a roster).

    UsageError for an unknown name (with close matches) or when nothing says which roles;
    RosterError when the roster is to say and names no known role.
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
                unknown.append(t("template.unknown_role", lang, role=name, hint=catalogue.role_hint(name, lang)))
            elif role not in chosen:
                chosen.append(role)
        if unknown:
            raise UsageError("\n".join(unknown))
        return chosen
    if roster is not None:
        present = set(roster.employees["role"].dropna())
        chosen = [r for r in catalogue.roles if r.code in present]
        if not chosen:  # a data problem of the roster (exit 1), listed with the rows that say why
            raise RosterError([Problem("roster-no-roles", file=roster.file), *roster.problems], lang)
        return chosen
    raise UsageError(t("template.no_roles", lang))


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
    if m.unit == "count_change":
        return "0"
    if m.unit == "pp_change":
        return "0.0"
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
    return tidy_number(float(x), digits=10)


def _fmt_bound(m: Measure, x: float) -> str:
    return f"{fmt_number(x)}%" if m.unit in PERCENT_UNITS else fmt_number(x)


def cycle_note(m: Measure, lang: str, period: Period | None = None) -> str:
    """'年度指标：…' for a measure with a cycle (and whether it is due in ``period``); '' otherwise."""
    if not m.cycle:
        return ""
    text = t("template.cycle.note", lang, tag=t(f"cycle.tag.{m.cycle}", lang), span=t(f"cycle.span.{m.cycle}", lang))
    if period is not None and not m.due(period.months_count):
        text += "\n" + t("template.cycle.not_due", lang, period=period.code)
    return text


def measure_validation(m: Measure, lang: str, period: Period | None = None) -> dict:
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
        "input_message": input_message(m, hint, lang, cycle_note(m, lang, period)),
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
    elif m.unit == "reduction_pct":
        key = "template.error.reduction_pct"
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


def input_message(m: Measure, hint: str, lang: str, cycle: str = "") -> str:
    """Standard, how tracked, what to type, blank = not assessed, the assessment cycle — within
    Excel's 255 characters."""
    tail = [
        t("template.input.source", lang, source=t(f"source.{m.source}", lang)),
        hint,
        t("template.input.blank", lang),
    ] + ([cycle] if cycle else [])
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
            from kpi_cli.scoring.engine import scaled_params

            params = scaled_params(m, period)
            note = t("template.scaled", lang, basis=basis, period=period.code)
        else:
            note = t("template.basis", lang, basis=basis)
    text = describe_rule(m, params, lang) + note
    if m.cycle:
        text += "\n" + cycle_note(m, lang, period)
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
    header_not_due: object
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
        header_not_due=f(**header, bg_color="#EFEFEF", font_color="#6B6B6B", italic=True),
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
    from kpi_cli.fileio import atomic_path, xlsx_target

    path = Path(path)
    with atomic_path(path) as tmp, xlsx_target(tmp) as (fh, options):
        written = _write(fh, options, catalogue, roles, lang=lang, period=period, roster=roster)
    written.path = path
    return written


def _write(
    fh,
    options: dict,
    catalogue: Catalogue,
    roles: Sequence[Role],
    *,
    lang: str,
    period: Period | None,
    roster: Roster | None,
) -> WrittenFile:
    import xlsxwriter

    wb = xlsxwriter.Workbook(
        fh,
        {
            **options,
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

    taken: set[str] = {sheet_key(META_SHEET)}
    intro_name = sheet_name(t("template.sheet.instructions", lang), taken)
    sheets = [sheet_name(r.name(lang), taken) for r in roles]

    intro = wb.add_worksheet(intro_name)
    role_sheets = [wb.add_worksheet(name) for name in sheets]
    meta = wb.add_worksheet(META_SHEET)

    meta_rows: list[tuple[str, str, str, str, str, str]] = [
        meta_row("generator", f"kpi {__version__}"),
        meta_row("catalogue", catalogue.name(lang)),
        meta_row("catalogue_version", str(catalogue.version)),
        meta_row("catalogue_sha256", catalogue.sha256 or ""),
        meta_row("period", period.code if period else ""),
        meta_row("lang", lang),
    ]
    employees = 0
    for role, ws, name in zip(roles, role_sheets, sheets):
        staff = roster.for_role(role.code) if roster is not None else None
        employees += 0 if staff is None else len(staff)
        meta_rows += _write_role_sheet(wb, ws, name, role, fm, lang, staff, period)
    _write_instructions(intro, fm, catalogue, roles, sheets, lang, period)
    _write_meta(meta, meta_rows)
    intro.activate()
    intro.set_first_sheet()
    meta.hide()
    wb.close()
    return WrittenFile(path=Path(), roles=[r.code for r in roles], sheets=sheets, employees=employees)


def _write_meta(ws, rows: Iterable[Sequence[str]]) -> None:
    write_meta_sheet(ws, rows)
    ws.set_column(0, 4, 14)
    ws.set_column(5, 5, 40)


def _write_role_sheet(wb, ws, name: str, role: Role, fm: _Formats, lang: str, staff: pd.DataFrame | None,
                      period: Period | None = None):
    """Headers, formats, widths, validation and roster rows of one role sheet; returns its `_kpi` rows."""
    measures = role.all_measures
    n_staff = 0 if staff is None else len(staff)
    last = max(DEFAULT_ROWS, n_staff + ROSTER_SPARE_ROWS)  # last data row, 1-based = last + 1
    meta: list[tuple[str, str, str, str, str, str]] = []

    widths: list[int] = []
    for c, f in enumerate(IDENTITY_COLUMNS):
        label = identity_label(f, lang)
        write_text(ws, 0, c, label, fm.header_id)
        meta.append(column_row(name, column_letter(c), role.code, f, label))
        values = [] if staff is None else staff[f].dropna().astype(str)
        if f == "role":
            values = [role.name(lang)]
        w = max([display_width(label), *(display_width(v) for v in values)] or [8])
        widths.append(min(max(w + 2, 10), 40))
    for i, m in enumerate(measures):
        c = len(IDENTITY_COLUMNS) + i
        label = m.name(lang)
        not_due = period is not None and not m.due(period.months_count)
        write_text(ws, 0, c, label, fm.header_not_due if not_due else fm.header_measure)
        if m.cycle:  # a note on the header: 年度指标 …; the header text itself stays the measure's name
            ws.write_comment(0, c, cycle_note(m, lang, period), {"x_scale": 2, "y_scale": 1.2})
        meta.append(column_row(name, column_letter(c), role.code, measure_field(m.code), label))
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
    id_col = column_letter(0)
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
        ws.data_validation(1, c, last, c, measure_validation(m, lang, period))

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
            rows.append([column_letter(c), identity_label(f, lang), f, t("template.identity.unit", lang), "",
                         t(f"template.identity.{f}", lang), "", ""])
        for i, m in enumerate(role.all_measures):
            derived = ""
            if m.origin == "derived":
                derived = t("template.derived.measure", lang)
            elif m.derived_params:
                derived = t("template.derived.params", lang, params=", ".join(m.derived_params))
            rows.append([
                column_letter(len(IDENTITY_COLUMNS) + i),
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
            if same_path(target, roster_path):
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
    "TemplateResult",
    "WrittenFile",
    "make_templates",
    "measure_validation",
    "number_format",
    "resolve_roles",
    "write_workbook",
]
