"""The public topic API (approved topics with answers, never the proposer) and the staff API
for every step."""

from __future__ import annotations

import json

import pytest

from gongkai.accounts.tokens import token_create
from gongkai.audit.models import Event
from gongkai.topics.models import TopicStatus
from gongkai.topics.services import topic_answer, topic_approve
from tests.factories import published_item

from .conftest import PROPOSER, submit_topic

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/topics"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, user, payload=None):
    return client.post(
        url, data=json.dumps(payload or {}), content_type="application/json", **bearer(user)
    )


def test_public_api_lists_approved_topics_with_answers_and_no_personal_data(client, county):
    submit_topic(county.a, title="待审核")
    approved = topic_approve(actor=county.reviewer_a, topic=submit_topic(county.a, title="已通过"))
    item = published_item(county.b, title="2026年疫苗接种点名单")
    answered = topic_answer(
        actor=county.officer_b,
        topic=topic_approve(actor=county.reviewer_b, topic=submit_topic(county.b, title="已答复")),
        kind="published",
        item=item,
    )
    response = client.get("/api/v1/topics")
    assert response.status_code == 200
    body = response.content.decode()
    for value in PROPOSER.values():
        assert value not in body
    items = response.json()["items"]
    assert {t["title"] for t in items} == {"已通过", "已答复"}
    answer = next(t for t in items if t["id"] == answered.pk)["answer"]
    assert answer["kind"] == "published" and answer["link"].endswith(item.get_absolute_url())
    assert next(t for t in items if t["id"] == approved.pk)["answer"] is None
    detail = client.get(f"/api/v1/topics/{answered.pk}").json()
    assert detail["agency"]["credit_code"] == county.b.credit_code
    pending = submit_topic(county.a)
    assert client.get(f"/api/v1/topics/{pending.pk}").status_code == 404
    assert [
        t["title"] for t in client.get("/api/v1/topics", {"state": "published"}).json()["items"]
    ] == ["已答复"]


def test_public_api_pages_with_offset(client, county):
    for n in range(3):
        topic_approve(actor=county.reviewer_a, topic=submit_topic(county.a, title=f"点题{n}"))
    first = client.get("/api/v1/topics", {"limit": 2, "sort": "newest"}).json()
    assert [t["title"] for t in first["items"]] == ["点题2", "点题1"] and first["next"] == 2
    second = client.get("/api/v1/topics", {"limit": 2, "offset": 2, "sort": "newest"}).json()
    assert [t["title"] for t in second["items"]] == ["点题0"] and second["next"] is None


def test_every_step_through_the_staff_api(client, county):
    topic = submit_topic(None)
    r = client.get(f"{BASE}/{topic.pk}", **bearer(county.office))
    assert r.status_code == 200 and r.json()["mobile_masked"] == "139****1234"
    assert PROPOSER["mobile"] not in r.content.decode()
    r = post(
        client, f"{BASE}/{topic.pk}/route", county.reviewer_gov, {"agency": county.a.credit_code}
    )
    assert r.status_code == 403
    r = post(client, f"{BASE}/{topic.pk}/route", county.office, {"agency": county.a.credit_code})
    assert r.status_code == 200 and r.json()["agency"] == county.a.credit_code
    assert post(client, f"{BASE}/{topic.pk}/approve", county.reviewer_b).status_code == 404
    r = post(client, f"{BASE}/{topic.pk}/approve", county.reviewer_a, {"title": "农村公路养护资金"})
    assert r.json()["status"] == TopicStatus.APPROVED and r.json()["title"] == "农村公路养护资金"
    r = post(client, f"{BASE}/{topic.pk}/answer", county.officer_a, {"kind": "will_publish"})
    assert r.status_code == 422
    r = post(
        client,
        f"{BASE}/{topic.pk}/answer",
        county.officer_a,
        {"kind": "will_publish", "promised_by": "2099-06-30"},
    )
    assert r.json()["answer_kind"] == "will_publish"
    r = post(
        client,
        f"{BASE}/{topic.pk}/answer",
        county.officer_a,
        {"kind": "published", "url": "https://www.example.cn/a.html"},
    )
    assert r.json()["answer_kind"] == "published"
    # The contact details are a separate read, and it is audited.
    r = client.get(f"{BASE}/{topic.pk}/contact", **bearer(county.officer_a))
    assert r.json()["mobile"] == PROPOSER["mobile"]
    assert Event.objects.filter(action="topic.contact_view", actor=county.officer_a).exists()
    assert client.get(f"{BASE}/{topic.pk}/contact", **bearer(county.officer_b)).status_code == 404


def test_reject_through_the_staff_api(client, county):
    topic = submit_topic(county.a)
    assert (
        post(client, f"{BASE}/{topic.pk}/reject", county.reviewer_a, {"reason": ""}).status_code
        == 422
    )
    r = post(
        client, f"{BASE}/{topic.pk}/reject", county.reviewer_a, {"reason": "与本机关职能无关。"}
    )
    assert r.json()["status"] == "rejected"
    listed = client.get(BASE, {"status": "rejected"}, **bearer(county.reviewer_a)).json()["items"]
    assert [t["id"] for t in listed] == [topic.pk]
