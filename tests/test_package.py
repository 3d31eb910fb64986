"""The package itself: the library's front door (kpi_cli), `python -m kpi_cli`, and that every
module of kpi_cli has a test that imports it (tests mirror the package)."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import kpi_cli

ROOT = Path(__file__).resolve().parents[1]
FRONT_DOOR: dict[str, str] = getattr(kpi_cli, "_EXPORTS", {})  # name → "module[:attribute]"
TESTS = Path(__file__).resolve().parent


def test_the_front_door_loads_on_first_use():
    assert kpi_cli.__version__ and {"load_catalogue", "parse_period"} <= set(kpi_cli.__all__)
    period = kpi_cli.parse_period("2026-Q3")
    assert [m.code for m in period.months] == ["2026-07", "2026-08", "2026-09"]
    assert len(kpi_cli.load_catalogue().roles) == 17
    with pytest.raises(AttributeError):
        kpi_cli.no_such_thing  # noqa: B018


def test_python_dash_m_runs_kpi():
    out = subprocess.run([sys.executable, "-m", "kpi_cli", "--version"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0 and out.stdout.strip() == f"kpi {kpi_cli.__version__}"


def kpi_modules() -> set[str]:
    return {"kpi_cli"} | {m.name for m in pkgutil.walk_packages(kpi_cli.__path__, "kpi_cli.")}


def imported_by_tests() -> set[str]:
    """Every kpi_cli module a test file imports (by name), and what `-m kpi_cli` runs."""
    found: set[str] = set()
    for path in TESTS.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        if '"-m", "kpi_cli"' in text:
            found.add("kpi_cli.__main__")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "kpi_cli":
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)  # from kpi_cli.x import module
                if node.module == "kpi_cli":  # the front door: a name stands for the module it comes from
                    found.update(FRONT_DOOR[a.name].split(":")[0] for a in node.names if a.name in FRONT_DOOR)
            elif (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "kpi_cli"
                  and node.attr in FRONT_DOOR):  # import kpi_cli; kpi_cli.filter_result(…)
                found.add(FRONT_DOOR[node.attr].split(":")[0])
            elif isinstance(node, ast.Import):
                found.update(a.name for a in node.names if a.name.split(".")[0] == "kpi_cli")
    return found


def never_imported() -> list[str]:
    modules, found = kpi_modules(), imported_by_tests()
    missing = []
    for name in sorted(modules):
        if name in found:
            continue
        if any(m.startswith(name + ".") and m in found for m in modules):
            continue  # a package whose modules are tested
        if name == "kpi_cli.messages" or name.startswith("kpi_cli.messages."):
            continue  # translation tables: each key is checked in both languages by test_i18n.py
        command = name.removeprefix("kpi_cli.commands.")
        if name.startswith("kpi_cli.commands.") and (TESTS / f"test_cli_{command}.py").is_file():
            continue  # a command: its tests are test_cli_<command>.py, through the Typer app
        missing.append(name)
    return missing


def test_every_module_is_imported_by_a_test():
    assert never_imported() == [], (
        "these kpi_cli modules are imported by no test: give each a test of what it does "
        "(tests/test_<module>.py, or test_cli_<command>.py for a command)"
    )


def test_the_module_check_sees_a_missing_test(monkeypatch):
    real = kpi_modules()
    monkeypatch.setattr(sys.modules[__name__], "kpi_modules", lambda: real | {"kpi_cli.brand_new"})
    assert never_imported() == ["kpi_cli.brand_new"]


SLOW_TOOLS = ("CHROMIUM", "chromium(", "SOFFICE", "soffice")


def test_rendering_tests_are_marked_slow():
    """Tests that start Chromium or LibreOffice take seconds each: marked so, for -m 'not slow'."""
    unmarked = []
    for path in TESTS.glob("test_*.py"):
        if path.name == Path(__file__).name:
            continue
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        module_slow = "pytestmark = pytest.mark.slow" in text
        for node in tree.body:
            if not (isinstance(node, ast.FunctionDef) and node.name.startswith("test_")):
                continue
            source = ast.get_source_segment(text, node) or ""
            uses = any(tool in source for tool in SLOW_TOOLS) or any(
                "needs_chromium" in ast.unparse(d) for d in node.decorator_list)
            marked = module_slow or any("mark.slow" in ast.unparse(d) for d in node.decorator_list)
            if uses and not marked:
                unmarked.append(f"{path.name}::{node.name}")
    assert unmarked == []


def test_the_slow_marker_is_registered():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"slow:' in text
