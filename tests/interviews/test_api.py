"""The public read API (public interviews, figures, transcript; never drafts, unapproved
questions or contacts) and the staff API for every step."""

from __future__ import annotations

import json

import pytest

from gongkai.accounts.tokens import token_create
from gongkai.audit.models import Event
from gongkai.interviews import services
from gongkai.interviews.figures import figures_for
from gongkai.interviews.models import Interview, Question, Status
from tests.interviews.helpers import announced, answered, approved, ask, draft, live

pytestmark = pytest.mark.django_db

STAFF = "/api/v1/staff/interviews"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_public_list_and_detail(client, county):
    interview = live(county)
    answered(county, interview, "公开的问题？", answer="公开的答复。")
    approved(county, interview, "等待答复的问题？", contact="13800002222")
    ask(interview, "未审核的问题。", contact="hidden@example.com")
    services.host_message_post(actor=county.officer_a, interview=interview, text="欢迎网友提问。")
    hidden = draft(county, topic="草稿访谈")
    response = client.get("/api/v1/interviews")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    items = response.json()["items"]
    assert [i["id"] for i in items] == [interview.pk]
    assert items[0]["figures"] == figures_for(interview.pk).public()
    assert items[0]["guests"] == [{"name": "林晓明", "post": "局长"}]
    detail = client.get(f"/api/v1/interviews/{interview.pk}").json()
    assert [e["kind"] for e in detail["transcript"]] == ["question", "message"]
    assert detail["transcript"][0]["answer"]["text"] == "公开的答复。"
    assert detail["transcript"][0]["answer"]["phase"] == "live"
    assert [e["text"] for e in detail["waiting"]] == ["等待答复的问题？"]
    body = json.dumps(detail, ensure_ascii=False)
    for secret in ("未审核的问题", "13800002222", "hidden@example.com"):
        assert secret not in body
    assert client.get(f"/api/v1/interviews/{hidden.pk}").status_code == 404


def test_public_list_filters_and_pages(client, county):
    first = announced(county, topic="第一场")
    second = live(county, topic="第二场")
    page = client.get("/api/v1/interviews", {"limit": 1}).json()
    assert len(page["items"]) == 1 and page["next"] is not None
    rest = client.get("/api/v1/interviews", {"limit": 1, "before": page["next"]}).json()
    assert {page["items"][0]["id"], rest["items"][0]["id"]} == {first.pk, second.pk}
    only_live = client.get("/api/v1/interviews", {"status": "live"}).json()["items"]
    assert [i["id"] for i in only_live] == [second.pk]
    other = client.get("/api/v1/interviews", {"agency": county.b.credit_code}).json()
    assert other["items"] == []


def test_the_archived_transcript_text_in_the_api(client, county):
    interview = live(county)
    answered(county, interview, "归档的问题？", answer="归档的答复。")
    services.interview_end(actor=county.officer_a, interview=interview)
    services.interview_archive(actor=county.officer_a, interview=interview)
    detail = client.get(f"/api/v1/interviews/{interview.pk}").json()
    assert detail["status"] == "archived" and "归档的答复。" in detail["transcript_text"]


