"""Models of internal (being built)."""
