"""The role catalogue: the model, its YAML loader and checker, and the built-in data."""

from kpi_cli.catalogue.loader import BUILTIN_FILE, check_catalogue, load_catalogue
from kpi_cli.catalogue.model import Catalogue, Department, Dimension, GradeBand, Measure, Quota, Role

__all__ = [
    "BUILTIN_FILE",
    "Catalogue",
    "Department",
    "Dimension",
    "GradeBand",
    "Measure",
    "Quota",
    "Role",
    "check_catalogue",
    "load_catalogue",
]
