"""Input files → a Dataset: every row of every sheet of every file, with located problems.

``read_inputs(paths, catalogue)`` reads workbooks and delimited text (kpi_cli/input_formats.py), in wide or long
format, and never raises for bad data: a file that cannot be opened becomes one problem and the
other files are still read; a bad cell invalidates its measure only. See kpi_cli/readers/dataset.py for
the contract with the scorer.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.readers.dataset import RECORD_COLUMNS, Dataset, InputFile
from kpi_cli.i18n import Msg
from kpi_cli.input_formats import CSV
from kpi_cli.meta_sheet import MEASURE_PREFIX, META_HEADER
from kpi_cli.periods import find_period, try_parse_period
from kpi_cli.problems import ERROR, Problem
from kpi_cli.readers.delimited import check_encoding, read_delimited
from kpi_cli.readers.files import open_input
from kpi_cli.readers.grid import Grid, column_index
from kpi_cli.readers.headers import HeaderIndex, Target
from kpi_cli.readers.identity import PERSON_TEXT_FIELDS
from kpi_cli.readers.sheet import read_grid
from kpi_cli.readers.sheet_state import INTERNAL_COLUMNS, SheetContext, SheetData, SheetMeta
from kpi_cli.readers.xlsx import WorkbookReader
from kpi_cli.text import normalize_label

__all__ = ["read_inputs", "read_file", "HeaderIndex"]

# Sheets that are never data: the template's instructions (填写说明 / Instructions).
INSTRUCTION_SHEETS = frozenset(normalize_label(n) for n in ("填写说明", "Instructions", "说明", "README", "使用说明"))


def read_inputs(paths: list[Path | str], catalogue: Catalogue, *, encoding: str | None = None) -> Dataset:
    """Read every file; one Dataset with all records, figures per role, problems and file records.

    Raises UsageError only for an unknown ``encoding`` name (a wrong command line, not bad data).
    """
    encoding = check_encoding(encoding)
    index = HeaderIndex.build(catalogue)
    parts: list[SheetData] = []
    files: list[InputFile] = []
    problems: list[Problem] = []
    for path in paths:
        part_list, file_problems, info = read_file(Path(path), catalogue, index, encoding)
        parts += part_list
        problems += file_problems
        if info is not None:
            files.append(info)
    dataset = _assemble(parts, problems, files, catalogue)
    dataset.problems = _in_reading_order(dataset.problems, [str(Path(p)) for p in paths], files)
    return dataset


def _in_reading_order(problems: list[Problem], names: list[str], files: list[InputFile]) -> list[Problem]:
    """Problems by file (as given), then sheet (workbook order), row and column; file-level ones first."""
    file_pos = {n: k for k, n in reversed(list(enumerate(names)))}
    sheet_pos = {(f.name, s): k for f in files for k, s in enumerate(f.sheets)}

    def key(p: Problem):
        col = p.column or ""
        return (
            file_pos.get(p.file or "", len(names)),
            -1 if p.sheet is None else sheet_pos.get((p.file, p.sheet), len(sheet_pos)),
            p.row or 0,
            (len(col), col),
        )

    return sorted(problems, key=key)


def read_file(
    path: Path,
    catalogue: Catalogue,
    index: HeaderIndex | None = None,
    encoding: str | None = None,
) -> tuple[list[SheetData], list[Problem], InputFile | None]:
    """One file → its sheets' data, its problems (file-level first) and its InputFile record."""
    index = index or HeaderIndex.build(catalogue)
    opened = open_input(path)
    name = opened.name
    problems = list(opened.problems)
    info = None
    if opened.sha256:
        info = InputFile(
            path=str(Path(path).resolve()) if Path(path).exists() else str(path),
            name=name,
            sha256=opened.sha256,
            size=opened.size,
            kind=opened.kind or "unknown",
        )
    found = find_period(Path(path).name)
    file_period = found.code if found else None
    if info is not None:
        info.period = file_period
    if not opened.usable:
        return [], problems, info
    parts: list[SheetData] = []
    if opened.kind == CSV:
        text = read_delimited(opened.data, name, encoding)
        info.encoding, info.delimiter = text.encoding, text.delimiter
        problems += text.grid.problems  # decoding and parsing problems concern the whole file
        text.grid.problems = []
        ctx = SheetContext(name, catalogue, index, file_period)
        parts.append(read_grid(text.grid, ctx))
        info.sheets = []
    else:
        book = WorkbookReader(opened.data, name)  # each sheet read while calamine parses the next
        metas = parse_meta(book.meta, catalogue) if book.meta is not None else {}
        if file_period is None and book.meta is not None:  # a template's own period, when the name has none
            file_period = info.period = meta_period(book.meta)
        for grid in book.grids():
            if normalize_label(grid.name) in INSTRUCTION_SHEETS and grid.name not in metas:
                continue
            meta = metas.get(grid.name)
            role = meta.role if meta is not None and meta.role else None
            if role is None:
                by_name = catalogue.lookup(grid.name)
                role = by_name.code if by_name is not None else None
            ctx = SheetContext(name, catalogue, index, file_period, meta, role)
            parts.append(read_grid(grid, ctx))
            info.sheets.append(grid.name)
        problems += book.problems
    rows = sum(p.rows for p in parts)
    info.rows = rows
    formats = {p.format for p in parts if p.format and p.rows}
    info.format = formats.pop() if len(formats) == 1 else ("mixed" if formats else None)
    sheet_problems = [p for part in parts for p in part.problems]
    # The file (or one of its sheets) could not be read: that problem says why there are no rows.
    file_failed = any(p.is_error for p in problems) or any(p.type == "transposed-sheet" for p in sheet_problems)
    if rows == 0 and not file_failed:
        if all(p.empty for p in parts):
            problems.append(Problem("empty-file", ERROR, file=name))
        elif not any(p.recognised for p in parts):
            problems.append(Problem("no-matching-sheet", ERROR, file=name))
        else:
            problems.append(Problem("no-data", ERROR, file=name))
    return parts, problems + sheet_problems, info


