"""Models of notices (being built)."""
