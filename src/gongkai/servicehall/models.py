"""Models of servicehall (being built)."""
