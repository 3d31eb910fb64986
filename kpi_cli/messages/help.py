"""The --help of every command and option (kpi_cli/commands/_help.py puts them into words)."""

MESSAGES = {
    # --- what every help page shares ---------------------------------------------------------
    "help.usage": ("用法：", "Usage: "),
    "help.panel.arguments": ("参数", "Arguments"),
    "help.panel.options": ("选项", "Options"),
    "help.panel.commands": ("命令", "Commands"),
    "help.default": ("[默认：{value}]", "[default: {value}]"),
    "help.required": ("[必填]", "[required]"),
    "help.opt.help": ("显示本帮助并退出。", "Show this message and exit."),
    # --- usage errors (Click's own, put into words by commands/_help.py) -----------------------
    "usage.error_title": ("错误", "Error"),
    "usage.try_help": ("运行 [blue]'{command_path} {help_option}'[/] 查看帮助。",
                       "Try [blue]'{command_path} {help_option}'[/] for help."),
    "usage.no_such_option": ("没有这个选项：{option}", "No such option: {option}"),
    "usage.did_you_mean": ("（可能是：{options}）", "(Possible options: {options})"),
    "usage.did_you_mean_command": ("是不是要输入 {command}？", "Did you mean {command}?"),
    "usage.missing_argument": ("缺少参数 {name}。", "Missing argument {name}."),
    "usage.missing_option": ("缺少选项 {name}。", "Missing option {name}."),
    "usage.bad_value": ("{name} 的值无效：{why}", "Invalid value for {name}: {why}"),
    "usage.not_a_choice": ("{value} 不是可选的值；可选：{choices}。", "{value} is not one of {choices}."),
    "usage.takes_no_value": ("选项 {option} 不接受值。", "Option {option} does not take a value."),
    "usage.needs_value": ("选项 {option} 需要一个值。", "Option {option} requires a value."),
    "usage.extra_arguments": ("多余的参数：{args}", "Got unexpected extra arguments: {args}"),
    "usage.no_such_command": ("没有这个命令：{command}。可用的命令：{commands}",
                              "No such command: {command}. The commands: {commands}"),
    "help.opt.lang": (
        "输出语言：zh 或 en（默认依次取 kpi.toml、KPI_LANG、系统语言）。",
        "Language of the output: zh or en (default: kpi.toml, KPI_LANG, then the locale).",
    ),
    "help.opt.catalogue": (
        "使用的考核目录：YAML 或 xlsx 文件（默认依次取 KPI_CATALOGUE、kpi.toml，否则用内置目录）。",
        "Catalogue to use: a YAML or xlsx file (default: KPI_CATALOGUE, kpi.toml, then the built-in one).",
    ),
    "help.opt.config": ("使用此设置文件，而不是 ./kpi.toml。", "Settings file to use instead of ./kpi.toml."),
    "help.opt.format": ("输出格式：table（表格）或 json。", "Output format: table or json."),
    "help.opt.roster": (
        "员工名单（工作簿 {workbooks} 或文本 {texts}，含“工号”和“绩效工资基数”列），给出每位员工计算绩效工资的基数。",
        "A roster (workbook {workbooks} or text {texts}, with employee id and bonus base columns) giving each employee's bonus base for the payout.",
    ),
    "help.opt.encoding": (
        "强制指定 CSV 文件的编码（如 gb18030、utf-8；默认自动识别）。",
        "Force the encoding of CSV files (e.g. gb18030, utf-8; default: detected).",
    ),
    # --- kpi ---------------------------------------------------------------------------------------
    "help.kpi": (
        "KPI 考核：按岗位目录为一个期间的指标数据评分，写出 Excel 和 HTML 报告，生成空白填报工作簿。\n\n"
        "示例：kpi score sample_data/2026-Q3.xlsx -o report.xlsx --html report.html",
        "KPI appraisal for HR: score a period's figures against the role catalogue, write Excel and HTML "
        "reports, make blank input workbooks.\n\n"
        "Example: kpi score sample_data/2026-Q3.xlsx -o report.xlsx --html report.html",
    ),
    "help.kpi.debug": ("出错时显示完整的 traceback。", "Show the full traceback of an error."),
    "help.kpi.version": ("显示版本并退出。", "Show the version and exit."),
    # --- kpi score ---------------------------------------------------------------------------------
    "help.score": (
        "为一个期间文件中的每位员工评分并显示结果；可写出 Excel/HTML 报告。\n\n"
        "退出码：0 表示所有人都已评分，1 表示输入有错误（所有人仍会列出），2 表示用法错误，3 表示 kpi 自身出错（程序缺陷，请报告）。\n\n"
        "给出 --roster（或文件中有“绩效工资基数”列）时，每位已评等级的员工都有绩效系数和绩效工资；--calibrate 强制执行等级比例限制。\n\n"
        "示例：kpi score sample_data/2026-Q3.xlsx --roster sample_data/staff.xlsx -o report.xlsx --html report.html",
        "Score every employee in a period's files and show the results; write Excel/HTML reports.\n\n"
        "Exit code 0 when everyone was scored, 1 when the input has errors (everyone is still listed), "
        "2 for wrong usage, 3 when kpi itself fails (a bug: please report it).\n\n"
        "With --roster (or a bonus base column) every graded employee gets a performance coefficient and a "
        "payout; --calibrate enforces the grade quotas.\n\n"
        "Example: kpi score sample_data/2026-Q3.xlsx --roster sample_data/staff.xlsx -o report.xlsx --html report.html",
    ),
    "help.score.files": (
        "一个期间的文件，或该期间的各月文件：工作簿（{workbooks}）或分隔文本（{texts}）。",
        "Files of one period, or its monthly files: workbooks ({workbooks}) or delimited text ({texts}).",
    ),
    "help.score.period": (
        "评分期间：2026-07、2026-Q3、2026-H2 或 2026（默认取自期间列或文件名）。",
        "Period to score: 2026-07, 2026-Q3, 2026-H2 or 2026 (default: from a period column or the file names).",
    ),
    "help.score.role": (
        "只显示此岗位（代码、中文名或英文名）；可重复。",
        "Show only this role (code, Chinese or English name); repeatable.",
    ),
    "help.score.department": (
        "只显示此部门（与文件中写法相同）；可重复。",
        "Show only this department (as written in the files); repeatable.",
    ),
    "help.score.sort": ("每个表格中行的顺序：total（总分）、name（姓名）或 role（岗位）。",
                        "Order of the rows in each table: total, name or role."),
    "help.score.top": ("每个岗位的表格只显示前 N 行。", "Show only the first N rows of each role's table."),
    "help.score.explain": ("显示一位员工（工号）的得分是如何算出的。",
                           "Show how one employee's score was computed (employee id)."),
    "help.score.output": ("把 Excel 报告写到此 .xlsx 文件。", "Write the Excel report to this .xlsx file."),
    "help.score.html": ("把 HTML 报告写到此文件。", "Write the HTML report to this file."),
    "help.score.format": (
        "table（表格）、json（文档所述的格式）或 csv（每位员工一行，带 BOM 的 UTF-8）。",
        "table (Rich tables), json (the documented schema) or csv (one row per employee, UTF-8 with BOM).",
    ),
    "help.score.indent": (
        "JSON 缩进两格，或写成一行（默认：在终端上缩进，通过管道或重定向时写成一行）。",
        "JSON indented by two spaces, or on one line (default: indented on a terminal, one line when piped or redirected).",
    ),
    "help.score.strict": (
        "输入有错误时不写出任何文件（缺少月份也视为错误）。",
        "Write nothing when the input has errors (and treat a missing month as an error).",
    ),
    "help.score.calibrate": (
        "在每个部门内重新分配等级，直到每条比例限制都满足（强制分布）；总分不变（默认取目录或 kpi.toml 的 calibrate 设置，否则不校准）。",
        "Re-assign grades within each department until every quota holds (forced distribution); totals never "
        "change (default: the catalogue's or kpi.toml's calibrate setting, else off).",
    ),
    "help.score.wide": ("不为适应终端宽度而缩写列。", "Do not abbreviate columns to fit the terminal."),
    # --- kpi validate ------------------------------------------------------------------------------
    "help.validate": (
        "按考核目录检查输入文件：统计数量，并列出每个问题及其文件、工作表、单元格和改法。\n\n"
        "每个工作表的每一行都会读取；一个错误的单元格只使该指标无效，不影响整个文件。\n\n"
        "退出码：0 表示没有错误（可以有警告），1 表示有错误，2 表示用法错误，3 表示 kpi 自身出错（程序缺陷，请报告）。\n\n"
        "示例：kpi validate 2026-Q3.xlsx exports/客服部.csv --format json",
        "Check input files against the catalogue: counts, and every problem with its file, sheet, cell and fix.\n\n"
        "Every row of every sheet is read; a bad cell invalidates its measure, not the file.\n\n"
        "Exit code 0 when there are no errors (warnings allowed), 1 when there are errors, 2 for wrong usage, 3 when kpi itself fails (a bug: please report it).\n\n"
        "Example: kpi validate 2026-Q3.xlsx exports/cs.csv --format json",
    ),
    "help.validate.files": (
        "输入文件（可多个）：工作簿（{workbooks}）或分隔文本（{texts}）。",
        "Input files (several allowed): workbooks ({workbooks}) or delimited text ({texts}).",
    ),
    "help.validate.period": (
        "按此期间检查（与 kpi score 评分时相同；默认取自数据）。",
        "Period to check as (as kpi score would score it; default: from the data).",
    ),
    "help.validate.limit": ("表格中每个文件和工作表最多显示的问题数（0 = 全部；默认 200）。",
                            "Problems shown per file and sheet in the table (0 = all; default 200)."),
    # --- kpi template ------------------------------------------------------------------------------
    "help.template": (
        "生成空白填报工作簿：每个岗位一个工作表，单元格带数据验证，另有填写说明。\n\n"
        "空白 = 未考核。无法归入岗位的名单行会列出（退出码 1），其余照常写出。"
        "加 --raters：生成发给评价人（上级、同事、客户……）的评分表。\n\n"
        "示例：kpi template 客户咨询 cs_representative --period 2026-Q3 --roster staff.xlsx\n\n"
        "示例：kpi template --raters --roster staff.xlsx --period 2026-Q3 --split -o forms/",
        "Make blank input workbooks: a sheet per role with validated cells and an instructions sheet.\n\n"
        "Blank = not assessed. Unplaceable roster rows are listed (exit 1); the rest is written. "
        "With --raters: rating forms to send to raters (supervisors, peers, customers…).\n\n"
        "Example: kpi template cs_inquiry cs_representative --period 2026-Q3 --roster staff.xlsx\n\n"
        "Example: kpi template --raters --roster staff.xlsx --period 2026-Q3 --split -o forms/",
    ),
    "help.template.roles": (
        "要包含的岗位：代码、中文名或英文名（如 cs_inquiry 客户咨询）。",
        "Roles to include: code, Chinese or English name (e.g. cs_inquiry, 'Customer Inquiry').",
    ),
    "help.template.all": ("包含目录中的全部岗位。", "Include every role of the catalogue."),
    "help.template.output": (
        "输出的 .xlsx 文件（默认：当前文件夹下的 kpi-template[-期间].xlsx）；与 --split 一起用时为文件夹。",
        "Output .xlsx file (default: kpi-template[-PERIOD].xlsx here); with --split, a folder.",
    ),
    "help.template.split": (
        "每个岗位写一个工作簿，放进 -o 指定的文件夹（与 --raters 一起用时按评价人类型，加 --by department 时按部门）。",
        "Write one workbook per role into the -o folder (with --raters: per rater type, or per department with --by department).",
    ),
    "help.template.raters": (
        "改为生成评分表：每种评价人类型和岗位一个工作表，带“评价人/评价人类型”列，只含该类评价人给出的评分。",
        "Make rating forms instead: a sheet per rater type and role with rater and rater type columns and only the "
        "ratings that rater type gives.",
    ),
    "help.template.by": (
        "与 --raters --split 一起用：type（每种评价人类型一个文件，默认）或 department（名单中每个部门一个文件）。",
        "With --raters --split: type (one file per rater type, the default) or department (one per department of the roster).",
    ),
    "help.template.roster": (
        "用于预填的员工名单（工作簿 {workbooks} 或文本 {texts}，含工号、姓名、部门、岗位）。",
        "Employees to pre-fill (workbook {workbooks} or text {texts}, with employee id, name, department, role).",
    ),
    "help.template.period": (
        "工作簿对应的期间：2026-07、2026-Q3、2026-H2 或 2026。",
        "The period the workbook is for: 2026-07, 2026-Q3, 2026-H2 or 2026.",
    ),
    "help.template.force": ("覆盖已有文件。", "Overwrite existing files."),
    # --- kpi export --------------------------------------------------------------------------------
    "help.export": (
        "把一个期间的全部报告导出到一个文件夹，可直接分发。\n\n"
        "写出 index.html、每个部门一页、每位员工一份可打印的考核表、Excel 报告、成绩和问题 CSV"
        "（带 BOM 的 UTF-8），以及带 SHA-256 的 manifest.json。各月文件按指标合并（次数相加，比率和评分取平均）。"
        "新的导出完整生成后才会替换原文件夹。\n\n"
        "给出 --roster（绩效工资基数）和 --calibrate 时，scores-<期间>.csv 就是发薪文件：校准后的等级、系数和绩效工资，"
        "每个被调整的等级都注明是哪条比例限制调整的。\n\n"
        "示例：kpi export --period 2026-Q3 sample_data/ -o reports/2026-Q3/",
        "Export a whole period's reports into one folder, ready to hand out.\n\n"
        "Writes index.html, one page per department, a printable form per employee, the Excel report, "
        "scores and problems CSVs (UTF-8 with BOM), and manifest.json with SHA-256 hashes. Monthly files "
        "are combined per measure (counts summed, rates and ratings averaged). The folder is replaced only "
        "when the new export is complete.\n\n"
        "With --roster (bonus bases) and --calibrate, scores-<period>.csv is the payroll file: calibrated grades, "
        "coefficients and payouts, every moved grade with the quota that moved it.\n\n"
        "Example: kpi export --period 2026-Q3 sample_data/ -o reports/2026-Q3/",
    ),
    "help.export.inputs": ("该期间的文件、各月文件，或存放它们的文件夹：工作簿（{workbooks}）或分隔文本（{texts}）。",
                           "The period's file, its monthly files, or a folder holding them: workbooks ({workbooks}) or delimited text ({texts})."),
    "help.export.period": ("要导出的期间：2026-Q3、2026-07、2026-H2 或 2026。",
                           "Period to export: 2026-Q3, 2026-07, 2026-H2 or 2026."),
    "help.export.output": ("输出文件夹，如 reports/2026-Q3/。", "Output folder, e.g. reports/2026-Q3/."),
    "help.export.previous": (
        "以前的某次导出文件夹（或其中的成绩 CSV）：显示每位员工的变化。",
        "An earlier export folder (or its scores CSV): show each employee's change.",
    ),
    "help.export.strict": ("输入有错误或缺少月份时不写出任何文件。",
                           "Write nothing when the input has errors or a month is missing."),
    "help.export.force": ("替换一个不是 kpi export 生成的非空文件夹。",
                          "Replace a non-empty folder that kpi export did not make."),
    "help.export.calibrate": (
        "在每个部门内重新分配等级，直到每条比例限制都满足（强制分布）（默认取目录或 kpi.toml 的 calibrate 设置，否则不校准）。",
        "Re-assign grades within each department until every quota holds (forced distribution) (default: the "
        "catalogue's or kpi.toml's calibrate setting, else off).",
    ),
    "help.export.quiet": ("不显示进度条。", "No progress bar."),
    # --- kpi roles, kpi role show ------------------------------------------------------------------
    "help.roles": (
        "列出目录中的岗位：代码、名称、部门、指标数，以及有多少是推导的。\n\n示例：kpi roles --lang en",
        "List the roles of the catalogue: code, names, department, measures, how much is derived.\n\n"
        "Example: kpi roles --lang en",
    ),
    "help.role": ("目录中的一个岗位。\n\n示例：kpi role show 客户咨询",
                  "One role of the catalogue.\n\nExample: kpi role show cs_inquiry"),
    "help.role.show": (
        "显示一个岗位：维度和指标及其权重、原文标准和计分规则。\n\n示例：kpi role show 客户咨询",
        "Show one role: dimensions and measures with weights, source sentences and rules in words.\n\n"
        "Example: kpi role show cs_inquiry --lang en",
    ),
    "help.role.show.role": ("岗位代码、中文名或英文名，如 cs_inquiry 或 客户咨询。",
                            "Role code, Chinese or English name, e.g. cs_inquiry or 'Customer Inquiry'."),
    # --- kpi catalogue -----------------------------------------------------------------------------
    "help.catalogue": (
        "考核目录（岗位和规则）：导出以便修改，检查修改后的目录，比较两个版本。\n\n"
        "示例：kpi catalogue export -o company.xlsx",
        "The catalogue of roles and rules: export it to edit, check an edited one, compare two.\n\n"
        "Example: kpi catalogue export -o company.xlsx",
    ),
    "help.catalogue.file": (
        "目录文件（.yaml、.yml、.xlsx）或文件夹，或 builtin（内置目录）。",
        "A catalogue file (.yaml, .yml, .xlsx) or folder, or 'builtin' for the built-in one.",
    ),
    "help.catalogue.export": (
        "把正在使用的目录写成 HR 可以修改的文件：YAML，或带下拉框的 Excel 工作簿。\n\n"
        "全部内容都会写出：岗位、维度、指标、规则及其参数、等级区间、比例限制、覆盖率门槛。正在使用的目录依次取 "
        "--catalogue、KPI_CATALOGUE、kpi.toml 中的目录，否则为内置目录，并应用 kpi.toml 中的等级区间、比例限制和覆盖率门槛。\n\n"
        "示例：kpi catalogue export -o my-catalogue.xlsx",
        "Write the catalogue in use as a file HR can edit: YAML, or an Excel workbook with drop-downs.\n\n"
        "Everything is written: roles, dimensions, measures, rules and their parameters, grade bands, quotas, "
        "coverage threshold. The catalogue in use is --catalogue, else KPI_CATALOGUE, else kpi.toml's, else the "
        "built-in one, with kpi.toml's grade bands, quotas and coverage threshold applied.\n\n"
        "Example: kpi catalogue export -o my-catalogue.xlsx",
    ),
    "help.catalogue.export.output": (
        "要写的文件（.yaml/.yml 或 .xlsx）；不给时 YAML 输出到标准输出。",
        "File to write (.yaml/.yml or .xlsx); YAML goes to stdout without it.",
    ),
    "help.catalogue.export.format": ("yaml 或 xlsx（默认按 -o 的扩展名，否则 yaml）。",
                                     "yaml or xlsx (default: from the suffix of -o, else yaml)."),
    "help.catalogue.check": (
        "检查修改后的目录（YAML 或 xlsx），并指出每个问题的位置。\n\n"
        "可发现：权重之和不为 100、未知的规则或单位、参数缺失或矛盾、代码重复、等级区间有空缺或重叠；"
        "每个问题都标明行号（YAML）或工作表和单元格（xlsx）。有错误时退出码为 1，目录有效时为 0，kpi 自身出错时为 3。\n\n"
        "示例：kpi catalogue check my-catalogue.xlsx",
        "Check an edited catalogue (YAML or xlsx) and say where each problem is.\n\n"
        "It finds weights that do not add up to 100, unknown rules or units, missing or inconsistent parameters, "
        "duplicate codes, grade bands with gaps or overlaps; each with its line (YAML) or sheet and cell (xlsx). "
        "Exit code 1 when there are errors, 0 when the catalogue is valid, 3 when kpi itself fails.\n\n"
        "Example: kpi catalogue check my-catalogue.xlsx",
    ),
    "help.catalogue.diff": (
        "列出从目录 A 到目录 B 的变化（任一个都可以是 builtin）。\n\n"
        "岗位、维度和权重、指标、规则和参数、等级区间和比例限制，每项以 旧 → 新 显示。退出码 0（目录无法加载时为 1，kpi 自身出错时为 3）。\n\n"
        "示例：kpi catalogue diff builtin my-catalogue.xlsx",
        "List what changed from catalogue A to catalogue B (either may be 'builtin').\n\n"
        "Roles, dimensions and weights, measures, rules and parameters, grade bands and quotas, each as old → new. "
        "Exit code 0 (1 only when a catalogue cannot be loaded, 3 when kpi itself fails).\n\n"
        "Example: kpi catalogue diff builtin my-catalogue.xlsx",
    ),
    "help.catalogue.diff.a": ("旧目录：文件、文件夹或 builtin。", "The old catalogue: a file, a folder, or 'builtin'."),
    "help.catalogue.diff.b": ("新目录：文件、文件夹或 builtin。", "The new catalogue: a file, a folder, or 'builtin'."),
}
