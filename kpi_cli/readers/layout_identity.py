"""The identity columns of every data row (工号, 姓名, 部门, 岗位, 期间), and the rows that are not employees."""

from __future__ import annotations

import datetime as _dt
import re

import numpy as np
import pandas as pd

from kpi_cli.readers.identity import identity_label
from kpi_cli.periods import find_period, is_range, month, month_only, try_parse_period
from kpi_cli.problems import ERROR, WARNING
from kpi_cli.text import normalize_label
from kpi_cli.readers.sheet_state import IDENTITY_FIELDS, LONG_TEXT, SheetState, text_values
from kpi_cli.readers.numfmt import apply_digit_formats
from kpi_cli.readers.values import EXCEL_ERROR, FORMULA_WITHOUT_VALUE, NO_CACHED_VALUE, CellError, parse_amount


def identity(st: SheetState) -> dict[str, np.ndarray]:
    n = len(st.data)
    out: dict[str, np.ndarray] = {}
    for f in IDENTITY_FIELDS:
        j = st.columns.get(f)
        if j is None:
            out[f] = np.full(n, None, dtype=object)
            continue
        raw = st.data[:, j]
        out[f] = st.text_of(j).copy()  # changed below (digit formats, decimal ids); the sheet's texts stay
        if f == "employee_id":  # 123 formatted 000000 is the id "000123", as Excel shows it
            out[f] = apply_digit_formats(raw, out[f], st.data_rows, st.grid.digit_formats.get(int(st.grid.cols[j])))
            decimal_ids(st, out[f], j)
        flag_identity_cells(st, raw, j, out)
    sheet_department(st, out)
    # period: the row's own, else the sheet name's, else the file name's
    period = np.full(n, sheet_period(st) if "period" not in st.columns and n else st.ctx.file_period, dtype=object)
    bad_period = np.zeros(n, bool)
    if "period" in st.columns:
        j = st.columns["period"]
        raw = st.data[:, j]
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
                st.problem("bad-period", ERROR, i=st.offset + int(i), j=j, value=raw[i],
                             employee_id=out["employee_id"][i])
    out["period_code"] = period
    out["bad_period"] = bad_period
    # role: the row's role cell (code, Chinese or English name), else the sheet's role
    labels = out["role"]
    rint, runiq = pd.factorize(labels, use_na_sentinel=True)
    found = [st.ctx.catalogue.lookup(u) for u in runiq]
    codes = np.array([r.code if r is not None else None for r in found] + [None], dtype=object)[rint]
    role_problem = np.zeros(n, bool)
    blank = rint < 0
    if st.ctx.sheet_role is not None:
        codes[blank] = st.ctx.sheet_role
    elif "role" not in st.columns and "measure" in st.columns and "value" in st.columns:
        codes, role_problem = roles_from_measures(st, out)
    elif "role" in st.columns:
        for i in np.flatnonzero(blank & ~st.flagged.get("role", np.zeros(n, bool))):
            role_problem[i] = True
            st.problem("missing-role", ERROR, i=st.offset + int(i), j=st.columns["role"],
                         employee_id=out["employee_id"][i])
    else:
        role_problem[:] = True  # the missing column is reported once
    j_role = st.columns.get("role")
    for k, r in enumerate(found):
        if r is not None:
            continue
        u = runiq[k]
        hint_zh, hint_en = st.ctx.catalogue.role_hint(u, "zh"), st.ctx.catalogue.role_hint(u, "en")
        for i in np.flatnonzero((rint == k) & ~st.flagged.get("role", np.zeros(n, bool))):
            role_problem[i] = True
            st.problem("unknown-role", ERROR, i=st.offset + int(i), j=j_role, value=u,
                         employee_id=out["employee_id"][i], hint_zh=hint_zh, hint_en=hint_en)
    out["role_code"] = codes
    out["role_problem"] = role_problem
    # missing ids
    ids = out["employee_id"]
    missing_id = pd.isna(pd.Series(ids, dtype=object)).to_numpy()
    if "employee_id" in st.columns:
        flagged = st.flagged.get("employee_id", np.zeros(n, bool))
        for i in np.flatnonzero(missing_id & ~flagged):
            st.problem("missing-employee-id", ERROR, i=st.offset + int(i), j=st.columns["employee_id"],
                         role=codes[i])
    out["missing_id"] = missing_id
    out["bonus_base"] = bonus_bases(st, out["employee_id"])
    return out


