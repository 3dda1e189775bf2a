"""Demo data of internal (being built)."""

from __future__ import annotations


def build_internal() -> None:
    """Build the demo internal data once (nothing yet)."""
    return None
