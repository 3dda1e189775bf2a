"""The time limits of letters, as settings and pure functions (RULES.md §4.2).

No national reply deadline exists for mailboxes and hotlines; local rules differ. The defaults
follow the local 12345 rules RULES.md cites: 咨询 and 求助 within 3 working days, suggestions,
complaints, reports (and praise) within 13 working days, counted from the day after acceptance
(``count_start_day=False``). ``settings.GONGKAI_MESSAGE_TIME_LIMITS`` replaces the defaults per
type for the whole site; an agency's own ``TimeLimit`` rows replace them for that agency.
An extension needs a 领导's approval; how long it may be is local practice too (UNVERIFIED: no
source names a maximum), so ``settings.GONGKAI_MESSAGE_MAX_EXTENSION_DAYS`` (default 13) caps it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.conf import settings

from gongkai.casework.clock import DueDate, due_date
from gongkai.workdays.calendar import Calendar

DEFAULT_TIME_LIMITS: dict[str, int] = {
    "inquiry": 3,
    "help": 3,
    "suggestion": 13,
    "complaint": 13,
    "report": 13,
    "praise": 13,
}
DEFAULT_MAX_EXTENSION_DAYS = 13  # UNVERIFIED local practice: a setting


def site_time_limits() -> dict[str, int]:
    limits = dict(DEFAULT_TIME_LIMITS)
    limits.update(getattr(settings, "GONGKAI_MESSAGE_TIME_LIMITS", {}) or {})
    return limits


def time_limit(kind: str, agency_limits: Mapping[str, int] | None = None) -> int:
    """Working days for a letter of ``kind``: the agency's own limit, else the site's."""
    if agency_limits and kind in agency_limits:
        return int(agency_limits[kind])
    return int(site_time_limits()[kind])


def max_extension_days() -> int:
    return int(getattr(settings, "GONGKAI_MESSAGE_MAX_EXTENSION_DAYS", DEFAULT_MAX_EXTENSION_DAYS))


def message_due(*, start: dt.date, days: int, extension_days: int, calendar: Calendar) -> DueDate:
    """The due date of a letter accepted (or reopened) on ``start``: ``days`` working days
    from the day after, plus an approved extension."""
    return due_date(
        start=start,
        days=days,
        calendar=calendar,
        extension_days=extension_days,
        count_start_day=False,
    )


def working_days_taken(start: dt.date, replied_on: dt.date, calendar: Calendar) -> int:
    """Working days from acceptance to the reply (0 when replied the same day)."""
    return calendar.count_working_days(start, replied_on)
