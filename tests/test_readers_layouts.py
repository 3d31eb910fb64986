"""The layers of reading one grid (kpi_cli/readers/sheet.py puts them together): the header
(layout_header), the identity columns and the lines that are not employees (layout_identity), and
the wide and long layouts (layout_wide, layout_long)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as hst

from kpi_cli.readers import layout_header, layout_identity, layout_long, layout_wide
from kpi_cli.readers.grid import make_grid
from kpi_cli.readers.headers import HeaderIndex
from kpi_cli.readers.sheet import SheetReader, read_grid
from kpi_cli.readers.sheet_state import SheetContext


def _ctx(catalogue) -> SheetContext:
    return SheetContext("t.xlsx", catalogue, HeaderIndex.build(catalogue))


def test_header_two_rows_combined_and_a_units_row(catalogue):
    rows = [["工号", "岗位", "接客户的电话"], [None, None, "平均每次通话时长"], ["单位", None, "分钟"], ["E1", "客户咨询", 8]]
    st = SheetReader(make_grid("S", rows), _ctx(catalogue))
    hi, targets = layout_header.find_header(st)
    assert (hi, st.upper_header, [t.field for t in targets[:2]]) == (1, 1, ["employee_id", "role"])
    assert layout_header.units_row(st, hi, targets) == {2: "minutes"}


def test_a_unit_word_under_an_identity_column_is_a_persons_row_not_units(catalogue):
    """'件' or '天' could be a name; only the measure columns (and a 单位 label) make a units row.
    Such a row is read as a person, and its blank id and role are located errors (a fuzz case:
    ',,件' under 工号,岗位,姓名 was taken for units and the file had no rows)."""
    rows = [["工号", "岗位", "姓名", "平均每次通话时长"], [None, None, "件", None], ["E1", "客户咨询", "张三", 8]]
    st = SheetReader(make_grid("S", rows), _ctx(catalogue))
    hi, targets = layout_header.find_header(st)
    assert layout_header.units_row(st, hi, targets) is None
    data = read_grid(make_grid("S", rows), _ctx(catalogue))
    assert list(data.records["name"]) == ["件", "张三"]
    assert [(p.type, p.cell) for p in data.problems] == [("missing-employee-id", "A2"), ("missing-role", "B2")]
    units = [["工号", "岗位", "姓名", "平均每次通话时长"], ["单位", None, None, "分钟"], ["E1", "客户咨询", "张三", 8]]
    st = SheetReader(make_grid("S", units), _ctx(catalogue))
    hi, targets = layout_header.find_header(st)
    assert layout_header.units_row(st, hi, targets) == {3: "minutes"}


def test_transposed_sheet_is_named(catalogue):
    rows = [["工号", "E1", "E2"], ["岗位", "客户咨询", "客户咨询"], ["平均每次通话时长", 8, 9]]
    data = read_grid(make_grid("S", rows), _ctx(catalogue))
    assert [(p.type, p.cell) for p in data.problems] == [("transposed-sheet", "A1")]


def test_line_kinds():
    kind = layout_identity._line_kind
    assert [kind(x) for x in ("合计", "客服一部合计", "备注：x", "制表人：张三", "———", "E1001", "张三")] == [
        "summary", "summary", "note", "signature", "blank", None, None]


def test_wide_lookalike_and_long_role_from_measures(catalogue):
    wide = read_grid(make_grid("S", [["工号", "岗位", "平均每次通话时常"], ["E1", "客户咨询", 8]]), _ctx(catalogue))
    assert [p.type for p in wide.problems] == ["unknown-column", "measure-column-lookalike"]
    assert layout_wide.LOOKALIKE == 0.6
    rows = [["工号", "指标名称", "实际值"], ["P1", "采购订单错误次数", 1], ["P1", "所负责供应商的准时交货率", 97]]
    long = read_grid(make_grid(None, rows), _ctx(catalogue))
    assert (long.format, list(long.records["role"])) == ("long", ["buyer"])
    assert [p.type for p in long.problems] == ["role-from-measures"]
    assert callable(layout_long.read_long)


def test_long_unit_column_is_checked_against_the_measure(catalogue):
    """An HRIS long export's 单位 column: a figure in seconds for a measure in minutes is refused at
    the unit cell (wrong-unit), never read as 450 minutes; the measure's own unit, a unit it accepts
    (分 for a rating in points) and a blank unit are read."""
    rows = [["工号", "岗位", "指标名称", "实际完成值", "单位"],
            ["E1", "客户咨询", "平均每次通话时长", 8.5, "分钟"],
            ["E2", "客户咨询", "平均每次通话时长", 450, "秒"],
            ["E3", "客户咨询", "平均每次通话时长", 9, None],
            ["E1", "客户咨询", "每年缺席次数", 2, "次"],
            ["E2", "客户咨询", "每年缺席次数", 1, "天"]]
    data = read_grid(make_grid("S", rows), _ctx(catalogue))
    assert [(p.type, p.cell, p.value, p.employee_id) for p in data.problems] == [
        ("wrong-unit", "E3", "450 秒", "E2"), ("wrong-unit", "E6", "1 天", "E2")]
    minutes = data.values["cs_inquiry"]["call_minutes"].tolist()
    assert minutes[0] == 8.5 and minutes[2] == 9 and minutes[1] != minutes[1]  # E2's is refused (NaN)
    assert data.invalid["cs_inquiry"]["call_minutes"].tolist() == [False, True, False]


def test_a_unit_column_in_a_wide_sheet_is_not_read(catalogue):
    wide = read_grid(make_grid("S", [["工号", "岗位", "平均每次通话时长", "单位"], ["E1", "客户咨询", 8, "分钟"]]), _ctx(catalogue))
    assert [(p.type, p.cell) for p in wide.problems] == [("unknown-column", "D1")]


def test_a_repeated_header_row_is_skipped(catalogue):
    """A report printed page by page repeats its header: the row is skipped with a warning, not read
    as an employee '工号' with the role '岗位' (unknown-role). An employee whose id happens to be
    written like the header, alone, is still read."""
    rows = [["工号", "姓名", "岗位", "平均每次通话时长"], ["E1", "张三", "客户咨询", 8],
            ["工号", "姓名", "岗位", "平均每次通话时长"], ["E2", "李四", "客户咨询", 9],
            [" 工号", "姓名", "岗位", None], ["工号", "王五", "客户咨询", 7]]
    data = read_grid(make_grid("S", rows), _ctx(catalogue))
    assert [(p.type, p.cell, p.value) for p in data.problems] == [("header-row", "A3", "工号"), ("header-row", "A5", " 工号")]
    assert list(data.records["employee_id"]) == ["E1", "E2", "工号"]


def test_a_nameless_line_whose_id_is_unlike_the_others_is_a_label_or_an_error(catalogue):
    """Under ids that hold digits, a text in the 工号 column on a line without a name: a title or a
    note when it has no figure (left out, one warning), an error when it has figures (it is read,
    but it may be a target line rather than a person); lines with a name are people whatever
    their id, and a sheet whose ids hold no digit at all is left alone."""
    head = ["工号", "姓名", "岗位", "平均每次通话时长"]
    people = [["E1", "张三", "客户咨询", 8], ["E2", "李四", "客户咨询", 9], ["E3", "王五", "客户咨询", 10]]
    rows = [head, *people, ["客服二组", None, None, None], ["参考线", None, "客户咨询", 9],
            ["ZHAOLIU", "赵六", "客户咨询", 7]]
    data = read_grid(make_grid("S", rows), _ctx(catalogue))
    assert list(data.records["employee_id"]) == ["E1", "E2", "E3", "参考线", "ZHAOLIU"]
    assert [(p.type, p.severity, p.cell) for p in data.problems] == [("label-row", "warning", "A5"),
                                                                     ("unlike-id", "error", "A6")]
    # ids with a space or a bracket are somebody's, with figures and no name; a page footer is nobody;
    # an employee whose login is "max" has a name
    rows = [head, *people, ["E 1041", None, "客户咨询", 7], ["E1042（外包）", None, "客户咨询", 7],
            ["第1页，共2页", None, None, None], ["max", "罗娟", "客户咨询", 8]]
    data = read_grid(make_grid("S", rows), _ctx(catalogue))
    assert list(data.records["employee_id"]) == ["E1", "E2", "E3", "E 1041", "E1042(外包)", "max"]
    assert [(p.type, p.cell) for p in data.problems] == [("label-row", "A7")]
    letters = [head, ["ZHANG", "张三", "客户咨询", 8], ["LI", "李四", "客户咨询", 9], ["WANG", None, "客户咨询", None]]
    data = read_grid(make_grid("S", letters), _ctx(catalogue))
    assert list(data.records["employee_id"]) == ["ZHANG", "LI", "WANG"] and data.problems == []
    # a target line is named as one, whatever the ids
    data = read_grid(make_grid("S", [head, *people, ["目标值（部门）", None, None, 9], ["Avg.", None, None, 9]]),
                     _ctx(catalogue))
    assert [(p.type, p.cell) for p in data.problems] == [("reference-row", "A5"), ("reference-row", "A6")]
    assert list(data.records["employee_id"]) == ["E1", "E2", "E3"]


@given(hst.lists(hst.one_of(hst.text(max_size=40), hst.sampled_from(["E0001", "1001", "客服二组", "1. 注", "A-7", "x" * 33 + "1",
                                                                     "E 1041", "张 3", "3 张", "第1页,共2页", "E1(外包)"])),
                max_size=30))
def test_ids_shapes_found_in_one_pass_are_those_of_each_text(texts):
    from kpi_cli.readers.layout_identity import _ID_SHAPE, _like_ids

    assert _like_ids(texts).tolist() == [len(t) <= 32 and _ID_SHAPE.fullmatch(t) is not None for t in texts]
