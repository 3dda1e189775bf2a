"""Demo data of services (being built)."""

from __future__ import annotations


def build_services() -> None:
    """Build the demo services data once (nothing yet)."""
    return None
