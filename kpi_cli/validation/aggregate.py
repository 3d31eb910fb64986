"""Choosing the period of a dataset, and building a longer period from monthly figures.

Monthly figures combine per measure by its ``aggregate`` rule (counts summed; rates, ratings and
durations averaged; a yes/no standard is met for the period only when it was met in every month
reported). A month that is missing is reported, never guessed: counts are scored against the
months actually reported.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.readers.dataset import Dataset
from kpi_cli.errors import UsageError
from kpi_cli.i18n import Msg
from kpi_cli.readers.people import unify_ids
from kpi_cli.periods import Period, parse_period, try_parse_period
from kpi_cli.problems import ERROR, WARNING, Problem


def record_periods(dataset: Dataset) -> pd.Series:
    """Each record's period code: its period column, else the period in its file's name."""
    by_file = {f.name: f.period for f in dataset.files}
    by_path = {f.path: f.period for f in dataset.files}
    recs = dataset.records
    from_file = _map_unique(recs["file"], lambda name: by_file.get(name) or by_path.get(name))
    return recs["period"].where(recs["period"].notna(), from_file)


def _map_unique(column: pd.Series, fn) -> pd.Series:
    """``column.map(fn)`` computed once per distinct value (a million records name a few files)."""
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    return _Lookup(codes, [fn(u) for u in uniques], column.index).map(lambda x: x, fn(None))


class _Lookup:
    """Per-record answers computed once per distinct value: ``codes`` index ``values`` (-1 = blank)."""

    def __init__(self, codes: np.ndarray, values: list, index: pd.Index) -> None:
        self.codes, self.values, self.index = codes, values, index

    def map(self, fn, blank=None) -> pd.Series:
        """``fn`` of each record's value (``blank`` where it has none or the value is None)."""
        table = np.full(len(self.values) + 1, blank, dtype=object)
        for k, v in enumerate(self.values):  # one entry per distinct value, not per record
            table[k] = blank if v is None else fn(v)
        return pd.Series(table[self.codes], index=self.index, dtype=object)

    def take(self, mask: pd.Series) -> "_Lookup":
        keep = np.asarray(mask, dtype=bool)
        return _Lookup(self.codes[keep], self.values, self.index[keep])

    def present(self) -> list:
        return [self.values[k] for k in np.unique(self.codes[self.codes >= 0])]


def infer_period(dataset: Dataset, explicit: str | None) -> Period:
    """The period to score: --period, else the one the data names, else the one its months fill.

    Several months of one quarter (or half, or year) give that quarter when they are exactly its
    months. Raises UsageError asking for --period when nothing names a period.
    """
    if explicit:
        return parse_period(explicit)
    codes = sorted({str(p) for p in pd.unique(record_periods(dataset).dropna())})
    if not len(dataset.records):  # nobody read (an empty or header-only file): the files' own periods
        codes = sorted({f.period for f in dataset.files if f.period})
    periods = [p for p in (try_parse_period(c) for c in codes) if p is not None]
    if len(periods) == 1:
        return periods[0]
    # A quarter's file with some of its months: the quarter (the overlap is then reported).
    enclosing = [p for p in periods if all(p.contains(q) for q in periods)]
    if len(enclosing) == 1:
        return enclosing[0]
    if periods and all(p.kind == "month" for p in periods):
        months = {(p.year, p.start_month) for p in periods}
        for kind, length in (("quarter", 3), ("half", 6), ("year", 12)):
            first = min(months)
            start = (first[1] - 1) // length * length + 1
            whole = {(first[0], m) for m in range(start, start + length)}
            if months == whole:
                return Period(first[0], start, length, kind)
    if periods:
        raise UsageError(Msg("period.several", periods=", ".join(codes), example=codes[-1]))
    raise UsageError(Msg("period.none_found"))


