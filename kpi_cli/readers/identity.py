"""The identity columns of every input sheet (工号, 姓名, 部门, 岗位, 期间) and the headers they go by."""

from __future__ import annotations

from kpi_cli.text import normalize_label

# field → (zh label, en label, other headers people use). Matching ignores case, width and spaces.
IDENTITY_FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "employee_id": ("工号", "Employee ID", ("员工编号", "员工号", "员工工号", "编号", "职工号", "id", "emp id", "employee no", "employee number", "staff id")),
    "name": ("姓名", "Name", ("员工姓名", "名字", "employee name", "full name", "staff name")),
    "department": ("部门", "Department", ("所属部门", "部门名称", "dept", "department name")),
    "role": ("岗位", "Role", ("职位", "岗位名称", "职务", "position", "job", "job title", "role code")),
    "period": ("期间", "Period", ("考核期间", "考核周期", "周期", "月份", "period code", "month", "quarter")),
    # The amount a performance coefficient multiplies into the payout: identity-like (one per
    # person), not a measure; read by kpi score/export and from a --roster. Never 绩效工资: that is
    # the payout (base × coefficient), as kpi's own reports name it.
    "bonus_base": ("绩效工资基数", "Bonus base", ("奖金基数", "绩效基数", "绩效奖金基数", "bonus base amount",
                                              "bonus_base", "performance pay base", "base bonus")),
}
REQUIRED_FIELDS = ("employee_id", "role")
# The text columns about a person or a rating (who, where, when, rated by whom): a meta sheet may
# name them, and a units row has nothing to say under them.
PERSON_TEXT_FIELDS = ("employee_id", "name", "department", "role", "period", "rater", "rater_type")
# Extra headers of the long format (employee, role, measure, value [, period]).
LONG_FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "measure": ("指标", "Measure", ("考核指标", "考核标准", "指标代码", "指标名称", "考核指标名称", "KPI名称", "KPI指标",
                                    "考核项目", "考核项", "指标项", "measure code", "measure name", "indicator", "kpi",
                                    "kpi name")),
    "value": ("数值", "Value", ("值", "实际值", "完成值", "实际完成值", "实际完成", "实际数", "实绩", "结果", "本期实际",
                                "actual", "actual value", "result", "figure")),
    # the unit of each row's figure: checked against the measure's (never converted)
    "unit": ("单位", "Unit", ("计量单位", "数值单位", "指标单位", "units", "uom")),
}

# Columns kpi knows but does not read: line numbers and remarks (silently), and the totals,
# grades and ranks a spreadsheet computed (with a warning: kpi computes its own).
SEQUENCE_FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "seq": ("序号", "No.", ("行号", "序", "no", "#", "s/n", "sn", "seq", "row no")),
    "remark": ("备注", "Remarks", ("说明", "备注说明", "remark", "note", "notes", "comment", "comments")),
    "computed": ("总分", "Total score", ("得分", "总得分", "考核得分", "综合得分", "绩效得分", "考核总分", "等级", "考核等级",
                                        "绩效等级", "评级", "排名", "名次", "total", "score", "grade", "rank", "rating grade")),
}
NOT_READ_FIELDS = frozenset(SEQUENCE_FIELDS)

# The rater of a rating row (several raters per employee and measure combine; see kpi_cli/readers/raters.py).
RATER_FIELDS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "rater": ("评价人", "Rater", ("评分人", "评估人", "考评人", "打分人", "评价人姓名", "reviewer", "rater name", "reviewer name")),
    "rater_type": ("评价人类型", "Rater type", ("评价类型", "评分人类型", "评价人关系", "评价关系", "reviewer type", "rater relationship")),
}

_LOOKUP: dict[str, str] = {}


def _build() -> dict[str, str]:
    if not _LOOKUP:
        for table in (IDENTITY_FIELDS, LONG_FIELDS, RATER_FIELDS, SEQUENCE_FIELDS):
            for field, (zh, en, others) in table.items():
                for label in (field, zh, en, *others):
                    _LOOKUP.setdefault(normalize_label(label), field)
    return _LOOKUP


def identity_field(header: object) -> str | None:
    """'工号', 'Employee ID', 'employee_id', '员工编号' → 'employee_id'; None for anything else."""
    return _build().get(normalize_label(header))


def identity_label(field: str, lang: str) -> str:
    zh, en, _ = (IDENTITY_FIELDS | LONG_FIELDS | RATER_FIELDS | SEQUENCE_FIELDS)[field]
    return zh if lang == "zh" else en
