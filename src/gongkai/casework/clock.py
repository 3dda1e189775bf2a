"""The time limit of a case in working days, as a pure function of its recorded events.

Used by ``applications`` (the statutory clock, ``applications.clock.compute_clock``) and
``interaction`` (the reply deadline of a letter). A period of N working days runs from
``start`` (the day after it, unless ``count_start_day``); the working days inside pauses
(consultation, waiting for a fee …) are not counted, and an approved extension adds its
days. Nothing here reads the database or the clock: the ``Calendar`` and ``today`` are passed
in, and a date outside the calendar's years raises ``CalendarMissing``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from gongkai.workdays.calendar import Calendar


@dataclass(frozen=True)
class Pause:
    """A stretch of time that does not count."""

    start: dt.date  # the day the letter was sent (not counted)
    end: dt.date  # the day of the reply, or the end of the reply period
    reason: str


@dataclass(frozen=True)
class DueDate:
    """A due date and how it was reached: ``pause_spans`` are the merged pauses clipped to
    the start, each with the working days it did not count."""

    due: dt.date
    paused_working_days: int = 0
    pause_spans: list[tuple[dt.date, dt.date, int]] = field(default_factory=list)
    extension_days: int = 0


def merge_pauses(pauses: Iterable[Pause]) -> list[tuple[dt.date, dt.date]]:
    """Overlapping or touching pauses as one span each, in date order (a pause ending
    before it starts is ignored), so that no working day is left out twice."""
    merged: list[list[dt.date]] = []
    for p in sorted(pauses, key=lambda p: (p.start, p.end)):
        if p.end < p.start:
            continue
        if merged and p.start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], p.end)
        else:
            merged.append([p.start, p.end])
    return [(a, b) for a, b in merged]


def due_date(
    *,
    start: dt.date,
    days: int,
    calendar: Calendar,
    pauses: Iterable[Pause] = (),
    extension_days: int = 0,
    count_start_day: bool = False,
) -> DueDate:
    """The last day of a period of ``days`` working days from ``start``, lengthened by the
    working days of the pauses after ``start`` and by ``extension_days``.

    A pause is counted from the later of its start and ``start``; one that ends on or before
    ``start`` counts nothing. Raises ``CalendarMissing`` when a date falls in a year the
    calendar does not have, ValueError for negative days.
    """
    if days < 0 or extension_days < 0:
        raise ValueError("days and extension_days must not be negative")
    spans: list[tuple[dt.date, dt.date, int]] = []
    for a, b in merge_pauses(pauses):
        if b <= start:
            continue
        a = max(a, start)
        spans.append((a, b, calendar.count_working_days(a, b)))
    paused = sum(n for _a, _b, n in spans)
    due = calendar.add_working_days(
        start, days + paused + extension_days, count_start_day=count_start_day
    )
    return DueDate(
        due=due, paused_working_days=paused, pause_spans=spans, extension_days=extension_days
    )


def working_days_left(calendar: Calendar, today: dt.date, due: dt.date) -> int:
    """Working days from ``today`` to ``due``: 0 on the due date, negative when late."""
    if today <= due:
        return calendar.count_working_days(today, due)
    return -calendar.count_working_days(due, today)
