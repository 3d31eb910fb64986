"""JSON and CSV of a scored period: the stable schema of `kpi score --format json|csv`."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.scoring.flags import flag_codes
from kpi_cli.scoring.pay import payout_totals
from kpi_cli.scoring.engine import MEASURE_INVALID, MEASURE_STATUSES, ScoreResult

JSON_SCHEMA_VERSION = 1
CSV_COLUMNS = (
    "employee_id",
    "name",
    "department",
    "role",
    "role_name",
    "period",
    "status",
    "total",
    "total_rounded",
    "weighted_total",
    "bonus",
    "grade",
    "grade_original",
    "calibration",
    "coefficient",
    "bonus_base",
    "payout",
    "coverage",
    "rank_in_role",
    "rank_in_department",
    "flags",
    "not_due",
)


def _f(x: Any) -> float | None:
    """A float for JSON, None for NaN/NA."""
    if x is None or x is pd.NA:
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def _i(x: Any) -> int | None:
    v = _f(x)
    return None if v is None else int(v)


def _s(x: Any) -> str | None:
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return None
    return str(x)


def employee_dicts(result: ScoreResult, lang: str = "zh") -> list[dict[str, Any]]:
    """One dict per record, in the order of result.employees (the JSON schema's `employees`).

    The straightforward form of the schema: ``result_json`` writes the same bytes from templates
    (see _EmployeesJson), and the tests compare the two."""
    emp = result.employees
    parts = _parts(result)
    wanted = emp.index.append(pd.Index(parts["part"].to_numpy())).unique() if len(parts) else emp.index
    per_role = _role_tables(result, wanted)
    names = _role_names(result, lang)
    out = []
    flags = flag_lists(result)
    cols = {c: emp[c].to_numpy() for c in emp.columns}
    parts_of = {rec: group for rec, group in parts.groupby("record", sort=False)} if len(parts) else {}
    n = len(emp)
    for c in ("coefficient", "bonus_base", "payout"):
        cols.setdefault(c, [None] * n)
    for c in ("grade_original", "calibration"):
        cols.setdefault(c, [None] * n)
    labels = calibration_labels(result)
    for i, rec in enumerate(emp.index):
        code = cols["role"][i]
        dims, measures = per_role.get(code, {}).get(rec, ([], []))
        extra = {}
        if rec in parts_of:
            extra["role_parts"] = _role_parts(parts_of[rec], per_role, names)
        out.append(
            {
                "employee_id": _s(cols["employee_id"][i]),
                "name": _s(cols["name"][i]),
                "department": _s(cols["department"][i]),
                "role": _s(code),
                "role_name": names.get(code) if isinstance(code, str) else _s(cols["role_label"][i]),
                "status": cols["status"][i],
                "total": _f(cols["total"][i]),
                "total_rounded": _f(cols["total_rounded"][i]),
                "weighted_total": _f(cols["weighted_total"][i]),
                "bonus": _f(cols["bonus"][i]),
                "grade": _s(cols["grade"][i]),
                "grade_original": _s(cols["grade_original"][i]),
                "calibration": [labels[k] for k in cols["calibration"][i]] if cols["calibration"][i] else None,
                "coefficient": _f(cols["coefficient"][i]),
                "bonus_base": _f(cols["bonus_base"][i]),
                "payout": _f(cols["payout"][i]),
                "coverage": _f(cols["coverage"][i]),
                "rank_in_role": _i(cols["rank_in_role"][i]),
                "rank_in_department": _i(cols["rank_in_department"][i]),
                "dimensions": dims,
                "measures": measures,
                "flags": flags.get(i) or [],
                "source": {"file": _s(cols["file"][i]), "sheet": _s(cols["sheet"][i]), "row": _i(cols["row"][i])},
                **extra,
            }
        )
    return out


def _flag_lists(result: ScoreResult) -> tuple[np.ndarray, list[list[str]]]:
    """Each employee's flags as an index into the distinct lists of flag codes ('missing:x',
    'record-error', …): how the templates read the flags (the dicts take ``flag_lists``)."""
    codes, texts = pd.factorize(flags_joined(result), sort=False, use_na_sentinel=False)
    return codes, [text.split(";") if text else [] for text in texts]  # a code never holds ';'


def _parts(result: ScoreResult) -> pd.DataFrame:
    """The role parts of the people whose role changed in the period (ScoreResult.role_parts)."""
    parts = result.role_parts
    return parts if parts is not None else pd.DataFrame(columns=["record", "part"])


def _role_names(result: ScoreResult, lang: str) -> dict[str, str]:
    return {r.code: r.name(lang) for r in result.catalogue.roles}


def _role_tables(result: ScoreResult, wanted: pd.Index) -> dict[str, dict[Any, tuple[list, list]]]:
    """role → record → (dimensions, measures) as the schema's dicts, for the records in ``wanted``."""
    emp = result.employees
    parts = _parts(result)
    per_role: dict[str, dict[Any, tuple[list, list]]] = {}
    rated = _ratings_by_employee(result)
    no_ratings: dict[str, tuple[int, list]] = {}
    id_of = emp["employee_id"]  # whose ratings: a role change's part is its person's
    if rated and len(parts):
        id_of = pd.concat([id_of, pd.Series(emp["employee_id"].reindex(parts["record"]).to_numpy(), index=parts["part"].to_numpy())])
        id_of = id_of[~id_of.index.duplicated()]
    for code, rs in result.roles.items():
        idx = wanted.intersection(rs.points.index)
        if not len(idx):
            continue
        role = rs.role
        dims = rs.dimensions.loc[idx].to_numpy()
        vals = rs.values.loc[idx].to_numpy()
        pts = rs.points.loc[idx].to_numpy()
        bad = rs.invalid.loc[idx].to_numpy()
        status = rs.measure_status().loc[idx].to_numpy()
        dim_w = [d.weight for d in role.dimensions]
        dim_codes = [d.code for d in role.dimensions]
        kinds = [m.kind for m in role.all_measures]
        mcodes = [m.code for m in role.all_measures]
        table = {}
        ids = id_of.reindex(idx).to_numpy(dtype=object) if rated else None
        for r, rec in enumerate(idx):
            theirs = rated.get((ids[r], code), no_ratings) if rated else no_ratings
            table[rec] = (
                [{"code": c, "weight": w, "score": _f(s)} for c, w, s in zip(dim_codes, dim_w, dims[r])],
                [
                    {
                        "code": c,
                        "value": _f(v),
                        "points": _f(p),
                        "assessed": bool(not math.isnan(p)),
                        "status": st,
                        **({"invalid": True} if b else {}),
                        **({"kind": k} if k != "weighted" else {}),
                        "raters": theirs.get(c, (0, []))[0],
                        "ratings": theirs.get(c, (0, []))[1],
                    }
                    for c, v, p, b, k, st in zip(mcodes, vals[r], pts[r], bad[r], kinds, status[r])
                ],
            )
        per_role[code] = table
    return per_role


