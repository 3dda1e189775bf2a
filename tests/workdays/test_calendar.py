"""Pure working-day arithmetic over a Calendar built from the package data (no database)."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays.calendar import Calendar, CalendarMissing

from .conftest import PACKAGE_CALENDAR as CAL
from .conftest import D


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # RULES.md §5.2 worked examples (receipt day not counted).
        ("2026-02-10", 20, "2026-03-16"),
        ("2026-02-10", 40, "2026-04-14"),
        ("2026-09-15", 20, "2026-10-19"),
        ("2026-09-15", 40, "2026-11-16"),
        ("2025-12-31", 20, "2026-01-29"),  # 元旦 2026 and the make-up Sunday 1/4
        # Mid-autumn 9/25, National Day 10/1–10/7, make-up Saturday 10/10, worked by hand.
        ("2026-09-24", 20, "2026-10-29"),
        ("2026-09-24", 1, "2026-09-28"),
        ("2026-09-18", 1, "2026-09-20"),  # Friday -> the make-up Sunday
        ("2026-02-13", 1, "2026-02-14"),  # Friday -> the make-up Saturday before 春节
        ("2026-02-14", 1, "2026-02-24"),  # across the nine days of 春节 2026
        # 春节 2025: rest 1/28–2/4, make-up Sunday 1/26 and Saturday 2/8.
        ("2025-01-20", 20, "2025-02-21"),
        ("2025-01-24", 1, "2025-01-26"),
        ("2025-01-27", 1, "2025-02-05"),
        # 国庆 2025: rest 10/1–10/8, make-up Sunday 9/28 and Saturday 10/11.
        ("2025-09-26", 10, "2025-10-16"),
        ("2025-09-30", 1, "2025-10-09"),
        ("2025-10-10", 1, "2025-10-11"),
    ],
)
def test_add_working_days(start, n, due):
    assert CAL.add_working_days(D(start), n) == D(due)


def test_package_arrangements_match_the_published_2025_and_2026_dates():
    assert {d for d in CAL.make_up_days if d.year == 2026} == {
        D("2026-01-04"),
        D("2026-02-14"),
        D("2026-02-28"),
        D("2026-05-09"),
        D("2026-09-20"),
        D("2026-10-10"),
    }
    spring_2025 = {d for d in CAL.rest_days if D("2025-01-20") <= d <= D("2025-02-10")}
    assert spring_2025 == {D("2025-01-28") + dt.timedelta(days=i) for i in range(8)}
    national_2025 = {d for d in CAL.rest_days if D("2025-09-25") <= d <= D("2025-10-15")}
    assert national_2025 == {D("2025-10-01") + dt.timedelta(days=i) for i in range(8)}
    assert {d for d in CAL.make_up_days if d.year == 2025} >= {
        D("2025-01-26"),
        D("2025-02-08"),
        D("2025-09-28"),
        D("2025-10-11"),
    }
    assert CAL.name_of(D("2025-01-29")) == "春节"
    assert CAL.name_of(D("2026-10-10")) == "国庆节"


def test_every_known_day_agrees_with_the_package():
    d = D("2004-01-01")
    while d <= D("2026-12-31"):
        assert CAL.is_working_day(d) == chinese_calendar.is_workday(d), d
        d += dt.timedelta(days=1)


def test_is_working_day():
    assert CAL.is_working_day(D("2026-09-20"))  # make-up Sunday
    assert CAL.is_working_day(D("2026-10-10"))  # make-up Saturday
    assert not CAL.is_working_day(D("2026-10-01"))  # National Day, a Thursday
    assert not CAL.is_working_day(D("2026-10-06"))  # 调休 rest day, a Tuesday
    assert not CAL.is_working_day(D("2026-10-11"))  # an ordinary Sunday
    assert CAL.is_working_day(D("2026-10-12"))  # an ordinary Monday


def test_zero_days_returns_the_start_even_on_a_holiday():
    assert CAL.add_working_days(D("2026-10-01"), 0) == D("2026-10-01")
    assert CAL.add_working_days(D("2026-10-01"), 0, count_start_day=True) == D("2026-10-01")


def test_negative_days_are_refused():
    with pytest.raises(ValueError):
        CAL.add_working_days(D("2026-10-01"), -1)


def test_count_start_day_variant():
    # 9/24 is a Thursday and a working day: it is day 1.
    assert CAL.add_working_days(D("2026-09-24"), 20, count_start_day=True) == D("2026-10-28")
    assert CAL.add_working_days(D("2026-09-24"), 1, count_start_day=True) == D("2026-09-24")
    # A start on a holiday is not a working day, so nothing changes.
    for n in (1, 5, 20):
        assert CAL.add_working_days(D("2026-10-01"), n, count_start_day=True) == (
            CAL.add_working_days(D("2026-10-01"), n)
        )
    assert CAL.count_working_days(D("2026-09-24"), D("2026-10-28"), count_start_day=True) == 20


def test_count_working_days():
    assert CAL.count_working_days(D("2026-09-24"), D("2026-10-29")) == 20
    assert CAL.count_working_days(D("2026-09-30"), D("2026-10-09")) == 2  # 10/8 and 10/9
    assert CAL.count_working_days(D("2026-10-09"), D("2026-10-11")) == 1  # the make-up Saturday
    assert CAL.count_working_days(D("2026-10-09"), D("2026-10-09")) == 0
    assert CAL.count_working_days(D("2026-10-09"), D("2026-10-01")) == 0
    assert CAL.count_working_days(D("2025-12-31"), D("2026-01-29")) == 20
    assert CAL.count_working_days(D("2025-12-31"), D("2026-12-31")) == 248


def test_next_working_day():
    assert CAL.next_working_day(D("2026-09-30")) == D("2026-10-08")
    assert CAL.next_working_day(D("2026-10-09")) == D("2026-10-10")
    assert CAL.next_working_day(D("2026-10-12")) == D("2026-10-13")


def test_year_without_data_is_an_error_with_the_year_in_the_message():
    with pytest.raises(CalendarMissing) as exc:
        CAL.is_working_day(D("2027-01-04"))
    assert exc.value.year == 2027
    assert isinstance(exc.value, ValueError)
    assert str(exc.value).startswith("2027年的节假日安排尚未录入，无法计算工作日。")
    assert "工作日历" in str(exc.value)
    with pytest.raises(CalendarMissing):
        CAL.add_working_days(D("2026-12-20"), 20)
    with pytest.raises(CalendarMissing):
        CAL.count_working_days(D("2026-12-20"), D("2027-01-10"))
    with pytest.raises(CalendarMissing):
        CAL.is_working_day(D("2003-12-31"))


def test_hand_built_calendar_with_a_gap_year():
    cal = Calendar.build(years={2030, 2032}, rest_days={D("2030-12-31")})
    assert cal.add_working_days(D("2030-12-30"), 0) == D("2030-12-30")
    with pytest.raises(CalendarMissing) as exc:
        cal.add_working_days(D("2030-12-30"), 1)  # 12/31 rests, so the walk reaches 2031
    assert exc.value.year == 2031


dates = st.dates(min_value=D("2004-01-01"), max_value=D("2026-06-30"))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=120))
def test_count_inverts_add(start, n):
    due = CAL.add_working_days(start, n)
    assert CAL.count_working_days(start, due) == n
    if n:
        assert CAL.is_working_day(due)
        assert CAL.count_working_days(start, due - dt.timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=120))
def test_count_inverts_add_when_the_start_day_counts(start, n):
    due = CAL.add_working_days(start, n, count_start_day=True)
    assert CAL.count_working_days(start, due, count_start_day=True) == n
    assert due <= CAL.add_working_days(start, n)


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates, c=dates)
def test_count_is_additive(a, b, c):
    a, b, c = sorted((a, b, c))
    assert CAL.count_working_days(a, c) == CAL.count_working_days(a, b) + CAL.count_working_days(
        b, c
    )
