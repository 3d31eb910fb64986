"""Validation: read the input files, check them against the catalogue, report counts and located problems.

``validate_files(paths, catalogue)`` is what `kpi validate` runs; as a library call it gives the
same report: ``valid`` (no errors; warnings allowed), counts (files, sheets, data rows, people
and their status), every problem, and the Dataset that was read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from kpi_cli.catalogue.model import Catalogue
from kpi_cli.readers.dataset import Dataset
from kpi_cli.input_formats import XLSX
from kpi_cli.periods import parse_period
from kpi_cli.problems import Problem, has_errors
from kpi_cli.scoring.engine import STATUSES, score

# Status does not depend on the period (blanks, bad cells and coverage decide it); any will do.
_ANY_PERIOD = "2026-Q3"


@dataclass
class ValidationReport:
    valid: bool
    counts: dict[str, int]
    problems: list[Problem]
    dataset: Dataset
    records: pd.DataFrame = field(default_factory=pd.DataFrame)  # the dataset's records with status and coverage
    raters: list[dict[str, Any]] = field(default_factory=list)  # per rated measure: employees, raters, types, missing

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def to_dict(self) -> dict[str, Any]:
        """The report as plain JSON-ready data (the `kpi validate --format json` contract)."""
        recs = []
        if len(self.records):
            cols = ["employee_id", "name", "department", "role", "role_label", "period", "file", "sheet", "row",
                    "status", "coverage"]
            frame = self.records[cols]
            for rec in frame.itertuples(index=False):
                recs.append(
                    {
                        "employee_id": _plain(rec.employee_id),
                        "name": _plain(rec.name),
                        "department": _plain(rec.department),
                        "role": _plain(rec.role),
                        "role_label": _plain(rec.role_label),
                        "period": _plain(rec.period),
                        "file": _plain(rec.file),
                        "sheet": _plain(rec.sheet),
                        "row": int(rec.row),
                        "status": rec.status,
                        "coverage": None if pd.isna(rec.coverage) else round(float(rec.coverage), 4),
                    }
                )
        return {
            "valid": self.valid,
            "counts": dict(self.counts),
            "files": [
                {
                    "path": f.path,
                    "name": f.name,
                    "sha256": f.sha256,
                    "size": f.size,
                    "kind": f.kind,
                    "period": f.period,
                    "sheets": list(f.sheets),
                    "rows": f.rows,
                    "format": f.format,
                    "encoding": f.encoding,
                    "delimiter": f.delimiter,
                }
                for f in self.dataset.files
            ],
            "problems": [p.to_dict() for p in self.problems],
            "records": recs,
            "raters": self.raters,
        }


def _plain(v: Any) -> Any:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v if isinstance(v, (str, int, float, bool)) else str(v)


def _people(employees: pd.DataFrame) -> int:
    """People, not rows: one per employee id (a person's months and role parts are one), and each
    row without an id on its own."""
    if not len(employees):
        return 0
    ids = employees["employee_id"]
    return int(ids.dropna().astype(str).nunique() + ids.isna().sum())


def _people_by_status(employees: pd.DataFrame) -> dict[str, int]:
    """People per status, adding up to ``_people``: a person with several records (the same id
    twice) counts once, under the worst of their statuses (invalid, then incomplete, then ok)."""
    if not len(employees):
        return {s: 0 for s in STATUSES}
    ids = employees["employee_id"]
    has_id = ids.notna().to_numpy()
    person = np.empty(len(ids), dtype=np.int64)
    codes, uniques = pd.factorize(ids[has_id].astype(str))
    person[has_id] = codes
    person[~has_id] = len(uniques) + np.arange(int((~has_id).sum()))  # a row without an id: its own
    order = {"ok": 0, "incomplete": 1, "invalid": 2}
    rank = employees["status"].map(order).fillna(2).to_numpy(dtype=np.int64)
    worst = np.zeros(len(uniques) + int((~has_id).sum()), dtype=np.int64)
    np.maximum.at(worst, person, rank)
    counted = dict(zip(order, np.bincount(worst, minlength=3).tolist()))
    return {s: int(counted.get(s, 0)) for s in STATUSES}


def validate_files(
    paths: list[Path | str],
    catalogue: Catalogue,
    *,
    encoding: str | None = None,
    period: str | None = None,
) -> ValidationReport:
    """Read ``paths`` and report: valid, counts, problems, the dataset and each record's status."""
    from kpi_cli.readers import read_inputs

    dataset = read_inputs(paths, catalogue, encoding=encoding)
    return validate_dataset(dataset, catalogue, files=len(paths), period=period)


def validate_dataset(
    dataset: Dataset, catalogue: Catalogue, files: int | None = None, period: str | None = None
) -> ValidationReport:
    """The report of an already-read dataset, checked as `kpi score` would score it.

    The period is chosen and monthly files are combined exactly as `kpi score` does, so that
    period problems (a missing month, a person both in monthly and whole-period files) show
    here too. Files that name no period are checked as one period.
    """
    from kpi_cli.errors import UsageError
    from kpi_cli.scoring.pipeline import score_dataset

    try:
        result = score_dataset(dataset, catalogue, period)
    except UsageError:
        if period is not None:
            raise
        result = score(
            dataset.records,
            dataset.values,
            catalogue,
            parse_period(_ANY_PERIOD),
            invalid=dataset.invalid,
            problems=dataset.problems,
            inputs=dataset.files,
        )
        from kpi_cli.readers.raters import attach_ratings

        attach_ratings(result, dataset.ratings)
    employees = result.employees
    by_status = _people_by_status(employees)
    problems = list(result.problems)
    counts = {
        "files": files if files is not None else len(dataset.files),
        "sheets": sum(len(f.sheets) if f.kind == XLSX else (1 if f.encoding else 0) for f in dataset.files),
        "rows": int(len(dataset.records)),
        "employees": _people(employees),
        **by_status,
        "errors": sum(1 for p in problems if p.is_error),
        "warnings": sum(1 for p in problems if not p.is_error),
    }
    from kpi_cli.readers.raters import raters_per_measure

    return ValidationReport(
        valid=not has_errors(problems),
        counts=counts,
        problems=problems,
        dataset=dataset,
        records=employees,
        raters=raters_per_measure(result),
    )
