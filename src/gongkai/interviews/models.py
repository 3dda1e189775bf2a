"""Models of interviews (being built)."""
