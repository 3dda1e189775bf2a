"""Models of topics (being built)."""