def meta_period(grid: Grid) -> str | None:
    """The period a `kpi template` workbook was made for (its `_kpi` meta row), or None."""
    for row in grid.cells[1:]:
        cells = ["" if v is None else str(v).strip() for v in row]
        if len(cells) >= 6 and cells[0].lower() == "meta" and cells[4] == "period" and cells[5]:
            found = try_parse_period(cells[5])
            return found.code if found else None
    return None


def parse_meta(grid: Grid, catalogue: Catalogue) -> dict[str, SheetMeta]:
    """The `_kpi` sheet → per sheet name: its role and what each column letter holds."""
    out: dict[str, SheetMeta] = {}
    if grid is None or grid.empty:
        return out
    header = [normalize_label(v) for v in grid.cells[0]]
    pos = {k: header.index(k) if k in header else i for i, k in enumerate(META_HEADER)}

    def cell(i: int, key: str) -> str:
        j = pos[key]
        if j >= grid.cells.shape[1]:
            return ""
        v = grid.cells[i, j]
        return "" if v is None else str(v).strip()

    for i in range(1, len(grid.cells)):
        if cell(i, "kind").lower() != "column":
            continue
        sheet, letter, role_code, fld, text = (cell(i, k) for k in ("sheet", "column", "role", "field", "value"))
        if not sheet or column_index(letter) < 0:
            continue
        role = catalogue.get(role_code)
        target: Target | None = None
        if fld in PERSON_TEXT_FIELDS:
            target = Target(field=fld)
        elif fld.startswith(MEASURE_PREFIX) and role is not None:
            code = fld[len(MEASURE_PREFIX):]
            if any(m.code == code for m in role.all_measures):
                target = Target(measures=((role.code, code),))
        if target is None:
            continue
        meta = out.setdefault(sheet, SheetMeta())
        if role is not None and meta.role is None:
            meta.role = role.code
        meta.columns[letter.upper()] = target
        if text:
            meta.headers.setdefault(normalize_label(text), target)
    return out


