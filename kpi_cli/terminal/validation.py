"""`kpi validate` on the terminal: the problems by file and sheet, the raters, then the counts."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from kpi_cli.i18n import t
from kpi_cli.terminal.problems import render_problems


def render_validation(console: Console, report, lang: str, limit: int = 200) -> None:
    """A validation report: its problems (at most ``limit`` per sheet), raters, counts, verdict."""
    render_problems(console, report.problems, lang, limit)
    if report.raters:
        console.print(raters_table(report.raters, lang))
    c = report.counts
    console.print(Text(t("validate.summary", lang, **c)))
    console.print(Text(t("validate.problems", lang, errors=c["errors"], warnings=c["warnings"])))
    if report.valid:
        console.print(Text(t("validate.valid", lang), style="green"))
    else:
        console.print(Text(t("validate.invalid", lang), style="red"))


def raters_table(raters: list[dict], lang: str) -> Table:
    """Raters per measure, and who is missing a rating from an expected rater type."""
    table = Table(title=t("validate.raters.title", lang), title_justify="left")
    for key in ("role", "measure", "employees", "per_employee", "types", "missing"):
        table.add_column(t(f"validate.raters.{key}", lang), overflow="fold")
    sep = "、" if lang == "zh" else ", "
    for r in raters:
        names = {c: v[lang] for c, v in r["rater_type_names"].items()}
        missing = sep.join(f"{x['employee_id']} ({sep.join(names[c] for c in x['rater_types'])})" for x in r["missing"][:10])
        if len(r["missing"]) > 10:
            missing += " …"
        per = f"{r['raters_min']}–{r['raters_max']}" if r["raters_min"] != r["raters_max"] else str(r["raters_min"])
        table.add_row(Text(r["role"]), Text(r["name_zh"] if lang == "zh" else r["name_en"]), str(r["employees"]), per,
                      Text(sep.join(names[c] for c in r["rater_types"])), Text(missing or "—"))
    return table
