"""Ratings from several raters: rater types, and combining rating rows into the figure that is scored.

A rating row carries a 评价人 (rater) and/or a 评价人类型 (rater type). Several raters' rows for
the same employee and measure are not duplicates: their ratings combine, by default as the
mean of the raters; with a table of rater-type weights (kpi.toml ``[raters] weights``) as the
weighted mean of the types present (each type's raters averaged first, the weights of the types
present re-normalised). Self-ratings can be shown but not scored. Counts and shares are never
averaged: two sources of a count for one person is an error. The same rater twice for one
employee and measure is an error at both cells.

Combining happens when the files are read (``take_ratings``), per employee and period of the
rows, so that monthly ratings then combine into a quarter like any monthly figure. The checks
that concern the period scored (too few raters, raters far apart, a rater type missing) come
after scoring (``attach_ratings``).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue, Measure, RaterPolicy
from kpi_cli.i18n import messages, t
from kpi_cli.problems import ERROR, WARNING, Problem
from kpi_cli.text import normalize_label

SELF = "self"
FEEDBACK_TYPES = ("self", "peer", "subordinate")  # rate any rating of a role when the policy weights them
_NONE = "\x1dnone"  # a key for "no period" (pandas turns a NUL fill into "")
# Units of figures that several raters may give and that are averaged; every other unit (counts,
# shares, durations) takes one figure per employee.
RATEABLE_UNITS = ("rating", "score")
# Rater type code → what people type for it besides its zh/en labels (the translation table
# ``rater_type.<code>``). The catalogue's assessor names are labels of these codes; an assessor
# of a company catalogue that is not here gets a code of its own.
RATER_TYPE_ALIASES: dict[str, tuple[str, ...]] = {
    "self": ("本人", "自我评价", "自评人", "self-rating", "self rating", "self assessment", "employee"),
    "supervisor": ("主管", "直接上级", "直属上级", "上司", "领导", "supervisors", "line manager", "boss"),
    "peer": ("同级", "平级", "同事评价", "peers", "colleague", "colleagues"),
    "subordinate": ("下属", "subordinates", "direct report", "direct reports"),
    "customer": ("外部客户", "customers", "client", "clients", "external customer"),
    "internal_customer": ("internal customers",),
    "general_manager": ("gm",),
    "adjusters": ("adjuster",),
}
RATER_FRAME_COLUMNS = (
    "employee_id", "role", "measure", "period", "rater", "rater_type", "value", "bad", "counted",
    "file", "sheet", "row", "column", "cell",
)


def is_rateable(measure: Measure) -> bool:
    """A figure several raters give and that is averaged (a rating, a survey score)."""
    return measure.rule == "rating" or measure.unit in RATEABLE_UNITS


def _blank(x: object) -> bool:
    """None, NaN or pandas NA (a blank cell, however pandas holds it)."""
    return x is None or bool(pd.isna(x)) if not isinstance(x, (list, tuple)) else False


def rater_key(text: object) -> str:
    """A rater's name as compared: NFKC, case and spaces folded."""
    return " ".join(unicodedata.normalize("NFKC", str(text)).casefold().split())


class RaterTypes:
    """Rater type codes of a catalogue: what each is called (zh/en) and what people type for it."""

    def __init__(self, catalogue: Catalogue) -> None:
        self.custom: dict[str, tuple[str, str]] = {}
        self.by_text: dict[str, str] = {}
        builtin = [k.split(".", 1)[1] for k in messages() if k.startswith("rater_type.")]
        for code in builtin:
            for text in (code, t(f"rater_type.{code}", "zh"), t(f"rater_type.{code}", "en"), *RATER_TYPE_ALIASES.get(code, ())):
                self.by_text.setdefault(normalize_label(text), code)
        self.of_measure: dict[tuple[str, str], str] = {}
        for role in catalogue.roles:
            for m in role.all_measures:
                if not (m.assessor_zh or m.assessor_en):
                    continue
                code = self.by_text.get(normalize_label(m.assessor_zh)) or self.by_text.get(normalize_label(m.assessor_en))
                if code is None:  # a company catalogue's own assessor: a code of its own
                    slug = "".join(c if c.isascii() and c.isalnum() else "_" for c in (m.assessor_en or "").lower()).strip("_")
                    code = "assessor_" + (slug or f"{len(self.custom) + 1}")
                    self.custom.setdefault(code, (m.assessor_zh or m.assessor_en or code, m.assessor_en or m.assessor_zh or code))
                    for text in (m.assessor_zh, m.assessor_en, code):
                        if text:
                            self.by_text.setdefault(normalize_label(text), code)
                self.of_measure[(role.code, m.code)] = code

    def code(self, text: object) -> str | None:
        return None if _blank(text) else self.by_text.get(normalize_label(text))

    def label(self, code: str | None, lang: str) -> str:
        if code is None:
            return "—"
        if code in self.custom:
            zh, en = self.custom[code]
            return zh if lang == "zh" else en
        return t(f"rater_type.{code}", lang)

    def known(self, lang: str) -> list[str]:
        """The labels HR can type, general ones first."""
        codes = ["self", "supervisor", "peer", "subordinate", "customer", "internal_customer"]
        codes += [c for c in dict.fromkeys(self.of_measure.values()) if c not in codes]
        return [self.label(c, lang) for c in codes]


def empty_ratings() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in RATER_FRAME_COLUMNS})


@dataclass
class Taken:
    """The dataset parts once rating rows are combined into their employees' records."""

    records: pd.DataFrame
    values: dict[str, pd.DataFrame]
    invalid: dict[str, pd.DataFrame]
    ratings: pd.DataFrame
    problems: list[Problem]


