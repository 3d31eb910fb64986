"""Ratings from several raters (issue 16): reading, combining by hand, problems at their cells, outputs."""

from __future__ import annotations

import json
from dataclasses import replace

import openpyxl
import pytest

from kpi_cli.catalogue.model import RaterPolicy
from kpi_cli.scoring.pipeline import score_files
from kpi_cli.readers.raters import RaterTypes, explain_lines, with_rater_policy
from kpi_cli.scoring.flags import Flag
from kpi_cli.reports.flat import result_dict

ROLE = "cs_coordinator"
SHEET = "客户服务协调员"
HEAD = ["工号", "姓名", "部门", "岗位", "评价人", "评价人类型", "planning_rating", "customer_care_rating", "records_up_to_date_pct"]


def book(path, rows, head=HEAD, sheet=SHEET):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(head)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def rating_row(emp, rater, rtype, planning=None, care=None, pct=None, name="张三"):
    return [emp, name, "一部", ROLE, rater, rtype, planning, care, pct]


def scored(paths, catalogue, **policy):
    cat = replace(catalogue, raters=RaterPolicy(**policy)) if policy else catalogue
    return score_files([str(p) for p in paths], cat, "2026-Q3")


def value(result, emp, code):
    rec = result.find(emp)
    assert len(rec) == 1, rec
    rs = result.roles[ROLE]
    return rs.values.at[rec[0], code], rs.points.at[rec[0], code]


def problems(result, *types):
    return [(p.row, p.column, p.type) for p in result.problems if not types or p.type in types]


# --- combining, by hand ------------------------------------------------------------------------
def test_two_raters_are_averaged(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4, 3), rating_row("E1", "王五", "同事", 3, 5)])
    r = scored([f], catalogue)
    # planning (4 + 3) / 2 = 3.5 → 100 + 10 × 0.5 = 105; care (3 + 5) / 2 = 4 → 110
    assert value(r, "E1", "planning_rating") == (3.5, 105.0)
    assert value(r, "E1", "customer_care_rating") == (4.0, 110.0)
    assert len(r.employees) == 1  # two rating rows, one person
    assert problems(r, "duplicate-employee", "duplicate-rater") == []


def test_three_raters_from_two_files_are_averaged(tmp_path, catalogue):
    a = book(tmp_path / "a.xlsx", [rating_row("E1", "李四", "上级", 4), rating_row("E1", "王五", "同事", 3)])
    b = book(tmp_path / "b.xlsx", [rating_row("E1", "赵六", "同事", 5)])
    r = scored([a, b], catalogue)
    assert value(r, "E1", "planning_rating") == (4.0, 110.0)  # (4 + 3 + 5) / 3


def test_type_weights_with_three_raters(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4), rating_row("E1", "王五", "同事", 3),
                                   rating_row("E1", "赵六", "同事", 5), rating_row("E1", "张三", "自评", 2)])
    r = scored([f], catalogue, weights=(("supervisor", 0.6), ("peer", 0.2), ("self", 0.2)))
    # peers averaged first: (3 + 5) / 2 = 4; then 0.6×4 + 0.2×4 + 0.2×2 = 3.6 → 100 + 10 × 0.6 = 106
    v, pts = value(r, "E1", "planning_rating")
    assert v == pytest.approx(3.6) and pts == pytest.approx(106.0)


def test_type_weights_are_renormalised_over_the_types_present(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4), rating_row("E1", "王五", "同事", 3)])
    r = scored([f], catalogue, weights=(("supervisor", 0.6), ("peer", 0.2), ("self", 0.2)))
    # no self-rating: (0.6×4 + 0.2×3) / 0.8 = 3.75 → 107.5
    v, pts = value(r, "E1", "planning_rating")
    assert v == pytest.approx(3.75) and pts == pytest.approx(107.5)


