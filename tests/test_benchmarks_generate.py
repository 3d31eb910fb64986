"""benchmarks/generate.py: seeded inputs in the template's layout that `kpi validate` accepts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


@pytest.fixture(scope="module")
def generate():
    spec = importlib.util.spec_from_file_location("kpi_benchmarks_generate", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def files(generate, tmp_path_factory):
    out = tmp_path_factory.mktemp("bench50")
    manifest = generate.generate(50, out, seed=3)
    return out, manifest


def _validate(runner, app, paths):
    result = runner.invoke(app, ["validate", *map(str, paths), "--format", "json", "--lang", "en"])
    return result.exit_code, json.loads(result.stdout)


def test_fifty_employees_over_all_roles(files, catalogue):
    out, manifest = files
    assert manifest["employees"] == 50
    assert sorted(manifest["roles"]) == sorted(r.code for r in catalogue.roles)
    assert all(n >= 1 for n in manifest["roles"].values()) and sum(manifest["roles"].values()) == 50
    assert (out / "2026-Q3.xlsx").is_file() and len(manifest["files"]["csv"]) == 17
    assert manifest["files"]["months"] == ["2026-07.xlsx", "2026-08.xlsx", "2026-09.xlsx"]


@pytest.mark.parametrize("which", ["xlsx", "csv", "months"])
def test_kpi_validate_accepts_the_files_without_errors(files, runner, app, which):
    out, manifest = files
    names = manifest["files"][which]
    paths = [out / n for n in ([names] if isinstance(names, str) else names)]
    code, report = _validate(runner, app, paths)
    problems = [(p["sheet"], p["cell"], p["type"]) for p in report["problems"]]
    assert (code, report["valid"], problems) == (0, True, [])
    assert report["counts"]["rows"] == 50 * (3 if which == "months" else 1)
    assert report["counts"]["ok"] == 50  # the three months of an employee make one record of the quarter


def test_same_figures_in_the_workbook_and_the_csv(files, runner, app):
    out, manifest = files

    def totals(paths):
        res = runner.invoke(app, ["score", *map(str, paths), "--format", "json", "--lang", "en"])
        assert res.exit_code == 0, res.output
        return {e["employee_id"]: (e["total"], e["grade"]) for e in json.loads(res.stdout)["employees"]}

    from_xlsx = totals([out / manifest["files"]["xlsx"]])
    assert len(from_xlsx) == 50
    assert totals([out / n for n in manifest["files"]["csv"]]) == from_xlsx


def test_layout_is_the_templates(files, catalogue, tmp_path):
    """Row 1 of every role sheet and the `_kpi` column map are what `kpi template` writes."""
    import python_calamine as pc

    from kpi_cli.reports.template_workbook import write_workbook

    out, _ = files
    write_workbook(tmp_path / "template.xlsx", catalogue, list(catalogue.roles), lang="zh")
    template = pc.CalamineWorkbook.from_path(str(tmp_path / "template.xlsx"))
    ours = pc.CalamineWorkbook.from_path(str(out / "2026-Q3.xlsx"))
    assert ours.sheet_names == template.sheet_names
    for name in template.sheet_names[1:-1]:  # the role sheets between the instructions and _kpi
        assert ours.get_sheet_by_name(name).to_python()[0] == template.get_sheet_by_name(name).to_python()[0], name

    def columns(book):
        return [row for row in book.get_sheet_by_name("_kpi").to_python() if row[0] == "column"]

    assert columns(ours) == columns(template)


def test_same_seed_same_figures(generate, files, tmp_path):
    out, manifest = files
    again = generate.generate(50, tmp_path, seed=3, months=False)
    for name in manifest["files"]["csv"]:
        assert (tmp_path / name).read_bytes() == (out / name).read_bytes(), name
    other = generate.generate(50, tmp_path / "other", seed=4, months=False)
    assert any((tmp_path / "other" / n).read_bytes() != (out / n).read_bytes() for n in other["files"]["csv"])
    assert again["measure_cells"] == manifest["measure_cells"]


def test_fewer_employees_than_roles_is_refused(generate, catalogue):
    with pytest.raises(ValueError, match="at least 17"):
        generate.role_counts(10, catalogue)