def _role_parts(parts: pd.DataFrame, per_role: dict, names: dict) -> list[dict[str, Any]]:
    """A person whose role changed: each role's part, in month order, as scored on its own months."""
    out = []
    for p in parts.itertuples(index=False):
        dims, measures = per_role.get(p.role, {}).get(p.part, ([], []))
        out.append(
            {
                "role": _s(p.role),
                "role_name": names.get(p.role) if isinstance(p.role, str) else _s(p.role_label),
                "department": _s(p.department),
                "months": str(p.months_label).split(", "),
                "share": _f(p.share),
                "status": p.status,
                "total": _f(p.total),
                "weighted_total": _f(p.weighted_total),
                "bonus": _f(p.bonus),
                "coverage": _f(p.coverage),
                "dimensions": dims,
                "measures": measures,
                "source": {"file": _s(p.file), "sheet": _s(p.sheet), "row": _i(p.row)},
            }
        )
    return out


def calibration_labels(result: ScoreResult) -> list[str]:
    """The catalogue's quotas in words ('S+A ≤ 20%'), by index (what moved a calibrated grade)."""
    from kpi_cli.scoring.pay import quota_label

    return [quota_label(q) for q in result.catalogue.quotas]


def _ratings_by_employee(result: ScoreResult) -> dict[tuple, dict[str, tuple[int, list]]]:
    """(employee_id, role) → measure → (raters scored, [{rater, rater_type, value, counted, …}])."""
    summary = result.rating_summary
    if summary is None or not len(summary.ratings):
        return {}
    out: dict[tuple, dict[str, tuple[int, list]]] = {}
    counts = summary.rated["raters"].to_dict()
    r = summary.ratings
    cols = {c: r[c].to_numpy(dtype=object) for c in ("employee_id", "role", "measure", "rater", "rater_type", "period", "file", "sheet", "cell")}
    values, counted, bad = r["value"].to_numpy(dtype=float), r["counted"].to_numpy(dtype=bool), r["bad"].to_numpy(dtype=bool)
    for i in range(len(r)):  # one entry per rating, as the JSON lists them
        key = (cols["employee_id"][i], cols["role"][i])
        m = cols["measure"][i]
        per = out.setdefault(key, {})
        if m not in per:
            per[m] = (int(counts.get((key[0], key[1], m), 0)), [])
        per[m][1].append({
            "rater": _s(cols["rater"][i]),
            "rater_type": _s(cols["rater_type"][i]),
            "value": _f(values[i]),
            "counted": bool(counted[i]),
            **({"invalid": True} if bad[i] else {}),
            "period": _s(cols["period"][i]),
            "file": _s(cols["file"][i]),
            "sheet": _s(cols["sheet"][i]),
            "cell": _s(cols["cell"][i]),
        })
    return out


