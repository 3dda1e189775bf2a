"""The hotline's staff API: register, answer, work order with dispatch, follow-up, the due
list and the counts, as the token's staff member; another agency's token sees nothing."""

from __future__ import annotations

import pytest

from gongkai.accounts.tokens import token_create
from gongkai.hotline.models import Contact
from tests.hotline.conftest import answered, reply_letter, work_order

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/hotline"


class Api:
    def __init__(self, client, user):
        _token, raw = token_create(actor=None, user=user)
        self.client = client
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    def get(self, path, **params):
        return self.client.get(BASE + path, params, **self.auth)

    def post(self, path, body=None):
        return self.client.post(
            BASE + path, body or {}, content_type="application/json", **self.auth
        )


CALL = {
    "kind": "call",
    "caller_name": "王五",
    "caller_phone": "13912345678",
    "category": "complaint",
    "summary": "小区门口夜间施工噪音扰民。",
}


def test_register_answer_and_follow_up(client, county):
    api = Api(client, county.a.handler)
    response = api.post("/contacts", {"agency": county.a.agency.credit_code, **CALL})
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    assert response.json()["status"] == "registered"
    body = api.post(f"/contacts/{number}/answer", {"answer": "已告知可向住建局反映。"}).json()
    assert body["status"] == "answered" and body["follow_up_pending"] is True
    assert number in [r["number"] for r in api.get("/follow-ups-due").json()]
    body = api.post(
        f"/contacts/{number}/follow-up", {"reached": True, "satisfaction": "satisfied"}
    ).json()
    assert body["follow_up"] == "done" and body["satisfaction"] == "satisfied"
    assert body["follow_ups"][0]["reached"] is True
    response = api.post(
        f"/contacts/{number}/follow-up", {"reached": True, "satisfaction": "satisfied"}
    )
    assert response.status_code == 422 and response.json()["detail"]


def test_work_order_dispatched_through_the_api(client, county):
    api = Api(client, county.a.handler)
    number = api.post("/contacts", {"agency": county.a.agency.credit_code, **CALL}).json()["number"]
    body = api.post(
        f"/contacts/{number}/work-order",
        {
            "title": "夜间施工噪音",
            "dispatch_to": county.b.agency.credit_code,
            "dispatch_reason": "住建局管",
        },
    ).json()
    assert body["status"] == "work_order"
    assert body["letter_agency"] == county.b.agency.credit_code
    assert body["letter_status"] == "received"
    contact = Contact.objects.get(number=number)
    assert contact.message.channel == "hotline"


def test_bad_input_and_refusals(client, county):
    api = Api(client, county.a.handler)
    response = api.post(
        "/contacts", {"agency": county.a.agency.credit_code, **CALL, "caller_phone": "12"}
    )
    assert response.status_code == 422
    assert not Contact.objects.exists()
    contact = answered(county.a)
    other = Api(client, county.b.handler)
    assert other.get(f"/contacts/{contact.number}").status_code == 404
    assert (
        other.post(f"/contacts/{contact.number}/follow-up", {"reached": False}).status_code == 404
    )
    assert other.get("/contacts").json()["items"] == []
    response = other.post("/contacts", {"agency": county.a.agency.credit_code, **CALL})
    assert response.status_code == 403
    reviewer = Api(client, county.a.reviewer)
    assert reviewer.get(f"/contacts/{contact.number}").status_code == 200
    assert (
        reviewer.post(f"/contacts/{contact.number}/follow-up", {"reached": False}).status_code
        == 403
    )
    assert client.get(f"{BASE}/contacts").status_code == 401


def test_counts_through_the_api(client, county):
    answered(county.a, day="2026-09-21")
    contact, message = work_order(county.a, day="2026-09-22")
    reply_letter(county.a, message)
    api = Api(client, county.office)
    body = api.get("/counts", period="month", year=2026, n=9).json()
    assert body["total"]["received"] == 2 and body["total"]["concluded"] == 2
    assert body["start"] == "2026-09-01" and body["end"] == "2026-09-30"
    assert body["sentence"].startswith("受理来电2件")
    assert api.get("/counts", period="month", year=2026, n=13).status_code == 422
    assert Api(client, county.b.handler).get("/counts", year=2026).json()["total"]["received"] == 0
