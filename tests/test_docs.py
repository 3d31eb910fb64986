"""Guard rails: every command has help with an example and appears in the README."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main

from kpi_cli.cli import app as kpi_app

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def command_paths() -> list[list[str]]:
    group = typer.main.get_command(kpi_app)
    paths = []
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            paths += [[name, sub] for sub in cmd.commands]
        else:
            paths.append([name])
    return paths


def test_readme_starts_with_the_two_setup_commands():
    block = README.split("```bash", 1)[1].split("```", 1)[0].strip().splitlines()
    assert len(block) == 2
    assert "pip install ." in block[0] and "kpi score sample_data/" in block[0]
    assert 'pip install ".[test]"' in block[1] and "pytest" in block[1]


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(runner, app, path):
    for lang, example in (("en", "Example:"), ("zh", "示例：")):
        res = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200", "KPI_LANG": lang})
        assert res.exit_code == 0
        assert example in res.stdout, (lang, res.stdout)
    name = "kpi " + " ".join(path)
    shown = name if len(path) == 1 else f"kpi {path[0]} "
    assert shown in README or f"`kpi {path[0]} {path[1]}" in README or f"kpi {path[0]} export|check|diff" in README, name


def test_readme_documents_the_exit_codes_and_json():
    from kpi_cli.errors import INTERNAL_ERROR_EXIT

    for needle in ("| `0` |", "| `1` |", "| `2` |", f"| `{INTERNAL_ERROR_EXIT}` |", "| `130` |", '"employees"', '"rank_in_department"', "docs/scoring.md",
                   "## What kpi promises about your data"):
        assert needle in README