def fit_to_period(dataset: Dataset, period: Period, catalogue: Catalogue, strict: bool = False) -> Dataset:
    """The dataset reduced to ``period``: records of other periods dropped (with a warning),
    monthly records combined into one record per employee and role.
    """
    recs = dataset.records.copy()
    recs["period"] = record_periods(dataset)
    # Each distinct period code is parsed once (a million records name a few periods).
    codes, uniques = pd.factorize(recs["period"], use_na_sentinel=True)
    periods = _Lookup(codes, [try_parse_period(c) if isinstance(c, str) else None for c in uniques], recs.index)
    parsed = periods.map(lambda p: p)
    problems = list(dataset.problems)

    unknown_period = recs["period"].notna() & parsed.isna()
    recs.loc[unknown_period, "has_error"] = True
    for file, codes in recs.loc[unknown_period].groupby("file")["period"]:
        problems.append(
            Problem("bad-period", severity=ERROR, file=str(file), value=", ".join(sorted(set(map(str, codes)))))
        )
    outside = periods.map(lambda p: p is not None and not period.contains(p), False).astype(bool)
    for (file, code), _ in recs.loc[outside].groupby(["file", "period"]):
        problems.append(
            Problem("period-outside", severity=WARNING, file=str(file), value=str(code), params={"period": period.code})
        )
    # One person, one id: 000123 / 123 / e001 / E 001 of one person in this period become one spelling.
    problems += unify_ids(recs, ~outside.to_numpy(dtype=bool), recs["period"])
    sub = periods.map(lambda p: p is not None and period.contains(p) and p != period, False).astype(bool) & ~outside
    keep_whole = ~outside & ~sub & ~unknown_period
    if not sub.any():
        kept = recs.index[keep_whole | unknown_period]
        recs.loc[kept, "period"] = period.code
        return _subset(dataset, recs, kept, problems)
    return _combine_months(dataset, recs, periods.take(sub), sub, keep_whole, period, problems, strict, catalogue)


def _subset(dataset: Dataset, recs: pd.DataFrame, keep: pd.Index, problems: list) -> Dataset:
    out = recs.loc[keep].reset_index(drop=True)
    # new position of each record (-1 = dropped), looked up by position rather than by
    # intersecting every role's index with the kept one
    new_pos = np.full(len(recs) + 1, -1, dtype=np.int64)
    new_pos[recs.index.get_indexer(keep)] = np.arange(len(keep))
    values, invalid = {}, {}
    for code, frame in dataset.values.items():
        pos = new_pos[recs.index.get_indexer(frame.index)]  # a label not in recs gives -1 → the last, -1
        sel = pos >= 0
        if sel.any():
            values[code] = frame[sel].set_axis(pos[sel])
            inv = dataset.invalid.get(code)
            if inv is not None:
                invalid[code] = inv[sel].set_axis(pos[sel])
    return Dataset(out, values, invalid, problems, dataset.files, None)


