"""Archived transcripts are found by the site search; nothing that is not public is."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from gongkai.interviews import services
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search
from tests.interviews.helpers import answered, ask, live

pytestmark = pytest.mark.django_db


def found(q: str) -> set[str]:
    return {r.entry.url for r in search(q, kind="interview").results}


def archived(county):
    interview = live(county, topic="校园周边交通安全")
    answered(county, interview, "放学时段能否增派交警？", answer="将在重点路口安排执勤。")
    rejected = ask(interview, "推销保健品请联系我。", contact="13855556666")
    services.question_reject(actor=county.reviewer_a, question=rejected)
    ask(interview, "这条提问无人审核过吗？", nickname="夜猫子", contact="owl@example.com")
    interview = services.interview_end(actor=county.officer_a, interview=interview)
    return interview


def test_only_archived_transcripts_are_indexed(county):
    interview = archived(county)
    pending = interview.questions.get(status="pending")
    services.question_reject(actor=county.reviewer_a, question=pending)
    assert not SearchEntry.objects.filter(kind="interview").exists()  # ended, not archived
    interview = services.interview_archive(actor=county.officer_a, interview=interview)
    url = interview.get_absolute_url()
    assert found("交警") == {url}
    assert found("执勤") == {url}
    assert found("校园周边交通安全") == {url}
    assert found("保健品") == set() and found("夜猫子") == set()
    entry = SearchEntry.objects.get(kind="interview")
    for secret in ("13855556666", "owl@example.com", "保健品", "无人审核"):
        assert secret not in entry.body + entry.tokens


def test_a_rebuild_of_the_index_keeps_the_transcripts(county):
    interview = archived(county)
    services.question_reject(
        actor=county.reviewer_a, question=interview.questions.get(status="pending")
    )
    services.interview_archive(actor=county.officer_a, interview=interview)
    SearchEntry.objects.filter(kind="interview").delete()
    call_command("search", "reindex", "--kind", "interview", verbosity=0)
    assert found("交警") == {interview.get_absolute_url()}
