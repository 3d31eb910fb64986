"""Shared fixtures: the built-in catalogue (loaded once) and a CLI runner with stdout/stderr apart."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings
from typer.testing import CliRunner

# Messages are strict under the tests: a missing key or a message that does not format raises
# (kpi_cli.i18n.strict), so the test that shows it fails; users get the fallback text instead.
# Set before kpi_cli is imported, and inherited by the kpi processes the tests start.
os.environ["KPI_STRICT_MESSAGES"] = "1"

from kpi_cli.catalogue import load_catalogue  # noqa: E402


# CI runs the property tests with a fixed seed so that a green run is repeatable; locally they
# explore new examples on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


class CheckedRunner(CliRunner):
    """A CliRunner that fails the test when kpi crashes instead of reporting: a crash exits 3
    (INTERNAL_ERROR_EXIT), which a test expecting "not 0" or comparing against 1 or 2 might
    otherwise let through, and says "internal error"."""

    def invoke(self, *args, **kwargs):
        from kpi_cli.errors import INTERNAL_ERROR_EXIT

        result = super().invoke(*args, **kwargs)
        stderr = getattr(result, "stderr", "") if result.stderr_bytes is not None else ""
        text = (result.stdout or "") + (stderr or "")
        assert "internal error" not in text and "Traceback" not in text, text[-2000:]
        assert result.exit_code != INTERNAL_ERROR_EXIT, text[-2000:]
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        return result


@pytest.fixture
def runner():
    try:
        return CheckedRunner(mix_stderr=False)
    except TypeError:  # Click ≥ 8.2 keeps stderr apart already
        return CheckedRunner()


@pytest.fixture
def app():
    from kpi_cli.cli import app

    return app
