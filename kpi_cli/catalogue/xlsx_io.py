"""A catalogue as an Excel workbook HR can edit, and reading one back with each problem's cell.

The workbook has four sheets: instructions; settings (name, version, coverage threshold,
departments, grade bands, quotas, in sections marked ``[catalogue]``, ``[departments]``,
``[grades]``, ``[quotas]``); roles (one row per dimension, with its role's fields); measures (one
row per measure, params as columns, rating scales and bands as compact text "1:0, 2:60, 3:100").
Headers are the keys of the YAML form (docs/catalogue-format.md), so both forms read the same way.

Reading turns the sheets into the same nested mappings the YAML loader gets, each remembering
its sheet and cells, and hands them to the schema's checks (kpi_cli.catalogue.schema): every problem names sheet and cell.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from kpi_cli.catalogue.schema import (
    DEPARTMENT_KEYS,
    GRADE_KEYS,
    MEASURE_KEYS,
    QUOTA_KEYS,
    Checker,
    Located,
    LocatedList,
    build_catalogue,
)
from kpi_cli.catalogue.model import (
    AGGREGATES,
    BASES,
    CYCLES,
    BONUS_RULE,
    KINDS,
    ORIGINS,
    RULES,
    SOURCES,
    UNITS,
    Catalogue,
)
from kpi_cli.catalogue.serialize import export_dict
from kpi_cli.cells import column_letter, tidy_number
from kpi_cli.i18n import t
from kpi_cli.problems import WARNING, Problem
from kpi_cli.xlsx_safe import write_text

# Sheet key → accepted names (the first is the zh name written, the second the en name).
SHEETS = {
    "instructions": ("说明", "Instructions"),
    "settings": ("设置", "Settings"),
    "roles": ("岗位", "Roles"),
    "measures": ("考核标准", "Measures"),
}
SECTIONS = ("catalogue", "departments", "grades", "quotas", "pay")
SETTINGS_KEYS = ("name_zh", "name_en", "version", "coverage_threshold")
PAY_KEYS = ("coefficient_mode", "coefficient_min", "coefficient_max", "calibrate")
SECTION_COLUMNS = {
    "catalogue": ("key", "value"),
    "pay": ("key", "value"),
    "departments": ("code", *DEPARTMENT_KEYS),
    "grades": ("role", *GRADE_KEYS),
    "quotas": QUOTA_KEYS,
}
SECTION_REQUIRED = {
    "catalogue": ("key", "value"),
    "pay": ("key", "value"),
    "departments": ("code", "name_zh", "name_en"),
    "grades": ("grade", "name_zh", "name_en", "min"),
    "quotas": ("grades",),
}
# Roles sheet column → (level, key in the YAML form)
ROLE_COLUMNS = {
    "role": ("role", "code"),
    "role_name_zh": ("role", "name_zh"),
    "role_name_en": ("role", "name_en"),
    "department": ("role", "department"),
    "role_origin": ("role", "origin"),
    "role_note_zh": ("role", "note_zh"),
    "role_note_en": ("role", "note_en"),
    "dimension": ("dimension", "code"),
    "name_zh": ("dimension", "name_zh"),
    "name_en": ("dimension", "name_en"),
    "weight": ("dimension", "weight"),
    "origin": ("dimension", "origin"),
    "role_aliases": ("role", "aliases"),
}
ROLES_REQUIRED = ("role", "role_name_zh", "role_name_en", "department", "dimension", "name_zh", "name_en")
PARAM_COLUMNS = ("target", "excellent", "floor", "ceiling", "per_unit", "cap", "cap_grade", "scale", "bands")
# The measure keys of the schema, with "kind" first (beside "dimension") and params as columns.
MEASURE_COLUMNS = (
    "role",
    "dimension",
    "kind",
    *(k for key in MEASURE_KEYS if key != "kind" for k in (PARAM_COLUMNS if key == "params" else (key,))),
)
MEASURES_REQUIRED = ("role", "code", "name_zh", "name_en", "standard_zh", "standard_en", "source", "unit", "rule")
NUMBER_KEYS = frozenset(
    {"weight", "min", "coverage_threshold", "target", "excellent", "floor", "ceiling", "per_unit", "cap",
     "max_share", "min_share", "coefficient", "coefficient_min", "coefficient_max"}
)
PAIR_KEYS = frozenset({"scale", "bands"})
# Wrapped columns; role notes are long but repeated on every row of a role, so they stay unwrapped.
WIDE_TEXT = frozenset({"standard_zh", "standard_en", "checklist_zh", "checklist_en"})
LONG_TEXT = WIDE_TEXT | {"role_note_zh", "role_note_en"}
OPEN_BOUND = "*"  # the open last band bound in compact text ("…, *:0")
_OPEN_WORDS = {"", "*", "null", "none", "inf", "∞", "open", "~"}
_PAIR_RE = re.compile(r"^\s*([^:：]*?)\s*[:：]\s*(.+?)\s*$")
VALIDATION_ROWS = 1000  # drop-downs reach this far below the header, so new rows get them too


# --- values in cells ----------------------------------------------------------------------------
def pairs_text(pairs: Any) -> str:
    """[[1, 0], [2, 60]] → "1:0, 2:60"; an open bound (None) is written "*"."""
    return ", ".join(f"{OPEN_BOUND if a is None else _fmt(a)}:{_fmt(b)}" for a, b in pairs)


def parse_pairs(text: str) -> list | None:
    """"1:0, 2:60" → [[1, 0], [2, 60]]; None when the text is not in that form."""
    items = [x for x in re.split(r"[,，;；\n]", text) if x.strip()]
    if not items:
        return None
    out = []
    for item in items:
        m = _PAIR_RE.match(item)
        if not m:
            return None
        a, b = m.group(1), _number(m.group(2))
        bound = None if a.strip().lower() in _OPEN_WORDS else _number(a)
        if isinstance(b, str) or isinstance(bound, str):
            return None
        out.append([bound, b])
    return out


def _fmt(x: Any) -> str:
    return str(tidy_number(x))


def _number(text: str) -> Any:
    """A number from text ("95", "13.5"), or the text itself when it is not one."""
    s = text.strip()
    try:
        v = float(s)
    except ValueError:
        return text
    return v if "e" in s.lower() else tidy_number(v)  # 1e3 stays a float, as YAML reads it


def _cell_value(key: str, v: Any) -> Any:
    """A cell's value as the YAML form holds it; None for a blank cell."""
    if v is None:
        return None
    if isinstance(v, str):
        v = v.strip()
        if not v:
            return None
    if key in NUMBER_KEYS:
        if isinstance(v, str):
            return _number(v)
        return tidy_number(v)
    if key in PAIR_KEYS:
        parsed = parse_pairs(str(v))
        return parsed if parsed is not None else str(v)
    if key == "aliases":  # names may hold spaces: split on commas, semicolons, 、 and line breaks only
        return [x.strip() for x in re.split(r"[,，;；、\n]+", str(v)) if x.strip()]
    if key in ("derived_params", "grades"):
        return [x for x in re.split(r"[\s,，;；、+]+", str(v)) if x]
    if key in ("checklist_zh", "checklist_en"):
        return [line.strip() for line in str(v).splitlines() if line.strip()]
    if isinstance(v, bool):
        return v
    if key == "calibrate" and str(v).casefold() in _BOOL_WORDS:
        return _BOOL_WORDS[str(v).casefold()]
    return str(tidy_number(v))


