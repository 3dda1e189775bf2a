"""Models of interaction (being built)."""