def take_ratings(records: pd.DataFrame, values: dict, invalid: dict, cells: pd.DataFrame | None,
                 catalogue: Catalogue) -> Taken:
    """Rating records out of ``records``, their figures combined into each employee's record.

    ``records`` carries the reader's rater columns (readers/ratings.py); ``cells`` locates each
    rating record's figures. The employee's record is the figure record of the same id and
    period (or the one figure record whose period holds the rating's, or the only one when the
    rating names no period); without one, a record is made from the first rating.
    """
    from kpi_cli.readers.ratings import is_rating

    rating = is_rating(records)
    usable = rating & records["employee_id"].notna().to_numpy() & records["role"].notna().to_numpy() & ~records["has_error"].to_numpy(dtype=bool)
    if not usable.any():
        return Taken(records, values, invalid, empty_ratings(), [])
    types = RaterTypes(catalogue)
    policy = catalogue.raters
    problems: list[Problem] = []
    rr = records[usable].copy()
    # --- each rating record's rater type --------------------------------------------------------
    tcodes, tuniq = pd.factorize(rr["rater_type"], use_na_sentinel=True)
    found = np.array([types.code(u) for u in tuniq] + [None], dtype=object)
    rr["type_code"] = found[tcodes]
    unknown = rr["rater_type"].notna() & rr["type_code"].isna()
    untyped = rr["rater_type"].isna()
    known_zh, known_en = "、".join(types.known("zh")[:6]), ", ".join(types.known("en")[:6])
    for r in rr[unknown].itertuples():
        problems.append(Problem("rater-type-unknown", ERROR, file=r.file, sheet=r.sheet, row=int(r.row), column=r.rater_type_column,
                                column_name=r.rater_type_header, employee_id=r.employee_id, role=r.role, value=r.rater_type,
                                params={"known_zh": known_zh, "known_en": known_en}))
    for r in rr[untyped].itertuples():
        problems.append(Problem("rater-type-missing", ERROR, file=r.file, sheet=r.sheet, row=int(r.row), column=r.rater_type_column,
                                employee_id=r.employee_id, role=r.role, value=None, params={"rater": r.rater}))
    rr["type_bad"] = (unknown | untyped).to_numpy()
    # --- the figures of the rating records, one row each -------------------------------------------
    long = _figures_long(rr.index, values, invalid)
    ident = rr[["employee_id", "name", "department", "role_label", "period", "file", "sheet", "row", "rater", "type_code", "type_bad"]]
    long = long.join(ident, on="rec")
    if cells is not None and len(cells):
        where = cells.drop_duplicates(["rec", "measure"]).set_index(["rec", "measure"])
        loc = where.reindex(pd.MultiIndex.from_arrays([long["rec"], long["measure"]]))
        long["row"] = np.where(loc["row"].notna().to_numpy(), loc["row"].to_numpy(dtype=object), long["row"].to_numpy(dtype=object))
        long["column"] = loc["column"].to_numpy(dtype=object)
        long["column_name"] = loc["column_name"].to_numpy(dtype=object)
    else:
        long["column"] = None
        long["column_name"] = None
    long["bad"] = long["bad"].to_numpy(dtype=bool) | long["type_bad"].to_numpy(dtype=bool)
    # --- whose record each rating goes to ----------------------------------------------------------
    figure_mask = ~rating
    figures = records[figure_mask]
    target = _targets(rr, figures)
    problems += _other_spellings(rr, figures, target, long)
    next_index = int(records.index.max()) + 1 if len(records) else 0
    unmatched = target.isna()
    if unmatched.any():
        # one record per person, period and role rated with no figures of their own: the first rating's identity
        alone = rr[unmatched.to_numpy()]
        group = alone[["employee_id", "role"]].assign(period=alone["period"].astype(object).fillna(_NONE)).groupby(
            ["employee_id", "role", "period"], sort=False).ngroup().to_numpy()
        target[alone.index] = next_index + group
        firsts = alone[[c for c in records.columns if c in alone.columns]].iloc[pd.Series(range(len(alone))).groupby(group).first().to_numpy()]
        made = firsts.set_axis(next_index + np.arange(len(firsts)))
    else:
        made = pd.DataFrame()
    if len(made):
        for c in ("rater", "rater_type", "rater_column", "rater_type_column", "rater_type_header"):
            if c in made:
                made[c] = None
        made["has_error"] = False
    target = target.astype("int64")
    long["target"] = target.reindex(long["rec"]).to_numpy()
    all_targets = pd.concat([figures, made]) if len(made) else figures
    used = all_targets.loc[pd.unique(long["target"])] if len(long) else all_targets.iloc[:0]
    long["figure_at"] = pd.Series([_where(f, s, None, r) for f, s, r in zip(used["file"], used["sheet"], used["row"])],
                                  index=used.index, dtype=object).reindex(long["target"]).to_numpy()
    # --- a rating of another role than the employee's figures ---------------------------------------
    target_role = all_targets["role"].reindex(target.to_numpy()).to_numpy(dtype=object)
    wrong_role = target_role != rr["role"].to_numpy(dtype=object)
    error_targets: set = set()
    if wrong_role.any():
        for (r, tr, tgt) in zip(rr[wrong_role].itertuples(), target_role[wrong_role], target.to_numpy()[wrong_role]):
            f = all_targets.loc[tgt]
            problems.append(Problem("rater-role-mismatch", ERROR, file=r.file, sheet=r.sheet, row=int(r.row), employee_id=r.employee_id,
                                    role=r.role, value=r.role_label, params={
                                        "rating_role": r.role, "figure_role": tr, "figure_at": _where(f.file, f.sheet, None, f.row)}))
            error_targets.add(tgt)
        long = long[~long["rec"].isin(rr.index[wrong_role])]
    # --- combine per (employee record, measure) ----------------------------------------------------
    values = {k: v.copy() for k, v in values.items()}
    invalid = {k: v.copy() for k, v in invalid.items()}
    for code in pd.unique(made["role"]) if len(made) else ():
        idx = made.index[made["role"] == code]
        cols = [m.code for m in catalogue.role(code).all_measures]
        add_v = pd.DataFrame(np.nan, index=idx, columns=cols)
        add_b = pd.DataFrame(False, index=idx, columns=cols)
        values[code] = pd.concat([values[code], add_v]) if code in values else add_v
        invalid[code] = pd.concat([invalid[code], add_b]) if code in invalid else add_b
    long = long.reset_index(drop=True)
    long["counted"] = False
    for code, part in long.groupby("role", sort=False):
        _combine_role(catalogue.role(code), part, values[code], invalid[code], policy, long, problems)
    # --- the records: figures, then records made for ratings alone; a fresh index ---------------------
    out = pd.concat([records[~usable], made]) if len(made) else records[~usable]
    out = out.sort_index(kind="stable")
    if error_targets:
        out.loc[out.index.isin(error_targets), "has_error"] = True
    new_pos = pd.Series(np.arange(len(out)), index=out.index)
    out = out.reset_index(drop=True)
    for code in list(values):
        keep = values[code].index.isin(new_pos.index)
        values[code] = values[code][keep].set_axis(new_pos.reindex(values[code].index[keep]).to_numpy())
        invalid[code] = invalid[code][keep].set_axis(new_pos.reindex(invalid[code].index[keep]).to_numpy())
    ratings = pd.DataFrame({
        "employee_id": long["employee_id"], "role": long["role"], "measure": long["measure"], "period": long["period"],
        "rater": long["rater"], "rater_type": long["type_code"], "value": long["value"].astype(float),
        "bad": long["bad"].astype(bool), "counted": long["counted"].astype(bool), "file": long["file"],
        "sheet": long["sheet"], "row": long["row"].astype("int64"), "column": long["column"],
        "cell": [f"{c}{int(r)}" if c else None for c, r in zip(long["column"], long["row"])],
    })
    # in reading order: file and sheet as read, then row and column
    block = long["rec"].groupby([long["file"].fillna(""), long["sheet"].fillna("")]).transform("min")
    col = long["column"].fillna("")
    order = pd.DataFrame({"b": block, "r": long["row"].astype("int64"), "w": col.str.len(), "c": col})
    ratings = ratings.loc[order.sort_values(["b", "r", "w", "c"], kind="stable").index]
    _unweighted_warnings(ratings, policy, types, problems)
    return Taken(out, values, invalid, ratings.reset_index(drop=True), problems)