# --- putting the sheets together ----------------------------------------------------------------
def _assemble(parts: list[SheetData], problems: list[Problem], files: list[InputFile], catalogue: Catalogue) -> Dataset:
    frames, values, invalid, cells = [], {}, {}, []
    offset = 0
    for part in parts:
        n = len(part.records)
        if not n:
            continue
        rec = part.records.copy()
        rec.index = pd.RangeIndex(offset, offset + n)
        frames.append(rec)
        for code, frame in part.values.items():
            values.setdefault(code, []).append(frame.set_axis(frame.index + offset, axis=0))
            invalid.setdefault(code, []).append(part.invalid[code].set_axis(part.invalid[code].index + offset, axis=0))
        if part.cells is not None and len(part.cells):
            cells.append(part.cells.assign(rec=part.cells["rec"].to_numpy(dtype="int64") + offset))
        offset += n
    if frames:
        records = pd.concat(frames) if len(frames) > 1 else frames[0]
    else:
        records = pd.DataFrame({c: pd.Series(dtype=object) for c in (*RECORD_COLUMNS, *INTERNAL_COLUMNS)})
    by_role_values = {}
    by_role_invalid = {}
    for code, chunks in values.items():
        role = catalogue.get(code)
        cols = [m.code for m in role.all_measures]
        v = pd.concat(chunks) if len(chunks) > 1 else chunks[0]
        b = pd.concat(invalid[code]) if len(invalid[code]) > 1 else invalid[code][0]
        by_role_values[code] = v.reindex(columns=cols).astype(float)
        by_role_invalid[code] = b.reindex(columns=cols, fill_value=False).astype(bool)
    # Rating rows (a 评价人 / 评价人类型 column) combine into their employee's record.
    from kpi_cli.readers.raters import take_ratings

    taken = take_ratings(records, by_role_values, by_role_invalid, pd.concat(cells, ignore_index=True) if cells else None, catalogue)
    records, by_role_values, by_role_invalid = taken.records, taken.values, taken.invalid
    problems = problems + taken.problems + _duplicates(records)
    records["has_error"] = records["has_error"].astype(bool)
    # The id's column letter stays (optional in the contract): later warnings about ids name the cell.
    records = records[[*RECORD_COLUMNS, "id_column"]].astype({"row": "int64"})
    return Dataset(records, by_role_values, by_role_invalid, problems, files, ratings=taken.ratings)


def _duplicates(records: pd.DataFrame) -> list[Problem]:
    """The same employee id twice in one period (or with no period): an error on every copy."""
    if records.empty:
        return []
    has_id = records["employee_id"].notna().to_numpy()
    if not has_id.any():
        return []
    dup = records[["employee_id", "period"]].astype(object).duplicated(keep=False).to_numpy() & has_id
    if not dup.any():
        return []
    combined = records["employee_id"].astype(object).astype(str) + "\x1f" + records["period"].astype(object).fillna("").astype(str)
    out: list[Problem] = []
    records.loc[dup, "has_error"] = True
    where = records[dup]
    for k, group in where.groupby(combined[dup], sort=False):
        locs = [_where(r) for r in group.itertuples(index=False)]
        for n, r in enumerate(group.itertuples(index=False)):
            others = [loc for m, loc in enumerate(locs) if m != n]
            out.append(
                Problem(
                    "duplicate-employee",
                    ERROR,
                    file=r.file,
                    sheet=r.sheet,
                    row=int(r.row),
                    column=r.id_column,
                    column_name=r.id_header,
                    employee_id=r.employee_id,
                    role=r.role,
                    value=r.employee_id,
                    params={"others": Msg.join("; ", others[:5] + ([" …"] if len(others) > 5 else [])),
                            "period": r.period or "", "count": len(locs)},
                )
            )
    return out


def _where(r) -> str | Msg:
    parts = [str(r.file)]
    if r.sheet:
        parts.append(str(r.sheet))
    if not r.id_column:
        return Msg("where.row_in", place=" › ".join(parts), row=int(r.row))
    parts.append(f"{r.id_column}{int(r.row)}")
    return " › ".join(parts)
