"""Models of proposals (being built)."""
