"""`kpi score --format json`: orjson writes the documented dicts (indented: the same bytes as the
standard library's json.dumps(indent=2)); one line when piped; UTF-8; names that are not Unicode."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import orjson
import pytest

from kpi_cli.scoring.pipeline import read_dataset, score_dataset
from kpi_cli.reports.flat import json_bytes, result_dict, result_json

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
MONTHS = [SAMPLE / f"2026-0{m}.xlsx" for m in (7, 8, 9)]


def scored(catalogue, files, period=None):
    return score_dataset(read_dataset(files, catalogue), catalogue, period)


@pytest.mark.parametrize("case", ["quarter", "months", "overlap", "one role", "nobody", "role change", "ratings"])
def test_indented_json_is_the_standard_librarys_bytes(catalogue, case):
    """The sample quarter has unreadable cells, unknown roles and blanks; the months add combined
    figures; the overlap record errors; a filtered view; nobody; a role change; rater ratings."""
    if case == "months":
        result = scored(catalogue, MONTHS)
    elif case == "role change":
        corpus = ROOT / "tests" / "data" / "real" / "identity"
        result = scored(catalogue, [corpus / f"2026-0{m}.xlsx" for m in (7, 8, 9)])
        assert result.role_parts is not None and len(result.role_parts)
    elif case == "ratings":
        ratings = sorted((SAMPLE / "ratings").glob("2026-Q3-*.*"))
        if not ratings:
            pytest.skip("no sample ratings")
        result = scored(catalogue, [SAMPLE / "2026-Q3.xlsx", *ratings])
    elif case == "overlap":
        result = scored(catalogue, [*MONTHS, SAMPLE / "2026-Q3-purchasing.csv"], "2026-Q3")
    else:
        result = scored(catalogue, [SAMPLE / "2026-Q3.xlsx"])
        if case == "one role":
            result = result.subset(result.employees["role"] == "cs_coordinator")
        elif case == "nobody":
            result = result.subset(np.zeros(len(result.employees), dtype=bool))
    doc = result_dict(result, "en")
    indented = result_json(result, "en", indent=True)
    assert indented == (json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
    compact = result_json(result, "en")
    assert compact.count(b"\n") == 1 and json.loads(compact) == json.loads(indented) == doc


def test_numbers_and_numpy_scalars():
    data = {"x": [0.1 + 0.2, 95.0, 1 / 3, None, True], "n": np.float64(0.4), "i": np.int64(3)}
    assert json.loads(json_bytes(data)) == {"x": [0.1 + 0.2, 95.0, 1 / 3, None, True], "n": 0.4, "i": 3}
    assert json_bytes(data, indent=True).startswith(b'{\n  "x": [\n    0.30000000000000004,')


def test_compact_when_piped_indented_when_asked(runner, app, monkeypatch):
    monkeypatch.chdir(ROOT)
    args = ["score", "sample_data/2026-Q3.xlsx", "--format", "json"]
    piped = runner.invoke(app, args).stdout_bytes
    indented = runner.invoke(app, [*args, "--indent"]).stdout_bytes
    compact = runner.invoke(app, [*args, "--compact"]).stdout_bytes
    assert piped == compact and piped.count(b"\n") == 1 and piped.endswith(b"}\n")
    assert indented.startswith(b'{\n  "schema": 1,\n  "period": "2026-Q3",\n')
    assert json.loads(indented) == json.loads(piped)
    # UTF-8, Chinese as it is (not \u-escaped), and the same bytes on every run
    assert "客户服务" in indented.decode("utf-8") and b"\\u" not in piped
    assert runner.invoke(app, [*args, "--indent"]).stdout_bytes == indented


def test_indented_on_a_terminal():
    """stdout on a real terminal (a pseudo-terminal): indented without being asked."""
    import pty
    import subprocess
    import sys

    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "kpi_cli", "score", "sample_data/2026-Q3.xlsx", "--format", "json"],
                            cwd=ROOT, stdout=follower, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # the terminal is closed once the program has ended
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    proc.wait(timeout=60)
    text = b"".join(chunks).replace(b"\r\n", b"\n")
    assert text.startswith(b'{\n  "schema": 1,\n') and json.loads(text)["period"] == "2026-Q3"


def test_file_name_that_is_not_unicode_is_escaped_not_a_crash(runner, app, tmp_path):
    """A file name with bytes undecodable in the locale reaches Python as lone surrogates, which
    UTF-8 cannot hold: that document is written with non-ASCII escaped, and parses back to the name."""
    name = os.fsdecode(b"q\xff-2026-Q3.csv")
    try:
        target = tmp_path / name
        shutil.copy(SAMPLE / "2026-Q3-purchasing.csv", target)
    except (UnicodeEncodeError, OSError):
        pytest.skip("the file system does not take undecodable names")
    res = runner.invoke(app, ["score", str(target), "--format", "json"])
    data = json.loads(res.stdout_bytes.decode("ascii"))
    assert data["inputs"][0]["file"].endswith(name) and len(data["employees"]) == 9
