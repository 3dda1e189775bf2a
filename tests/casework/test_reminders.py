"""Reminder kinds by threshold and the reminder walk of the daily tick."""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest
from django.utils import timezone

from gongkai.casework.reminders import reminder_kinds, run_reminders

from .conftest import D

THRESHOLDS = ((5, "due_in_5"), (2, "due_in_2"))
OVERDUE = ("overdue", "overdue_office")


@pytest.mark.parametrize(
    "left, expected",
    [(9, []), (6, []), (5, ["due_in_5"]), (3, ["due_in_5"]), (2, ["due_in_2"]), (0, ["due_in_2"])],
)
def test_the_smallest_threshold_reached_wins(left, expected):
    assert reminder_kinds(left, False, THRESHOLDS, overdue=OVERDUE) == expected
    # The order in which the thresholds are given does not matter.
    assert reminder_kinds(left, False, tuple(reversed(THRESHOLDS)), overdue=OVERDUE) == expected


def test_late_gives_every_overdue_kind():
    assert reminder_kinds(-3, True, THRESHOLDS, overdue=OVERDUE) == list(OVERDUE)
    # Late on a rest day right after the due date: 0 working days, still overdue.
    assert reminder_kinds(0, True, THRESHOLDS, overdue=OVERDUE) == list(OVERDUE)
    assert reminder_kinds(-1, True, THRESHOLDS) == []


def test_a_due_today_threshold():
    thresholds = ((2, "due_in_2"), (0, "due_today"))
    assert reminder_kinds(0, False, thresholds) == ["due_today"]
    assert reminder_kinds(1, False, thresholds) == ["due_in_2"]
    assert reminder_kinds(3, False, thresholds) == []


def _now(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(D(day), dt.time(7, 0)))


def test_run_reminders_sends_what_is_earned_once(db, caplog):
    cases = [
        SimpleNamespace(pk=1, due_date=D("2026-03-30")),  # 5 working days from 23 March
        SimpleNamespace(pk=2, due_date=D("2026-03-24")),  # 1 working day left
        SimpleNamespace(pk=3, due_date=D("2026-03-20")),  # overdue by 1
        SimpleNamespace(pk=4, due_date=D("2026-04-30")),  # far away
        SimpleNamespace(pk=5, due_date=D("2026-03-25")),  # due_in_2 already sent
        SimpleNamespace(pk=6, due_date=D("2027-01-08")),  # 2027 not entered: skipped
    ]
    calls: list[tuple[int, str, int]] = []

    def send_once(case, kind, left):
        calls.append((case.pk, kind, left))
        return kind != "overdue_office"  # another run got there first

    with caplog.at_level(logging.WARNING, logger="gongkai.casework.reminders"):
        sent = run_reminders(
            now=_now("2026-03-23"),
            cases=iter(cases),
            already_sent={(5, "due_in_2", D("2026-03-25"))},
            send_once=send_once,
            kinds_for=lambda left, late: reminder_kinds(left, late, THRESHOLDS, overdue=OVERDUE),
        )
    assert calls == [
        (1, "due_in_5", 5),
        (2, "due_in_2", 1),
        (3, "overdue", -1),
        (3, "overdue_office", -1),
    ]
    assert sent == 3
    assert any("2027-01-08" in record.getMessage() for record in caplog.records)


def test_a_moved_due_date_earns_fresh_reminders(db):
    calls = []
    sent = run_reminders(
        now=_now("2026-03-23"),
        cases=[SimpleNamespace(pk=1, due_date=D("2026-03-24"))],
        already_sent={(1, "due_in_2", D("2026-03-20"))},  # sent for the old due date
        send_once=lambda case, kind, left: calls.append(kind) or True,
        kinds_for=lambda left, late: reminder_kinds(left, late, THRESHOLDS, overdue=OVERDUE),
    )
    assert (sent, calls) == (1, ["due_in_2"])
