"""The daily tick: reminders before and on the due date and once a case is overdue, each sent
once per case, kind and due date whatever how often the tick runs."""

from __future__ import annotations

import pytest

from gongkai.core import tick
from gongkai.servicehall.jobs import reminders
from gongkai.servicehall.models import RatingLevel, ReminderKind, ReminderSent
from gongkai.servicehall.services import rectification_assign, rectification_close

from .conftest import at, rate

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(county, matter):
    # Rated Wednesday 30 September 2026: due Tuesday 20 October (across National Day).
    return rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-09-30").rectification


def run(now, outbox, callbacks):
    outbox.clear()
    with callbacks(execute=True):
        summary = reminders(now)
    return summary, list(outbox)


def test_the_jobs_are_registered():
    assert {"servicehall.reminders", "servicehall.refresh_due_dates"} <= set(tick.jobs())


def test_reminders_are_sent_once_each(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    cb = django_capture_on_commit_callbacks
    assert run(at("2026-10-14"), mail_outbox, cb)[0] == "0 reminders sent"  # 4 working days left
    summary, sent = run(at("2026-10-16"), mail_outbox, cb)  # Fri 16: 2 working days left
    assert summary == "1 reminders sent"
    assert set(sent[0].to) == {
        "admin.a@example.com",
        "handler.a@example.com",
        "handler.a2@example.com",
    }
    assert "2026年10月20日" in sent[0].body
    assert run(at("2026-10-16", 15), mail_outbox, cb)[0] == "0 reminders sent"  # twice a day
    summary, sent = run(at("2026-10-20"), mail_outbox, cb)
    assert summary == "1 reminders sent" and "今日" in sent[0].subject
    summary, sent = run(at("2026-10-22"), mail_outbox, cb)  # skipped the 21st: still overdue
    assert summary == "1 reminders sent" and "逾期" in sent[0].subject
    assert run(at("2026-10-23"), mail_outbox, cb)[0] == "0 reminders sent"
    kinds = set(ReminderSent.objects.filter(rectification=case).values_list("kind", flat=True))
    assert kinds == {ReminderKind.DUE_IN_2, ReminderKind.DUE_TODAY, ReminderKind.OVERDUE}


def test_an_assigned_case_reminds_its_handler_and_the_overdue_one_the_admin_too(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    rectification_assign(actor=county.admin_a, case=case, handler=county.handler_a2)
    cb = django_capture_on_commit_callbacks
    assert run(at("2026-10-16"), mail_outbox, cb)[1][0].to == ["handler.a2@example.com"]
    overdue = run(at("2026-10-21"), mail_outbox, cb)[1]
    assert [set(m.to) for m in overdue] == [{"handler.a2@example.com", "admin.a@example.com"}]


def test_a_closed_case_is_not_reminded(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    rectification_close(
        actor=county.handler_a,
        case=case,
        outcome="rectified",
        verification="查",
        result="改",
        now=at("2026-10-09"),
    )
    assert run(at("2026-10-21"), mail_outbox, django_capture_on_commit_callbacks)[0] == (
        "0 reminders sent"
    )
