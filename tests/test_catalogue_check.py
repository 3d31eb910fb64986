"""`check_catalogue` on edited catalogues: each mistake HR can make, found where it was made —
the line of a YAML file, the sheet and cell of a workbook."""

from __future__ import annotations

from pathlib import Path

import pytest

from kpi_cli.catalogue import check_catalogue, load_catalogue
from kpi_cli.catalogue.xlsx_io import read_catalogue_xlsx, write_catalogue_xlsx

SMALL = Path(__file__).parent / "data" / "small_catalogue.yaml"


def edited_yaml(tmp_path: Path, edits: dict[int, str | None], insert: dict[int, str] | None = None) -> Path:
    """The small catalogue with lines replaced (None deletes) and lines inserted after a line number."""
    lines = SMALL.read_text(encoding="utf-8").splitlines()
    out = []
    for no, line in enumerate(lines, start=1):
        if no in edits:
            if edits[no] is not None:
                out.append(edits[no])
        else:
            out.append(line)
        for extra in (insert or {}).get(no, "").splitlines():
            out.append(extra)
    path = tmp_path / "edited.yaml"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def yaml_problems(path: Path) -> list[tuple]:
    _, problems = check_catalogue(path)
    return [(p.line, p.type) for p in problems]


def test_the_small_catalogue_is_valid():
    cat, problems = check_catalogue(SMALL)
    assert problems == []
    assert [m.code for m in cat.role("agent").all_measures] == ["accuracy", "errors", "minutes"]


# --- YAML: each problem with its line ------------------------------------------------------------
def test_weights_not_adding_up_name_the_role_and_the_sum(tmp_path):
    path = edited_yaml(tmp_path, {47: "        weight: 30"})
    _, problems = check_catalogue(path)
    assert [(p.line, p.type, p.role) for p in problems] == [(19, "catalogue-weights-sum", "agent")]
    assert "agent" in problems[0].message_en and "90%" in problems[0].message_en
    assert "agent" in problems[0].message_zh and "90%" in problems[0].message_zh


@pytest.mark.parametrize(
    "edits, expected",
    [
        ({32: "            rule: highest"}, [(32, "catalogue-bad-choice")]),
        ({31: "            unit: pct"}, [(31, "catalogue-bad-choice")]),
        ({33: "            params: {target: 95, excellent: 90, floor: 80}"}, [(33, "catalogue-excellent-not-better")]),
        ({33: "            params: {target: 95, excellent: 99, floor: 96}"}, [(33, "catalogue-floor-not-below")]),
        ({59: "              ceiling: 8"}, [(59, "catalogue-ceiling-not-above")]),
        ({42: "            params: {target: 2, excellent: 3, ceiling: 4}"}, [(42, "catalogue-excellent-not-better")]),
        ({58: None}, [(58, "catalogue-missing-param")]),  # the params mapping starts at its first key
        ({33: "            params: {target: ninety, floor: 80}"}, [(33, "catalogue-not-a-number")]),
        ({33: "            params: {target: 95, floor: 80, goal: 99}"}, [(33, "catalogue-unknown-param")]),
        ({34: "          - code: accuracy"}, [(34, "catalogue-duplicate-code")]),
        ({44: "      - code: quality"}, [(44, "catalogue-duplicate-code")]),
        ({9: "  - {grade: B, name_zh: 良, name_en: Fair, min: 95}"}, [(9, "catalogue-grade-overlap")]),
        ({9: "  - {grade: B, name_zh: 良, name_en: Fair, min: null}"}, [(9, "catalogue-grade-gap")]),
        ({10: "  - {grade: C, name_zh: 差, name_en: Poor, min: 50}"}, [(10, "catalogue-grade-gap-below")]),
        ({12: "  - {grades: [A, X], max_share: 0.3}"}, [(12, "catalogue-unknown-grade")]),
        ({12: "  - {grades: [A], max_share: 30}"}, [(12, "catalogue-bad-share")]),
        ({13: "coverage_threshold: 50"}, [(13, "catalogue-bad-threshold")]),
        ({18: "    department: sales"}, [(18, "catalogue-unknown-department")]),
        ({15: "  - code: Agent-1"}, [(15, "catalogue-bad-code")]),
        ({16: None}, [(15, "catalogue-missing-key")]),
        ({43: "            basis: week"}, [(43, "catalogue-bad-choice")]),
        ({23: "        weight: -60"}, [(23, "catalogue-bad-weight"), (19, "catalogue-weights-sum")]),
        ({33: "            params: {target: 95, floor: 80"}, [(34, "catalogue-yaml-syntax")]),
    ],
)
def test_yaml_problem_and_its_line(tmp_path, edits, expected):
    assert sorted(yaml_problems(edited_yaml(tmp_path, edits))) == sorted(expected)


