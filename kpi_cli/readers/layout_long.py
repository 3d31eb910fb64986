"""The long layout: one row per figure (employee, role, measure, value [, period]), grouped into records."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi_cli.problems import ERROR, WARNING
from kpi_cli.readers.ratings import long_cells, long_group_keys
from kpi_cli.readers.sheet_state import SheetData, SheetState, fmt_number, text_values
from kpi_cli.readers.values import WRONG_UNIT, parse_cells, uses_percent_format
from kpi_cli.units import accepts, unit_of


def read_long(st: SheetState, ident: dict[str, np.ndarray]) -> SheetData:
    n = len(st.data)
    codes = ident["role_code"]
    ids = ident["employee_id"]
    jm, jv = st.columns["measure"], st.columns["value"]
    mtext = text_values(st.data[:, jm])
    raw_values = st.data[:, jv]
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
        st.problem("bonus-base-differs", ERROR, i=st.offset + int(first_rows[k]), j=st.columns.get("bonus_base"),
                   employee_id=ids[first_rows[k]],
                   value=" / ".join(f"{ident['bonus_base'][r]:,.2f} ({st.grid.letter(st.columns['bonus_base'])}"
                                    f"{int(st.row_numbers[st.offset + int(r)])})" for r in rows))
    base[differ] = np.nan
    merged["bonus_base"] = base.reindex(group).to_numpy(dtype=float)
    has_error = pd.Series(ident["role_problem"] | ident["missing_id"] | ident["bad_period"]).groupby(group).any()
    records = st.records_frame(merged, first_rows)
    records["has_error"] = has_error.reindex(range(len(first_rows))).to_numpy(dtype=bool)
    # Which measure each row holds.
    measure_codes = np.full(n, None, dtype=object)
    pairs = pd.DataFrame({"role": codes, "text": mtext}, dtype=object)
    for (code, text), idx in pairs.groupby(["role", "text"], sort=False, dropna=True).groups.items():
        mcode = st.ctx.index.measure_of(code, text)
        if mcode is not None:
            measure_codes[np.asarray(idx)] = mcode
    present = pd.Series(raw_values, dtype=object).notna().to_numpy()
    known_role = pd.Series(codes, dtype=object).notna().to_numpy()
    for i in np.flatnonzero(known_role & pd.isna(pd.Series(measure_codes, dtype=object)).to_numpy()):
        role = st.ctx.catalogue.get(codes[i])
        st.problem("unknown-measure", ERROR, i=st.offset + int(i), j=jm, value=mtext[i] or "",
                     employee_id=ids[i], role=codes[i],
                     known=", ".join(m.code for m in role.all_measures)[:300])
    values: dict[str, pd.DataFrame] = {}
    invalid: dict[str, pd.DataFrame] = {}
    rec_of_row = group
    for code in pd.unique(pd.Series(codes, dtype=object).dropna()):
        role = st.ctx.catalogue.get(code)
        ms = [m.code for m in role.all_measures]
        recs = np.unique(rec_of_row[codes == code])
        values[code] = pd.DataFrame(np.nan, index=recs, columns=ms)
        invalid[code] = pd.DataFrame(False, index=recs, columns=ms)
    frame = pd.DataFrame({"role": codes, "measure": measure_codes, "rec": rec_of_row}, dtype=object)
    usable = frame["measure"].notna() & frame["role"].notna()
    for (code, mcode), idx in frame[usable].groupby(["role", "measure"], sort=False).groups.items():
        rows = np.asarray(idx, dtype=np.int64)
        measure = st.ctx.catalogue.get(code).measure(mcode)
        parsed = parse_cells(raw_values[rows], measure,
                             st.percent_format(jv, rows) if uses_percent_format(measure) else None)
        recs = rec_of_row[rows]
        # The same figure given twice for one record: an error on every copy.
        dup = pd.Series(recs).duplicated(keep=False).to_numpy() & present[rows]
        vals = parsed.values.copy()
        bad = parsed.bad | _unit_refused(st, rows, measure, ident, code, parsed.bad)
        for k in np.flatnonzero(parsed.bad):
            i = int(rows[k])
            st.cell_problem(parsed.problems[k], i, jv, raw_values[i], ident, code, measure)
        for k in np.flatnonzero(dup):
            i = int(rows[k])
            st.problem("duplicate-value", ERROR, i=st.offset + i, j=jv, value=raw_values[i],
                         employee_id=ids[i], role=code, measure=measure)
        if parsed.mixed:
            for k in np.flatnonzero(parsed.fraction):
                i = int(rows[k])
                st.problem("mixed-percent", WARNING, i=st.offset + i, j=jv, value=raw_values[i],
                             employee_id=ids[i], role=code, measure=measure,
                             read_as=fmt_number(parsed.values[k]))
        bad_rec = pd.Series(bad | dup).groupby(recs).any()
        given = pd.Series(vals).groupby(recs).first()  # blanks are skipped by first()
        values[code].loc[given.index, mcode] = given.to_numpy()
        invalid[code].loc[bad_rec.index, mcode] = bad_rec.to_numpy()
        values[code].loc[bad_rec.index[bad_rec.to_numpy()], mcode] = np.nan
    st.sort_problems()
    cells = long_cells(records, group, codes, measure_codes, st.data_rows, st.grid.letter(jv), st.header_names.get(jv))
    return SheetData(records, values, invalid, st.problems, "long", True, cells=cells)


def _unit_refused(st: SheetState, rows: np.ndarray, measure, ident: dict[str, np.ndarray], role: str,
                  already_bad: np.ndarray) -> np.ndarray:
    """The rows of one measure whose 单位 cell names another unit than the measure's ("秒" beside
    a figure in minutes): refused with wrong-unit, never converted. A blank or unknown unit word is
    not checked (the figure is read in the measure's unit, as without the column)."""
    ju = st.columns.get("unit")
    refused = np.zeros(len(rows), dtype=bool)
    if ju is None:
        return refused
    words = pd.Series(text_values(st.data[rows, ju]), dtype=object)
    for word, idx in words.groupby(words, sort=False).groups.items():  # a few distinct words
        unit = unit_of(word)
        if unit is None or accepts(measure.unit, unit):
            continue
        for k in np.asarray(words.index.get_indexer(idx)):
            if already_bad[k]:
                continue
            refused[k] = True
            i = int(rows[k])
            st.cell_problem(WRONG_UNIT, i, ju, f"{st.data[i, st.columns['value']]} {word}", ident, role, measure)
    return refused
