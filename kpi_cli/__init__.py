"""kpi: score a period's KPI figures against a catalogue of roles, with Excel and HTML reports.

Use it as a library too, with the same numbers as the command line::

    from kpi_cli import load_catalogue, parse_period
    from kpi_cli.scoring import score
"""

__version__ = "0.1.0"

__all__ = ["__version__", "load_catalogue", "parse_period"]


def __getattr__(name: str):
    # Loaded on first use, so that `kpi --help` does not import the catalogue code (~10 ms).
    import importlib

    if name == "load_catalogue":
        return importlib.import_module("kpi_cli.catalogue").load_catalogue
    if name == "parse_period":
        return importlib.import_module("kpi_cli.periods").parse_period
    if name in ("catalogue", "periods"):  # imported eagerly before: still reachable as attributes
        return importlib.import_module(f"kpi_cli.{name}")
    raise AttributeError(f"module 'kpi_cli' has no attribute {name!r}")
