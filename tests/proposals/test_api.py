"""The staff API for every step of a proposal, and the public read API of published replies."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.accounts.tokens import token_create
from gongkai.audit.models import Event
from gongkai.proposals.models import Proposal

from .conftest import register_proposal
from .steps import advance

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/proposals"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def post(client, url, user, payload=None):
    return client.post(
        url, data=json.dumps(payload or {}), content_type="application/json", **bearer(user)
    )


def test_every_step_through_the_staff_api(client, county):
    payload = {
        "kind": "cppcc",
        "number": 45,
        "session": "测试县政协十届三次会议",
        "year": 2026,
        "title": "关于完善城区停车设施的提案",
        "content": "建议利用边角地建设公共停车场。",
        "agency": county.a.credit_code,
        "delegates": [{"name": "吴敏", "group": "经济界"}, {"name": "陈涛"}],
        "cohandlers": [county.b.credit_code],
    }
    response = post(client, BASE, county.office, payload)
    assert response.status_code == 201, response.content
    data = response.json()
    pid = data["id"]
    assert data["number_label"] == "第0045号" and data["status"] == "registered"
    assert data["delegates"][0] == {"name": "吴敏", "group": "经济界"}

    # The same number again is refused with the service's message.
    again = post(client, BASE, county.office, payload)
    assert again.status_code == 422

    assert (
        post(
            client, f"{BASE}/{pid}/assign", county.office, {"handler": county.handler_a.username}
        ).json()["status"]
        == "assigned"
    )
    r = post(
        client,
        f"{BASE}/{pid}/opinions/{county.b.credit_code}",
        county.handler_b,
        {"opinion": "同意。"},
    )
    assert r.status_code == 200 and r.json()["cohandlings"][0]["opinion"] == "同意。"
    # The co-handling agency may not draft the reply.
    r = post(
        client, f"{BASE}/{pid}/reply/draft", county.handler_b, {"category": "A", "text": "答复。"}
    )
    assert r.status_code == 403
    r = post(
        client,
        f"{BASE}/{pid}/reply/draft",
        county.handler_a,
        {"category": "B", "text": "已列入明年城建计划。", "public_interest": True},
    )
    assert r.json()["status"] == "drafted"
    r = post(client, f"{BASE}/{pid}/reply/return", county.leader_a, {"comment": "请写明地点。"})
    assert r.json()["status"] == "assigned"
    post(
        client,
        f"{BASE}/{pid}/reply/draft",
        county.handler_a,
        {"category": "B", "text": "已在东门选址。", "public_interest": True},
    )
    r = post(client, f"{BASE}/{pid}/reply/approve", county.leader_a, {"publish": True})
    assert r.json()["status"] == "approved"
    r = client.post(
        f"{BASE}/{pid}/reply/send",
        data={"document": SimpleUploadedFile("答复函.pdf", PDF, "application/pdf")},
        **bearer(county.handler_a),
    )
    assert r.status_code == 200, r.content
    data = r.json()
    assert data["status"] == "replied" and data["replies"][0]["has_document"]
    assert data["published_on"] is not None
    r = post(
        client,
        f"{BASE}/{pid}/feedback",
        county.handler_a,
        {"satisfaction": "not_satisfied", "comment": "太远。"},
    )
    assert r.json()["status"] == "feedback"
    r = post(client, f"{BASE}/{pid}/reopen", county.office)
    assert r.json()["round"] == 2 and r.json()["status"] == "assigned"
    r = post(client, f"{BASE}/{pid}/reopen", county.office)
    assert r.status_code == 422
    post(
        client,
        f"{BASE}/{pid}/reply/draft",
        county.handler_a,
        {"category": "A", "text": "改在西门。"},
    )
    post(client, f"{BASE}/{pid}/reply/approve", county.leader_a)
    client.post(f"{BASE}/{pid}/reply/send", **bearer(county.handler_a))
    post(client, f"{BASE}/{pid}/feedback", county.handler_a, {"satisfaction": "satisfied"})
    r = post(client, f"{BASE}/{pid}/close", county.office)
    assert r.json()["status"] == "closed"
    r = post(client, f"{BASE}/{pid}/unpublish", county.leader_a, {"reason": "重新核对。"})
    assert r.json()["published_on"] is None
    r = post(client, f"{BASE}/{pid}/publish", county.leader_a)
    assert r.json()["published_on"] is not None
    assert Event.objects.filter(action__startswith="proposal.").count() >= 14

    counts = client.get(f"{BASE}/counts/2026", **bearer(county.office)).json()
    row = next(r for r in counts["items"] if r["agency"] == county.a.credit_code)
    assert row["lead_cppcc"] == 1 and row["replied"] == 1 and row["satisfied"] == 1


def test_edit_and_lists_are_scoped(client, county):
    mine = register_proposal(county)
    theirs = register_proposal(county, agency=county.c, cohandlers=[])
    r = client.get(BASE, **bearer(county.handler_b))  # co-handles only the first
    assert [p["id"] for p in r.json()["items"]] == [mine.pk]
    assert client.get(f"{BASE}/{theirs.pk}", **bearer(county.handler_b)).status_code == 404
    r = client.put(
        f"{BASE}/{mine.pk}",
        data=json.dumps(
            {
                "title": "新标题",
                "content": mine.content,
                "deadline": "2026-06-30",
                "delegates": [{"name": "周明"}],
                "cohandlers": [],
            }
        ),
        content_type="application/json",
        **bearer(county.admin_a),
    )
    assert r.status_code == 200 and r.json()["deadline"] == "2026-06-30"
    r = client.put(
        f"{BASE}/{mine.pk}",
        data=json.dumps(
            {
                "title": "x",
                "content": "y",
                "deadline": "2026-06-30",
                "delegates": [{"name": "周明"}],
            }
        ),
        content_type="application/json",
        **bearer(county.handler_a),
    )
    assert r.status_code == 403


def test_public_api_shows_published_replies_only_with_their_public_fields(client, county):
    published = advance(county, register_proposal(county, number=8), "closed", publish=True)
    advance(county, register_proposal(county, number=9), "closed")  # not for publication
    r = client.get("/api/v1/proposals")
    assert r.status_code == 200 and r["Access-Control-Allow-Origin"] == "*"
    items = r.json()["items"]
    assert [p["id"] for p in items] == [published.pk]
    item = items[0]
    assert item["number_label"] == "第0008号"
    assert item["lead_delegate"] == {"name": "周明", "group": "青石镇代表团"}
    assert item["agency"]["credit_code"] == county.a.credit_code
    detail = client.get(f"/api/v1/proposals/{published.pk}").json()
    assert detail["replies"][0]["text"].startswith("经研究")
    text = json.dumps(detail, ensure_ascii=False)
    assert "李华" not in text  # co-signers are not part of the published reply
    assert "建议统筹安排资金" not in text  # nor the proposal's content
    unpublished = Proposal.objects.get(number=9)
    assert client.get(f"/api/v1/proposals/{unpublished.pk}").status_code == 404
    counts = client.get("/api/v1/proposals/counts/2026").json()
    assert counts["total"]["lead"] == 2