def _figures_long(recs: pd.Index, values: dict, invalid: dict) -> pd.DataFrame:
    """(rec, role, measure, value, bad) for every figure (or unusable cell) of the records ``recs``."""
    parts = []
    for code, frame in values.items():
        idx = frame.index.intersection(recs)
        if not len(idx):
            continue
        v = frame.loc[idx].to_numpy(dtype=float)
        b = invalid[code].loc[idx].reindex(columns=frame.columns, fill_value=False).to_numpy(dtype=bool)
        ii, jj = np.nonzero(~np.isnan(v) | b)
        parts.append(pd.DataFrame({"rec": idx.to_numpy()[ii], "role": code, "measure": frame.columns.to_numpy()[jj],
                                   "value": v[ii, jj], "bad": b[ii, jj]}))
    if not parts:
        return pd.DataFrame({"rec": pd.Series(dtype="int64"), "role": pd.Series(dtype=object), "measure": pd.Series(dtype=object),
                             "value": pd.Series(dtype=float), "bad": pd.Series(dtype=bool)})
    return pd.concat(parts, ignore_index=True)


def _other_spellings(rr: pd.DataFrame, figures: pd.DataFrame, target: pd.Series, long: pd.DataFrame) -> list[Problem]:
    """Ratings whose id is another spelling (leading zeros, case, spaces) of a figure record's id
    with the same name and period: they go to that person, under the figures' spelling, with a
    warning (as kpi_cli.readers.people does for figures). ``target``, ``rr`` and ``long`` are updated."""
    from kpi_cli.readers.people import id_core

    todo = target.isna() & rr["name"].notna()
    fig = figures[figures["employee_id"].notna() & figures["name"].notna()]
    if not todo.any() or not len(fig):
        return []

    def keys(frame: pd.DataFrame) -> pd.Series:
        name = frame["name"].astype(str).str.replace(r"\s+", "", regex=True).str.casefold()
        return id_core(frame["employee_id"]) + "\x1f" + name + "\x1f" + frame["period"].astype(object).fillna(_NONE).astype(str)

    fk = keys(fig)
    unique = fk[~fk.duplicated(keep=False)]
    by_key = pd.Series(unique.index, index=unique.to_numpy())
    sub = rr[todo]
    found = by_key.reindex(keys(sub).to_numpy()).to_numpy()
    hit = ~pd.isna(found)
    out: list[Problem] = []
    for rec, fig_rec in zip(sub.index[hit], found[hit]):  # one per rating row given under another spelling
        r, f = rr.loc[rec], figures.loc[int(fig_rec)]
        target[rec] = int(fig_rec)
        out.append(Problem("rater-id-spelling", WARNING, file=r["file"], sheet=r["sheet"], row=int(r["row"]),
                           column=r.get("id_column"), employee_id=f["employee_id"], role=r["role"], value=r["employee_id"],
                           params={"name": f["name"], "figure_id": f["employee_id"]}))
        rr.at[rec, "employee_id"] = f["employee_id"]
        long.loc[long["rec"] == rec, "employee_id"] = f["employee_id"]
    return out


