"""`kpi export`: a whole quarter in one folder — complete, reproducible, verifiable, safe."""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
import pytest

from kpi_cli.errors import KpiError, UsageError
from kpi_cli.reports.export import export_period, safe_filename
from kpi_cli.scoring.pipeline import score_files

SAMPLE = Path(__file__).resolve().parents[1] / "sample_data"
MONTHS = [SAMPLE / f"2026-0{m}.xlsx" for m in (7, 8, 9)]
QUARTER = SAMPLE / "2026-Q3-mistakes.xlsx"  # the quarter with its deliberate mistakes
T0 = datetime(2026, 10, 9, 9, 30, tzinfo=timezone.utc)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def months_export(tmp_path_factory, catalogue):
    out = tmp_path_factory.mktemp("exp") / "2026-Q3"
    done, result = export_period(MONTHS, out, catalogue, "2026-Q3", "zh", now=T0)
    return out, done, result


def test_writes_every_report(months_export):
    out, done, result = months_export
    names = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    for expected in ("index.html", "kpi-2026-Q3.xlsx", "scores-2026-Q3.csv", "problems-2026-Q3.csv", "manifest.json"):
        assert expected in names
    employees = {n for n in names if n.startswith("employees/")}
    departments = {n for n in names if n.startswith("departments/")}
    assert len(employees) == len(result.employees) == 80
    assert len(departments) == result.employees["department"].nunique()
    scores = pd.read_csv(out / "scores-2026-Q3.csv", encoding="utf-8-sig", dtype={"employee_id": str})
    assert (out / "scores-2026-Q3.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert sorted(scores["employee_id"]) == sorted(result.employees["employee_id"])


def test_manifest_hashes_verify(months_export):
    out, done, result = months_export
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["generator"] == "kpi export" and manifest["period"] == "2026-Q3"
    assert manifest["catalogue"]["sha256"] == result.catalogue.sha256
    assert {i["file"]: i["sha256"] for i in manifest["inputs"]} == {p.name: sha(p) for p in MONTHS}
    listed = {o["path"] for o in manifest["outputs"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()} - {"manifest.json"}
    assert listed == on_disk
    for o in manifest["outputs"]:
        assert sha(out / o["path"]) == o["sha256"], o["path"]
    assert manifest["counts"]["employees"] == 80


def test_deterministic_except_the_stamp(tmp_path, catalogue, months_export):
    first, _, _ = months_export
    second = tmp_path / "again"
    export_period(MONTHS, second, catalogue, "2026-Q3", "zh", now=datetime(2027, 1, 1, tzinfo=timezone.utc))
    stamp_files = set()
    for p in first.rglob("*"):
        if not p.is_file():
            continue
        q = second / p.relative_to(first)
        if p.read_bytes() != q.read_bytes():
            stamp_files.add(p.relative_to(first).as_posix())
            if p.suffix == ".html":
                a = p.read_text(encoding="utf-8").replace("2026-10-09", "X")
                b = q.read_text(encoding="utf-8").replace("2027-01-01", "X")
                assert a.replace("09:30:00", "00:00:00") == b, p.name  # only the footer stamp differs
    # the Excel report, the CSVs and nothing but html footers and the manifest change
    assert not {s for s in stamp_files if not (s.endswith(".html") or s == "manifest.json")}
    assert "manifest.json" in stamp_files


def test_three_months_score_like_the_quarter_file(catalogue, months_export):
    """Where the quarter file holds the combined monthly figures, the scores agree."""
    _, _, monthly = months_export
    quarter = score_files([QUARTER], catalogue)
    # The quarter file carries deliberate mistakes; compare everyone it scores cleanly.
    q = quarter.employees.set_index("employee_id")
    m = monthly.employees.set_index("employee_id")
    clean = q[(q["status"] == "ok")].index.intersection(m[m["status"] == "ok"].index)
    # E1035 is missing from August (pro-rata counts), so it may differ.
    clean = clean.drop("E1035", errors="ignore")
    assert len(clean) >= 60
    pd.testing.assert_series_equal(q.loc[clean, "total"], m.loc[clean, "total"], check_exact=False, rtol=1e-9)
    assert (q.loc[clean, "grade"] == m.loc[clean, "grade"]).all()


def test_previous_export_gives_changes(tmp_path, catalogue, months_export):
    first, _, _ = months_export
    out = tmp_path / "next"
    done, result = export_period([QUARTER], out, catalogue, "2026-Q3", "en", previous=first, now=T0)
    scores = pd.read_csv(out / "scores-2026-Q3.csv", encoding="utf-8-sig", dtype={"employee_id": str})
    assert {"previous_total", "change", "previous_grade"} <= set(scores.columns)
    assert scores["previous_total"].notna().sum() >= 70
    assert done.manifest["counts"]["new"] == 0 and done.manifest["counts"]["left"] == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Compared with the previous period" in index
    moved = scores["change"].fillna(0).abs() > 0.05
    arrows = "".join((out / "departments" / f).read_text(encoding="utf-8") for f in ("理赔部.html", "客户服务一部.html"))
    assert ("↑" in arrows or "↓" in arrows) == bool(moved.any()) and "=" in arrows


@pytest.mark.parametrize(
    "name, expected",
    [
        ("../../etc/passwd", "____etc_passwd"),
        ("a/b\\c", "a_b_c"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("  .hidden. ", "hidden"),
        ("tab\there", "tab_here"),
        ("", "_"),
        ("客户服务一部", "客户服务一部"),
        ("E002\u202egpj.exe", "E002_gpj.exe"),  # a right-to-left override would show "E002lmth.exe.gpj"
        ("\ufeffE1\u200b\u2066", "_E1__"),  # a byte-order mark, a zero-width space, a bidi isolate
        ("line\u2028break", "line_break"),
    ],
)
def test_safe_filename(name, expected):
    assert safe_filename(name, set()) == expected


def test_safe_filename_collisions():
    taken: set[str] = set()
    assert [safe_filename(x, taken) for x in ("E1", "e1", "E1", "E1-2")] == ["E1", "e1-2", "E1-3", "E1-2-2"]


def test_hostile_ids_stay_inside_the_folder(tmp_path, catalogue):
    src = tmp_path / "2026-Q3.csv"
    src.write_text(
        "工号,姓名,部门,岗位,平均每次通话时长\n"
        "../../evil,<script>alert(1)</script>,../../../tmp,客户咨询,8\n"
        "CON,=HYPERLINK(\"http://x\"),a/b,客户咨询,9\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    export_period([src], out, catalogue, "2026-Q3", "zh", now=T0)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert all(out in p.parents or p == src for p in files)
    page_names = sorted(p.name for p in (out / "employees").iterdir())
    assert page_names == ["_CON.html", "____evil.html"]
    html = (out / "employees" / "____evil.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    csv_text = (out / "scores-2026-Q3.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in csv_text


def test_interrupted_export_leaves_the_previous_one(tmp_path, catalogue, monkeypatch):
    out = tmp_path / "2026-Q3"
    export_period(MONTHS, out, catalogue, "2026-Q3", "zh", now=T0)
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    import kpi_cli.reports.html as html_reports

    calls = {"n": 0}
    real = html_reports.render_employee

    def crash(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk full (simulated)")
        return real(*args, **kwargs)

    monkeypatch.setattr(html_reports, "render_employee", crash)
    with pytest.raises(RuntimeError):
        export_period([QUARTER], out, catalogue, "2026-Q3", "en", now=T0)
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir()] == ["2026-Q3"]  # no temporary folder left behind


def test_refuses_a_foreign_folder_and_inputs_inside(tmp_path, catalogue):
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(KpiError) as refused:
        export_period(MONTHS, foreign, catalogue, "2026-Q3", now=T0)
    assert "--force" in refused.value.text("en") and "--force" in refused.value.text("zh")
    assert (foreign / "notes.txt").exists()
    inside = tmp_path / "exp"
    inside.mkdir()
    shutil.copy(QUARTER, inside / "2026-Q3.xlsx")
    with pytest.raises(UsageError) as refused:
        export_period([inside / "2026-Q3.xlsx"], inside, catalogue, "2026-Q3", force=True, now=T0)
    assert "is inside the output folder" in refused.value.text("en")
    assert "位于输出文件夹" in refused.value.text("zh")
    done, _ = export_period(MONTHS, foreign, catalogue, "2026-Q3", force=True, now=T0)
    assert not (foreign / "notes.txt").exists() and (foreign / "manifest.json").exists()


def test_strict_writes_nothing_on_errors(tmp_path, catalogue):
    out = tmp_path / "strict"
    done, result = export_period([QUARTER], out, catalogue, "2026-Q3", strict=True, now=T0)
    assert done is None and not out.exists()
    assert any(p.is_error for p in result.problems)


def test_plain_ids_take_the_short_way_to_the_same_name():
    """Ids of ASCII letters, digits, '-' and '_' skip the clean-up: it would leave them unchanged."""
    from kpi_cli.reports.export import _PLAIN, _sanitised

    import random

    rng = random.Random(5)
    alphabet = list("abcXYZ019-_.  ") + ["\u202e", "é", "/", ".."]
    for _ in range(2000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 12)))
        if _PLAIN.fullmatch(text):
            assert _sanitised(text, 80) == text
    assert [safe_filename(t, set()) for t in ("E00123", "con", "a" * 81, "", "e-1_x")] == [
        "E00123", "_con", "a" * 71 + "-" + hashlib.sha256(b"a" * 81).hexdigest()[:8], "_", "e-1_x"]