def _combine_months(
    dataset: Dataset,
    recs: pd.DataFrame,
    parsed: "_Lookup",
    sub: pd.Series,
    keep_whole: pd.Series,
    period: Period,
    problems: list,
    strict: bool,
    catalogue: Catalogue,
) -> Dataset:
    month_recs = recs.loc[sub].copy()
    # Sub-periods other than months (a half made of quarters) combine the same way; their length
    # in months is what count standards are scaled to.
    month_recs["_months"] = parsed.map(lambda p: p.months_count).astype("int64")
    month_recs["_start"] = parsed.map(lambda p: (p.year, p.start_month))
    month_recs["_cover"] = parsed.map(lambda p: frozenset((m.year, m.start_month) for m in p.months))
    month_recs["_key"] = month_recs["employee_id"].fillna("").astype(str) + "\x1f" + month_recs["role"].fillna(
        month_recs["role_label"].fillna("")
    ).astype(str)
    # A row without an id is nobody's month: it stays a record of its own, never merged.
    no_id = month_recs["employee_id"].isna() | (month_recs["employee_id"].astype(str).str.strip() == "")
    month_recs.loc[no_id, "_key"] = "\x00" + month_recs.index[no_id].astype(str)
    # A person is an id; a role change makes one record per role (a "role part"), combined when scoring.
    month_recs["_person"] = month_recs["employee_id"].fillna("").astype(str)
    month_recs.loc[no_id, "_person"] = month_recs.loc[no_id, "_key"]
    month_recs = month_recs.sort_values(["_key", "_start"], kind="stable")

    # A month of the period with no file at all is one warning; a person missing from a month
    # that others have is a warning naming them.
    expected = {(m.year, m.start_month) for m in period.months}
    covered = set()
    for p in parsed.present():
        covered |= {(m.year, m.start_month) for m in p.months}
    severity = ERROR if strict else WARNING
    for y, m in sorted(expected - covered):
        problems.append(Problem("missing-month", severity=severity, value=f"{y}-{m:02d}", params={"period": period.code}))
    month_cover = month_recs.groupby("_person")["_months"].sum()
    short = month_cover[month_cover < len(covered)]
    if len(short):
        firsts = month_recs.sort_values("_start", kind="stable").drop_duplicates("_person", keep="last").set_index("_person")
        have = month_recs[month_recs["_person"].isin(short.index)].groupby("_person")["_cover"].agg(lambda s: frozenset().union(*s))
        for key in short.index:
            lacking = sorted(covered - have[key])
            if not lacking:
                continue
            r = firsts.loc[key]
            problems.append(
                Problem(
                    "employee-missing-month",
                    severity=severity,
                    file=r["file"],
                    employee_id=r["employee_id"],
                    value=", ".join(f"{y}-{m:02d}" for y, m in lacking),
                    params={"period": period.code},
                )
            )

    # Identity comes from the latest month; row-level errors carry over.
    g = month_recs.groupby("_key", sort=False)
    last = g.tail(1).set_index("_key")
    combined = last.drop(columns=["_months", "_start", "_cover"]).copy()
    problems += _changed_bases(month_recs, g, last)
    combined["has_error"] = g["has_error"].any().reindex(combined.index).to_numpy()
    combined["file"] = _files_of_keys(month_recs["_key"], month_recs["file"]).reindex(combined.index).to_numpy()
    combined["period"] = period.code
    key_of = month_recs["_key"]
    combined = combined.drop(columns=["_person"]).join(_role_parts(month_recs, period, problems, catalogue))

    whole = recs.loc[keep_whole].copy()
    whole["period"] = period.code
    # The same person both in a whole-period file and in monthly files would be counted twice.
    whole_keys = whole["employee_id"].fillna("").astype(str) + "\x1f" + whole["role"].fillna("").astype(str)
    clash = whole_keys.isin(combined.index)
    if clash.any():
        for i in whole.index[clash]:
            problems.append(
                Problem("period-overlap", file=whole.at[i, "file"], sheet=whole.at[i, "sheet"], row=whole.at[i, "row"],
                        employee_id=whole.at[i, "employee_id"], params={"period": period.code})
            )
        whole.loc[clash, "has_error"] = True
        combined.loc[combined.index.isin(set(whole_keys[clash])), "has_error"] = True

    out = pd.concat([whole, combined.reset_index(drop=True)], ignore_index=True)
    out = out[[c for c in recs.columns] + [c for c in PART_COLUMNS if c in combined.columns]]
    n_whole = len(whole)
    combined_pos = pd.Series(np.arange(len(combined)) + n_whole, index=combined.index)
    whole_pos = pd.Series(np.arange(n_whole), index=whole.index)

    values, invalid, months = {}, {}, {}
    for code, frame in dataset.values.items():
        inv = dataset.invalid.get(code)
        parts_v, parts_i, parts_m = [], [], []
        w_idx = frame.index.intersection(whole.index)
        if len(w_idx):
            parts_v.append(frame.loc[w_idx].set_axis(whole_pos.loc[w_idx].to_numpy()))
            parts_i.append((inv.loc[w_idx] if inv is not None else frame.loc[w_idx].notna() & False).set_axis(whole_pos.loc[w_idx].to_numpy()))
            parts_m.append(pd.DataFrame(float(period.months_count), index=whole_pos.loc[w_idx].to_numpy(), columns=frame.columns))
        m_idx = frame.index.intersection(month_recs.index)
        if len(m_idx):
            v, i, n, overflow = _aggregate_role(catalogue.role(code), frame.loc[m_idx], None if inv is None else inv.loc[m_idx], key_of.loc[m_idx], month_recs.loc[m_idx, "_months"])
            _overflow_problems(overflow, catalogue.role(code), out, combined_pos, problems)
            pos = combined_pos.loc[v.index].to_numpy()
            parts_v.append(v.set_axis(pos))
            parts_i.append(i.set_axis(pos))
            parts_m.append(n.set_axis(pos))
        if parts_v:
            values[code] = pd.concat(parts_v)
            invalid[code] = pd.concat(parts_i).astype(bool)
            months[code] = pd.concat(parts_m)
    return Dataset(out, values, invalid, problems, dataset.files, months)


