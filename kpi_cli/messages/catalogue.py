"""Messages about catalogue files: loading, checking, diffing."""

MESSAGES = {
    "problem.catalogue-not-found": (
        "找不到目录文件 {file}；请检查路径，或去掉 --catalogue 以使用内置目录。",
        "Catalogue file {file} not found; check the path, or drop --catalogue to use the built-in one.",
    ),
    "problem.catalogue-unreadable": ("无法读取目录文件：{reason}。", "Cannot read the catalogue file: {reason}."),
    "problem.catalogue-not-utf8": (
        "目录文件不是 UTF-8 编码；请用 UTF-8 保存。",
        "The catalogue file is not UTF-8; save it as UTF-8.",
    ),
    "problem.catalogue-yaml-syntax": (
        "YAML 语法错误：{reason}；请检查该行的缩进和冒号。",
        "YAML syntax error: {reason}; check the indentation and colons on that line.",
    ),
    "problem.catalogue-yaml-tag": (
        "YAML 标签 {value} 不能用在目录里（目录只含文字、数字、映射和列表）；请删掉该行的标签。",
        "The YAML tag {value} is not allowed in a catalogue (it holds only text, numbers, mappings and lists); remove the tag on that line.",
    ),
    "problem.catalogue-yaml-aliases": (
        "YAML 别名（*名称）展开后超过 {limit} 项，或别名过多（可能是“别名炸弹”）；目录不需要别名，请把内容直接写出。",
        "YAML aliases (*name) here expand to more than {limit} entries, or there are too many of them (an \"alias bomb\"); a catalogue needs no aliases: write the content out.",
    ),
    "problem.catalogue-yaml-recursive": (
        "YAML 锚点（&名称）在自身内部被引用（*名称），内容会无限嵌套；请删掉这个别名。",
        "A YAML anchor (&name) is used (*name) inside itself, which would nest forever; remove that alias.",
    ),
    "problem.catalogue-yaml-too-deep": (
        "YAML 嵌套超过 {limit} 层；目录只需要几层，请检查缩进或括号。",
        "The YAML nests deeper than {limit} levels; a catalogue needs only a few: check the indentation or brackets.",
    ),
    "problem.catalogue-not-a-file": (
        "目录路径是文件夹或特殊文件（例如管道），不是普通文件；请给出 YAML 或 .xlsx 目录文件。",
        "The catalogue path is a folder or a special file (e.g. a pipe), not a regular file; give a YAML or .xlsx catalogue file.",
    ),
    "problem.catalogue-too-large": (
        "目录文件太大（{size} MB，上限 {limit} MB）；这不像一个目录文件，请检查路径。",
        "The catalogue file is too large ({size} MB, limit {limit} MB); it is not a catalogue: check the path.",
    ),
    "problem.catalogue-empty": ("目录文件是空的。", "The catalogue file is empty."),
    "problem.catalogue-not-a-mapping": (
        "此处应为“键: 值”形式的条目。",
        "A 'key: value' entry was expected here.",
    ),
    "problem.catalogue-not-a-list": ("“{key}”应为列表（每项以 - 开头）。", "'{key}' must be a list (items starting with -)."),
    "problem.catalogue-alias-clash": (
        "别名“{value}”已是“{other}”的名称或别名，一个名称只能指一项；请删去或改写这个别名。",
        "The alias '{value}' already names '{other}'; a name may mean one thing only: remove or change this alias.",
    ),
    "problem.catalogue-missing-key": ("缺少“{key}”；请补上。", "'{key}' is missing; add it."),
    "problem.catalogue-bad-code": (
        "代码“{value}”无效：只能用小写英文字母、数字和下划线，并以字母开头。",
        "Code '{value}' is invalid: use lower-case ASCII letters, digits and _, starting with a letter.",
    ),
    "problem.catalogue-bad-choice": (
        "“{key}”的值“{value}”无效；可用：{allowed}。",
        "'{value}' is not a valid {key}; use one of: {allowed}.",
    ),
    "problem.catalogue-not-a-number": ("“{key}”应为数字，而不是“{value}”。", "'{key}' must be a number, not '{value}'."),
    "problem.catalogue-bad-threshold": (
        "coverage_threshold 应为 0 到 1 之间的数（如 0.5），而不是“{value}”。",
        "coverage_threshold must be a number from 0 to 1 (e.g. 0.5), not '{value}'.",
    ),
    "problem.catalogue-bad-weight": (
        "权重“{value}”无效：应为大于 0 的数。",
        "Weight '{value}' is invalid: it must be a number above 0.",
    ),
    "problem.catalogue-weights-sum": (
        "岗位 {role} 的考核指标权重合计为 {total}%，应为 100%；请调整权重。",
        "The dimension weights of role {role} add up to {total}%, not 100%; adjust the weights.",
    ),
    "problem.catalogue-duplicate-code": (
        "代码“{value}”重复；每个代码只能用一次。",
        "Code '{value}' is used twice; each code must be unique.",
    ),
    "problem.catalogue-unknown-department": (
        "部门“{value}”未在 departments 中定义；可用：{allowed}。",
        "Department '{value}' is not defined under departments; use one of: {allowed}.",
    ),
    "problem.catalogue-role-file-missing": (
        "找不到岗位文件“{value}”。",
        "Role file '{value}' not found.",
    ),
    "problem.catalogue-unknown-param": (
        "未知参数“{key}”；可用：{allowed}。",
        "Unknown parameter '{key}'; use: {allowed}.",
    ),
    "problem.catalogue-missing-param": (
        "规则 {rule} 需要参数“{key}”；请在 params 中补上。",
        "Rule {rule} needs the parameter '{key}'; add it under params.",
    ),
    "problem.catalogue-bad-param": ("参数“{key}”的值“{value}”应大于 0。", "Parameter '{key}' must be above 0, not '{value}'."),
    "problem.catalogue-excellent-not-better": (
        "优秀值 {excellent} 不比目标值 {target} 更好（规则 {direction}）；请交换或修改。",
        "Excellent {excellent} is not better than target {target} (rule {direction}); swap or correct them.",
    ),
    "problem.catalogue-floor-not-below": (
        "下限 {floor} 应低于目标值 {target}。",
        "The floor {floor} must be below the target {target}.",
    ),
    "problem.catalogue-ceiling-not-above": (
        "上限 {ceiling} 应高于目标值 {target}。",
        "The ceiling {ceiling} must be above the target {target}.",
    ),
    "problem.catalogue-bad-scale": (
        "评分标尺应为 [分值, 得分] 对的列表，分值递增，至少两对。",
        "The rating scale must be a list of [value, points] pairs, values ascending, at least two.",
    ),
    "problem.catalogue-bad-bands": (
        "分档应为 [上限, 得分] 对的列表，上限递增，只有最后一档可为 null。",
        "Bands must be a list of [upper bound, points] pairs, bounds ascending; only the last bound may be null.",
    ),
    "problem.catalogue-bad-derived": (
        "derived_params 中的“{key}”不是该指标的参数（或已填写的 basis、cycle）。",
        "'{key}' in derived_params is not a parameter of this measure (nor its basis or cycle, when set).",
    ),
    "problem.catalogue-veto-not-yes-no": (
        "否决项必须使用 yes_no 规则，而不是“{value}”。",
        "A veto measure must use the yes_no rule, not '{value}'.",
    ),
    "problem.catalogue-unknown-grade": (
        "等级“{value}”未定义；可用：{allowed}。",
        "Grade '{value}' is not defined; use one of: {allowed}.",
    ),
    "problem.catalogue-bad-share": (
        "“{key}”应为 0 到 1 之间的比例（如 0.2），而不是“{value}”。",
        "'{key}' must be a share from 0 to 1 (e.g. 0.2), not '{value}'.",
    ),
    "problem.catalogue-grade-gap": (
        "等级 {value} 没有最低分，但不是最后一档：其下各档无法达到。",
        "Grade {value} has no minimum but is not the last band: the bands below it cannot be reached.",
    ),
    "problem.catalogue-grade-gap-below": (
        "最后一档等级 {value} 的最低分为 {min}：低于 {min} 的总分没有等级；请把它设为 null。",
        "The last grade {value} has a minimum of {min}: totals below {min} get no grade; set it to null.",
    ),
    "problem.catalogue-grade-overlap": (
        "等级 {value} 的最低分不低于上一档 {previous}：等级重叠；最低分应从高到低递减。",
        "Grade {value}'s minimum is not below the one of {previous}: the bands overlap; minimums must decrease.",
    ),
    "problem.catalogue-cycle-too-short": (
        "考核周期为 {value}：按期间折算后，{key} 与目标之间不足 1 次，短于 {needed} 的期间只能得满分或 0 分；"
        "请设 cycle: {needed}（或放宽 {key}）。",
        "Cycle {value}: scaled to a period shorter than a {needed}, the {key} is less than one event from the "
        "target, so the measure scores all or nothing; set cycle: {needed} (or widen the {key}).",
    ),
    "problem.catalogue-span-too-small": (
        "{key} {value} 与目标 {target}（按{basis}）相差不足 1 次：即使按全年考核也只能得满分或 0 分；请放宽 {key}。",
        "The {key} {value} is less than one event from the target {target} (per {basis}): even over a year "
        "the measure scores all or nothing; widen the {key}.",
    ),
    "problem.catalogue-yes-no-aggregate": (
        "是/否标准在多个月合并时按“每个月都达成”计（aggregate: all），而不是“{value}”；请写 aggregate: all。",
        "A yes/no standard over several months counts as met only when met in every month (aggregate: all), "
        "not '{value}'; write aggregate: all.",
    ),
    "problem.catalogue-all-not-yes-no": (
        "aggregate: all（每个月都达成）只适用于是/否标准；次数用 sum，其他用 mean。",
        "aggregate: all (met in every month) is for yes/no standards only; use sum for counts, mean otherwise.",
    ),
}
