"""The public read API (every element of a published guide, life events, fee lists, the
comparison of time limits) and the staff API (every step of drafting and review, refused to
other roles and agencies)."""

from __future__ import annotations

import json

import pytest

from gongkai.accounts.tokens import token_create
from gongkai.services import services
from gongkai.services.models import Matter, MatterStatus, VersionStatus
from tests.services.conftest import create, guide, minimal_pdf, next_code, publish

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def send(client, method, url, user, payload=None):
    return getattr(client, method)(
        url, data=json.dumps(payload or {}), content_type="application/json", **bearer(user)
    )


def test_public_api_returns_every_element(client, published):
    data = client.get(f"/api/v1/matters/{published.implementation_code}").json()
    content = guide()
    for name in (
        "name",
        "basic_code",
        "implementing_body",
        "conditions",
        "special_procedures",
        "place",
        "hours",
        "consultation_phone",
        "consultation_other",
        "complaint_phone",
        "complaint_other",
        "online_url",
        "mobile_url",
        "result_name",
    ):
        assert data[name] == content[name], name
    assert data["matter_type"] == content["matter_type"]
    assert data["power_source"] == content["power_source"]
    assert data["case_kind"] == "promised" and data["visits"] == 1
    assert data["statutory_limit"]["value"] == 15 and data["promised_limit"]["value"] == 3
    assert data["online_depth"] == "pre_review" and data["result_type"] == "certificate"
    assert data["serves_natural_persons"] is True and data["serves_organizations"] is False
    assert data["charges_fee"] is False
    assert [b["title"] for b in data["legal_bases"]] == ["《测试条例》"]
    assert [m["form"] for m in data["materials"]] == ["original", "original_and_copy"]
    assert data["materials"][0]["sample"]["name"] == "申请书示例.pdf"
    assert len(data["steps"]) == 4 and data["questions"][0]["question"]
    assert data["changed_on"] == "2026-05-15"
    listed = client.get("/api/v1/matters").json()
    assert [m["implementation_code"] for m in listed["items"]] == [published.implementation_code]


def test_public_api_hides_drafts_and_withdrawn(client, county, published):
    draft = create(county)
    assert client.get(f"/api/v1/matters/{draft.implementation_code}").status_code == 404
    services.matter_withdraw(actor=county.reviewer_a, matter=published, reason="取消")
    assert client.get(f"/api/v1/matters/{published.implementation_code}").status_code == 404
    assert client.get("/api/v1/matters").json()["items"] == []


def test_public_api_fee_list_life_events_and_comparison(client, county):
    fee = services.fee_item_create(
        actor=county.reviewer_a, agency=county.a, name="登记费", standard="每件5元", amount="5"
    )
    matter = publish(
        county, create(county, charges_fee=True, fee_standard="每件5元", fee_items=[fee])
    )
    event = services.life_event_create(
        actor=county.office, agency=county.government, name="开办企业", slug="start-a-business"
    )
    services.life_event_update(actor=county.office, event=event, matters=[matter])
    fees = client.get(f"/api/v1/fee-lists/{county.a.credit_code}").json()
    assert fees["items"][0]["name"] == "登记费" and fees["items"][0]["matters"] == [
        matter.implementation_code
    ]
    events = client.get("/api/v1/life-events").json()["items"]
    assert events[0]["slug"] == "start-a-business" and events[0]["matters"] == 1
    by_event = client.get("/api/v1/matters", {"life_event": "start-a-business"}).json()["items"]
    assert [m["implementation_code"] for m in by_event] == [matter.implementation_code]
    comparison = client.get("/api/v1/matter-time-limits").json()
    row = comparison["agencies"][0]
    assert (
        row["statutory_total"] == 15 and row["promised_total"] == 3 and row["reduction_total"] == 12
    )
    assert comparison["rule"]


