"""Demo data of servicehall (being built)."""

from __future__ import annotations


def build_servicehall() -> None:
    """Build the demo servicehall data once (nothing yet)."""
    return None