def _files_of_keys(keys: pd.Series, files: pd.Series) -> pd.Series:
    """Per key, the distinct files of its rows in row order, joined by ", " — what
    ``files.groupby(keys).agg(lambda s: ", ".join(dict.fromkeys(map(str, s))))`` gives, without a
    Python call per key: each key's sequence of files is coded as one integer (file codes as
    digits), and only the few distinct sequences become text."""
    file_codes, names = pd.factorize(files)
    key_codes, key_names = pd.factorize(keys)
    base = len(names) + 1
    if files.isna().any() or (key_codes < 0).any():
        return files.groupby(keys.to_numpy(), sort=False).agg(lambda s: ", ".join(dict.fromkeys(map(str, s))))
    first = ~pd.Series(key_codes.astype(np.int64) * base + file_codes).duplicated().to_numpy()  # a key's first row per file
    k, f = key_codes[first], file_codes[first]
    order = np.argsort(k, kind="stable")
    k, f = k[order], f[order]
    starts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    digit = np.arange(len(k)) - np.repeat(starts, np.diff(np.r_[starts, len(k)]))  # position within the key
    if len(k) and (int(digit.max()) + 1) * np.log2(base) >= 62:  # too many files for one integer
        return files.groupby(keys.to_numpy(), sort=False).agg(lambda s: ", ".join(dict.fromkeys(map(str, s))))
    sig = np.zeros(len(key_names), dtype=np.int64)
    np.add.at(sig, k, (f.astype(np.int64) + 1) * base ** digit.astype(np.int64))
    sigs, which = np.unique(sig, return_inverse=True)
    texts = []
    for code in sigs.tolist():  # one per distinct sequence of files: few
        parts = []
        while code:
            code, d = divmod(code, base)
            parts.append(str(names[d - 1]))
        texts.append(", ".join(parts))
    return pd.Series(np.array(texts, dtype=object)[which.ravel()], index=key_names)


def _changed_bases(month_recs: pd.DataFrame, g, last: pd.DataFrame) -> list[Problem]:
    """A ``bonus-base-changed`` warning for each person whose 绩效工资基数 differs between months:
    the latest month's is used (as for the other identity cells), and the warning names every figure."""
    if "bonus_base" not in month_recs or not month_recs["bonus_base"].notna().any():
        return []
    changed = g["bonus_base"].nunique()
    changed = changed[changed > 1]
    out: list[Problem] = []
    for key in changed.index:  # one per person whose base changed: few
        rows = month_recs[(month_recs["_key"] == key) & month_recs["bonus_base"].notna()]
        runs: list[tuple[float, list[str]]] = []
        for base, start in zip(rows["bonus_base"], rows["_start"]):
            month = f"{start[0]}-{start[1]:02d}"
            if runs and runs[-1][0] == base:
                runs[-1][1].append(month)
            else:
                runs.append((base, [month]))
        r = last.loc[key]
        kept = r["bonus_base"]
        out.append(Problem("bonus-base-changed", WARNING, file=r["file"], sheet=r["sheet"], row=r["row"],
                           column=r.get("base_column"), employee_id=r["employee_id"],
                           value=" → ".join(f"{b:,.2f} ({', '.join(m)})" for b, m in runs),
                           params={"kept": "—" if pd.isna(kept) else f"{kept:,.2f}"}))
    return out


