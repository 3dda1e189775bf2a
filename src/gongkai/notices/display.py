"""What the pages, the print version and the API say about a notice's period on a given day:
the phase, the days left (working or natural), and the counting rule in words. Reads the
working-day calendar; a year that is not entered leaves the days left unknown (``None``)
rather than guessed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.casework.calendars import calendar_for
from gongkai.notices.models import Counting, Notice
from gongkai.notices.rules import Phase, counted_days, days_remaining, phase_of
from gongkai.workdays.calendar import CalendarMissing


@dataclass(frozen=True)
class PeriodFacts:
    phase: Phase
    days_left: int | None  # today included where it counts; None: calendar not entered
    today_counts: bool  # today is a day of the kind counted (always so for natural days)
    length: int | None  # the days of the kind counted from first to last day

    @property
    def in_period(self) -> bool:
        return self.phase == Phase.IN_PERIOD

    @property
    def over(self) -> bool:
        return self.phase in (Phase.OVER, Phase.RESULT, Phase.CLOSED)


def period_facts(notice: Notice, today: dt.date) -> PeriodFacts:
    current = phase_of(notice, today)
    calendar = calendar_for(min(today, notice.starts_on))
    try:
        left = days_remaining(notice.counting, notice.starts_on, notice.ends_on, today, calendar)
        length = counted_days(notice.starts_on, notice.ends_on, notice.counting, calendar)
        today_counts = notice.counting == Counting.NATURAL or calendar.is_working_day(today)
    except CalendarMissing:
        left, length, today_counts = None, None, notice.counting == Counting.NATURAL
    return PeriodFacts(phase=current, days_left=left, today_counts=today_counts, length=length)


def counting_rule(counting: str) -> str:
    """The counting rule as the notice states it."""
    if counting == Counting.WORKING:
        return _(
            "The period is counted in working days: the first day counts if it is a working "
            "day; weekends and statutory holidays do not count, make-up working days do."
        )
    return _(
        "The period is counted in natural days: the first and the last day both count, "
        "weekends and holidays included."
    )
