"""read → validate → score in one call: what `kpi score` and `kpi export` run."""

from __future__ import annotations

from pathlib import Path

from kpi_cli.validation.aggregate import fit_to_period, infer_period
from kpi_cli.catalogue.model import Catalogue
from kpi_cli.readers.dataset import Dataset
from kpi_cli.scoring.engine import ScoreResult, score


def read_dataset(paths: list[Path | str], catalogue: Catalogue, encoding: str | None = None) -> Dataset:
    from kpi_cli.readers import read_inputs

    return read_inputs([Path(p) for p in paths], catalogue, encoding=encoding)


def score_dataset(
    dataset: Dataset,
    catalogue: Catalogue,
    period: str | None = None,
    strict: bool = False,
    calibrate: bool | None = None,
    roster=None,
) -> ScoreResult:
    """Score a dataset for ``period`` (or the period it names), combining monthly files.

    Then pay (kpi_cli.scoring.pay): grades calibrated to the quotas when ``calibrate`` (None: the
    catalogue's default), coefficients, and payouts from the bonus bases of the input or of
    ``roster`` (a Roster from read_roster).
    """
    from kpi_cli.scoring.pay import apply_coefficients, attach_bases
    from kpi_cli.scoring.pay import calibrate as calibrate_grades

    chosen = infer_period(dataset, period)
    fitted = fit_to_period(dataset, chosen, catalogue, strict=strict)
    records, pay_problems = attach_bases(fitted.records, roster, catalogue, fitted.problems)
    result = score(
        records,
        fitted.values,
        catalogue,
        chosen,
        invalid=fitted.invalid,
        problems=list(fitted.problems) + pay_problems,
        inputs=fitted.files,
        months=fitted.months,
    )
    from kpi_cli.readers.raters import attach_ratings

    attach_ratings(result, dataset.ratings)  # before calibration: its flags and problems go with the result
    if catalogue.pay.calibrate if calibrate is None else calibrate:
        return calibrate_grades(result)
    return apply_coefficients(result)


def score_files(
    paths: list[Path | str],
    catalogue: Catalogue,
    period: str | None = None,
    encoding: str | None = None,
    strict: bool = False,
    calibrate: bool | None = None,
    roster: Path | str | None = None,
) -> ScoreResult:
    """Read the files and score them: the library twin of `kpi score` (``roster``: a roster
    file with a 绩效工资基数 column, as `--roster`)."""
    staff = None
    if roster is not None:
        from kpi_cli.readers.roster import read_roster

        staff = read_roster(roster, catalogue)
    return score_dataset(read_dataset(paths, catalogue, encoding), catalogue, period, strict, calibrate, staff)
