"""The daily job of solicitations (``gongkai tick``)."""

from __future__ import annotations

import datetime as dt

from gongkai.solicitation.services import solicitations_close_due


def close_due(now: dt.datetime) -> str:
    """Close the published solicitations whose last day has passed (idempotent)."""
    return f"{solicitations_close_due(now=now)} closed"
