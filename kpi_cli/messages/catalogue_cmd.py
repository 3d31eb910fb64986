"""Messages of `kpi catalogue export|check|diff`, the xlsx catalogue, and kpi.toml settings."""

MESSAGES = {
    # --- the YAML export's header comment ------------------------------------------------------
    "catyaml.header.what": (
        "KPI 考核目录：{name}（版本 {version}）",
        "KPI catalogue: {name} (version {version})",
    ),
    "catyaml.header.source": ("导出自：{source}", "Exported from: {source}"),
    "catyaml.header.edit": (
        "可直接编辑：修改权重、目标值，删除或增加考核标准、岗位、否决项（vetoes）和加分项（bonuses）。",
        "Edit it freely: change weights and targets, drop or add measures and roles, vetoes and bonuses.",
    ),
    "catyaml.header.check": (
        "编辑后检查：kpi catalogue check 本文件",
        "Check it after editing: kpi catalogue check THIS_FILE",
    ),
    "catyaml.header.use": (
        "使用：kpi score … --catalogue 本文件，或在 kpi.toml 中写 catalogue = \"本文件\"",
        "Use it: kpi score … --catalogue THIS_FILE, or catalogue = \"THIS_FILE\" in kpi.toml",
    ),
    "catyaml.header.format": ("格式说明：{doc}", "Format: {doc}"),
    "catyaml.header.weight": (
        "weight: null 表示该考核指标与其他未给权重的指标平分剩余的权重。",
        "weight: null means the dimension shares what the other weights leave of 100% equally.",
    ),
    "catyaml.header.overrides": (
        "已包含 {file} 中的设置：{keys}",
        "Includes the settings of {file}: {keys}",
    ),
    "catyaml.builtin": ("内置目录", "the built-in catalogue"),
    # --- problems of the xlsx form and of the format --------------------------------------------
    "problem.catalogue-unknown-key": (
        "未知的键“{key}”（拼写错误？）已被忽略；可用：{allowed}。",
        "Unknown key '{key}' (a typo?) is ignored; known keys: {allowed}.",
    ),
    "problem.catalogue-kind-mismatch": (
        "kind 为“{value}”，但该考核标准位于 {expected} 类列表中；请把它移到对应列表（dimensions / vetoes / bonuses）或改正 kind。",
        "kind is '{value}' but the measure is in the {expected} list; move it to the matching list "
        "(dimensions / vetoes / bonuses) or correct kind.",
    ),
    "problem.catalogue-xlsx-unreadable": (
        "无法以 Excel 工作簿打开目录文件：{reason}。",
        "Cannot open the catalogue as an Excel workbook: {reason}.",
    ),
    "problem.catalogue-xlsx-stray-cell": (
        "“{value}”不在表格的任何一列下，已忽略；如果不需要，请删除这个单元格。",
        "'{value}' is under none of the table's columns and was ignored; delete the cell if it is not needed.",
    ),
    "problem.catalogue-xlsx-missing-sheet": (
        "缺少工作表“{value}”（也可命名为：{allowed}）。",
        "The sheet '{value}' is missing (it may also be named: {allowed}).",
    ),
    "problem.catalogue-xlsx-missing-column": (
        "工作表缺少“{key}”列；请在第 1 行加上该列标题。",
        "The sheet has no '{key}' column; add that header in row 1.",
    ),
    "problem.catalogue-xlsx-unknown-column": (
        "未知的列“{value}”已被忽略；可用：{allowed}。",
        "Unknown column '{value}' is ignored; known columns: {allowed}.",
    ),
    "problem.catalogue-xlsx-duplicate-column": (
        "列“{value}”出现了两次；请删除其中一列。",
        "Column '{value}' appears twice; delete one of them.",
    ),
    "problem.catalogue-xlsx-unknown-section": (
        "未知的设置分区“{value}”已被忽略；可用：{allowed}。",
        "Unknown settings section '{value}' is ignored; known sections: {allowed}.",
    ),
    "problem.catalogue-xlsx-unknown-role": (
        "岗位“{value}”不在岗位表中；请先在岗位表中加上它（含一个考核指标），或改正代码。",
        "Role '{value}' is not on the roles sheet; add it there (with a dimension) or correct the code.",
    ),
    "problem.catalogue-xlsx-unknown-dimension": (
        "岗位 {role} 没有考核指标“{value}”；可用：{allowed}。",
        "Role {role} has no dimension '{value}'; use one of: {allowed}.",
    ),
    "problem.catalogue-xlsx-role-mismatch": (
        "岗位 {role} 的“{key}”在此为“{value}”，与其第一行的“{first}”不同；同一岗位各行应一致（或留空）。",
        "Role {role} has '{key}' = '{value}' here but '{first}' on its first row; keep the rows of a role "
        "the same (or leave them blank).",
    ),
    # --- the xlsx form ---------------------------------------------------------------------------
    "catxlsx.instr.title": ("KPI 考核目录：{name}（版本 {version}）", "KPI catalogue: {name} (version {version})"),
    "catxlsx.instr.what": (
        "本工作簿是 kpi 使用的考核目录：岗位、考核指标（含权重）、考核标准及其计分规则、等级和分布比例。"
        "可以在 Excel 或 WPS 中修改，再用 kpi 检查和使用。第 1 行的列名是固定的键名，请不要修改；把鼠标停在列名上可看到说明。",
        "This workbook is the catalogue kpi scores against: roles, dimensions with their weights, measures "
        "with their scoring rules, grade bands and quotas. Edit it in Excel or WPS, then check and use it "
        "with kpi. The column names in row 1 are fixed keys: do not rename them; hover over one to see what it means.",
    ),
    "catxlsx.instr.sheets.h": ("工作表", "Sheets"),
    "catxlsx.instr.sheets.settings": (
        "“{settings}”：目录名称、版本、覆盖率阈值（coverage_threshold，0–1），以及 [departments] 部门、"
        "[grades] 等级（从高到低，最后一档 min 留空；role 列填岗位代码即为该岗位专用等级）、[quotas] 分布比例（如 S, A 最多 0.2）。",
        "'{settings}': the catalogue's name, version and coverage threshold (coverage_threshold, 0–1), then "
        "[departments], [grades] (best first; leave the last band's min blank; a role code in the role column "
        "makes the band that role's own) and [quotas] (e.g. S, A at most 0.2).",
    ),
    "catxlsx.instr.sheets.roles": (
        "“{roles}”：每个考核指标一行，前几列是所属岗位的信息（同一岗位各行相同）；weight 为该指标占岗位的百分比。",
        "'{roles}': one row per dimension, the first columns being its role's (the same on every row of a "
        "role); weight is the dimension's percent of the role.",
    ),
    "catxlsx.instr.sheets.measures": (
        "“{measures}”：每个考核标准（一个输入列）一行：所属岗位和考核指标、计分规则 rule 及其参数、单位、来源、汇总方式等。",
        "'{measures}': one row per measure (one input column): its role and dimension, its rule with the "
        "rule's parameters, unit, source, how months aggregate, and so on.",
    ),
    "catxlsx.instr.edit.h": ("如何修改", "How to edit"),
    "catxlsx.instr.edit.weights": (
        "权重：一个岗位各考核指标的 weight 合计必须为 100；考核标准的 weight 是其在考核指标内的相对权重（默认 1，即平分）。",
        "Weights: the weights of a role's dimensions must add up to 100; a measure's weight is its share "
        "within the dimension (default 1: equal shares).",
    ),
    "catxlsx.instr.edit.shared": (
        "考核指标的 weight 留空，表示与同一岗位其他留空的指标平分其余权重（100 减去已填权重之和）。",
        "A blank dimension weight shares what the given weights leave of 100 equally with the other blank ones of the role.",
    ),
    "catxlsx.instr.edit.measures": (
        "删除考核标准：删除其整行。增加：新增一行，填写岗位代码、考核指标代码和各列；代码只能用小写英文字母、数字和下划线，在岗位内唯一。",
        "To drop a measure delete its row; to add one, add a row with its role and dimension codes and the "
        "other columns. Codes are lower-case ASCII letters, digits and _, unique within the role.",
    ),
    "catxlsx.instr.edit.params": (
        "计分规则（rule）：{rules}。higher（越高越好）需 target、floor（低于 target），可选 excellent（高于 target）；"
        "lower（越低越好）需 target、ceiling（高于 target），可选 excellent（低于 target）；deduct 需 per_unit；bonus 需 per_unit 和 cap。"
        "单位（unit）：{units}。",
        "Rules: {rules}. higher (more is better) needs target and floor (below target), excellent optional "
        "(above target); lower (less is better) needs target and ceiling (above target), excellent optional "
        "(below target); deduct needs per_unit; bonus needs per_unit and cap. Units: {units}.",
    ),
    "catxlsx.instr.edit.pairs": (
        "scale（评价标尺）和 bands（分档）写成“值:得分”对，用逗号分隔，如 1:0, 2:60, 3:100, 4:110, 5:120；"
        "分档的最后一个上限可写 * 表示不设上限，如 2:100, 5:60, *:0。",
        "scale (a rating scale) and bands are written as value:points pairs separated by commas, e.g. "
        "1:0, 2:60, 3:100, 4:110, 5:120; the last band bound may be * for no bound, e.g. 2:100, 5:60, *:0.",
    ),
    "catxlsx.instr.edit.extras": (
        "kind 列：weighted 为普通考核标准；veto（一票否决）为 yes_no 规则、不计权重，未通过时等级最高为 cap_grade（默认 D）；"
        "bonus（加分项）为 bonus 规则，per_unit × 数值、最多 cap 分，在加权总分之后加上。veto 和 bonus 的 dimension 列留空。",
        "kind: weighted for an ordinary measure; veto (a one-vote veto) uses the yes_no rule outside the weights and, "
        "when failed, caps the grade at cap_grade (default D); bonus (extra points) uses the bonus rule: per_unit × "
        "value, at most cap points, added after weighting. Leave dimension blank for vetoes and bonuses.",
    ),
    "catxlsx.instr.edit.grades": (
        "等级：在“{settings}”的 [grades] 中修改 min；要为某个岗位设专用等级，复制整组等级行并在 role 列填该岗位代码。",
        "Grades: change min under [grades] on '{settings}'; for a role's own bands, copy the whole set of "
        "grade rows and put the role's code in the role column.",
    ),
    "catxlsx.instr.edit.choices": (
        "带下拉列表的列（rule、unit、source、aggregate、basis、cycle、origin、kind、cap_grade、department）只接受列表中的值。",
        "Columns with a drop-down (rule, unit, source, aggregate, basis, cycle, origin, kind, cap_grade, department) "
        "take only the listed values.",
    ),
    "catxlsx.instr.use.h": ("检查和使用", "Check and use"),
    "catxlsx.instr.use.check": (
        "检查：kpi catalogue check 本文件.xlsx —— 每个问题都会指出工作表和单元格。",
        "Check: kpi catalogue check THIS_FILE.xlsx — each problem names its sheet and cell.",
    ),
    "catxlsx.instr.use.score": (
        "使用：kpi score … --catalogue 本文件.xlsx，或在 kpi.toml 中写 catalogue = \"本文件.xlsx\"；"
        "与修改前比较：kpi catalogue diff builtin 本文件.xlsx。",
        "Use: kpi score … --catalogue THIS_FILE.xlsx, or catalogue = \"THIS_FILE.xlsx\" in kpi.toml; "
        "compare with the original: kpi catalogue diff builtin THIS_FILE.xlsx.",
    ),
    "catxlsx.instr.use.doc": (
        "完整的格式说明见 docs/catalogue-format.md（与 YAML 形式的键名相同）。",
        "The full format is in docs/catalogue-format.md (the keys are those of the YAML form).",
    ),
    "catxlsx.section.catalogue": ("目录名称、版本、覆盖率阈值（0–1）", "name, version, coverage threshold (0–1)"),
    "catxlsx.section.departments": ("部门：代码和名称", "departments: code and names"),
    "catxlsx.section.grades": (
        "等级，从高到低；最后一档 min 留空；role 填岗位代码 = 该岗位专用",
        "grade bands, best first; last min blank; a role code = that role's own bands",
    ),
    "catxlsx.section.quotas": (
        "分布比例：grades 如 S, A；max_share / min_share 为 0–1",
        "quotas: grades like S, A; max_share / min_share from 0 to 1",
    ),
    "catxlsx.validation.title": ("无效的值", "Invalid value"),
    "catxlsx.validation.message": ("{key} 只能取：{allowed}", "{key} must be one of: {allowed}"),
    "catxlsx.validation.weight": ("权重应为 0 到 100 之间的数，或留空", "A weight is a number from 0 to 100, or blank"),
    # roles sheet columns (header comments)
    "catxlsx.roles.role": ("岗位代码（小写英文、数字、下划线），在目录中唯一", "Role code (lower-case ASCII, digits, _), unique in the catalogue"),
    "catxlsx.roles.role_name_zh": ("岗位中文名", "Role name in Chinese"),
    "catxlsx.roles.role_name_en": ("岗位英文名", "Role name in English"),
    "catxlsx.roles.department": ("部门代码（见设置表 [departments]）", "Department code (see [departments] on the settings sheet)"),
    "catxlsx.roles.role_origin": ("source：原文岗位；derived：本工具补充的岗位", "source: a role of the document; derived: a role added by us"),
    "catxlsx.roles.role_aliases": (
        "岗位的其他叫法（如 采购员、采购专员），用“、”或逗号分隔；输入文件的岗位栏写这些名称也能识别",
        "Other names of the role (what people call it), separated by commas; input files may use them in the role column",
    ),
    "catxlsx.roles.role_note_zh": ("岗位说明（中文，可选）", "Note on the role in Chinese (optional)"),
    "catxlsx.roles.role_note_en": ("岗位说明（英文，可选）", "Note on the role in English (optional)"),
    "catxlsx.roles.dimension": ("考核指标代码，在岗位内唯一", "Dimension code, unique within the role"),
    "catxlsx.roles.name_zh": ("考核指标中文名", "Dimension name in Chinese"),
    "catxlsx.roles.name_en": ("考核指标英文名", "Dimension name in English"),
    "catxlsx.roles.weight": (
        "占岗位的百分比；各指标合计 100；留空 = 平分其余权重",
        "Percent of the role; a role's weights add up to 100; blank = share the rest equally",
    ),
    "catxlsx.roles.origin": ("source：权重来自原文；derived：推导的权重", "source: the document's weight; derived: a weight we chose"),
    # measures sheet columns (header comments)
    "catxlsx.measures.role": ("岗位代码（见岗位表）", "Role code (see the roles sheet)"),
    "catxlsx.measures.dimension": ("考核指标代码（见岗位表）；veto 和 bonus 留空", "Dimension code (see the roles sheet); blank for veto and bonus"),
    "catxlsx.measures.kind": ("weighted：普通；veto：一票否决；bonus：加分项", "weighted: ordinary; veto: a one-vote veto; bonus: extra points"),
    "catxlsx.measures.code": ("考核标准代码，在岗位内唯一；也是输入表的列", "Measure code, unique within the role; also the input column"),
    "catxlsx.measures.name_zh": ("考核标准中文名", "Measure name in Chinese"),
    "catxlsx.measures.name_en": ("考核标准英文名", "Measure name in English"),
    "catxlsx.measures.standard_zh": ("原文标准（中文）", "The standard as written (Chinese)"),
    "catxlsx.measures.standard_en": ("原文标准（英文）", "The standard in English"),
    "catxlsx.measures.source": ("数据来源：报表、调查、主管…", "Where the figure comes from: report, survey, supervisor…"),
    "catxlsx.measures.unit": ("单位：百分比、次数、分钟、评价…", "Unit: percent, count, minutes, rating…"),
    "catxlsx.measures.rule": ("计分规则：higher、lower、rating、yes_no、deduct、bands、bonus", "Rule: higher, lower, rating, yes_no, deduct, bands, bonus"),
    "catxlsx.measures.target": ("目标值 T：达到即 100 分", "Target T: meeting it gives 100 points"),
    "catxlsx.measures.excellent": ("优秀值 E（可选）：达到即 120 分", "Excellent E (optional): reaching it gives 120 points"),
    "catxlsx.measures.floor": ("下限 F（higher）：60 分；低于下限 0 分", "Floor F (higher): 60 points; below it 0"),
    "catxlsx.measures.ceiling": ("上限 C（lower）：60 分；高于上限 0 分", "Ceiling C (lower): 60 points; above it 0"),
    "catxlsx.measures.per_unit": ("每单位分数（deduct 扣分、bonus 加分）", "Points per unit (deduct, bonus)"),
    "catxlsx.measures.cap": ("加分上限（bonus）", "Most bonus points (bonus)"),
    "catxlsx.measures.cap_grade": ("一票否决时的最高等级（veto，默认 D）", "Best grade when the veto fails (veto, default D)"),
    "catxlsx.measures.scale": ("评价标尺“值:得分”，如 1:0, 2:60, 3:100；留空 = 默认 1–5", "Rating scale as value:points, e.g. 1:0, 2:60, 3:100; blank = the default 1–5"),
    "catxlsx.measures.bands": ("分档“上限:得分”，如 2:100, 5:60, *:0", "Bands as bound:points, e.g. 2:100, 5:60, *:0"),
    "catxlsx.measures.derived_params": ("原文未给出、由本工具设定的参数，如 floor", "Parameters the document does not give, e.g. floor"),
    "catxlsx.measures.aggregate": (
        "月度数据合并方式：sum（次数）、mean，或 all（是/否：每个月都达成）",
        "How monthly figures combine: sum (counts), mean, or all (yes/no: met in every month)",
    ),
    "catxlsx.measures.basis": ("次数标准所指的期间：month、quarter、year；留空 = 不换算", "The period a count's standard is for: month, quarter, year; blank = not scaled"),
    "catxlsx.measures.cycle": (
        "考核周期：本指标最短按多长的期间考核（month、quarter、half、year）；更短的期间本期不考核；留空 = 任何期间",
        "The assessment cycle: the shortest period the measure is assessed over (month, quarter, half, year); in a shorter period it is not due; blank = any period",
    ),
    "catxlsx.measures.weight": ("在考核指标内的相对权重（默认 1）", "Weight within the dimension (default 1)"),
    "catxlsx.measures.origin": (
        "source：目标值（或评价标准）取自原文；derived：目标值由本工具设定",
        "source: the target (or the standard of a rating) is the document's; derived: the target is ours",
    ),
    "catxlsx.measures.assessor_zh": ("评价人（中文，可选）", "Who rates it, in Chinese (optional)"),
    "catxlsx.measures.assessor_en": ("评价人（英文，可选）", "Who rates it, in English (optional)"),
    "catxlsx.measures.checklist_zh": ("评价要点（中文），每行一项", "What a rating covers (Chinese), one item per line"),
    "catxlsx.measures.checklist_en": ("评价要点（英文），每行一项", "What a rating covers (English), one item per line"),
    "catxlsx.measures.aliases": (
        "输入表头的其他写法（简称、系统导出的列名），用“、”或逗号分隔；同一岗位内不能重复",
        "Other headers of this column in input files (short names, an HR system's column names), separated by commas; unique within the role",
    ),
    # --- kpi catalogue diff ------------------------------------------------------------------------
    "catdiff.catalogue-changed": ("目录的 {field}：{old} → {new}", "Catalogue {field}: {old} → {new}"),
    "catdiff.department-added": ("新增部门 {field}（{new}）", "Department {field} added ({new})"),
    "catdiff.department-removed": ("删除部门 {field}（{old}）", "Department {field} removed ({old})"),
    "catdiff.department-changed": ("部门 {field}：{old} → {new}", "Department {field}: {old} → {new}"),
    "catdiff.grade-added": ("新增等级 {field}（最低分 {new}）", "Grade {field} added (min {new})"),
    "catdiff.grade-removed": ("删除等级 {field}（最低分 {old}）", "Grade {field} removed (min {old})"),
    "catdiff.grade-changed": ("等级 {field}：{old} → {new}", "Grade {field}: {old} → {new}"),
    "catdiff.grade-order-changed": ("等级顺序：{old} → {new}", "Grade order: {old} → {new}"),
    "catdiff.quota-added": ("新增分布比例 {field}：{new}", "Quota {field} added: {new}"),
    "catdiff.quota-removed": ("删除分布比例 {field}（{old}）", "Quota {field} removed ({old})"),
    "catdiff.quota-changed": ("分布比例 {field}：{old} → {new}", "Quota {field}: {old} → {new}"),
    "catdiff.role-added": ("新增岗位 {role}（{new}）", "Role {role} added ({new})"),
    "catdiff.role-removed": ("删除岗位 {role}（{old}）", "Role {role} removed ({old})"),
    "catdiff.role-changed": ("岗位 {role} 的 {field}：{old} → {new}", "Role {role} {field}: {old} → {new}"),
    "catdiff.role-grades-added": ("岗位 {role} 改用专用等级：{new}", "Role {role} now has its own grade bands: {new}"),
    "catdiff.role-grades-removed": ("岗位 {role} 不再使用专用等级（{old}），改用全局等级", "Role {role} drops its own grade bands ({old}) for the global ones"),
    "catdiff.dimension-added": ("岗位 {role} 新增考核指标 {dimension}（权重 {new}%）", "Role {role}: dimension {dimension} added (weight {new}%)"),
    "catdiff.dimension-removed": ("岗位 {role} 删除考核指标 {dimension}（权重 {old}%）", "Role {role}: dimension {dimension} removed (weight {old}%)"),
    "catdiff.dimension-changed": ("考核指标 {role} › {dimension} 的 {field}：{old} → {new}", "Dimension {role} › {dimension} {field}: {old} → {new}"),
    "catdiff.measure-added": ("岗位 {role} 新增考核标准 {measure}（{dimension}，规则 {new}）", "Role {role}: measure {measure} added ({dimension}, rule {new})"),
    "catdiff.measure-removed": ("岗位 {role} 删除考核标准 {measure}（{dimension}）", "Role {role}: measure {measure} removed (from {dimension})"),
    "catdiff.measure-moved": ("考核标准 {role} › {measure} 移动：{old} → {new}", "Measure {role} › {measure} moved: {old} → {new}"),
    "catdiff.measure-changed": ("考核标准 {role} › {measure} 的 {field}：{old} → {new}", "Measure {role} › {measure} {field}: {old} → {new}"),
    "catdiff.measure-param-changed": ("考核标准 {role} › {measure} 的参数 {field}：{old} → {new}", "Measure {role} › {measure} param {field}: {old} → {new}"),
    # --- kpi catalogue export / check / diff -------------------------------------------------------
    "catcmd.export.wrote": (
        "已写出 {file}：{roles} 个岗位，{measures} 个考核标准（{format}）。",
        "Wrote {file}: {roles} roles, {measures} measures ({format}).",
    ),
    "catcmd.export.xlsx_needs_output": (
        "Excel 格式需要用 -o 指定输出文件，如 -o 目录.xlsx。",
        "The xlsx format needs an output file: -o catalogue.xlsx",
    ),
    "catcmd.export.unknown_suffix": (
        "无法从文件名 {file} 判断格式；请用 .yaml、.yml 或 .xlsx 结尾，或加 --format yaml|xlsx。",
        "Cannot tell the format from {file}; end it in .yaml, .yml or .xlsx, or add --format yaml|xlsx.",
    ),
    "catcmd.export.suffix_conflict": (
        "--format {format} 与文件名 {file} 的后缀不符；请改后缀或去掉 --format。",
        "--format {format} does not match the suffix of {file}; change the suffix or drop --format.",
    ),
    "catcmd.export.is_input": (
        "不能覆盖输入文件 {file}；请换一个输出文件名。",
        "Will not overwrite the input file {file}; choose another output name.",
    ),
    "catcmd.check.valid": (
        "✓ {file}：目录有效 — {roles} 个岗位，{measures} 个考核标准 · {name} · 版本 {version} · SHA-256 {sha256}",
        "✓ {file}: valid — {roles} roles, {measures} measures · {name} · version {version} · SHA-256 {sha256}",
    ),
    "catcmd.check.valid_warnings": (
        "✓ {file}：目录有效（{warnings} 个警告）— {roles} 个岗位，{measures} 个考核标准 · {name} · 版本 {version} · SHA-256 {sha256}",
        "✓ {file}: valid ({warnings} warning(s)) — {roles} roles, {measures} measures · {name} · version {version} · SHA-256 {sha256}",
    ),
    "catcmd.check.invalid": (
        "✗ {file}：{errors} 个错误，{warnings} 个警告；请按上表逐项修改后再检查。",
        "✗ {file}: {errors} error(s), {warnings} warning(s); fix each one listed above and check again.",
    ),
    "catcmd.col.change": ("变化", "Change"),
    "catcmd.diff.title": ("从 {a} 到 {b} 的变化：{n} 项", "Changes from {a} to {b}: {n}"),
    "catcmd.diff.none": ("{a} 与 {b} 没有差别。", "No differences between {a} and {b}."),
    # --- kpi.toml and the settings -------------------------------------------------------------------
    "config.not_found": ("找不到设置文件 {file}。", "Settings file {file} not found."),
    "config.unreadable": ("无法读取设置文件 {file}：{reason}", "Cannot read the settings file {file}: {reason}"),
    "config.not_utf8": (
        "设置文件 {file} 第 {line} 行不是 UTF-8 编码；请用 UTF-8 保存。",
        "The settings file {file} is not UTF-8 at line {line}; save it as UTF-8.",
    ),
    "config.too_deep": (
        "设置文件 {file} 第 {line} 行：括号嵌套超过 {limit} 层；kpi.toml 只需要几层，请检查括号。",
        "The settings file {file}, line {line}: brackets nest deeper than {limit} levels; kpi.toml needs only a few, check the brackets.",
    ),
    "config.not_toml": (
        "{file} 不是有效的 TOML：{reason}；格式见 README 的 kpi.toml 一节。",
        "{file} is not valid TOML: {reason}; see the README section on kpi.toml.",
    ),
    "config.unknown_key": (
        "{file}：未知设置 {keys}；可用：{known}。",
        "{file}: unknown setting(s) {keys}; known: {known}.",
    ),
    "config.bad.catalogue": (
        "{file}：catalogue 应为目录文件的路径（字符串），而不是 {value}。",
        "{file}: catalogue must be the path of a catalogue file (a string), not {value}.",
    ),
    "config.bad.lang": ("{file}：lang 应为 zh 或 en，而不是 {value}。", "{file}: lang must be zh or en, not {value}."),
    "config.bad.coverage_threshold": (
        "{file}：coverage_threshold 应为 0 到 1 之间的数（如 0.5），而不是 {value}。",
        "{file}: coverage_threshold must be a number from 0 to 1 (e.g. 0.5), not {value}.",
    ),
    "config.bad.grades": (
        "{file}：grades 应为等级表的数组，如 [[grades]] grade = \"S\" … min = 110。",
        "{file}: grades must be an array of tables, e.g. [[grades]] grade = \"S\" … min = 110.",
    ),
    "config.bad.quotas": (
        "{file}：quotas 应为表的数组，如 [[quotas]] grades = [\"S\", \"A\"] max_share = 0.2。",
        "{file}: quotas must be an array of tables, e.g. [[quotas]] grades = [\"S\", \"A\"] max_share = 0.2.",
    ),
    "config.bad_lang": (
        "不支持的语言“{value}”（来自 {source}）；请用 zh 或 en。",
        "Language '{value}' (from {source}) is not supported; use zh or en.",
    ),
}
