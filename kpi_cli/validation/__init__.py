"""Validate: a dataset's period chosen and its months combined (`aggregate`), and the report of `kpi validate` (`validate`)."""