def _targets(rr: pd.DataFrame, figures: pd.DataFrame) -> pd.Series:
    """The figure record each rating record belongs to (NaN: none; one is made)."""
    from kpi_cli.periods import try_parse_period

    fig = figures[figures["employee_id"].notna()]
    exact = pd.Series(fig.index, index=pd.MultiIndex.from_arrays([fig["employee_id"], fig["period"].fillna(_NONE)]))
    exact = exact[~exact.index.duplicated(keep="first")]
    keys = pd.MultiIndex.from_arrays([rr["employee_id"], rr["period"].fillna(_NONE)])
    target = pd.Series(exact.reindex(keys).to_numpy(), index=rr.index, dtype=float)
    missing = target.isna()
    if not missing.any() or not len(fig):
        return target
    by_id = fig.groupby("employee_id", sort=False)
    ids = set(fig["employee_id"])
    pairs = rr.loc[missing, ["employee_id", "period"]].drop_duplicates()
    for emp_id, period in pairs.itertuples(index=False):  # one per person and period without an exact match
        if emp_id not in ids:
            continue
        cand = by_id.get_group(emp_id)
        if period is None or (isinstance(period, float) and np.isnan(period)):
            chosen = cand.index if len(cand) == 1 else []
        else:
            p = try_parse_period(period)
            holders = [i for i, q in zip(cand.index, cand["period"]) if p is not None and isinstance(q, str)
                       and (h := try_parse_period(q)) is not None and h.contains(p)]
            chosen = holders if len(holders) == 1 else []
        if len(chosen) == 1:
            sel = missing & (rr["employee_id"] == emp_id) & (rr["period"].fillna(_NONE) == (period if isinstance(period, str) else _NONE))
            target[sel] = chosen[0]
    return target


def _combine_role(role, part: pd.DataFrame, vals: pd.DataFrame, bad: pd.DataFrame, policy: RaterPolicy,
                  long: pd.DataFrame, problems: list[Problem]) -> None:
    """Combine one role's ratings into ``vals``/``bad`` (in place); mark counted ratings in ``long``."""
    weights = policy.weight_table()
    for mcode, g in part.groupby("measure", sort=False):
        m = role.measure(mcode)
        targets = g["target"].to_numpy()
        given = vals.loc[pd.unique(targets), mcode]
        given_bad = bad.loc[pd.unique(targets), mcode]
        # A figure in the data and ratings for the same measure: which one counts is HR's call.
        has_figure = given.notna() | given_bad
        sources = g.groupby("target").size()
        if is_rateable(m):
            clash = g["target"].isin(has_figure.index[has_figure.to_numpy()])
            for r in g[clash].itertuples():
                problems.append(_cell_problem("rating-and-figure", r, m, figure_at=_figure_at(r)))
            # The same rater twice for one employee, measure and period.
            named = g["rater"].notna() & ~clash
            key = g["target"].astype(str) + "\x1f" + g["period"].fillna("").astype(str) + "\x1f" + g["rater"].map(
                lambda x: "" if _blank(x) else rater_key(x))
            dup = named & key.duplicated(keep=False)
            _located_group_problems("duplicate-rater", g[dup], key[dup], m, problems)
            broken = (clash | dup).to_numpy()
            bad_rating = g["bad"].to_numpy(dtype=bool) | broken
            is_self = (g["type_code"] == SELF).to_numpy()
            counted = ~bad_rating & ~(is_self & policy.exclude_self)
            if weights:
                counted &= g["type_code"].isin(list(weights)).to_numpy()
            long.loc[g.index, "counted"] = counted
            bad_target = pd.Series(bad_rating, index=g.index).groupby(g["target"]).any()
            combined = _combine(g[counted], weights)
            tgt = pd.Index(pd.unique(targets))
            new = combined.reindex(tgt)
            # the figure given in the data stays (the clash is reported); a bad rating makes the cell unusable
            keep_figure = has_figure.reindex(tgt).to_numpy()
            vals.loc[tgt[~keep_figure], mcode] = new.to_numpy()[~keep_figure]
            now_bad = bad_target.reindex(tgt).to_numpy(dtype=bool)
            bad.loc[tgt[now_bad], mcode] = True
            vals.loc[tgt[now_bad], mcode] = np.nan
        else:
            n_sources = sources + has_figure.reindex(sources.index).fillna(False).astype(int)
            twice = g["target"].isin(n_sources.index[n_sources.to_numpy() > 1])
            key = g["target"].astype(str)
            for r in g[twice].itertuples():
                others = [_where(o.file, o.sheet, o.column, o.row) for o in g[twice & (key == str(r.target))].itertuples() if o.Index != r.Index]
                if bool(has_figure.get(r.target, False)):
                    others.append(_figure_at(r))
                problems.append(_cell_problem("rater-figure-twice", r, m, others=_join(others), count=int(n_sources[r.target])))
            one = g[~twice]
            ok = ~one["bad"].to_numpy(dtype=bool)
            long.loc[one.index, "counted"] = ok
            tg = one["target"].to_numpy()
            vals.loc[tg[ok], mcode] = one["value"].to_numpy()[ok]
            bad.loc[tg[~ok], mcode] = True
            tt = pd.unique(g[twice]["target"])
            if len(tt):
                bad.loc[tt, mcode] = True
                vals.loc[tt, mcode] = np.nan