def test_the_staff_api_runs_an_interview_from_draft_to_archive(client, county):
    officer = bearer(county.officer_a)
    payload = {
        "agency": county.a.credit_code,
        "topic": "校车安全管理",
        "summary": "介绍校车安全管理措施。",
        "host": "主持人小林",
        "scheduled_start": "2026-12-20T09:30:00+08:00",
        "scheduled_end": "2026-12-20T11:00:00+08:00",
        "guests": [{"leader_id": county.director.pk}, {"name": "陈立华", "post": "安全科科长"}],
    }
    response = client.post(STAFF, payload, content_type="application/json", **officer)
    assert response.status_code == 201, response.content
    created = response.json()
    pk = created["id"]
    assert created["status"] == "draft" and [g["name"] for g in created["guests"]] == [
        "林晓明",
        "陈立华",
    ]
    edit = {**payload, "topic": "校车安全管理问答"}
    del edit["agency"]
    response = client.put(f"{STAFF}/{pk}", edit, content_type="application/json", **officer)
    assert response.json()["topic"] == "校车安全管理问答"
    for step in ("announce", "start"):
        response = client.post(f"{STAFF}/{pk}/{step}", **officer)
        assert response.status_code == 200, response.content
    interview = Interview.objects.get(pk=pk)
    question = ask(interview, "校车司机有什么要求？", contact="13700003333")
    junk = ask(interview, "广告内容广告内容。")
    listed = client.get(f"{STAFF}/{pk}/questions", {"status": "pending"}, **officer).json()
    assert {q["id"] for q in listed["items"]} == {question.pk, junk.pk}
    assert "13700003333" not in json.dumps(listed) and listed["items"][0]["has_contact"]
    reviewer = bearer(county.reviewer_a)
    assert (
        client.post(f"{STAFF}/{pk}/questions/{question.pk}/approve", **reviewer).json()["status"]
        == "approved"
    )
    response = client.post(
        f"{STAFF}/{pk}/questions/{junk.pk}/reject",
        {"reason": "广告"},
        content_type="application/json",
        **reviewer,
    )
    assert response.json()["status"] == "rejected"
    guest = interview.guests.first()
    leader = bearer(county.leader_a)
    response = client.post(
        f"{STAFF}/{pk}/questions/{question.pk}/answer",
        {"guest_id": guest.pk, "text": "须持有相应驾驶证并经过培训。"},
        content_type="application/json",
        **leader,
    )
    assert response.status_code == 201 and response.json()["answer"]["phase"] == "live"
    response = client.put(
        f"{STAFF}/{pk}/questions/{question.pk}/answer",
        {"text": "须持有相应驾驶证，并经安全培训合格。"},
        content_type="application/json",
        **leader,
    )
    assert response.json()["answer"]["corrected_at"]
    response = client.post(
        f"{STAFF}/{pk}/messages",
        {"text": "感谢各位网友。"},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 201
    contact = client.get(f"{STAFF}/{pk}/questions/{question.pk}/contact", **reviewer)
    assert contact.json() == {"contact": "13700003333"}
    assert Event.objects.filter(action="interview.contact_view", actor=county.reviewer_a).exists()
    for step in ("end", "archive"):
        assert client.post(f"{STAFF}/{pk}/{step}", **officer).status_code == 200
    detail = client.get(f"{STAFF}/{pk}", **officer).json()
    assert detail["status"] == "archived"
    assert detail["figures"] == {
        "participants": 0,
        "questions": 2,
        "approved": 1,
        "rejected": 1,
        "pending": 0,
        "answered_live": 1,
        "answered_afterwards": 0,
    }


def test_the_staff_api_refuses_like_the_services(client, county):
    interview = live(county)
    question = ask(interview)
    leader = bearer(county.leader_a)
    response = client.post(f"{STAFF}/{interview.pk}/questions/{question.pk}/approve", **leader)
    assert response.status_code == 403
    response = client.post(f"{STAFF}/{interview.pk}/announce", **bearer(county.officer_a))
    assert response.status_code == 422 and "只有草稿" in response.json()["detail"]
    outsider = bearer(county.officer_b)
    assert client.get(f"{STAFF}/{interview.pk}", **outsider).status_code == 404
    assert client.get(STAFF, **outsider).json()["items"] == []
    assert client.get(STAFF).status_code == 401
    response = client.get(f"{STAFF}/{interview.pk}/questions/{question.pk}/contact", **leader)
    assert response.status_code == 403


def test_the_staff_api_deletes_drafts_only(client, county):
    officer = bearer(county.officer_a)
    interview = draft(county)
    assert client.delete(f"{STAFF}/{interview.pk}", **officer).status_code == 204
    assert not Interview.objects.filter(pk=interview.pk).exists()
    other = announced(county)
    assert client.delete(f"{STAFF}/{other.pk}", **officer).status_code == 422
    assert Interview.objects.get(pk=other.pk).status == Status.ANNOUNCED
    assert Question.objects.count() == 0


def test_every_step_is_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/interviews": {"get"},
        "/api/v1/interviews/{interview_id}": {"get"},
        "/api/v1/staff/interviews": {"get", "post"},
        "/api/v1/staff/interviews/{interview_id}": {"get", "put", "delete"},
        "/api/v1/staff/interviews/{interview_id}/announce": {"post"},
        "/api/v1/staff/interviews/{interview_id}/start": {"post"},
        "/api/v1/staff/interviews/{interview_id}/end": {"post"},
        "/api/v1/staff/interviews/{interview_id}/archive": {"post"},
        "/api/v1/staff/interviews/{interview_id}/questions": {"get"},
        "/api/v1/staff/interviews/{interview_id}/questions/{question_id}/approve": {"post"},
        "/api/v1/staff/interviews/{interview_id}/questions/{question_id}/reject": {"post"},
        "/api/v1/staff/interviews/{interview_id}/questions/{question_id}/answer": {"post", "put"},
        "/api/v1/staff/interviews/{interview_id}/questions/{question_id}/contact": {"get"},
        "/api/v1/staff/interviews/{interview_id}/messages": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, path
        assert methods <= set(paths[path]), (path, set(paths[path]))
