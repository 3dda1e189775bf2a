"""How pressing a case's due date is, for the staff queues on the workbench.

Used by the staff lists and case pages of ``applications`` and ``interaction``:
``urgency(due_date, today, calendar)`` gives the CSS class of a row (``overdue``, ``due2`` on
the last 2 working days, ``due5`` within 5, ``normal``, ``unknown`` without a due date or when
the calendar does not reach it); ``due_urgency`` gives the same class with the words that say
it (the colour is never the only signal) and the working days left. Each app adds its own
states before these (closed, waiting for the applicant …).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.casework.clock import working_days_left
from gongkai.workdays.calendar import Calendar, CalendarMissing
from gongkai.workdays.selectors import load_calendar

URGENT_DAYS = 2  # orange
SOON_DAYS = 5  # yellow


@dataclass(frozen=True)
class Urgency:
    """How pressing a case is: ``level`` is the CSS modifier, ``text`` says it in words (the
    colour is never the only signal)."""

    level: str  # overdue | due2 | due5 | normal | stopped | closed | pending | unknown
    text: str
    days_left: int | None = None


def calendar_around(dates: Iterable[dt.date], today: dt.date) -> Calendar:
    """One calendar (two queries) covering today and every due date of a page."""
    years = {today.year, today.year + 1} | {d.year for d in dates}
    return load_calendar(range(min(years), max(years) + 1))


def due_urgency(due_date: dt.date | None, today: dt.date, calendar: Calendar) -> Urgency:
    """The urgency of a running clock with this due date, in words."""
    if due_date is None:
        return Urgency("unknown", _("No due date yet"))
    try:
        left = working_days_left(calendar, today, due_date)
    except CalendarMissing:
        if due_date < today:
            return Urgency("overdue", _("Overdue"))
        return Urgency("unknown", _("Due date beyond the entered calendar"))
    if today > due_date:
        n = -left
        if n == 0:  # due on a working day, today a rest day after it
            return Urgency("overdue", _("Overdue"), 0)
        return Urgency(
            "overdue",
            ngettext("Overdue by %(n)d working day", "Overdue by %(n)d working days", n) % {"n": n},
            left,
        )
    if left == 0:
        return Urgency("due2", _("Due today"), 0)
    text = ngettext("%(n)d working day left", "%(n)d working days left", left) % {"n": left}
    if left <= URGENT_DAYS:
        return Urgency("due2", text, left)
    if left <= SOON_DAYS:
        return Urgency("due5", text, left)
    return Urgency("normal", text, left)


def urgency(due_date: dt.date | None, today: dt.date, calendar: Calendar) -> str:
    """The CSS class of a running clock with this due date (see ``due_urgency``)."""
    return due_urgency(due_date, today, calendar).level
