"""The public read API (commitments, rating figures: counts only) and the staff API for
commitments, ratings and every step of a rectification case."""

from __future__ import annotations

import json

import pytest

from gongkai.accounts.tokens import token_create
from gongkai.audit.models import Event
from gongkai.servicehall.models import Commitment, CommitmentKind, RatingLevel
from gongkai.servicehall.services import commitment_create

from .conftest import RATER, rate

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/servicehall"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client, method, url, user, payload=None):
    return getattr(client, method)(
        url, data=json.dumps(payload or {}), content_type="application/json", **bearer(user)
    )


def test_the_openapi_document_has_the_public_and_staff_paths(client):
    doc = json.loads(client.get("/api/v1/openapi.json").content)
    paths = doc["paths"]
    assert {
        "/api/v1/servicehall/figures",
        "/api/v1/servicehall/figures/{credit_code}",
        "/api/v1/servicehall/commitments",
    } <= set(paths)
    for path in ("/api/v1/servicehall/figures", "/api/v1/servicehall/commitments"):
        assert set(paths[path]) == {"get"}
    assert paths["/api/v1/servicehall/figures"]["get"]["operationId"] == "listRatingFigures"
    assert {
        f"{BASE}/commitments",
        f"{BASE}/commitments/{{commitment_id}}",
        f"{BASE}/ratings",
        f"{BASE}/ratings/{{rating_id}}/contact",
        f"{BASE}/rectifications",
        f"{BASE}/rectifications/{{case_id}}",
        f"{BASE}/rectifications/{{case_id}}/assign",
        f"{BASE}/rectifications/{{case_id}}/close",
        f"{BASE}/rectifications/{{case_id}}/callback",
    } <= set(paths)
    assert "contact_phone" not in json.dumps(doc["components"]["schemas"].get("StaffRating", {}))


def test_public_commitments_show_only_published_ones(client, county, matter):
    commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.ONE_TIME_NOTICE,
        text="一次性告知所需全部材料。",
        matters=[matter],
    )
    commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.OWN,
        title="未公开",
        text="x",
        is_active=False,
    )
    response = client.get("/api/v1/servicehall/commitments", {"agency": county.a.credit_code})
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    rows = response.json()
    assert [r["title"] for r in rows] == ["一次性告知制"]
    assert rows[0]["matters"][0]["implementation_code"] == matter.implementation_code


def test_staff_create_change_and_delete_commitments(client, county, matter):
    created = send(
        client,
        "post",
        f"{BASE}/commitments",
        county.admin_a,
        {
            "agency": county.a.credit_code,
            "kind": "time_limit",
            "text": "承诺件限时办结。",
            "limit_value": 5,
            "matters": [matter.implementation_code],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["title"] == "限时办结制" and body["matters"] == [matter.implementation_code]
    again = send(
        client,
        "post",
        f"{BASE}/commitments",
        county.admin_a,
        {"agency": county.a.credit_code, "kind": "time_limit", "text": "重复。"},
    )
    assert again.status_code == 422
    other = send(
        client,
        "post",
        f"{BASE}/commitments",
        county.admin_b,
        {"agency": county.a.credit_code, "kind": "own", "title": "x", "text": "y"},
    )
    assert other.status_code == 403
    url = f"{BASE}/commitments/{body['id']}"
    patched = send(client, "patch", url, county.admin_a, {"limit_value": 3, "matters": []})
    assert patched.status_code == 200 and patched.json()["limit_value"] == 3
    assert patched.json()["matters"] == []
    assert send(client, "patch", url, county.admin_b, {"limit_value": 1}).status_code == 404
    assert send(client, "delete", url, county.admin_a).status_code == 204
    assert not Commitment.objects.exists()


def test_staff_ratings_list_has_no_contact_and_the_contact_read_is_audited(client, county, matter):
    rating = rate(county.a, matter, RatingLevel.DISSATISFIED, comment="排队太久", **RATER)
    response = client.get(f"{BASE}/ratings", **bearer(county.reviewer_a))
    assert response.status_code == 200
    text = response.content.decode()
    assert "13912345678" not in text and "rater@example.com" not in text
    item = response.json()["items"][0]
    assert item["comment"] == "排队太久" and item["contact_given"] is True
    assert item["rectification_id"] == rating.rectification.pk
    contact_url = f"{BASE}/ratings/{rating.pk}/contact"
    assert client.get(contact_url, **bearer(county.reviewer_a)).status_code == 403
    contact = client.get(contact_url, **bearer(county.handler_a))
    assert contact.json() == {"phone": "13912345678", "email": "rater@example.com"}
    assert Event.objects.filter(action="rating.contact_view").count() == 1
    assert client.get(f"{BASE}/ratings", **bearer(county.handler_b)).json()["items"] == []
    assert client.get(contact_url, **bearer(county.handler_b)).status_code == 404


def test_every_step_of_a_case_through_the_staff_api(client, county, matter):
    case = rate(
        county.a, matter, RatingLevel.DISSATISFIED, contact_phone="13912345678"
    ).rectification
    listed = client.get(f"{BASE}/rectifications", {"state": "overdue"}, **bearer(county.admin_a))
    assert [c["id"] for c in listed.json()["items"]] == [case.pk]
    assert listed.json()["items"][0]["overdue"] is True
    url = f"{BASE}/rectifications/{case.pk}"
    assign = send(client, "post", f"{url}/assign", county.admin_a, {"handler": county.handler_b.pk})
    assert assign.status_code == 422
    assign = send(client, "post", f"{url}/assign", county.admin_a, {"handler": county.handler_a.pk})
    assert assign.status_code == 200 and assign.json()["handler"] == county.handler_a.pk
    refused = send(
        client,
        "post",
        f"{url}/close",
        county.reviewer_a,
        {"outcome": "rectified", "verification": "查", "result": "改"},
    )
    assert refused.status_code == 403
    closed = send(
        client,
        "post",
        f"{url}/close",
        county.handler_a,
        {"outcome": "rectified", "verification": "情况属实。", "result": "已整改。"},
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "rectified" and closed.json()["on_time"] is False
    again = send(
        client,
        "post",
        f"{url}/close",
        county.handler_a,
        {"outcome": "unfounded", "verification": "再查。", "result": "不属实。"},
    )
    assert again.status_code == 422
    called = send(client, "post", f"{url}/callback", county.handler_a, {"note": "已电话告知。"})
    assert called.status_code == 200 and called.json()["rater_told_by"] == "phone"
    assert client.get(url, **bearer(county.handler_b)).status_code == 404
    assert client.get(url).status_code == 401
