"""`kpi score --format json`: the bytes of the documented dicts (indented: the same bytes as the
standard library's json.dumps(indent=2)), written from templates (result_json) and compared with
orjson's dump of result_dict on the samples and on drawn results; one line when piped; UTF-8;
names that are not Unicode."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import numpy as np
import orjson
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kpi_cli.catalogue import load_catalogue
from kpi_cli.periods import parse_period
from kpi_cli.reports.flat import json_bytes, result_dict, result_json
from kpi_cli.scoring.engine import score
from kpi_cli.scoring.pay import apply_coefficients, calibrate
from kpi_cli.scoring.pipeline import read_dataset, score_dataset, score_files

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "sample_data"
MONTHS = [SAMPLE / f"2026-0{m}.xlsx" for m in (7, 8, 9)]


def scored(catalogue, files, period=None):
    return score_dataset(read_dataset(files, catalogue), catalogue, period)


CASES = ["quarter", "months", "july", "overlap", "one role", "one department", "nobody", "role change", "ratings",
         "pay", "calibrated"]


@pytest.mark.parametrize("case", CASES)
def test_indented_json_is_the_standard_librarys_bytes(catalogue, case):
    """The sample quarter has unreadable cells, unknown roles and blanks; the months add combined
    figures; July measures not due; the overlap record errors; filtered views; nobody; a role
    change; rater ratings; bonus bases (coefficients and payouts) and calibrated grades."""
    if case == "months":
        result = scored(catalogue, MONTHS)
    elif case == "july":
        result = scored(catalogue, MONTHS[:1])
        assert any((rs.due is not None and not rs.due.to_numpy().all()) for rs in result.roles.values())
    elif case == "role change":
        corpus = ROOT / "tests" / "data" / "real" / "identity"
        result = scored(catalogue, [corpus / f"2026-0{m}.xlsx" for m in (7, 8, 9)])
        assert result.role_parts is not None and len(result.role_parts)
    elif case == "ratings":
        ratings = sorted((SAMPLE / "ratings").glob("2026-Q3-*.*"))
        result = scored(catalogue, [SAMPLE / "2026-Q3.xlsx", *ratings])
        assert result.rating_summary is not None and len(result.rating_summary.ratings)
    elif case == "overlap":
        result = scored(catalogue, [*MONTHS, SAMPLE / "2026-Q3-purchasing.csv"], "2026-Q3")
    elif case in ("pay", "calibrated"):
        from kpi_cli import read_roster

        dataset = read_dataset([SAMPLE / "2026-Q3-mistakes.xlsx"], catalogue)
        result = score_dataset(dataset, catalogue, calibrate=case == "calibrated",
                               roster=read_roster(SAMPLE / "staff.xlsx", catalogue, "en"))
        assert result.employees["payout"].notna().any()
        if case == "calibrated":
            assert result.employees["calibration"].notna().any()
    else:
        result = scored(catalogue, [SAMPLE / "2026-Q3.xlsx"])
        if case == "one role":
            result = result.subset(result.employees["role"] == "cs_coordinator")
        elif case == "one department":
            result = result.subset(result.employees["department"] == result.employees["department"].iloc[-1])
        elif case == "nobody":
            result = result.subset(np.zeros(len(result.employees), dtype=bool))
    doc = result_dict(result, "en")
    indented = result_json(result, "en", indent=True)
    assert indented == (json.dumps(doc, ensure_ascii=False, indent=2, allow_nan=False) + "\n").encode("utf-8")
    compact = result_json(result, "en")
    assert compact == json_bytes(doc) and compact.count(b"\n") == 1
    assert json.loads(compact) == json.loads(indented) == doc


# --- the templates against the dicts, on drawn results -------------------------------------------
TEXT = st.one_of(
    st.none(),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=6),  # any Unicode but lone surrogates
    st.sampled_from(["007", "0", "客户服务一部", 'say "hi"', "\\", "%b%s%%", "\x00", "\u2028", "a\nb\tc", "\x7f\x1f",
                     ",\n  ", "\"\\u0000\"", "nan", "E0001"]),
)
FIGURE = st.one_of(
    st.none(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0.0, -0.0, 95.0, 0.1 + 0.2, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, 1 / 3, 100.5]),
)


@pytest.fixture(scope="module")
def company(tmp_path_factory):
    """A catalogue with a veto and a bonus measure (the built-in one has neither)."""
    from test_veto_bonus import company_catalogue

    path = tmp_path_factory.mktemp("company") / "company.yaml"
    path.write_text(yaml.safe_dump(company_catalogue(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_catalogue(path)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_templates_write_the_dicts_bytes_for_drawn_results(catalogue, company, data):
    """Any texts (Chinese, quotes, control characters, '%', ids with leading zeros), any figures
    (NaN, infinities, -0.0, the float limits), unreadable cells, unknown or missing roles, row
    errors, bonus bases, calibration, months where measures are not due, and a filtered view."""
    cat = {"built-in": catalogue, "company": company}[data.draw(st.sampled_from(["built-in", "company"]))]
    codes = [r.code for r in cat.roles][:4]
    n = data.draw(st.integers(0, 10), label="employees")
    texts = st.lists(TEXT, min_size=n, max_size=n)
    records = pd.DataFrame({
        "employee_id": data.draw(texts, label="ids"),
        "name": data.draw(texts, label="names"),
        "department": data.draw(st.lists(st.sampled_from(["一部", "ops", None, "0"]), min_size=n, max_size=n)),
        "role": data.draw(st.lists(st.sampled_from([*codes, None, "no_such_role"]), min_size=n, max_size=n)),
        "role_label": data.draw(texts, label="role labels"),
        "has_error": data.draw(st.lists(st.booleans(), min_size=n, max_size=n)),
        "file": data.draw(texts, label="files"),
        "sheet": data.draw(texts, label="sheets"),
        "row": data.draw(st.lists(st.integers(2, 10**6), min_size=n, max_size=n)),
    })
    for column in data.draw(st.sets(st.sampled_from(["employee_id", "name", "file"])), label="as pandas strings"):
        records[column] = records[column].astype("string")  # blanks are pd.NA
    if data.draw(st.booleans(), label="bonus bases"):
        records["bonus_base"] = data.draw(st.lists(FIGURE, min_size=n, max_size=n))
    values, invalid = {}, {}
    for code in codes:
        idx = records.index[records["role"] == code]
        columns = [m.code for m in cat.role(code).all_measures]
        cells = st.lists(st.lists(FIGURE, min_size=len(columns), max_size=len(columns)), min_size=len(idx),
                         max_size=len(idx))
        values[code] = pd.DataFrame(data.draw(cells), index=idx, columns=columns, dtype=float)
        flags = st.lists(st.lists(st.booleans(), min_size=len(columns), max_size=len(columns)), min_size=len(idx),
                         max_size=len(idx))
        invalid[code] = pd.DataFrame(data.draw(flags), index=idx, columns=columns, dtype=bool)
    period = parse_period(data.draw(st.sampled_from(["2026-07", "2026-Q3", "2026-H2", "2026"]), label="period"))
    result = score(records, values, cat, period, invalid=invalid)
    result = calibrate(result) if data.draw(st.booleans(), label="calibrate") else apply_coefficients(result)
    if data.draw(st.booleans(), label="filtered"):
        result = result.subset(np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n))))
    expected = result_dict(result, "en")
    for indent in (False, True):
        assert result_json(result, "en", indent) == json_bytes(expected, indent)


def test_texts_that_differ_only_by_a_nul_are_kept_apart(catalogue):
    """Hypothesis found it at the lowest allowed pandas (2.2): its factorize hashed an all-text
    column as C strings, so a sheet named "\x00" was written as the "" of the row before."""
    records = pd.DataFrame({
        "employee_id": ["E1", "E2", "E3"], "name": ["a", "b", "c"], "department": ["一部", "一部", "\x00"],
        "role": ["cs_inquiry", None, None], "role_label": ["", "\x00", "x"], "has_error": [False] * 3,
        "file": ["f", "f", "f"], "sheet": ["", "\x00", "\x00x"], "row": [2, 3, 4],
    })
    result = apply_coefficients(score(records, {}, catalogue, parse_period("2026-07")))
    doc = json.loads(result_json(result, "en", False))
    assert [e["source"]["sheet"] for e in doc["employees"]] == ["", "\x00", "\x00x"]
    assert [e["department"] for e in doc["employees"]] == ["一部", "一部", "\x00"]
    assert result_json(result, "en", True) == json_bytes(result_dict(result, "en"), True)


def test_templates_with_several_raters_and_an_unusable_rating(tmp_path, catalogue):
    from test_raters import book, rating_row

    rows = [rating_row("E1", "李四", "上级", 4, 3), rating_row("E1", "王五", "同事", 3, "x"),
            rating_row("E2", "李四", "上级", 5, 2, 96), rating_row("007", "张三", "自评", 1)]
    result = score_files([str(book(tmp_path / "r.xlsx", rows))], catalogue, "2026-Q3")
    text = result_json(result, "en", indent=True)
    assert text == json_bytes(result_dict(result, "en"), indent=True)
    assert result_json(result, "en") == json_bytes(result_dict(result, "en"))
    measures = {m["code"]: m for e in json.loads(text)["employees"] if e["employee_id"] == "E1" for m in e["measures"]}
    assert [(r["rater"], r["value"], r.get("invalid", False)) for r in measures["customer_care_rating"]["ratings"]] == [
        ("李四", 3.0, False), ("王五", None, True)]


def test_a_catalogue_text_that_looks_like_a_slot_is_written_from_the_dicts(company):
    """The templates mark their slots with a string of one NUL; a catalogue code that is exactly
    that string would be taken for a slot: such a document is written from the dicts."""
    from dataclasses import replace

    role = company.roles[0]
    dims = [replace(role.dimensions[0], code="\x00"), *role.dimensions[1:]]
    odd = replace(company, roles=[replace(role, dimensions=dims), *company.roles[1:]])
    records = pd.DataFrame({"employee_id": ["E1"], "name": ["甲"], "department": ["ops"], "role": [role.code],
                            "role_label": [role.code], "file": ["a.xlsx"], "sheet": ["agents"], "row": [2]})
    values = {role.code: pd.DataFrame({"accuracy": [97.0]}, index=records.index)}
    result = apply_coefficients(score(records, values, odd, parse_period("2026-07")))
    assert result_json(result, "en", indent=True) == json_bytes(result_dict(result, "en"), indent=True)
    assert json.loads(result_json(result, "en"))["employees"][0]["dimensions"][0]["code"] == "\x00"


def test_filtered_command_line_output_is_the_dicts_bytes(runner, app, monkeypatch, catalogue):
    from kpi_cli import filter_result

    monkeypatch.chdir(ROOT)
    args = ["score", "sample_data/2026-Q3.xlsx", "--format", "json", "--lang", "en"]
    result = scored(catalogue, [Path("sample_data/2026-Q3.xlsx")])
    for flags, roles, departments in [(["--role", "cs_coordinator"], ["cs_coordinator"], None),
                                      (["--department", "客户服务一部"], None, ["客户服务一部"])]:
        shown = filter_result(result, roles, departments, "en")
        assert len(shown.employees)
        for indent in ("--indent", "--compact"):
            out = runner.invoke(app, [*args, *flags, indent]).stdout_bytes
            assert out == json_bytes(result_dict(shown, "en"), indent == "--indent")


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
