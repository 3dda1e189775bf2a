"""The daily job of notices (``gongkai tick``). Phases follow from the dates, so no state
changes at midnight; only the search index must learn of notices published ahead."""

from __future__ import annotations

import datetime as dt

from gongkai.notices.services import notices_index_started


def index_started(now: dt.datetime) -> str:
    """Index the notices whose period began (idempotent)."""
    return f"{notices_index_started(now=now)} indexed"