def test_a_type_outside_the_weights_is_shown_not_scored(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4), rating_row("E1", "某客户", "客户", 1)])
    r = scored([f], catalogue, weights=(("supervisor", 1.0),))
    assert value(r, "E1", "planning_rating") == (4.0, 110.0)
    assert problems(r, "rater-type-unweighted") == [(3, "G", "rater-type-unweighted")]
    listed = r.rating_summary.ratings.set_index("rater")["counted"].to_dict()
    assert listed == {"李四": True, "某客户": False}


def test_self_rating_excluded_by_the_setting(tmp_path, catalogue):
    rows = [rating_row("E1", "李四", "上级", 4), rating_row("E1", "王五", "同事", 3), rating_row("E1", "张三", "自评", 5)]
    f = book(tmp_path / "r.xlsx", rows)
    assert value(scored([f], catalogue), "E1", "planning_rating")[0] == 4.0  # (4 + 3 + 5) / 3
    r = scored([f], catalogue, exclude_self=True)
    assert value(r, "E1", "planning_rating") == (3.5, 105.0)  # (4 + 3) / 2, the self-rating only shown
    emp = result_dict(r, "en")["employees"][0]
    m = next(x for x in emp["measures"] if x["code"] == "planning_rating")
    assert m["raters"] == 2
    assert [(x["rater"], x["rater_type"], x["value"], x["counted"]) for x in m["ratings"]] == [
        ("李四", "supervisor", 4.0, True), ("王五", "peer", 3.0, True), ("张三", "self", 5.0, False)]
    lines = explain_lines(r, "E1", ROLE, catalogue.role(ROLE).measure("planning_rating"), "en")
    assert lines[-1] == "  Combined: the mean of 2 rater(s) = (4 + 3) / 2 = 3.5"
    assert any("张三 (Self): 5" in x and "not scored" in x for x in lines)


def test_only_a_self_rating_leaves_the_measure_not_assessed(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "张三", "自评", 5, 4)])
    r = scored([f], catalogue, exclude_self=True)
    v, pts = value(r, "E1", "planning_rating")
    assert v != v and pts != pts  # NaN: blank, never a zero
    assert Flag("missing", "planning_rating") in r.flags(r.find("E1")[0])


def test_ratings_join_the_figures_record(tmp_path, catalogue):
    figures = book(tmp_path / "f.xlsx", [["E1", "张三", "一部", ROLE, 85]], head=["工号", "姓名", "部门", "岗位", "records_up_to_date_pct"])
    ratings = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4, 4), rating_row("E1", "王五", "同事", 5, 4)])
    r = scored([figures, ratings], catalogue)
    assert len(r.employees) == 1
    assert value(r, "E1", "records_up_to_date_pct") == (85.0, 100.0)
    assert value(r, "E1", "planning_rating") == (4.5, 115.0)
    assert r.employees["file"].iloc[0].endswith("f.xlsx")


def test_a_rating_under_another_spelling_of_the_id_joins_the_person(tmp_path, catalogue):
    figures = book(tmp_path / "f.xlsx", [["000123", "张三", "一部", ROLE, 85]], head=["工号", "姓名", "部门", "岗位", "records_up_to_date_pct"])
    ratings = book(tmp_path / "r.xlsx", [rating_row("123", "李四", "上级", 4), rating_row("000123", "王五", "同事", 5),
                                         rating_row("123", "赵六", "同事", 3, name="别人")])
    r = scored([figures, ratings], catalogue)
    assert problems(r, "rater-id-spelling") == [(2, "A", "rater-id-spelling")]
    # 李四's rating joins 000123 (same name, warned); the 123 of another name stays another person
    assert value(r, "000123", "planning_rating") == (4.5, 115.0)
    assert sorted(r.employees["employee_id"]) == ["000123", "123"]
    assert r.rating_summary.rated.loc[("000123", ROLE, "planning_rating"), "raters"] == 2


