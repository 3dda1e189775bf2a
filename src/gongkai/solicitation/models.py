"""Models of solicitation (being built)."""