def _combine(g: pd.DataFrame, weights: dict[str, float]) -> pd.Series:
    """The combined figure per target: per period the mean of the raters (or the weighted mean of
    the rater types' means), then the mean of the periods."""
    if not len(g):
        return pd.Series(dtype=float)
    period = g["period"].fillna("")
    if not weights:
        per_period = g.groupby([g["target"], period])["value"].mean()
    else:
        by_type = g.groupby([g["target"], period, g["type_code"]])["value"].mean()
        w = by_type.index.get_level_values(2).map(weights).to_numpy(dtype=float)
        num = (by_type * w).groupby(level=[0, 1]).sum()
        den = pd.Series(w, index=by_type.index).groupby(level=[0, 1]).sum()
        per_period = num / den.where(den > 0)
    return per_period.groupby(level=0).mean()


def _figure_at(r) -> str:
    return str(r.figure_at)


def _where(file, sheet, column, row) -> str:
    parts = [str(file)] if file else []
    if sheet:
        parts.append(str(sheet))
    if row is not None and not (isinstance(row, float) and np.isnan(row)):
        parts.append(f"{column}{int(row)}" if column else f"row {int(row)}")
    return " › ".join(parts)


def _join(items: list[str]) -> str:
    return "; ".join(items[:5]) + (" …" if len(items) > 5 else "")


def _cell_problem(type_: str, r, m: Measure, severity: str = ERROR, **params) -> Problem:
    return Problem(type_, severity, file=r.file, sheet=r.sheet, row=int(r.row), column=r.column, column_name=r.column_name,
                   employee_id=r.employee_id, role=r.role, measure=m.code, value=None if np.isnan(r.value) else r.value,
                   params={"name_zh": m.name_zh, "name_en": m.name_en, "rater": r.rater, **params})


def _located_group_problems(type_: str, rows: pd.DataFrame, keys: pd.Series, m: Measure, problems: list[Problem]) -> None:
    """One problem per cell of each group of ``rows`` sharing a key, naming the group's other cells."""
    for _, grp in rows.groupby(keys, sort=False):
        locs = [_where(r.file, r.sheet, r.column, r.row) for r in grp.itertuples()]
        for n, r in enumerate(grp.itertuples()):
            problems.append(_cell_problem(type_, r, m, others=_join([x for k, x in enumerate(locs) if k != n])))


def _unweighted_warnings(ratings: pd.DataFrame, policy: RaterPolicy, types: RaterTypes, problems: list[Problem]) -> None:
    weights = policy.weight_table()
    if not weights:
        return
    stray = ratings[~ratings["bad"] & ratings["rater_type"].notna() & ~ratings["rater_type"].isin(list(weights))]
    for code, g in stray.groupby("rater_type", sort=False):
        r = g.iloc[0]
        problems.append(Problem("rater-type-unweighted", WARNING, file=r["file"], sheet=r["sheet"], row=int(r["row"]),
                                column=r["column"], employee_id=r["employee_id"], value=types.label(code, "zh"),
                                params={"type_zh": types.label(code, "zh"), "type_en": types.label(code, "en")}))


# --- the period scored -------------------------------------------------------------------------
@dataclass
class RatingSummary:
    """The ratings of the period scored and what they add to a ScoreResult."""

    ratings: pd.DataFrame  # one row per rating (RATER_FRAME_COLUMNS)
    rated: pd.DataFrame  # per (employee_id, role, measure): raters, spread
    flags: pd.DataFrame  # one row per flag: record, kind (few-raters, rater-spread), measure
    problems: list[Problem]


def in_period(ratings: pd.DataFrame, period) -> pd.DataFrame:
    """The ratings of ``period`` (or of one of its months; those naming no period count too)."""
    from kpi_cli.periods import try_parse_period

    if not len(ratings):
        return ratings
    codes, uniq = pd.factorize(ratings["period"], use_na_sentinel=True)
    ok = []
    for u in uniq:
        p = try_parse_period(u) if isinstance(u, str) else None
        ok.append(p is not None and period.contains(p))
    keep = np.array(ok + [True], dtype=bool)[codes]
    return ratings[keep].reset_index(drop=True)


def rater_keys(r: pd.DataFrame) -> pd.Series:
    """Who gave each rating, as compared: the rater's name folded; an anonymous rating is a rater
    of its own (its file, sheet and row)."""
    codes, uniq = pd.factorize(r["rater"], use_na_sentinel=True)
    folded = np.array([rater_key(u) for u in uniq] + [None], dtype=object)[codes]
    anonymous = (_NONE + r["file"].astype(object).fillna("").astype(str) + "\x1f" + r["sheet"].astype(object).fillna("").astype(str)
                 + "\x1f" + r["row"].astype(str)).to_numpy(dtype=object)
    return pd.Series(np.where(codes >= 0, folded, anonymous), index=r.index, dtype=object)


def summarise(ratings: pd.DataFrame) -> pd.DataFrame:
    """Per (employee_id, role, measure): the number of raters scored, the spread of their ratings."""
    if not len(ratings):
        return pd.DataFrame(columns=["employee_id", "role", "measure", "raters", "spread", "types"]).set_index(
            ["employee_id", "role", "measure"])
    r = ratings
    who = rater_keys(r)
    counted = r[r["counted"]]
    keys = ["employee_id", "role", "measure"]
    raters = who[r["counted"]].groupby([counted[k] for k in keys]).nunique()
    by = counted.groupby(keys)["value"]
    spread = by.max() - by.min()
    # the rater types present, as a tuple of codes per person and measure (built once per distinct set)
    present = r[~r["bad"] & r["rater_type"].notna()].drop_duplicates([*keys, "rater_type"])
    tcodes, tuniq = pd.factorize(present["rater_type"])
    bits = pd.Series(np.left_shift(1, tcodes.astype(np.int64)), index=present.index)
    mask = bits.groupby([present[k] for k in keys]).sum() if len(present) else bits  # distinct bits: the sum is the union
    sets = {v: tuple(sorted(str(tuniq[k]) for k in range(len(tuniq)) if v >> k & 1)) for v in pd.unique(mask)}
    index = mask.index.union(raters.index) if len(mask) else raters.index
    out = pd.DataFrame({"raters": raters, "spread": spread}).reindex(index)
    out["raters"] = out["raters"].fillna(0).astype(int)
    out["types"] = mask.map(sets).reindex(out.index) if len(mask) else None
    out["types"] = [x if isinstance(x, tuple) else () for x in out["types"]]
    return out


