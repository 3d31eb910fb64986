"""Exit codes: a crash (a bug in kpi) exits 3, apart from bad data (1) and wrong usage (2)."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kpi_cli.errors import INTERNAL_ERROR_EXIT


def _crash(*args, **kwargs):
    raise RuntimeError("boom <b>[red]x[/red]")


@pytest.fixture
def plain_runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # Click ≥ 8.2 keeps stderr apart already
        return CliRunner()


@pytest.fixture
def crashing(monkeypatch):
    import kpi_cli
    import kpi_cli.config

    # every command starts there. The facade first: looking its name up caches the real function,
    # which the undo then puts back (the other way round it would cache the crash for good).
    monkeypatch.setattr(kpi_cli, "resolve_settings", _crash)
    monkeypatch.setattr(kpi_cli.config, "resolve_settings", _crash)


def test_internal_error_has_its_own_exit_code():
    assert INTERNAL_ERROR_EXIT == 3


@pytest.mark.parametrize(("lang", "word"), [("en", "internal error"), ("zh", "内部错误")])
def test_a_crash_exits_3_with_one_line_and_no_traceback(plain_runner, app, crashing, lang, word):
    result = plain_runner.invoke(app, ["roles", "--lang", lang])
    assert result.exit_code == INTERNAL_ERROR_EXIT
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(word), result.stderr
    assert "RuntimeError: boom <b>[red]x[/red]" in lines[0]  # the message as it is, not as markup
    assert "kpi --debug" in lines[0] and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_crash_of_every_command_exits_3(plain_runner, app, crashing, tmp_path):
    sample = "sample_data/2026-Q3.xlsx"
    for args in (["score", sample], ["validate", sample], ["template", "buyer", "-o", str(tmp_path / "t.xlsx")],
                 ["export", sample, "--period", "2026-Q3", "-o", str(tmp_path / "out")], ["roles"],
                 ["role", "show", "buyer"], ["catalogue", "export"], ["catalogue", "check", "builtin"],
                 ["catalogue", "diff", "builtin", "builtin"]):
        result = plain_runner.invoke(app, [*args, "--lang", "en"])
        assert (result.exit_code, "internal error" in result.stderr) == (INTERNAL_ERROR_EXIT, True), args


def test_debug_shows_the_traceback_instead(plain_runner, app, crashing, monkeypatch):
    from kpi_cli.commands import _common

    monkeypatch.setitem(_common.STATE, "debug", False)
    result = plain_runner.invoke(app, ["--debug", "roles"])
    assert isinstance(result.exception, RuntimeError)


def test_bad_data_and_wrong_usage_keep_1_and_2(runner, app):
    assert runner.invoke(app, ["score", "sample_data/2026-Q3-mistakes.xlsx", "--lang", "en"]).exit_code == 1
    assert runner.invoke(app, ["role", "show", "no_such_role", "--lang", "en"]).exit_code == 2


def test_a_crash_outside_a_command_exits_3(monkeypatch, capsys):
    """main() catches what escapes the commands' own handler (an option callback, the app itself)."""
    import kpi_cli.cli as cli

    monkeypatch.setattr(cli, "app", _crash)
    monkeypatch.setitem(cli._common.STATE, "debug", False)
    import signal

    before = signal.getsignal(signal.SIGINT)  # main() installs kpi's Ctrl-C handler for the process
    try:
        with pytest.raises(SystemExit) as exc:
            cli.main()
    finally:
        signal.signal(signal.SIGINT, before)
    assert exc.value.code == INTERNAL_ERROR_EXIT
    err = capsys.readouterr().err
    assert "RuntimeError: boom" in err and "Traceback" not in err


def test_the_checked_runner_fails_a_test_on_a_crash(runner, app, crashing):
    with pytest.raises(AssertionError, match="internal error"):
        runner.invoke(app, ["roles", "--lang", "en"])