# Columns set on the records of a person whose role changed within the period (one record per role):
# ``person`` (the same text on each of the person's records), ``part_months`` (months of figures in
# that role), ``part_end`` (the last month in it, yyyymm: the latest part is the person's record),
# ``part_label`` (its months, e.g. "2026-07, 2026-08"). kpi_cli.scoring.engine combines them.
PART_COLUMNS = ("person", "part_months", "part_end", "part_label")


def _role_parts(month_recs: pd.DataFrame, period: Period, problems: list, catalogue: Catalogue) -> pd.DataFrame:
    """Per combined record (``_key``): its role-part columns, and the role- and department-change warnings."""
    keys = month_recs.drop_duplicates("_key")[["_key", "_person"]]
    parts_per_person = keys.groupby("_person")["_key"].transform("size")
    changed = set(keys.loc[parts_per_person.to_numpy() > 1, "_person"])
    out = pd.DataFrame(index=pd.Index(keys["_key"].to_numpy(), name="_key"))
    # Department changes (with or without a role change): one warning per person, in month order.
    by_month = month_recs.sort_values("_start", kind="stable")
    deps = by_month[by_month["department"].notna() & ~by_month["_person"].str.startswith("\x00")]
    moved = deps.groupby("_person")["department"].nunique()
    for person in moved.index[moved.to_numpy() > 1]:
        rows = deps[deps["_person"] == person]
        seq = [d for d, prev in zip(rows["department"], [None, *rows["department"][:-1]]) if d != prev]
        last = rows.iloc[-1]
        first_new = rows[rows["department"] != rows["department"].iloc[0]].iloc[0]
        problems.append(
            Problem("department-change", WARNING, file=first_new["file"], sheet=_str(first_new["sheet"]), row=int(first_new["row"]),
                    column=_str(first_new.get("id_column")),
                    employee_id=person, value=str(first_new["department"]),
                    params={**_named(last["name"]), "period": period.code, "departments": " → ".join(map(str, seq)),
                            "department": str(last["department"])})
        )
    if not changed:
        return out
    mine = month_recs[month_recs["_person"].isin(changed)]
    g = mine.groupby("_key", sort=False)
    months = g["_cover"].agg(lambda s: frozenset().union(*s))
    out["person"] = pd.Series(mine.drop_duplicates("_key").set_index("_key")["_person"])
    out["part_months"] = months.map(len).astype(float)
    out["part_end"] = months.map(lambda c: max(y * 100 + m for y, m in c)).astype(float)
    out["part_label"] = months.map(lambda c: ", ".join(f"{y}-{m:02d}" for y, m in sorted(c)))
    for person in sorted(changed):  # one warning per person whose role changed: few
        parts = out[out["person"] == person].sort_values("part_end")
        firsts = mine[mine["_person"] == person].sort_values("_start", kind="stable")
        role_key = firsts["role"].fillna(firsts["role_label"].fillna(""))
        new_role = firsts[role_key != role_key.iloc[0]].iloc[0]
        last = firsts.iloc[-1]
        zh, en = [], []
        for key, part in parts.iterrows():
            rec = mine[mine["_key"] == key].iloc[-1]
            role = catalogue.get(rec["role"]) if isinstance(rec["role"], str) else None
            label = rec["role_label"] if isinstance(rec["role_label"], str) and rec["role_label"] else "?"
            zh.append(f"{role.name_zh if role else label}（{part['part_label']}）")
            en.append(f"{role.name_en if role else label} ({part['part_label']})")
        problems.append(
            Problem("role-change", WARNING, file=new_role["file"], sheet=_str(new_role["sheet"]), row=int(new_role["row"]),
                    column=_str(new_role.get("id_column")), employee_id=person, role=_str(new_role["role"]),
                    value=_str(new_role["role_label"]),
                    params={**_named(last["name"]), "period": period.code, "parts_zh": " → ".join(zh),
                            "parts_en": " → ".join(en)})
        )
    return out