def test_unknown_rule_does_not_also_complain_about_its_params(tmp_path):
    path = edited_yaml(tmp_path, {56: "            rule: lowest"})
    assert yaml_problems(path) == [(56, "catalogue-bad-choice")]


def test_a_typo_in_a_key_is_a_warning_with_its_line(tmp_path):
    path = edited_yaml(tmp_path, {}, insert={43: "            wieght: 2"})
    cat, problems = check_catalogue(path)
    assert cat is not None  # a warning does not stop the catalogue from loading
    assert [(p.line, p.type, p.severity) for p in problems] == [(44, "catalogue-unknown-key", "warning")]
    assert "wieght" in problems[0].message_en


def test_a_measure_in_the_wrong_list(tmp_path):
    path = edited_yaml(tmp_path, {}, insert={43: "            kind: veto"})
    assert yaml_problems(path) == [(44, "catalogue-kind-mismatch")]


VETO_AND_BONUS = """    vetoes:
      - code: no_breach
        name_zh: 无违规
        name_en: No breach
        standard_zh: 无违规
        standard_en: No breach.
        source: audit
        unit: yes_no
        rule: {veto_rule}
        params: {{cap_grade: {cap}}}
    bonuses:
      - code: referrals
        name_zh: 推荐
        name_en: Referrals
        standard_zh: 每次推荐加2分
        standard_en: 2 points a referral.
        source: report
        unit: count
        rule: bonus
        params: {{per_unit: 2{cap_param}}}"""


def test_valid_veto_and_bonus(tmp_path):
    path = edited_yaml(tmp_path, {}, insert={59: VETO_AND_BONUS.format(veto_rule="yes_no", cap="B", cap_param=", cap: 6")})
    cat, problems = check_catalogue(path)
    assert problems == []
    role = cat.role("agent")
    assert [(m.code, m.kind, m.params) for m in role.vetoes + role.bonuses] == [
        ("no_breach", "veto", {"cap_grade": "B"}),
        ("referrals", "bonus", {"per_unit": 2, "cap": 6}),
    ]


def test_a_veto_caps_at_one_of_its_roles_own_bands(tmp_path):
    own = "    grades:\n      - {grade: P, name_zh: 过, name_en: Pass, min: 60}\n      - {grade: F, name_zh: 否, name_en: Fail, min: null}"
    path = edited_yaml(tmp_path, {}, insert={18: own, 59: VETO_AND_BONUS.format(veto_rule="yes_no", cap="C", cap_param=", cap: 6")})
    assert yaml_problems(path) == [(72, "catalogue-unknown-grade")]  # C is a global band, not one of P, F
    path = edited_yaml(tmp_path, {}, insert={18: own, 59: VETO_AND_BONUS.format(veto_rule="yes_no", cap="F", cap_param=", cap: 6")})
    assert yaml_problems(path) == []


def test_veto_and_bonus_mistakes(tmp_path):
    path = edited_yaml(tmp_path, {}, insert={59: VETO_AND_BONUS.format(veto_rule="higher", cap="Z", cap_param="")})
    assert sorted(yaml_problems(path)) == [
        (68, "catalogue-veto-not-yes-no"),
        (69, "catalogue-unknown-grade"),  # cap_grade Z
        (79, "catalogue-missing-param"),  # a bonus needs its cap
    ]


def test_role_file_problems_name_the_role_file(tmp_path):
    folder = tmp_path / "cat"
    folder.mkdir()
    text = SMALL.read_text(encoding="utf-8")
    head, role = text.split("roles:\n")
    (folder / "catalogue.yaml").write_text(head + "roles:\n  - agent.yaml\n  - missing.yaml\n", encoding="utf-8")
    body = "\n".join(line[4:] for line in role.splitlines()).replace("weight: 40", "weight: 45")
    (folder / "agent.yaml").write_text(body + "\n", encoding="utf-8")
    _, problems = check_catalogue(folder)
    assert sorted((Path(p.file).name, p.line, p.type) for p in problems) == [
        ("agent.yaml", 5, "catalogue-weights-sum"),
        ("catalogue.yaml", 16, "catalogue-role-file-missing"),
    ]


