"""Demo data of topics (being built)."""

from __future__ import annotations


def build_topics() -> None:
    """Build the demo topics data once (nothing yet)."""
    return None