def bonus_bases(st: SheetState, ids: np.ndarray) -> np.ndarray:
    """The 绩效工资基数 column as numbers (NaN: blank or unusable, each unusable cell a problem)."""
    n = len(st.data)
    j = st.columns.get("bonus_base")
    if j is None:
        return np.full(n, np.nan)
    raw = st.data[:, j]
    codes, uniques = pd.factorize(pd.Series(raw, dtype=object), use_na_sentinel=True)
    parsed = [parse_amount(u) for u in uniques]  # once per distinct amount, not per person
    numbers = np.array([x if problem is None and not pct else np.nan for x, problem, pct in parsed] + [np.nan])
    bad = np.array([problem is not None or pct or x < 0 for x, problem, pct in parsed] + [False])
    for i in np.flatnonzero(bad[codes]):
        st.problem("bad-bonus-base", ERROR, i=st.offset + int(i), j=j, value=raw[i], employee_id=ids[i])
    return numbers[codes]


def roles_from_measures(st: SheetState, out: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """A long sheet without 岗位: each employee's role is the one role all their measure names belong to.

    An employee whose measures fit no role, or several, gets the missing 岗位 column as an error.
    """
    n = len(st.data)
    index = st.ctx.index
    catalogue = st.ctx.catalogue
    texts = text_values(st.data[:, st.columns["measure"]])
    tcodes, tuniq = pd.factorize(texts, use_na_sentinel=True)
    fits = [frozenset(r.code for r in catalogue.roles if index.measure_of(r.code, u) is not None) for u in tuniq]
    ids = pd.Series(out["employee_id"], dtype=object).fillna("").to_numpy(dtype=object)
    codes = np.full(n, None, dtype=object)
    for emp, rows in pd.Series(np.arange(n)).groupby(ids, sort=False):
        sets = [fits[c] for c in tcodes[rows.to_numpy()] if c >= 0]
        common = frozenset.intersection(*sets) if sets else frozenset()
        if len(common) == 1:
            codes[rows.to_numpy()] = next(iter(common))
    role_problem = pd.isna(pd.Series(codes, dtype=object)).to_numpy()
    if role_problem.any():
        st.problem("missing-column", ERROR, row=st.header_row,
                   field_zh=identity_label("role", "zh"), field_en=identity_label("role", "en"))
    found = pd.Series(codes, dtype=object).dropna()
    for code in pd.unique(found):
        role = catalogue.get(code)
        people = pd.Series(out["employee_id"], dtype=object)[found.index[found == code]].nunique()
        st.problem("role-from-measures", WARNING, row=st.header_row, role_zh=role.name_zh, role_en=role.name_en,
                   count=int(people))
    return codes, role_problem


def skip_non_employees(st: SheetState) -> None:
    """Leave out the lines that are not employees, one warning each, none of their cells read.

    合计/平均/小计 rows, notes (备注, 注：…), signature lines (制表人, 审核人, 日期) and lines that
    hold nothing an employee record reads (a 序号 alone, a dash, a department label spread
    down a merged column), wherever their label stands: in the 工号, 姓名 or 序号 column or
    merged across the row.
    """
    data = st.data
    n = len(data)
    if not n:
        return
    present = st.present
    first = np.where(present.any(axis=1), present.argmax(axis=1), -1)
    if first[0] >= 0 and (first == first[0]).all():  # every row starts in the same column (工号, 序号)
        label = st.text_of(int(first[0])).copy()
    else:
        label = text_values(data[np.arange(n), np.maximum(first, 0)], st.grid.flags)
        label[first < 0] = None
    j_id = st.columns.get("employee_id")
    id_blank = np.ones(n, bool) if j_id is None else ~present[:, j_id]
    at_label = id_blank | (first == (j_id if j_id is not None else -2))
    kind = np.full(n, None, dtype=object)
    codes, uniques = pd.factorize(label, use_na_sentinel=True)
    kinds_u = np.full(len(uniques) + 1, None, dtype=object)
    for k in np.flatnonzero(_candidates(uniques, _LINE_HINT)):  # ids and names never get here: one regex pass
        kinds_u[k] = _line_kind(uniques[k])
    kind[at_label] = kinds_u[codes][at_label]
    # a totals label in the 工号 column behind a 序号, or in the 姓名 or 部门 column of a row without an id
    for f in ("employee_id", "name", "department"):
        j = st.columns.get(f)
        if j is None:
            continue
        rows = np.flatnonzero(pd.isna(kind) & present[:, j] & ((first != j) if f == "employee_id" else id_blank))
        if len(rows):
            kind[rows[_is_summary(st.text_of(j)[rows])]] = "summary"
    repeated = pd.isna(kind) & _repeats_header(st, present)
    kind[repeated] = "header"
    for i in np.flatnonzero(repeated):  # a repeated header that names other columns: a table kpi would misread
        _another_table(st, int(i))
    _unlike_ids(st, kind, present)
    # nothing an employee record reads: no identity, measure or long-format cell
    content = [j for f, j in st.columns.items() if f not in ("department", "seq", "remark")] + list(st.measure_cols) + st.refused_cols
    empty = ~present[:, content].any(axis=1) if content else np.ones(n, bool)
    # a dash in 序号 beside a name and figures is an employee; a row of dashes alone is a blank line
    dashed = np.flatnonzero((kind == "blank") & ~empty)
    if len(dashed):
        part = data[dashed]
        codes_all, uniq_all = pd.factorize(part.ravel(), use_na_sentinel=True)
        sep_u = np.array([isinstance(u, str) and bool(_SEPARATOR.match(u)) for u in uniq_all] + [True], dtype=bool)
        only_dashes = sep_u[codes_all].reshape(part.shape).all(axis=1)
        kind[dashed[~only_dashes]] = None
    kind[pd.isna(kind) & empty] = "blank"
    skip = pd.notna(kind)
    if not skip.any():
        return
    for i in np.flatnonzero(skip):
        j = int(first[i]) if first[i] >= 0 else None
        st.problem(f"{kind[i]}-row", WARNING, i=st.offset + int(i), j=j, value=data[i, j] if j is not None else None)
    keep = ~skip
    st.set_data(st.offset, data[keep], st.data_rows[keep],
                st.row_lengths[keep] if st.row_lengths is not None else None, keep=keep)


def _unlike_ids(st: SheetState, kind: np.ndarray, present: np.ndarray) -> None:
    """Lines without a name whose 工号 cell holds a label, not an id: a target or reference line
    (目标值, 人均, 最大值, 上季度, Benchmark…: ``kind`` "reference"); and, on a sheet whose ids hold
    digits, a text that is no id (``_ID_SHAPE``): without figures a group title (客户服务一部) or a
    note under the table, left out (``kind`` "label"); with figures and no digit at all, when
    most ids are ids, an error on the line (it is read, but kpi cannot tell a person from a
    target line)."""
    j_id = st.columns.get("employee_id")
    if j_id is None:
        return
    rows = np.flatnonzero(pd.isna(kind) & present[:, j_id])
    if not len(rows):
        return
    codes, uniques = pd.factorize(st.text_of(j_id)[rows], use_na_sentinel=True)
    like = _like_ids(list(map(str, uniques)))
    unlike = np.flatnonzero(~like)
    if not len(unlike):
        return
    j_name = st.columns.get("name")
    nameless = ~present[rows, j_name] if j_name is not None else np.ones(len(rows), bool)
    reference = np.zeros(len(uniques), bool)
    reference[unlike] = [_reference_label(uniques[k]) for k in unlike]
    is_reference = reference[codes] & nameless  # an employee whose login is "max" has a name
    kind[rows[is_reference]] = "reference"
    if not like.any():  # no id of this sheet holds a digit: such ids are its own
        return
    odd = rows[~like[codes] & ~is_reference & nameless]
    figure_cols = list(st.measure_cols) + st.refused_cols
    figures = present[odd][:, figure_cols].any(axis=1) if figure_cols else np.zeros(len(odd), bool)
    kind[odd[~figures]] = "label"  # nothing to grade on it, and its text is no id: a title or a note
    # With figures: an error only for a text with no digit at all (参考线, a name typed in the 工号
    # column); an id with a space or a bracket (E 1041, E1041（外包）) is somebody's.
    digitless = np.array([not any(ch.isdigit() for ch in str(st.text_of(j_id)[i])) for i in odd[figures]], bool)
    odd = odd[figures][digitless] if len(digitless) else odd[:0]
    if j_name is None or like.sum() < 2 or like.sum() <= len(odd):  # few ids to compare with
        return
    for i in odd:
        st.problem("unlike-id", ERROR, i=st.offset + int(i), j=j_id, value=st.data[i, j_id],
                   employee_id=st.text_of(j_id)[i])


def _like_ids(texts: list[str]) -> np.ndarray:
    """True for the texts shaped like an employee id (``_ID_SHAPE``, at most 32 characters): one
    regex pass over the texts joined by line breaks, which finds the few that are not."""
    like = np.ones(len(texts), bool)
    if not texts:
        return like
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a text with a line break of its own
        like[:] = [len(t) <= 32 and _ID_SHAPE.fullmatch(t) is not None for t in texts]
        return like
    starts = np.zeros(len(texts), np.int64)
    if len(texts) > 1:
        np.cumsum(np.fromiter(map(len, texts[:-1]), np.int64, len(texts) - 1) + 1, out=starts[1:])
    found = [m.start() for m in _NOT_ID_LINE.finditer(joined)]
    like[np.searchsorted(starts, found, side="right") - 1] = False
    return like


def _reference_label(text: object) -> bool:
    """目标值, 标准值, 人均, 最大值, 上季度, 去年同期, Target, Benchmark, Avg.: a line of reference figures."""
    return isinstance(text, str) and len(text) <= 16 and _label_key(text) in REFERENCE_WORDS


def _label_key(text: str) -> str:
    """A short label as compared with the word lists: folded, spaces and a trailing colon or
    period taken off, and a trailing bracket ('平均值（部门）' → '平均值')."""
    key = re.sub(r"[\s\u3000]+", "", text.casefold()).strip(":：.")
    return re.sub(r"[(（][^()（）]*[)）]$", "", key)


def _repeats_header(st: SheetState, present: np.ndarray) -> np.ndarray:
    """Rows that repeat the header (a report printed page by page, or files pasted one under the
    other): the 工号 cell and at least one other cell hold their column's header text."""
    n = len(st.data)
    j_id = st.columns.get("employee_id")
    head = st.header_names.get(j_id) if j_id is not None else None
    if not head:
        return np.zeros(n, bool)
    key = _header_key(head)
    codes, uniques = pd.factorize(st.text_of(j_id), use_na_sentinel=True)
    candidate = np.append(_header_keys(uniques) == key, False)[codes]
    if not candidate.any():
        return candidate
    rows = np.flatnonzero(candidate)
    others = 0
    for j, name in st.header_names.items():
        if j == j_id or not name or j >= st.data.shape[1]:
            continue
        texts = text_values(st.data[rows, j])
        others = others + np.array([t is not None and _header_key(t) == _header_key(name) for t in texts], dtype=int)
    candidate[rows] = np.asarray(others) >= 1
    return candidate


def _another_table(st: SheetState, i: int) -> None:
    """A header repeated further down that names other columns (a second table, of another role,
    under the first): the lines under it would be read by the first table's header — an error at
    the first column whose header differs."""
    for j in range(st.data.shape[1]):
        text = text_values(st.data[i: i + 1, j])[0]
        if text is None:
            continue
        first = st.header_names.get(j)
        if first and _header_key(text) == _header_key(first):
            continue
        named, was = st.ctx.index.match(text), st.ctx.index.match(first) if first else None
        # '时长（分钟）' for '时长' names the same: the measures or field, whatever unit they give
        if not first or named is None or was is None or (named.field, named.measures, named.qualifier) != (
                was.field, was.measures, was.qualifier):
            # right under the header (its cells merged down into this row): sub-columns of a measure
            under = int(st.row_numbers[st.offset + i]) == int(st.header_row) + 1
            st.problem("header-subcolumns" if under else "another-table", ERROR, i=st.offset + i, j=j, value=text,
                       header=first or "")
            return


def _header_key(text: object) -> str:
    return normalize_label(text)  # the labels' own matching: NFKC, case, spaces, '_' and '-'


def _header_keys(texts: np.ndarray) -> np.ndarray:
    """``_header_key`` of each text, all in one call (NFKC, case folding and the removals never
    reach across a NUL); one by one when a text holds a NUL itself."""
    texts = [str(t) for t in texts]
    joined = "\x00".join(texts)
    if joined.count("\x00") != max(len(texts) - 1, 0):
        return np.array([_header_key(t) for t in texts] + [None], dtype=object)[:-1]
    return np.array(_header_key(joined).split("\x00") + [None], dtype=object)[:-1] if texts else np.zeros(0, object)


def sheet_department(st: SheetState, out: dict[str, np.ndarray]) -> None:
    """No 部门 column on a sheet named like a department (客户服务一部): the sheet name is the department."""
    name = st.grid.name
    if "department" in st.columns or not name or st.ctx.sheet_role is not None or not len(st.data):
        return
    key = name.strip()
    if not key.casefold().endswith(DEPARTMENT_ENDINGS) or len(key) > 40 or len(key) < 3 or key in NOT_DEPARTMENTS:
        return
    out["department"] = np.full(len(st.data), key, dtype=object)
    st.problem("department-from-sheet", WARNING, row=st.header_row, department=key)


def sheet_period(st: SheetState) -> str | None:
    """No 期间 column on a sheet named by a period inside the file's ("2026年7月", or "7月" in
    2026-Q3.xlsx): the sheet's period, so that a workbook with a sheet per month is read as months.
    A sheet name that names another period than the file's is reported, and the file's period kept."""
    file_code = st.ctx.file_period
    name = (st.grid.name or "").strip()
    if not name or is_range(name):
        return file_code
    file_period = try_parse_period(file_code) if file_code else None
    found = find_period(name)
    if found is None and (m := month_only(name)) is not None and file_period is not None:
        found = month(file_period.year, m)
    if found is None or found.code == file_code:
        return file_code
    if file_period is not None and not file_period.contains(found):
        st.problem("sheet-period-conflict", WARNING, row=st.header_row, value=name,
                   sheet_period=found.code, period=file_period.code)
        return file_code
    st.problem("period-from-sheet", WARNING, row=st.header_row, value=name, period=found.code)
    return found.code


DEPARTMENT_ENDINGS = ("部", "组", "科", "处", "室", "中心", "团队", "分公司", "事业部", "department", "dept", "team")
NOT_DEPARTMENTS = frozenset({"所有部门", "全部部门", "各部门", "全体员工", "汇总部"})
_NOTE_WORDS = ("备注", "注", "注意", "说明", "附注", "note", "notes", "remark", "remarks", "※")
_SIGNATURE_WORDS = ("制表人", "制表", "审核人", "审核", "审批人", "审批", "复核人", "复核", "填表人", "填报人", "填表",
                    "签字", "签名", "负责人", "部门负责人", "主管签字", "日期", "制表日期", "填表日期", "打印日期",
                    "导出时间", "prepared by", "approved by", "checked by", "reviewed by", "signature", "date")
_SEPARATOR = re.compile(r"^[\s\-—–_=~～.。·…/\\|*#]+$")


def _line_kind(text: object) -> str | None:
    """'合计' → summary, '备注：…' → note, '制表人：张三' → signature, '———' → blank; else None."""
    if not isinstance(text, str):
        return None
    if _SEPARATOR.match(text):
        return "blank"
    key = text.casefold().replace(" ", "").replace("\u3000", "")
    if _summary_label(text):
        return "summary"
    head = re.split(r"[:：]", key, maxsplit=1)
    for w in _SIGNATURE_WORDS:
        w = w.replace(" ", "")
        if key.startswith(w) and (len(head) > 1 and head[0] == w or key == w):
            return "signature"
    for w in _NOTE_WORDS:
        if key.startswith(w) and (len(head) > 1 and len(head[0]) <= len(w) + 1 or key == w or w in ("备注", "说明", "※")):
            return "note"
    return None



_DECIMAL_ID = re.compile(r"^(\d+)\.0+$")


def decimal_ids(st: SheetState, ids: np.ndarray, j: int) -> None:
    """Ids typed "1001.0" (a number column saved as text by a program that had made it decimal):
    the id 1001, so that the person is one with the "1001" of other files; warned once per sheet."""
    codes, uniques = pd.factorize(ids, use_na_sentinel=True)
    if not len(uniques):
        return
    # Each distinct id's text, matched only when it has a "." (one test per id, no regex for most)
    fixed = {k: m.group(1) for k, text in enumerate(map(str, uniques))
             if "." in text and (m := _DECIMAL_ID.match(text)) is not None}
    if not fixed:
        return
    hit = np.zeros(len(uniques), bool)
    hit[list(fixed)] = True
    table = np.asarray(uniques, dtype=object).copy()
    table[hit] = list(fixed.values())
    changed = np.append(hit, False)[codes]
    first = int(np.flatnonzero(changed)[0])
    st.problem("decimal-id", WARNING, i=st.offset + first, j=j, value=ids[first], count=int(changed.sum()),
               id=table[codes[first]])
    ids[changed] = table[codes[changed]]


def flag_identity_cells(st: SheetState, raw: np.ndarray, j: int, out: dict) -> None:
    """Excel errors, formulas without value and over-long text in identity cells."""
    f = next(k for k, v in st.columns.items() if v == j)
    n = len(raw)
    flagged = np.zeros(n, bool)
    if st.grid.flags:
        kinds = pd.Series(raw, dtype=object).map(type)
        marked = np.flatnonzero(kinds.isin((CellError, type(NO_CACHED_VALUE))).to_numpy())
    else:
        marked = ()
    for i in marked:
        flagged[i] = True
        kind = EXCEL_ERROR if isinstance(raw[i], CellError) else FORMULA_WITHOUT_VALUE
        st.problem(kind, ERROR, i=st.offset + int(i), j=j, value=raw[i])
    text = out[f]
    tcodes, tuniques = pd.factorize(text, use_na_sentinel=True)
    if not len(tuniques) or max(map(len, tuniques)) <= LONG_TEXT:
        st.flagged[f] = flagged
        return
    too_long = np.array([len(u) > LONG_TEXT for u in tuniques] + [False], dtype=bool)[tcodes]
    for i in np.flatnonzero(too_long):
        st.problem("long-text", WARNING, i=st.offset + int(i), j=j, value=text[i],
                     length=len(text[i]), limit=LONG_TEXT)
    st.flagged[f] = flagged


# --- helpers ---------------------------------------------------------------------------------
SUMMARY_WORDS = frozenset(
    w.casefold().replace(" ", "")
    for w in ("合计", "总计", "小计", "平均", "平均值", "平均数", "均值", "汇总", "合计数", "本页合计", "部门合计", "部门平均",
              "Total", "Totals", "Grand total", "Subtotal", "Sum", "Average", "Mean")
)


REFERENCE_WORDS = frozenset(
    w.casefold().replace(" ", "")
    for w in ("目标", "目标值", "标准", "标准值", "考核标准", "参考", "参考值", "人均", "人均值", "最大", "最大值", "最小",
              "最小值", "最高", "最高值", "最低", "最低值", "中位数", "中值", "上季度", "上季", "上期", "上月", "上年",
              "去年", "去年同期", "同期", "整体", "部门整体", "全部门", "全公司", "全员", "挑战值", "基准", "基准值",
              "共计", "累计", "标杆", "计划", "计划值", "Target", "Targets", "Goal", "Standard", "Benchmark", "Baseline",
              "Reference", "Avg", "Max", "Min", "Maximum", "Minimum", "Median", "Overall", "Plan", "Previous",
              "Last quarter", "Last year", "Prior period")
)
# An employee id as HR systems write them: a digit somewhere, no line break, no sentence punctuation,
# at most 32 characters, and no space between Chinese words (E 1041 is an id, 1. 数据取自… a note)
_ID_SHAPE = re.compile(r"(?![^\n]*[^\S\n][^\n]*[\u3400-\u9fff]|[^\n]*[\u3400-\u9fff][^\n]*[^\S\n])"
                       r"[^\n，。；：:、！？“”‘’,;]*\d[^\n，。；：:、！？“”‘’,;]*")
_NOT_ID_LINE = re.compile(r"^(?!" + _ID_SHAPE.pattern + r"$)|^.{33,}$", re.MULTILINE)


def _is_summary(text: np.ndarray) -> np.ndarray:
    """True where the (NFKC-normalised) text is a totals label such as 合计, 合 计 or Total."""
    codes, uniques = pd.factorize(np.asarray(text, dtype=object), use_na_sentinel=True)
    hit = np.zeros(len(uniques) + 1, dtype=bool)
    for k in np.flatnonzero(_candidates(uniques, _SUMMARY_HINT)):
        hit[k] = _summary_label(uniques[k])
    return hit[codes]


def _candidates(uniques, pattern: re.Pattern) -> np.ndarray:
    """Which distinct texts could be such a line (a cheap vectorised regex before the exact check)."""
    if not len(uniques):
        return np.zeros(0, dtype=bool)
    s = pd.Series(np.asarray(uniques, dtype=object), dtype=object)
    # Ids and names share no first or last character with these words: only the rest meet the regex.
    first, last = _FIRST_CHARS, _LAST_CHARS
    ends = np.fromiter((isinstance(u, str) and (u[:1] in first or u[-1:] in last) for u in s.to_numpy()),
                       dtype=bool, count=len(s))
    out = np.zeros(len(s), dtype=bool)
    idx = np.flatnonzero(ends)
    if len(idx):
        out[idx] = s.iloc[idx].str.contains(pattern, na=False).to_numpy(dtype=bool)  # not a text: False
    return out


_SUMMARY_STEMS = ("合计", "总计", "小计", "平均", "汇总", "均值")
_SUMMARY_HINT = re.compile(r"合\s*计|总\s*计|小\s*计|平\s*均|汇\s*总|均\s*值|total|sum|average|mean", re.IGNORECASE)
_WORDS = ("合计", "总计", "小计", "平均", "汇总", "均值", "备注", "注", "说明", "附注", "※", "制表", "审核", "审批", "复核", "填表",
          "填报", "签字", "签名", "负责人", "部门", "主管", "日期", "打印", "导出", "note", "remark", "prepared", "approved",
          "checked", "reviewed", "signature", "date", "total", "grand", "subtotal", "sum", "average", "mean")
_FIRST_CHARS = frozenset({w[0] for w in _WORDS} | {w[0].upper() for w in _WORDS} | set(" \u3000\t-—–_=~～.。·…/\\|*#"))
_LAST_CHARS = frozenset("计均总值lLsSmMeEnN:：)）" + "-—–_=~～.。·…/\\|*# \u3000")
_LINE_HINT = re.compile(
    _SUMMARY_HINT.pattern + r"|^\s*(?:备注|注|注意|说明|附注|※|制表|审核|审批|复核|填表|填报|签字|签名|负责人|部门负责人|主管签字|日期|"
    r"打印日期|导出时间|note|remark|prepared|approved|checked|reviewed|signature|date)|^[\s\-—–_=~～.。·…/\\|*#]+$",
    re.IGNORECASE)


def _summary_label(text: object) -> bool:
    """合计, 合 计, Total, 合计：, 客服一部合计, 平均值（部门）: a totals label (short, no digits)."""
    if not isinstance(text, str) or len(text) > 16:
        return False
    key = _label_key(text)
    if key in SUMMARY_WORDS:
        return True
    return len(key) <= 12 and not any(ch.isdigit() for ch in key) and any(
        key.startswith(w) or key.endswith(w) for w in _SUMMARY_STEMS)


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
