"""The demo county's calls and visits: a year of them, with on-the-spot answers, work orders
in every state and follow-ups, built once, through the services."""

from __future__ import annotations

import pytest

from gongkai.core.demo.county import build_county
from gongkai.hotline.counts import Period, contact_counts
from gongkai.hotline.demo import build_hotline
from gongkai.hotline.models import Contact, ContactStatus, FollowUpState
from gongkai.hotline.selectors import FOLLOW_UP_PENDING
from gongkai.interaction.models import MessageChannel, MessageStatus

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_county()
            result = build_hotline()
            yield result
            transaction.set_rollback(True)


def test_a_year_of_calls_and_visits(demo):
    assert demo.created and demo.contacts >= 200
    kinds = set(Contact.objects.values_list("kind", flat=True))
    assert kinds == {"call", "visit"}
    first = Contact.objects.order_by("started_at").first().started_at
    last = Contact.objects.order_by("started_at").last().started_at
    assert (last - first).days >= 300
    assert set(Contact.objects.values_list("status", flat=True)) == set(ContactStatus.values)
    assert Contact.objects.filter(caller_phone="").exists()  # anonymous calls
    assert Contact.objects.filter(caller_phone__startswith="0579-").exists()  # landlines
    assert Contact.objects.filter(kind="visit", visitors__gte=5).exists()  # group visits


def test_work_orders_in_every_state(demo):
    orders = Contact.objects.filter(status=ContactStatus.WORK_ORDER).select_related("message")
    states = {c.message.status for c in orders}
    assert {
        MessageStatus.RECEIVED,
        MessageStatus.ACCEPTED,
        MessageStatus.ASSIGNED,
        MessageStatus.REVIEW,
        MessageStatus.REPLIED,
        MessageStatus.NOT_ACCEPTED,
    } <= states
    assert {c.message.channel for c in orders} == {MessageChannel.HOTLINE, MessageChannel.VISIT}
    assert any(c.message.agency_id != c.agency_id for c in orders)  # dispatched
    assert any(c.message.reopened_on for c in orders)  # reopened after a 不满意
    assert any(c.message.replied_on_time is False for c in orders)


def test_follow_ups_done_unreachable_and_due(demo):
    assert Contact.objects.filter(follow_up=FollowUpState.DONE).count() >= 50
    assert set(
        Contact.objects.filter(follow_up=FollowUpState.DONE).values_list("satisfaction", flat=True)
    ) == {"satisfied", "basically", "dissatisfied"}
    assert Contact.objects.filter(follow_up=FollowUpState.UNREACHABLE).exists()
    assert Contact.objects.filter(FOLLOW_UP_PENDING).exists()


def test_counts_of_the_demo_year(demo):
    from django.utils import timezone

    page = contact_counts(Contact.objects.all(), Period("year", timezone.localdate().year))
    assert page.total.received > 0 and page.total.concluded <= page.total.received
    assert page.sentence.startswith("受理来电")


def test_a_second_run_builds_nothing(demo):
    count = Contact.objects.count()
    again = build_hotline()
    assert not again.created and Contact.objects.count() == count