_BOOL_WORDS = {"true": True, "false": False, "yes": True, "no": False, "是": True, "否": False, "1": True, "0": False}


# --- writing --------------------------------------------------------------------------------------
def write_catalogue_xlsx(cat: Catalogue, path: str | Path, lang: str = "zh") -> Path:
    """Write the catalogue as an editable workbook (atomically: a temporary file, then renamed)."""
    import xlsxwriter

    from kpi_cli.fileio import atomic_path, xlsx_target

    path = Path(path)
    data = export_dict(cat)
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with atomic_path(path) as tmp, xlsx_target(tmp, options) as (fh, options):
        wb = xlsxwriter.Workbook(fh, options)
        _Writer(wb, data, lang).write()
        wb.close()
    return path


def sheet_name(key: str, lang: str) -> str:
    return SHEETS[key][0 if lang == "zh" else 1]


class _Writer:
    def __init__(self, wb, data: dict[str, Any], lang: str) -> None:
        self.wb, self.data, self.lang = wb, data, lang
        self.header = wb.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "valign": "top"})
        self.section = wb.add_format({"bold": True, "font_color": "#1F4E79"})
        self.note = wb.add_format({"italic": True, "font_color": "#595959"})
        self.text = wb.add_format({"num_format": "@", "valign": "top"})
        self.wrap = wb.add_format({"num_format": "@", "text_wrap": True, "valign": "top"})
        self.number = wb.add_format({"valign": "top"})
        self.title = wb.add_format({"bold": True, "font_size": 14})
        self.para = wb.add_format({"text_wrap": True, "valign": "top"})
        self.grade_letters = [g["grade"] for g in data["grades"]]

    def write(self) -> None:
        self.instructions()
        self.settings()
        self.roles()
        self.measures()

    # cells: strings always as strings (never formulas), numbers as numbers, blanks left blank
    def put(self, ws, r: int, c: int, v: Any, fmt=None) -> None:
        if v is None:
            return
        if isinstance(v, bool):
            ws.write_boolean(r, c, v, fmt)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v, fmt or self.number)
        else:
            write_text(ws, r, c, str(v), fmt or self.text)

    def instructions(self) -> None:
        L = self.lang
        ws = self.wb.add_worksheet(sheet_name("instructions", L))
        ws.set_column(0, 0, 100, self.para)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)  # printed: one page wide
        write_text(ws, 0, 0, t("catxlsx.instr.title", L, name=self.data[f"name_{L}"], version=self.data["version"]), self.title)
        names = {k: sheet_name(k, L) for k in SHEETS}
        r = 1
        for key in INSTRUCTION_KEYS:
            heading = key.endswith(".h")
            r += 1 if heading else 0  # a blank line before each heading
            text = t(key, L, rules=", ".join((*RULES, BONUS_RULE)), units=", ".join(UNITS), **names)
            write_text(ws, r, 0, text, self.section if heading else self.para)
            r += 1
        ws.activate()

    def settings(self) -> None:
        L, d = self.lang, self.data
        ws = self.wb.add_worksheet(sheet_name("settings", L))
        widths = [22, 50, 24, 24, 10]
        r = 0

        def section(name: str) -> None:
            nonlocal r
            write_text(ws, r, 0, f"[{name}]", self.section)
            write_text(ws, r, 1, t(f"catxlsx.section.{name}", L), self.note)
            r += 1
            for c, key in enumerate(SECTION_COLUMNS[name]):
                write_text(ws, r, c, key, self.header)
            r += 1

        section("catalogue")
        for key in SETTINGS_KEYS:
            write_text(ws, r, 0, key, self.text)
            self.put(ws, r, 1, d.get(key))
            r += 1
        r += 1
        section("departments")
        first_dep = r
        for code, dep in d["departments"].items():
            for c, v in enumerate((code, dep["name_zh"], dep["name_en"])):
                self.put(ws, r, c, v)
            r += 1
        self.dep_range = (first_dep, r - 1)
        r += 1
        section("grades")
        rows = [(None, g) for g in d["grades"]] + [
            (role["code"], g) for role in d["roles"] for g in role.get("grades") or ()
        ]
        for role, g in rows:
            for c, v in enumerate((role, g["grade"], g["name_zh"], g["name_en"], g["min"], g.get("coefficient"))):
                self.put(ws, r, c, v)
            r += 1
        r += 1
        section("quotas")
        for q in d["quotas"]:
            for c, v in enumerate((", ".join(q["grades"]), q.get("max_share"), q.get("min_share"))):
                self.put(ws, r, c, v)
            r += 1
        r += 1
        section("pay")
        for key in PAY_KEYS:
            write_text(ws, r, 0, key, self.text)
            self.put(ws, r, 1, d.get(key))
            r += 1
        for c, w in enumerate(widths):
            ws.set_column(c, c, w)

    def _table(self, ws, columns: tuple[str, ...], rows: list[list[Any]], freeze_cols: int, kind: str) -> None:
        L = self.lang
        for c, key in enumerate(columns):
            write_text(ws, 0, c, key, self.header)
            ws.write_comment(0, c, t(f"catxlsx.{kind}.{key}", L), {"x_scale": 2.5, "y_scale": 1.5})
        for r, row in enumerate(rows, start=1):
            for c, v in enumerate(row):
                self.put(ws, r, c, v, self.wrap if columns[c] in WIDE_TEXT else None)
        for c, key in enumerate(columns):
            longest = max([_width(key)] + [_width(row[c]) for row in rows])
            cap = 48 if key in LONG_TEXT else 30
            fmt = self.wrap if key in WIDE_TEXT else (self.text if key not in NUMBER_KEYS else None)
            ws.set_column(c, c, min(cap, max(8, longest + 2)), fmt)
        ws.freeze_panes(1, freeze_cols)
        ws.autofilter(0, 0, max(1, len(rows)), len(columns) - 1)

    def _choices(self, ws, columns: tuple[str, ...], key: str, values, n: int) -> None:
        c = columns.index(key)
        ws.data_validation(
            1,
            c,
            max(n, VALIDATION_ROWS),
            c,
            {
                "validate": "list",
                "source": [str(v) for v in values],
                "ignore_blank": True,
                "error_title": t("catxlsx.validation.title", self.lang),
                "error_message": t("catxlsx.validation.message", self.lang, key=key, allowed=", ".join(map(str, values))),
            },
        )

    def roles(self) -> None:
        ws = self.wb.add_worksheet(sheet_name("roles", self.lang))
        columns = tuple(ROLE_COLUMNS)
        rows = []
        for role in self.data["roles"]:
            for dim in role["dimensions"]:
                rows.append(
                    [
                        role["code"],
                        role["name_zh"],
                        role["name_en"],
                        role["department"],
                        role["origin"],
                        role.get("note_zh"),
                        role.get("note_en"),
                        dim["code"],
                        dim["name_zh"],
                        dim["name_en"],
                        dim["weight"],
                        dim["origin"],
                        "、".join(role.get("aliases", ())) or None,
                    ]
                )
        self._table(ws, columns, rows, 1, "roles")
        n = len(rows)
        self._choices(ws, columns, "department", list(self.data["departments"]), n)
        self._choices(ws, columns, "role_origin", ORIGINS, n)
        self._choices(ws, columns, "origin", ORIGINS, n)
        c = columns.index("weight")
        ws.data_validation(
            1, c, max(n, VALIDATION_ROWS), c,
            {
                "validate": "decimal",
                "criteria": "between",
                "minimum": 0,
                "maximum": 100,
                "ignore_blank": True,
                "error_title": t("catxlsx.validation.title", self.lang),
                "error_message": t("catxlsx.validation.weight", self.lang),
            },
        )

    def measures(self) -> None:
        ws = self.wb.add_worksheet(sheet_name("measures", self.lang))
        columns = MEASURE_COLUMNS
        rows = []
        for role in self.data["roles"]:
            listed = [(dim["code"], m) for dim in role["dimensions"] for m in dim["measures"]]
            listed += [(None, m) for m in role.get("vetoes", ())] + [(None, m) for m in role.get("bonuses", ())]
            for dim_code, m in listed:
                p = m["params"]
                rows.append(
                    [
                        role["code"],
                        dim_code,
                        m.get("kind", "weighted"),
                        m["code"],
                        m["name_zh"],
                        m["name_en"],
                        m["standard_zh"],
                        m["standard_en"],
                        m["source"],
                        m["unit"],
                        m["rule"],
                        *[
                            (pairs_text(p[k]) if k in PAIR_KEYS else p[k]) if p.get(k) is not None else None
                            for k in PARAM_COLUMNS
                        ],
                        ", ".join(m.get("derived_params", ())) or None,
                        m["aggregate"],
                        m["basis"],
                        m.get("cycle"),
                        m["weight"],
                        m["origin"],
                        m.get("assessor_zh"),
                        m.get("assessor_en"),
                        "\n".join(m.get("checklist_zh", ())) or None,
                        "\n".join(m.get("checklist_en", ())) or None,
                        "、".join(m.get("aliases", ())) or None,
                    ]
                )
        self._table(ws, columns, rows, 4, "measures")
        n = len(rows)
        for key, values in (
            ("kind", KINDS),
            ("source", SOURCES),
            ("unit", UNITS),
            ("rule", (*RULES, BONUS_RULE)),
            ("aggregate", AGGREGATES),
            ("basis", BASES),
            ("cycle", CYCLES),
            ("origin", ORIGINS),
            ("cap_grade", self.grade_letters),
        ):
            if values:
                self._choices(ws, columns, key, values, n)


