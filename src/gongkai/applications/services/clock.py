"""Keeping the stored clock of an application equal to ``compute_clock`` of its events.

``calendar_for`` lives in ``casework.calendars`` (letters use it too) and is exported here
under its old name.
"""

from __future__ import annotations

from django.conf import settings

from gongkai.applications.clock import ClockInput, ClockState, Pause, compute_clock
from gongkai.applications.models import Application
from gongkai.casework.calendars import calendar_for
from gongkai.workdays.calendar import Calendar, CalendarMissing

__all__ = ["calendar_for", "clock_input", "current_clock", "refresh_clock"]


def clock_input(application: Application) -> ClockInput:
    correction = getattr(application, "correction", None) if application.pk else None
    pauses: list[Pause] = []
    for c in application.consultations.all():
        # The pause ends with the reply, but never after the reply period: a late reply does
        # not stop the answer period for longer than the law allows (Arts. 32, 34).
        end = c.replied_on or c.reply_due
        if c.replied_on and c.reply_due and c.reply_due < c.replied_on:
            end = c.reply_due
        if end is not None:
            pauses.append(Pause(c.sent_on, end, c.party))
    if getattr(settings, "GONGKAI_FEE_NOTICE_PAUSES_CLOCK", False):
        fee = getattr(application, "fee", None)
        if fee is not None:
            end = fee.paid_on or fee.lapsed_on or fee.pay_by
            if end is not None:
                pauses.append(Pause(fee.sent_on, end, "fee"))
    extension = getattr(application, "extension", None)
    return ClockInput(
        received_on=application.received_on,
        supplemented_on=correction.supplemented_on if correction else None,
        # A lapsed 补正 leaves the clock stopped for good: the application is deemed abandoned
        # (Art. 30), so no answer period runs from the original receipt.
        correction_pending=bool(correction and correction.supplemented_on is None),
        pauses=tuple(pauses),
        extension_days=extension.days if extension and extension.approved_on else 0,
        count_start_day=getattr(settings, "GONGKAI_COUNT_START_DAY", False),
    )


def current_clock(application: Application, calendar: Calendar | None = None) -> ClockState:
    """The clock as the events say now (raises CalendarMissing when the due date falls in a
    year whose calendar is not entered yet)."""
    data = clock_input(application)
    return compute_clock(data, calendar or calendar_for(data.received_on))


def refresh_clock(application: Application) -> ClockState | None:
    """Recompute and store ``clock_start``, ``due_date`` and ``paused_working_days``.

    Call inside the transaction that changed an event. When the calendar does not reach the
    due date yet, the due date is left empty (the daily tick fills it once the year is
    entered) and None is returned.
    """
    try:
        state = current_clock(application)
    except CalendarMissing:
        state = None
    start = state.start if state else application.received_on
    due = state.due_date if state else None
    paused = state.paused_working_days if state else application.paused_working_days
    if (application.clock_start, application.due_date, application.paused_working_days) != (
        start,
        due,
        paused,
    ):
        application.clock_start, application.due_date, application.paused_working_days = (
            start,
            due,
            paused,
        )
        if application.pk:
            Application.objects.filter(pk=application.pk).update(
                clock_start=start, due_date=due, paused_working_days=paused
            )
    return state
