"""Where a grid's header is and what each column holds (an identity field, a measure by role, or nothing)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kpi_cli.i18n import t
from kpi_cli.readers.identity import NOT_READ_FIELDS, PERSON_TEXT_FIELDS, identity_label
from kpi_cli.problems import ERROR, WARNING, Problem
from kpi_cli.cells import column_letter, tidy_number
from kpi_cli.readers.headers import HEADER_SEARCH_ROWS, Target
from kpi_cli.readers.sheet_state import SheetState, col_pos
from kpi_cli.text import normalize_label
from kpi_cli.units import accepts, unit_of
from kpi_cli.readers.values import NO_CACHED_VALUE, CellError


TEMPLATE_CHANGED = "\x00template"  # a Target's qualifier: a template column under a header it did not write


def find_header(st: SheetState) -> tuple[int, list[Target | None]]:
    """The header row (position in the grid) and what each column holds.

    Title rows above the header are passed over. Two header rows (dimension names merged across
    the upper row, measure names in the lower one, 工号/姓名 typed only in the upper one) are
    combined: a column the lower row leaves unnamed takes the upper row's name. ``st.header_names``
    gets each column's header text and ``st.upper_header`` the upper row used, if any.
    """
    g = st.grid
    best_i, best_targets, best_score, best_texts, best_upper = -1, [], 0, [], None
    previous: tuple[list, list] | None = None
    for i in range(min(HEADER_SEARCH_ROWS, len(g.cells))):
        texts = header_texts(st, i)
        targets = [resolve(st, j, texts[j], int(g.rows[i])) for j in range(g.cells.shape[1])]
        own = (texts, targets)
        upper = None
        if previous is not None and int(g.rows[i - 1]) == int(g.rows[i]) - 1:
            p_texts, p_targets = previous
            fills = [j for j, t in enumerate(targets) if t is None and texts[j] is None and p_targets[j] is not None
                     and p_targets[j].field is not None]
            if fills:
                upper = i - 1
                texts, targets = list(texts), list(targets)
                for j in fills:
                    texts[j], targets[j] = p_texts[j], p_targets[j]
        previous = own
        score = sum(t is not None and t.field not in NOT_READ_FIELDS for t in targets)  # 序号/备注 alone: no table
        if score > best_score:
            best_i, best_targets, best_score, best_texts, best_upper = i, targets, score, texts, upper
    st.header_names = {j: t for j, t in enumerate(best_texts)}
    st.upper_header = None if best_upper is None else int(g.rows[best_upper])
    return best_i, best_targets


def transposed(st: SheetState, row_score: int) -> bool:
    """A sheet with one employee per column (工号, 姓名, measures down column A): refused with one
    error that says how to turn it (kpi reads one row per employee). True when so."""
    g = st.grid
    if not g.cells.shape[1] or len(g.cells) < 3:
        return False
    for j in range(min(3, g.cells.shape[1])):  # the labels may follow a 序号 or a blank column
        targets = [st.ctx.index.match(_header_text(v)) for v in g.cells[:HEADER_SEARCH_ROWS * 3, j]]
        found = [t for t in targets if t is not None and t.qualifier is None]
        fields = {t.field for t in found if t.field}
        measures = sum(1 for t in found if t.measures)
        if "employee_id" in fields and measures >= 1 and len(found) > row_score:
            i = next(k for k, t in enumerate(targets) if t is not None and t.field == "employee_id")
            st.problem("transposed-sheet", ERROR, i=i, j=j, people=int(g.cells.shape[1] - j - 1))
            return True
    return False


def units_row(st: SheetState, hi: int, targets: list[Target | None]) -> dict[int, str] | None:
    """The row under the header when it only gives units (单位: 天, %, 次, 分(1–5)): column → unit."""
    g = st.grid
    if hi + 1 >= len(g.cells) or int(g.rows[hi + 1]) != int(g.rows[hi]) + 1:
        return None
    units: dict[int, str] = {}
    for j, v in enumerate(g.cells[hi + 1]):
        text = _header_text(v)
        if text is None:
            continue
        unit = unit_of(text)
        if unit is None and normalize_label(text).rstrip(":：") in _UNIT_LABELS:
            continue
        if unit is None:
            return None
        target = targets[j] if j < len(targets) else None
        if target is not None and target.field in PERSON_TEXT_FIELDS:
            return None  # a "unit" under 工号 or 姓名 is a person's row (a name such as 件 or 天), not units
        units[j] = unit
    return units or None


_UNIT_LABELS = frozenset({"单位", "unit", "units", "计量单位"})



def header_texts(st: SheetState, i: int) -> list[str | None]:
    g = st.grid
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



def resolve(st: SheetState, j: int, text: str | None, excel_row: int) -> Target | None:
    meta = st.ctx.meta
    by_header = st.ctx.index.match(text) if text else None
    if by_header is None and text and meta is not None:
        by_header = meta.headers.get(normalize_label(text))
    if meta is not None and excel_row == 1:
        by_letter = meta.columns.get(st.grid.letter(j))
        if by_letter is not None and by_header is None and text and by_letter.measures:
            # A header the template did not write, over a measure column of the template: columns
            # moved, deleted or relabelled since, the letter may no longer be the measure's.
            return Target(measures=by_letter.measures, qualifier=TEMPLATE_CHANGED)
        if by_letter is not None and (by_header is None or _same(by_header, by_letter)):
            return by_letter
    return by_header



def check_header_merges(st: SheetState) -> None:
    for r0, c0, r1, c1 in st.grid.merged:
        if r0 <= st.header_row <= r1 and c1 > c0:
            j = col_pos(st.grid, c0)
            p = Problem(
                "merged-header", WARNING, file=st.ctx.file, sheet=st.grid.name, row=r0,
                column=column_letter(c0), column_name=st.header_names.get(j) if j is not None else None,
                params={"range": f"{column_letter(c0)}{r0}:{column_letter(c1)}{r1}"},
            )
            st.problems.append(p)



def assign_columns(st: SheetState, targets: list[Target | None], data: np.ndarray,
                   units: dict[int, str] | None = None) -> dict:
    """field → column position; and st.measure_cols: column position → {role: measure}.

    A column qualified as another figure (上季度, 目标…) is left out with a warning; a column whose
    header or units row gives a unit that is not its measure's is refused with an error.
    """
    columns: dict[str, int] = {}
    st.measure_cols: dict[int, dict[str, str]] = {}
    st.unknown_cols: list[int] = []
    taken: dict[tuple[str, str], int] = {}
    has_data = (st.present if data is st.data else pd.notna(data)).any(axis=0) if len(data) else np.zeros(len(targets), bool)
    catalogue = st.ctx.catalogue
    for j, target in enumerate(targets):
        name = st.header_names.get(j)
        if target is None:
            if name is not None or has_data[j]:
                if name is None and not has_data[j]:
                    continue
                st.problem("unknown-column", WARNING, row=st.header_row, j=j,
                             no_header=name is None)
                if name is not None:
                    st.unknown_cols.append(j)
            continue
        if target.qualifier == TEMPLATE_CHANGED:
            role, code = target.measures[0]
            st.problem("template-header-changed", ERROR, row=st.header_row, j=j, value=name,
                       measure=catalogue.get(role).measure(code))
            st.refused_cols.append(j)
            continue
        if target.qualifier is not None:
            role, code = target.measures[0]
            st.problem("qualified-column", WARNING, row=st.header_row, j=j, qualifier=target.qualifier,
                       measure=catalogue.get(role).measure(code))
            continue
        unit = (units or {}).get(j) or target.unit
        if unit is not None and target.measures:
            fits = tuple((r, c) for r, c in target.measures if accepts(catalogue.get(r).measure(c).unit, unit))
            if not fits:
                role, code = target.measures[0]
                measure = catalogue.get(role).measure(code)
                st.problem("header-unit", ERROR, row=st.header_row, j=j, measure=measure,
                           unit_zh=t(f"unit.{measure.unit}", "zh"), unit_en=t(f"unit.{measure.unit}", "en"),
                           given_zh=t(f"unit.{unit}", "zh"), given_en=t(f"unit.{unit}", "en"))
                st.refused_cols.append(j)
                continue
            target = Target(measures=fits)
        if target.field == "computed":  # 总分, 等级, 排名: kpi computes them itself
            st.problem("computed-column", WARNING, row=st.header_row, j=j)
            continue
        if target.field in NOT_READ_FIELDS:  # 序号, 备注: known, never read; two of them are no error
            columns.setdefault(target.field, j)
            continue
        if target.field is not None:
            if target.field in columns:
                st.problem("duplicate-column", ERROR, row=st.header_row, j=j,
                             first=st.grid.letter(columns[target.field]))
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
            st.problem("duplicate-column", ERROR, row=st.header_row, j=j, first=st.grid.letter(first))
            continue
        for role, code in pairs.items():
            taken[(role, code)] = j
        st.measure_cols[j] = pairs
    return columns



def check_required(st: SheetState, is_long: bool) -> None:
    if "employee_id" not in st.columns:
        st.problem("missing-column", ERROR, row=st.header_row,
                     field_zh=identity_label("employee_id", "zh"), field_en=identity_label("employee_id", "en"))
    if "role" not in st.columns and st.ctx.sheet_role is None and not is_long:  # long: found from the measures
        st.problem("missing-column", ERROR, row=st.header_row,
                     field_zh=identity_label("role", "zh"), field_en=identity_label("role", "en"))


def _same(a: Target, b: Target) -> bool:
    if a.field or b.field:
        return a.field == b.field
    return bool(set(a.measures) & set(b.measures))


def _header_text(v: object) -> str | None:
    if v is None or isinstance(v, (CellError, type(NO_CACHED_VALUE))):
        return None
    text = str(tidy_number(v)).strip()
    return text or None

