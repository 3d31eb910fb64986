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
MAX_CATALOGUE_BYTES = 20 * 1024 * 1024  # a catalogue file; the built-in one is well under 1 MB


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
    if not _readable(file, checker):
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

    ck = Checker()
    if not _readable(path, ck):
        problems.extend(ck.problems)
        return None
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
    if node is None:
        return None
    if _hostile_yaml(node, path, ck):
        problems.extend(ck.problems)
        return None
    return _construct(node)


def _readable(file: Path, ck: Checker) -> bool:
    """Refuse, before reading a byte, a catalogue that is a FIFO or a device (the read would block
    or never end) or too large for one (it would fill the memory), as the data readers do."""
    from kpi_cli.readers.files import refuse_unreadable

    refused = refuse_unreadable(file, MAX_CATALOGUE_BYTES)
    if refused is None:
        return True
    kind = {"not-a-file": "catalogue-not-a-file", "file-too-large": "catalogue-too-large"}.get(refused.type)
    if kind is None:
        ck.add("catalogue-unreadable", file, reason=refused.params.get("reason") or refused.type)
    else:
        ck.add(kind, file, **{k: v for k, v in refused.params.items() if k in ("size", "limit")})
    return False


# What a catalogue's YAML may hold: plain scalars, mappings and lists. Any other tag
# (!!python/object…, !!binary, !!set, a custom !tag) is refused, never constructed.
YAML_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
MAX_YAML_NODES = 1_000_000  # entries once every alias (*name) is expanded; the built-in catalogue has ~7,300
MAX_YAML_ALIASES = 10_000
MAX_YAML_DEPTH = 64  # levels of nesting; a catalogue needs 8


def _hostile_yaml(root, file: Path, ck: Checker) -> bool:
    """Check the composed YAML graph before anything is built from it, without recursion: unknown
    tags, an alias that contains itself, aliases that expand past the budget (an "alias bomb"
    of nested anchors: a few lines that would become billions of entries), nesting too deep.
    Records one located problem and returns True for the first one found."""
    expanded: dict[int, int] = {}
    children: dict[int, list] = {}  # of the nodes entered and not yet left
    aliases = 0
    stack: list = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if depth < 0:  # leaving ``node``: its size, aliases expanded
            key = id(node)
            size = expanded[key] = 1 + sum(expanded[id(c)] for c in children.pop(key))
            if size > MAX_YAML_NODES:
                ck.add("catalogue-yaml-aliases", file, node.start_mark.line + 1, limit=f"{MAX_YAML_NODES:,}")
                return True
            continue
        key = id(node)
        if key in expanded:  # met again: an alias of a finished anchor
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                ck.add("catalogue-yaml-aliases", file, node.start_mark.line + 1, limit=f"{MAX_YAML_NODES:,}")
                return True
            continue
        if key in children:
            ck.add("catalogue-yaml-recursive", file, node.start_mark.line + 1)
            return True
        if node.tag not in YAML_TAGS:
            ck.add("catalogue-yaml-tag", file, node.start_mark.line + 1, value=node.tag.replace("tag:yaml.org,2002:", "!!"))
            return True
        if node.id == "scalar":
            expanded[key] = 1
            continue
        if depth > MAX_YAML_DEPTH:
            ck.add("catalogue-yaml-too-deep", file, node.start_mark.line + 1, limit=MAX_YAML_DEPTH)
            return True
        kids = [n for pair in node.value for n in pair] if node.id == "mapping" else node.value
        children[key] = kids
        stack.append((node, -1))
        stack.extend((c, depth + 1) for c in reversed(kids))
    return False
