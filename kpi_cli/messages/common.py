"""Messages shared by the commands: column headers, generic words."""

MESSAGES = {
    "cli.error": ("错误", "error"),
    "cli.stdout": ("标准输出", "standard output"),
    "cli.os_error": (
        "系统无法完成读写：{reason}（{file}）；请检查磁盘空间、权限和路径后重试。之前的文件未被改动。",
        "The system could not read or write: {reason} ({file}); check disk space, permissions and the path, then retry. Earlier files are unchanged.",
    ),
    "cli.interrupted": ("已中断", "interrupted"),
    # the one problem table (kpi validate, kpi catalogue check, under kpi score) and its lines
    "problems.col.severity": ("级别", "Severity"),
    "problems.col.location": ("位置", "Location"),
    "problems.col.type": ("问题", "Problem"),
    "problems.col.employee": ("工号", "Employee"),
    "problems.col.value": ("值", "Value"),
    "problems.col.message": ("说明", "How to fix"),
    "problems.severity.error": ("错误", "error"),
    "problems.severity.warning": ("警告", "warning"),
    "problems.file_level": ("（文件）", "(file)"),
    "cli.bad_encoding": (
        "“{value}”不是文本编码；CSV 文件常用的编码有：{known}（不写 --encoding 则自动识别）。",
        "'{value}' is not a text encoding; CSV files are usually in one of: {known} (leave --encoding out to detect it).",
    ),
    "cli.disk_full": (
        "磁盘已满：无法写入 {path}；请腾出空间后重新运行。之前的文件未被改动，也没有留下写了一半的文件。",
        "the disk is full: {path} could not be written; free some space and run again. Earlier files are unchanged and nothing half-written was left.",
    ),
    "cli.terminated": ("已被终止（SIGTERM），未留下写了一半的文件", "terminated (SIGTERM); no half-written file was left"),
    "cli.internal_error": ("内部错误 (internal error)", "internal error"),
    "cli.internal_error_hint": (
        "（请加 'kpi --debug …' 重新运行以查看详细信息，并报告此问题）",
        "(run again with 'kpi --debug …' for the traceback, and report it)",
    ),
    "output.cannot_create_folder": ("无法创建文件夹 {folder}（{reason}）；请检查路径和权限。",
                                    "Cannot create the folder {folder} ({reason}); check the path and the permissions."),
    "output.is_folder": ("{path} 是文件夹；请给出文件名。", "{path} is a folder; give a file name."),
    "output.is_input": (
        "输出 {path} 就是一个输入文件；请另选输出文件名（输入文件永远不会被覆盖）。",
        "The output {path} is an input file; choose another output name (inputs are never overwritten).",
    ),
    "period.invalid": (
        "“{text}”不是期间；请写成 2026-07（月）、2026-Q3（季度）、2026-H2（半年）或 2026（年）。",
        "'{text}' is not a period; write 2026-07 (month), 2026-Q3 (quarter), 2026-H2 (half) or 2026 (year).",
    ),
    "period.several": (
        "这些文件涉及多个期间（{periods}）；请用 --period 指定要评分的期间，例如 --period {example}。",
        "The files cover several periods ({periods}); say which one to score with --period, e.g. --period {example}.",
    ),
    "period.none_found": (
        "找不到期间：请用 --period 指定（例如 --period 2026-Q3），或在文件中加“期间”列，或在文件名中写明（例如 2026-Q3.xlsx）。",
        "No period found: name it with --period (e.g. --period 2026-Q3), a period column, or the file name (e.g. 2026-Q3.xlsx).",
    ),
    "col.code": ("代码", "Code"),
    "col.name_zh": ("中文名", "Chinese name"),
    "col.name_en": ("英文名", "English name"),
    "col.department": ("部门", "Department"),
    "col.measures": ("指标数", "Measures"),
    "col.derived": ("推导占比", "Derived"),
    "col.measure": ("考核标准", "Measure"),
    "col.weight": ("权重", "Weight"),
    "col.standard": ("原文标准", "Standard"),
    "col.rule": ("计分规则", "Rule"),
    "col.source": ("如何跟踪", "Tracked by"),
    "roles.version": ("版本", "version"),
    "roles.whole_role_derived": ("整岗推导", "whole role"),
    "roles.footer": (
        "“推导占比”：含有原文未给出、由本工具设定的数值的考核标准所占比例。用 kpi role show 岗位 查看详情。",
        "'Derived': share of a role's measures with a value the source document does not give. See one with: kpi role show ROLE",
    ),
    "roles.unknown": ("未知岗位“{role}”。相近的有：{hint}。用 kpi roles 查看全部。", "Unknown role '{role}'. Close matches: {hint}. See all with: kpi roles"),
    "roles.derived_params": ("推导的参数：{params}", "derived: {params}"),
    "roles.cycle": ("{tag}：较短的期间本期不考核", "{tag}: not due in a shorter period"),
    "roles.dagger": (
        "† 原文未给出的数值或权重，由本工具推导（见 README 的“目录”一节）。",
        "† a value or weight the source document does not give, derived by kpi (see the README, 'The catalogue').",
    ),
}
