"""Working-day arithmetic as pure functions over a ``Calendar`` (no database, no clock).

A working day (工作日) is Monday to Friday, minus the rest days of statutory holidays and 调休,
plus the announced 调休 make-up working days on Saturdays and Sundays. A period of "N 个工作日"
counts from the day after the start date (Civil Code Art. 201); with ``count_start_day=True``
the start date itself is day 1 when it is a working day (RULES.md §5.2 keeps this configurable).

A date in a year without calendar data is never guessed: it raises ``CalendarMissing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext

ONE_DAY = dt.timedelta(days=1)


class CalendarMissing(ValueError):
    """The holiday arrangement of ``year`` has not been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(year)

    @property
    def message(self) -> str:
        return gettext(
            "The holiday arrangement for %(year)s has not been entered, so working days cannot "
            "be calculated. Ask a system administrator to enter the arrangement published by "
            "the General Office of the State Council under “Working-day calendar”."
        ) % {"year": self.year}

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Calendar:
    """The known years, their extra rest dates and their make-up working dates.

    ``rest_days`` may contain weekend dates inside a holiday period (they change nothing);
    ``names`` maps a stored date to its holiday name, for display only.
    """

    years: frozenset[int]
    rest_days: frozenset[dt.date] = frozenset()
    make_up_days: frozenset[dt.date] = frozenset()
    names: Mapping[dt.date, str] = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def build(
        cls,
        *,
        years: Iterable[int],
        rest_days: Iterable[dt.date] = (),
        make_up_days: Iterable[dt.date] = (),
        names: Mapping[dt.date, str] | None = None,
    ) -> Calendar:
        return cls(
            years=frozenset(years),
            rest_days=frozenset(rest_days),
            make_up_days=frozenset(make_up_days),
            names=dict(names or {}),
        )

    def covers(self, year: int) -> bool:
        return year in self.years

    def require(self, d: dt.date) -> None:
        if d.year not in self.years:
            raise CalendarMissing(d.year)

    def is_working_day(self, d: dt.date) -> bool:
        self.require(d)
        if d in self.make_up_days:
            return True
        if d in self.rest_days:
            return False
        return d.weekday() < 5

    def is_make_up_day(self, d: dt.date) -> bool:
        self.require(d)
        return d in self.make_up_days

    def is_holiday(self, d: dt.date) -> bool:
        """A rest day of a holiday period (法定节假日 or 调休休息日), weekend or not."""
        self.require(d)
        return d in self.rest_days

    def name_of(self, d: dt.date) -> str:
        return self.names.get(d, "")

    def next_working_day(self, d: dt.date) -> dt.date:
        """The first working day strictly after ``d``."""
        return self.add_working_days(d, 1)

    def add_working_days(self, start: dt.date, n: int, *, count_start_day: bool = False) -> dt.date:
        """The date on which a period of ``n`` working days from ``start`` ends.

        ``start`` + 1 is the next working day after ``start``; ``n == 0`` returns ``start``.
        With ``count_start_day`` the start date is day 1 if it is a working day.
        """
        if n < 0:
            raise ValueError("n must not be negative")
        if n == 0:
            return start
        remaining = n
        if count_start_day and self.is_working_day(start):
            remaining -= 1
            if remaining == 0:
                return start
        d = start
        while remaining:
            d += ONE_DAY
            if self.is_working_day(d):
                remaining -= 1
        return d

    def count_working_days(self, a: dt.date, b: dt.date, *, count_start_day: bool = False) -> int:
        """How many working days d satisfy a < d <= b (0 when b <= a).

        With ``count_start_day`` the range is a <= d <= b (0 when b < a), so that
        ``count_working_days(a, add_working_days(a, n))`` is ``n`` under either rule for n >= 1.
        """
        d = a if count_start_day else a + ONE_DAY
        total = 0
        while d <= b:
            if self.is_working_day(d):
                total += 1
            d += ONE_DAY
        return total


# Module-level spellings, for callers that hold a Calendar and prefer functions.
def is_working_day(calendar: Calendar, d: dt.date) -> bool:
    return calendar.is_working_day(d)


def add_working_days(
    calendar: Calendar, start: dt.date, n: int, *, count_start_day: bool = False
) -> dt.date:
    return calendar.add_working_days(start, n, count_start_day=count_start_day)


def count_working_days(
    calendar: Calendar, a: dt.date, b: dt.date, *, count_start_day: bool = False
) -> int:
    return calendar.count_working_days(a, b, count_start_day=count_start_day)


def next_working_day(calendar: Calendar, d: dt.date) -> dt.date:
    return calendar.next_working_day(d)
