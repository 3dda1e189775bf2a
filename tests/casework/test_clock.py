"""The shared case clock: working days across holidays and 调休, pauses, extensions."""

from __future__ import annotations

import pytest

from gongkai.casework.clock import DueDate, Pause, due_date, merge_pauses, working_days_left
from gongkai.workdays.calendar import Calendar, CalendarMissing

from .conftest import D


def test_due_date_skips_the_labour_day_holiday_and_counts_the_make_up_saturday(cal):
    # Thu 30 April 2026; 1 May and 4–5 May are rest days, Saturday 9 May is a make-up day.
    result = due_date(start=D("2026-04-30"), days=5, calendar=cal)
    # 6, 7, 8 May (3), Saturday 9 May (4), Monday 11 May (5).
    assert result == DueDate(
        due=D("2026-05-11"), paused_working_days=0, pause_spans=[], extension_days=0
    )
    # Without the make-up day the same period would end a day later.
    plain = Calendar.build(years=[2026], rest_days=cal.rest_days)
    assert due_date(start=D("2026-04-30"), days=5, calendar=plain).due == D("2026-05-12")


def test_due_date_across_the_spring_festival(cal):
    # Friday 13 February; 14 Feb (Sat) is a make-up day, 16–23 Feb rest, 28 Feb a make-up day.
    assert due_date(start=D("2026-02-13"), days=1, calendar=cal).due == D("2026-02-14")
    # 14 Feb (1), 24 (2), 25 (3), 26 (4), 27 (5), Saturday 28 (6).
    assert due_date(start=D("2026-02-13"), days=6, calendar=cal).due == D("2026-02-28")


def test_twenty_working_days_from_a_monday(cal):
    assert due_date(start=D("2026-03-02"), days=20, calendar=cal).due == D("2026-03-30")


def test_count_start_day_makes_the_start_day_one(cal):
    assert due_date(start=D("2026-03-02"), days=1, calendar=cal, count_start_day=True).due == D(
        "2026-03-02"
    )
    assert due_date(start=D("2026-03-02"), days=1, calendar=cal).due == D("2026-03-03")


def test_extension_days_are_added_after_the_period(cal):
    result = due_date(start=D("2026-03-02"), days=20, calendar=cal, extension_days=5)
    # 30 March + 5: 31 March, 1, 2, 3 April, (4–6 April Qingming and weekend), 7 April.
    assert result.due == D("2026-04-07")
    assert result.extension_days == 5
    assert result.paused_working_days == 0


def test_pauses_are_merged_clipped_to_the_start_and_not_counted(cal):
    start = D("2026-03-02")
    pauses = [
        Pause(D("2026-03-04"), D("2026-03-06"), "third party"),  # overlaps the next one
        Pause(D("2026-02-25"), D("2026-03-04"), "agency"),  # began before the start
        Pause(D("2026-02-20"), D("2026-03-02"), "ended on the start day"),
        Pause(D("2026-03-20"), D("2026-03-19"), "ends before it starts"),
    ]
    result = due_date(start=start, days=20, calendar=cal, pauses=pauses)
    # One span from the start (2 March) to 6 March: 3, 4, 5, 6 March are not counted.
    assert result.pause_spans == [(D("2026-03-02"), D("2026-03-06"), 4)]
    assert result.paused_working_days == 4
    # 30 March + 4 working days: 31 March, 1, 2, 3 April.
    assert result.due == D("2026-04-03")


def test_merge_pauses_joins_touching_and_overlapping_spans_in_order():
    pauses = [
        Pause(D("2026-06-10"), D("2026-06-12"), "b"),
        Pause(D("2026-06-01"), D("2026-06-05"), "a"),
        Pause(D("2026-06-05"), D("2026-06-08"), "a2"),  # touches the first
        Pause(D("2026-06-11"), D("2026-06-11"), "inside b"),
        Pause(D("2026-06-20"), D("2026-06-15"), "backwards"),
    ]
    assert merge_pauses(pauses) == [
        (D("2026-06-01"), D("2026-06-08")),
        (D("2026-06-10"), D("2026-06-12")),
    ]
    assert merge_pauses([]) == []


def test_separate_pauses_each_get_a_span(cal):
    result = due_date(
        start=D("2026-03-02"),
        days=20,
        calendar=cal,
        pauses=[
            Pause(D("2026-03-09"), D("2026-03-10"), "a"),  # Tuesday 10 March: 1 day
            Pause(D("2026-03-13"), D("2026-03-16"), "b"),  # Monday 16 March: 1 day
        ],
        extension_days=3,
    )
    assert result.pause_spans == [
        (D("2026-03-09"), D("2026-03-10"), 1),
        (D("2026-03-13"), D("2026-03-16"), 1),
    ]
    assert result.paused_working_days == 2
    # 30 March + 2 + 3: 31 March, 1, 2, 3, (Qingming) 7 April.
    assert result.due == D("2026-04-07")


def test_negative_amounts_are_refused(cal):
    with pytest.raises(ValueError):
        due_date(start=D("2026-03-02"), days=-1, calendar=cal)
    with pytest.raises(ValueError):
        due_date(start=D("2026-03-02"), days=20, calendar=cal, extension_days=-2)


def test_a_year_without_calendar_is_an_error_not_a_guess(cal):
    with pytest.raises(CalendarMissing):
        due_date(start=D("2026-12-20"), days=20, calendar=cal)


def test_working_days_left_is_zero_on_the_due_day_and_negative_when_late(cal):
    due = D("2026-03-30")  # a Monday
    assert working_days_left(cal, D("2026-03-27"), due) == 1  # the Friday before
    assert working_days_left(cal, D("2026-03-20"), due) == 6
    assert working_days_left(cal, due, due) == 0
    assert working_days_left(cal, D("2026-04-01"), due) == -2
    # Due on Friday 3 April, today the Saturday after: late, but no working day has passed.
    assert working_days_left(cal, D("2026-04-04"), D("2026-04-03")) == 0
    # Over the Qingming holiday: 7 April is the first working day after 3 April.
    assert working_days_left(cal, D("2026-04-07"), D("2026-04-03")) == -1
