"""Messages about periods and combining monthly files."""

MESSAGES = {
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
    "problem.employee-missing-month": (
        "员工 {employee_id} 缺少 {value} 的数据：按已有月份评分；请核对是否漏填。",
        "Employee {employee_id} has no figures for {value}: scored on the other months; check whether a row is missing.",
    ),
    "problem.period-overlap": (
        "员工 {employee_id} 既出现在整期文件中，又出现在月度文件中：会被重复计算；请只保留一种。",
        "Employee {employee_id} is both in a whole-period file and in monthly files: that would count twice; keep one.",
    ),
}
