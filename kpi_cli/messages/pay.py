"""Messages about pay: performance coefficients, bonus bases, payouts and calibration (强制分布)."""

MESSAGES = {
    # --- catalogue ---------------------------------------------------------------------------
    "problem.catalogue-bad-coefficient": (
        "“{key}”应为不小于 0 的数（如 1.2），而不是“{value}”。",
        "'{key}' must be a number of 0 or more (e.g. 1.2), not '{value}'.",
    ),
    "problem.catalogue-missing-coefficient": (
        "等级 {value} 没有绩效系数（coefficient）；一旦有等级给出系数，每个等级都要给出，否则该等级的人拿不到绩效工资。",
        "Grade {value} has no performance coefficient (coefficient); once any grade has one, every grade needs "
        "one, or its people would get no payout.",
    ),
    "problem.catalogue-bad-coefficient-range": (
        "coefficient_min（{min}）大于 coefficient_max（{max}）；请交换两者。",
        "coefficient_min ({min}) is larger than coefficient_max ({max}); swap them.",
    ),
    "catxlsx.section.pay": (
        "绩效系数与强制分布：coefficient_mode 为 grade（按等级的系数，见 [grades] 的 coefficient 列）或 total"
        "（总分 ÷ 100，限制在 coefficient_min 到 coefficient_max 之间）；calibrate 为 TRUE 时按配额强制分布",
        "coefficients and calibration: coefficient_mode grade (each grade's coefficient column in [grades]) or "
        "total (the total ÷ 100, clamped to coefficient_min–coefficient_max); calibrate TRUE enforces the quotas",
    ),
    "config.bad.calibrate": (
        "{file}：calibrate 应为 true 或 false，而不是 {value}。",
        "{file}: calibrate must be true or false, not {value}.",
    ),
}
