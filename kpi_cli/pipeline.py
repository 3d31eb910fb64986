"""read → validate → score in one call: what `kpi score` and `kpi export` run."""

from __future__ import annotations

from pathlib import Path

from kpi_cli.aggregate import fit_to_period, infer_period
from kpi_cli.catalogue.model import Catalogue
from kpi_cli.dataset import Dataset
from kpi_cli.scoring import ScoreResult, score


def read_dataset(paths: list[Path | str], catalogue: Catalogue, encoding: str | None = None) -> Dataset:
    from kpi_cli.readers import read_inputs

    return read_inputs([Path(p) for p in paths], catalogue, encoding=encoding)


def score_dataset(
    dataset: Dataset,
    catalogue: Catalogue,
    period: str | None = None,
    strict: bool = False,
) -> ScoreResult:
    """Score a dataset for ``period`` (or the period it names), combining monthly files."""
    chosen = infer_period(dataset, period)
    fitted = fit_to_period(dataset, chosen, catalogue, strict=strict)
    return score(
        fitted.records,
        fitted.values,
        catalogue,
        chosen,
        invalid=fitted.invalid,
        problems=fitted.problems,
        inputs=fitted.files,
        months=fitted.months,
    )


def score_files(
    paths: list[Path | str],
    catalogue: Catalogue,
    period: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
) -> ScoreResult:
    """Read the files and score them: the library twin of `kpi score`."""
    return score_dataset(read_dataset(paths, catalogue, encoding), catalogue, period, strict)
