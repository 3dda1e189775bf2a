"""The monthly reminder of a missing statement: from the 10th (a setting), once per agency
and month, to the agency's 机关管理员 and 信息员, only for agencies that post statements, and
not when the statement is there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from gongkai.audit.models import Event
from gongkai.core import tick
from gongkai.internal.jobs import month_due, remind_missing_statements
from gongkai.internal.models import StatementReminder
from gongkai.internal.services import internal_item_withdraw

from .conftest import at, finance_item

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("today", "day", "due"),
    [
        ("2026-06-09", 10, None),
        ("2026-06-10", 10, (2026, 5)),
        ("2026-06-30", 10, (2026, 5)),
        ("2026-01-15", 10, (2025, 12)),
        ("2026-06-03", 1, (2026, 5)),
    ],
)
def test_which_month_is_due(today, day, due):
    assert month_due(D(today), day) == due


def test_the_job_is_registered_with_the_tick():
    assert tick.jobs()["internal.statement_reminder"] is remind_missing_statements


@pytest.fixture
def april(w):
    """Bureau A posted its April statement; B never posts statements."""
    return finance_item(w, month=4, now=at("2026-05-06"))


@pytest.mark.django_db
def test_a_missing_statement_is_reminded_once_from_the_10th(
    w, april, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_missing_statements(at("2026-06-09")) == "not yet this month"
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-12"))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["a.admin@example.com", "a.officer@example.com"]
    assert "2026年5月" in message.subject
    assert f"agency={w.a.credit_code}" in message.body and "month=5" in message.body
    reminder = StatementReminder.objects.get()
    assert (reminder.agency, reminder.year, reminder.month, reminder.recipients) == (
        w.a,
        2026,
        5,
        2,
    )
    # a second tick the same day, or later in the month, sends nothing new
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-12", 18))
        remind_missing_statements(at("2026-06-25"))
    assert len(mail.outbox) == 1
    assert Event.objects.filter(action="internal.statement_reminder").count() == 1


@pytest.mark.django_db
def test_a_tick_skipped_for_days_still_reminds(w, april, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-28"))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_no_reminder_when_the_statement_is_posted(w, april, django_capture_on_commit_callbacks):
    finance_item(w, month=5, now=at("2026-06-08"))
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-15"))
    assert mail.outbox == [] and not StatementReminder.objects.exists()


@pytest.mark.django_db
def test_a_withdrawn_statement_counts_as_missing(w, april, django_capture_on_commit_callbacks):
    may = finance_item(w, month=5, now=at("2026-06-08"))
    internal_item_withdraw(actor=w.a_officer, item=may, reason="数字有误")
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-15"))
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_agencies_that_never_posted_a_statement_are_left_alone(
    w, django_capture_on_commit_callbacks
):
    finance_item(w, month=5, now=at("2026-06-08"))  # A's first statement is May's
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-15"))
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_day_is_a_setting(w, april, settings, django_capture_on_commit_callbacks):
    settings.GONGKAI_INTERNAL_REMINDER_DAY = 5
    with django_capture_on_commit_callbacks(execute=True):
        remind_missing_statements(at("2026-06-05"))
    assert len(mail.outbox) == 1
