"""The urgency classes of a due date on the staff queues."""

from __future__ import annotations

import pytest

from gongkai.casework.queue import calendar_around, due_urgency, urgency
from gongkai.workdays.calendar import Calendar

from .conftest import D

TODAY = D("2026-03-16")  # a Monday


@pytest.mark.parametrize(
    "due, level, text, left",
    [
        ("2026-03-30", "normal", "剩余10个工作日", 10),
        ("2026-03-23", "due5", "剩余5个工作日", 5),
        ("2026-03-19", "due5", "剩余3个工作日", 3),
        ("2026-03-18", "due2", "剩余2个工作日", 2),
        ("2026-03-17", "due2", "剩余1个工作日", 1),
        ("2026-03-16", "due2", "今日到期", 0),
        ("2026-03-12", "overdue", "已逾期2个工作日", -2),
    ],
)
def test_levels_and_words(cal, due, level, text, left):
    u = due_urgency(D(due), TODAY, cal)
    assert (u.level, u.text, u.days_left) == (level, text, left)
    assert urgency(D(due), TODAY, cal) == level


def test_late_on_a_rest_day_right_after_the_due_date(cal):
    # Due Friday 13 March, today Saturday 14 March: overdue, no working day passed yet.
    u = due_urgency(D("2026-03-13"), D("2026-03-14"), cal)
    assert (u.level, u.text, u.days_left) == ("overdue", "已逾期", 0)


def test_the_holidays_count_as_rest(cal):
    # Due Tuesday 7 April, today Thursday 2 April: 3 April and 7 April (Qingming 4–6).
    assert due_urgency(D("2026-04-07"), D("2026-04-02"), cal).days_left == 2


def test_no_due_date_and_a_calendar_that_does_not_reach_it(cal):
    assert due_urgency(None, TODAY, cal).level == "unknown"
    assert due_urgency(None, TODAY, cal).text == "暂无截止日期"
    assert due_urgency(D("2027-01-20"), D("2026-12-28"), cal).text == "截止日期超出已录入的工作日历"
    # A due date long past with no calendar for it is overdue all the same.
    empty = Calendar.build(years=[])
    assert due_urgency(D("2026-03-12"), TODAY, empty).level == "overdue"
    assert urgency(D("2026-03-30"), TODAY, empty) == "unknown"


def test_calendar_around_covers_today_next_year_and_every_due_date(db):
    calendar = calendar_around([D("2026-05-01")], TODAY)
    assert calendar.covers(2026)
    assert calendar_around([], TODAY).covers(2026)
