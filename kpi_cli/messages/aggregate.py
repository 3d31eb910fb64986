"""Messages about periods and combining monthly files."""

MESSAGES = {
    "people.difference.zeros": ("前导零", "leading zeros"),
    "people.difference.case": ("大小写或空格", "letter case or spaces"),
    "people.difference.both": ("前导零、大小写或空格", "leading zeros, letter case or spaces"),
    "problem.bad-period": (
        "期间“{value}”无法识别；请写成 2026-07、2026-Q3、2026-H2 或 2026。",
        "Period '{value}' is not understood; write 2026-07, 2026-Q3, 2026-H2 or 2026.",
    ),
    "problem.period-outside": (
        "期间 {value} 不在 {period} 之内，已忽略这些行；如需评分请用 --period {value}。",
        "Period {value} is outside {period}; those rows were ignored. Score them with --period {value}.",
    ),
    "problem.missing-month": (
        "缺少 {value} 的数据：{period} 只按已提供的月份评分（次数类指标按月份比例折算）；请补上该月文件。",
        "No figures for {value}: {period} is scored on the months given (count standards pro rata); add that month's file.",
    ),
    "problem.sum-too-large": (
        "员工 {employee_id} 各月的“{name_zh}”加起来超出了数字能表示的范围（约 1.8×10³⁰⁸），无法使用；请核对各月的数值。",
        "Employee {employee_id}'s monthly figures of '{name_en}' add up to more than a number can hold (about 1.8e308) and cannot be used; check the figures of each month.",
    ),
    "problem.employee-missing-month": (
        "员工 {employee_id} 缺少 {value} 的数据：按已有月份评分；请核对是否漏填。",
        "Employee {employee_id} has no figures for {value}: scored on the other months; check whether a row is missing.",
    ),
    "problem.period-overlap": (
        "员工 {employee_id} 既出现在整期文件中，又出现在月度文件中：会被重复计算；请只保留一种。",
        "Employee {employee_id} is both in a whole-period file and in monthly files: that would count twice; keep one.",
    ),
    "problem.id-spellings-merged": (
        "工号 {spellings} 只差{difference}，且姓名相同（{name}）：按同一人计，统一显示为 {chosen}。如果是不同的人，请给他们不同的工号。",
        "Employee ids {spellings} differ only in {difference} and carry the same name ({name}): counted as one person, shown as {chosen}. If they are different people, give them different ids.",
    ),
    "problem.id-spellings-apart": (
        "工号 {spellings} 只差{difference}，但姓名不同或缺少姓名：按不同的人分别评分。如果是同一人，请统一工号和姓名。",
        "Employee ids {spellings} differ only in {difference} but the names differ or are missing: scored as different people. If they are one person, use one id and name.",
    ),
    "problem.role-change": (
        "员工 {employee_id}{name_zh} 在 {period} 内调岗：{parts_zh}。按各岗位所在月份分别评分（次数类目标按月份折算），期间总分为按月份加权的平均分；排名和分布计入最后一个月的岗位和部门。",
        "Employee {employee_id}{name_en} changed role within {period}: {parts_en}. Each role is scored on its own months (count standards pro rata) and the period total is their month-weighted mean; ranks and the distribution use the last month's role and department.",
    ),
    "problem.department-change": (
        "员工 {employee_id}{name_zh} 在 {period} 内调换部门：{departments}。按一个总分计，归入最后一个月的部门 {department}。",
        "Employee {employee_id}{name_en} moved department within {period}: {departments}. One score, filed under the last month's department, {department}.",
    ),
}
