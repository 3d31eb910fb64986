"""Each employee's flags as records: what to look at beside the total (a blank or unusable figure,
a failed veto, a row-level error, a role change, too few or disagreeing raters).

The scorer hands them over as a table, one row per flag; each writer formats them (the codes
``missing:<measure>`` in JSON and CSV, sentences in Excel and HTML)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# The kinds, in the order a record's flags are listed after its measures' ones.
MISSING, INVALID, VETO = "missing", "invalid", "veto"
RECORD_ERROR, ROLE_CHANGE = "record-error", "role-change"
FEW_RATERS, RATER_SPREAD = "few-raters", "rater-spread"
KINDS = (MISSING, INVALID, VETO, RECORD_ERROR, ROLE_CHANGE, FEW_RATERS, RATER_SPREAD)

# record: the label in ScoreResult.employees; measure: a measure code or None; cap: the grade a
# failed veto caps at (None for the other kinds). Rows are in each record's order, records in
# the employees' order.
COLUMNS = ["record", "kind", "measure", "cap"]


@dataclass(frozen=True)
class Flag:
    kind: str  # one of KINDS
    measure: str | None = None  # measure code
    cap: str | None = None  # grade cap of a failed veto

    @property
    def code(self) -> str:
        """The flag as JSON and CSV write it: 'missing:call_minutes', 'record-error'."""
        return self.kind if self.measure is None else f"{self.kind}:{self.measure}"


def empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})


def flag_table(result) -> pd.DataFrame:
    """The flags of every record of a ScoreResult (COLUMNS), built with array operations: per role,
    the true cells of its missing / invalid / failed-veto matrices in row-major order; then the
    row-level errors, the role changes and the rating flags."""
    emp = result.employees
    n = len(emp)
    pieces: list[tuple[np.ndarray, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    owner = np.full(n, -1)  # a record scored in two roles' tables keeps the last one's flags
    role_pieces = []
    for k, rs in enumerate(result.roles.values()):
        # positions in the employees' table of the role's records (-1: not an employee row)
        at = emp.index.get_indexer(rs.points.index)
        here = at >= 0
        if not here.any():
            continue
        pos = at[here]
        owner[pos] = k
        weighted = [m.code for m in rs.role.measures]
        invalid_codes = list(rs.invalid.columns)
        vetoes = [m.code for m in rs.role.vetoes]
        matrix = np.hstack([
            rs.missing_cells()[here],
            rs.invalid.to_numpy(dtype=bool)[here],
            (rs.values[vetoes].to_numpy()[here] == 0) if vetoes else np.zeros((len(pos), 0), bool),
        ])
        kinds = np.array([MISSING] * len(weighted) + [INVALID] * len(invalid_codes) + [VETO] * len(vetoes), dtype=object)
        measures = np.array([*weighted, *invalid_codes, *vetoes], dtype=object)
        caps = np.array([None] * (len(weighted) + len(invalid_codes))
                        + [rs.role.measure(c).params.get("cap_grade", "D") for c in vetoes], dtype=object)
        rows, slots = np.nonzero(matrix)  # row-major: each record's slots in column order
        role_pieces.append((k, pos[rows], slots, kinds[slots], measures[slots], caps[slots]))
    for k, pos, slots, kinds, measures, caps in role_pieces:
        keep = owner[pos] == k
        pieces.append((pos[keep], 0, slots[keep], kinds[keep], measures[keep], caps[keep]))

    def whole_record(mask: np.ndarray, group: int, kind: str) -> None:
        pos = np.flatnonzero(mask)
        none = np.full(len(pos), None, dtype=object)
        pieces.append((pos, group, np.zeros(len(pos), int), np.full(len(pos), kind, dtype=object), none, none))

    whole_record(emp["has_error"].to_numpy(dtype=bool), 1, RECORD_ERROR)
    if result.role_parts is not None and len(result.role_parts):
        whole_record(emp.index.isin(result.role_parts["record"]), 2, ROLE_CHANGE)
    rated = result.rating_summary.flags if result.rating_summary is not None else None
    if rated is not None and len(rated):
        pos = emp.index.get_indexer(rated["record"])
        pieces.append((pos, 3, np.arange(len(pos)), rated["kind"].to_numpy(dtype=object),
                       rated["measure"].to_numpy(dtype=object), np.full(len(pos), None, dtype=object)))
    pieces = [p for p in pieces if len(p[0])]
    if not pieces:
        return empty()
    pos = np.concatenate([p[0] for p in pieces])
    group = np.concatenate([np.full(len(p[0]), p[1]) for p in pieces])
    seq = np.concatenate([p[2] for p in pieces])
    order = np.lexsort((seq, group, pos))
    return pd.DataFrame(
        {
            "record": emp.index.to_numpy()[pos[order]],
            # object columns: None stays None (pandas ≥ 3 would make text columns strings and None NaN)
            "kind": pd.Series(np.concatenate([p[3] for p in pieces])[order], dtype=object),
            "measure": pd.Series(np.concatenate([p[4] for p in pieces])[order], dtype=object),
            "cap": pd.Series(np.concatenate([p[5] for p in pieces])[order], dtype=object),
        },
        columns=COLUMNS,
    )


def flag_codes(table: pd.DataFrame) -> np.ndarray:
    """Each flag's code (Flag.code), as an object array."""
    kinds = table["kind"].to_numpy(dtype=object)
    measures = table["measure"].to_numpy(dtype=object)
    has = pd.notna(measures)
    out = kinds.copy()
    out[has] = kinds[has] + ":" + measures[has].astype(str)
    return out


def flags_of(table: pd.DataFrame) -> dict[Any, list[Flag]]:
    """The flags of each flagged record, as Flag records (records without flags are left out)."""
    out: dict[Any, list[Flag]] = {}
    made: dict[tuple, Flag] = {}
    for key in zip(table["record"].tolist(), table["kind"].tolist(), table["measure"].tolist(), table["cap"].tolist()):
        flag = made.get(key[1:])
        if flag is None:
            flag = made[key[1:]] = Flag(*key[1:])
        out.setdefault(key[0], []).append(flag)
    return out
