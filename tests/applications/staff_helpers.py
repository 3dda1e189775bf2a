"""Shared by the staff-screen tests: a fixed "today" for views and services alike, a valid
resident ID number, and cases taken through the real services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.catalog.privacy import ID_CHECK_CHARS, ID_WEIGHTS

D = dt.date.fromisoformat


def valid_id(body17: str = "11010519850612123") -> str:
    total = sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True))
    return body17 + ID_CHECK_CHARS[total % 11]


FULL_ID = valid_id()  # 110105198506121234-like, with a correct check character
MASKED_ID = FULL_ID[:3] + "*" * 12 + FULL_ID[-3:]


def freeze_today(monkeypatch, day: dt.date | str) -> dt.date:
    """Make ``timezone.now()`` a time on ``day`` and ``timezone.localdate()`` return ``day``
    (views and services alike)."""
    if isinstance(day, str):
        day = D(day)
    real = timezone.localdate
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))
    real_now = timezone.now
    offset = real_now() - start

    def now():
        return real_now() - offset  # runs on from 09:00 of ``day``

    def localdate(value=None, timezone=None):
        return day if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.now", now)
    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return day


@pytest.fixture
def today_0326(monkeypatch):
    return freeze_today(monkeypatch, "2026-03-26")
