"""The library facade: `kpi_cli` exports what a Python user needs, lazily; the commands use only
it (and the terminal renderer); the README's library example runs on it alone; no import cycle."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import kpi_cli

ROOT = Path(__file__).resolve().parents[1]
PKG = ROOT / "kpi_cli"


def _modules() -> dict[str, Path]:
    out = {}
    for f in PKG.rglob("*.py"):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = f
    return out


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The kpi_cli modules that ``path`` imports, at the top or inside functions."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "kpi_cli")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(parts + ([node.module] if node.module else []))
            if base.split(".")[0] != "kpi_cli":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in modules else base)
    found.discard(name)
    return found


def test_commands_import_only_the_facade_and_the_terminal():
    modules = _modules()
    allowed = re.compile(r"^kpi_cli(\.commands(\..+)?|\.terminal(\..+)?)?$")
    wrong = sorted(
        (name, imported)
        for name, path in modules.items()
        if name == "kpi_cli.cli" or name.startswith("kpi_cli.commands")
        for imported in _imports(name, path, modules)
        if not allowed.match(imported)
    )
    assert wrong == []


def _third_party_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module)
    return found


def test_only_the_terminal_package_imports_rich():
    """Every Rich table and line is drawn in kpi_cli/terminal/; the one exception is the display
    width of text (rich.cells.cell_len), which the report writers need too (kpi_cli/cells.py)."""
    allowed = {("kpi_cli.cells", "rich.cells")}
    wrong = sorted(
        (name, imported)
        for name, path in _modules().items()
        if not (name == "kpi_cli.terminal" or name.startswith("kpi_cli.terminal."))
        for imported in _third_party_imports(path)
        if (imported == "rich" or imported.startswith("rich.")) and (name, imported) not in allowed
    )
    assert wrong == []


def test_the_import_graph_has_no_cycle():
    modules = _modules()
    graph = {name: _imports(name, path, modules) & set(modules) for name, path in modules.items()}
    cycles, state = [], {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(graph[node]):
            if state.get(nxt) == "open":
                cycles.append(tuple(trail[trail.index(nxt):] + [node, nxt]) if nxt in trail else (node, nxt))
            elif nxt not in state:
                visit(nxt, trail + [node])
        state[node] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    assert cycles == []


def test_every_exported_name_resolves():
    for name in kpi_cli.__all__:
        assert getattr(kpi_cli, name) is not None, name
    assert set(kpi_cli.__all__) <= set(dir(kpi_cli))
    with pytest.raises(AttributeError):
        kpi_cli.no_such_name  # noqa: B018


def test_import_is_cheap():
    """`import kpi_cli` (what `kpi --help` starts with) loads neither pandas nor the catalogue."""
    code = (
        "import sys, kpi_cli, kpi_cli.cli\n"
        "heavy = [m for m in ('pandas', 'numpy', 'openpyxl', 'yaml', 'kpi_cli.catalogue', 'kpi_cli.scoring.engine')"
        " if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _readme_example() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Using it as a library"):]
    return re.search(r"```python\n(.*?)```", section, re.S).group(1)


def test_readme_library_example_uses_only_the_facade(tmp_path):
    code = _readme_example()
    imports = [
        n for n in ast.walk(ast.parse(code)) if isinstance(n, (ast.Import, ast.ImportFrom))
    ]
    assert imports and all(isinstance(n, ast.ImportFrom) and n.module == "kpi_cli" for n in imports)
    code = code.replace('"sample_data/', f'"{ROOT.as_posix()}/sample_data/')
    # What the example shows, checked: 12 customer-inquiry people of the 80, their Excel report.
    code += (
        "\nassert len(result.employees) == 80 and len(inquiry.employees) == 12\n"
        "assert set(inquiry.employees['role']) == {'cs_inquiry'}\n"
        "assert len(result_dict(inquiry, 'en')['employees']) == 12\n"
        "import pathlib; assert pathlib.Path('inquiry.xlsx').stat().st_size > 0\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr


def test_filter_result_by_role_and_department():
    result = kpi_cli.score_files([ROOT / "sample_data" / "2026-Q3.xlsx"], kpi_cli.load_catalogue())
    assert kpi_cli.filter_result(result) is result
    by_name = kpi_cli.filter_result(result, roles=["客户咨询", "buyer"])
    assert (len(by_name.employees), sorted(set(by_name.employees["role"]))) == (19, ["buyer", "cs_inquiry"])
    both = kpi_cli.filter_result(result, roles=["buyer"], departments=["采购部"])
    assert len(both.employees) == 7
    assert len(kpi_cli.filter_result(result, departments=["理赔部", "采购部"]).employees) == 27
    assert len(kpi_cli.filter_result(result, departments=["no such"]).employees) == 0
    assert len(kpi_cli.filter_result(result, roles=["采购员"]).employees) == len(  # an alias of 采购 (buyer)
        kpi_cli.filter_result(result, roles=["buyer"]).employees)
    with pytest.raises(kpi_cli.UsageError) as err:
        kpi_cli.filter_result(result, roles=["采购助理"], lang="en")
    assert "buyer" in str(err.value) and "采购助理" in str(err.value)


def test_find_role_by_any_name():
    cat = kpi_cli.load_catalogue()
    assert {kpi_cli.find_role(cat, x).code for x in ("cs_inquiry", "客户咨询", "CS_Inquiry")} == {"cs_inquiry"}
    with pytest.raises(kpi_cli.UsageError):
        kpi_cli.find_role(cat, "nobody-here")
