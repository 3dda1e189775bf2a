"""The period of a notice in natural and working days (first day counted), the phases, the
days left, and the defaults per kind, over the real 2026 calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.notices.models import Counting, Kind, Status
from gongkai.notices.rules import (
    Phase,
    clean_objection,
    computed_end,
    counted_days,
    days_remaining,
    kind_period,
    phase,
    result_problem,
)
from gongkai.workdays.calendar import Calendar, CalendarMissing
from gongkai.workdays.selectors import load_calendar

D = dt.date.fromisoformat


@pytest.fixture
def cal(db) -> Calendar:
    return load_calendar([2025, 2026])


def test_natural_days_count_the_first_day(cal):
    assert computed_end(D("2026-09-30"), 7, Counting.NATURAL, cal) == D("2026-10-06")
    assert computed_end(D("2026-09-30"), 1, Counting.NATURAL, cal) == D("2026-09-30")
    # Natural days run through holidays and into a year the calendar does not know.
    assert computed_end(D("2026-12-28"), 7, Counting.NATURAL, cal) == D("2027-01-03")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        # Wed 30 Sep counts; National Day 1–7 Oct does not; Sat 10 Oct is a make-up working day.
        ("2026-09-30", "2026-10-12"),
        # Monday to Friday of an ordinary week.
        ("2026-05-11", "2026-05-15"),
        # Starting on a rest day (Sat 3 Oct, in the holiday): the first working day is day 1.
        ("2026-10-03", "2026-10-13"),
        # Labour Day 1–5 May off, Sat 9 May worked.
        ("2026-04-29", "2026-05-08"),
    ],
)
def test_working_days_count_the_first_day_when_it_is_one(cal, start, end):
    assert computed_end(D(start), 5, Counting.WORKING, cal) == D(end)
    assert counted_days(D(start), D(end), Counting.WORKING, cal) == 5


def test_working_days_into_a_year_without_calendar_are_refused(cal):
    with pytest.raises(CalendarMissing):
        computed_end(D("2026-12-28"), 5, Counting.WORKING, cal)


def test_days_remaining_in_natural_and_working_days(cal):
    start, end = D("2026-09-30"), D("2026-10-12")
    w = Counting.WORKING
    assert days_remaining(w, start, end, D("2026-09-29"), cal) == 5  # before: the whole period
    assert days_remaining(w, start, end, D("2026-09-30"), cal) == 5  # first day, today counted
    assert days_remaining(w, start, end, D("2026-10-04"), cal) == 4  # holiday: 8, 9, 10, 12
    assert days_remaining(w, start, end, D("2026-10-12"), cal) == 1  # last day
    assert days_remaining(w, start, end, D("2026-10-13"), cal) == 0
    n = Counting.NATURAL
    assert days_remaining(n, start, D("2026-10-06"), D("2026-10-04"), cal) == 3
    assert days_remaining(n, start, D("2026-10-06"), D("2026-10-07"), cal) == 0


def test_phases_follow_status_and_dates():
    s, e = D("2026-09-30"), D("2026-10-12")
    assert phase(Status.DRAFT, s, e, D("2026-10-01")) == Phase.DRAFT
    assert phase(Status.SUBMITTED, s, e, D("2026-10-01")) == Phase.SUBMITTED
    assert phase(Status.PUBLISHED, s, e, D("2026-09-29")) == Phase.UPCOMING
    assert phase(Status.PUBLISHED, s, e, s) == Phase.IN_PERIOD
    assert phase(Status.PUBLISHED, s, e, e) == Phase.IN_PERIOD
    assert phase(Status.PUBLISHED, s, e, D("2026-10-13")) == Phase.OVER
    assert phase(Status.RESULT, s, e, D("2026-10-13")) == Phase.RESULT
    assert phase(Status.CLOSED, s, e, D("2026-10-13")) == Phase.CLOSED


def test_default_periods_per_kind_and_the_setting(settings):
    assert kind_period(Kind.APPOINTMENT) == (5, Counting.WORKING)
    assert kind_period(Kind.AWARD) == (7, Counting.NATURAL)
    settings.GONGKAI_NOTICE_PERIODS = {Kind.AWARD: (5, "working")}
    assert kind_period(Kind.AWARD) == (5, Counting.WORKING)
    assert kind_period(Kind.APPOINTMENT) == (5, Counting.WORKING)  # not named: the default
    settings.GONGKAI_NOTICE_PERIODS = {Kind.AWARD: (5, "weeks")}
    with pytest.raises(ValueError):
        kind_period(Kind.AWARD)


def test_the_result_must_agree_with_the_objections():
    assert result_problem("no_objection", 0, 0) == ""
    assert "2" in result_problem("no_objection", 2, 0)
    assert result_problem("not_upheld", 0, 0)
    assert result_problem("upheld", 2, 1)  # one still to verify
    assert result_problem("upheld", 2, 0) == ""
    assert result_problem("bogus", 0, 0)


def test_an_objection_may_be_anonymous_but_not_empty():
    values, errors = clean_objection({"name": "", "phone": "", "text": "  反映问题。 "})
    assert errors == {} and values == {"name": "", "phone": "", "text": "反映问题。"}
    values, errors = clean_objection({"phone": "１３９ １２３４ ５６７８", "text": "x"})
    assert values["phone"] == "13912345678" and not errors
    _values, errors = clean_objection({"phone": "12345", "text": ""})
    assert set(errors) == {"phone", "text"}
    _values, errors = clean_objection({"text": "字" * 3001})
    assert "3001" in errors["text"][0]
