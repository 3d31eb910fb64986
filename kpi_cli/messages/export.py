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
    "export.no_inputs_in_folder": (
        "文件夹 {folder} 中没有可读取的输入文件（{suffixes}）；请把该期间的文件放进去，或直接给出文件。",
        "No input files ({suffixes}) in the folder {folder}; put the period's files there or give the files themselves.",
    ),
    "export.input_inside_output": (
        "输入文件 {file} 位于输出文件夹 {folder} 中，导出时会被替换；请另选一个输出文件夹（输入文件永远不会被覆盖）。",
        "The input {file} is inside the output folder {folder}; inputs are never replaced — choose another output folder.",
    ),
    "export.no_inputs": ("没有给出输入文件；请给出该期间的文件、各月文件或存放它们的文件夹。",
                         "No input files given; give the period's file, its monthly files or a folder holding them."),
    "export.output_is_symlink": ("{folder} 是符号链接；请给出一个真实的文件夹。",
                                 "{folder} is a symbolic link; give a real folder."),
    "export.output_not_a_folder": ("{folder} 已存在，但不是文件夹；请另选输出文件夹。",
                                   "{folder} exists and is not a folder; choose another output folder."),
    "export.output_not_ours": (
        "{folder} 不是空文件夹，也不是 kpi export 生成的；请选择一个空文件夹，或加 --force 替换它。",
        "{folder} is not empty and was not made by kpi export; choose an empty folder or add --force to replace it.",
    ),
    "export.previous_no_scores": (
        "{folder} 中没有 scores-<期间>.csv；请给出以前某次 kpi export 的文件夹或其中的成绩 CSV。",
        "No scores-<period>.csv in {folder}; give an earlier kpi export folder or its scores CSV.",
    ),
    "export.previous_unreadable": ("无法读取上期成绩 {file}（{reason}）；请检查该文件。",
                                   "Cannot read the previous scores {file} ({reason}); check the file."),
    "export.previous_not_scores": (
        "{file} 不是 kpi 的成绩 CSV（应有 employee_id 和 total_rounded 两列）；请给出 kpi export 写出的 scores-<期间>.csv。",
        "{file} is not a kpi scores CSV (employee_id and total_rounded columns expected); give the scores-<period>.csv that kpi export wrote.",
    ),
}