def test_monthly_ratings_combine_per_month_then_average(tmp_path, catalogue):
    july = book(tmp_path / "2026-07.xlsx", [rating_row("E1", "李四", "上级", 4), rating_row("E1", "王五", "同事", 2)])
    aug = book(tmp_path / "2026-08.xlsx", [rating_row("E1", "李四", "上级", 5)])
    sep = book(tmp_path / "2026-09.xlsx", [rating_row("E1", "李四", "上级", 3), rating_row("E1", "王五", "同事", 3)])
    r = scored([july, aug, sep], catalogue)
    # July (4 + 2) / 2 = 3, August 5, September 3 → (3 + 5 + 3) / 3 = 3.667 (李四 in every month is no duplicate)
    v, _ = value(r, "E1", "planning_rating")
    assert v == pytest.approx(11 / 3)
    assert problems(r, "duplicate-rater") == []
    lines = explain_lines(r, "E1", ROLE, catalogue.role(ROLE).measure("planning_rating"), "en")
    assert lines[-1] == "  Each month combined, then averaged: (3 + 5 + 3) / 3 = 3.67"


# --- refused, at the cell ------------------------------------------------------------------------
def test_same_rater_twice_is_refused_at_both_cells(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4, 3), rating_row("E1", " 李四 ", "上级", 5),
                                   rating_row("E1", "王五", "同事", 3, 3)])
    r = scored([f], catalogue)
    assert problems(r, "duplicate-rater") == [(2, "G", "duplicate-rater"), (3, "G", "duplicate-rater")]
    p = next(p for p in r.problems if p.type == "duplicate-rater")
    assert p.employee_id == "E1" and p.measure == "planning_rating" and p.file.endswith("r.xlsx") and "G3" in p.message_en
    v, pts = value(r, "E1", "planning_rating")
    assert v != v and pts != pts
    assert r.employees["status"].iloc[0] == "invalid"
    assert value(r, "E1", "customer_care_rating") == (3.0, 100.0)  # the other measure is fine


def test_a_count_from_two_raters_is_an_error(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", pct=80), rating_row("E1", "王五", "同事", pct=90)])
    r = scored([f], catalogue)
    assert problems(r, "rater-figure-twice") == [(2, "I", "rater-figure-twice"), (3, "I", "rater-figure-twice")]
    assert r.employees["status"].iloc[0] == "invalid"
    v, _ = value(r, "E1", "records_up_to_date_pct")
    assert v != v  # never averaged


def test_a_count_from_one_rater_is_the_figure(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4, pct=80)])
    assert value(scored([f], catalogue), "E1", "records_up_to_date_pct") == (80.0, 100.0)


def test_a_rating_also_in_the_figures_is_an_error(tmp_path, catalogue):
    figures = book(tmp_path / "f.xlsx", [["E1", "张三", "一部", ROLE, 3]], head=["工号", "姓名", "部门", "岗位", "planning_rating"])
    ratings = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4)])
    r = scored([figures, ratings], catalogue)
    assert problems(r, "rating-and-figure") == [(2, "G", "rating-and-figure")]
    assert "f.xlsx" in next(p for p in r.problems if p.type == "rating-and-figure").message_en


def test_unknown_and_missing_rater_types_are_located(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "老板", 4), rating_row("E1", "王五", None, 3),
                                   rating_row("E1", "赵六", "Peer", 5)])
    r = scored([f], catalogue)
    assert problems(r, "rater-type-unknown", "rater-type-missing") == [(2, "F", "rater-type-unknown"), (3, "F", "rater-type-missing")]
    assert r.employees["status"].iloc[0] == "invalid"


def test_a_rating_of_another_role_than_the_figures_is_an_error(tmp_path, catalogue):
    figures = book(tmp_path / "f.xlsx", [["E1", "张三", "一部", "buyer"]], head=["工号", "姓名", "部门", "岗位"])
    ratings = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4)])
    r = scored([figures, ratings], catalogue)
    assert [p.type for p in r.problems if p.is_error] == ["rater-role-mismatch"]
    assert len(r.employees) == 1 and r.employees["status"].iloc[0] == "invalid"


