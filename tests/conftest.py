"""Shared fixtures: the built-in catalogue (loaded once) and a CLI runner with stdout/stderr apart."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from kpi_cli.catalogue import load_catalogue


# CI runs the property tests with a fixed seed so that a green run is repeatable; locally they
# explore new examples on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


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
