"""One grid (a sheet or a CSV file) → employee records, figures per role, and located problems.

Wide sheets hold one row per employee and a column per measure; long sheets hold one row per
figure (employee, role, measure, value [, period]). Every row with content becomes a record
(long rows are grouped into one record per employee, role and period); a bad cell invalidates
its measure, never the row or the file.
"""

from __future__ import annotations

import datetime as _dt
import math
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue, Measure
from kpi_cli.dataset import RECORD_COLUMNS
from kpi_cli.identity import identity_label
from kpi_cli.periods import find_period, try_parse_period
from kpi_cli.problems import ERROR, WARNING, Problem
from kpi_cli.readers.grid import Grid, column_letter
from kpi_cli.readers.headers import HEADER_SEARCH_ROWS, HeaderIndex, Target
from kpi_cli.readers.numfmt import apply_digit_formats
from kpi_cli.readers.ratings import RATER_COLUMNS, long_cells, long_group_keys, rater_record_columns, wide_cells
from kpi_cli.text import normalize_label
from kpi_cli.values import (
    EXCEL_ERROR,
    FORMULA_WITHOUT_VALUE,
    NO_CACHED_VALUE,
    OUT_OF_RANGE,
    CellError,
    allowed_range,
    display_value,
    parse_amount,
    parse_cells,
    parse_scalar,
)

LONG_TEXT = 255  # identity cells longer than this are flagged
IDENTITY_FIELDS = ("employee_id", "name", "department", "role", "period", "rater", "rater_type")
INTERNAL_COLUMNS = ("id_column", "id_header", *RATER_COLUMNS)  # where each record's id is (for duplicate-employee); its rater


@dataclass
class SheetMeta:
    """What the hidden `_kpi` sheet says about one sheet: its role and each column's meaning."""

    role: str | None = None
    columns: dict[str, Target] = field(default_factory=dict)  # column letter → target
    headers: dict[str, Target] = field(default_factory=dict)  # header text as written (normalised) → target


@dataclass
class SheetContext:
    file: str
    catalogue: Catalogue
    index: HeaderIndex
    file_period: str | None = None
    meta: SheetMeta | None = None
    sheet_role: str | None = None  # the role a sheet's name or `_kpi` names: used when a row's role is blank


@dataclass
class SheetData:
    records: pd.DataFrame
    values: dict[str, pd.DataFrame]
    invalid: dict[str, pd.DataFrame]
    problems: list[Problem]
    format: str | None = None  # "wide", "long", or None (not recognised / empty)
    recognised: bool = False
    empty: bool = False
    cells: pd.DataFrame | None = None  # rating records only: where each of their figures is (readers/ratings.py)

    @property
    def rows(self) -> int:
        return len(self.records)


def empty_records() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in (*RECORD_COLUMNS, *INTERNAL_COLUMNS)})


