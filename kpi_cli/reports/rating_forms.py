"""Rating forms (`kpi template --raters`): the workbooks HR sends to raters, one sheet per rater type and role.

A form lists the employees (from a roster) with a 评价人 (rater) and a 评价人类型 (rater type)
column and only the ratings that rater type gives: the measures whose catalogue ``assessor`` is
that type, and for a rater type weighted in kpi.toml ``[raters]`` (self, peers…) every rating of
the role. The filled forms are read back like any input (the hidden ``_kpi`` sheet maps the
columns) and their raters combine (kpi_cli/readers/raters.py).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import pandas as pd

from kpi_cli import __version__
from kpi_cli.catalogue.model import Catalogue, Measure, Role
from kpi_cli.cells import column_letter, display_width
from kpi_cli.errors import KpiError, UsageError
from kpi_cli.i18n import t
from kpi_cli.readers.identity import identity_label
from kpi_cli.meta_sheet import META_SHEET, column_row, measure_field, meta_row, write_meta_sheet
from kpi_cli.periods import Period
from kpi_cli.problems import WARNING, Problem
from kpi_cli.readers.raters import RaterTypes, feedback_types, is_rateable
from kpi_cli.readers.roster import Roster
from kpi_cli.reports.template_workbook import (
    MAX_MESSAGE,
    MAX_TITLE,
    ROSTER_SPARE_ROWS,
    TemplateResult,
    WrittenFile,
    measure_validation,
    truncate,
)
from kpi_cli.xlsx_safe import sheet_key, sheet_name, write_text

FORM_COLUMNS = ("employee_id", "name", "department", "role", "rater", "rater_type")
BLANK_ROWS = 200  # rows with validation on a form made without a roster
SPLITS = ("type", "department")


@dataclass(frozen=True)
class FormSheet:
    """One sheet of a rating form: a rater type rating one role's measures."""

    rater_type: str
    role: Role
    measures: tuple[Measure, ...]


def form_sheets(catalogue: Catalogue, roles: Sequence[Role]) -> list[FormSheet]:
    """The sheets the rating forms of ``roles`` need, by rater type then role.

    Each rateable measure goes to its assessor's type; a 360° type weighted in kpi.toml [raters]
    (self, peers, subordinates) also rates every rateable measure of the role.
    """
    types = RaterTypes(catalogue)
    weighted = feedback_types(catalogue.raters)
    by_type: dict[str, dict[str, list[Measure]]] = {}
    for role in roles:
        rateable = [m for m in role.measures if is_rateable(m)]
        for m in rateable:
            code = types.of_measure.get((role.code, m.code)) or "supervisor"
            by_type.setdefault(code, {}).setdefault(role.code, []).append(m)
        for code in weighted:
            mine = by_type.setdefault(code, {}).setdefault(role.code, [])
            mine += [m for m in rateable if m not in mine]
    out = []
    for code, per_role in by_type.items():
        for role in roles:
            ms = per_role.get(role.code)
            if ms:
                ordered = tuple(m for m in role.measures if m in ms)
                out.append(FormSheet(code, role, ordered))
    return out


def plan_forms(sheets: list[FormSheet], roster: Roster | None, output: Path | None, split: bool, by: str,
               period: Period | None, lang: str, types: RaterTypes) -> list[tuple[Path, list[FormSheet], str | None]]:
    """Which file gets which sheets (and, split by department, which department's employees)."""
    stem = "ratings" + (f"-{period.code}" if period else "")
    if not split:
        if output is None:
            return [(Path(f"{stem}.xlsx"), sheets, None)]
        out = Path(output)
        if out.is_dir():
            return [(out / f"{stem}.xlsx", sheets, None)]
        if out.suffix.lower() != ".xlsx":
            raise UsageError(t("template.not_xlsx", lang, path=out))
        return [(out, sheets, None)]
    folder = Path(output) if output is not None else Path(stem)
    if folder.exists() and not folder.is_dir():
        raise UsageError(t("template.split_needs_folder", lang, path=folder))
    from kpi_cli.reports.export import safe_filename

    taken: set[str] = set()
    plan = []
    if by == "type":
        for code in dict.fromkeys(s.rater_type for s in sheets):
            name = safe_filename(f"{stem}-{types.label(code, lang)}", taken)
            plan.append((folder / f"{name}.xlsx", [s for s in sheets if s.rater_type == code], None))
        return plan
    if roster is None:
        raise UsageError(t("raters.template.by_department_needs_roster", lang))
    staff = roster.employees
    department = department_of(staff)
    for dep in sorted(set(department)):
        present = set(staff.loc[(department == dep).to_numpy(), "role"])
        mine = [s for s in sheets if s.role.code in present]
        if mine:  # people without a department get a file of their own, never left out
            name = safe_filename(f"{stem}-{dep or t('raters.template.no_department', lang)}", taken)
            plan.append((folder / f"{name}.xlsx", mine, dep))
    return plan


