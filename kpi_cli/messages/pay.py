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

MESSAGES.update({
    # --- input -------------------------------------------------------------------------------
    "problem.bad-bonus-base": (
        "绩效工资基数应为不小于 0 的金额（如 8000 或 8,000.50），而不是“{value}”；该员工的绩效工资留空，不按 0 计算。",
        "The bonus base must be an amount of 0 or more (e.g. 8000 or 8,000.50), not '{value}'; this employee's "
        "payout is left blank, never 0.",
    ),
    "problem.missing-bonus-base": (
        "没有绩效工资基数：请在“绩效工资基数”列或 --roster 花名册中填写；该员工的绩效工资留空，不按 0 计算。",
        "No bonus base: give one in the 'Bonus base' column or in the --roster file; this "
        "employee's payout is left blank, never 0.",
    ),
    "problem.bonus-base-conflict": (
        "输入文件的绩效工资基数 {value} 与花名册 {roster} 的 {kept} 不同；已使用花名册的 {kept}。",
        "The bonus base {value} in the input differs from {kept} in the roster {roster}; the roster's {kept} is used.",
    ),
    "problem.roster-id-spelling": (
        "花名册 {roster} 中的工号 {value} 与数据中的 {employee_id} 只差前导零、大小写或空格，且姓名相同（{name}）：按同一人计，使用花名册的绩效工资基数。如不是同一人，请更正工号。",
        "The roster {roster} gives employee id {value}; the data gives {employee_id} with the same name ({name}), differing only in leading zeros, case or spaces: counted as that person, with the roster's bonus base. If they are different people, correct the id.",
    ),
    "problem.bonus-base-changed": (
        "员工 {employee_id} 的绩效工资基数各月不同：{value}；使用最后一个月的 {kept}（用 --roster 花名册时以花名册为准）。如本期基数应为其他数额，请在花名册中给出。",
        "The bonus base of employee {employee_id} differs between months: {value}; the last month's {kept} is used (with --roster, the roster's). If the period's base is another figure, give it in the roster.",
    ),
    "problem.bonus-base-differs": (
        "员工 {employee_id} 的各行给出了不同的绩效工资基数：{value}；请只保留一个。该员工的绩效工资留空，不按 0 计算。",
        "The rows of employee {employee_id} give different bonus bases: {value}; keep one. This employee's payout is left blank, never 0.",
    ),
    "problem.roster-no-bonus-base": (
        "花名册没有“绩效工资基数”列（也可写作 奖金基数 / Bonus base）；请加上这一列，或去掉 --roster。",
        "The roster has no 'Bonus base' column (its Chinese headers work too); add it, or drop --roster.",
    ),
    "problem.no-coefficients": (
        "给出了绩效工资基数，但目录的等级没有绩效系数：请在目录的每个等级加上 coefficient（见 docs/catalogue-format.md）。",
        "Bonus bases are given but the catalogue's grades have no performance coefficients: add a coefficient to "
        "every grade of the catalogue (see docs/catalogue-format.md).",
    ),
})

MESSAGES.update({
    # --- terminal --------------------------------------------------------------------------
    "col.coefficient": ("系数", "Coef."),
    "col.payout": ("绩效工资", "Payout"),
    "col.payout_total": ("绩效工资合计", "Payouts"),
    "score.quota_rule_max_enforced": (
        "强制分布：{grades} 合计不超过 {limit}（已校准等级）",
        "Quota: {grades} together at most {limit} (enforced: grades calibrated)",
    ),
    "score.quota_rule_min_enforced": (
        "强制分布：{grades} 合计至少 {limit}（已校准等级）",
        "Quota: {grades} together at least {limit} (enforced: grades calibrated)",
    ),
    "score.calibration_too_small": (
        "{quota}：仅 {graded} 人评级，配额不足一人，未强制",
        "{quota}: only {graded} graded, less than one person's share — not enforced",
    ),
    "score.calibration_unmet": (
        "{quota}：只下调等级无法满足，请人工处理",
        "{quota}: cannot be met by moving grades down — settle it by hand",
    ),
    "explain.calibrated": (
        "强制分布：原等级 {original} → 校准后等级 {grade}（{department} 的配额 {quota}；总分不变）。",
        "Calibrated: grade {original} → {grade} (the quota {quota} of {department}; the total is unchanged).",
    ),
    "explain.coefficient_grade": ("绩效系数：等级 {grade} → {coefficient}。", "Performance coefficient: grade {grade} → {coefficient}."),
    "explain.coefficient_total": (
        "绩效系数：总分 {total} ÷ 100，限制在 {min}–{max} → {coefficient}。",
        "Performance coefficient: total {total} ÷ 100, clamped to {min}–{max} → {coefficient}.",
    ),
    "explain.no_coefficient": ("没有等级，因此没有绩效系数和绩效工资。", "No grade, so no performance coefficient and no payout."),
    "explain.no_base": (
        "没有绩效工资基数：绩效工资留空（不是 0）。",
        "No bonus base: the payout is left blank (not 0).",
    ),
    "explain.payout": (
        "绩效工资 = 基数 {base} × 系数 {coefficient} = {payout}（四舍五入到分）。",
        "Payout = bonus base {base} × coefficient {coefficient} = {payout} (rounded half up to the cent).",
    ),
})

MESSAGES.update({
    # --- reports (Excel, HTML) ---------------------------------------------------------------
    "report.col.grade_original": ("原等级", "Original grade"),
    "report.col.calibration": ("校准依据", "Calibrated by"),
    "report.col.coefficient": ("绩效系数", "Coefficient"),
    "report.col.bonus_base": ("绩效工资基数", "Bonus base"),
    "report.col.payout": ("绩效工资", "Payout"),
    "report.col.payout_total": ("绩效工资合计", "Payouts"),
    "report.col.before": ("校准前 {grade}", "{grade} before"),
    "report.col.calibration_notes": ("未强制的配额", "Quotas not enforced"),
    "report.calibrated_from": ("原等级 {original} → 校准后 {grade}（{quota}）", "Calibrated from {original} to {grade} ({quota})"),
    "report.distribution_before": ("校准前", "Before calibration"),
    "report.tile.payouts": ("绩效工资合计", "Payouts"),
})
