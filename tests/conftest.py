"""Shared fixtures: the built-in catalogue (loaded once) and a CLI runner with stdout/stderr apart."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kpi_cli.catalogue import load_catalogue


@pytest.fixture(scope="session")
def catalogue():
    return load_catalogue()


@pytest.fixture
def runner():
    try:
        return CliRunner(mix_stderr=False)
    except TypeError:  # Click ≥ 8.2 keeps stderr apart already
        return CliRunner()


@pytest.fixture
def app():
    from kpi_cli.cli import app

    return app
