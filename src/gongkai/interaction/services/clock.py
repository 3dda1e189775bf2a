"""Keeping a letter's stored due date equal to the rules (``interaction.rules``)."""

from __future__ import annotations

from gongkai.casework.calendars import calendar_for
from gongkai.casework.clock import DueDate
from gongkai.interaction import rules
from gongkai.interaction.models import CLOCK_STATUSES, Message, TimeLimit
from gongkai.workdays.calendar import CalendarMissing


def agency_limits(agency) -> dict[str, int]:
    return dict(TimeLimit.objects.filter(agency=agency).values_list("kind", "working_days"))


def limit_for(message: Message) -> int:
    return rules.time_limit(message.kind, agency_limits(message.agency))


def current_due(message: Message) -> DueDate | None:
    """The due date as the rules say now; None when the letter's clock does not run or the
    calendar does not reach the due date yet."""
    if message.clock_start is None or message.status not in CLOCK_STATUSES:
        return None
    try:
        return rules.message_due(
            start=message.clock_start,
            days=message.time_limit_days,
            extension_days=message.extension_days,
            calendar=calendar_for(message.clock_start),
        )
    except CalendarMissing:
        return None


def refresh_clock(message: Message) -> None:
    """Store the due date (call inside the transaction that changed the letter). A letter
    whose clock has stopped (replied, not accepted, merged) keeps the due date it had, so
    the figures can tell whether the reply was on time."""
    if message.status not in CLOCK_STATUSES:
        return
    state = current_due(message)
    due = state.due if state else None
    if due != message.due_date:
        message.due_date = due
        if message.pk:
            Message.objects.filter(pk=message.pk).update(due_date=due)
