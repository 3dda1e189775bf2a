"""Dates as Chinese official documents write them (GB/T 9704: no leading zeros)."""

from __future__ import annotations

import datetime as dt


def format_cn_date(value: dt.date | dt.datetime | None) -> str:
    """2026年5月15日 — the form used in letters, reports and metadata tables."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"
