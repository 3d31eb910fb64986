"""Company extensions scored by hand: vetoes cap the grade, bonuses add after weighting, per-role
grade bands, and kpi.toml's grade bands, quotas and coverage threshold."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml

from kpi_cli.catalogue import load_catalogue
from kpi_cli.config import load_settings_catalogue, resolve_settings
from kpi_cli.scoring.flags import Flag
from kpi_cli.periods import parse_period
from kpi_cli.scoring.engine import score

JULY = parse_period("2026-07")
GLOBAL_GRADES = [
    {"grade": "S", "name_zh": "卓越", "name_en": "Outstanding", "min": 110},
    {"grade": "A", "name_zh": "优秀", "name_en": "Excellent", "min": 100},
    {"grade": "B", "name_zh": "良好", "name_en": "Good", "min": 85},
    {"grade": "C", "name_zh": "合格", "name_en": "Satisfactory", "min": 70},
    {"grade": "D", "name_zh": "待改进", "name_en": "Needs improvement", "min": None},
]
LEAD_GRADES = [
    {"grade": "S", "name_zh": "卓越", "name_en": "Outstanding", "min": 105},
    {"grade": "A", "name_zh": "优秀", "name_en": "Excellent", "min": 95},
    {"grade": "B", "name_zh": "良好", "name_en": "Good", "min": 80},
    {"grade": "C", "name_zh": "合格", "name_en": "Satisfactory", "min": 60},
    {"grade": "D", "name_zh": "待改进", "name_en": "Needs improvement", "min": None},
]


def measure(code, rule, unit, params, **kw):
    return {
        "code": code,
        "name_zh": code,
        "name_en": code,
        "standard_zh": "标准",
        "standard_en": "standard",
        "source": "report",
        "unit": unit,
        "rule": rule,
        "params": params,
        **kw,
    }


def role(code, grades=None):
    r = {
        "code": code,
        "name_zh": code,
        "name_en": code,
        "department": "ops",
        "dimensions": [
            {
                "code": "quality",
                "name_zh": "质量",
                "name_en": "Quality",
                "weight": 60,
                "measures": [measure("accuracy", "higher", "percent", {"target": 95, "excellent": 99, "floor": 80})],
            },
            {
                "code": "speed",
                "name_zh": "速度",
                "name_en": "Speed",
                "weight": 40,
                "measures": [measure("minutes", "lower", "minutes", {"target": 9, "ceiling": 13.5})],
            },
        ],
        "vetoes": [measure("no_breach", "yes_no", "yes_no", {"cap_grade": "C"})],
        "bonuses": [measure("referrals", "bonus", "count", {"per_unit": 3, "cap": 10})],
    }
    if grades:
        r["grades"] = grades
    return r


def company_catalogue() -> dict:
    return {
        "name_zh": "测试目录",
        "name_en": "Test catalogue",
        "version": "t1",
        "departments": {"ops": {"name_zh": "运营部", "name_en": "Operations"}},
        "grades": GLOBAL_GRADES,
        "quotas": [{"grades": ["S", "A"], "max_share": 0.2}],
        "coverage_threshold": 0.5,
        "roles": [role("agent"), role("lead", LEAD_GRADES)],
    }


@pytest.fixture
def cat_file(tmp_path):
    path = tmp_path / "company.yaml"
    path.write_text(yaml.safe_dump(company_catalogue(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# employee → (role, accuracy, minutes, no_breach, referrals)
ROWS = {
    "E1": ("agent", 97, 9, 1, 2),  # 0.6·110 + 0.4·100 = 106; bonus 3·2 = 6 → 112 → S
    "E2": ("agent", 97, 9, 0, 2),  # 112, but the veto fails → capped at C
    "E3": ("agent", 97, 9, 1, 5),  # bonus 3·5 = 15, capped at 10 → 116
    "E4": ("agent", 90, 11.25, 1, None),  # 0.6·86.667 + 0.4·80 = 84 → C (global bands)
    "E5": ("lead", 90, 11.25, 1, None),  # 84 → B under the lead's own bands (B ≥ 80)
    "E6": ("lead", 97, 9, None, None),  # 106 → S under the lead's bands (A globally); blank veto: no cap
}


def records_and_values(rows=ROWS):
    ids = list(rows)
    records = pd.DataFrame(
        {
            "employee_id": ids,
            "name": ids,
            "department": ["ops"] * len(ids),
            "role": [rows[i][0] for i in ids],
            "has_error": [False] * len(ids),
        }
    )
    cols = ["accuracy", "minutes", "no_breach", "referrals"]
    values = {}
    for code in {r[0] for r in rows.values()}:
        idx = records.index[records["role"] == code]
        values[code] = pd.DataFrame(
            [[np.nan if v is None else v for v in rows[ids[i]][1:]] for i in idx], index=idx, columns=cols, dtype=float
        )
    return records, values


def by_id(result) -> pd.DataFrame:
    return result.employees.set_index("employee_id")


def test_bonus_is_added_after_weighting_with_its_cap(cat_file):
    records, values = records_and_values()
    emp = by_id(score(records, values, load_catalogue(cat_file), JULY))
    assert emp.loc["E1", "weighted_total"] == pytest.approx(106)
    assert emp.loc["E1", "bonus"] == pytest.approx(6)
    assert emp.loc["E1", "total"] == pytest.approx(112)
    assert emp.loc["E1", "grade"] == "S"
    assert emp.loc["E3", "bonus"] == pytest.approx(10)  # 15 capped at 10
    assert emp.loc["E3", "total"] == pytest.approx(116)
    assert emp.loc["E4", "bonus"] == 0  # blank bonus: nothing added, nothing missing
    assert emp.loc["E4", "total"] == pytest.approx(84)


def test_bonus_and_veto_are_outside_the_weights(cat_file):
    records, values = records_and_values()
    result = score(records, values, load_catalogue(cat_file), JULY)
    emp = by_id(result)
    # Blank veto and bonus cells are neither missing measures nor lost coverage.
    assert emp.loc["E6", "coverage"] == pytest.approx(1.0)
    assert emp.loc["E6", "missing_measures"] == 0
    assert result.flags(result.find("E6")[0]) == []


def test_failed_veto_caps_the_grade_and_is_flagged(cat_file):
    records, values = records_and_values()
    result = score(records, values, load_catalogue(cat_file), JULY)
    emp = by_id(result)
    assert emp.loc["E2", "total"] == pytest.approx(112)  # the total is kept …
    assert emp.loc["E2", "grade"] == "C"  # … the grade is capped at cap_grade
    assert emp.loc["E2", "veto_cap"] == "C"
    assert result.flags(result.find("E2")[0]) == [Flag("veto", "no_breach", cap="C")]
    assert result.flags(result.find("E1")[0]) == []
    assert pd.isna(emp.loc["E1", "veto_cap"])


def test_veto_never_improves_a_grade(cat_file):
    rows = {"E7": ("agent", 79, 14, 0, None)}  # 0 points everywhere → D, veto cap C must not lift it
    records, values = records_and_values(rows)
    emp = by_id(score(records, values, load_catalogue(cat_file), JULY))
    assert emp.loc["E7", "total"] == 0
    assert emp.loc["E7", "grade"] == "D"


def test_per_role_grade_bands_override_the_global_ones(cat_file):
    records, values = records_and_values()
    emp = by_id(score(records, values, load_catalogue(cat_file), JULY))
    assert (emp.loc["E4", "total_rounded"], emp.loc["E4", "grade"]) == (84.0, "C")  # agent: global bands
    assert (emp.loc["E5", "total_rounded"], emp.loc["E5", "grade"]) == (84.0, "B")  # lead: its own bands
    assert (emp.loc["E6", "total_rounded"], emp.loc["E6", "grade"]) == (106.0, "S")


def write_toml(folder, text: str):
    (folder / "kpi.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def clean_env(monkeypatch):
    for var in ("KPI_CATALOGUE", "KPI_CONFIG", "KPI_LANG"):
        monkeypatch.delenv(var, raising=False)


def test_kpi_toml_grades_apply_but_per_role_bands_stay(tmp_path, cat_file, clean_env):
    write_toml(
        tmp_path,
        f'catalogue = "{cat_file.name}"\n'
        + "".join(
            f'[[grades]]\ngrade = "{g}"\nname_zh = "{g}"\nname_en = "{g}"\n' + (f"min = {m}\n" if m is not None else "")
            for g, m in (("S", 115), ("A", 105), ("B", 90), ("C", 80), ("D", None))
        ),
    )
    cat = load_settings_catalogue(resolve_settings(cwd=tmp_path))
    records, values = records_and_values()
    emp = by_id(score(records, values, cat, JULY))
    assert emp.loc["E1", "grade"] == "A"  # 112: S under the catalogue, A under kpi.toml (S ≥ 115)
    assert emp.loc["E3", "grade"] == "S"  # 116
    assert emp.loc["E4", "grade"] == "C"  # 84 ≥ 80
    assert emp.loc["E6", "grade"] == "S"  # the lead's own bands still win


def test_kpi_toml_quotas_and_coverage_threshold_apply(tmp_path, cat_file, clean_env):
    rows = {
        "E1": ("agent", 97, 9, 1, 2),  # 112 → S
        "E8": ("agent", 97, None, 1, None),  # only quality assessed: coverage 60%
    }
    records, values = records_and_values(rows)
    plain = load_catalogue(cat_file)
    result = score(records, values, plain, JULY)
    emp = by_id(result)
    assert emp.loc["E8", "coverage"] == pytest.approx(0.6)
    assert emp.loc["E8", "status"] == "ok"  # 60% ≥ 50%
    ops = result.distribution[result.distribution["department"] == "ops"].iloc[0]
    assert not ops["quota_ok"]  # 2 of 2 in S/A > 20%

    write_toml(
        tmp_path,
        f'catalogue = "{cat_file.name}"\ncoverage_threshold = 0.75\n[[quotas]]\ngrades = ["S", "A"]\nmax_share = 1.0\n',
    )
    cat = load_settings_catalogue(resolve_settings(cwd=tmp_path))
    assert cat.coverage_threshold == 0.75
    result = score(records, values, cat, JULY)
    emp = by_id(result)
    assert emp.loc["E8", "status"] == "incomplete"
    assert pd.isna(emp.loc["E8", "grade"])
    ops = result.distribution[result.distribution["department"] == "ops"].iloc[0]
    assert ops["quota_ok"]  # 1 graded, in S: 100% ≤ 100%


def test_kpi_toml_grades_must_fit_the_quotas_and_vetoes(tmp_path, cat_file, clean_env):
    from kpi_cli.errors import CatalogueError

    write_toml(
        tmp_path,
        f'catalogue = "{cat_file.name}"\n'
        '[[grades]]\ngrade = "1"\nname_zh = "一"\nname_en = "one"\nmin = 100\n'
        '[[grades]]\ngrade = "2"\nname_zh = "二"\nname_en = "two"\n',
    )
    with pytest.raises(CatalogueError) as err:
        load_settings_catalogue(resolve_settings(cwd=tmp_path))
    found = sorted((p.type, str(p.value), p.role) for p in err.value.problems)
    assert found == [
        ("catalogue-unknown-grade", "A", None),  # the quota S+A
        ("catalogue-unknown-grade", "C", "agent"),  # agent's veto caps at C; lead has its own bands
        ("catalogue-unknown-grade", "S", None),
    ]
    assert all(p.file.endswith("kpi.toml") for p in err.value.problems)
