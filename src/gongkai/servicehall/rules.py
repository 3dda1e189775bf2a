"""The rules of ratings and their rectification, as pure functions (no database, no clock).

- A rating of 不满意 or 非常不满意 (``BAD_LEVELS``) opens a rectification case.
- The case must be closed (verified, then rectified or found not substantiated) within
  ``rectify_days()`` working days counted from the day after the rating: weekends and
  statutory holidays do not count, 调休 make-up days do (``casework.clock.due_date`` over a
  ``workdays`` calendar). A date in a year whose calendar is not entered raises
  ``CalendarMissing``; the case then waits for its due date (``jobs.refresh_due_dates``).
- The satisfaction rate is (非常满意 + 满意 + 基本满意) / all ratings.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai.casework.clock import due_date, working_days_left
from gongkai.servicehall.models import BAD_LEVELS, GOOD_LEVELS
from gongkai.workdays.calendar import Calendar

# UNVERIFIED: the period in which a bad rating must be verified and rectified. 10 working days
# is the default this project was asked for; the national 好差评 opinion (国办发〔2019〕51号)
# is believed to set such a period, but its text was not checked and RULES.md has no entry.
# Each place sets its own with ``GONGKAI_RATING_RECTIFY_DAYS``.
DEFAULT_RECTIFY_DAYS = 10

# Reminders to the people handling a case: 2 working days before the due date and on it;
# once overdue, one more (each once per due date, see ``jobs``).
REMINDER_DAYS_BEFORE = 2


def rectify_days() -> int:
    """The time limit of a new case in working days (``GONGKAI_RATING_RECTIFY_DAYS``)."""
    days = int(getattr(settings, "GONGKAI_RATING_RECTIFY_DAYS", DEFAULT_RECTIFY_DAYS))
    if days < 1:
        raise ValueError("GONGKAI_RATING_RECTIFY_DAYS must be at least 1")
    return days


def is_bad(level: str) -> bool:
    """不满意 and 非常不满意 are bad ratings (差评)."""
    return level in BAD_LEVELS


def is_good(level: str) -> bool:
    """非常满意, 满意 and 基本满意 count as satisfied in the satisfaction rate."""
    return level in GOOD_LEVELS


def rectification_due(*, rated_on: dt.date, days: int, calendar: Calendar) -> dt.date:
    """The last day to close the case of a bad rating given on ``rated_on``: ``days``
    working days counted from the day after. Raises ``CalendarMissing`` when the calendar
    does not reach that far."""
    return due_date(start=rated_on, days=days, calendar=calendar).due


def days_left(*, today: dt.date, due: dt.date, calendar: Calendar) -> int:
    """Working days from ``today`` to ``due``: 0 on the due date, negative when late."""
    return working_days_left(calendar, today, due)


def is_overdue(*, due: dt.date | None, closed_on: dt.date | None, today: dt.date) -> bool:
    """An open case past its due date."""
    return closed_on is None and due is not None and today > due


def satisfaction_rate(good: int, total: int) -> float | None:
    """(非常满意 + 满意 + 基本满意) / all ratings; None when nobody rated."""
    return good / total if total else None
