"""Reads of the working-day calendar, and working-day arithmetic backed by the database.

Nothing is kept in process memory: every call loads the years it needs (two queries per load),
so a year edited in one app process is used by every other process at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from gongkai.workdays.calendar import Calendar, CalendarMissing
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind

# How many years past the start an add_working_days walk loads at once.
LOOKAHEAD_YEARS = 2


def load_calendar(years: Iterable[int]) -> Calendar:
    """A Calendar of those of ``years`` that have data (two queries)."""
    wanted = sorted(set(years))
    known = list(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True))
    rest: list[dt.date] = []
    make_up: list[dt.date] = []
    names: dict[dt.date, str] = {}
    if known:
        for date, kind, name in CalendarDay.objects.filter(year_id__in=known).values_list(
            "date", "kind", "name"
        ):
            (make_up if kind == DayKind.WORKDAY else rest).append(date)
            if name:
                names[date] = name
    return Calendar.build(years=known, rest_days=rest, make_up_days=make_up, names=names)


def _count_start_day(value: bool | None) -> bool:
    return settings.GONGKAI_COUNT_START_DAY if value is None else value


def is_working_day(d: dt.date) -> bool:
    """Raises CalendarMissing when the year of ``d`` has no data."""
    return load_calendar([d.year]).is_working_day(d)


def add_working_days(start: dt.date, n: int, *, count_start_day: bool | None = None) -> dt.date:
    """``start`` + ``n`` working days; ``count_start_day`` defaults to
    ``settings.GONGKAI_COUNT_START_DAY``. Raises CalendarMissing when the walk reaches a year
    without data."""
    count_start = _count_start_day(count_start_day)
    tried: set[int] = set()
    first = start.year
    while True:
        tried.update(range(first, first + LOOKAHEAD_YEARS + 1))
        calendar = load_calendar(tried)
        try:
            return calendar.add_working_days(start, n, count_start_day=count_start)
        except CalendarMissing as exc:
            if exc.year in tried:
                raise
            first = exc.year  # the walk went past what was loaded: load further and retry


def next_working_day(d: dt.date) -> dt.date:
    """The first working day strictly after ``d``."""
    return add_working_days(d, 1, count_start_day=False)


def count_working_days(a: dt.date, b: dt.date, *, count_start_day: bool | None = None) -> int:
    """Working days d with a < d <= b (a <= d <= b when the start day counts); 0 if none."""
    count_start = _count_start_day(count_start_day)
    if b < a:
        return 0
    return load_calendar(range(a.year, b.year + 1)).count_working_days(
        a, b, count_start_day=count_start
    )


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    is_working_day: bool
    kind: str  # a DayKind value, or "" for an ordinary weekday or weekend day
    name: str


def day_info(d: dt.date) -> DayInfo:
    """What the calendar says about one date (raises CalendarMissing)."""
    calendar = load_calendar([d.year])
    working = calendar.is_working_day(d)
    if d in calendar.make_up_days:
        kind = DayKind.WORKDAY.value
    elif d in calendar.rest_days:
        kind = DayKind.HOLIDAY.value
    else:
        kind = ""
    return DayInfo(date=d, is_working_day=working, kind=kind, name=calendar.name_of(d))


def years_overview() -> QuerySet[CalendarYear]:
    """Every year with data, newest first, with counts of rest weekdays and make-up days."""
    return CalendarYear.objects.select_related("updated_by").annotate(
        holiday_count=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        rest_weekday_count=Count(
            "days", filter=Q(days__kind=DayKind.HOLIDAY, days__date__week_day__in=[2, 3, 4, 5, 6])
        ),
        make_up_count=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
    )


def year_days(year: int) -> list[CalendarDay]:
    return list(CalendarDay.objects.filter(year_id=year).order_by("date"))


def missing_calendar_warning(today: dt.date) -> str | None:
    """A warning for staff when this year's calendar is missing, or next year's is missing
    from ``settings.GONGKAI_CALENDAR_WARN_FROM`` (1 November) on; otherwise None."""
    known = set(
        CalendarYear.objects.filter(year__in=[today.year, today.year + 1]).values_list(
            "year", flat=True
        )
    )
    if today.year not in known:
        return gettext(
            "The holiday arrangement for %(year)s has not been entered: deadlines in that year "
            "cannot be calculated. A system administrator should enter it under “Working-day "
            "calendar” now."
        ) % {"year": today.year}
    month, day = settings.GONGKAI_CALENDAR_WARN_FROM
    if (today.month, today.day) >= (month, day) and today.year + 1 not in known:
        return gettext(
            "The holiday arrangement for %(year)s has not been entered yet. Once the General "
            "Office of the State Council publishes it, a system administrator should enter it "
            "under “Working-day calendar”; until then deadlines that reach into %(year)s "
            "cannot be calculated."
        ) % {"year": today.year + 1}
    return None