_FLAG_COLUMNS = ["record", "kind", "measure"]


def _no_rating_flags() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in _FLAG_COLUMNS})


def _rating_flags(flat: pd.DataFrame, few: np.ndarray, wide: np.ndarray, emp: pd.DataFrame) -> pd.DataFrame:
    """The few-raters and rater-spread flags of the employee records as (record, kind, measure)
    rows: records in the employees' order, each one's flags in the order of ``flat`` (per
    measure, few-raters first). Every record of the person and role gets them."""
    keys = ["employee_id", "role"]
    cols = {k: flat[k].astype(object) for k in [*keys, "measure"]}
    both = pd.concat([pd.DataFrame(cols)[few].assign(kind="few-raters", seq=2 * np.flatnonzero(few)),
                      pd.DataFrame(cols)[wide].assign(kind="rater-spread", seq=2 * np.flatnonzero(wide) + 1)])
    records = pd.DataFrame({"record": emp.index, "employee_id": emp["employee_id"].astype(object),
                            "role": emp["role"].astype(object), "at": np.arange(len(emp))})
    out = both.dropna(subset=keys).merge(records.dropna(subset=keys), on=keys).sort_values(["at", "seq"], kind="stable")
    out["measure"] = out["measure"].astype(str)
    return out[_FLAG_COLUMNS].reset_index(drop=True)


def attach_ratings(result, ratings: pd.DataFrame | None) -> None:
    """Put the period's ratings on a ScoreResult: summary, flags and the period's rater problems."""
    if ratings is None or not len(ratings):
        return
    cat = result.catalogue
    policy = cat.raters
    types = RaterTypes(cat)
    ratings = in_period(ratings, result.period)
    rated = summarise(ratings)
    problems: list[Problem] = []
    emp = result.employees
    flags = _no_rating_flags()
    if len(rated):
        flat = rated.reset_index()
        # per (role, measure): is it rateable, a 1–5 rating, its minimum — looked up once each
        kinds = {}
        for role_code, mcode in flat[["role", "measure"]].drop_duplicates().itertuples(index=False):
            role = cat.get(role_code)
            m = role.measure(mcode) if role is not None else None
            kinds[(role_code, mcode)] = (m, m is not None and is_rateable(m), m is not None and m.rule == "rating", policy.minimum(mcode))
        info = [kinds[k] for k in zip(flat["role"], flat["measure"])]
        raters = flat["raters"].to_numpy()
        few = np.array([ok for _, ok, _, _ in info], bool) & (raters > 0) & (raters < np.array([n for *_, n in info]))
        spread = flat["spread"].to_numpy(dtype=float)
        wide = np.array([r for _, _, r, _ in info], bool) & ~np.isnan(spread) & (np.nan_to_num(spread) >= policy.spread - 1e-9)
        if few.any() or wide.any():
            keys = ["employee_id", "role", "measure"]
            first = ratings.drop_duplicates(keys)
            first = dict(zip(zip(first["employee_id"], first["role"], first["measure"]),
                             zip(first["file"], first["sheet"], first["row"], first["column"])))
            flagged = flat[few | wide]
            spread_keys = set(zip(flat["employee_id"][wide], flat["role"][wide], flat["measure"][wide]))
            listed: dict[tuple, list[str]] = {}
            scored = ratings[ratings["counted"]]
            for e, ro, me, r, c, v in zip(scored["employee_id"], scored["role"], scored["measure"], scored["rater"],
                                          scored["rater_type"], scored["value"]):
                if (e, ro, me) in spread_keys:  # the raters of a flagged spread, named in its message
                    listed.setdefault((e, ro, me), []).append(f"{types.label(c, 'en') if _blank(r) else r} {_n(v)}")
            for k, row in zip(np.flatnonzero(few | wide), flagged.itertuples(index=False)):  # one per flagged measure
                m, _, _, minimum = info[k]
                key = (row.employee_id, row.role, row.measure)
                file, sheet, excel_row, column = first[key]
                where = dict(file=file, sheet=sheet, row=int(excel_row), column=column,
                             employee_id=row.employee_id, role=row.role, measure=row.measure)
                names = {"name_zh": m.name_zh, "name_en": m.name_en}
                if few[k]:
                    problems.append(Problem("too-few-raters", WARNING, **where,
                                            params={**names, "raters": int(row.raters), "minimum": minimum}))
                if wide[k]:
                    problems.append(Problem("rater-spread", WARNING, **where, value=_n(row.spread),
                                            params={**names, "spread": _n(row.spread), "ratings": ", ".join(listed.get(key, []))[:200]}))
            flags = _rating_flags(flat, few, wide, emp)
    problems += missing_types(result, ratings, rated, types)
    result.rating_summary = RatingSummary(ratings, rated, flags, problems)
    result.problems = list(result.problems) + problems
    result._flags = None


def _n(x) -> str:
    from kpi_cli.scoring.explain import fmt_number

    return fmt_number(x)


