"""Reading a roster: who is employed, in which department and role (and, for pay, each person's
bonus base), from an xlsx/csv file or a filled `kpi template` workbook.

Used by `kpi template --roster` (rows for each role), `kpi score/export --roster` (bonus bases)
and the rating forms. The file goes through the input readers' checks like any input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.errors import InputFileError
from kpi_cli.i18n import t
from kpi_cli.readers.identity import identity_field, identity_label
from kpi_cli.input_formats import CSV
from kpi_cli.problems import WARNING, Problem
from kpi_cli.readers import INSTRUCTION_SHEETS, parse_meta
from kpi_cli.readers.delimited import read_delimited
from kpi_cli.readers.files import open_input
from kpi_cli.readers.grid import Grid
from kpi_cli.readers.headers import HEADER_SEARCH_ROWS
from kpi_cli.readers.numfmt import apply_digit_formats
from kpi_cli.readers.sheet_state import text_values
from kpi_cli.readers.xlsx import read_workbook
from kpi_cli.text import normalize_label

IDENTITY_COLUMNS = ("employee_id", "name", "department", "role")
ROSTER_COLUMNS = (*IDENTITY_COLUMNS, "bonus_base")  # a roster may also give each person's 绩效工资基数

@dataclass
class Roster:
    """Employees read from a roster file: one row each, with the role resolved to a catalogue code."""

    file: str
    employees: pd.DataFrame  # employee_id, name, department, role (code), row (Excel numbering), sheet
    problems: list[Problem] = field(default_factory=list)

    def for_role(self, code: str) -> pd.DataFrame:
        return self.employees[self.employees["role"] == code]


class RosterError(InputFileError):
    """A roster that cannot be used at all: nothing is written. Its problems, one located line each.

    ``problem`` is the first error (as for any InputFileError); the text holds every problem in
    the user's language, the first error first, each further one on its own line tagged as the
    command line tags a problem ('error …' / 'warning …', in the user's language).
    """

    def __init__(self, problems: list[Problem], lang: str = "zh") -> None:
        first = next((p for p in problems if p.is_error), problems[0])
        super().__init__(first)
        self.problems = problems
        self.lang = lang

    def __str__(self) -> str:
        return self.text(self.lang)

    def text(self, lang: str) -> str:
        first = self.problem
        tag = {True: t("cli.error", lang), False: t("template.tag.warning", lang)}
        lines = [first.text(lang)] + [f"{tag[p.is_error]} {p.text(lang)}" for p in self.problems if p is not first]
        return "\n".join(lines)


# What the input readers report about a whole file (or sheet), as roster problems: most become
# roster-unreadable (errors) or roster-read-warning with the reader's own message as the reason;
# these few get their own message (the readers' text talks of figures or of --encoding).
_ROSTER_TYPES = {
    "empty-file": "roster-empty-file",
    "bad-encoding": "roster-bad-encoding",
    "unsupported-file-type": "roster-bad-type",
}


def _roster_problem(p: Problem, file: str) -> Problem:
    """A reader's file-level problem, said of the roster (same severity and place)."""
    where = dict(file=file, sheet=p.sheet, row=p.row, column=p.column, cell=p.cell)
    own = _ROSTER_TYPES.get(p.type)
    if own is not None:
        return Problem(own, p.severity, params={**p.params, "cause": p.type}, **where)
    type_ = "roster-unreadable" if p.is_error else "roster-read-warning"
    fill = {"file": file, "sheet": p.sheet}
    return Problem(
        type_,
        p.severity,
        params={"reason": p.message_en, "cause": p.type},
        message_zh=t(f"problem.{type_}", "zh", reason=p.message_zh, **fill),
        message_en=t(f"problem.{type_}", "en", reason=p.message_en, **fill),
        **where,
    )


def _instruction_sheets() -> frozenset[str]:
    ours = {normalize_label(t("template.sheet.instructions", lang)) for lang in ("zh", "en")}
    return INSTRUCTION_SHEETS | ours


@dataclass
class _RosterSheet:
    """One sheet (or the CSV) holding a roster: its grid, header row position and column → field."""

    grid: Grid
    header: int  # position in grid.cells
    fields: dict[int, str]  # position in grid.cols → identity field
    role: str | None = None  # the sheet's role from a template's `_kpi` (for blank role cells)

    def column(self, f: str) -> int | None:
        return next((j for j, g in self.fields.items() if g == f), None)

    def letter(self, f: str) -> str | None:
        j = self.column(f)
        return self.grid.letter(j) if j is not None else None

    def header_text(self, f: str) -> str | None:
        j = self.column(f)
        return str(self.grid.cells[self.header, j]) if j is not None else None


def read_roster(path: Path | str, catalogue: Catalogue, lang: str = "zh") -> Roster:
    """Read a roster (any input format: employee id, name, department, role) and resolve each role.

    The file goes through the input readers' checks (zip bombs, XML entities, encrypted or
    damaged workbooks, encodings…); a roster that cannot be used at all raises RosterError
    (nothing should be written). Every sheet with both an id and a role column is read, in
    workbook order (the instructions sheet and `_kpi` of a `kpi template` workbook are skipped;
    a blank role cell on a template's role sheet takes the sheet's role). Rows with an unknown or
    missing role or no id are problems (errors) and left out; an id seen before is an error and
    only its first row is kept. Rows with no identity cell at all are skipped silently.
    """
    path = Path(path)
    name = path.name
    opened = open_input(path)
    problems = [_roster_problem(p, name) for p in opened.problems]
    if not opened.usable:
        raise RosterError(problems, lang)
    metas: dict = {}
    if opened.kind == CSV:
        text = read_delimited(opened.data, name)
        grids, read_problems = [text.grid], text.grid.problems
    else:
        book = read_workbook(opened.data, name)
        skip = _instruction_sheets()
        if book.meta is not None:
            metas = parse_meta(book.meta, catalogue)
        grids = [g for g in book.grids if normalize_label(g.name) not in skip or g.name in metas]
        read_problems = book.problems
    problems += [_roster_problem(p, name) for p in read_problems]

    found = [(g, *_find_header(g)) for g in grids]
    sheets = [
        _RosterSheet(g, i, fields, metas[g.name].role if g.name in metas else None)
        for g, i, fields in found
        if {"employee_id", "role"} <= set(fields.values())
    ]
    if not sheets:
        # A sheet that could be read but lacks a column says so; a sheet that could not be read
        # (too large, damaged) has said why already.
        if any(not g.empty for g, _, _ in found) or not any(p.is_error for p in problems):
            problems.append(_missing_column(found, name, lang))
        raise RosterError(problems, lang)

    frames = [_sheet_frame(s, k) for k, s in enumerate(sheets)]
    frame = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    if frame.empty:
        problems.append(Problem("roster-no-employees", WARNING, file=name, sheet=sheets[0].grid.name))

    labels = frame["role"].dropna().unique()
    codes = {label: (r.code if (r := catalogue.lookup(label)) is not None else None) for label in labels}
    frame["role_label"] = frame["role"]
    frame["role"] = frame["role"].map(codes).astype("object")
    sheet_role = frame["sheet_pos"].map({k: s.role for k, s in enumerate(sheets)})
    blank_role = frame["role_label"].isna() & sheet_role.notna()
    frame.loc[blank_role, "role"] = sheet_role[blank_role]

    def where(rec, f: str) -> dict:
        s = sheets[rec.sheet_pos]
        return dict(file=name, sheet=s.grid.name, row=int(rec.row), column=s.letter(f), column_name=s.header_text(f))

    no_id = frame["employee_id"].isna()
    for rec in frame[no_id].itertuples(index=False):
        problems.append(
            Problem("roster-missing-id", value=rec.name if isinstance(rec.name, str) else "—", **where(rec, "employee_id"))
        )
    bad_role = ~no_id & frame["role"].isna()
    for rec in frame[bad_role].itertuples(index=False):
        if isinstance(rec.role_label, str):
            problems.append(
                Problem("roster-unknown-role", employee_id=rec.employee_id, value=rec.role_label,
                        params={"hint": catalogue.role_hint(rec.role_label, lang)}, **where(rec, "role"))
            )
        else:
            problems.append(Problem("roster-missing-role", employee_id=rec.employee_id, **where(rec, "role")))

    good = frame[~no_id & ~bad_role]
    # The same id twice would make two rows in the template, and the filled workbook would then
    # fail scoring with duplicate employees: the first row is kept, every later copy is an error.
    again = good["employee_id"].duplicated(keep="first")
    if again.any():
        kept = good[~again].set_index("employee_id")
        for rec in good[again].itertuples(index=False):
            first = kept.loc[rec.employee_id]
            s = sheets[int(first["sheet_pos"])]
            cell = f"{s.letter('employee_id')}{int(first['row'])}"
            at = cell if int(first["sheet_pos"]) == rec.sheet_pos or s.grid.name is None else f"{s.grid.name} › {cell}"
            problems.append(
                Problem("roster-duplicate-id", employee_id=rec.employee_id, value=rec.employee_id,
                        params={"kept": at}, **where(rec, "employee_id"))
            )
        good = good[~again]

    sheet_pos = {s.grid.name: k for k, s in enumerate(sheets)}
    problems.sort(key=lambda p: (p.row is not None, sheet_pos.get(p.sheet, -1), p.row or 0,
                                 len(p.column or ""), p.column or "", p.type))
    employees = good[["employee_id", "name", "department", "role", "row", "sheet", "bonus_base_raw", "base_column"]
                     ].reset_index(drop=True)
    return Roster(file=name, employees=employees, problems=problems)


def _sheet_frame(s: _RosterSheet, k: int) -> pd.DataFrame:
    """The identity cells below a roster sheet's header as text, one row per row that holds any."""
    body = s.grid.cells[s.header + 1 :]
    n = len(body)
    data: dict[str, object] = {}
    for f in IDENTITY_COLUMNS:
        j = s.column(f)
        data[f] = text_values(body[:, j]) if j is not None else np.full(n, None, dtype=object)
        if f == "employee_id" and j is not None:  # 123 formatted 000000 is "000123", as Excel shows it (and the figures read it)
            data[f] = apply_digit_formats(body[:, j], data[f], s.grid.rows[s.header + 1 :],
                                          s.grid.digit_formats.get(int(s.grid.cols[j])))
    frame = pd.DataFrame(data, dtype=object)
    ids = frame["employee_id"].astype("string").str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
    frame["employee_id"] = ids.astype(object).where(ids.notna(), None)
    frame["row"] = s.grid.rows[s.header + 1 :]
    frame["sheet"] = s.grid.name
    frame["sheet_pos"] = k
    # The bonus base as typed (kpi_cli.scoring.pay reads it when scoring; a template ignores it).
    j_base = s.column("bonus_base")
    frame["bonus_base_raw"] = pd.Series(body[:, j_base] if j_base is not None else [None] * n, dtype=object).to_numpy()
    frame["base_column"] = s.letter("bonus_base")
    return frame[frame[list(IDENTITY_COLUMNS)].notna().any(axis=1)]


def _missing_column(found: list[tuple[Grid, int, dict[int, str]]], file: str, lang: str) -> Problem:
    """roster-missing-column for the sheet that comes closest (an id or a role column, else anything)."""
    named = [x for x in found if x[2]] or [x for x in found if not x[0].empty]
    if not named:
        return Problem("roster-missing-column", file=file,
                       params={"column": identity_label("employee_id", lang), "found": "—"})
    grid, i, fields = named[0]
    missing = next(f for f in ("employee_id", "role") if f not in fields.values())
    header = [str(v) for v in grid.cells[i] if v is not None] if not grid.empty else []
    return Problem(
        "roster-missing-column",
        file=file,
        sheet=grid.name,
        row=int(grid.rows[i]) if not grid.empty else None,
        params={"column": identity_label(missing, lang), "found": ", ".join(header) or "—"},
    )


def _find_header(grid: Grid) -> tuple[int, dict[int, str]]:
    """The first row (of the first 20 holding anything) naming an id or role column, and column position → field."""
    best: tuple[int, dict[int, str]] | None = None
    for i in range(min(len(grid.cells), HEADER_SEARCH_ROWS)):
        fields: dict[int, str] = {}
        for j, value in enumerate(grid.cells[i].tolist()):
            f = identity_field(value) if isinstance(value, str) else None
            if f in ROSTER_COLUMNS and f not in fields.values():
                fields[j] = f
        if "employee_id" in fields.values() or "role" in fields.values():
            return i, fields
        if best is None and fields:
            best = (i, fields)
    return best if best is not None else (0, {})