def _width(v: Any) -> int:
    """Display width of a cell's longest line (CJK characters count double)."""
    if v is None:
        return 0
    lines = str(v).splitlines() or [""]
    return max(sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) for line in lines)


INSTRUCTION_KEYS = (
    "catxlsx.instr.what",
    "catxlsx.instr.sheets.h",
    "catxlsx.instr.sheets.settings",
    "catxlsx.instr.sheets.roles",
    "catxlsx.instr.sheets.measures",
    "catxlsx.instr.edit.h",
    "catxlsx.instr.edit.weights",
    "catxlsx.instr.edit.shared",
    "catxlsx.instr.edit.measures",
    "catxlsx.instr.edit.params",
    "catxlsx.instr.edit.pairs",
    "catxlsx.instr.edit.extras",
    "catxlsx.instr.edit.grades",
    "catxlsx.instr.edit.choices",
    "catxlsx.instr.use.h",
    "catxlsx.instr.use.check",
    "catxlsx.instr.use.score",
    "catxlsx.instr.use.doc",
)


# --- reading --------------------------------------------------------------------------------------
def read_catalogue_xlsx(file: str | Path) -> tuple[Catalogue | None, list[Problem]]:
    """Read and check a catalogue workbook: (catalogue or None, problems with sheet and cell)."""
    file = Path(file)
    ck = Checker()
    try:
        raw, sheets, refused = _read_sheets(file)
    except Exception as exc:  # a damaged or non-xlsx file: one problem, not a traceback
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        ck.add("catalogue-xlsx-unreadable", file, reason=reason)
        return None, ck.problems
    for p in refused:  # what the data readers refuse (a zip bomb, XML entities, a sheet too large…), said of a catalogue
        ck.add("catalogue-xlsx-unreadable", file, reason=p.message("en").rstrip("."))
    if refused:
        return None, ck.problems
    data = _Reader(file, ck, sheets).data()
    if data is None:
        return None, ck.problems
    cat = build_catalogue(data, file, ck, hashlib.sha256(raw))
    return cat, ck.problems


