"""Demo data of solicitation (being built)."""

from __future__ import annotations


def build_solicitation() -> None:
    """Build the demo solicitation data once (nothing yet)."""
    return None
