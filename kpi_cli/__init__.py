"""kpi: score a period's KPI figures against a catalogue of roles, with Excel and HTML reports.

Use it as a library too, with the same numbers as the command line::

    from kpi_cli import load_catalogue, parse_period
    from kpi_cli.scoring import score
"""

__version__ = "0.1.0"

from kpi_cli.catalogue import load_catalogue  # noqa: E402  (light: PyYAML only)
from kpi_cli.periods import parse_period  # noqa: E402

__all__ = ["__version__", "load_catalogue", "parse_period"]
