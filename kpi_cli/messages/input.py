"""Messages about input files: problems found while reading and validating, and `kpi validate`'s output."""

MESSAGES = {
    "where.row": ("第 {row} 行", "row {row}"),
    "where.line": ("第 {line} 行", "line {line}"),
    "where.row_in": ("{place} › 第 {row} 行", "{place} › row {row}"),
    # --- files that cannot be read ---------------------------------------------------------------
    "problem.file-not-found": (
        "找不到文件；请检查路径和文件名（在 {folder} 中）。",
        "File not found; check the path and the file name (in {folder}).",
    ),
    "problem.not-a-file": (
        "这是一个文件夹或特殊文件，不是数据文件；请给出数据文件（{supported}）的路径。",
        "This is a folder or a special file, not a data file; give the path of a data file ({supported}).",
    ),
    "problem.file-unreadable": (
        "无法读取文件（{reason}）；请关闭正在使用它的程序（如 Excel、WPS），或检查文件权限后重试。",
        "The file cannot be read ({reason}); close any program that has it open (Excel, WPS) or check its permissions, then try again.",
    ),
    "problem.file-too-large": (
        "文件太大（{size} MB，上限 {limit} MB）；请拆分成几个文件。",
        "The file is too large ({size} MB, limit {limit} MB); split it into several files.",
    ),
    "problem.empty-file": (
        "文件是空的；请填写数据后再试，或用 kpi template 生成空白表格。",
        "The file is empty; fill in the figures and try again, or make a blank workbook with kpi template.",
    ),
    "problem.encrypted-workbook": (
        "工作簿设有密码（已加密），无法读取；请在 Excel 中打开，取消“用密码加密”后另存为 .xlsx。",
        "The workbook is password-protected (encrypted) and cannot be read; open it in Excel, remove 'Encrypt with Password' and save it as .xlsx.",
    ),
    "problem.xls-not-supported": (
        "不支持旧版 .xls 格式；请在 Excel 或 WPS 中打开，另存为 .xlsx（Excel 工作簿）后再试。",
        "Old .xls workbooks are not supported; open the file in Excel or WPS and save it as .xlsx (Excel Workbook).",
    ),
    "problem.not-an-xlsx": (
        "文件名是 .xlsx，但内容不是 Excel 工作簿（看起来是 {looks_like}）；请用 Excel 另存为 .xlsx，或按实际类型改扩展名（如 .csv）。",
        "The name says .xlsx but the content is not an Excel workbook (it looks like {looks_like}); save it as .xlsx from Excel, or rename it to what it is (e.g. .csv).",
    ),
    "problem.not-a-csv": (
        "文件名是 CSV，但内容是二进制（看起来是 {looks_like}）；如果是 Excel 工作簿，请把扩展名改为 .xlsx。",
        "The name says CSV but the content is binary (it looks like {looks_like}); if it is an Excel workbook, rename it to .xlsx.",
    ),
    "problem.misnamed-file": (
        "文件扩展名是 .xls，但实际是 {actual} 工作簿；已按 {actual} 读取。建议把扩展名改为 {actual}。",
        "The file is named .xls but is an {actual} workbook; it was read as {actual}. Rename it to {actual}.",
    ),
    "problem.unsupported-file-type": (
        "不支持的文件类型“{ext}”；可用的类型：{supported}。",
        "Unsupported file type '{ext}'; use one of: {supported}.",
    ),
    "problem.corrupt-workbook": (
        "工作簿已损坏或不完整，无法打开（{reason}）；请在 Excel 中打开并重新保存，或重新导出。",
        "The workbook is damaged or incomplete and cannot be opened ({reason}); open and save it again in Excel, or export it again.",
    ),
    "problem.corrupt-sheet": (
        "工作表“{sheet}”无法读取（{reason}）；其他工作表已读取。请在 Excel 中重新保存该文件。",
        "Sheet '{sheet}' cannot be read ({reason}); the other sheets were read. Save the file again in Excel.",
    ),
    "problem.sheet-too-large": (
        "已拒绝：工作表“{sheet}”的内容分散在 {rows} 行 × {columns} 列中，超过可读取的上限（{limit} 个单元格）；请删除远离数据区的零散单元格后再试。",
        "Refused: sheet '{sheet}' has cells spread over {rows} rows × {columns} columns, more than kpi reads (limit {limit} cells); delete the stray cells far from the data and try again.",
    ),
    "input.reason.zip_parts": ("{parts} 个部件，上限 {limit}", "{parts} parts (limit {limit})"),
    "input.reason.zip_unpacked": ("解压后 {mb} MB，上限 {limit} MB", "{mb} MB unpacked (limit {limit} MB)"),
    "input.reason.zip_ratio": ("{part}：由 {packed} 字节解压为 {mb} MB", "{part}: {mb} MB from {packed} bytes"),
    "input.reason.no_root": ("{part}：前 {chars} 个字符中没有 XML 根元素", "{part}: no XML root element in its first {chars} characters"),
    "input.reason.too_many_strings": ("{part} 声称在 {size} 字节中有 {claimed} 个字符串", "{part} claims {claimed} strings in {size} bytes"),
    "problem.zip-bomb": (
        "已拒绝：工作簿解压后异常巨大（{reason}），可能是恶意文件（“压缩炸弹”）。请确认文件来源。",
        "Refused: the workbook would unpack to an abnormal size ({reason}); it may be a malicious 'zip bomb'. Check where the file came from.",
    ),
    "problem.xml-entities": (
        "已拒绝：工作簿的 {part} 含有 XML 实体声明（DOCTYPE/ENTITY），Excel 不会写出这种内容，可能是恶意文件。请在 Excel 中另存后再试。",
        "Refused: part {part} of the workbook declares XML entities (DOCTYPE/ENTITY), which Excel never writes; it may be malicious. Save it again from Excel.",
    ),
    "problem.bad-encoding": (
        "部分字符无法按 {encoding} 编码解读，已替换为 �；请用 --encoding 指定正确的编码（如 gbk、utf-8），或在 Excel 中另存为“CSV UTF-8”。",
        "Some characters could not be decoded as {encoding} and were replaced by �; give the right one with --encoding (e.g. gbk, utf-8), or save as 'CSV UTF-8' from Excel.",
    ),
    "problem.unclosed-quote": (
        "此单元格中的引号（\"）没有闭合，之后的 {lines} 行本会被并入这一个单元格；这些行已逐行读取，引号按普通字符处理。请检查这一行的引号。",
        "The quote (\") opened in this cell is never closed, so the {lines} lines from here on would have become this one cell; they were read line by line, quotes taken as plain characters. Check the quotes on this row.",
    ),
    "problem.corrupt-csv": (
        "CSV 文件在此处无法继续解析（{reason}），之后的行未读取；请检查该行的引号。",
        "The CSV file cannot be parsed from here on ({reason}); the rows after it were not read. Check the quotes on that line.",
    ),
    "problem.no-matching-sheet": (
        "文件中没有可识别的考核数据表：没有找到“工号”“岗位”或考核标准名称的表头。请使用 kpi template 生成的表格，或按 kpi role show 岗位 中的名称填写表头。",
        "No sheet in this file looks like KPI data: no header such as Employee ID, Role or a measure name. Use a workbook made by kpi template, or name the columns as kpi role show ROLE lists them.",
    ),
    "problem.no-data": (
        "文件中没有员工数据行（只有表头）；请在表头下方每位员工填写一行。",
        "The file holds no employee rows (headers only); fill in one row per employee below the headers.",
    ),
    # --- sheets and columns ------------------------------------------------------------------------
    "problem.empty-sheet": (
        "工作表“{sheet}”是空的，已跳过。",
        "Sheet '{sheet}' is empty and was skipped.",
    ),
    "problem.unrecognised-sheet": (
        "工作表“{sheet}”的表头不是考核数据（找到：{found}），已跳过；如果它是数据，请把表头改为“工号”“岗位”和考核标准名称。",
        "Sheet '{sheet}' has no KPI headers (found: {found}) and was skipped; if it holds data, head its columns Employee ID, Role and the measure names.",
    ),
    "problem.unrecognised-header": (
        "文件开头几行没有考核数据的表头（找到：{found}）；如果它是数据，请把表头改为“工号”“岗位”和考核标准名称。",
        "The first rows of the file hold no KPI headers (found: {found}); if it holds data, head its columns Employee ID, Role and the measure names.",
    ),
    "problem.header-only": (
        "工作表只有表头，没有数据行。",
        "The sheet has headers but no data rows.",
    ),
    "problem.merged-header": (
        "表头单元格 {range} 是合并单元格；合并区域中只有第一列有表头，其余列可能无法识别。请取消合并，为每一列写上表头。",
        "Header cells {range} are merged; only the first column of the range has a header, the others may not be recognised. Unmerge them and give each column its own header.",
    ),
    "problem.merged-cells": (
        "数据区有合并单元格（{ranges}）；合并单元格的值已用于它覆盖的每一行。请核对，最好取消合并并逐行填写。",
        "The data has merged cells ({ranges}); each merged value was used for every row it covers. Check this; better unmerge and fill in every row.",
    ),
    "problem.unknown-column": (
        "列“{column}”既不是身份列（工号、姓名、部门、岗位、期间），也不是任何岗位的考核标准，已忽略。如果它是考核数据，请把表头改为 kpi role show 岗位 中的名称或代码。",
        "Column '{column}' is neither an identity column (employee id, name, department, role, period) nor a measure of any role, and was ignored. If it holds figures, rename its header to a measure name or code from kpi role show ROLE.",
    ),
    "problem.duplicate-column": (
        "列“{column}”与 {first} 列的含义相同，已忽略此列，使用 {first} 列。请删除或改名其中一列。",
        "Column '{column}' means the same as column {first}; this one was ignored and column {first} used. Delete or rename one of them.",
    ),
    "problem.missing-column": (
        "缺少“{field_zh}”列；请在表头中加入这一列（每行都要填写）。",
        "The '{field_en}' column is missing; add it to the headers (and fill it in on every row).",
    ),
    "problem.hidden-rows": (
        "有隐藏的行（{rows}，共 {count} 行）；这些行已读取并参与计算。如不应参与，请删除它们。",
        "There are hidden rows ({rows}, {count} in all); they were read and are scored. Delete them if they should not count.",
    ),
    "problem.hidden-columns": (
        "有隐藏的列（{columns}）；这些列已读取。请确认其中的数据。",
        "There are hidden columns ({columns}); they were read. Check their figures.",
    ),
    "problem.hidden-sheet": (
        "工作表“{sheet}”是隐藏的；其数据已读取并参与计算。如不应参与，请删除该表。",
        "Sheet '{sheet}' is hidden; its rows were read and are scored. Delete the sheet if they should not count.",
    ),
    "problem.extra-fields": (
        "这一行有 {found} 个字段，表头只有 {expected} 个，多出的字段里有内容：这一行的数字可能错位了（例如没加引号的“2,6”被拆成两格）。请检查分隔符和引号后再运行。",
        "This row has {found} fields where the header has {expected}, and the extra ones are not empty: its figures may have shifted (an unquoted '2,6' split in two, say). Check the separators and quotes and run again.",
    ),
    "problem.ragged-row": (
        "这一行有 {found} 个字段，表头有 {expected} 个；缺少的视为空白，多出的已忽略。请检查分隔符和引号。",
        "This row has {found} fields where the header has {expected}; missing ones are blank, extra ones ignored. Check the separators and quotes.",
    ),
    # --- cells ------------------------------------------------------------------------------------------
    "problem.not-due-figure": (
        "“{name_zh}”考核周期为{cycle_zh}，{period} 本期不考核：所填数值仅作参考，不计分（{count} 人：{value}）；"
        "请在{cycle_zh}考核时填写，或留空。",
        "'{name_en}' is assessed {cycle_en}, so it is not due in {period}: the figures given are shown for "
        "information and not scored ({count}: {value}); give them when the {cycle_en} assessment is scored, or leave them blank.",
    ),
    "problem.not-a-number": (
        "“{name_zh}”应填数字，而不是“{value}”；请改为数字（如 95、95%、3.5），不适用请留空。",
        "'{name_en}' needs a number, not '{value}'; type a number (e.g. 95, 95%, 3.5), or leave it blank if not assessed.",
    ),
    "problem.wrong-unit": (
        "“{value}”的单位不是“{name_zh}”的单位（{unit_zh}）；请换算成{unit_zh}后只填数字，不适用请留空。",
        "'{value}' is not in the unit of '{name_en}' ({unit_en}); convert it to {unit_en} and type the number only, or leave it blank if not assessed.",
    ),
    "problem.not-yes-no": (
        "“{name_zh}”应填 是/否（或 Y/N、1/0），而不是“{value}”。",
        "'{name_en}' needs yes or no (Y/N, yes/no, 1/0), not '{value}'.",
    ),
    "problem.out-of-range": (
        "“{name_zh}”的值 {value} 超出允许范围 {range}；请核对后更正。",
        "{value} is outside the range allowed for '{name_en}' ({range}); check and correct it.",
    ),
    "problem.excel-error": (
        "单元格是 Excel 错误值 {value}；请修正公式，或改填数值。",
        "The cell holds the Excel error {value}; fix the formula or type the figure.",
    ),
    "problem.formula-without-value": (
        "单元格是公式，但文件中没有保存计算结果（文件可能由其他程序生成）；请在 Excel 中打开并保存一次，或改填数值。",
        "The cell holds a formula whose result was not saved (the file was probably written by another program); open and save it once in Excel, or type the figure.",
    ),
    "problem.mixed-percent": (
        "“{name_zh}”这一列既有 0.95 这样的小数又有 95 这样的百分数；{value} 已按 {read_as}% 读取。请统一写法（如都写 95 或 95%）。",
        "The '{name_en}' column mixes fractions such as 0.95 with whole percentages such as 95; {value} was read as {read_as}%. Write them all one way (95 or 95%).",
    ),
    "problem.not-for-role": (
        "这一列不是岗位 {role} 的考核标准，此值已忽略；请把它移到正确员工的行，或清空。",
        "This column is not a measure of role {role}; the value was ignored. Move it to the right employee's row or clear it.",
    ),
    "problem.long-text": (
        "单元格文字过长（{length} 个字符，上限 {limit}）；请检查是否误粘贴。",
        "The cell text is very long ({length} characters, limit {limit}); check for a paste by mistake.",
    ),
    "problem.missing-employee-id": (
        "缺少工号；请为该员工填写工号（该行已读取，但不能评级）。",
        "The employee id is missing; fill it in (the row was read but cannot be graded).",
    ),
    "problem.summary-row": (
        "这一行是合计/平均行（“{value}”），不是员工：已跳过，其中的数字未读取（kpi 会自己汇总）。",
        "This row is a totals or average row ('{value}'), not an employee: skipped, its figures not read (kpi does its own totals).",
    ),
    "problem.reference-row": (
        "这一行是目标/参考行（“{value}”），不是员工：已跳过，其中的数字未读取。",
        "This row is a target or reference line ('{value}'), not an employee: skipped, its figures not read.",
    ),
    "problem.label-row": (
        "这一行只有“{value}”：没有姓名和考核数据，工号栏的文字也不像本表其他工号，当作分组标题或说明行跳过。如果它是员工，请填写正确的工号、姓名和数据。",
        "This row holds only '{value}': no name and no figure, and the ID column's text does not look like this sheet's other employee IDs; skipped as a group title or a note. If it is an employee, fill in the right ID, the name and the figures.",
    ),
    "problem.unlike-id": (
        "工号“{value}”不像本表其他工号（它们都含数字、没有空格），这一行又没有姓名：它像是目标、平均或说明行，不像员工。如果不是员工，请删除这一行；如果是，请填写正确的工号和姓名。",
        "The employee ID '{value}' does not look like this sheet's other IDs (they hold digits and no spaces), and the row has no name: it looks like a target, average or note line, not an employee. If it is not one, delete the row; if it is, fill in the right ID and the name.",
    ),
    "problem.another-table": (
        "这一行是另一张表的表头（这一栏是“{value}”，第一张表的表头是“{header}”）：kpi 每个工作表只读一张表，下面的行会按第一张表的表头错读。请把第二张表移到单独的工作表。",
        "This row is another table's header (this column says '{value}' where the first table's header says '{header}'): kpi reads one table per sheet, and the rows below would be read under the first table's header. Move the second table to a sheet of its own.",
    ),
    "problem.header-subcolumns": (
        "表头下面这一行又分出了子栏（这一栏是“{value}”）：kpi 每个指标只读一栏，否则会把目标值、上期或某个月的数当成本期完成值。请只保留本期实际完成值那一栏，把指标名写在它的表头上。",
        "This row under the header splits it into sub-columns (this column says '{value}'): kpi reads one column per measure, and would take a target, the previous period or one month for the period's figure. Keep only the column of the period's actual figures, with the measure's name as its header.",
    ),
    "problem.template-header-changed": (
        "这一栏在 kpi 模板里是“{name_zh}”，现在的表头“{value}”却不是这个指标的名称：模板的栏目可能被移动、删除或改了名，kpi 无法确定这一栏是哪个指标，这一栏的数字未读取。请把表头改回“{name_zh}”（或写上这一栏实际指标的名称）。",
        "In the kpi template this column is '{name_en}', but its header now says '{value}', which is not that measure's name: the template's columns may have been moved, deleted or renamed, and kpi cannot tell which measure this column holds; its figures were not read. Put the template's header back (the measure's name as `kpi template` wrote it), or write the name of the measure the column really holds.",
    ),
    "problem.header-row": (
        "这一行重复了表头（“{value}”…），不是员工：已跳过。",
        "This row repeats the header ('{value}'…), not an employee: skipped.",
    ),
    "problem.note-row": (
        "这一行是备注（“{value}”），不是员工：已跳过。如果它其实是员工，请在工号栏填工号。",
        "This row is a note ('{value}'), not an employee: skipped. If it is an employee, put the employee ID in the ID column.",
    ),
    "problem.signature-row": (
        "这一行是签字/日期行（“{value}”），不是员工：已跳过。",
        "This row is a signature or date line ('{value}'), not an employee: skipped.",
    ),
    "problem.blank-row": (
        "这一行没有工号、姓名、岗位或任何考核数据（只有“{value}”）：当作空行跳过。如果它是员工，请补上工号和数据。",
        "This row holds no employee ID, name, role or figure (only '{value}'): skipped as a blank line. If it is an employee, fill in the ID and the figures.",
    ),
    "problem.department-from-sheet": (
        "此工作表没有“部门”列：表中员工的部门按工作表名记为“{department}”。如不对，请加一列“部门”。",
        "This sheet has no Department column: its employees' department is taken from the sheet name, '{department}'. If that is wrong, add a Department column.",
    ),
    "problem.decimal-id": (
        "工号“{value}”带有“.0”，像是被另存为小数的数字：按 {id} 读取（此表共 {count} 个这样的工号）。如工号本来就带小数点，请改为文本格式。",
        "The employee ID '{value}' ends in '.0', like a number saved as a decimal: read as {id} ({count} such IDs on this sheet). If the IDs really have a decimal point, store them as text.",
    ),
    "problem.period-from-sheet": (
        "此工作表没有“期间”列：表中数据的期间按工作表名“{value}”记为 {period}。如不对，请加一列“期间”。",
        "This sheet has no Period column: its figures are taken as {period}, from the sheet name '{value}'. If that is wrong, add a Period column.",
    ),
    "problem.sheet-period-conflict": (
        "工作表名“{value}”像是期间 {sheet_period}，但文件名给出的期间是 {period}：按文件名的 {period} 读取。如不对，请改文件名或加一列“期间”。",
        "The sheet name '{value}' looks like the period {sheet_period}, but the file name gives {period}: read as {period}. If that is wrong, rename the file or add a Period column.",
    ),
    "problem.role-from-measures": (
        "此表没有“岗位”列，但指标名称只属于岗位“{role_zh}”：{count} 名员工按此岗位评分。如不对，请加一列“岗位”。",
        "This sheet has no Role column, but its measure names belong to one role only, '{role_en}': {count} employees are scored in that role. If that is wrong, add a Role column.",
    ),
    "problem.computed-column": (
        "“{column}”列是表格自己算出的总分/等级/排名：未读取，kpi 按目录自行计算。",
        "The column '{column}' is a total, grade or rank the spreadsheet computed: not read, kpi computes its own from the catalogue.",
    ),
    "problem.transposed-sheet": (
        "此表每位员工占一列（工号、指标名称在第一列往下排），kpi 要求每位员工一行：本表的数据都未读取。请在 Excel 中选中整个表格，复制，再用“选择性粘贴 → 转置”粘贴到新工作表后再试。",
        "This sheet has one employee per column (the ID and the measure names run down the first column); kpi reads one row per employee, so nothing on this sheet was read. In Excel, select the table, copy it, and use Paste Special → Transpose into a new sheet, then try again.",
    ),
    "problem.qualified-column": (
        "“{column}”是“{name_zh}”的{qualifier}数据，不是本期数据：此列未读取（本期数据读自“{name_zh}”列）。",
        "'{column}' holds the {qualifier} figure of '{name_en}', not this period's: the column is not read (this period's figure is read from the '{name_en}' column).",
    ),
    "problem.header-unit": (
        "表头“{column}”的单位是{given_zh}，但“{name_zh}”以{unit_zh}计：此列未读取。请把数据换算成{unit_zh}并改正表头。",
        "The header '{column}' gives the unit {given_en}, but '{name_en}' is measured in {unit_en}: the column was not read. Convert the figures to {unit_en} and correct the header.",
    ),
    "problem.measure-column-lookalike": (
        "本表没有“{name_zh}”列，但“{column}”列看起来就是它：该指标对本表所有员工都没有读取。请把表头改为“{name_zh}”（或在目录中为该指标加别名）。",
        "This sheet has no '{name_en}' column, but the column '{column}' looks like it: that measure was read for nobody on this sheet. Rename the header to the measure's name (or give the measure an alias in the catalogue).",
    ),
    "problem.missing-role": (
        "缺少岗位；请填写岗位名称或代码（用 kpi roles 查看全部岗位）。",
        "The role is missing; fill in the role's name or code (see all with: kpi roles).",
    ),
    "problem.unknown-role": (
        "未知岗位“{value}”。相近的有：{hint_zh}。请改为目录中的岗位名称或代码（kpi roles）。",
        "Unknown role '{value}'. Close matches: {hint_en}. Use a role name or code from the catalogue (kpi roles).",
    ),
    "problem.unknown-measure": (
        "“{value}”不是岗位 {role} 的考核标准；可用的代码：{known}。",
        "'{value}' is not a measure of role {role}; known codes: {known}.",
    ),
    "problem.duplicate-value": (
        "员工 {employee_id} 的“{name_zh}”出现了不止一次；请只保留一行。",
        "'{name_en}' is given more than once for employee {employee_id}; keep one row.",
    ),
    "problem.duplicate-employee": (
        "工号 {employee_id} 在同一期间出现了 {count} 次（另见：{others}）；每位员工每期只能有一行，请删除重复行或更正工号。",
        "Employee id {employee_id} appears {count} times in one period (also at: {others}); keep one row per employee and period, or correct the id.",
    ),
    # --- kpi validate ---------------------------------------------------------------------------
    "validate.summary": (
        "{files} 个文件，{sheets} 个工作表，{rows} 行数据，{employees} 名员工：{ok} 正常，{invalid} 有错误，{incomplete} 数据不全。",
        "{files} file(s), {sheets} sheet(s), {rows} data row(s), {employees} employee(s): {ok} ok, {invalid} invalid, {incomplete} incomplete.",
    ),
    "validate.problems": ("{errors} 个错误，{warnings} 个警告。", "{errors} error(s), {warnings} warning(s)."),
    "validate.valid": ("校验通过：没有错误。", "Valid: no errors."),
    "validate.invalid": ("校验未通过：请按上表更正错误后重试。", "Not valid: correct the errors above and try again."),
    "validate.more": (
        "……另有 {n} 个问题未显示；用 --limit 0 显示全部，或 --format json。",
        "… {n} more problem(s) not shown; use --limit 0 to show all, or --format json.",
    ),
}
