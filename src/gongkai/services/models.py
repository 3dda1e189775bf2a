"""Models of services (being built)."""