def _str(v) -> str | None:
    return v if isinstance(v, str) and v else None


def _named(name) -> dict[str, str]:
    """' (赵敏)' for a message, or nothing when the name is blank."""
    if not isinstance(name, str) or not name:
        return {"name_zh": "", "name_en": ""}
    return {"name_zh": f"（{name}）", "name_en": f" ({name})"}


def _overflow_problems(overflow: pd.DataFrame, role, out: pd.DataFrame, positions: pd.Series, problems: list) -> None:
    """One error per employee and measure whose monthly figures add up beyond what a number can
    hold, at the employee's record (its latest month). The measure itself is unusable (``invalid``),
    like a cell that cannot be read."""
    mask = overflow.to_numpy(dtype=bool)
    if not mask.any():
        return
    names = {m.code: m for m in role.all_measures}
    for i, j in zip(*np.nonzero(mask)):
        key, code = overflow.index[i], overflow.columns[j]
        pos = positions.loc[key]
        r = out.loc[pos]
        m = names.get(code)
        problems.append(
            Problem("sum-too-large", severity=ERROR, file=r["file"], sheet=r["sheet"], row=r["row"],
                    employee_id=r["employee_id"], role=role.code, measure=code,
                    params={"name_zh": m.name_zh if m else code, "name_en": m.name_en if m else code})
        )


def _aggregate_role(role, frame, inv, keys, months_of_row):
    """Combine one role's monthly rows per employee key: sum / mean / all-months for yes/no."""
    role_measures = {m.code: (m.aggregate, m.unit, m.rule) for m in role.all_measures if m.code in frame.columns}
    frame = frame.astype(float)
    grouped = frame.groupby(keys.to_numpy(), sort=False)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflowing sum is reported below, not warned about
        means = grouped.mean()
        sums = grouped.sum(min_count=1)
    mins = grouped.min()
    out = means.copy()
    for col, (aggregate, unit, rule) in role_measures.items():
        if aggregate == "all" or rule == "yes_no" or unit == "yes_no":
            out[col] = mins[col]
        elif aggregate == "sum":
            out[col] = sums[col]
    # Months of figures behind each cell: the months of the rows where the cell was filled.
    filled = frame.notna().mul(months_of_row.to_numpy(), axis=0)
    n = filled.groupby(keys.to_numpy(), sort=False).sum().reindex(out.index).astype(float)
    if inv is None:
        bad = pd.DataFrame(False, index=out.index, columns=out.columns)
    else:
        bad = inv.astype(bool).groupby(keys.to_numpy(), sort=False).any().reindex(out.index).fillna(False)
    # Figures too large to add up (three months of 1e308 make inf): unusable, like a bad cell.
    # (Some pandas versions add with compensation and give NaN instead of inf: a non-finite result
    # of figures that were there is an overflow either way.)
    given = grouped.count().reindex(index=out.index, columns=out.columns).to_numpy() > 0
    overflow = pd.DataFrame(~np.isfinite(out.to_numpy(dtype=float)) & given, index=out.index, columns=out.columns) & ~bad
    bad = bad | overflow
    out = out.where(~bad)
    return out, bad, n, overflow