_HEAD = ("employee_id", "name", "department", "role", "role_name", "status", "total", "total_rounded",
         "weighted_total", "bonus", "grade", "grade_original", "calibration", "coefficient", "bonus_base", "payout",
         "coverage", "rank_in_role", "rank_in_department")


class _EmployeesJson:
    """The JSON of `kpi score --format json` with its `employees` written from templates: the bytes
    orjson writes for ``result_dict`` (the tests compare them on the samples and on drawn
    results), without building the ~15 dicts of each employee.

    Each column of values is written by one orjson call and split into the JSON text of each value;
    each kind of employee (their role's dimensions and measures, with or without role parts and
    ratings) has a template of one employee's JSON with a ``%b`` slot per value, made by orjson
    from a skeleton; the document (its text before and after the array, and the employees' templates
    in their order) is then filled by one ``%``. Indented, each piece is written at its depth."""

    SLOT = "\x00"  # a string that stands for a slot in a skeleton (in JSON: "\u0000")
    DEPTH = 2  # an employee's object, as an item of the document's "employees"

    def __init__(self, indent: bool):
        import orjson

        self.orjson = orjson
        self.indent = indent
        self.slot = orjson.dumps(self.SLOT)

    def dump(self, value: Any, depth: int) -> bytes:
        """JSON of a value whose first line sits ``depth`` levels down in the document."""
        if not self.indent:
            return self.orjson.dumps(value, option=self.orjson.OPT_SERIALIZE_NUMPY)
        text = self.orjson.dumps(value, option=self.orjson.OPT_INDENT_2 | self.orjson.OPT_SERIALIZE_NUMPY)
        return text.replace(b"\n", b"\n" + b"  " * depth)

    def template(self, skeleton: dict, slots: int) -> bytes:
        """An employee's JSON with every SLOT a %b, in document order."""
        text = self.dump(skeleton, self.DEPTH).replace(b"%", b"%%")
        if text.count(self.slot) != slots:  # a catalogue text that looks like a slot: never filled wrong
            raise _NotTemplated
        return text.replace(self.slot, b"%b")

    def member(self, key: str, depth: int) -> bytes:
        """What goes before an extra member of an object at ``depth``: ',\n<indent>"key": '."""
        if not self.indent:
            return b"," + self.orjson.dumps(key) + b":"
        return b",\n" + b"  " * depth + self.orjson.dumps(key) + b": "

    def texts(self, values: list) -> np.ndarray:
        """The JSON text of each str, number, bool or None (written as orjson writes them in a
        document: indented, each item sits on a line of its own and JSON text holds no newline)."""
        out = np.empty(len(values), dtype=object)
        if values:
            text = self.orjson.dumps(values, option=self.orjson.OPT_INDENT_2 | self.orjson.OPT_SERIALIZE_NUMPY)
            out[:] = text[4:-2].split(b",\n  ")
        return out

    def numbers(self, values: list) -> np.ndarray:
        """``texts`` of numbers and None (JSON numbers and null hold no comma: one line, split)."""
        out = np.empty(len(values), dtype=object)
        if values:
            out[:] = self.orjson.dumps(values)[1:-1].split(b",")
        return out

    def coded(self, values: np.ndarray) -> np.ndarray:
        """``texts`` of a column with few distinct values (each written once). Coded with a dict,
        not pd.factorize: pandas before 3 hashes an all-text column as C strings, so "\x00" and ""
        were one value there (a sheet named NUL written as "")."""
        first: dict = {}
        codes = np.fromiter((first.setdefault(v, len(first)) for v in values.tolist()), dtype=np.intp,
                            count=len(values))
        return self.texts(list(first))[codes] if len(values) else self.texts([])

    def floats(self, values: Any) -> np.ndarray:
        """``_f`` of each value, as JSON text (null for NaN and infinity, as orjson writes floats)."""
        if isinstance(values, np.ndarray) and values.dtype.kind in "fiub":
            return self.numbers(values.astype(float, copy=False).ravel().tolist()).reshape(values.shape)
        col = values if isinstance(values, pd.Series) else pd.Series(values, dtype=object)
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            return self.numbers(col.to_numpy(dtype=float, na_value=np.nan).tolist())
        return self.numbers([_f(x) for x in col.tolist()])  # an object column: as the dicts do

    def ints(self, col: pd.Series) -> np.ndarray:
        """``_i`` of each value, as JSON text."""
        if pd.api.types.is_numeric_dtype(col.dtype) or pd.api.types.is_bool_dtype(col.dtype):
            a = col.to_numpy(dtype=float, na_value=np.nan)
            known = ~np.isnan(a)
            if np.all(np.abs(a[known]) < 2.0**53):
                out = np.full(len(a), b"null", dtype=object)
                out[known] = self.numbers(a[known].astype(np.int64).tolist())
                return out
        return self.numbers([_i(x) for x in col.tolist()])  # an object column or huge numbers: as the dicts do

    def strings(self, col: pd.Series, few: bool = False) -> np.ndarray:
        """``_s`` of each value (text as it is, blank null, anything else str()), as JSON text."""
        values = col.to_numpy(dtype=object)
        if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
            return self.texts([_s(x) for x in values.tolist()])
        blank = np.flatnonzero(pd.isna(values))
        if len(blank):  # None, NaN or NA as _s says (an odd one, e.g. a float32 NaN, becomes its str())
            values = values.copy()
            values[blank] = [_s(x) for x in values[blank].tolist()]
        return self.coded(values) if few else self.texts(values.tolist())

    def columns(self, result: ScoreResult, lang: str) -> dict[str, np.ndarray]:
        """The JSON text of every per-employee value of the schema, column by column."""
        emp = result.employees
        n = len(emp)
        nulls = np.full(n, b"null", dtype=object)
        cols = {c: self.strings(emp[c]) for c in ("employee_id", "name")}
        for c in ("department", "role", "grade", "file", "sheet"):
            cols[c] = self.strings(emp[c], few=True)
        cols["grade_original"] = self.strings(emp["grade_original"], few=True) if "grade_original" in emp else nulls
        codes = emp["role"].to_numpy(dtype=object)
        names = _role_names(result, lang)
        known = np.fromiter((isinstance(c, str) for c in codes), dtype=bool, count=n)
        role_name = np.array([*names.values(), None], dtype=object)[pd.Index(list(names)).get_indexer(codes)]
        role_name[~known] = [_s(x) for x in emp["role_label"].to_numpy(dtype=object)[~known]] if (~known).any() else []
        cols["role_name"] = self.coded(role_name)  # a code outside the catalogue: null, as names.get() gives
        cols["status"] = self.coded(emp["status"].to_numpy(dtype=object))
        for c in ("total", "total_rounded", "weighted_total", "bonus", "coverage"):
            cols[c] = self.floats(emp[c])
        for c in ("coefficient", "bonus_base", "payout"):
            cols[c] = self.floats(emp[c]) if c in emp else nulls
        for c in ("rank_in_role", "rank_in_department", "row"):
            cols[c] = self.ints(emp[c])
        cols["calibration"] = nulls.copy()
        if "calibration" in emp:
            labels = calibration_labels(result)
            moved = emp["calibration"].to_numpy(dtype=object)
            for i in np.flatnonzero(~pd.isna(moved)):  # only the calibrated few
                if moved[i]:
                    cols["calibration"][i] = self.dump([labels[k] for k in moved[i]], self.DEPTH + 1)
        codes_of, lists = _flag_lists(result)
        cols["flags"] = np.array([self.dump(f, self.DEPTH + 1) for f in lists] or [b"[]"], dtype=object)[codes_of]
        return cols

    def assessed_status(self) -> np.ndarray:
        """The text of a measure's "assessed" slot, indexed by status code × 2 + (points are NaN):
        ``true`` or ``false``, then its "status" member (and ``"invalid": true`` for an invalid one)."""
        out = np.empty(2 * len(MEASURE_STATUSES), dtype=object)
        for k, status in enumerate(MEASURE_STATUSES):
            tail = self.member("status", self.DEPTH + 3) + self.orjson.dumps(status)
            if status == MEASURE_INVALID:
                tail += self.member("invalid", self.DEPTH + 3) + b"true"
            out[2 * k], out[2 * k + 1] = b"true" + tail, b"false" + tail
        return out

    def measure_cells(self, rs, rows: np.ndarray, ids: np.ndarray, rated: dict | None) -> np.ndarray:
        """The slots of each measure of a role's employees (``rows`` of its frames), as an (n,
        measures × slots) array; ``rated``: their ratings (None: they have none)."""
        vals = rs.values.to_numpy(dtype=float)[rows]
        pts = rs.points.to_numpy(dtype=float)[rows]
        n, m = vals.shape
        cells = np.empty((n, m, 5 if rated else 3), dtype=object)
        cells[:, :, 0] = self.floats(vals)
        cells[:, :, 1] = self.floats(pts)
        # "assessed", "status" and, for an unusable figure, "invalid": true, in one slot
        key = rs.measure_status_codes()[rows].astype(np.intp) * 2 + np.isnan(pts)
        cells[:, :, 2] = self.assessed_status()[key]
        if rated:
            code = rs.role.code
            for j, c in enumerate(x.code for x in rs.role.all_measures):
                for r in range(n):
                    count, listed = rated.get((ids[r], code), {}).get(c, (0, []))
                    cells[r, j, 3] = self.dump(count, 0)
                    cells[r, j, 4] = self.dump(listed, self.DEPTH + 3)
        return cells.reshape(n, -1)

    def skeleton(self, role, with_parts: bool, with_ratings: bool) -> tuple[dict, int]:
        """An employee of ``role`` (None: without figures) with a SLOT per value, and their count;
        without ratings, every measure has 0 raters and no ratings."""
        slot = self.SLOT
        rated = dict.fromkeys(("raters", "ratings"), slot) if with_ratings else {"raters": 0, "ratings": []}
        out: dict[str, Any] = dict.fromkeys(_HEAD, slot)
        out["dimensions"] = [{"code": d.code, "weight": d.weight, "score": slot} for d in role.dimensions] if role else []
        out["measures"] = [
            # "assessed": up to "kind", its slot holds "status" (and "invalid") as well
            {"code": m.code, **dict.fromkeys(("value", "points", "assessed"), slot),
             **({"kind": m.kind} if m.kind != "weighted" else {}), **rated}
            for m in role.all_measures
        ] if role else []
        out["flags"] = slot
        out["source"] = {"file": slot, "sheet": slot, "row": slot}
        if with_parts:
            out["role_parts"] = slot
        dims, measures = (len(role.dimensions), len(role.all_measures)) if role else (0, 0)
        return out, len(_HEAD) + dims + measures * (5 if with_ratings else 3) + 4 + with_parts

    def write(self, result: ScoreResult, lang: str, before: bytes, after: bytes) -> bytes:
        """The document: ``before``, the `employees` array, ``after``."""
        emp = result.employees
        n = len(emp)
        if not n:
            return before + b"[]" + after
        cols = self.columns(result, lang)
        parts = _parts(result)
        changed = emp.index.isin(parts["record"]) if len(parts) else np.zeros(n, dtype=bool)
        role_parts = np.full(n, b"", dtype=object)
        if changed.any():  # the few people whose role changed: their parts from the dicts
            names = _role_names(result, lang)
            per_role = _role_tables(result, pd.Index(parts["part"].to_numpy()).unique())
            for rec, group in parts.groupby("record", sort=False):
                role_parts[emp.index.get_loc(rec)] = self.dump(_role_parts(group, per_role, names), self.DEPTH + 1)
        # Each employee takes their role's template where that role scored their record, else the
        # template without figures; with or without role parts, with or without ratings.
        roles = list(result.roles.values())
        role_of = pd.Index(list(result.roles)).get_indexer(emp["role"].to_numpy(dtype=object))
        rows_of = np.full(n, -1)
        for k, rs in enumerate(roles):
            mine = np.flatnonzero(role_of == k)
            rows_of[mine] = rs.points.index.get_indexer(emp.index[mine])
        role_of[rows_of < 0] = -1
        rated = _ratings_by_employee(result)
        ids = emp["employee_id"].to_numpy(dtype=object)
        with_ratings = np.zeros(n, dtype=bool)
        for k, code in enumerate(result.roles) if rated else ():
            theirs = [key[0] for key in rated if key[1] == code]
            mine = np.flatnonzero(role_of == k)
            # isin finds at least those the dicts' lookup finds (NaN ids alike): their slots say the rest
            with_ratings[mine[pd.Index(ids[mine]).isin(theirs)]] = True
        kind = ((role_of + 1) * 2 + changed) * 2 + with_ratings
        templates = np.empty(n, dtype=object)
        groups = []
        for key in np.unique(kind):
            rs = roles[key // 4 - 1] if key >= 4 else None
            pos = np.flatnonzero(kind == key)
            templates[pos] = self.template(*self.skeleton(rs.role if rs else None, bool(key // 2 % 2), bool(key % 2)))
            blocks = [np.stack([cols[c][pos] for c in _HEAD], axis=1)]
            if rs is not None:
                rows = rows_of[pos]
                blocks.append(self.floats(rs.dimensions.to_numpy(dtype=float)[rows]))
                blocks.append(self.measure_cells(rs, rows, ids[pos], rated if key % 2 else None))
            blocks.append(np.stack([cols[c][pos] for c in ("flags", "file", "sheet", "row")], axis=1))
            if key // 2 % 2:
                blocks.append(role_parts[pos].reshape(-1, 1))
            groups.append((pos, np.concatenate(blocks, axis=1)))
        # The values of all employees in their order: each group's rows at their employees' offsets.
        width = np.zeros(n, dtype=np.int64)
        for pos, values in groups:
            width[pos] = values.shape[1]
        start = np.cumsum(width) - width
        values = np.empty(int(width.sum()), dtype=object)
        for pos, group in groups:
            values[start[pos][:, None] + np.arange(group.shape[1])] = group
        # One template for the whole document: the text before, the employees between separators, the text after.
        text = np.full(2 * n + 1, b",\n    " if self.indent else b",", dtype=object)
        text[1::2] = templates
        text[0] = before.replace(b"%", b"%%") + (b"[\n    " if self.indent else b"[")
        text[-1] = (b"\n  ]" if self.indent else b"]") + after.replace(b"%", b"%%")
        return b"".join(text.tolist()) % tuple(values.tolist())


class _NotTemplated(Exception):
    """The employees cannot be written from templates (see _EmployeesJson.template)."""


def summary_dict(result: ScoreResult) -> dict[str, Any]:
    emp = result.employees
    status = emp["status"].value_counts()
    grades = emp["grade"].dropna().value_counts()
    dist = result.distribution if result.distribution is not None else pd.DataFrame()
    before = result.distribution_before
    before_rows = {} if before is None else {
        (None if r["is_total"] else r["department"]): r for _, r in before.iterrows()
    }
    totals = payout_totals(result)
    labels = calibration_labels(result)
    notes: dict[str, list] = {}
    for note in result.calibration_notes:
        notes.setdefault(note.department, []).append({"quota": labels[note.quota], "kind": note.kind})
    return {
        "employees": int(len(emp)),
        "by_status": {s: int(status.get(s, 0)) for s in ("ok", "incomplete", "invalid")},
        "by_grade": {g.grade: int(grades.get(g.grade, 0)) for g in result.catalogue.grades},
        "errors": sum(1 for p in result.problems if p.is_error),
        "warnings": sum(1 for p in result.problems if not p.is_error),
        "average_total": _f(emp.loc[emp["status"] == "ok", "total"].mean()) if len(emp) else None,
        "calibrated": bool(result.calibrated),
        "payout_total": totals.get("\uffff"),
        "departments": [
            {
                "department": (row["department"] or None) if not row["is_total"] else None,
                "graded": int(row["graded"]),
                "grades": {g.grade: int(row[g.grade]) for g in result.catalogue.grades},
                **({"grades_before": {g.grade: int(before_rows[key][g.grade]) for g in result.catalogue.grades}}
                   if (key := None if row["is_total"] else row["department"]) in before_rows else {}),
                "quota_ok": bool(row["quota_ok"]),
                "quota_breaches": [
                    {"grades": g, "share": _f(s), "limit": _f(lim), "kind": k} for g, s, lim, k in row["quota_breaches"]
                ],
                **({"calibration_notes": notes.get(row["department"], [])} if result.calibrated and not row["is_total"]
                   else {}),
                "payout_total": totals.get("\uffff" if row["is_total"] else (row["department"] or "")),
            }
            for _, row in dist.iterrows()
        ],
    }


def result_dict(result: ScoreResult, lang: str = "zh") -> dict[str, Any]:
    """The documented JSON of `kpi score --format json` (README: "JSON output")."""
    cat = result.catalogue
    return {
        "schema": JSON_SCHEMA_VERSION,
        "period": result.period.code,
        "catalogue": {"name": cat.name(lang), "version": cat.version, "sha256": cat.sha256},
        "inputs": [{"file": f.name, "sha256": f.sha256} for f in result.inputs],
        "employees": employee_dicts(result, lang),
        "problems": [p.to_dict() for p in result.problems],
        "summary": summary_dict(result),
    }


def json_bytes(data: Any, indent: bool = False) -> bytes:
    """A JSON document as UTF-8 bytes ending in a newline: keys in the order built, each float in its
    shortest round-trip form, two-space indents when ``indent`` (the same bytes as
    ``json.dumps(data, ensure_ascii=False, indent=2)``), otherwise one line. The same data gives
    the same bytes.

    orjson writes it: the standard library's encoder is pure Python as soon as it indents (2 s
    against 0.1 s for 20,000 employees). Text that is not valid Unicode — a file name with bytes
    undecodable in the locale, which Python keeps as lone surrogates — cannot be written as UTF-8:
    such a document is written by the standard library with every non-ASCII character escaped.
    """
    import orjson

    option = orjson.OPT_APPEND_NEWLINE | orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_INDENT_2 if indent else 0)
    try:
        return orjson.dumps(data, option=option)
    except orjson.JSONEncodeError as exc:
        if "surrogates" not in str(exc):
            raise
        import json

        text = json.dumps(data, ensure_ascii=True, allow_nan=False, indent=2 if indent else None,
                          separators=(",", ": ") if indent else (",", ":"), default=_plain)
        return (text + "\n").encode("ascii")


def _plain(x: Any) -> Any:
    """numpy scalars for the standard library's encoder (orjson takes them as they are)."""
    if hasattr(x, "item"):
        return x.item()
    raise TypeError(f"not JSON serializable: {type(x).__name__}")


def result_json(result: ScoreResult, lang: str = "zh", indent: bool = False) -> bytes:
    """The JSON of `kpi score --format json`: ``json_bytes(result_dict(result, lang), indent)``,
    byte for byte, written several times faster: the employees are filled into templates of
    finished JSON (see _EmployeesJson) instead of being built as dicts."""
    import orjson

    cat = result.catalogue
    writer = _EmployeesJson(indent)
    doc = {
        "schema": JSON_SCHEMA_VERSION,
        "period": result.period.code,
        "catalogue": {"name": cat.name(lang), "version": cat.version, "sha256": cat.sha256},
        "inputs": [{"file": f.name, "sha256": f.sha256} for f in result.inputs],
        "employees": writer.SLOT,
        "problems": [p.to_dict() for p in result.problems],
        "summary": summary_dict(result),
    }
    try:
        text = writer.dump(doc, 0) + b"\n"
        # The first '"employees": <slot>' is the member (a quote inside a JSON string is escaped).
        member = writer.member("employees", 1)[1:] + writer.slot
        at = text.index(member) + len(member) - len(writer.slot)
        return writer.write(result, lang, text[:at], text[at + len(writer.slot):])
    except orjson.JSONEncodeError as exc:
        if "surrogates" not in str(exc):
            raise
        return json_bytes(result_dict(result, lang), indent)  # text that is not Unicode: escaped
    except _NotTemplated:
        return json_bytes(result_dict(result, lang), indent)


def csv_rows(result: ScoreResult, lang: str = "zh") -> pd.DataFrame:
    """One flat row per employee, for payroll/HRIS import."""
    emp = result.employees
    names = {r.code: r.name(lang) for r in result.catalogue.roles}
    role_name = emp["role"].map(names)
    frame = pd.DataFrame(
        {
            "employee_id": emp["employee_id"],
            "name": emp["name"],
            "department": emp["department"],
            "role": emp["role"],
            "role_name": role_name.where(role_name.notna(), emp.get("role_label")),
            "period": result.period.code,
            "status": emp["status"],
            "total": emp["total"].round(6),
            "total_rounded": emp["total_rounded"],
            "weighted_total": emp["weighted_total"].round(6),
            "bonus": emp["bonus"].round(6),
            "grade": emp["grade"],
            "grade_original": emp["grade_original"] if "grade_original" in emp else None,
            "calibration": _calibration_text(result),
            "coefficient": emp["coefficient"] if "coefficient" in emp else None,
            "bonus_base": _money_text(emp["bonus_base"]) if "bonus_base" in emp else "",
            "payout": _money_text(emp["payout"]) if "payout" in emp else "",
            "coverage": emp["coverage"].round(6),
            "rank_in_role": emp["rank_in_role"],
            "rank_in_department": emp["rank_in_department"],
            "flags": flags_joined(result),
            "not_due": not_due_text(result),
        },
        index=emp.index,
    )
    return frame


def _flag_runs(result: ScoreResult) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The flag codes, each flag's position in ``result.employees``, and where each flagged
    record's run of flags starts (the table lists records in the employees' order)."""
    table = result.flag_table()
    at = result.employees.index.get_indexer(table["record"])
    starts = np.flatnonzero(np.r_[True, at[1:] != at[:-1]]) if len(at) else np.zeros(0, dtype=int)
    return flag_codes(table), at, starts


def flag_lists(result: ScoreResult) -> dict[int, list[str]]:
    """Per position in ``result.employees``: its flags' codes, for the flagged records only."""
    codes, at, starts = _flag_runs(result)
    codes = codes.tolist()
    ends = [*starts.tolist()[1:], len(codes)]
    return {a: codes[i:j] for a, i, j in zip(at[starts].tolist(), starts.tolist(), ends)}


def flags_joined(result: ScoreResult, sep: str = ";") -> pd.Series:
    """Each employee's flag codes joined by ``sep`` ('missing:call_minutes;record-error'; '' without
    any), in one array step (an add of the strings over each record's run)."""
    codes, at, starts = _flag_runs(result)
    out = np.full(len(result.employees), "", dtype=object)
    if len(codes):
        later = np.ones(len(codes), dtype=bool)
        later[starts] = False
        codes[later] = sep + codes[later]
        out[at[starts]] = np.add.reduceat(codes, starts)
    return pd.Series(out, index=result.employees.index, dtype=object)


def _money_text(series: pd.Series) -> pd.Series:
    """Amounts with exactly two decimals ('8000.00'), blank where there is none: what payroll
    systems import (no thousands separator, no float noise)."""
    values = pd.to_numeric(series, errors="coerce")
    return values.map(lambda x: "" if pd.isna(x) else f"{x:.2f}")


def _calibration_text(result: ScoreResult) -> pd.Series:
    """The quotas that moved each calibrated grade, joined by '; ' ('' where none did)."""
    emp = result.employees
    if "calibration" not in emp:
        return pd.Series("", index=emp.index, dtype=object)
    labels = calibration_labels(result)
    return emp["calibration"].map(lambda ks: "; ".join(labels[k] for k in ks) if ks else "")


def not_due_text(result: ScoreResult) -> pd.Series:
    """Each employee's measures not due this period (their cycle is longer), codes joined by ';'."""
    emp = result.employees
    text = pd.Series("", index=emp.index, dtype=object)
    for rs in result.roles.values():
        idx = rs.points.index.intersection(emp.index)
        if rs.due is None or not len(idx) or rs.due.to_numpy().all():
            continue
        acc = np.full(len(idx), "", dtype=object)
        nd = rs.not_due().loc[idx]
        for c in nd.columns:  # one pass per measure, not per employee
            acc = acc + np.where(nd[c].to_numpy(), f"{c};", "")
        text.loc[idx] = acc
    return text.str.rstrip(";")


def to_csv_text(frame: pd.DataFrame) -> str:
    """CSV text with every text cell neutralised against formula injection (numbers stay numbers)."""
    from kpi_cli.fileio import neutralise_csv

    safe = frame.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col]):
            safe[col] = safe[col].map(neutralise_csv)
    buf = io.StringIO()
    safe.to_csv(buf, index=False, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue()


def write_csv(frame: pd.DataFrame, path) -> None:
    """UTF-8 with BOM so that Excel shows Chinese; written atomically."""
    from kpi_cli.fileio import atomic_write_text

    atomic_write_text(path, "\ufeff" + to_csv_text(frame), encoding="utf-8")


def problems_frame(result: ScoreResult, lang: str = "zh") -> pd.DataFrame:
    cols = ["type", "severity", "file", "sheet", "row", "column", "column_name", "cell", "employee_id", "measure", "value"]
    rows = [{**{c: getattr(p, c) for c in cols}, "message": p.message(lang)} for p in result.problems]
    return pd.DataFrame(rows, columns=cols + ["message"])