def department_of(staff: pd.DataFrame) -> pd.Series:
    """Each roster row's department as text ('' when blank)."""
    return staff["department"].astype(object).fillna("").astype(str).str.strip()


def make_rating_forms(
    catalogue: Catalogue,
    roles: Sequence[Role],
    *,
    output: Path | None = None,
    split: bool = False,
    by: str = "type",
    lang: str = "zh",
    period: Period | None = None,
    roster: Roster | None = None,
    roster_path: Path | None = None,
    force: bool = False,
) -> TemplateResult:
    """Write the rating forms of ``roles``; one workbook, or one per rater type or department."""
    if by not in SPLITS:
        raise UsageError(t("raters.template.split_bad", lang))
    types = RaterTypes(catalogue)
    sheets = form_sheets(catalogue, roles)
    if not sheets:
        raise UsageError(t("raters.template.none", lang))
    plan = plan_forms(sheets, roster, output, split, by, period, lang, types)
    if roster_path is not None:
        for target, _, _ in plan:
            if target.exists() and Path(roster_path).exists() and os.path.samefile(target, roster_path):
                raise UsageError(t("template.would_overwrite_input", lang, path=target))
    existing = [p for p, _, _ in plan if p.exists()]
    if existing and not force:
        if len(existing) == 1:
            raise KpiError(t("template.exists", lang, path=existing[0]))
        raise KpiError(t("template.exists_many", lang, paths=", ".join(str(p) for p in existing)))
    from kpi_cli.fileio import atomic_path

    files = []
    for target, file_sheets, department in plan:
        staff = None
        if roster is not None:
            staff = roster.employees
            if department is not None:
                staff = staff[(department_of(staff) == department).to_numpy()]
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(target) as tmp:
                written = _write_form(tmp, catalogue, file_sheets, staff, types, lang, period)
        except OSError as exc:
            raise KpiError(t("template.cannot_write", lang, path=target, reason=exc.strerror or exc)) from exc
        written.path = target
        files.append(written)
    problems = list(roster.problems) if roster is not None else []
    if roster is not None:  # people of roles not chosen: said, as kpi template says it
        chosen = {r.code for r in roles}
        left = roster.employees[~roster.employees["role"].isin(chosen)]
        for code, count in left["role"].value_counts(sort=False).items():
            r = catalogue.get(code)
            problems.append(Problem("roster-role-not-chosen", severity=WARNING, file=roster.file, role=code,
                                    params={"count": int(count), "role": f"{r.name(lang)} ({code})" if r else code}))
    return TemplateResult(files=files, problems=problems)


