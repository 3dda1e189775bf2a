"""The letters' daily jobs: reminders before the due date and on it, escalation to the 公开办
when overdue (each once), and the self-check's unanswered inquiries."""

from __future__ import annotations

import pytest

from gongkai.interaction import jobs
from gongkai.interaction.models import ReminderSent
from gongkai.interaction.selfcheck_source import unanswered_inquiries
from tests.interaction.conftest import D, accepted, assigned, at, replied

pytestmark = pytest.mark.django_db


def test_reminders_before_on_and_after_the_due_date_each_once(
    county, mailoutbox, django_capture_on_commit_callbacks
):
    message = assigned(county.a, day="2026-09-24", kind="inquiry")  # due 30 Sep
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.reminders(at("2026-09-24", 8)) == "0 reminders sent"  # 3 working days left
        jobs.reminders(at("2026-09-28", 8))  # 2 left
        jobs.reminders(at("2026-09-28", 9))  # again: nothing new
        jobs.reminders(at("2026-09-30", 8))  # due today
        jobs.reminders(at("2026-10-08", 8))  # overdue: handler and 公开办
        jobs.reminders(at("2026-10-09", 8))
    kinds = list(
        ReminderSent.objects.filter(message=message)
        .order_by("sent_at", "kind")
        .values_list("kind", flat=True)
    )
    assert kinds == ["due_in_2", "due_today", "overdue", "overdue_office"]
    office = [m for m in mailoutbox if m.to == ["office@example.cn"]]
    assert len(office) == 1 and message.number in office[0].subject
    handler = [m for m in mailoutbox if m.to == [county.a.handler.email]]
    assert len(handler) == 3


def test_replied_letters_get_no_reminders(county):
    replied(county.a, day="2026-09-24", kind="inquiry")
    jobs.reminders(at("2026-10-08", 8))
    assert not ReminderSent.objects.exists()


def test_unanswered_inquiries_feed_the_self_check(county):
    old = accepted(county.a, day="2026-05-11", kind="inquiry")
    accepted(county.a, day="2026-05-12", kind="complaint")  # not a consultation
    replied(county.a, day="2026-05-13", kind="inquiry")  # answered
    found = list(
        unanswered_inquiries(
            agency_ids=[county.a.agency.pk],
            received_from=D("2025-09-01"),
            received_before=D("2026-08-01"),
        )
    )
    assert [f.key for f in found] == [f"interaction.message:{old.pk}"]
    assert found[0].url.endswith(f"/staff/interaction/{old.number}/")
