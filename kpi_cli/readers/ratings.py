"""What the sheet reader keeps about rating rows: each row's rater, and where each of its figures is.

A row with a 评价人 (rater) or 评价人类型 (rater type) cell is one rater's rating of one employee;
kpi_cli/readers/raters.py combines the raters. The reader only records who rated and the cell of every
figure, so that a duplicate rater or an unusable rating is reported at its cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Record columns kept for rating rows until kpi_cli.readers.raters takes them out.
RATER_COLUMNS = ("rater", "rater_type", "rater_column", "rater_type_column", "rater_type_header")
CELL_COLUMNS = ("rec", "role", "measure", "row", "column", "column_name")


def rater_record_columns(ident: dict, rows: np.ndarray, columns: dict, grid, header_names: dict) -> dict[str, pd.Series]:
    """The rater columns of the records made from data rows ``rows``."""
    n = len(rows)
    out = {
        "rater": pd.Series(ident["rater"][rows], dtype=object),
        "rater_type": pd.Series(ident["rater_type"][rows], dtype=object),
    }
    for f, key in (("rater", "rater_column"), ("rater_type", "rater_type_column")):
        j = columns.get(f)
        out[key] = pd.Series([grid.letter(j) if j is not None else None] * n, dtype=object)
    j = columns.get("rater_type")
    out["rater_type_header"] = pd.Series([header_names.get(j) if j is not None else None] * n, dtype=object)
    return out


def is_rating(records: pd.DataFrame) -> np.ndarray:
    """True for the records that are one rater's rating (a rater or a rater type is given)."""
    if "rater" not in records:
        return np.zeros(len(records), bool)
    return (records["rater"].notna() | records["rater_type"].notna()).to_numpy()


def long_group_keys(ident: dict, n: int) -> dict[str, np.ndarray]:
    """Extra keys that keep one rater's long rows apart from another's (none without rater columns).

    An anonymous rating (a type, no name) is a rater of its own on every row.
    """
    rater = pd.Series(ident["rater"], dtype=object)
    rtype = pd.Series(ident["rater_type"], dtype=object)
    if not (rater.notna().any() or rtype.notna().any()):
        return {}
    anonymous = rater.isna() & rtype.notna()
    key = rater.where(~anonymous, pd.Series([f"\x1danonymous{i}" for i in range(n)], dtype=object))
    return {"rater": key.to_numpy(dtype=object), "rater_type": rtype.to_numpy(dtype=object)}


def _empty_cells() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in CELL_COLUMNS})


def wide_cells(records: pd.DataFrame, measure_cols: dict, grid, header_names: dict) -> pd.DataFrame:
    """Wide sheet: the cell of every measure of every rating record (its row, the measure's column)."""
    rating = is_rating(records)
    if not rating.any():
        return _empty_cells()
    recs = records.index[rating].to_numpy()
    roles = records["role"].to_numpy(dtype=object)[rating]
    rows = records["row"].to_numpy()[rating]
    parts = []
    for j, pairs in measure_cols.items():
        for role, mcode in pairs.items():
            sel = roles == role
            if not sel.any():
                continue
            k = int(sel.sum())
            parts.append(pd.DataFrame({
                "rec": recs[sel], "role": role, "measure": mcode, "row": rows[sel],
                "column": grid.letter(j), "column_name": header_names.get(j),
            }, index=range(k)))
    if not parts:
        return _empty_cells()
    return pd.concat(parts, ignore_index=True)


def long_cells(records: pd.DataFrame, group: np.ndarray, codes: np.ndarray, measure_codes: np.ndarray,
               data_rows: np.ndarray, letter: str, header: str | None) -> pd.DataFrame:
    """Long sheet: the value cell of every (rating record, measure) row (the first, if given twice)."""
    rating = is_rating(records)
    if not rating.any():
        return _empty_cells()
    row_is_rating = rating[group]
    has_measure = pd.notna(pd.Series(measure_codes, dtype=object)).to_numpy()
    sel = row_is_rating & has_measure
    out = pd.DataFrame({
        "rec": group[sel], "role": np.asarray(codes, dtype=object)[sel], "measure": measure_codes[sel],
        "row": np.asarray(data_rows)[sel], "column": letter, "column_name": header,
    })
    return out.drop_duplicates(["rec", "measure"]).reset_index(drop=True)
