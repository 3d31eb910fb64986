"""`--help` in the user's language: every command and option in zh and en, chosen as the output is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from kpi_cli.cli import app as kpi_app
from kpi_cli.i18n import messages

ROOT = Path(__file__).resolve().parents[1]


def all_paths() -> list[list[str]]:
    group = typer.main.get_command(kpi_app)
    paths = [[]]
    for name, cmd in group.commands.items():
        paths.append([name])
        paths += [[name, sub] for sub in getattr(cmd, "commands", {})]
    return paths


PATHS = all_paths()
CJK = "\u4e00-\u9fff"


def help_text(runner, app, path, lang=None, env_lang=None, args=()):
    env = {"COLUMNS": "200", "KPI_LANG": env_lang} if env_lang else {"COLUMNS": "200"}
    res = runner.invoke(app, [*path, *((["--lang", lang]) if lang else []), *args, "--help"], env=env)
    assert res.exit_code == 0, res.stdout
    return res.stdout


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(["kpi", *p]))
def test_help_is_chinese_with_kpi_lang_zh_and_english_with_en(runner, app, path, monkeypatch):
    monkeypatch.delenv("KPI_LANG", raising=False)
    zh = help_text(runner, app, path, env_lang="zh")
    en = help_text(runner, app, path, env_lang="en")
    assert "用法：" in zh and "选项" in zh and "显示本帮助并退出。" in zh, zh
    assert "Usage:" not in zh and "Options" not in zh and "Show this message" not in zh, zh
    assert "Usage:" in en and "Options" in en and "Show this message and exit." in en, en
    assert "用法" not in en and "选项" not in en, en
    for text in (zh, en):
        assert "help." not in text, text  # a key never shows: every text is in the tables
    # the command's own description, the first line of its help text in each language
    key = "help." + ".".join(path) if path else "help.kpi"
    zh_first, en_first = (s.split("\n")[0] for s in messages()[key])
    assert zh_first[:20] in zh and en_first[:20] in en


def test_every_option_of_score_is_described_in_both_languages(runner, app):
    zh = help_text(runner, app, ["score"], env_lang="zh")
    en = help_text(runner, app, ["score"], env_lang="en")
    for key in ("period", "role", "department", "sort", "top", "explain", "output", "html", "format", "strict", "wide"):
        zh_text, en_text = messages()[f"help.score.{key}"]
        assert zh_text[:8] in zh, key
        assert en_text[:20] in en, key
    assert "[默认：total]" in zh and "[default: total]" in en
    assert "[必填]" in zh and "[required]" in en  # the FILES argument


def test_the_lang_flag_wins_over_kpi_lang(runner, app):
    assert "用法：" in help_text(runner, app, ["score"], lang="zh", env_lang="en")
    assert "Usage:" in help_text(runner, app, ["validate"], lang="en", env_lang="zh")
    res = runner.invoke(app, ["role", "show", "--lang=en", "--help"], env={"KPI_LANG": "zh"})
    assert "Show one role" in res.stdout


def test_help_follows_kpi_toml(runner, app, tmp_path, monkeypatch):
    monkeypatch.delenv("KPI_LANG", raising=False)
    monkeypatch.delenv("KPI_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kpi.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert "Usage:" in help_text(runner, app, [])
    assert "Usage:" in help_text(runner, app, ["export"])
    (tmp_path / "kpi.toml").write_text('lang = "zh"\n', encoding="utf-8")
    assert "用法：" in help_text(runner, app, ["catalogue", "check"])
    # --config names another file; KPI_LANG still comes before kpi.toml
    other = tmp_path / "other.toml"
    other.write_text('lang = "en"\n', encoding="utf-8")
    assert "Usage:" in help_text(runner, app, ["template"], args=["--config", str(other)])
    assert "用法：" in help_text(runner, app, ["template"], env_lang="zh", args=["--config", str(other)])


def test_a_broken_kpi_toml_does_not_break_help(runner, app, tmp_path, monkeypatch):
    monkeypatch.delenv("KPI_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kpi.toml").write_text("lang = [\n", encoding="utf-8")
    assert "Usage:" in help_text(runner, app, ["score"], env_lang="en")
    assert "用法：" in help_text(runner, app, ["score"], env_lang="zh")


def test_kpi_without_arguments_shows_help_in_the_language(runner, app):
    res = runner.invoke(app, [], env={"KPI_LANG": "zh", "COLUMNS": "200"})
    assert "用法：" in (res.stdout + (res.stderr if res.stderr_bytes else ""))
    res = runner.invoke(app, ["catalogue"], env={"KPI_LANG": "en", "COLUMNS": "200"})
    assert "Usage:" in (res.stdout + (res.stderr if res.stderr_bytes else ""))


def test_kpi_help_does_not_import_pandas_or_the_catalogue():
    code = (
        "import sys\n"
        "from kpi_cli.cli import main\n"
        "sys.argv = ['kpi', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'openpyxl', 'xlsxwriter', 'jinja2', 'yaml', 'kpi_cli.catalogue')"
        " if m in sys.modules)\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "KPI_LANG": "zh", "COLUMNS": "120"}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert "HEAVY []" in out.stdout, out.stdout[-500:] + out.stderr[-2000:]
    assert "用法：" in out.stdout


def test_command_language_order_and_fallbacks(tmp_path, monkeypatch):
    """kpi_cli.commands._common.command_language: --lang > KPI_LANG > kpi.toml > locale; never fails."""
    from kpi_cli.commands._common import command_language

    monkeypatch.chdir(tmp_path)
    for name in ("KPI_LANG", "KPI_CONFIG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert command_language() == "en"  # the locale
    (tmp_path / "kpi.toml").write_text('lang = "zh"\n', encoding="utf-8")
    assert command_language() == "zh"  # kpi.toml before the locale
    monkeypatch.setenv("KPI_LANG", "en")
    assert command_language() == "en"  # the environment before kpi.toml
    assert command_language("zh") == "zh"  # the flag first
    other = tmp_path / "other.toml"
    other.write_text('lang = "zh"\n', encoding="utf-8")
    monkeypatch.delenv("KPI_LANG")
    (tmp_path / "kpi.toml").write_text('lang = "en"\n', encoding="utf-8")
    assert command_language(config=other) == "zh"  # --config instead of ./kpi.toml
    (tmp_path / "kpi.toml").write_text("lang = [", encoding="utf-8")
    assert command_language() == "en"  # a broken kpi.toml: the locale (its error is shown by the command)
    monkeypatch.setenv("KPI_LANG", "fr")
    assert command_language() == "en"  # not a language kpi speaks: the locale


def test_help_language_reads_the_command_line_it_was_given():
    """kpi_cli.commands._help: --lang and --config found in the arguments, in either spelling."""
    from kpi_cli.commands._help import _option_value

    args = ["score", "x.xlsx", "--lang=en", "--config", "k.toml", "--", "--lang", "zh"]
    assert (_option_value(args, "--lang"), _option_value(args, "--config")) == ("en", "k.toml")
    assert _option_value(["--lang"], "--lang") is None


def test_errors_of_every_command_speak_the_language(runner, app, tmp_path):
    """A keyed error (here: the output is an input) in zh and in en, from kpi.toml's language too."""
    src = tmp_path / "in.csv"
    src.write_text("工号,岗位\nE1,客户咨询\n", encoding="utf-8")
    zh = runner.invoke(app, ["score", str(src), "-o", str(src), "--lang", "zh"])
    en = runner.invoke(app, ["score", str(src), "-o", str(src), "--lang", "en"])
    assert zh.exit_code == en.exit_code == 2
    assert "错误" in zh.stderr and "就是一个输入文件" in zh.stderr and "input file" not in zh.stderr
    assert "error" in en.stderr and "is an input file; choose another output name" in en.stderr