def _read_sheets(file: Path) -> tuple[bytes, dict[str, tuple[str, list[tuple[int, tuple]]]], list[Problem]]:
    """(the file's bytes, sheet key → (sheet name, [(row number, values)] of the rows holding
    something), problems that refuse the file).

    The workbook goes through the data readers' checks (a FIFO, a huge file, a zip bomb, XML
    entities are refused before anything is parsed) and their reader, which keeps only the
    cells that hold something: a stray value in XFD1048576 costs one cell, not a scan of
    17 billion.
    """
    from kpi_cli.readers.files import open_input
    from kpi_cli.readers.xlsx import read_workbook

    opened = open_input(file)
    refused = [p for p in opened.problems if p.is_error]
    if refused or opened.kind != "xlsx":
        return opened.data, {}, refused or opened.problems
    book = read_workbook(opened.data, str(file))
    by_name = {g.name.strip().lower(): g for g in book.grids}
    out = {}
    for key, names in SHEETS.items():
        for name in (*names, key):
            grid = by_name.get(name.lower())
            if grid is not None:
                out[key] = (grid.name, _grid_rows(grid))
                break
    needed = {name.lower() for names in SHEETS.values() for name in names} | set(SHEETS)
    refused = [p for p in book.problems if p.is_error and (p.sheet or "").strip().lower() in needed | {""}]
    return opened.data, out, refused


