"""Score: figures → points → totals → grades (`engine`), role changes, pay and calibration, explanations, and read → validate → score in one call (`pipeline`)."""