def test_every_help_text_in_the_code_is_a_key_of_the_tables():
    """A help text written in English in the code would show in English to a zh user."""
    group = typer.main.get_command(kpi_app)  # fresh Click objects, not yet put into words
    table = messages()
    found = []

    def walk(cmd, path):
        found.append((path, cmd.help))
        for param in cmd.params:
            found.append((f"{path} {param.name}", param.help))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, f"{path} {name}")

    walk(group, "kpi")
    not_keys = [(where, text) for where, text in found if text is not None and text not in table]
    assert not_keys == []
    assert len(found) > 60


@pytest.mark.parametrize(
    ("args", "zh_words", "en_words"),
    [
        (["score", "x.csv", "--bogus"], ["没有这个选项：--bogus"], ["No such option: --bogus"]),
        (["score", "x.csv", "--formt", "json"], ["没有这个选项：--formt", "--format"], ["--formt", "--format"]),
        (["scor"], ["没有这个命令：scor", "是不是要输入 score？"], ["No such command: scor", "Did you mean score?"]),
        (["score"], ["缺少参数", "files"], ["Missing argument", "files"]),
        (["score", "x.csv", "--format", "xml"], ["--format", "的值无效", "'xml' 不是可选的值", "'json'"],
         ["Invalid value for", "--format", "'xml' is not one of"]),
        (["score", "x.csv", "y.csv", "--period"], ["选项 --period 需要一个值"], ["Option --period requires a value"]),
        (["roles", "extra"], ["多余的参数：extra"], ["unexpected extra arguments: extra"]),
    ],
)
def test_usage_errors_speak_the_language(runner, app, args, zh_words, en_words):
    """Click's own usage errors (unknown option or command, missing argument, bad choice, extra
    arguments) in zh and en, exit 2, with the panel title and the help hint in the same language."""
    for lang, words, title, hint in (("zh", zh_words, "错误", "查看帮助"), ("en", en_words, "Error", "for help")):
        res = runner.invoke(app, args, env={"KPI_LANG": lang})
        assert res.exit_code == 2, (lang, res.stdout, res.stderr)
        err = " ".join(res.stderr.split())
        for word in words:
            assert word.lower() in err.lower(), (lang, word, err)
        assert title in err and hint in err, err
        if lang == "zh":
            assert "No such" not in err and "Missing" not in err and "Invalid value" not in err, err