# --- checks of the period ------------------------------------------------------------------------
def test_missing_rater_type_is_reported(tmp_path, catalogue):
    # planning_rating's assessor is 主管 (supervisor): E2 has only a peer's rating
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "主管", 4), rating_row("E2", "王五", "同事", 3, name="李")])
    r = scored([f], catalogue)
    missing = [(p.employee_id, p.measure, p.value) for p in r.problems if p.type == "rater-missing"]
    assert missing == [("E2", "planning_rating", "supervisor")]
    with_peers = scored([f], catalogue, weights=(("supervisor", 0.7), ("peer", 0.3)))
    missing = sorted((p.employee_id, p.value) for p in with_peers.problems if p.type == "rater-missing")
    assert missing == [("E1", "peer"), ("E2", "supervisor")]


def test_too_few_raters_and_spread_are_flagged(tmp_path, catalogue):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 2, 4), rating_row("E1", "王五", "同事", 4, 4)])
    r = scored([f], catalogue, min_raters=3)
    assert sorted(problems(r, "too-few-raters", "rater-spread")) == [
        (2, "G", "rater-spread"), (2, "G", "too-few-raters"), (2, "H", "too-few-raters")]
    assert all(not p.is_error for p in r.problems)
    flags = [f.code for f in r.flags(r.find("E1")[0])]
    assert {"few-raters:planning_rating", "few-raters:customer_care_rating", "rater-spread:planning_rating"} <= set(flags)
    spread = next(p for p in r.problems if p.type == "rater-spread")
    assert "李四 2, 王五 4" in spread.message_en


# --- files: xlsx, CSV in UTF-8 and GBK, long format -------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk"])
def test_long_csv_ratings(tmp_path, catalogue, encoding):
    lines = ["工号,姓名,部门,岗位,指标,数值,评价人,评价人类型",
             "E1,张三,一部,客户服务协调员,主管对订货计划与协调的评价,4,李四,上级",
             "E1,张三,一部,客户服务协调员,planning_rating,2,王五,同事",
             "E1,张三,一部,客户服务协调员,planning_rating,5,,客户",
             "E1,张三,一部,客户服务协调员,planning_rating,4,,客户",
             "E1,张三,一部,客户服务协调员,customer_care_rating,3,王五,同事"]
    f = tmp_path / "r.csv"
    f.write_bytes("\r\n".join(lines).encode(encoding))
    r = scored([f], catalogue)
    # two anonymous customers are two raters: (4 + 2 + 5 + 4) / 4 = 3.75
    assert value(r, "E1", "planning_rating") == (3.75, 107.5)
    assert value(r, "E1", "customer_care_rating") == (3.0, 100.0)
    assert r.rating_summary.rated.loc[("E1", ROLE, "planning_rating"), "raters"] == 4
    cells = r.rating_summary.ratings["cell"].tolist()
    assert cells == ["F2", "F3", "F4", "F5", "F6"]


def test_wide_csv_ratings_in_gbk(tmp_path, catalogue):
    f = tmp_path / "r.csv"
    rows = [",".join(HEAD), "E1,张三,一部,客户服务协调员,李四,上级,4,3,", "E1,张三,一部,客户服务协调员,王五,同事,5,,"]
    f.write_bytes("\r\n".join(rows).encode("gbk"))
    r = scored([f], catalogue)
    assert value(r, "E1", "planning_rating") == (4.5, 115.0)


def test_long_same_rater_twice_is_refused(tmp_path, catalogue):
    lines = ["工号,岗位,指标,数值,评价人,评价人类型",
             "E1,客户服务协调员,planning_rating,4,李四,上级",
             "E1,客户服务协调员,planning_rating,2,李四,上级"]
    f = tmp_path / "r.csv"
    f.write_text("\n".join(lines), encoding="utf-8")
    r = scored([f], catalogue)
    assert problems(r, "duplicate-value") == [(2, "D", "duplicate-value"), (3, "D", "duplicate-value")]