def feedback_types(policy: RaterPolicy) -> list[str]:
    """The 360° types (self, peers, subordinates) the policy weights: they rate every rating of a role."""
    return [c for c, w in policy.weights if w > 0 and c in FEEDBACK_TYPES and not (c == SELF and policy.exclude_self)]


def expected_types(role_code: str, measure: Measure, types: RaterTypes, policy: RaterPolicy) -> list[str]:
    """The rater types a measure expects: its assessor's, and the 360° types the policy weights."""
    out = []
    own = types.of_measure.get((role_code, measure.code))
    if own:
        out.append(own)
    out += [c for c in feedback_types(policy) if c not in out]
    return out


def missing_types(result, ratings: pd.DataFrame, rated: pd.DataFrame, types: RaterTypes) -> list[Problem]:
    """Employees of a rated measure with no rating from a type it expects (a warning each)."""
    out: list[Problem] = []
    if not len(ratings):
        return out
    emp = result.employees
    policy = result.catalogue.raters
    for (role_code, mcode), _ in ratings.groupby(["role", "measure"], sort=False):
        role = result.catalogue.get(role_code)
        rs = result.roles.get(role_code)
        if role is None or rs is None:
            continue
        m = role.measure(mcode)
        if not is_rateable(m):
            continue
        expected = expected_types(role_code, m, types, policy)
        if not expected:
            continue
        people = emp[emp["role"] == role_code]
        if not len(people):
            continue
        mine = ratings[(ratings["role"] == role_code) & (ratings["measure"] == mcode) & ~ratings["bad"]]
        rated_ids = set(mine["employee_id"])
        value = rs.values[mcode].reindex(people.index)
        # A figure typed straight into the data (no raters) is not a missing rating.
        from_raters = people["employee_id"].isin(rated_ids) | value.isna().to_numpy()
        lacking: dict[int, list[str]] = {}
        for code in expected:
            have = set(mine.loc[mine["rater_type"] == code, "employee_id"])
            for rec in people.index[from_raters.to_numpy() & ~people["employee_id"].isin(have).to_numpy()]:
                lacking.setdefault(rec, []).append(code)
        for rec, codes in lacking.items():
            p = people.loc[rec]
            out.append(Problem("rater-missing", WARNING, file=p["file"], sheet=p["sheet"], row=int(p["row"]) if pd.notna(p["row"]) else None,
                               employee_id=p["employee_id"], role=role_code, measure=mcode,
                               value=", ".join(codes), params={
                                   "name_zh": m.name_zh, "name_en": m.name_en,
                                   "types_zh": "、".join(types.label(c, "zh") for c in codes),
                                   "types_en": ", ".join(types.label(c, "en") for c in codes)}))
    return out


def ratings_of(result, employee_id, role_code: str, measure_code: str) -> pd.DataFrame:
    """The ratings behind one employee's measure in the period scored (empty when none)."""
    summary = getattr(result, "rating_summary", None)
    if summary is None:
        return empty_ratings()
    r = summary.ratings
    return r[(r["employee_id"] == employee_id) & (r["role"] == role_code) & (r["measure"] == measure_code)]


def rater_count(result, employee_id, role_code: str, measure_code: str) -> int:
    summary = getattr(result, "rating_summary", None)
    if summary is None or not len(summary.rated):
        return 0
    try:
        return int(summary.rated.at[(employee_id, role_code, measure_code), "raters"])
    except KeyError:
        return 0


def rater_counts(result, role_code: str) -> pd.DataFrame:
    """employee_id × measure → raters, for one role (empty when the role has no ratings)."""
    summary = getattr(result, "rating_summary", None)
    if summary is None or not len(summary.rated):
        return pd.DataFrame()
    rated = summary.rated.reset_index()
    rated = rated[rated["role"] == role_code]
    if not len(rated):
        return pd.DataFrame()
    return rated.pivot_table(index="employee_id", columns="measure", values="raters", aggfunc="sum")


def explain_lines(result, employee_id, role_code: str, measure: Measure, lang: str) -> list[str]:
    """How the ratings of one measure became its figure: each rater, then the combination."""
    r = ratings_of(result, employee_id, role_code, measure.code)
    if not len(r):
        return []
    types = RaterTypes(result.catalogue)
    policy = result.catalogue.raters
    n = rater_count(result, employee_id, role_code, measure.code)
    lines = [t("raters.explain.heading", lang, measure=measure.name(lang), n=n)]
    several_periods = r["period"].nunique(dropna=True) > 1
    for x in r.itertuples():
        note = ""
        if x.bad:
            note = t("raters.explain.not_counted_invalid", lang)
        elif not x.counted and x.rater_type == SELF and policy.exclude_self:
            note = t("raters.explain.not_counted_self", lang)
        elif not x.counted:
            note = t("raters.explain.not_counted_unweighted", lang)
        if several_periods and isinstance(x.period, str):
            note = t("raters.explain.period", lang, period=x.period) + note
        lines.append(t("raters.explain.rating", lang, rater=t("raters.explain.anonymous", lang) if _blank(x.rater) else x.rater,
                       type=types.label(x.rater_type, lang), value=_n(x.value), note=note))
    counted = r[r["counted"]]
    if not len(counted):
        lines.append(t("raters.explain.none_counted", lang))
        return lines
    weights = policy.weight_table()
    parts = []
    for period, g in counted.groupby(counted["period"].fillna(""), sort=True):
        if weights:
            by_type = g.groupby("rater_type")["value"].mean()
            w = {c: weights[c] for c in by_type.index}
            total = sum(w.values())
            formula = "(" + " + ".join(f"{_n(w[c])}×{_n(v)} {types.label(c, lang)}" for c, v in by_type.items()) + f") / {_n(total)}"
            value = sum(w[c] * v for c, v in by_type.items()) / total
            parts.append((period, value, t("raters.explain.weighted", lang, formula=formula, value=_n(value))))
        elif len(g) == 1:
            value = float(g["value"].iloc[0])
            parts.append((period, value, t("raters.explain.single", lang, value=_n(value))))
        else:
            formula = "(" + " + ".join(_n(v) for v in g["value"]) + f") / {len(g)}"
            value = g["value"].mean()
            parts.append((period, value, t("raters.explain.mean", lang, n=len(g), formula=formula, value=_n(value))))
    for period, _, text in parts:
        lines.append(text if len(parts) == 1 else text + t("raters.explain.period", lang, period=period))
    if len(parts) > 1:
        formula = "(" + " + ".join(_n(v) for _, v, _ in parts) + f") / {len(parts)}"
        lines.append(t("raters.explain.months", lang, formula=formula, value=_n(np.mean([v for _, v, _ in parts]))))
    return lines