class _Sheet:
    """The state of reading one grid: where the header is, what each column holds, the problems."""

    def __init__(self, grid: Grid, ctx: SheetContext) -> None:
        self.grid = grid
        self.ctx = ctx
        self.problems: list[Problem] = []
        self.header_names: dict[int, str | None] = {}
        self.flagged: dict[str, np.ndarray] = {}  # identity field → cells already reported

    # --- problems -------------------------------------------------------------------------
    def problem(self, type_: str, severity: str = ERROR, *, i: int | None = None, j: int | None = None,
                row: int | None = None, value: object = None, employee_id: str | None = None,
                role: str | None = None, measure: Measure | None = None, **params) -> Problem:
        g = self.grid
        if i is not None:
            row = int(g.rows[i])
        column = g.letter(j) if j is not None else None
        if measure is not None:
            params.setdefault("name_zh", measure.name_zh)
            params.setdefault("name_en", measure.name_en)
        p = Problem(
            type_,
            severity,
            file=self.ctx.file,
            sheet=g.name,
            row=row,
            column=column,
            column_name=self.header_names.get(j) if j is not None else None,
            employee_id=employee_id,
            role=role,
            measure=measure.code if measure is not None else None,
            value=display_value(value),
            params=params,
        )
        self.problems.append(p)
        return p

    # --- header ---------------------------------------------------------------------------
    def find_header(self) -> tuple[int, list[Target | None]]:
        g = self.grid
        best_i, best_targets, best_score = -1, [], 0
        for i in range(min(HEADER_SEARCH_ROWS, len(g.cells))):
            texts = self.header_texts(i)
            targets = [self.resolve(j, texts[j], int(g.rows[i])) for j in range(g.cells.shape[1])]
            score = sum(t is not None for t in targets)
            if score > best_score:
                best_i, best_targets, best_score = i, targets, score
        return best_i, best_targets

    def header_texts(self, i: int) -> list[str | None]:
        g = self.grid
        r = int(g.rows[i])
        out: list[str | None] = []
        for j in range(g.cells.shape[1]):
            v = g.cells[i, j]
            out.append(_header_text(v))
        # A header cell merged down from the row above ('工号' over two header rows) keeps its text.
        for r0, c0, r1, c1 in g.merged:
            if r0 < r <= r1:
                top = np.flatnonzero(g.rows == r0)
                if not len(top):
                    continue
                for j in range(g.cells.shape[1]):
                    c = int(g.cols[j])
                    if c0 <= c <= c1 and out[j] is None:
                        src = np.flatnonzero(g.cols == c0)
                        if len(src):
                            out[j] = _header_text(g.cells[top[0], src[0]])
        return out

    def resolve(self, j: int, text: str | None, excel_row: int) -> Target | None:
        meta = self.ctx.meta
        by_header = self.ctx.index.match(text) if text else None
        if by_header is None and text and meta is not None:
            by_header = meta.headers.get(normalize_label(text))
        if meta is not None and excel_row == 1:
            by_letter = meta.columns.get(self.grid.letter(j))
            if by_letter is not None and (by_header is None or _same(by_header, by_letter)):
                return by_letter
        return by_header

    # --- reading ----------------------------------------------------------------------------
    def read(self) -> SheetData:
        g = self.grid
        self.problems += list(g.problems)
        if g.empty:
            if g.name is not None:  # a CSV file that is empty is reported once, as empty-file
                self.problem("empty-sheet", WARNING)
            return SheetData(empty_records(), {}, {}, self.problems, empty=True)
        hi, targets = self.find_header()
        if hi < 0:
            # A CSV file has no sheet name to show: its own wording.
            self.problem("unrecognised-sheet" if g.name is not None else "unrecognised-header", WARNING, row=int(g.rows[0]),
                         found=", ".join(str(t) for t in self.header_texts(0) if t)[:200])
            return SheetData(empty_records(), {}, {}, self.problems)
        self.header_row = int(g.rows[hi])
        texts = self.header_texts(hi)
        self.header_names = {j: texts[j] for j in range(len(texts))}
        data = g.cells[hi + 1:]
        self.data = data
        self.data_rows = g.rows[hi + 1:]
        self.offset = hi + 1
        self.check_header_merges()
        columns = self.assign_columns(targets, data)
        is_long = "measure" in columns and "value" in columns
        for f in ("measure", "value"):
            if f in columns and not is_long:
                j = columns.pop(f)
                self.problem("unknown-column", WARNING, row=self.header_row, j=j)
        self.columns = columns
        self.check_required(is_long)
        if not len(data):
            self.problem("header-only", WARNING, row=self.header_row)
            return SheetData(empty_records(), {}, {}, self.problems, "long" if is_long else "wide", True)
        self.check_layout()
        ident = self.identity()
        if is_long:
            return self.read_long(ident)
        return self.read_wide(ident)

    def check_header_merges(self) -> None:
        for r0, c0, r1, c1 in self.grid.merged:
            if r0 <= self.header_row <= r1 and c1 > c0:
                j = _col_pos(self.grid, c0)
                p = Problem(
                    "merged-header", WARNING, file=self.ctx.file, sheet=self.grid.name, row=r0,
                    column=column_letter(c0), column_name=self.header_names.get(j) if j is not None else None,
                    params={"range": f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"},
                )
                self.problems.append(p)

    def assign_columns(self, targets: list[Target | None], data: np.ndarray) -> dict:
        """field → column position; and self.measure_cols: column position → {role: measure}."""
        columns: dict[str, int] = {}
        self.measure_cols: dict[int, dict[str, str]] = {}
        taken: dict[tuple[str, str], int] = {}
        has_data = pd.notna(data).any(axis=0) if len(data) else np.zeros(len(targets), bool)
        for j, target in enumerate(targets):
            name = self.header_names.get(j)
            if target is None:
                if name is not None or has_data[j]:
                    if name is None and not has_data[j]:
                        continue
                    self.problem("unknown-column", WARNING, row=self.header_row, j=j,
                                 no_header=name is None)
                continue
            if target.field is not None:
                if target.field in columns:
                    self.problem("duplicate-column", ERROR, row=self.header_row, j=j,
                                 first=self.grid.letter(columns[target.field]))
                    continue
                columns[target.field] = j
                continue
            pairs = {}
            for role, code in target.measures:
                if (role, code) in taken:
                    continue
                pairs[role] = code
            if not pairs:
                first = next(taken[(r, c)] for r, c in target.measures if (r, c) in taken)
                self.problem("duplicate-column", ERROR, row=self.header_row, j=j, first=self.grid.letter(first))
                continue
            for role, code in pairs.items():
                taken[(role, code)] = j
            self.measure_cols[j] = pairs
        return columns

    def check_required(self, is_long: bool) -> None:
        if "employee_id" not in self.columns:
            self.problem("missing-column", ERROR, row=self.header_row,
                         field_zh=identity_label("employee_id", "zh"), field_en=identity_label("employee_id", "en"))
        if "role" not in self.columns and self.ctx.sheet_role is None:
            self.problem("missing-column", ERROR, row=self.header_row,
                         field_zh=identity_label("role", "zh"), field_en=identity_label("role", "en"))

    def check_layout(self) -> None:
        g = self.grid
        hidden = [int(r) for r in np.intersect1d(np.asarray(g.hidden_rows, dtype=np.int64), self.data_rows)] if g.hidden_rows else []
        if hidden:
            self.problem("hidden-rows", WARNING, row=hidden[0], rows=_ranges(hidden), count=len(hidden))
        used = {int(g.cols[j]) for j in self.header_names if self.header_names[j] is not None or j in self.measure_cols}
        hidden_cols = [c for c in g.hidden_cols if c in used]
        if hidden_cols:
            j = _col_pos(g, hidden_cols[0])
            self.problem("hidden-columns", WARNING, row=self.header_row, j=j,
                         columns=", ".join(column_letter(c) for c in hidden_cols[:20]), count=len(hidden_cols))
        if g.hidden:
            self.problem("hidden-sheet", WARNING)
        if g.row_lengths is not None:
            lengths = g.row_lengths[self.offset:]
            expected = int(g.row_lengths[self.offset - 1])
            extra_used = np.zeros(len(self.data), bool)
            if self.data.shape[1] > expected:
                extra_used = pd.notna(self.data[:, expected:]).any(axis=1)
            ragged = np.flatnonzero((lengths < expected) | ((lengths > expected) & extra_used))
            for i in ragged:
                self.problem("ragged-row", WARNING, i=self.offset + int(i), found=int(lengths[i]), expected=expected)
        # Merged cells in the data area: their value was spread over the rows they cover.
        spread = [m for m in g.merged if m[2] > m[0] and m[0] > self.header_row]
        if spread:
            r0, c0, r1, c1 = spread[0]
            self.problem("merged-cells", WARNING, row=r0, j=_col_pos(g, c0),
                         ranges=", ".join(f"{column_letter(a)}{b}:{column_letter(c)}{d}" for b, a, d, c in spread[:10]))

    # --- identity columns -------------------------------------------------------------------------
    def identity(self) -> dict[str, np.ndarray]:
        n = len(self.data)
        out: dict[str, np.ndarray] = {}
        for f in IDENTITY_FIELDS:
            j = self.columns.get(f)
            if j is None:
                out[f] = np.full(n, None, dtype=object)
                continue
            raw = self.data[:, j]
            out[f] = text_values(raw)
            if f == "employee_id":  # 123 formatted 000000 is the id "000123", as Excel shows it
                out[f] = apply_digit_formats(raw, out[f], self.data_rows, self.grid.digit_formats.get(int(self.grid.cols[j])))
            self.flag_identity_cells(raw, j, out)
        # A totals row (合计, Total…) typed where an id or a name goes: not an employee.
        summary = _is_summary(out["employee_id"])
        no_id = np.flatnonzero(pd.isna(out["employee_id"]))
        for f in ("name", "department"):
            if f in self.columns and len(no_id):
                summary[no_id] |= _is_summary(out[f][no_id])
        for i in np.flatnonzero(summary):
            self.problem("summary-row", ERROR, i=self.offset + int(i), j=self.columns.get("employee_id"))
        if summary.any():
            out["employee_id"] = np.where(summary, None, out["employee_id"])
            self.flagged["employee_id"] = self.flagged.get("employee_id", np.zeros(n, bool)) | summary
            self.flagged["role"] = self.flagged.get("role", np.zeros(n, bool)) | summary
        # period: the row's own, else the file name's
        period = np.full(n, self.ctx.file_period, dtype=object)
        bad_period = np.zeros(n, bool)
        if "period" in self.columns:
            j = self.columns["period"]
            raw = self.data[:, j]
            pint, puniq = pd.factorize(raw, use_na_sentinel=True)
            pcodes = [_period_code(u) for u in puniq]
            for k, code in enumerate(pcodes):
                rows_k = np.flatnonzero(pint == k)
                if code is not None:
                    period[rows_k] = code
                    continue
                if isinstance(puniq[k], (CellError, type(NO_CACHED_VALUE))):
                    continue  # already reported as a cell flag
                for i in rows_k:
                    bad_period[i] = True
                    self.problem("bad-period", ERROR, i=self.offset + int(i), j=j, value=raw[i],
                                 employee_id=out["employee_id"][i])
        out["period_code"] = period
        out["bad_period"] = bad_period
        # role: the row's role cell (code, Chinese or English name), else the sheet's role
        labels = out["role"]
        rint, runiq = pd.factorize(labels, use_na_sentinel=True)
        found = [self.ctx.catalogue.lookup(u) for u in runiq]
        codes = np.array([r.code if r is not None else None for r in found] + [None], dtype=object)[rint]
        role_problem = np.zeros(n, bool)
        blank = rint < 0
        if self.ctx.sheet_role is not None:
            codes[blank] = self.ctx.sheet_role
        elif "role" in self.columns:
            for i in np.flatnonzero(blank & ~self.flagged.get("role", np.zeros(n, bool))):
                role_problem[i] = True
                self.problem("missing-role", ERROR, i=self.offset + int(i), j=self.columns["role"],
                             employee_id=out["employee_id"][i])
        else:
            role_problem[:] = True  # the missing column is reported once
        j_role = self.columns.get("role")
        for k, r in enumerate(found):
            if r is not None:
                continue
            u = runiq[k]
            close = self.ctx.catalogue.suggest(u)
            hint_zh = "、".join(f"{x.name_zh}（{x.code}）" for x in close) or "、".join(x.name_zh for x in self.ctx.catalogue.roles)
            hint_en = ", ".join(f"{x.name_en} ({x.code})" for x in close) or ", ".join(x.code for x in self.ctx.catalogue.roles)
            for i in np.flatnonzero((rint == k) & ~self.flagged.get("role", np.zeros(n, bool))):
                role_problem[i] = True
                self.problem("unknown-role", ERROR, i=self.offset + int(i), j=j_role, value=u,
                             employee_id=out["employee_id"][i], hint_zh=hint_zh, hint_en=hint_en)
        out["role_code"] = codes
        out["role_problem"] = role_problem
        # missing ids
        ids = out["employee_id"]
        missing_id = pd.isna(pd.Series(ids, dtype=object)).to_numpy()
        role_problem |= summary
        if "employee_id" in self.columns:
            flagged = self.flagged.get("employee_id", np.zeros(n, bool))
            for i in np.flatnonzero(missing_id & ~flagged):
                self.problem("missing-employee-id", ERROR, i=self.offset + int(i), j=self.columns["employee_id"],
                             role=codes[i])
        out["missing_id"] = missing_id
        out["bonus_base"] = self.bonus_bases(out["employee_id"])
        return out

    def bonus_bases(self, ids: np.ndarray) -> np.ndarray:
        """The 绩效工资基数 column as numbers (NaN: blank or unusable, each unusable cell a problem)."""
        n = len(self.data)
        j = self.columns.get("bonus_base")
        if j is None:
            return np.full(n, np.nan)
        raw = self.data[:, j]
        codes, uniques = pd.factorize(pd.Series(raw, dtype=object), use_na_sentinel=True)
        parsed = [parse_amount(u) for u in uniques]  # once per distinct amount, not per person
        numbers = np.array([x if problem is None and not pct else np.nan for x, problem, pct in parsed] + [np.nan])
        bad = np.array([problem is not None or pct or x < 0 for x, problem, pct in parsed] + [False])
        for i in np.flatnonzero(bad[codes]):
            self.problem("bad-bonus-base", ERROR, i=self.offset + int(i), j=j, value=raw[i], employee_id=ids[i])
        return numbers[codes]

    def flag_identity_cells(self, raw: np.ndarray, j: int, out: dict) -> None:
        """Excel errors, formulas without value and over-long text in identity cells."""
        f = next(k for k, v in self.columns.items() if v == j)
        n = len(raw)
        flagged = np.zeros(n, bool)
        kinds = pd.Series(raw, dtype=object).map(type)
        for i in np.flatnonzero(kinds.isin((CellError, type(NO_CACHED_VALUE))).to_numpy()):
            flagged[i] = True
            kind = EXCEL_ERROR if isinstance(raw[i], CellError) else FORMULA_WITHOUT_VALUE
            self.problem(kind, ERROR, i=self.offset + int(i), j=j, value=raw[i])
        text = out[f]
        tcodes, tuniques = pd.factorize(text, use_na_sentinel=True)
        too_long = np.array([len(u) > LONG_TEXT for u in tuniques] + [False], dtype=bool)[tcodes]
        for i in np.flatnonzero(too_long):
            self.problem("long-text", WARNING, i=self.offset + int(i), j=j, value=text[i],
                         length=len(text[i]), limit=LONG_TEXT)
        self.flagged[f] = flagged

    # --- wide -----------------------------------------------------------------------------
    def read_wide(self, ident: dict[str, np.ndarray]) -> SheetData:
        n = len(self.data)
        codes = ident["role_code"]
        records = self.records_frame(ident, np.arange(n))
        values: dict[str, pd.DataFrame] = {}
        invalid: dict[str, pd.DataFrame] = {}
        role_rows: dict[str, np.ndarray] = {}
        role_int, role_list = pd.factorize(codes, use_na_sentinel=True)
        role_list = list(role_list)
        for k, code in enumerate(role_list):
            role_rows[code] = np.flatnonzero(role_int == k)
        for code, rows in role_rows.items():
            role = self.ctx.catalogue.get(code)
            ms = [m.code for m in role.all_measures]
            values[code] = pd.DataFrame(np.nan, index=rows, columns=ms)
            invalid[code] = pd.DataFrame(False, index=rows, columns=ms)
        for j, pairs in self.measure_cols.items():
            col = self.data[:, j]
            present = pd.notna(col)
            for code, rows in role_rows.items():
                mcode = pairs.get(code)
                if mcode is None:
                    continue
                measure = self.ctx.catalogue.get(code).measure(mcode)
                parsed = parse_cells(col[rows], measure, self.percent_format(j, rows))
                values[code][mcode] = parsed.values
                bad = parsed.bad
                if bad.any():
                    invalid[code][mcode] = bad
                    for k in np.flatnonzero(bad):
                        i = int(rows[k])
                        self.cell_problem(parsed.problems[k], i, j, col[i], ident, code, measure)
                if parsed.mixed:
                    for k in np.flatnonzero(parsed.fraction):
                        i = int(rows[k])
                        self.problem("mixed-percent", WARNING, i=self.offset + i, j=j, value=col[i],
                                     employee_id=ident["employee_id"][i], role=code, measure=measure,
                                     read_as=_fmt_number(parsed.values[k]))
            # Figures in a column that is not one of the row's role's measures.
            allowed = [k for k, c in enumerate(role_list) if c in pairs]
            foreign = present & (role_int >= 0) & ~np.isin(role_int, allowed)
            for i in np.flatnonzero(foreign):
                self.problem("not-for-role", WARNING, i=self.offset + int(i), j=j, value=col[i],
                             employee_id=ident["employee_id"][i], role=codes[i])
        self.sort_problems()
        cells = wide_cells(records, self.measure_cols, self.grid, self.header_names)
        return SheetData(records, values, invalid, self.problems, "wide", True, cells=cells)

    def percent_format(self, j: int, rows: np.ndarray) -> np.ndarray | None:
        """True for the data rows (positions ``rows``) whose cell in column ``j`` is percent-formatted."""
        excel_rows = self.grid.percent.get(int(self.grid.cols[j]))
        if excel_rows is None:
            return None
        return np.isin(self.data_rows[rows], excel_rows)

    def cell_problem(self, type_: str, i: int, j: int, raw: object, ident: dict, code: str, measure: Measure) -> None:
        params = {}
        if type_ == OUT_OF_RANGE:
            params["range"] = allowed_range(measure)
        self.problem(type_, ERROR, i=self.offset + i, j=j, value=raw, employee_id=ident["employee_id"][i],
                     role=code, measure=measure, **params)

    def records_frame(self, ident: dict[str, np.ndarray], rows: np.ndarray) -> pd.DataFrame:
        has_error = ident["role_problem"][rows] | ident["missing_id"][rows] | ident["bad_period"][rows]
        j_id = self.columns.get("employee_id")
        obj = {
            "employee_id": ident["employee_id"][rows],
            "name": ident["name"][rows],
            "department": ident["department"][rows],
            "role": ident["role_code"][rows],
            "role_label": ident["role"][rows],
            "period": ident["period_code"][rows],
            "file": np.full(len(rows), self.ctx.file, dtype=object),
            "sheet": np.full(len(rows), self.grid.name, dtype=object),
        }
        frame = pd.DataFrame({k: pd.Series(v, dtype=object) for k, v in obj.items()})
        frame["row"] = self.data_rows[rows].astype(np.int64)
        frame["has_error"] = has_error.astype(bool)
        frame["bonus_base"] = ident["bonus_base"][rows].astype(float) if "bonus_base" in ident else np.nan
        j_base = self.columns.get("bonus_base")
        frame["base_column"] = pd.Series([self.grid.letter(j_base) if j_base is not None else None] * len(rows),
                                         dtype=object)
        frame["id_column"] = pd.Series([self.grid.letter(j_id) if j_id is not None else None] * len(rows), dtype=object)
        frame["id_header"] = pd.Series([self.header_names.get(j_id) if j_id is not None else None] * len(rows), dtype=object)
        for k, v in rater_record_columns(ident, rows, self.columns, self.grid, self.header_names).items():
            frame[k] = v
        return frame

    # --- long -----------------------------------------------------------------------------
    def read_long(self, ident: dict[str, np.ndarray]) -> SheetData:
        n = len(self.data)
        codes = ident["role_code"]
        ids = ident["employee_id"]
        jm, jv = self.columns["measure"], self.columns["value"]
        mtext = text_values(self.data[:, jm])
        raw_values = self.data[:, jv]
        # One record per (employee, role, period); a row without an id is a record of its own.
        key_id = np.where(ident["missing_id"], np.array([f"\x00{i}" for i in range(n)], dtype=object), ids)
        key_role = np.where(pd.isna(pd.Series(codes, dtype=object)).to_numpy(),
                            pd.Series(ident["role"], dtype=object).fillna("").to_numpy(dtype=object), codes)
        keys = pd.DataFrame({"id": key_id, "role": key_role, "period": ident["period_code"],
                             **long_group_keys(ident, n)}).astype(object)
        keys = keys.fillna("\x00")
        group = keys.groupby(list(keys.columns), sort=False).ngroup().to_numpy()
        first_rows = pd.Series(np.arange(n)).groupby(group).first().to_numpy()
        # name / department: the first one given in the group
        merged = dict(ident)
        for f in ("name", "department"):
            s = pd.Series(ident[f], dtype=object)
            firsts = s.groupby(group).first()
            merged[f] = firsts.reindex(group).to_numpy(dtype=object)
        # the bonus base: the one given in the group (it may be repeated on every row); two different
        # figures for one person are an error at the record's first row, and no base (payout blank)
        bases = pd.Series(ident["bonus_base"]).groupby(group)
        base = bases.first()
        differ = bases.nunique() > 1
        for k in np.flatnonzero(differ.to_numpy()):  # one per person with two bases: few
            rows = np.flatnonzero((group == k) & ~np.isnan(ident["bonus_base"]))
            self.problem("bonus-base-differs", ERROR, i=self.offset + int(first_rows[k]), j=self.columns.get("bonus_base"),
                         employee_id=ids[first_rows[k]],
                         value=" / ".join(f"{ident['bonus_base'][r]:,.2f} ({self.grid.letter(self.columns['bonus_base'])}"
                                          f"{int(self.grid.rows[self.offset + int(r)])})" for r in rows))
        base[differ] = np.nan
        merged["bonus_base"] = base.reindex(group).to_numpy(dtype=float)
        has_error = pd.Series(ident["role_problem"] | ident["missing_id"] | ident["bad_period"]).groupby(group).any()
        records = self.records_frame(merged, first_rows)
        records["has_error"] = has_error.reindex(range(len(first_rows))).to_numpy(dtype=bool)
        # Which measure each row holds.
        measure_codes = np.full(n, None, dtype=object)
        pairs = pd.DataFrame({"role": codes, "text": mtext}, dtype=object)
        for (code, text), idx in pairs.groupby(["role", "text"], sort=False, dropna=True).groups.items():
            mcode = self.ctx.index.measure_of(code, text)
            if mcode is not None:
                measure_codes[np.asarray(idx)] = mcode
        present = pd.Series(raw_values, dtype=object).notna().to_numpy()
        known_role = pd.Series(codes, dtype=object).notna().to_numpy()
        for i in np.flatnonzero(known_role & pd.isna(pd.Series(measure_codes, dtype=object)).to_numpy()):
            role = self.ctx.catalogue.get(codes[i])
            self.problem("unknown-measure", ERROR, i=self.offset + int(i), j=jm, value=mtext[i] or "",
                         employee_id=ids[i], role=codes[i],
                         known=", ".join(m.code for m in role.all_measures)[:300])
        values: dict[str, pd.DataFrame] = {}
        invalid: dict[str, pd.DataFrame] = {}
        rec_of_row = group
        for code in pd.unique(pd.Series(codes, dtype=object).dropna()):
            role = self.ctx.catalogue.get(code)
            ms = [m.code for m in role.all_measures]
            recs = np.unique(rec_of_row[codes == code])
            values[code] = pd.DataFrame(np.nan, index=recs, columns=ms)
            invalid[code] = pd.DataFrame(False, index=recs, columns=ms)
        frame = pd.DataFrame({"role": codes, "measure": measure_codes, "rec": rec_of_row}, dtype=object)
        usable = frame["measure"].notna() & frame["role"].notna()
        for (code, mcode), idx in frame[usable].groupby(["role", "measure"], sort=False).groups.items():
            rows = np.asarray(idx, dtype=np.int64)
            measure = self.ctx.catalogue.get(code).measure(mcode)
            parsed = parse_cells(raw_values[rows], measure, self.percent_format(jv, rows))
            recs = rec_of_row[rows]
            # The same figure given twice for one record: an error on every copy.
            dup = pd.Series(recs).duplicated(keep=False).to_numpy() & present[rows]
            vals = parsed.values.copy()
            bad = parsed.bad
            for k in np.flatnonzero(bad):
                i = int(rows[k])
                self.cell_problem(parsed.problems[k], i, jv, raw_values[i], ident, code, measure)
            for k in np.flatnonzero(dup):
                i = int(rows[k])
                self.problem("duplicate-value", ERROR, i=self.offset + i, j=jv, value=raw_values[i],
                             employee_id=ids[i], role=code, measure=measure)
            if parsed.mixed:
                for k in np.flatnonzero(parsed.fraction):
                    i = int(rows[k])
                    self.problem("mixed-percent", WARNING, i=self.offset + i, j=jv, value=raw_values[i],
                                 employee_id=ids[i], role=code, measure=measure,
                                 read_as=_fmt_number(parsed.values[k]))
            bad_rec = pd.Series(bad | dup).groupby(recs).any()
            given = pd.Series(vals).groupby(recs).first()  # blanks are skipped by first()
            values[code].loc[given.index, mcode] = given.to_numpy()
            invalid[code].loc[bad_rec.index, mcode] = bad_rec.to_numpy()
            values[code].loc[bad_rec.index[bad_rec.to_numpy()], mcode] = np.nan
        self.sort_problems()
        cells = long_cells(records, group, codes, measure_codes, self.data_rows, self.grid.letter(jv), self.header_names.get(jv))
        return SheetData(records, values, invalid, self.problems, "long", True, cells=cells)

    def sort_problems(self) -> None:
        self.problems.sort(key=lambda p: (p.row or 0, _col_key(p.column)))  # stable: same cell keeps its order


def read_grid(grid: Grid, ctx: SheetContext) -> SheetData:
    """Read one sheet or CSV grid; never raises for bad data."""
    return _Sheet(grid, ctx).read()


# --- helpers ---------------------------------------------------------------------------------
SUMMARY_WORDS = frozenset(
    w.casefold().replace(" ", "")
    for w in ("合计", "总计", "小计", "平均", "平均值", "汇总", "Total", "Grand total", "Subtotal", "Sum", "Average")
)


def _is_summary(text: np.ndarray) -> np.ndarray:
    """True where the (NFKC-normalised) text is a totals label such as 合计, 合 计 or Total."""
    codes, uniques = pd.factorize(np.asarray(text, dtype=object), use_na_sentinel=True)
    hit = np.array(
        [len(u) <= 16 and u.casefold().replace(" ", "") in SUMMARY_WORDS for u in uniques] + [False], dtype=bool
    )
    return hit[codes]


def _same(a: Target, b: Target) -> bool:
    if a.field or b.field:
        return a.field == b.field
    return bool(set(a.measures) & set(b.measures))


def _header_text(v: object) -> str | None:
    if v is None or isinstance(v, (CellError, type(NO_CACHED_VALUE))):
        return None
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    text = str(v).strip()
    return text or None


def _col_pos(grid: Grid, col: int) -> int | None:
    pos = np.flatnonzero(grid.cols == col)
    return int(pos[0]) if len(pos) else None


def _col_key(letter: str | None) -> tuple[int, str]:
    return (len(letter), letter) if letter else (0, "")


def _ranges(rows: list[int]) -> str:
    """[3, 4, 5, 9] → '3–5, 9' (at most 20 ranges)."""
    out: list[str] = []
    start = prev = rows[0]
    for r in rows[1:] + [None]:
        if r is not None and r == prev + 1:
            prev = r
            continue
        out.append(f"{start}" if start == prev else f"{start}–{prev}")
        if r is not None:
            start = prev = r
    return ", ".join(out[:20]) + (" …" if len(out) > 20 else "")


def _fmt_number(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


def _period_code(value: object) -> str | None:
    if isinstance(value, (_dt.datetime, _dt.date)):
        return f"{value.year}-{value.month:02d}"
    if isinstance(value, (CellError, type(NO_CACHED_VALUE), bool)):
        return None
    text = text_values(np.array([value], dtype=object))[0]
    if text is None:
        return None
    p = try_parse_period(text) or find_period(text)
    return p.code if p is not None else None


def text_values(raw: np.ndarray) -> np.ndarray:
    """Cells as text (None for blanks): NFKC, trimmed; integral numbers without '.0' (1001.0 → '1001')."""
    raw = np.asarray(raw, dtype=object)
    n = len(raw)
    out = np.full(n, None, dtype=object)
    if not n:
        return out
    codes, uniques = pd.factorize(raw, use_na_sentinel=True)  # each distinct value converted once
    if any(type(u) is bool for u in uniques):  # TRUE is otherwise the same distinct value as 1
        raw = np.array(["TRUE" if x is True else "FALSE" if x is False else x for x in raw], dtype=object)
        codes, uniques = pd.factorize(raw, use_na_sentinel=True)
    if not len(uniques):
        return out
    conv = _text_of_uniques(np.asarray(uniques, dtype=object))
    present = codes >= 0
    out[present] = conv[codes[present]]
    return out


def _text_of_uniques(values: np.ndarray) -> np.ndarray:
    s = pd.Series(values, dtype=object)
    out = np.full(len(s), None, dtype=object)
    types = s.map(type)
    strs = (types == str).to_numpy()
    if strs.any():
        nfkc = unicodedata.normalize
        out[strs] = [nfkc("NFKC", x).strip() or None for x in values[strs]]
    nums = types.isin((float, int)).to_numpy()
    if nums.any():
        v = s[nums].astype(float).to_numpy()
        whole = np.isfinite(v) & (np.abs(v) < 1e15) & (np.floor(v) == v)
        idx = np.flatnonzero(nums)
        out[idx[whole]] = v[whole].astype(np.int64).astype(str).astype(object)
        out[idx[~whole]] = [None if math.isnan(x) else repr(float(x)) for x in v[~whole]]
    for i in np.flatnonzero(~strs & ~nums):
        x = values[i]
        if x is None or isinstance(x, (CellError, type(NO_CACHED_VALUE))):
            continue
        if isinstance(x, (_dt.datetime, _dt.date, _dt.time)):
            out[i] = x.isoformat()
        else:
            out[i] = str(x).strip() or None
    return out
