"""The wide layout: one row per employee, a column per measure (a column may serve several roles)."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from kpi_cli.problems import ERROR, WARNING
from kpi_cli.readers.headers import header_key
from kpi_cli.readers.ratings import wide_cells
from kpi_cli.readers.sheet_state import SheetData, SheetState, fmt_number
from kpi_cli.readers.values import parse_cells, uses_percent_format


def read_wide(st: SheetState, ident: dict[str, np.ndarray]) -> SheetData:
    n = len(st.data)
    codes = ident["role_code"]
    records = st.records_frame(ident, np.arange(n))
    values: dict[str, pd.DataFrame] = {}
    invalid: dict[str, pd.DataFrame] = {}
    role_rows: dict[str, np.ndarray] = {}
    role_int, role_list = pd.factorize(codes, use_na_sentinel=True)
    role_list = list(role_list)
    for k, code in enumerate(role_list):
        role_rows[code] = np.flatnonzero(role_int == k)
    # Columns are gathered as arrays and each role's frames built once at the end.
    value_cols: dict[str, dict[str, np.ndarray]] = {code: {} for code in role_rows}
    invalid_cols: dict[str, dict[str, np.ndarray]] = {code: {} for code in role_rows}
    absent_lookalikes(st, list(role_rows))
    catalogue = st.ctx.catalogue
    st.prefetch_percent([j for j, pairs in st.measure_cols.items()
                         if any(uses_percent_format(catalogue.get(code).measure(pairs[code])) for code in role_rows
                                if code in pairs)])
    for j, pairs in st.measure_cols.items():
        col = st.data[:, j]
        for code, rows in role_rows.items():
            mcode = pairs.get(code)
            if mcode is None:
                continue
            measure = st.ctx.catalogue.get(code).measure(mcode)
            parsed = parse_cells(col[rows], measure, st.percent_format(j, rows) if uses_percent_format(measure) else None)
            value_cols[code][mcode] = parsed.values
            bad = parsed.bad
            if bad.any():
                invalid_cols[code][mcode] = bad
                for k in np.flatnonzero(bad):
                    i = int(rows[k])
                    st.cell_problem(parsed.problems[k], i, j, col[i], ident, code, measure)
            if parsed.mixed:
                for k in np.flatnonzero(parsed.fraction):
                    i = int(rows[k])
                    st.problem("mixed-percent", WARNING, i=st.offset + i, j=j, value=col[i],
                                 employee_id=ident["employee_id"][i], role=code, measure=measure,
                                 read_as=fmt_number(parsed.values[k]))
        # Figures in a column that is not one of the row's role's measures.
        allowed = [k for k, c in enumerate(role_list) if c in pairs]
        foreign = (role_int >= 0) & ~np.isin(role_int, allowed)
        if foreign.any():
            foreign &= pd.notna(col)
        for i in np.flatnonzero(foreign):
            st.problem("not-for-role", WARNING, i=st.offset + int(i), j=j, value=col[i],
                         employee_id=ident["employee_id"][i], role=codes[i])
    for code, rows in role_rows.items():
        ms = [m.code for m in st.ctx.catalogue.get(code).all_measures]
        blank = np.full(len(rows), np.nan)
        values[code] = pd.DataFrame({m: value_cols[code].get(m, blank) for m in ms}, index=rows, columns=ms)
        no = np.zeros(len(rows), dtype=bool)
        invalid[code] = pd.DataFrame({m: invalid_cols[code].get(m, no) for m in ms}, index=rows, columns=ms)
    st.sort_problems()
    cells = wide_cells(records, st.measure_cols, st.grid, st.header_names)
    return SheetData(records, values, invalid, st.problems, "wide", True, cells=cells)


def absent_lookalikes(st: SheetState, roles: list[str]) -> None:
    """A measure with no column on the whole sheet while an unknown column looks like it: an error
    naming both, so that a misspelt header is never read as "not assessed" for everyone."""
    if not st.unknown_cols or not roles:
        return
    catalogue = st.ctx.catalogue
    for j in st.unknown_cols:
        header = st.header_names.get(j)
        key = header_key(header)
        if len(key) < 2:
            continue
        best: tuple[float, object] | None = None
        for code in roles:
            role = catalogue.get(code)
            given = {pairs[code] for pairs in st.measure_cols.values() if code in pairs}
            for m in role.all_measures:
                if m.code in given:
                    continue
                score = max(_likeness(key, header_key(label)) for label in m.labels)
                if score >= LOOKALIKE and (best is None or score > best[0]):
                    best = (score, m)
        if best is not None:
            st.problem("measure-column-lookalike", ERROR, row=st.header_row, j=j, measure=best[1])


LOOKALIKE = 0.6  # difflib ratio from which an unknown header is taken to mean an absent measure


def _likeness(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    if len(a) >= 3 and len(b) >= 3 and (a in b or b in a):
        return 1.0
    return difflib.SequenceMatcher(None, a, b).ratio()