def _created(period: Period | None) -> datetime:
    """A fixed creation time for a period (the same command writes the same bytes)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).replace(tzinfo=None)
    if period is not None:
        return datetime(period.year, period.start_month, 1)
    return datetime.now(timezone.utc).replace(tzinfo=None)


def _write_form(path: Path, catalogue: Catalogue, sheets: list[FormSheet], staff: pd.DataFrame | None,
                types: RaterTypes, lang: str, period: Period | None) -> WrittenFile:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"in_memory": True, "strings_to_numbers": False,
                                         "strings_to_formulas": False, "strings_to_urls": False})
    wb.set_properties({"title": t("template.title", lang), "author": f"kpi {__version__}",
                       "comments": f"kpi template --raters · {catalogue.version}" + (f" · {period.code}" if period else ""),
                       "keywords": "kpi", "created": _created(period)})
    header = {"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1, "border_color": "#A6A6A6"}
    f_id = wb.add_format({**header, "bg_color": "#D9E1F2"})
    f_rater = wb.add_format({**header, "bg_color": "#FFF2CC"})
    f_measure = wb.add_format({**header, "bg_color": "#E2EFDA"})
    f_text = wb.add_format({"num_format": "@", "valign": "top"})
    f_wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    f_title = wb.add_format({"bold": True, "font_size": 14})
    f_bold = wb.add_format({"bold": True})
    f_rating = wb.add_format({"num_format": "0.0"})

    taken = {sheet_key(META_SHEET)}
    intro = wb.add_worksheet(sheet_name(t("template.sheet.instructions", lang), taken))
    names = [sheet_name(t("raters.template.sheet_title", lang, assessor=types.label(s.rater_type, lang)) + "-" + s.role.name(lang), taken)
             for s in sheets]
    worksheets = [wb.add_worksheet(n) for n in names]
    meta_ws = wb.add_worksheet(META_SHEET)
    meta = [meta_row("generator", f"kpi {__version__}"),
            meta_row("catalogue_version", str(catalogue.version)),
            meta_row("period", period.code if period else ""),
            meta_row("lang", lang),
            meta_row("form", "ratings")]
    choices = [c for c in types.known(lang)[:6]]
    rows_written = 0
    for s, ws, name in zip(sheets, worksheets, names):
        type_label = types.label(s.rater_type, lang)
        if type_label not in choices:
            sheet_choices = [type_label, *choices]
        else:
            sheet_choices = choices
        people = staff[staff["role"] == s.role.code] if staff is not None else None
        n = 0 if people is None else len(people)
        rows_written += n
        last = max(BLANK_ROWS, n + ROSTER_SPARE_ROWS) if people is None else n + ROSTER_SPARE_ROWS
        widths = []
        for c, fld in enumerate(FORM_COLUMNS):
            label = t(f"raters.template.{fld}_header", lang) if fld in ("rater", "rater_type") else identity_label(fld, lang)
            write_text(ws, 0, c, label, f_rater if fld in ("rater", "rater_type") else f_id)
            meta.append(column_row(name, column_letter(c), s.role.code, fld, label))
            widths.append(14 if fld != "rater_type" else max(12, display_width(type_label) + 4))
        for i, m in enumerate(s.measures):
            c = len(FORM_COLUMNS) + i
            write_text(ws, 0, c, m.name(lang), f_measure)
            meta.append(column_row(name, column_letter(c), s.role.code, measure_field(m.code), m.name(lang)))
            widths.append(min(max(display_width(m.name(lang)) // 2 + 2, 14), 24))
        for c, w in enumerate(widths):
            ws.set_column(c, c, w, f_text if c < len(FORM_COLUMNS) else f_rating)
        if people is not None:
            for r, rec in enumerate(people.itertuples(index=False), start=1):
                for c, fld in enumerate(("employee_id", "name", "department")):
                    v = getattr(rec, fld)
                    if isinstance(v, str) and v:
                        write_text(ws, r, c, v, f_text)
                write_text(ws, r, 3, s.role.name(lang), f_text)
                write_text(ws, r, 5, type_label, f_text)
        ws.data_validation(1, 4, last, 4, {
            "validate": "any", "input_title": truncate(t("raters.template.rater_header", lang), MAX_TITLE),
            "input_message": truncate(t("raters.template.rater_prompt", lang), MAX_MESSAGE)})
        ws.data_validation(1, 5, last, 5, {
            "validate": "list", "source": sheet_choices, "ignore_blank": True,
            "input_title": truncate(t("raters.template.rater_type_header", lang), MAX_TITLE),
            "input_message": truncate(t("raters.template.rater_type_prompt", lang, types=" / ".join(sheet_choices)), MAX_MESSAGE),
            "error_title": truncate(t("template.error.title", lang), MAX_TITLE),
            "error_message": truncate(t("template.error.list", lang, choices=" / ".join(sheet_choices)), MAX_MESSAGE),
            "error_type": "stop"})
        for i, m in enumerate(s.measures):
            c = len(FORM_COLUMNS) + i
            opts = measure_validation(m, lang)
            if m.rule == "rating":  # the scale and what each point means, with the standard
                opts["input_message"] = truncate(t("raters.template.scale_prompt", lang, standard=m.standard(lang).strip()), MAX_MESSAGE)
            ws.data_validation(1, c, last, c, opts)
        ws.freeze_panes(1, len(FORM_COLUMNS))
        lines = max(math.ceil(display_width(m.name(lang)) / max(w - 1, 1)) for m, w in zip(s.measures, widths[len(FORM_COLUMNS):]))
        ws.set_row(0, 15.0 * max(lines, 1) + 6)
        ws.autofilter(0, 0, 0, len(widths) - 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)
    _write_intro(intro, sheets, names, types, catalogue, lang, period, f_title, f_bold, f_wrap)
    write_meta_sheet(meta_ws, meta)
    intro.activate()
    intro.set_first_sheet()
    meta_ws.hide()
    wb.close()
    return WrittenFile(path=path, roles=list(dict.fromkeys(s.role.code for s in sheets)), sheets=names, employees=rows_written)


def _write_intro(ws, sheets, names, types: RaterTypes, catalogue: Catalogue, lang: str, period: Period | None,
                 f_title, f_bold, f_wrap) -> None:
    ws.set_column(0, 0, 30, f_wrap)
    ws.set_column(1, 1, 36, f_wrap)
    ws.set_column(2, 2, 70, f_wrap)
    write_text(ws, 0, 0, t("template.intro.title", lang), f_title)
    write_text(ws, 1, 0, t("template.intro.catalogue", lang, name=catalogue.name(lang), version=catalogue.version))
    write_text(ws, 2, 0, t("template.intro.period", lang, period=period.code) if period else t("template.intro.no_period", lang))
    ws.merge_range(4, 0, 4, 2, t("raters.template.intro", lang), f_wrap)
    ws.set_row(4, 48)
    r = 6
    for s, name in zip(sheets, names):
        write_text(ws, r, 0, f"{name} · {types.label(s.rater_type, lang)} · {s.role.name(lang)} ({s.role.code})", f_bold)
        r += 1
        for m in s.measures:
            write_text(ws, r, 0, m.name(lang), f_wrap)
            write_text(ws, r, 1, m.code, f_wrap)
            write_text(ws, r, 2, m.standard(lang), f_wrap)
            ws.set_row(r, 15.0 * max(1, math.ceil(display_width(m.standard(lang)) / 68)) + 2)
            r += 1
        r += 1