def _grid_rows(grid) -> list[tuple[int, tuple]]:
    """A sparse grid as (Excel row number, the row's values up to its last one) pairs."""
    rows = []
    for i, row_no in enumerate(grid.rows):
        filled = [j for j, v in enumerate(grid.cells[i]) if v is not None]
        if not filled:
            continue
        values = [None] * (int(grid.cols[filled[-1]]) + 1)
        for j in filled:
            values[int(grid.cols[j])] = grid.cells[i][j]
        rows.append((int(row_no), tuple(values)))
    return rows


def _header_row(rows: list[tuple[int, tuple]]) -> tuple:
    return rows[0][1] if rows and rows[0][0] == 1 else ()


def _located(sheet: str, row: int, col: str | None, key_cells: dict | None = None) -> Located:
    d = Located()
    d.sheet, d.cell, d.key_cells = sheet, (row, col), key_cells or {}
    return d


def _located_list(sheet: str, row: int, col: str | None) -> LocatedList:
    seq = LocatedList()
    seq.sheet, seq.cell = sheet, (row, col)
    return seq


class _Reader:
    """The sheets as the nested, located mappings of the YAML form."""

    def __init__(self, file: Path, ck: Checker, sheets: dict) -> None:
        self.file, self.ck, self.sheets = file, ck, sheets

    def problem(self, type_: str, sheet: str, row: int | None, col: str | None, severity: str = "error", **params) -> None:
        where = _located(sheet, row, col)
        self.ck.add(type_, self.file, where, None, severity=severity, **params)

    def data(self) -> Located | None:
        missing = [k for k in ("settings", "roles", "measures") if k not in self.sheets]
        for key in missing:
            self.ck.add(
                "catalogue-xlsx-missing-sheet", self.file, value=sheet_name(key, "en"), allowed=", ".join(SHEETS[key])
            )
        if missing:
            return None
        data = self.settings()
        if data is None:
            return None
        roles = self.roles()
        if roles is None:
            return None
        if not self.measures(roles):
            return None
        role_list = _located_list(self.sheets["roles"][0], 2, "A")
        role_list.extend(roles.values())
        data["roles"] = role_list
        for code, grades in self.role_grades.items():
            if code in roles:
                roles[code]["grades"] = grades
            else:
                g = grades[0]
                self.ck.add("catalogue-xlsx-unknown-role", self.file, g, "role", value=code)
        return data

    # a table: header row → {key: column index}; problems for unknown, missing and doubled columns
    def header(self, sheet: str, row_no: int, row: tuple, known, required) -> dict[str, int] | None:
        cols: dict[str, int] = {}
        for i, v in enumerate(row):
            if v is None or not str(v).strip():
                continue
            key = str(v).strip().lower()
            if key in cols:
                self.problem("catalogue-xlsx-duplicate-column", sheet, row_no, column_letter(i), value=key)
            elif key not in known:
                self.problem(
                    "catalogue-xlsx-unknown-column", sheet, row_no, column_letter(i), severity=WARNING, value=v, allowed=", ".join(known)
                )
            else:
                cols[key] = i
        absent = [k for k in required if k not in cols]
        for key in absent:
            self.problem("catalogue-xlsx-missing-column", sheet, row_no, None, key=key)
        return None if absent else cols

    def stray(self, sheet: str, row_no: int, row: tuple, cols: dict[str, int]) -> bool:
        """A row whose values all lie outside the table's columns (a stray cell far to the right):
        a warning at its first cell, and the row is no record."""
        if any(i < len(row) and row[i] is not None and str(row[i]).strip() for i in cols.values()):
            return False
        first = next(i for i, v in enumerate(row) if v is not None and str(v).strip())
        self.problem("catalogue-xlsx-stray-cell", sheet, row_no, column_letter(first), severity=WARNING, value=row[first])
        return True

    def record(self, sheet: str, row_no: int, row: tuple, cols: dict[str, int], anchor: str, rename=None) -> Located:
        """One row as a located mapping of its non-blank cells (``rename``: column → key)."""
        rename = rename or {}
        cells = {rename.get(k, k): (row_no, column_letter(i)) for k, i in cols.items()}
        d = _located(sheet, row_no, column_letter(cols[anchor]) if anchor in cols else "A", cells)
        for k, i in cols.items():
            v = _cell_value(rename.get(k, k), row[i] if i < len(row) else None)
            if v is not None:
                d[rename.get(k, k)] = v
        return d

    def settings(self) -> Located | None:
        sheet, rows = self.sheets["settings"]
        data = _located(sheet, 1, "A")
        self.role_grades: dict[str, LocatedList] = {}
        grades = quotas = None
        departments = None
        section = None
        cols = None
        for r, row in rows:
            first = row[0] if row else None
            text = str(first).strip() if first is not None else ""
            if not any(v is not None and str(v).strip() for v in row):
                continue
            m = re.match(r"^\[\s*([A-Za-z_]+)\s*\]$", text)
            if m:
                section = m.group(1).lower()
                cols = None
                if section not in SECTIONS:
                    self.problem(
                        "catalogue-xlsx-unknown-section", sheet, r, "A", severity=WARNING, value=text, allowed=", ".join(f"[{s}]" for s in SECTIONS)
                    )
                    section = "?"
                    continue
                data.key_cells[section] = (r, "A")
                if section == "departments":
                    departments = _located(sheet, r, "A")
                    data["departments"] = departments
                elif section == "grades":
                    grades = _located_list(sheet, r, "A")
                    data["grades"] = grades
                elif section == "quotas":
                    quotas = _located_list(sheet, r, "A")
                    data["quotas"] = quotas
                continue
            if section in (None, "?"):
                continue
            if cols is None:
                cols = self.header(sheet, r, row, SECTION_COLUMNS[section], SECTION_REQUIRED[section])
                if cols is None:
                    return None
                continue
            if section in ("catalogue", "pay"):
                key = _cell_value("key", row[cols["key"]] if cols["key"] < len(row) else None)
                if key is None:
                    continue
                col = cols["value"]
                value = _cell_value(key, row[col] if col < len(row) else None)
                data.key_cells[key] = (r, column_letter(col))
                if value is not None:
                    data[key] = value
            elif section == "departments":
                rec = self.record(sheet, r, row, cols, "code")
                code = rec.pop("code", None)
                if code is None:
                    continue
                departments[code] = rec
                departments.key_cells[code] = (r, column_letter(cols["code"]))
            elif section == "grades":
                rec = self.record(sheet, r, row, cols, "grade")
                role = rec.pop("role", None)
                if role is None:
                    grades.append(rec)
                else:
                    target = self.role_grades.setdefault(role, _located_list(sheet, r, column_letter(cols["grade"])))
                    target.append(rec)
            elif section == "quotas":
                quotas.append(self.record(sheet, r, row, cols, "grades"))
        return data

    def roles(self) -> dict[str, Located] | None:
        sheet, rows = self.sheets["roles"]
        if not rows:
            self.problem("catalogue-xlsx-missing-column", sheet, 1, "A", key="role")
            return None
        cols = self.header(sheet, 1, _header_row(rows), tuple(ROLE_COLUMNS), ROLES_REQUIRED)
        if cols is None:
            return None
        role_cols = {k: i for k, i in cols.items() if ROLE_COLUMNS[k][0] == "role"}
        dim_cols = {k: i for k, i in cols.items() if ROLE_COLUMNS[k][0] == "dimension"}
        role_keys = {k: ROLE_COLUMNS[k][1] for k in role_cols}
        dim_keys = {k: ROLE_COLUMNS[k][1] for k in dim_cols}
        roles: dict[str, Located] = {}
        self.dimensions: dict[str, dict[str, Located]] = {}
        for r, row in (rr for rr in rows if rr[0] > 1):
            if not any(v is not None and str(v).strip() for v in row) or self.stray(sheet, r, row, cols):
                continue
            role_rec = self.record(sheet, r, row, role_cols, "role", role_keys)
            code = role_rec.get("code")
            if code is None:
                self.ck.add("catalogue-missing-key", self.file, role_rec, "code", key="role")
                continue
            role = roles.get(code)
            if role is None:
                role = role_rec
                weight_col = column_letter(cols["weight"]) if "weight" in cols else role_rec.cell[1]
                role.key_cells["dimensions"] = (r, weight_col)
                dims = _located_list(sheet, r, weight_col)
                role["dimensions"] = dims
                roles[code] = role
                self.dimensions[code] = {}
            else:
                for key, value in role_rec.items():
                    if key not in role:  # blank on the role's first row, given here
                        role[key] = value
                        role.key_cells[key] = role_rec.key_cells[key]
                    elif key != "code" and value != role[key]:
                        self.ck.add(
                            "catalogue-xlsx-role-mismatch",
                            self.file,
                            role_rec,
                            key,
                            role=code,
                            key=[k for k, v in role_keys.items() if v == key][0],
                            value=value,
                            first=role[key],
                        )
            dim = self.record(sheet, r, row, dim_cols, "dimension", dim_keys)
            dim["measures"] = _located_list(sheet, r, dim.cell[1])
            role["dimensions"].append(dim)
            if "code" in dim:
                self.dimensions[code].setdefault(dim["code"], dim)
        return roles

    def measures(self, roles: dict[str, Located]) -> bool:
        sheet, rows = self.sheets["measures"]
        if not rows:
            self.problem("catalogue-xlsx-missing-column", sheet, 1, "A", key="role")
            return False
        cols = self.header(sheet, 1, _header_row(rows), MEASURE_COLUMNS, MEASURES_REQUIRED)
        if cols is None:
            return False
        param_cols = {k: i for k, i in cols.items() if k in PARAM_COLUMNS}
        own_cols = {k: i for k, i in cols.items() if k not in PARAM_COLUMNS}
        for r, row in (rr for rr in rows if rr[0] > 1):
            if not any(v is not None and str(v).strip() for v in row) or self.stray(sheet, r, row, cols):
                continue
            m = self.record(sheet, r, row, own_cols, "code")
            params = self.record(sheet, r, row, param_cols, "target" if "target" in param_cols else "code")
            m["params"] = params
            for k in param_cols:
                m.key_cells[k] = params.key_cells[k]
            role_code = m.pop("role", None)
            dim_code = m.pop("dimension", None)
            kind = m.pop("kind", "weighted")
            role = roles.get(role_code) if role_code is not None else None
            if role is None:
                self.ck.add("catalogue-xlsx-unknown-role", self.file, m, "role", key="role", value=role_code, role=role_code)
                continue
            if kind not in KINDS:
                self.ck.add(
                    "catalogue-bad-choice", self.file, m, "kind", key="kind", value=kind, allowed=", ".join(KINDS), role=role_code
                )
                continue
            if kind == "weighted":
                dims = self.dimensions[role_code]
                dim = dims.get(dim_code) if dim_code is not None else None
                if dim is None:
                    self.ck.add(
                        "catalogue-xlsx-unknown-dimension",
                        self.file,
                        m,
                        "dimension",
                        key="dimension",
                        value=dim_code,
                        role=role_code,
                        allowed=", ".join(dims),
                    )
                    continue
                dim["measures"].append(m)
            else:
                key = "vetoes" if kind == "veto" else "bonuses"
                role.setdefault(key, _located_list(sheet, r, m.cell[1])).append(m)
        return True
