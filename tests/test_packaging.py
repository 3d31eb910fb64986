"""pyproject.toml and the minimum-versions CI run (.ci/constraints-min.txt) stay in step."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from packaging.version import Version  # pytest's own dependency

ROOT = Path(__file__).resolve().parents[1]


def _name(req: str) -> str:
    return re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].strip().lower().replace("_", "-")


def test_constraints_pin_the_lower_bound_of_every_dependency():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    lower = {}
    for req in requirements:
        found = re.search(r">=\s*([\w.]+)", req)
        assert found, f"{req}: every dependency needs a lower bound for the minimum-versions run"
        lower[_name(req)] = Version(found.group(1))
    pinned = {}
    for line in (ROOT / ".ci" / "constraints-min.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pinned[_name(name)] = Version(version.strip())
    assert pinned == lower  # 0.7 == 0.7.0


def test_ci_runs_the_suite_with_the_minimum_versions():
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "-c .ci/constraints-min.txt" in script
