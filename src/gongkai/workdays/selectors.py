"""Stub: replaced by the workdays module."""

from __future__ import annotations

import datetime as dt


def missing_calendar_warning(today: dt.date) -> str | None:
    return None
