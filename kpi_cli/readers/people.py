"""One person, one record: ids of one period typed in different ways are one person when the names agree.

Excel drops the leading zeros of an id typed as a number (000123 → 123), and people type ids in
capitals or not, with a space or not (E001, e001, E 001). Within the period being scored, ids
that differ only in leading zeros, letter case or spaces and carry the same 姓名 are one person:
they are reported under one spelling (the one with the most leading zeros, then without spaces,
then in capitals, then the most used, then the latest) with a warning naming every spelling.
With different (or missing) names they stay different people, with a warning that says so.
Nothing is merged without a warning.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from kpi_cli.i18n import Msg
from kpi_cli.problems import ERROR, WARNING, Problem


_SPACE = re.compile(r"[^\S\x00]")  # any whitespace but the separator used below


def id_core(ids: pd.Series) -> pd.Series:
    """The part of an id that identifies a person: no spaces, capitals, no leading zeros ('0' for zeros only)."""
    core = ids.astype(str).str.replace(r"\s+", "", regex=True).str.upper().str.lstrip("0")
    return core.where(core != "", "0")


def _name_key(names: pd.Series) -> pd.Series:
    return names.fillna("").astype(str).str.replace(r"\s+", "", regex=True).str.casefold()


def unify_ids(recs: pd.DataFrame, in_period: np.ndarray, order: pd.Series) -> list[Problem]:
    """Rewrite ``recs['employee_id']`` in place so that one person has one id in the period.

    ``in_period`` marks the records of the period being scored (others are left alone);
    ``order`` sorts the records in time (a period code per record: the latest spelling wins ties).
    Returns the warnings (merged spellings, or similar ids kept apart), and errors for records
    that become the same person twice in one month (a duplicate, as with the same id typed twice).
    """
    ids = recs["employee_id"]
    has_id = ids.notna().to_numpy() & np.asarray(in_period, dtype=bool)
    if not has_id.any():
        return []
    given = ids[has_id].astype(str)
    # Quick way out (most files): no id has a leading zero, a space or a small letter, so every
    # spelling is its own core and distinct spellings cannot be the same person.
    joined = "\x00" + "\x00".join(given.tolist()) + "\x00"
    if "\x000" not in joined and joined == joined.upper() and _SPACE.search(joined) is None:
        return []
    spellings = pd.Series(pd.unique(given), dtype=object)
    cores = id_core(spellings)
    similar = cores.duplicated(keep=False).to_numpy()
    if not similar.any():
        return []
    problems: list[Problem] = []
    core_of = dict(zip(spellings[similar], cores[similar]))
    sub = recs.loc[has_id & ids.astype(str).isin(core_of).to_numpy()]
    sub = sub.assign(_spelling=sub["employee_id"].astype(str), _order=order.loc[sub.index].fillna("").astype(str))
    sub["_core"] = sub["_spelling"].map(core_of)
    sub["_name"] = _name_key(sub["name"])
    renamed: dict = {}
    for core, group in sub.groupby("_core", sort=False):  # one loop step per group of similar ids: few
        # Each spelling's name: the one of its latest record.
        latest = group.sort_values("_order", kind="stable").groupby("_spelling", sort=False).tail(1)
        name_of = dict(zip(latest["_spelling"], latest["_name"]))
        shown_name = dict(zip(latest["_spelling"], latest["name"]))
        by_name: dict[str, list[str]] = {}
        for spelling in dict.fromkeys(group["_spelling"]):
            key = name_of[spelling]
            by_name.setdefault(key if key else "\x00" + spelling, []).append(spelling)
        chosen_ids = []
        for key, members in by_name.items():
            rows = group[group["_spelling"].isin(members)]
            chosen = _choose(rows) if len(members) > 1 else members[0]
            chosen_ids.append(chosen)
            if len(members) == 1:
                continue
            for s in members:
                if s != chosen:
                    renamed[s] = chosen
            other = rows[rows["_spelling"] != chosen].iloc[0]
            problems.append(
                Problem(
                    "id-spellings-merged", WARNING, file=other["file"], sheet=_text(other["sheet"]), row=int(other["row"]),
                    column=_text(other.get("id_column")), employee_id=chosen, value=other["_spelling"],
                    params={"spellings": ", ".join(members), "chosen": chosen, "name": _text(rows["name"].dropna().iloc[-1]) or "",
                            **_difference(members)},
                )
            )
        if len(by_name) > 1:
            # Similar ids with different (or no) names: different people, said once per group.
            first_of = {s: group[group["_spelling"] == s].iloc[0] for s in chosen_ids}
            later = first_of[chosen_ids[1]]
            listed = ", ".join(f"{s} ({_text(shown_name.get(s)) or '—'})" for s in chosen_ids)
            problems.append(
                Problem(
                    "id-spellings-apart", WARNING, file=later["file"], sheet=_text(later["sheet"]), row=int(later["row"]),
                    column=_text(later.get("id_column")), employee_id=chosen_ids[1], value=chosen_ids[1],
                    params={"spellings": listed, **_difference(chosen_ids)},
                )
            )
    if not renamed:
        return problems
    changed = has_id & ids.astype(str).isin(renamed).to_numpy()
    original = ids.copy()
    recs.loc[changed, "employee_id"] = ids[changed].astype(str).map(renamed)
    problems += _new_duplicates(recs, changed, original, has_id)
    return problems


def _choose(rows: pd.DataFrame) -> str:
    """The spelling a merged person is reported under (see the module docstring)."""
    stats = rows.groupby("_spelling", sort=False).agg(n=("_spelling", "size"), last=("_order", "max"))
    s = stats.index.to_series()
    nospace = s.str.replace(r"\s+", "", regex=True)
    zeros = nospace.str.len() - nospace.str.lstrip("0").str.len()
    stats = stats.assign(zeros=zeros, nospace=(nospace == s), upper=(s == s.str.upper()))
    stats = stats.sort_values(["zeros", "nospace", "upper", "n", "last"], ascending=False, kind="stable")
    return str(stats.index[0])


def _difference(spellings: list[str]) -> dict[str, Msg]:
    """How the spellings differ, in words: leading zeros, letter case and spaces, or both."""
    s = pd.Series(spellings, dtype=object).astype(str)
    if s.str.lstrip("0").nunique() == 1:
        return {"difference": Msg("people.difference.zeros")}
    if s.str.replace(r"\s+", "", regex=True).str.upper().nunique() == 1:
        return {"difference": Msg("people.difference.case")}
    return {"difference": Msg("people.difference.both")}


def _new_duplicates(recs: pd.DataFrame, changed: np.ndarray, original: pd.Series, has_id: np.ndarray) -> list[Problem]:
    """Records that became the same person twice in one sub-period (e.g. 000777 and 777 in July): errors."""
    key = recs["employee_id"].astype(str) + "\x1f" + recs["period"].fillna("").astype(str)
    hit = key[changed].unique()
    dup = has_id & key.isin(hit).to_numpy()
    out: list[Problem] = []
    for _, group in recs[dup].groupby(key[dup], sort=False):
        if len(group) < 2 or original.loc[group.index].astype(str).nunique() < 2:
            continue
        locs = [_where(r) for _, r in group.iterrows()]
        recs.loc[group.index, "has_error"] = True
        for n, (i, r) in enumerate(group.iterrows()):
            others = [loc for m, loc in enumerate(locs) if m != n]
            out.append(
                Problem(
                    "duplicate-employee", ERROR, file=r["file"], sheet=_text(r["sheet"]), row=int(r["row"]),
                    column=_text(r.get("id_column")), employee_id=r["employee_id"], role=_text(r["role"]),
                    value=str(original.loc[i]),
                    params={"others": Msg.join("; ", others[:5] + ([" …"] if len(others) > 5 else [])),
                            "period": _text(r["period"]) or "", "count": len(locs)},
                )
            )
    return out


def _where(r: pd.Series) -> str | Msg:
    parts = [str(r["file"])]
    if _text(r["sheet"]):
        parts.append(str(r["sheet"]))
    col = _text(r.get("id_column"))
    if not col:
        return Msg("where.row_in", place=" › ".join(parts), row=int(r["row"]))
    parts.append(f"{col}{int(r['row'])}")
    return " › ".join(parts)


def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
        return None
    return str(v)
