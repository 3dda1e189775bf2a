"""The poll of the live page: only what changed since the client's version, cheap (served from
the cache), never anything that is not public."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from gongkai.interviews import services
from gongkai.interviews.models import Interview
from tests.interviews.helpers import announced, answered, approved, ask, draft
from tests.interviews.helpers import live as live_interview

pytestmark = pytest.mark.django_db


def poll(client, interview, since):
    response = client.get(reverse("interviews:poll", args=[interview.pk]), {"since": since})
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content)


def current(interview) -> int:
    return Interview.objects.get(pk=interview.pk).version


def test_a_client_up_to_date_gets_just_the_version(client, county):
    interview = live_interview(county)
    data = poll(client, interview, current(interview))
    assert data == {
        "v": current(interview),
        "status": "live",
        "status_label": "直播中",
        "interval": 2000,
    }


def test_only_what_changed_since_the_clients_version(
    client, county, django_capture_on_commit_callbacks
):
    interview = live_interview(county)
    first = approved(county, interview, "第一个问题是什么？")
    seen = current(interview)
    ask(interview, "还没审核的问题。", contact="13900009999")
    second = approved(county, interview, "第二个问题是什么？")
    answer = services.question_answer(
        actor=county.leader_a, question=first, guest=interview.guests.get(), text="第一个答复。"
    )
    data = poll(client, interview, seen)
    assert data["v"] == current(interview) and not data["reset"]
    assert [e["id"] for e in data["entries"]] == [f"q-{second.pk}", f"q-{first.pk}"]
    lists = {e["id"]: e["list"] for e in data["entries"]}
    assert lists == {f"q-{second.pk}": "waiting", f"q-{first.pk}": "stream"}
    body = json.dumps(data, ensure_ascii=False)
    assert "第一个答复。" in body and "还没审核的问题" not in body and "13900009999" not in body
    assert data["figures"] == {
        "participants": 0,
        "questions": 3,
        "approved": 2,
        "answered_live": 1,
        "answered_afterwards": 0,
    }
    # A correction comes again with the same entry id (the page replaces it in place).
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_correct(actor=county.leader_a, answer=answer, text="更正后的答复。")
    again = poll(client, interview, data["v"])
    assert [e["id"] for e in again["entries"]] == [f"q-{first.pk}"]
    assert "更正后的答复。" in again["entries"][0]["html"]


def test_unapproved_and_rejected_questions_never_reach_the_poll(client, county):
    interview = live_interview(county)
    pending = ask(interview, "待审核的提问内容。")
    rejected = ask(interview, "被拒绝的提问内容。")
    services.question_reject(actor=county.reviewer_a, question=rejected)
    for since in (0, 1, current(interview) - 1):
        body = json.dumps(poll(client, interview, since), ensure_ascii=False)
        assert "待审核的提问内容" not in body and "被拒绝的提问内容" not in body
        assert f"q-{pending.pk}" not in body and f"q-{rejected.pk}" not in body


def test_since_zero_or_a_version_from_elsewhere_is_the_whole_page(client, county):
    interview = live_interview(county)
    answered(county, interview)
    approved(county, interview, "等待答复的问题？")
    services.host_message_post(actor=county.officer_a, interview=interview, text="欢迎提问。")
    whole = poll(client, interview, 0)
    assert whole["reset"] and len(whole["entries"]) == 3
    future = poll(client, interview, current(interview) + 50)
    assert future["reset"] and future["entries"] == whole["entries"]
    assert poll(client, interview, "garbage")["reset"]


def test_the_poll_is_served_from_the_cache(client, county, django_assert_num_queries):
    interview = live_interview(county)
    approved(county, interview)
    version = current(interview)
    url = reverse("interviews:poll", args=[interview.pk])
    client.get(url, {"since": version})  # the version is now cached
    client.get(url, {"since": version - 1})  # the change set is now built and cached
    with django_assert_num_queries(0):
        assert client.get(url, {"since": version}).status_code == 200
        response = client.get(url, {"since": version - 1})
    assert json.loads(response.content)["entries"]


def test_the_cached_version_is_forgotten_when_a_change_commits(
    client, county, django_capture_on_commit_callbacks
):
    interview = live_interview(county)
    version = current(interview)
    assert poll(client, interview, version)["v"] == version  # cached now
    with django_capture_on_commit_callbacks(execute=False) as pending:
        question = approved(county, interview, "刚刚审核通过的问题？")
    # Not committed yet (the callbacks have not run): the poll still says nothing changed.
    assert "entries" not in poll(client, interview, version)
    for callback in pending:
        callback()
    data = poll(client, interview, version)
    assert data["v"] > version and [e["id"] for e in data["entries"]] == [f"q-{question.pk}"]


def test_states_change_the_interval_and_drafts_are_not_polled(
    client, county, django_capture_on_commit_callbacks
):
    interview = announced(county)
    assert poll(client, interview, 0)["interval"] == 15000
    assert client.get(reverse("interviews:poll", args=[draft(county).pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        interview = services.interview_start(actor=county.officer_a, interview=interview)
        interview = services.interview_end(actor=county.officer_a, interview=interview)
        interview = services.interview_archive(actor=county.officer_a, interview=interview)
    data = poll(client, interview, 0)
    assert data["status"] == "archived" and data["interval"] == 0


def test_the_poll_does_not_touch_the_session(client, county):
    interview = live_interview(county)
    response = client.get(reverse("interviews:poll", args=[interview.pk]), {"since": 0})
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies
    assert response["Cache-Control"] == "no-cache"
