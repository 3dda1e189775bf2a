"""Demo data of notices (being built)."""

from __future__ import annotations


def build_notices() -> None:
    """Build the demo notices data once (nothing yet)."""
    return None