# --- settings -----------------------------------------------------------------------------------
def test_policy_from_kpi_toml_names(catalogue):
    cat = with_rater_policy(catalogue, {"weights": {"上级": 0.6, "Peer": 0.2, "自评": 0.2}, "min_raters": 2,
                                        "min_raters_by_measure": {"customer_care_rating": 3}, "exclude_self": True}, "kpi.toml", "en")
    assert cat.raters.weights == (("supervisor", 0.6), ("peer", 0.2), ("self", 0.2))
    assert cat.raters.minimum("customer_care_rating") == 3 and cat.raters.minimum("planning_rating") == 2
    assert cat.raters.exclude_self and cat.sha256 != catalogue.sha256


@pytest.mark.parametrize("table, words", [
    ({"weights": {"老板": 1}}, "unknown rater type"),
    ({"weights": {"peer": -1}}, "must be a number"),
    ({"weights": {"peer": 0}}, "cannot all be 0"),
    ({"min_raters": 0}, "whole number"),
    ({"min_raters_by_measure": {"nope": 2}}, "not a measure code"),
    ({"exclude_self": "yes"}, "true or false"),
    ({"weight": {}}, "unknown setting"),
])
def test_bad_policy_is_one_line(catalogue, table, words):
    from kpi_cli.errors import KpiError

    with pytest.raises(KpiError, match=words):
        with_rater_policy(catalogue, table, "kpi.toml", "en")


def test_rater_types_of_the_catalogue(catalogue):
    types = RaterTypes(catalogue)
    assert types.code("主管") == types.code("上级") == types.code("Supervisor") == "supervisor"
    assert types.code("内部客户") == "internal_customer" and types.code("自评") == "self"
    assert types.of_measure[("claims_processor", "adjusters_efficiency_rating")] == "adjusters"
    codes = set(types.of_measure.values())
    assert all(c.isascii() for c in codes)
    assert all(types.label(c, "zh") != f"rater_type.{c}" for c in codes)  # every assessor has zh/en labels