def test_every_step_through_the_staff_api(client, county, published):
    officer, reviewer = county.officer_a, county.reviewer_a
    upload = client.post(
        "/api/v1/staff/matter-files",
        {"agency": county.a.credit_code, "file": _upload("表.pdf")},
        **bearer(officer),
    )
    assert upload.status_code == 201, upload.content
    file_id = upload.json()["id"]
    created = send(
        client,
        "post",
        "/api/v1/staff/matters",
        officer,
        {
            "agency": county.a.credit_code,
            "implementation_code": next_code(),
            **{k: v for k, v in guide().items() if k not in ("materials", "bases")},
            "department": "登记注册科",
            "bases": [{"title": "《测试条例》", "article": "第三条"}],
            "materials": [{"name": "申请表", "form": "original", "blank_form_id": file_id}],
        },
    )
    assert created.status_code == 201, created.content
    matter_id = created.json()["id"]
    url = f"/api/v1/staff/matters/{matter_id}/versions/1"
    changed = send(client, "put", url, officer, {"promised_limit": 2, "note": "缩短承诺时限"})
    assert changed.status_code == 200 and changed.json()["content"]["promised_limit"] == 2
    assert send(client, "post", f"{url}/approve", reviewer).status_code == 422  # not submitted
    assert (
        send(client, "post", f"{url}/submit", officer).json()["status"] == VersionStatus.SUBMITTED
    )
    assert send(client, "post", f"{url}/submit", reviewer).status_code == 403
    returned = send(client, "post", f"{url}/return", reviewer, {"reason": "请补充条款内容。"})
    assert returned.json()["status"] == VersionStatus.RETURNED
    send(
        client,
        "put",
        url,
        officer,
        {"bases": [{"title": "《测试条例》", "article": "第三条", "excerpt": "内容。"}]},
    )
    send(client, "post", f"{url}/submit", officer)
    approved = send(client, "post", f"{url}/approve", reviewer)
    assert approved.json()["status"] == VersionStatus.PUBLISHED
    matter = Matter.objects.get(pk=matter_id)
    assert matter.status == MatterStatus.PUBLISHED
    assert client.get(f"/api/v1/matters/{matter.implementation_code}").status_code == 200
    draft = send(
        client, "post", f"/api/v1/staff/matters/{matter_id}/drafts", officer, {"note": "改地点"}
    )
    assert draft.status_code == 201 and draft.json()["number"] == 2
    send(client, "put", f"/api/v1/staff/matters/{matter_id}/versions/2", officer, {"place": "三楼"})
    diff = client.get(
        f"/api/v1/staff/matters/{matter_id}/versions/2/diff", **bearer(officer)
    ).json()
    assert [c["field"] for c in diff["changes"]] == ["place"]
    assert (
        client.delete(
            f"/api/v1/staff/matters/{matter_id}/versions/2", **bearer(officer)
        ).status_code
        == 204
    )
    withdrawn = send(
        client, "post", f"/api/v1/staff/matters/{matter_id}/withdraw", reviewer, {"reason": "取消"}
    )
    assert withdrawn.json()["status"] == MatterStatus.WITHDRAWN


def test_staff_api_is_scoped_to_the_agency(client, county, published):
    other = county.officer_b
    assert client.get(f"/api/v1/staff/matters/{published.pk}", **bearer(other)).status_code == 404
    assert client.get("/api/v1/staff/matters", **bearer(other)).json()["items"] == []
    seen = client.get("/api/v1/staff/matters", **bearer(county.office)).json()["items"]
    assert [m["id"] for m in seen] == [published.pk]  # the 公开办 supervises the bureaus
    assert (
        send(
            client, "post", f"/api/v1/staff/matters/{published.pk}/drafts", county.office
        ).status_code
        == 403
    )
    assert client.get("/api/v1/staff/matters").status_code == 401


def test_staff_api_fee_items(client, county):
    created = send(
        client,
        "post",
        "/api/v1/staff/fee-items",
        county.reviewer_a,
        {"agency": county.a.credit_code, "name": "工本费", "standard": "每本10元", "amount": "10"},
    )
    assert created.status_code == 201
    refused = send(
        client,
        "post",
        "/api/v1/staff/fee-items",
        county.officer_a,
        {"agency": county.a.credit_code, "name": "其他费", "standard": "每件1元"},
    )
    assert refused.status_code == 403
    item_id = created.json()["id"]
    changed = send(
        client,
        "patch",
        f"/api/v1/staff/fee-items/{item_id}",
        county.reviewer_a,
        {"standard": "每本8元"},
    )
    assert changed.json()["standard"] == "每本8元"


def _upload(name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, minimal_pdf(), content_type="application/pdf")
