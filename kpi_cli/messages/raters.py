"""Messages about ratings from several raters: rater types, combining, problems, forms, explanations."""

MESSAGES = {
    # --- rater types (stable ASCII codes; the catalogue's assessor names map onto them) ------------
    "rater_type.self": ("自评", "Self"),
    "rater_type.supervisor": ("上级", "Supervisor"),
    "rater_type.peer": ("同事", "Peer"),
    "rater_type.subordinate": ("下级", "Subordinate"),
    "rater_type.customer": ("客户", "Customer"),
    "rater_type.internal_customer": ("内部客户", "Internal customer"),
    "rater_type.general_manager": ("总经理", "General manager"),
    "rater_type.director": ("总监", "Director"),
    "rater_type.manager": ("经理", "Manager"),
    "rater_type.managers_directors": ("经理和总监", "Managers and directors"),
    "rater_type.managers_directors_customers": ("经理/总监和外部客户", "Managers, directors and external customers"),
    "rater_type.regional_operations_director": ("区域操作总监", "Regional operations director"),
    "rater_type.regional_claims_manager": ("区域索赔经理", "Regional claims manager"),
    "rater_type.project_manager": ("项目经理", "Project manager"),
    "rater_type.team_leader": ("组长", "Team leader"),
    "rater_type.production": ("生产部门", "Production department"),
    "rater_type.adjusters": ("理算人员", "Adjusters"),
    "rater_type.adjusting_analysts": ("其他机构或部门的理算分析师", "Adjusting analysts of other units or departments"),
    "rater_type.surveyed_departments": ("被调查的部门", "Surveyed departments"),
    "rater_type.surveyed_staff": ("被调查的区域职员", "Surveyed regional staff"),
    "rater_type.surveyed_claimants": ("被调查的索赔者", "Surveyed claimants"),
    # --- problems -------------------------------------------------------------------------------
    "problem.rater-type-unknown": (
        "未知的评价人类型“{value}”；请填写以下之一：{known_zh}，或该指标的评价人（见 kpi role show）。",
        "Unknown rater type '{value}'; use one of: {known_en}, or the measure's assessor (see kpi role show).",
    ),
    "problem.rater-type-missing": (
        "评价人“{rater}”没有填写评价人类型；请填写（如 上级、同事、自评、客户），以便按类型计算和检查。",
        "Rater '{rater}' has no rater type; fill it in (e.g. Supervisor, Peer, Self, Customer) so that the rating can be weighted and checked.",
    ),
    "problem.duplicate-rater": (
        "评价人“{rater}”对员工 {employee_id} 的“{name_zh}”评了不止一次（另见：{others}）；每位评价人只能评一次，请删除多余的一行或更正评价人。",
        "Rater '{rater}' rated '{name_en}' of employee {employee_id} more than once (also at: {others}); each rater rates once: delete the extra row or correct the rater.",
    ),
    "problem.rater-figure-twice": (
        "员工 {employee_id} 的“{name_zh}”是数量或比例，不是评分，却有 {count} 个来源给出了数值（另见：{others}）；数量和比例不能在评价人之间平均，请只保留一个数值。",
        "'{name_en}' of employee {employee_id} is a count or a share, not a rating, yet {count} sources give a figure (also at: {others}); counts and shares are never averaged across raters: keep one figure.",
    ),
    "problem.rating-and-figure": (
        "员工 {employee_id} 的“{name_zh}”既在数据表中填了数值（{figure_at}），又有评价人评分；请二选一：清空数据表中的数值以使用评价人评分，或删除评分。",
        "'{name_en}' of employee {employee_id} has both a figure in the data ({figure_at}) and ratings from raters; choose one: clear the figure to use the raters' ratings, or remove the ratings.",
    ),
    "problem.rater-role-mismatch": (
        "这条评分把员工 {employee_id} 当作岗位 {rating_role}，而数据表中该员工的岗位是 {figure_role}（{figure_at}）；请更正评分表或数据表中的岗位。",
        "This rating takes employee {employee_id} as role {rating_role}, but the data gives role {figure_role} ({figure_at}); correct the role in the rating form or in the data.",
    ),
    "problem.rater-id-spelling": (
        "评分中的工号 {value} 与数据中的 {figure_id} 只差前导零、大小写或空格，且姓名相同（{name}）：按同一人计，显示为 {figure_id}。如不是同一人，请更正工号。",
        "The rating gives employee id {value}; the data gives {figure_id} with the same name ({name}), differing only in leading zeros, case or spaces: counted as that person, shown as {figure_id}. If they are different people, correct the id.",
    ),
    "problem.too-few-raters": (
        "员工 {employee_id} 的“{name_zh}”只有 {raters} 位评价人，少于要求的 {minimum} 位；请补充评分（该指标已标记）。",
        "'{name_en}' of employee {employee_id} has {raters} rater(s), fewer than the {minimum} required; collect more ratings (the measure is flagged).",
    ),
    "problem.rater-spread": (
        "员工 {employee_id} 的“{name_zh}”评价人之间相差 {spread} 分（{ratings}）；请人力资源部核实。",
        "'{name_en}' of employee {employee_id}: the raters differ by {spread} points ({ratings}); HR should look at it.",
    ),
    "problem.rater-missing": (
        "员工 {employee_id} 的“{name_zh}”缺少来自“{types_zh}”的评分；请收回该类评价人的评分表。",
        "'{name_en}' of employee {employee_id} has no rating from: {types_en}; collect that rater type's form.",
    ),
    "problem.rater-type-unweighted": (
        "评价人类型“{type_zh}”不在评价人权重表中（kpi.toml 的 [raters] weights），其评分只显示、不计分；如需计分，请在权重表中加入该类型。",
        "Rater type '{type_en}' is not in the rater weights table (kpi.toml [raters] weights): its ratings are shown but not scored; add the type to the table to score them.",
    ),
    # --- settings -------------------------------------------------------------------------------
    "config.bad.raters": (
        "{file}：[raters] 设置有误（{reason}）。可用：weights = {{'上级' = 0.6, '同事' = 0.2, '自评' = 0.2}}（中文名需加引号）、min_raters = 2、min_raters_by_measure = {{customer_rating = 3}}、exclude_self = true、spread = 2。",
        "{file}: the [raters] settings are wrong ({reason}). Allowed: weights = {{supervisor = 0.6, peer = 0.2, self = 0.2}}, min_raters = 2, min_raters_by_measure = {{customer_rating = 3}}, exclude_self = true, spread = 2.",
    ),
    "config.raters.not_table": ("应为一个表，如 [raters]", "it must be a table, e.g. [raters]"),
    "config.raters.unknown_key": ("未知的设置 {keys}", "unknown setting(s) {keys}"),
    "config.raters.weights_table": ("weights 应为一个表", "weights must be a table"),
    "config.raters.unknown_type": ("未知的评价人类型“{value}”，可用：{known}", "unknown rater type '{value}'; known: {known}"),
    "config.raters.bad_weight": ("“{value}”的权重 {weight} 应为不小于 0 的数", "the weight {weight} of '{value}' must be a number ≥ 0"),
    "config.raters.twice": ("评价人类型“{value}”写了两次", "rater type '{value}' is given twice"),
    "config.raters.all_zero": ("权重不能全为 0", "the weights cannot all be 0"),
    "config.raters.bad_count": ("{key} = {value} 应为不小于 1 的整数", "{key} = {value} must be a whole number ≥ 1"),
    "config.raters.unknown_measure": ("“{value}”不是目录中的考核标准代码", "'{value}' is not a measure code of the catalogue"),
    "config.raters.bad_bool": ("exclude_self = {value} 应为 true 或 false", "exclude_self = {value} must be true or false"),
    "config.raters.bad_spread": ("spread = {value} 应为大于 0 的数", "spread = {value} must be a number > 0"),
    # --- explain, reports -----------------------------------------------------------------------
    "raters.explain.heading": ("“{measure}”的评分（{n} 位评价人）：", "Ratings of '{measure}' ({n} rater(s)):"),
    "raters.explain.rating": ("  {rater}（{type}）：{value}{note}", "  {rater} ({type}): {value}{note}"),
    "raters.explain.anonymous": ("（匿名）", "(anonymous)"),
    "raters.explain.not_counted_self": ("  — 自评只显示，不计分", "  — self-rating shown, not scored"),
    "raters.explain.not_counted_unweighted": ("  — 该类型不在权重表中，不计分", "  — type not in the weights table, not scored"),
    "raters.explain.not_counted_invalid": ("  — 无法使用", "  — unusable"),
    "raters.explain.period": ("（{period}）", " ({period})"),
    "raters.explain.mean": ("  合并：{n} 位评价人的平均 = {formula} = {value}", "  Combined: the mean of {n} rater(s) = {formula} = {value}"),
    "raters.explain.single": ("  合并：只有一位评价人计分 = {value}", "  Combined: one rater scored = {value}"),
    "raters.explain.weighted": ("  合并：按评价人类型加权（权重按在场类型重新归一）= {formula} = {value}", "  Combined: weighted by rater type (weights of the types present re-normalised) = {formula} = {value}"),
    "raters.explain.months": ("  各月合并后再取平均：{formula} = {value}", "  Each month combined, then averaged: {formula} = {value}"),
    "raters.explain.none_counted": ("  没有计分的评分：该指标未考核", "  No rating is scored: the measure is not assessed"),
    "raters.count": ("{n} 位评价人", "{n} rater(s)"),
    "raters.col": ("评价人数", "Raters"),
    "report.flag.few-raters": ("评价人不足：{measure}", "too few raters: {measure}"),
    "report.flag.rater-spread": ("评价人分歧大：{measure}", "raters far apart: {measure}"),
    # --- kpi validate -----------------------------------------------------------------------------
    "validate.raters.title": ("评价人（按指标）", "Raters per measure"),
    "validate.raters.role": ("岗位", "Role"),
    "validate.raters.measure": ("指标", "Measure"),
    "validate.raters.employees": ("已评员工", "Employees rated"),
    "validate.raters.per_employee": ("每人评价人数（最少–最多）", "Raters per employee (min–max)"),
    "validate.raters.types": ("评价人类型", "Rater types"),
    "validate.raters.missing": ("缺少评分", "Missing ratings"),
    # --- kpi template --raters --------------------------------------------------------------------
    "raters.template.sheet_title": ("{assessor}评分", "{assessor} ratings"),
    "raters.template.rater_header": ("评价人", "Rater"),
    "raters.template.rater_type_header": ("评价人类型", "Rater type"),
    "raters.template.rater_prompt": (
        "填写评价人的姓名（或工号）。多位评价人：每人一行（复制员工行），或每人一份表格。",
        "Type the rater's name (or id). Several raters: one row each (copy the employee's row), or one form each.",
    ),
    "raters.template.rater_type_prompt": (
        "评价人与被评价人的关系：{types}",
        "How the rater relates to the employee: {types}",
    ),
    "raters.template.scale_prompt": (
        "1–5 分：1 远低于标准，2 低于标准，3 达到标准，4 高于标准，5 远高于标准；可填小数（如 3.5）。标准：{standard}",
        "1–5: 1 far below the standard, 2 below, 3 meets it, 4 above, 5 far above; decimals allowed (e.g. 3.5). Standard: {standard}",
    ),
    "raters.template.intro": (
        "评分表：请评价人为每位员工的每项指标打 1–5 分（3 = 达到标准）。每位评价人每行写上自己的姓名和类型；同一员工可有多位评价人（多行或多份表格），kpi 会自动合并。空白 = 未评。",
        "Rating form: the rater gives each employee a 1–5 rating per measure (3 = meets the standard). Each row carries the rater's name and type; an employee may have several raters (several rows or forms): kpi combines them. Blank = not rated.",
    ),
    "raters.template.none": (
        "所选岗位没有需要评价人打分的指标（评分类指标）。",
        "The chosen roles have no measures that raters score (rating measures).",
    ),
    "raters.template.written": ("已生成 {path}（{sheets} 个评分表，{employees} 行员工）", "Wrote {path} ({sheets} rating sheet(s), {employees} employee row(s))"),
    "raters.template.by_needs_split": (
        "--by 只用于 --raters --split（评分表按评价人类型或部门分文件）。",
        "--by goes with --raters --split (rating forms split per rater type or department).",
    ),
    "raters.template.no_department": ("未填部门", "no department"),
    "raters.template.by_department_needs_roster": (
        "--by department 需要 --roster：按名单中的部门分文件。",
        "--by department needs --roster: the files follow the roster's departments.",
    ),
    "raters.template.split_bad": (
        "--split 的取值应为 type（每种评价人类型一份）或 department（每个部门一份）。",
        "--split takes type (one file per rater type) or department (one file per department).",
    ),
}
