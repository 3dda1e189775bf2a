"""Demo data of interviews (being built)."""

from __future__ import annotations


def build_interviews() -> None:
    """Build the demo interviews data once (nothing yet)."""
    return None
