"""Messages of `kpi template`: the blank input workbook, its instructions sheet, and the roster."""

MESSAGES = {
    # Sheet names and workbook properties.
    "template.sheet.instructions": ("填写说明", "Instructions"),
    "template.title": ("KPI 考核数据填写表", "KPI appraisal input workbook"),
    "template.subject": ("{catalogue}（版本 {version}）", "{catalogue} (version {version})"),
    # The instructions sheet.
    "template.intro.title": ("KPI 考核数据填写说明", "How to fill in this KPI workbook"),
    "template.intro.catalogue": ("考核目录：{name}（版本 {version}）", "Catalogue: {name} (version {version})"),
    "template.intro.period": ("考核期间：{period}", "Period: {period}"),
    "template.intro.no_period": (
        "考核期间：未指定 —— 评分时用 --period 指定，或把期间写进文件名（如 2026-Q3.xlsx）",
        "Period: not given — name it when scoring (--period), or put it in the file name (e.g. 2026-Q3.xlsx)",
    ),
    "template.intro.generator": ("由 kpi {version} 生成", "Made by kpi {version}"),
    "template.intro.rules": ("填写规则", "Rules for filling in"),
    "template.rule.rows": (
        "每个岗位一张工作表（见下方的工作表标签）；每行填一名员工。工号和岗位必填，工号每人唯一；姓名、部门选填。",
        "One sheet per role (see the sheet tabs below); one employee per row. Employee ID and role are "
        "required and each ID is used once; name and department are optional.",
    ),
    "template.rule.blank": (
        "空白单元格 = 未考核：该项不计分，其权重由其他已考核的项分担。不知道的数请留空，切勿填 0 —— 0 是一个真实的数值，会按 0 计分。",
        "A blank cell means \"not assessed\": the measure is left out and its weight goes to the assessed ones. "
        "Leave a figure you do not know blank — never type 0 for it: 0 is a real figure and is scored as 0.",
    ),
    "template.rule.percent": (
        "百分比：输入带 % 号的数，如 95%（单元格已设为百分比格式，保存为 0.95）。同比变化可以为负，如 -5%。",
        "Percentages: type the number with a % sign, e.g. 95% (the cells are percent-formatted and store 0.95). "
        "Changes against last year may be negative, e.g. -5%.",
    ),
    "template.rule.yes_no": (
        "是/否：从下拉列表中选择“是”或“否”。",
        "Yes/no: choose \"yes\" or \"no\" from the drop-down list.",
    ),
    "template.rule.rating": (
        "评分：1–5 分，3 = 达标（符合标准），5 = 最好；可填多位评价人的平均分，如 3.6。",
        "Ratings: 1 to 5, where 3 = meets the standard and 5 is the best; an average of several raters "
        "such as 3.6 is fine.",
    ),
    "template.rule.counts": (
        "次数、天数、小时数等：填本期的实际数字（不小于 0）。按年或按季度给出的次数标准，评分时按本期长度折算。"
        "标有“季度指标”“半年度指标”“年度指标”的列只在不短于该周期的考核期评分，较短的考核期本期不考核，可留空。",
        "Counts, days, hours and the like: type the period's actual figure (0 or more). A count standard "
        "given per year or per quarter is scaled to the period's length when scoring. A column noted as a "
        "quarterly, half-yearly or yearly measure is scored only over a period at least that long; in a "
        "shorter period it is not due and may be left blank.",
    ),
    "template.rule.help": (
        "选中一个单元格即可看到该项的原文标准和跟踪方式；超出范围的数值会被拒绝。",
        "Select a cell to see the measure's standard and how it is tracked; figures out of range are refused.",
    ),
    "template.rule.keep": (
        "请勿修改或删除表头，也不要删除隐藏的“_kpi”工作表（它记录每一列对应的考核标准）；可以增加行。",
        "Do not change or delete the headers, nor the hidden \"_kpi\" sheet (it records which measure each "
        "column holds); adding rows is fine.",
    ),
    "template.rule.derived": (
        "† = 原文未给出、由本工具推导的数值（如及格线、上限）或考核项。",
        "† = a value (such as a floor or ceiling) or measure that the source document does not give, derived by kpi.",
    ),
    "template.role.heading": (
        "岗位：{name}（{code}）· 工作表“{sheet}” · 部门：{department}",
        "Role: {name} ({code}) · sheet \"{sheet}\" · department: {department}",
    ),
    "template.col.column": ("列", "Column"),
    "template.col.measure": ("考核标准", "Measure"),
    "template.col.code": ("代码", "Code"),
    "template.col.unit": ("单位", "Unit"),
    "template.col.rule": ("计分规则", "Scoring rule"),
    "template.col.standard": ("原文标准", "Standard"),
    "template.col.source": ("如何跟踪", "How tracked"),
    "template.col.derived": ("推导", "Derived"),
    "template.identity.employee_id": ("员工编号，必填，每人唯一（按文本保存，保留前导 0）", "Required, one per employee (kept as text, leading zeros kept)"),
    "template.identity.name": ("员工姓名（选填）", "Employee name (optional)"),
    "template.identity.department": ("所在部门（选填，用于部门排名和等级分布）", "Department (optional; used for department ranks and grade quotas)"),
    "template.identity.role": ("岗位名称，必填；从下拉列表中选择", "Required; choose from the drop-down list"),
    "template.identity.unit": ("文本", "text"),
    "template.derived.measure": ("† 考核项为推导", "† measure derived"),
    "template.derived.params": ("† {params}", "† {params}"),
    "template.basis": ("（标准按{basis}）", " (standard {basis})"),
    "template.scaled": ("（标准按{basis}，已折算到 {period}）", " (standard {basis}, scaled to {period})"),
    "template.cycle.note": (
        "{tag}：按{span}或更长的期间考核；更短的考核期本期不考核，可留空。",
        "{tag}: assessed over {span} or longer; in a shorter period it is not due and may be left blank.",
    ),
    "template.cycle.not_due": (
        "本期 {period} 不考核：请留空；如填写，仅作参考，不计分。",
        "Not due in {period}: leave it blank; a figure given is for information only, not scored.",
    ),
    "template.kind.veto": ("一票否决项：", "Veto: "),
    "template.kind.bonus": ("加分项：", "Bonus: "),
    # Data validation: the input message (title ≤ 32 characters, text ≤ 255) and the error.
    "template.input.standard": ("标准：{standard}", "Standard: {standard}"),
    "template.input.source": ("如何跟踪：{source}", "Tracked by: {source}"),
    "template.input.blank": ("不知道请留空（= 未考核），勿填 0。", "Unknown? Leave it blank (= not assessed), not 0."),
    "template.input.employee_id": ("必填，每人唯一。", "Required, one per employee."),
    "template.input.role": ("从下拉列表中选择本岗位。", "Choose this role from the list."),
    "template.hint.percent": ("填写：百分比，如 95%", "Type a percentage, e.g. 95%"),
    "template.hint.change_pct": ("填写：较去年的变化，可为负，如 -5%", "Type the change in %, may be negative, e.g. -5%"),
    "template.hint.reduction_pct": (
        "填写：减少（节约）的幅度，如 25%；反而增加时填负数，如 -5%",
        "Type the cut (saving) in %, e.g. 25%; an increase is negative, e.g. -5%",
    ),
    "template.hint.pp_change": ("填写：较去年变化的百分点，可为负，如 0.5", "Type the change in percentage points, may be negative, e.g. 0.5"),
    "template.hint.count_change": ("填写：较去年增减的次数，减少填负数，如 -2", "Type the change in the count against last year; fewer is negative, e.g. -2"),
    "template.hint.count": ("填写：次数（不小于 0）", "Type a count (0 or more)"),
    "template.hint.count_whole": ("填写：次数（整数，不小于 0）", "Type a whole count (0 or more)"),
    "template.hint.seconds": ("填写：秒数", "Type seconds"),
    "template.hint.minutes": ("填写：分钟数", "Type minutes"),
    "template.hint.hours": ("填写：小时数", "Type hours"),
    "template.hint.days": ("填写：天数", "Type days"),
    "template.hint.weeks": ("填写：周数", "Type weeks"),
    "template.hint.rating": ("填写：评分 {min}–{max}，3 = 达标，可填平均分如 3.6", "Type a rating {min}–{max}, 3 = meets the standard; 3.6 is fine"),
    "template.hint.score": ("填写：分数 0–100", "Type a score from 0 to 100"),
    "template.hint.ratio": ("填写：比值，如 1.05", "Type a ratio, e.g. 1.05"),
    "template.hint.yes_no": ("从下拉列表选择 是 或 否", "Choose yes or no from the list"),
    "template.hint.other": ("填写数值", "Type a number"),
    "template.error.title": ("数值无效", "Invalid value"),
    "template.error.between": (
        "请输入 {min} 到 {max} 之间的数。不知道请留空，勿填 0。",
        "Type a number from {min} to {max}. Unknown? Leave the cell blank, not 0.",
    ),
    "template.error.at_least": (
        "请输入不小于 {min} 的数。不知道请留空，勿填 0。",
        "Type a number of at least {min}. Unknown? Leave the cell blank, not 0.",
    ),
    "template.error.whole": (
        "请输入不小于 {min} 的整数。不知道请留空，勿填 0。",
        "Type a whole number of at least {min}. Unknown? Leave the cell blank, not 0.",
    ),
    "template.error.percent": (
        "请输入 {min} 到 {max} 之间带 % 号的百分比，如 95%。不知道请留空，勿填 0。",
        "Type a percentage from {min} to {max} with the % sign, e.g. 95%. Unknown? Leave it blank, not 0.",
    ),
    "template.error.change_pct": (
        "请输入带 % 号的变化幅度，不小于 {min}，如 5% 或 -5%。不知道请留空，勿填 0。",
        "Type the change with the % sign, at least {min}, e.g. 5% or -5%. Unknown? Leave it blank, not 0.",
    ),
    "template.error.reduction_pct": (
        "请输入带 % 号的减少幅度，不大于 {max}，如 25%；增加填负数，如 -5%。不知道请留空，勿填 0。",
        "Type the cut with the % sign, at most {max}, e.g. 25%; an increase is negative, e.g. -5%. Unknown? Leave it blank, not 0.",
    ),
    "template.error.list": ("请从下拉列表中选择：{choices}。", "Choose from the list: {choices}."),
    "template.error.duplicate_id": ("这个工号已在本表中出现过；每名员工只占一行。", "This employee ID is already on this sheet; one row per employee."),
    # What was written; usage errors.
    "template.written": ("已写入 {path}（{roles} 个岗位，{employees} 名员工）", "Wrote {path} ({roles} roles, {employees} employees)"),
    "template.no_roles": (
        "请指定岗位（代码、中文或英文名，如 cs_inquiry 或 客户咨询），或用 --all 生成全部岗位，或用 --roster 按名单生成。用 kpi roles 查看全部岗位。",
        "Name the roles (code, Chinese or English name, e.g. cs_inquiry or 'Customer Inquiry'), or use --all for every "
        "role, or --roster to take them from a roster. See them all with: kpi roles",
    ),
    "template.unknown_role": (
        "未知岗位“{role}”。相近的有：{hint}。用 kpi roles 查看全部。",
        "Unknown role '{role}'. Close matches: {hint}. See all with: kpi roles",
    ),
    "template.exists": (
        "{path} 已存在；如要覆盖请加 --force，或用 -o 指定其他文件名。",
        "{path} already exists; add --force to overwrite it, or choose another name with -o.",
    ),
    "template.exists_many": (
        "以下文件已存在：{paths}；如要覆盖请加 --force，或用 -o 指定其他文件夹。",
        "These files already exist: {paths}; add --force to overwrite them, or choose another folder with -o.",
    ),
    "template.not_xlsx": (
        "输出文件名“{path}”应以 .xlsx 结尾。",
        "The output name '{path}' must end in .xlsx.",
    ),
    "template.split_needs_folder": (
        "使用 --split 时，-o 应为文件夹，而“{path}”是一个文件。",
        "With --split, -o names a folder, and '{path}' is a file.",
    ),
    "template.output_is_folder": (
        "“{path}”是一个文件夹；请给出 .xlsx 文件名，或使用 --split。",
        "'{path}' is a folder; give a .xlsx file name, or use --split.",
    ),
    "template.would_overwrite_input": (
        "输出文件 {path} 就是名单文件；请用 -o 另选一个文件名。",
        "The output {path} is the roster itself; choose another name with -o.",
    ),
    "template.cannot_write": ("无法写入 {path}：{reason}", "Cannot write {path}: {reason}"),
    "template.tag.warning": ("警告", "warning"),
    # Roster problems (problem.<type>: filled with the Problem's fields and params).
    "problem.roster-unknown-role": (
        "名单中的岗位“{value}”不在目录中；相近的有：{hint}。请改用目录中的岗位名称或代码（kpi roles）。",
        "The roster's role '{value}' is not in the catalogue; close matches: {hint}. Use a role name or code "
        "from the catalogue (kpi roles).",
    ),
    "problem.roster-missing-role": (
        "工号 {employee_id} 没有填写岗位；请补上岗位名称或代码。",
        "Employee {employee_id} has no role; fill in a role name or code.",
    ),
    "problem.roster-missing-id": (
        "这一行（姓名：{value}）没有工号；请补上工号，否则无法登记考核数据。",
        "This row (name: {value}) has no employee ID; fill it in, or the employee cannot be scored.",
    ),
    "problem.roster-duplicate-id": (
        "工号 {employee_id} 已在 {kept} 出现过；表格中只保留那一行，这一行未写入。请删除或更正重复的行。",
        "Employee ID {employee_id} already appears at {kept}; the workbook keeps only that row and leaves this one "
        "out. Delete or correct the duplicate.",
    ),
    "problem.roster-role-not-chosen": (
        "名单中有 {count} 名员工的岗位是 {role}，但本次未生成该岗位的工作表；需要时请加上该岗位或 --all。",
        "{count} roster employees have the role {role}, which is not in this workbook; add that role or --all if needed.",
    ),
    "problem.roster-missing-column": (
        "名单缺少“{column}”列；找到的表头：{found}。请添加工号和岗位两列（如“工号”“岗位”）。",
        "The roster has no '{column}' column; headers found: {found}. It needs an employee ID and a role "
        "column (e.g. 'Employee ID', 'Role').",
    ),
    "problem.roster-unreadable": (
        "无法读取名单：{reason}",
        "Cannot read the roster: {reason}",
    ),
    "problem.roster-read-warning": (
        "读取名单时：{reason}",
        "Reading the roster: {reason}",
    ),
    "problem.roster-empty-file": (
        "名单文件是空的；请在第一行写表头（工号、姓名、部门、岗位），每名员工占一行。",
        "The roster file is empty; put the headers (Employee ID, Name, Department, Role) on the first row and one "
        "employee per row.",
    ),
    "problem.roster-bad-encoding": (
        "名单中部分字符无法按 {encoding} 编码解读，已替换为 �；请在 Excel 中把名单另存为“CSV UTF-8”或 .xlsx。",
        "Some characters of the roster could not be decoded as {encoding} and were replaced by �; save it as "
        "'CSV UTF-8' or .xlsx from Excel.",
    ),
    "problem.roster-no-employees": (
        "名单只有表头，没有员工行。",
        "The roster has a header but no employee rows.",
    ),
    "problem.roster-no-roles": (
        "名单 {file} 中没有哪一行同时有工号和目录中的岗位，无法按名单选择岗位；请检查名单的工号和岗位列，或直接指定岗位 / 使用 --all。",
        "No row of the roster {file} has both an employee ID and a role of the catalogue, so it chooses no roles; "
        "check its ID and role columns, or name the roles / use --all.",
    ),
    "problem.roster-bad-type": (
        "名单 {file} 不是可读取的文件类型（{supported}）；请另存为 .xlsx 或 CSV（UTF-8）。",
        "The roster {file} is not a file type kpi reads ({supported}); save it as .xlsx or CSV (UTF-8).",
    ),
}
