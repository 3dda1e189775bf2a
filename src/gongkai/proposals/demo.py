"""Demo data of proposals (being built)."""

from __future__ import annotations


def build_proposals() -> None:
    """Build the demo proposals data once (nothing yet)."""
    return None
