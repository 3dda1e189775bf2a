"""The working-day calendar a case needs, loaded from the ``workdays`` tables.

Used by ``applications`` and ``interaction`` (clocks, reminders, queues): ``calendar_for``
loads the entered years around a case's start, so the due date can be counted; a year that is
not entered stays missing and the arithmetic raises ``CalendarMissing``, never guesses.
"""

from __future__ import annotations

import datetime as dt

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.selectors import load_calendar


def calendar_for(start: dt.date | None, *, years_ahead: int = 2) -> Calendar:
    """The calendar years a case starting on ``start`` can reach (those that are entered):
    the year before ``start`` up to ``years_ahead`` years after it."""
    if start is None:
        return load_calendar([])
    wanted = range(start.year - 1, start.year + years_ahead + 1)
    known = set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    return load_calendar(sorted(known))
