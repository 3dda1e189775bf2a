"""The API of notices: the public read endpoints (from the first day on; the result and the
number of objections only after the period; never an objection or who sent it) and the staff
endpoints for every step, in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from gongkai.accounts.tokens import token_create
from gongkai.audit.models import Event
from gongkai.notices.models import Notice, Status
from tests.notices.conftest import create, ended_with_result, in_period_today, object_online

pytestmark = pytest.mark.django_db

STAFF = "/api/v1/staff"
NAME, PHONE = "欧阳明月", "13955556666"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_public_list_and_detail(client, county):
    running = in_period_today(county, title="正在公示的评优名单")
    object_online(running, name=NAME, phone=PHONE, text="秘密反映的内容甲", now=timezone.now())
    ended = ended_with_result(county, outcome="not_upheld", text="经核实不属实。")
    draft = create(county, title="草稿")
    response = client.get("/api/v1/notices")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    items = {i["id"]: i for i in response.json()["items"]}
    assert set(items) == {running.pk, ended.pk}
    r = items[running.pk]
    assert (r["phase"], r["counting"], r["period_days"], r["days_remaining"]) == (
        "in_period",
        "natural",
        7,
        5,
    )
    assert r["result"] is None  # no count during the period either
    e = items[ended.pk]
    assert e["phase"] == "result" and e["days_remaining"] == 0
    assert e["result"]["outcome"] == "not_upheld" and e["result"]["objections_received"] == 1
    assert e["pdf_url"].endswith(f"/services/notices/{ended.pk}/print.pdf")
    ids = [i["id"] for i in client.get("/api/v1/notices", {"phase": "ended"}).json()["items"]]
    assert ids == [ended.pk]
    detail = client.get(f"/api/v1/notices/{running.pk}").json()
    assert detail["body_html"].startswith("<p>") and detail["accepts_online"] is True
    assert client.get(f"/api/v1/notices/{draft.pk}").status_code == 404
    text = client.get("/api/v1/notices").content.decode() + json.dumps(detail, ensure_ascii=False)
    for secret in (NAME, PHONE, "秘密反映的内容甲", "反映该同志"):
        assert secret not in text


def test_the_openapi_document_lists_the_endpoints(client):
    paths = json.loads(client.get("/api/v1/openapi.json").content)["paths"]
    assert {"/api/v1/notices", "/api/v1/notices/{notice_id}"} <= set(paths)
    assert set(paths["/api/v1/notices"]) == {"get"}
    for path in (
        "/api/v1/staff/notices",
        "/api/v1/staff/notices/{notice_id}",
        "/api/v1/staff/notices/{notice_id}/submit",
        "/api/v1/staff/notices/{notice_id}/return",
        "/api/v1/staff/notices/{notice_id}/publish",
        "/api/v1/staff/notices/{notice_id}/result",
        "/api/v1/staff/notices/{notice_id}/close",
        "/api/v1/staff/notices/{notice_id}/objections",
        "/api/v1/staff/notice-objections/{objection_id}",
        "/api/v1/staff/notice-objections/{objection_id}/handle",
    ):
        assert path in paths, path


def test_every_step_through_the_staff_api(client, county):
    officer, reviewer = bearer(county.officer_a), bearer(county.reviewer_a)
    admin = bearer(county.admin_a)
    today = timezone.localdate()
    start = today - dt.timedelta(days=8)
    body = {
        "agency": county.a.credit_code,
        "kind": "award",
        "title": "接口创建的评优公示",
        "body_html": "<p>拟表彰名单如下。</p>",
        "starts_on": start.isoformat(),
        "contact_department": "办公室",
        "objection_phone": "0579-80000001",
    }
    # Refusals come back with the service's message.
    bad = client.post(
        f"{STAFF}/notices", {**body, "period_days": 3}, content_type="application/json", **officer
    )
    assert bad.status_code == 422 and "7" in bad.json()["detail"]
    assert (
        client.post(
            f"{STAFF}/notices", body, content_type="application/json", **reviewer
        ).status_code
        == 403
    )
    created = client.post(f"{STAFF}/notices", body, content_type="application/json", **officer)
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["ends_on"] == (start + dt.timedelta(days=6)).isoformat()
    changed = client.patch(
        f"{STAFF}/notices/{pk}",
        {"title": "接口修改的评优公示"},
        content_type="application/json",
        **officer,
    )
    assert changed.json()["title"] == "接口修改的评优公示"
    assert client.post(f"{STAFF}/notices/{pk}/submit", **officer).json()["status"] == "submitted"
    sent_back = client.post(
        f"{STAFF}/notices/{pk}/return",
        {"note": "请补充评选依据。"},
        content_type="application/json",
        **reviewer,
    )
    assert sent_back.json()["review_note"] == "请补充评选依据。"
    client.post(f"{STAFF}/notices/{pk}/submit", **officer)
    # Publishing through the API goes through the same rules: the first day has passed.
    late = client.post(
        f"{STAFF}/notices/{pk}/publish", {}, content_type="application/json", **reviewer
    )
    assert late.status_code == 422
    Notice.objects.filter(pk=pk).update(starts_on=today, ends_on=today + dt.timedelta(days=6))
    published = client.post(
        f"{STAFF}/notices/{pk}/publish", {}, content_type="application/json", **reviewer
    )
    assert published.json()["status"] == "published" and published.json()["phase"] == "in_period"
    entered = client.post(
        f"{STAFF}/notices/{pk}/objections",
        {
            "channel": "phone",
            "received_on": today.isoformat(),
            "name": NAME,
            "phone": PHONE,
            "text": "来电反映情况。",
        },
        content_type="application/json",
        **admin,
    )
    assert entered.status_code == 201 and "name" not in entered.json()
    oid = entered.json()["id"]
    assert client.get(f"{STAFF}/notices/{pk}/objections", **officer).status_code == 403
    listed = client.get(f"{STAFF}/notices/{pk}/objections", **admin)
    assert [o["id"] for o in listed.json()] == [oid] and NAME not in listed.content.decode()
    one = client.get(f"{STAFF}/notice-objections/{oid}", **admin).json()
    assert (one["name"], one["phone"]) == (NAME, PHONE)
    assert Event.objects.filter(action="notice.objection_viewed", actor=county.admin_a).count() == 1
    assert client.get(f"{STAFF}/notice-objections/{oid}", **officer).status_code == 404
    handled = client.post(
        f"{STAFF}/notice-objections/{oid}/handle",
        {"finding": "not_upheld", "reply_note": "经核实不属实，已电话答复。"},
        content_type="application/json",
        **admin,
    )
    assert handled.json()["handled_at"]
    # The result waits for the end of the period.
    early = client.post(
        f"{STAFF}/notices/{pk}/result",
        {"outcome": "not_upheld", "text": "经核实不属实。"},
        content_type="application/json",
        **admin,
    )
    assert early.status_code == 422
    Notice.objects.filter(pk=pk).update(
        starts_on=today - dt.timedelta(days=8), ends_on=today - dt.timedelta(days=2)
    )
    done = client.post(
        f"{STAFF}/notices/{pk}/result",
        {"outcome": "not_upheld", "text": "公示期间收到异议1件，经核实不属实。"},
        content_type="application/json",
        **admin,
    )
    assert done.json()["status"] == "result" and done.json()["objections_received"] == 1
    assert client.post(f"{STAFF}/notices/{pk}/close", **admin).json()["status"] == "closed"
    assert Notice.objects.get(pk=pk).status == Status.CLOSED


def test_staff_api_hides_other_agencies(client, county):
    n = create(county)
    assert client.get(f"{STAFF}/notices/{n.pk}", **bearer(county.officer_b)).status_code == 404
    assert client.get(f"{STAFF}/notices", **bearer(county.officer_b)).json()["items"] == []
    office = client.get(f"{STAFF}/notices", **bearer(county.office)).json()["items"]
    assert [i["id"] for i in office] == [n.pk]  # the 公开办 above sees it
    assert client.get(f"{STAFF}/notices").status_code == 401