# --- xlsx: each problem with its sheet and cell ----------------------------------------------------
@pytest.fixture(scope="module")
def small_xlsx(tmp_path_factory) -> Path:
    return write_catalogue_xlsx(load_catalogue(SMALL), tmp_path_factory.mktemp("x") / "small.xlsx", "en")


def edited_xlsx(tmp_path: Path, source: Path, edits: dict[tuple[str, str], object], delete_sheet: str | None = None) -> Path:
    from openpyxl import load_workbook

    wb = load_workbook(source)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell].value = value
    if delete_sheet:
        del wb[delete_sheet]
    path = tmp_path / "edited.xlsx"
    wb.save(path)
    return path


def xlsx_problems(path: Path) -> list[tuple]:
    _, problems = read_catalogue_xlsx(path)
    return [(p.sheet, p.cell, p.type) for p in problems]


def test_the_small_workbook_is_valid(small_xlsx):
    cat, problems = check_catalogue(small_xlsx)
    assert problems == []
    assert cat.sha256 and cat.path == str(small_xlsx)


def test_xlsx_weights_not_adding_up(tmp_path, small_xlsx):
    path = edited_xlsx(tmp_path, small_xlsx, {("Roles", "K3"): 30})
    _, problems = check_catalogue(path)
    assert [(p.sheet, p.cell, p.type, p.role) for p in problems] == [("Roles", "K2", "catalogue-weights-sum", "agent")]
    assert "90%" in problems[0].message_en


@pytest.mark.parametrize(
    "edits, expected",
    [
        ({("Measures", "K2"): "highest"}, [("Measures", "K2", "catalogue-bad-choice")]),
        ({("Measures", "J2"): "pct"}, [("Measures", "J2", "catalogue-bad-choice")]),
        ({("Measures", "M2"): 90}, [("Measures", "M2", "catalogue-excellent-not-better")]),
        ({("Measures", "N2"): 96}, [("Measures", "N2", "catalogue-floor-not-below")]),
        ({("Measures", "O4"): 8}, [("Measures", "O4", "catalogue-ceiling-not-above")]),
        ({("Measures", "L4"): None}, [("Measures", "L4", "catalogue-missing-param")]),
        ({("Measures", "L2"): "ninety"}, [("Measures", "L2", "catalogue-not-a-number")]),
        ({("Measures", "L2"): " 95 "}, []),  # a number typed as text is still the number
        ({("Measures", "D3"): "accuracy"}, [("Measures", "D3", "catalogue-duplicate-code")]),
        ({("Measures", "D3"): "Errors!"}, [("Measures", "D3", "catalogue-bad-code")]),
        ({("Measures", "W3"): "week"}, [("Measures", "W3", "catalogue-bad-choice")]),
        ({("Measures", "C3"): "extra"}, [("Measures", "C3", "catalogue-bad-choice")]),
        ({("Measures", "A3"): "agentx"}, [("Measures", "A3", "catalogue-xlsx-unknown-role")]),
        ({("Measures", "B3"): "qualiti"}, [("Measures", "B3", "catalogue-xlsx-unknown-dimension")]),
        ({("Measures", "K3"): "bands", ("Measures", "T3"): "2:100, 1:60"}, [("Measures", "T3", "catalogue-bad-bands")]),
        ({("Measures", "K3"): "rating", ("Measures", "J3"): "rating", ("Measures", "S3"): "1:0, 2-60"},
         [("Measures", "S3", "catalogue-bad-scale")]),
        ({("Measures", "U2"): "floor, goal"}, [("Measures", "U2", "catalogue-bad-derived")]),
        (
            {("Roles", "H3"): "quality"},
            [
                ("Roles", "H3", "catalogue-duplicate-code"),
                ("Roles", "H3", "catalogue-missing-key"),  # the second "quality" has no measures …
                ("Measures", "B4", "catalogue-xlsx-unknown-dimension"),  # … and "speed" is gone
            ],
        ),
        ({("Roles", "C3"): "Agent 2"}, [("Roles", "C3", "catalogue-xlsx-role-mismatch")]),
        ({("Roles", "D2"): "sales", ("Roles", "D3"): "sales"}, [("Roles", "D2", "catalogue-unknown-department")]),
        ({("Settings", "E15"): 95}, [("Settings", "E15", "catalogue-grade-overlap")]),
        ({("Settings", "E15"): None}, [("Settings", "B15", "catalogue-grade-gap")]),
        ({("Settings", "E16"): 50}, [("Settings", "E16", "catalogue-grade-gap-below")]),
        ({("Settings", "B20"): 30}, [("Settings", "B20", "catalogue-bad-share")]),
        ({("Settings", "A20"): "A, X"}, [("Settings", "A20", "catalogue-unknown-grade")]),
        ({("Settings", "B6"): "half"}, [("Settings", "B6", "catalogue-bad-threshold")]),
        ({("Settings", "B3"): None}, [("Settings", "B3", "catalogue-missing-key")]),
        ({("Measures", "E2"): None}, [("Measures", "E2", "catalogue-missing-key")]),
    ],
)
def test_xlsx_problem_and_its_cell(tmp_path, small_xlsx, edits, expected):
    assert sorted(xlsx_problems(edited_xlsx(tmp_path, small_xlsx, edits))) == sorted(expected)