# --- settings -----------------------------------------------------------------------------------
_POLICY_KEYS = ("weights", "min_raters", "min_raters_by_measure", "exclude_self", "spread")


def with_rater_policy(catalogue: Catalogue, table: dict, where, lang: str) -> Catalogue:
    """The catalogue with kpi.toml's ``[raters]`` table as its rater policy (KpiError when wrong).

    ``weights`` name rater types by code or by name (上级, 同事, Self…); they need not add up to 1.
    """
    import hashlib
    import json
    from dataclasses import replace

    from kpi_cli.errors import KpiError

    def bad(reason_key: str, **params):
        raise KpiError(t("config.bad.raters", lang, file=where, reason=t(reason_key, lang, **params)))

    unknown = sorted(set(table) - set(_POLICY_KEYS))
    if unknown:
        bad("config.raters.unknown_key", keys=", ".join(unknown))
    types = RaterTypes(catalogue)
    weights: list[tuple[str, float]] = []
    raw = table.get("weights", {})
    if not isinstance(raw, dict):
        bad("config.raters.weights_table")
    for name, w in raw.items():
        code = types.code(name)
        if code is None:
            bad("config.raters.unknown_type", value=name, known=", ".join(types.known(lang)))
        if isinstance(w, bool) or not isinstance(w, (int, float)) or not (w >= 0) or w == float("inf"):
            bad("config.raters.bad_weight", value=name, weight=w)
        if any(c == code for c, _ in weights):
            bad("config.raters.twice", value=name)
        weights.append((code, float(w)))
    if weights and not any(w > 0 for _, w in weights):
        bad("config.raters.all_zero")

    def count(v, key):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            bad("config.raters.bad_count", key=key, value=v)
        return v

    minimum = count(table.get("min_raters", 1), "min_raters")
    by_measure = table.get("min_raters_by_measure", {})
    if not isinstance(by_measure, dict):
        bad("config.raters.bad_count", key="min_raters_by_measure", value=by_measure)
    codes = {m.code for r in catalogue.roles for m in r.all_measures}
    for mcode, v in by_measure.items():
        if mcode not in codes:
            bad("config.raters.unknown_measure", value=mcode)
        count(v, f"min_raters_by_measure.{mcode}")
    exclude = table.get("exclude_self", False)
    if not isinstance(exclude, bool):
        bad("config.raters.bad_bool", value=exclude)
    spread = table.get("spread", 2.0)
    if isinstance(spread, bool) or not isinstance(spread, (int, float)) or not (spread > 0):
        bad("config.raters.bad_spread", value=spread)
    policy = RaterPolicy(tuple(weights), minimum, tuple(sorted(by_measure.items())), exclude, float(spread))
    # The rules that scored a report include the rater policy: fold it into the hash.
    extra = json.dumps({"raters": table}, sort_keys=True, ensure_ascii=False, default=str)
    sha = hashlib.sha256((catalogue.sha256 + extra).encode("utf-8")).hexdigest()
    return replace(catalogue, raters=policy, sha256=sha, _by_code={}, _by_label={})


def raters_per_measure(result) -> list[dict]:
    """Per rated measure of the period: employees rated, raters per employee (min–max), the rater
    types seen, and the employees missing a rating from an expected type (`kpi validate`)."""
    summary = getattr(result, "rating_summary", None)
    if summary is None or not len(summary.ratings):
        return []
    types = RaterTypes(result.catalogue)
    rated = summary.rated.reset_index()
    missing: dict[tuple[str, str], list[dict]] = {}
    for p in summary.problems:
        if p.type == "rater-missing":
            missing.setdefault((p.role, p.measure), []).append({"employee_id": p.employee_id, "rater_types": p.value.split(", ")})
    out = []
    for (role_code, mcode), g in rated.groupby(["role", "measure"], sort=False):
        role = result.catalogue.get(role_code)
        m = role.measure(mcode) if role is not None else None
        seen = sorted({c for ts in g["types"] for c in ts})
        out.append({
            "role": role_code,
            "measure": mcode,
            "name_zh": m.name_zh if m else mcode,
            "name_en": m.name_en if m else mcode,
            "expected_types": expected_types(role_code, m, types, result.catalogue.raters) if m is not None and is_rateable(m) else [],
            "employees": int(len(g)),
            "raters_min": int(g["raters"].min()),
            "raters_max": int(g["raters"].max()),
            "rater_types": seen,
            "rater_type_names": {c: {"zh": types.label(c, "zh"), "en": types.label(c, "en")} for c in seen + [
                c for x in missing.get((role_code, mcode), []) for c in x["rater_types"]]},
            "missing": missing.get((role_code, mcode), []),
        })
    return out