# --- the command line -----------------------------------------------------------------------------
def test_cli_score_json_explain_and_config(runner, app, tmp_path):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "上级", 4), rating_row("E1", "王五", "同事", 3),
                                   rating_row("E1", "张三", "自评", 5)])
    cfg = tmp_path / "kpi.toml"
    cfg.write_text('[raters]\nweights = { "上级" = 0.6, peer = 0.2, self = 0.2 }\n', encoding="utf-8")
    res = runner.invoke(app, ["score", str(f), "--period", "2026-Q3", "--format", "json", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    m = next(x for x in data["employees"][0]["measures"] if x["code"] == "planning_rating")
    # 0.6×4 + 0.2×3 + 0.2×5 = 4.0
    assert m["value"] == pytest.approx(4.0) and m["raters"] == 3 and len(m["ratings"]) == 3
    other = next(x for x in data["employees"][0]["measures"] if x["code"] == "records_up_to_date_pct")
    assert other["raters"] == 0 and other["ratings"] == []
    res = runner.invoke(app, ["score", str(f), "--period", "2026-Q3", "--explain", "E1", "--lang", "en", "--config", str(cfg)])
    assert "李四 (Supervisor): 4" in res.stdout
    assert "(0.2×3 Peer + 0.2×5 Self + 0.6×4 Supervisor) / 1 = 4" in res.stdout.replace("\n", " ")


def test_cli_validate_reports_raters_per_measure(runner, app, tmp_path):
    f = book(tmp_path / "r.xlsx", [rating_row("E1", "李四", "主管", 4, 4), rating_row("E1", "王五", "同事", 3),
                                   rating_row("E2", "王五", "同事", 3, name="李")])
    res = runner.invoke(app, ["validate", str(f), "--format", "json", "--lang", "en"])
    assert res.exit_code == 0, res.output
    raters = {r["measure"]: r for r in json.loads(res.stdout)["raters"]}
    assert raters["planning_rating"]["employees"] == 2
    assert (raters["planning_rating"]["raters_min"], raters["planning_rating"]["raters_max"]) == (1, 2)
    assert raters["planning_rating"]["rater_types"] == ["peer", "supervisor"]
    assert raters["planning_rating"]["missing"] == [{"employee_id": "E2", "rater_types": ["supervisor"]}]
    res = runner.invoke(app, ["validate", str(f), "--lang", "en"])
    assert "Raters per measure" in res.stdout and "E2" in res.stdout


def test_cli_export_reads_rating_files_beside_the_figures(runner, app, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    book(folder / "figures-2026-Q3.xlsx", [["E1", "张三", "一部", ROLE, 85]], head=["工号", "姓名", "部门", "岗位", "records_up_to_date_pct"])
    book(folder / "ratings-上级.xlsx", [rating_row("E1", "李四", "上级", 4)])
    book(folder / "ratings-同事.xlsx", [rating_row("E1", "王五", "同事", 5)])
    res = runner.invoke(app, ["export", "--period", "2026-Q3", str(folder), "-o", str(tmp_path / "out"), "--quiet"])
    assert res.exit_code == 0, res.output
    scores = (tmp_path / "out" / "scores-2026-Q3.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(scores) == 2  # one person
    page = (tmp_path / "out" / "employees" / "E1.html").read_text(encoding="utf-8")
    assert "2 位评价人" in page
    wb = openpyxl.load_workbook(tmp_path / "out" / "kpi-2026-Q3.xlsx")
    ws = wb[SHEET]
    header = [c.value for c in ws[3]]
    row = [c.value for c in ws[4]]
    k = header.index("评价人数")
    assert row[k - 2:k + 1] == [4.5, 115, 2]  # planning: value, points, raters


# --- the round trip: forms → filled by several raters → score ----------------------------------------
def kpi_layout(path) -> dict[tuple[str, str], dict[str, str]]:
    """(rater type label, role) → field or measure code → column letter, from the forms' _kpi sheet."""
    wb = openpyxl.load_workbook(path)
    out: dict[str, dict[str, str]] = {}
    for kind, sheet, column, role, field, _ in wb["_kpi"].iter_rows(min_row=2, values_only=True):
        if kind == "column":
            out.setdefault(sheet, {"_role": role})[field.removeprefix("measure:")] = column
    return out


@pytest.fixture
def roster(tmp_path):
    return book(tmp_path / "staff.xlsx", [["E1", "张三", "一部", ROLE], ["E2", "李四", "二部", ROLE], ["E3", "王五", "采购部", "buyer"]],
                head=["工号", "姓名", "部门", "岗位"], sheet="名单")


def test_forms_by_department_keep_people_without_one(runner, app, tmp_path):
    staff = book(tmp_path / "staff.xlsx", [["E1", "张三", "一部", ROLE], ["E2", "李四", None, ROLE]],
                 head=["工号", "姓名", "部门", "岗位"], sheet="名单")
    out = tmp_path / "f"
    res = runner.invoke(app, ["template", "--raters", "--roster", str(staff), "--split", "--by", "department", "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["ratings-no department.xlsx", "ratings-一部.xlsx"]
    res = runner.invoke(app, ["template", "--raters", ROLE, "--split", "--by", "department", "-o", str(tmp_path / "g")])
    assert res.exit_code == 2
    for args in (["--by", "type"], ["--raters", "--by", "department"], ["--raters", "--split", "--by", "team"]):
        res = runner.invoke(app, ["template", ROLE, *args, "--roster", str(staff), "-o", str(tmp_path / "h")])
        assert res.exit_code == 2, args


def test_round_trip_forms_filled_by_several_raters(runner, app, tmp_path, roster):
    forms = tmp_path / "forms.xlsx"
    res = runner.invoke(app, ["template", "--raters", "--roster", str(roster), "--period", "2026-Q3", "-o", str(forms), "--lang", "zh"])
    assert res.exit_code == 0, res.output
    layout = kpi_layout(forms)
    sup = next(s for s, c in layout.items() if c["_role"] == ROLE and s.startswith("上级"))
    cols = layout[sup]
    assert set(cols) >= {"employee_id", "rater", "rater_type", "planning_rating", "customer_care_rating"}
    assert "records_up_to_date_pct" not in cols  # only the ratings that supervisor gives
    buyer_sheets = {s for s, c in layout.items() if c["_role"] == "buyer"}
    assert {s.split("评分")[0] for s in buyer_sheets} == {"上级", "内部客户"}

    def fill(path, rows_by_emp):
        wb = openpyxl.load_workbook(forms)
        ws = wb[sup]
        assert ws[f"{cols['rater_type']}2"].value == "上级"  # pre-filled from the sheet's rater type
        ids = {ws[f"{cols['employee_id']}{r}"].value: r for r in range(2, 4)}
        for emp, (rater, planning, care) in rows_by_emp.items():
            r = ids[emp]
            ws[f"{cols['rater']}{r}"] = rater
            ws[f"{cols['planning_rating']}{r}"] = planning
            ws[f"{cols['customer_care_rating']}{r}"] = care
        wb.save(path)

    fill(tmp_path / "a.xlsx", {"E1": ("赵六", 4, 3), "E2": ("赵六", 2, 5)})
    fill(tmp_path / "b.xlsx", {"E1": ("钱七", 5, 3.5)})
    res = runner.invoke(app, ["score", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx"), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["period"] == "2026-Q3"
    got = {(e["employee_id"], m["code"]): (m["value"], m["points"], m["raters"])
           for e in data["employees"] for m in e["measures"] if m["raters"]}
    assert got == {
        ("E1", "planning_rating"): (4.5, 115.0, 2),  # (4 + 5) / 2
        ("E1", "customer_care_rating"): (3.25, 102.5, 2),  # (3 + 3.5) / 2 → 100 + 10 × 0.25
        ("E2", "planning_rating"): (2.0, 60.0, 1),
        ("E2", "customer_care_rating"): (5.0, 120.0, 1),
    }
    # E3 (a buyer, not rated on these forms) is on the forms but has no rating: listed, nothing invented
    assert sorted(e["employee_id"] for e in data["employees"]) == ["E1", "E2", "E3"]
    assert [e["status"] for e in data["employees"] if e["employee_id"] == "E3"] == ["incomplete"]
    assert not [p for p in data["problems"] if p["severity"] == "error"]


def test_forms_split_per_rater_type_and_per_department(runner, app, tmp_path, roster):
    out = tmp_path / "forms"
    res = runner.invoke(app, ["template", "--raters", "--roster", str(roster), "--split", "-o", str(out), "--lang", "en"])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out.iterdir()) == ["ratings-Internal customer.xlsx", "ratings-Supervisor.xlsx"]
    out2 = tmp_path / "by-dep"
    res = runner.invoke(app, ["template", "--raters", "--roster", str(roster), "--split", "--by", "department", "-o", str(out2)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in out2.iterdir()) == ["ratings-一部.xlsx", "ratings-二部.xlsx", "ratings-采购部.xlsx"]
    wb = openpyxl.load_workbook(out2 / "ratings-二部.xlsx")
    ids = [ws["A2"].value for ws in wb.worksheets if ws.title not in ("_kpi",) and ws["A1"].value == "工号"]
    assert set(ids) - {None} == {"E2"}


def test_forms_input_message_has_the_scale(runner, app, tmp_path, roster):
    forms = tmp_path / "f.xlsx"
    runner.invoke(app, ["template", "--raters", "--roster", str(roster), "-o", str(forms), "--lang", "en"])
    wb = openpyxl.load_workbook(forms)
    messages = [dv.prompt for ws in wb.worksheets for dv in ws.data_validations.dataValidation if dv.prompt]
    assert any(m.startswith("1–5: 1 far below the standard") for m in messages)
    assert any("Supervisor" in m and "Self" in m for m in messages)  # the rater type drop-down's message
