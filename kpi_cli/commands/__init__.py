"""The Typer commands of kpi, one module each; cli.py puts them together."""
