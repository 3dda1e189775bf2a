"""Models of hotline (being built)."""
