"""Demo data of hotline (being built)."""

from __future__ import annotations


def build_hotline() -> None:
    """Build the demo hotline data once (nothing yet)."""
    return None
