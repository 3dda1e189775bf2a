"""The demo county's notices: a year of every kind, some in their period now, some ended with
results, some with objections verified and answered — built once, through the services."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.core.demo.county import build_county
from gongkai.notices.demo import MARKER, build_notices
from gongkai.notices.models import Kind, Notice, Objection, Status
from gongkai.notices.rules import Phase, phase_of
from gongkai.notices.search_provider import KIND
from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            build_county()
            result = build_notices()
            yield result
            transaction.set_rollback(True)


def test_a_year_of_notices_of_every_kind(demo):
    assert demo.created and demo.notices >= 20
    assert set(Notice.objects.values_list("kind", flat=True)) == set(Kind.values)
    first = Notice.objects.order_by("starts_on").first().starts_on
    assert (timezone.localdate() - first).days >= 300
    assert set(Notice.objects.values_list("status", flat=True)) == set(Status.values)


def test_notices_in_and_after_their_periods(demo):
    today = timezone.localdate()
    phases = [phase_of(n, today) for n in Notice.objects.all()]
    assert phases.count(Phase.IN_PERIOD) >= 3
    assert Phase.OVER in phases and Phase.UPCOMING in phases
    assert phases.count(Phase.RESULT) + phases.count(Phase.CLOSED) >= 10
    assert Notice.objects.filter(counting="working", status=Status.CLOSED).exists()
    assert Notice.objects.exclude(end_reason="").exists()


def test_objections_handled_and_results_that_agree(demo):
    with_objections = Notice.objects.filter(
        status__in=(Status.RESULT, Status.CLOSED), objections__isnull=False
    ).distinct()
    assert with_objections.count() >= 3
    for n in with_objections:
        assert n.outcome != "no_objection"
        assert not n.objections.filter(handled_at__isnull=True).exists()
    for n in Notice.objects.filter(
        status__in=(Status.RESULT, Status.CLOSED), objections__isnull=True
    ):
        assert n.outcome == "no_objection"
    assert Objection.objects.filter(name="", phone="").exists()  # anonymous
    assert Objection.objects.filter(handled_at__isnull=True).exists()  # still to handle
    assert set(Objection.objects.values_list("channel", flat=True)) == {
        "online",
        "phone",
        "letter",
        "visit",
    }


def test_public_notices_are_in_the_search_index(demo):
    today = timezone.localdate()
    public = Notice.objects.filter(
        status__in=(Status.PUBLISHED, Status.RESULT, Status.CLOSED), starts_on__lte=today
    )
    indexed = set(SearchEntry.objects.filter(kind=KIND).values_list("object_id", flat=True))
    assert indexed == set(public.values_list("pk", flat=True))
    for e in SearchEntry.objects.filter(kind=KIND):
        for o in Objection.objects.exclude(name=""):
            assert o.name not in e.body and o.phone not in e.body


def test_a_second_run_does_nothing(demo):
    again = build_notices()
    assert not again.created and again.notices == demo.notices
    assert Event.objects.filter(action=MARKER).count() == 1
