"""Load a catalogue: the built-in one, a folder with catalogue.yaml, one YAML file or a workbook.

This module reads the text (YAML, remembering the line of every mapping and key) and hands it to
the schema's checks (kpi_cli.catalogue.schema); a workbook is read by kpi_cli.catalogue.xlsx_io
into the same located mappings, so both forms are checked by the same code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.catalogue.schema import Checker, Located, LocatedList, build_catalogue
from kpi_cli.errors import CatalogueError
from kpi_cli.problems import ERROR, Problem

BUILTIN_DIR = Path(__file__).with_name("builtin")
BUILTIN_FILE = BUILTIN_DIR / "catalogue.yaml"
XLSX_SUFFIXES = (".xlsx", ".xlsm")


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Load and check a catalogue: the built-in one, a folder with catalogue.yaml, or one YAML file.

    Raises CatalogueError with every problem found (each with file and line).
    """
    catalogue, problems = check_catalogue(path)
    errors = [p for p in problems if p.severity == ERROR]
    if errors or catalogue is None:
        raise CatalogueError(errors or problems)
    return catalogue


def check_catalogue(path: str | Path | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """Like load_catalogue, but returns (catalogue or None, problems) instead of raising."""
    if path is None:
        file = BUILTIN_FILE
    else:
        file = Path(path)
        if file.is_dir():
            file = file / "catalogue.yaml"
    checker = Checker()
    if not file.exists():
        checker.add("catalogue-not-found", file)
        return None, checker.problems
    if file.suffix.lower() in XLSX_SUFFIXES:
        from kpi_cli.catalogue.xlsx_io import read_catalogue_xlsx

        return read_catalogue_xlsx(file)
    data = _read_yaml(file, checker.problems)
    if data is None:
        if not checker.problems:
            checker.add("catalogue-empty", file)
        return None, checker.problems
    digest = hashlib.sha256(file.read_bytes())
    cat = build_catalogue(data, file, checker, digest, read_part=_read_yaml)
    if cat is None:
        return None, checker.problems
    return cat, checker.problems


def _construct(node) -> Any:
    import yaml

    if isinstance(node, yaml.MappingNode):
        out = Located()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for key_node, value_node in node.value:
            key = _construct(key_node)
            if isinstance(key, list):
                key = tuple(key)
            out[key] = _construct(value_node)
            out.key_lines[key] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LocatedList(_construct(v) for v in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [v.start_mark.line + 1 for v in node.value]
        return seq
    return _scalar_loader().construct_object(node, deep=True)


_SCALARS: list = []


def _scalar_loader():
    """One SafeLoader kept to construct scalars (ints, floats, nulls…) from composed nodes."""
    if not _SCALARS:
        import yaml

        _SCALARS.append(yaml.SafeLoader(""))
    return _SCALARS[0]


def _read_yaml(path: Path, problems: list[Problem]) -> Any:
    import yaml

    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem("catalogue-unreadable", file=str(path), params={"reason": exc.strerror or str(exc)}))
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(Problem("catalogue-not-utf8", file=str(path)))
        return None
    try:
        loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(text, Loader=loader_cls)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(
                "catalogue-yaml-syntax",
                file=str(path),
                line=(mark.line + 1) if mark else None,
                params={"reason": getattr(exc, "problem", None) or str(exc)},
            )
        )
        return None
    return None if node is None else _construct(node)
