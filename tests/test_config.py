"""Settings precedence: --flag > environment > kpi.toml > built-in, for the catalogue and the language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kpi_cli.catalogue.serialize import export_dict
from kpi_cli.config import load_settings_catalogue, resolve_settings
from kpi_cli.errors import CatalogueError, KpiError, UsageError


@pytest.fixture(autouse=True)
def clean_env(monkeypatch, tmp_path):
    for var in ("KPI_CATALOGUE", "KPI_CONFIG", "KPI_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    monkeypatch.chdir(tmp_path)


def write_catalogue(path: Path, catalogue, version: str) -> Path:
    data = export_dict(catalogue)
    data["version"] = version
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture
def three(tmp_path, catalogue):
    """Three catalogues told apart by their version: for kpi.toml, the environment and the flag."""
    return {
        "toml": write_catalogue(tmp_path / "conf" / "from-toml.yaml", catalogue, "toml"),
        "env": write_catalogue(tmp_path / "from-env.yaml", catalogue, "env"),
        "flag": write_catalogue(tmp_path / "from-flag.yaml", catalogue, "flag"),
    }


def test_builtin_when_nothing_is_set(tmp_path):
    s = resolve_settings()
    assert s.catalogue is None and s.config_file is None
    assert s.sources == {"catalogue": "built-in", "lang": "locale"}
    assert s.lang == "zh"


def test_kpi_toml_in_the_working_folder(tmp_path, three):
    (tmp_path / "kpi.toml").write_text('catalogue = "conf/from-toml.yaml"\nlang = "en"\n', encoding="utf-8")
    s = resolve_settings()
    assert s.catalogue == tmp_path / "conf" / "from-toml.yaml"  # relative to kpi.toml
    assert s.config_file == tmp_path / "kpi.toml"
    assert (s.lang, s.sources) == ("en", {"catalogue": "kpi.toml", "lang": "kpi.toml"})
    assert load_settings_catalogue(s).version == "toml"


def test_catalogue_path_in_kpi_toml_is_relative_to_kpi_toml(tmp_path, three, monkeypatch):
    (tmp_path / "conf" / "kpi.toml").write_text('catalogue = "from-toml.yaml"\n', encoding="utf-8")
    s = resolve_settings(config=tmp_path / "conf" / "kpi.toml")
    assert load_settings_catalogue(s).version == "toml"
    monkeypatch.setenv("KPI_CONFIG", str(tmp_path / "conf" / "kpi.toml"))
    assert load_settings_catalogue(resolve_settings()).version == "toml"


def test_environment_beats_kpi_toml(tmp_path, three, monkeypatch):
    (tmp_path / "kpi.toml").write_text('catalogue = "conf/from-toml.yaml"\nlang = "en"\n', encoding="utf-8")
    monkeypatch.setenv("KPI_CATALOGUE", str(three["env"]))
    monkeypatch.setenv("KPI_LANG", "zh")
    s = resolve_settings()
    assert (s.sources["catalogue"], s.sources["lang"], s.lang) == ("env", "env", "zh")
    assert load_settings_catalogue(s).version == "env"


def test_flag_beats_environment(tmp_path, three, monkeypatch):
    (tmp_path / "kpi.toml").write_text('catalogue = "conf/from-toml.yaml"\n', encoding="utf-8")
    monkeypatch.setenv("KPI_CATALOGUE", str(three["env"]))
    monkeypatch.setenv("KPI_LANG", "zh")
    s = resolve_settings(catalogue=three["flag"], lang="en")
    assert (s.sources["catalogue"], s.sources["lang"], s.lang) == ("flag", "flag", "en")
    assert load_settings_catalogue(s).version == "flag"


def test_builtin_by_name_at_every_level(tmp_path, three, monkeypatch):
    (tmp_path / "kpi.toml").write_text('catalogue = "builtin"\n', encoding="utf-8")
    assert resolve_settings().catalogue is None
    (tmp_path / "kpi.toml").write_text('catalogue = "conf/from-toml.yaml"\n', encoding="utf-8")
    monkeypatch.setenv("KPI_CATALOGUE", "builtin")
    assert resolve_settings().catalogue is None
    monkeypatch.setenv("KPI_CATALOGUE", str(three["env"]))
    s = resolve_settings(catalogue=Path("builtin"))
    assert (s.catalogue, s.sources["catalogue"]) == (None, "flag")
    assert load_settings_catalogue(s).version == "2026.2"


def test_locale_picks_the_language_last(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert resolve_settings().lang == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert resolve_settings().lang == "zh"


@pytest.mark.parametrize(
    "text, needle",
    [
        ('catalog = "x.yaml"\n', "catalog"),
        ("coverage_threshold = 1.5\n", "coverage_threshold"),
        ('coverage_threshold = "half"\n', "coverage_threshold"),
        ('lang = "fr"\n', "lang"),
        ("catalogue = 3\n", "catalogue"),
        ('grades = "S"\n', "grades"),
        ("quotas = [1, 2]\n", "quotas"),
        ("this is not toml\n", "TOML"),
    ],
)
def test_bad_kpi_toml_is_one_clear_error(tmp_path, text, needle):
    (tmp_path / "kpi.toml").write_text(text, encoding="utf-8")
    with pytest.raises(KpiError) as err:
        resolve_settings(lang="en")
    assert needle in str(err.value) and "kpi.toml" in str(err.value)


def test_missing_config_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError):
        resolve_settings(config=tmp_path / "nope.toml")


def test_unsupported_language_from_the_environment(monkeypatch):
    monkeypatch.setenv("KPI_LANG", "fr")
    with pytest.raises(UsageError) as err:
        resolve_settings(lang=None)
    assert "fr" in str(err.value)


def test_bad_grade_bands_in_kpi_toml_name_the_file(tmp_path):
    (tmp_path / "kpi.toml").write_text(
        '[[grades]]\ngrade = "A"\nname_zh = "甲"\nname_en = "A"\nmin = 80\n'
        '[[grades]]\ngrade = "B"\nname_zh = "乙"\nname_en = "B"\nmin = 90\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueError) as err:
        load_settings_catalogue(resolve_settings())
    assert [(p.type, Path(p.file).name, p.value) for p in err.value.problems] == [
        ("catalogue-grade-overlap", "kpi.toml", "B"),
        ("catalogue-grade-gap-below", "kpi.toml", "B"),
        ("catalogue-unknown-grade", "kpi.toml", "S"),  # the built-in quota S+A no longer fits
    ]


# --- the same order through the command line -----------------------------------------------------
def exported_version(runner, app, *args) -> str:
    result = runner.invoke(app, ["catalogue", "export", *args])
    assert result.exit_code == 0, result.output
    return yaml.safe_load(result.stdout)["version"]


def test_every_level_through_the_command_line(tmp_path, three, monkeypatch, runner, app):
    assert exported_version(runner, app) == "2026.2"  # built-in
    (tmp_path / "kpi.toml").write_text('catalogue = "conf/from-toml.yaml"\n', encoding="utf-8")
    assert exported_version(runner, app) == "toml"
    monkeypatch.setenv("KPI_CATALOGUE", str(three["env"]))
    assert exported_version(runner, app) == "env"
    assert exported_version(runner, app, "--catalogue", str(three["flag"])) == "flag"


def test_kpi_toml_settings_reach_other_commands(tmp_path, three, runner, app):
    import json

    (tmp_path / "kpi.toml").write_text('catalogue = "conf/from-toml.yaml"\nlang = "en"\n', encoding="utf-8")
    result = runner.invoke(app, ["roles", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["catalogue"]["version"] == "toml"
    result = runner.invoke(app, ["roles"])
    assert "version toml" in result.stdout and "See one with" in result.stdout  # English, from kpi.toml


def test_kpi_toml_grades_and_quotas_are_exported(tmp_path, runner, app):
    (tmp_path / "kpi.toml").write_text(
        "coverage_threshold = 0.6\n"
        '[[grades]]\ngrade = "A"\nname_zh = "甲"\nname_en = "A"\nmin = 90\n'
        '[[grades]]\ngrade = "B"\nname_zh = "乙"\nname_en = "B"\n'
        '[[quotas]]\ngrades = ["A"]\nmax_share = 0.3\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["catalogue", "export", "--lang", "en"])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.stdout)
    assert [(g["grade"], g["min"]) for g in data["grades"]] == [("A", 90), ("B", None)]
    assert data["quotas"] == [{"grades": ["A"], "max_share": 0.3}]
    assert data["coverage_threshold"] == 0.6
    assert "kpi.toml" in result.stdout.split("\nname_zh")[0]  # the header says so


def test_apply_overrides_puts_kpi_toml_rules_into_the_catalogue(catalogue):
    """kpi_cli.catalogue.schema.apply_overrides: grades, quotas and threshold in; a new hash."""
    from kpi_cli.catalogue.schema import apply_overrides
    from kpi_cli.config import Settings

    grades = [{"grade": "1", "name_zh": "优", "name_en": "Top", "min": 100, "coefficient": 1.2},
              {"grade": "2", "name_zh": "良", "name_en": "Good", "min": 80, "coefficient": 1.0},
              {"grade": "3", "name_zh": "差", "name_en": "Low", "coefficient": 0.5}]
    cat = apply_overrides(catalogue, Settings(grades=grades, quotas=[{"grades": ["1"], "max_share": 0.1}],
                                              coverage_threshold=0.6))
    assert [(g.grade, g.min) for g in cat.grades] == [("1", 100), ("2", 80), ("3", None)]
    assert [(q.grades, q.max_share) for q in cat.quotas] == [(("1",), 0.1)]
    assert cat.coverage_threshold == 0.6
    assert cat.sha256 != catalogue.sha256 and cat.version == catalogue.version
    # nothing set: the catalogue's own rules
    assert catalogue.grades != cat.grades and apply_overrides(catalogue, Settings()).grades == catalogue.grades
