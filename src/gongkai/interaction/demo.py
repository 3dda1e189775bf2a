"""Demo data of interaction (being built)."""

from __future__ import annotations


def build_interaction() -> None:
    """Build the demo interaction data once (nothing yet)."""
    return None
