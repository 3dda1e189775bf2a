"""The demo builds a year of interviews in every state, once."""

from __future__ import annotations

import pytest

from gongkai.interviews.demo import build_interviews
from gongkai.interviews.figures import figures_for
from gongkai.interviews.models import AnswerPhase, Interview, QuestionStatus, Status
from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county():
    from gongkai.core.demo.county import build_county

    build_county()


def test_demo_interviews_in_every_state_and_only_once(demo_county):
    result = build_interviews()
    assert result.created
    states = set(Interview.objects.values_list("status", flat=True))
    assert states == set(Status.values)
    archived = Interview.objects.filter(status=Status.ARCHIVED)
    assert archived.count() == 12
    starts = sorted(archived.values_list("scheduled_start", flat=True))
    assert (starts[-1] - starts[0]).days > 300  # a year of them
    for interview in Interview.objects.exclude(status=Status.DRAFT):
        figures = figures_for(interview.pk)
        assert figures.participants > 0 and figures.questions > 0
    for interview in archived:
        figures = figures_for(interview.pk)
        assert figures.answered_live > 0 and figures.answered_afterwards > 0
        assert figures.rejected > 0 and figures.pending == 0
        assert figures.unanswered == 0 and interview.transcript_html
    ended = Interview.objects.get(status=Status.ENDED)
    assert figures_for(ended.pk).unanswered > 0 and figures_for(ended.pk).pending > 0
    live = Interview.objects.get(status=Status.LIVE)
    live_figures = figures_for(live.pk)
    assert live_figures.answered_live > 0 and live_figures.pending > 0
    assert live.questions.filter(status=QuestionStatus.APPROVED, answer__isnull=True).exists()
    assert not live.questions.filter(answer__phase=AnswerPhase.AFTERWARDS).exists()
    assert SearchEntry.objects.filter(kind="interview").count() == 12

    again = build_interviews()
    assert not again.created and again.interviews == Interview.objects.count()
