"""Reminders before a due date and escalation once it has passed, for the daily tick.

Used by ``applications.jobs`` and ``interaction.jobs``. ``reminder_kinds`` says which
reminders a case has earned with ``left`` working days to go; ``run_reminders`` walks the open
cases with a due date and hands each earned reminder, not yet sent for that due date, to the
app's ``send_once`` (which records it and queues the e-mail). The app keeps the record
(``ReminderSent`` unique per case, kind and due date), so a tick run twice sends nothing new,
a skipped day still sends what is due, and a moved due date earns fresh reminders.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Sequence

from django.utils import timezone

from gongkai.casework.calendars import calendar_for
from gongkai.casework.clock import working_days_left
from gongkai.workdays.calendar import Calendar, CalendarMissing

log = logging.getLogger(__name__)


def reminder_kinds(
    left: int, late: bool, thresholds: Iterable[tuple[int, str]], *, overdue: Sequence[str] = ()
) -> list[str]:
    """The reminders due with ``left`` working days to go.

    ``late`` (past the due date): every kind in ``overdue``. Otherwise the kind of the
    smallest threshold that ``left`` has reached (``((5, "due_in_5"), (2, "due_in_2"))`` gives
    ``due_in_2`` with 1 day left, ``due_in_5`` with 4), or nothing.
    """
    if late:
        return list(overdue)
    for days, kind in sorted(thresholds, key=lambda threshold: threshold[0]):
        if left <= days:
            return [kind]
    return []


def run_reminders(
    *,
    now: dt.datetime,
    cases: Iterable,
    already_sent: set,
    send_once: Callable[[object, str, int], bool],
    kinds_for: Callable[[int, bool], list[str]],
) -> int:
    """Send the reminders the ``cases`` have earned today; returns how many were sent.

    Each case has ``.pk`` and ``.due_date``. The working days left are counted with a
    calendar for today (a case whose due date lies in a year not entered is logged and
    skipped); ``kinds_for(left, late)`` names the reminders; those in ``already_sent`` (a set
    of ``(pk, kind, due_date)``) are skipped; ``send_once(case, kind, left)`` sends one and
    returns False when another run got there first.
    """
    today = timezone.localdate(now)
    calendar: Calendar | None = None
    sent = 0
    for case in cases:
        due = case.due_date
        try:
            if calendar is None:
                calendar = calendar_for(today)
            left = working_days_left(calendar, today, due)
        except CalendarMissing:
            log.warning("No calendar to count the days to %s of %s", due, case)
            continue
        for kind in kinds_for(left, today > due):
            if (case.pk, kind, due) in already_sent:
                continue
            if send_once(case, kind, left):
                sent += 1
    return sent