def test_per_role_grade_bands_in_the_workbook(tmp_path, small_xlsx):
    rows = {("Settings", f"{c}{r}"): v for r, row in zip((17, 18, 19), (("agent", "A", "优", "Good", 80), ("agent", "B", "良", "Fair", 60), ("agent", "C", "差", "Poor", None))) for c, v in zip("ABCDE", row)}
    # rows 17–19 overwrite the blank line and the [quotas] section: put the quotas back below
    rows |= {("Settings", "A21"): "[quotas]", ("Settings", "A22"): "grades", ("Settings", "B22"): "max_share",
             ("Settings", "A23"): "A", ("Settings", "B23"): 0.3, ("Settings", "A20"): None, ("Settings", "B20"): None}
    # … and the [pay] section below them goes: its rows would otherwise read as quotas
    rows |= {("Settings", f"{c}{r}"): None for r in (24, 25, 26, 27) for c in "AB"}
    path = edited_xlsx(tmp_path, small_xlsx, rows)
    cat, problems = check_catalogue(path)
    assert problems == []
    assert [(g.grade, g.min) for g in cat.role("agent").grades] == [("A", 80), ("B", 60), ("C", None)]
    assert [(g.grade, g.min) for g in cat.grades] == [("A", 90), ("B", 70), ("C", None)]
    path = edited_xlsx(tmp_path, path, {("Settings", "A17"): "nobody", ("Settings", "A18"): "nobody", ("Settings", "A19"): "nobody"})
    assert xlsx_problems(path) == [("Settings", "A17", "catalogue-xlsx-unknown-role")]


def test_xlsx_missing_sheet(tmp_path, small_xlsx):
    path = edited_xlsx(tmp_path, small_xlsx, {}, delete_sheet="Measures")
    cat, problems = check_catalogue(path)
    assert cat is None
    assert [(p.type, p.value) for p in problems] == [("catalogue-xlsx-missing-sheet", "Measures")]


def test_xlsx_missing_and_unknown_columns(tmp_path, small_xlsx):
    path = edited_xlsx(tmp_path, small_xlsx, {("Measures", "J1"): "units"})
    cat, problems = check_catalogue(path)
    assert cat is None
    assert sorted((p.sheet, p.row, p.cell or "", p.type) for p in problems) == [
        ("Measures", 1, "", "catalogue-xlsx-missing-column"),  # the header row: no one cell
        ("Measures", 1, "J1", "catalogue-xlsx-unknown-column"),
    ]
    missing = next(p for p in problems if p.type == "catalogue-xlsx-missing-column")
    assert "'unit'" in missing.message_en and "“unit”" in missing.message_zh
    path = edited_xlsx(tmp_path, small_xlsx, {("Measures", "AD1"): "remarks", ("Measures", "AD2"): "anything"})
    cat, problems = check_catalogue(path)
    assert cat is not None
    assert [(p.cell, p.type, p.severity) for p in problems] == [("AD1", "catalogue-xlsx-unknown-column", "warning")]


def test_sheet_names_in_either_language(tmp_path):
    path = write_catalogue_xlsx(load_catalogue(SMALL), tmp_path / "zh.xlsx", "zh")
    cat, problems = check_catalogue(path)
    assert problems == [] and cat.role("agent")
    path = edited_xlsx(tmp_path, path, {("考核标准", "J2"): "pct"})
    assert xlsx_problems(path) == [("考核标准", "J2", "catalogue-bad-choice")]


