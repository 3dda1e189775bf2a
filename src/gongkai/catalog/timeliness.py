"""Art. 26: information is published within 20 working days of being formed or changed."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

PUBLISH_WITHIN_WORKING_DAYS = 20


def publish_due_date(formed_on: dt.date) -> dt.date | None:
    """formed_on + 20 working days, or None when the calendar does not reach that far yet
    (the daily tick fills it in once the year's calendar is entered)."""
    from gongkai.workdays.calendar import CalendarMissing
    from gongkai.workdays.selectors import add_working_days

    days = getattr(settings, "GONGKAI_PUBLISH_WITHIN_WORKING_DAYS", PUBLISH_WITHIN_WORKING_DAYS)
    try:
        return add_working_days(formed_on, days)
    except CalendarMissing:
        return None
