"""The demo builds a year of topics in every state, with supports and answers, once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.search.models import SearchEntry
from gongkai.topics.demo import build_topics
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county():
    from gongkai.core.demo.county import build_county

    build_county()


def test_demo_topics_in_every_state_and_only_once(demo_county):
    result = build_topics()
    assert result.created and result.topics >= 20
    assert set(TopicRequest.objects.values_list("status", flat=True)) == set(TopicStatus.values)
    kinds = set(TopicRequest.objects.exclude(answer_kind="").values_list("answer_kind", flat=True))
    assert kinds == set(AnswerKind.values)
    today = timezone.localdate()
    late = TopicRequest.objects.filter(answer_kind=AnswerKind.WILL_PUBLISH, promised_by__lt=today)
    assert late.exists() and all(t.overdue_flagged_on for t in late)
    assert TopicRequest.objects.filter(
        answer_kind=AnswerKind.WILL_PUBLISH, promised_by__gte=today
    ).exists()
    assert TopicRequest.objects.filter(agency_unsure=True, routed_at__isnull=False).exists()
    assert TopicRequest.objects.filter(agency_unsure=True, routed_at__isnull=True).exists()
    assert TopicRequest.objects.filter(support_count__gt=10).exists()
    submitted = sorted(TopicRequest.objects.values_list("submitted_at", flat=True))
    assert (submitted[-1] - submitted[0]).days > 300
    public = TopicRequest.objects.filter(status__in=[TopicStatus.APPROVED, TopicStatus.ANSWERED])
    assert SearchEntry.objects.filter(kind="topic").count() == public.count()
    again = build_topics()
    assert not again.created and again.topics == result.topics