def test_not_a_workbook(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file")
    cat, problems = check_catalogue(path)
    assert cat is None
    assert [p.type for p in problems] == ["catalogue-xlsx-unreadable"]


def test_missing_file(tmp_path):
    for name in ("nope.yaml", "nope.xlsx"):
        cat, problems = check_catalogue(tmp_path / name)
        assert cat is None and [p.type for p in problems] == ["catalogue-not-found"]


def test_the_schema_knows_every_key_the_editable_form_writes(catalogue):
    """kpi_cli.catalogue.schema: the keys of each level, the same set the serialiser writes."""
    from kpi_cli.catalogue.schema import CATALOGUE_KEYS, DIMENSION_KEYS, MEASURE_KEYS, ROLE_KEYS
    from kpi_cli.catalogue.serialize import catalogue_to_dict

    data = catalogue_to_dict(catalogue)
    assert set(data) <= set(CATALOGUE_KEYS)
    for role in data["roles"]:
        assert set(role) <= set(ROLE_KEYS), role["code"]
        for dim in role["dimensions"]:
            assert set(dim) <= set(DIMENSION_KEYS), dim["code"]
            for m in dim["measures"]:
                assert set(m) <= set(MEASURE_KEYS), m["code"]
    assert len(set(MEASURE_KEYS)) == len(MEASURE_KEYS) and "rule" in MEASURE_KEYS and "weight" in DIMENSION_KEYS


# --- aliases ---------------------------------------------------------------------------------------
def test_aliases_are_read_and_a_clash_is_located(tmp_path):
    path = edited_yaml(tmp_path, {}, {17: "    aliases: [客服代表, 坐席]", 27: "            aliases: [正确率, 差错次数]"})
    _, problems = check_catalogue(path)
    # 差错次数 is the name of another measure of the role: one name, one column
    assert [(p.line, p.type, p.measure, p.value) for p in problems] == [(29, "catalogue-alias-clash", "accuracy", "差错次数")]
    path = edited_yaml(tmp_path, {}, {17: "    aliases: [客服代表, 坐席]", 27: "            aliases: [正确率, 工号]"})
    assert [(p.type, p.value) for p in check_catalogue(path)[1]] == [("catalogue-alias-clash", "工号")]
    path = edited_yaml(tmp_path, {}, {17: "    aliases: [客服代表, 坐席]", 27: "            aliases: 正确率"})
    cat, problems = check_catalogue(path)
    assert problems == []
    assert cat.role("agent").aliases == ("客服代表", "坐席")
    assert cat.role("agent").measure("accuracy").aliases == ("正确率",)
    assert cat.lookup("坐席").code == "agent"


def test_a_role_alias_that_names_another_role_is_a_clash(tmp_path, catalogue):
    from kpi_cli.catalogue.yaml_io import catalogue_yaml

    text = catalogue_yaml(catalogue).replace("aliases: [采购员, 采购专员]", "aliases: [采购员, 采购经理]")
    path = tmp_path / "company.yaml"
    path.write_text(text, encoding="utf-8")
    problems = check_catalogue(path)[1]
    assert [(p.type, p.role, p.value) for p in problems] == [("catalogue-alias-clash", "buyer", "采购经理")]
    assert problems[0].line is not None


def test_aliases_round_trip_through_the_workbook_and_show_in_diff(tmp_path, catalogue):
    from kpi_cli.catalogue.diff import diff_catalogues
    from kpi_cli.catalogue.yaml_io import catalogue_yaml

    path = write_catalogue_xlsx(catalogue, tmp_path / "c.xlsx")
    back, problems = read_catalogue_xlsx(path)
    assert problems == []
    assert back.role("buyer").aliases == ("采购员", "采购专员")
    assert back.role("cs_inquiry").measure("call_minutes").aliases == ("平均通话时长", "通话时长")
    text = catalogue_yaml(catalogue).replace("aliases: [平均通话时长, 通话时长]", "aliases: [平均通话时长]", 1)
    edited = tmp_path / "edited.yaml"
    edited.write_text(text, encoding="utf-8")
    changes = [(c.kind, c.role, c.measure, c.field) for c in diff_catalogues(catalogue, load_catalogue(edited))]
    assert changes == [("measure-changed", "cs_inquiry", "call_minutes", "aliases")]
