"""`python -m kpi_cli` runs the kpi command."""

from kpi_cli.cli import main

main()
