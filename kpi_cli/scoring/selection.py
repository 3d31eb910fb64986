"""Choosing what to show: a role by any of its names, a result narrowed to roles and departments.

What `kpi score --role/--department` and `kpi role show` do, for the library as well.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from kpi_cli.errors import UsageError
from kpi_cli.i18n import t

if TYPE_CHECKING:
    from kpi_cli.catalogue.model import Catalogue, Role
    from kpi_cli.scoring.engine import ScoreResult


def role_hint(catalogue: Catalogue, text: object, lang: str = "zh") -> str:
    """The roles close to ``text``, or every role's code when none is close (``Catalogue.role_hint``)."""
    return catalogue.role_hint(text, lang)


def find_role(catalogue: Catalogue, text: str, lang: str = "zh") -> Role:
    """The role whose code, Chinese or English name is ``text``; UsageError naming close ones."""
    found = catalogue.lookup(text)
    if found is None:
        raise UsageError(t("roles.unknown", lang, role=text, hint=role_hint(catalogue, text, lang)))
    return found


def filter_result(
    result: ScoreResult,
    roles: Iterable[str] | None = None,
    departments: Iterable[str] | None = None,
    lang: str = "zh",
) -> ScoreResult:
    """The result restricted to these roles (code, Chinese or English name) and departments (as
    written in the files); ranks, quotas and department totals stay as computed on everyone.

    Nothing to filter by gives ``result`` itself; an unknown role is a UsageError.
    """
    roles = list(roles or [])
    departments = list(departments or [])
    if not roles and not departments:
        return result
    import pandas as pd

    employees = result.employees
    mask = pd.Series(True, index=employees.index)
    if roles:
        codes = [find_role(result.catalogue, r, lang).code for r in roles]
        mask &= employees["role"].isin(codes)
    if departments:
        mask &= employees["department"].astype(str).isin(departments)
    return result.subset(mask)
