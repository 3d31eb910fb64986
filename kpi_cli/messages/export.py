"""Messages of `kpi export`."""

MESSAGES = {
    "export.stage.read": ("读取", "Reading"),
    "export.stage.score": ("评分", "Scoring"),
    "export.stage.write": ("写出", "Writing"),
    "export.done": ("已导出 {period}：{employees} 人，{files} 个文件 → {folder}", "Exported {period}: {employees} employees, {files} files → {folder}"),
    "export.read": ("读取的文件（{n} 个）：{files}", "Files read ({n}): {files}"),
    "export.read_more": (" 等（另有 {n} 个）", " and {n} more"),
    "export.problems": (
        "输入有 {errors} 个错误、{warnings} 个警告，详见 {csv}。",
        "The input has {errors} errors and {warnings} warnings; see {csv}.",
    ),
    "export.strict_nothing_written": (
        "输入有 {errors} 个错误（或缺少月份），--strict 模式下未写出任何文件：",
        "The input has {errors} errors (or a missing month): with --strict nothing was written:",
    ),
}
