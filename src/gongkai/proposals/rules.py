"""Date rules of proposals: pure functions over dates, settings passed in or read by name.

The 3-month handling period (办理期限) is local practice, not national law: most places ask for
a reply within three months of the assignment (交办), and one month for a second handling after
a 不满意. Both are settings (``GONGKAI_PROPOSAL_DEFAULT_MONTHS``, default 3;
``GONGKAI_PROPOSAL_REHANDLE_MONTHS``, default 1) and only give the default that the office may
change on each proposal.
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt

from django.conf import settings

from gongkai.workdays.calendar import Calendar, CalendarMissing

DEFAULT_MONTHS = 3  # local practice: 自交办之日起三个月内答复
REHANDLE_MONTHS = 1  # local practice: 重新办理的, 一个月内再次答复
REMIND_WORKING_DAYS = 10  # the handler is reminded this many working days before the deadline


def default_months() -> int:
    return int(getattr(settings, "GONGKAI_PROPOSAL_DEFAULT_MONTHS", DEFAULT_MONTHS))


def rehandle_months() -> int:
    return int(getattr(settings, "GONGKAI_PROPOSAL_REHANDLE_MONTHS", REHANDLE_MONTHS))


def remind_working_days() -> int:
    return int(getattr(settings, "GONGKAI_PROPOSAL_REMIND_DAYS", REMIND_WORKING_DAYS))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later; the month's last day when it has no such day
    (30 November + 3 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = _calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def deadline_after(start: dt.date, months: int, calendar: Calendar | None = None) -> dt.date:
    """``months`` after ``start``; moved to the next working day when it falls on a weekend
    or holiday and the calendar of that year is entered (otherwise left as it is: the office
    sees the date and may change it)."""
    due = add_months(start, months)
    if calendar is not None:
        try:
            if not calendar.is_working_day(due):
                due = calendar.next_working_day(due)
        except CalendarMissing:
            pass
    return due


def working_days_left(today: dt.date, deadline: dt.date, calendar: Calendar) -> int:
    """Working days from ``today`` to ``deadline`` (negative: working days late). Raises
    ``CalendarMissing`` when the calendar does not reach the dates."""
    if today <= deadline:
        return calendar.count_working_days(today, deadline)
    return -calendar.count_working_days(deadline, today)


def reminders_due(today: dt.date, deadline: dt.date, calendar: Calendar, remind_days: int):
    """The reminder kinds due today: "overdue" after the deadline, "due_soon" within
    ``remind_days`` working days of it, nothing before."""
    if today > deadline:
        return ["overdue"]
    if working_days_left(today, deadline, calendar) <= remind_days:
        return ["due_soon"]
    return []
