"""The API of solicitations: the public read endpoints (never a name, phone number or e-mail of
the public) and the staff endpoints for every step, in the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from gongkai.accounts.tokens import token_create
from gongkai.solicitation import services
from gongkai.solicitation.models import CommentStatus, Decision, Solicitation, Status
from tests.factories import published_item
from tests.solicitation.conftest import at, create, ended_yesterday, open_today

NAME, PHONE, EMAIL = "欧阳明月", "13955556666", "oymy@example.com"
STAFF = "/api/v1/staff"


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def no_contact(content: bytes) -> None:
    text = content.decode()
    for secret in (NAME, PHONE, EMAIL):
        assert secret not in text


@pytest.fixture
def answered(county):
    s = ended_yesterday(county, title="已答复的征集")
    during = at(s.opens_on + dt.timedelta(days=1))
    shown = services.comment_submit(
        solicitation=s,
        data={
            "name": NAME,
            "phone": PHONE,
            "email": EMAIL,
            "text": f"我是{NAME}，建议公开评价结果。",
        },
        now=during,
    )
    hidden = services.comment_submit(
        solicitation=s, data={"name": NAME, "phone": "13955557777", "text": "广告"}, now=during
    )
    services.comment_approve(
        actor=county.reviewer_a,
        comment=shown,
        public_text=services.suggested_public_text(shown),
        now=during,
    )
    services.comment_reject(actor=county.reviewer_a, comment=hidden, reason="广告", now=during)
    services.solicitations_close_due()
    services.entry_save(
        actor=county.officer_a,
        solicitation=s,
        summary="公开评价结果",
        decision=Decision.ADOPTED,
        comments=[shown],
    )
    item = published_item(county.a, title="最终文件")
    services.feedback_update(
        actor=county.officer_a, solicitation=s, summary="收到意见2条。", final_item=item
    )
    services.feedback_publish(actor=county.officer_a, solicitation=s)
    return s, item


# --- public ---------------------------------------------------------------------------------


def test_public_list_and_detail_carry_no_personal_data(client, county, answered):
    s, item = answered
    running = open_today(county, title="正在征集")
    services.comment_submit(
        solicitation=running, data={"name": NAME, "phone": PHONE, "text": "待审核的意见"}
    )
    draft = create(county, title="草稿不公开")
    response = client.get("/api/v1/solicitations")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    titles = [row["title"] for row in response.json()["items"]]
    assert set(titles) == {s.title, running.title}
    no_contact(response.content)

    response = client.get("/api/v1/solicitations", {"phase": "open"})
    assert [row["id"] for row in response.json()["items"]] == [running.pk]
    open_row = response.json()["items"][0]
    assert open_row["days_remaining"] == 25 and open_row["figures"] is None

    detail = client.get(f"/api/v1/solicitations/{s.pk}")
    assert detail.status_code == 200
    data = detail.json()
    assert data["figures"] == {
        "received": 2,
        "shown": 1,
        "not_shown": 1,
        "adopted": 1,
        "partly_adopted": 0,
        "not_adopted": 0,
    }
    (comment,) = data["comments"]
    assert comment["shown_as"] == "公众意见" and "个人信息已隐去" in comment["text"]
    assert data["feedback"]["final_document"]["url"].endswith(item.get_absolute_url())
    no_contact(detail.content)
    pending = client.get(f"/api/v1/solicitations/{running.pk}").json()
    assert pending["comments"] == []
    assert client.get(f"/api/v1/solicitations/{draft.pk}").status_code == 404
    assert client.get("/api/v1/solicitations/99999999999999999999").status_code in (404, 422)


def test_the_openapi_document_lists_the_endpoints(client):
    doc = json.loads(client.get("/api/v1/openapi.json").content)
    paths = doc["paths"]
    assert {"/api/v1/solicitations", "/api/v1/solicitations/{solicitation_id}"} <= set(paths)
    for path in (
        "/api/v1/staff/solicitations",
        "/api/v1/staff/solicitations/{solicitation_id}",
        "/api/v1/staff/solicitations/{solicitation_id}/publish",
        "/api/v1/staff/solicitations/{solicitation_id}/close",
        "/api/v1/staff/solicitations/{solicitation_id}/files",
        "/api/v1/staff/solicitations/{solicitation_id}/comments",
        "/api/v1/staff/solicitation-comments/{comment_id}/approve",
        "/api/v1/staff/solicitation-comments/{comment_id}/reject",
        "/api/v1/staff/solicitations/{solicitation_id}/decisions",
        "/api/v1/staff/solicitation-decisions/{decision_id}",
        "/api/v1/staff/solicitations/{solicitation_id}/feedback",
        "/api/v1/staff/solicitations/{solicitation_id}/feedback/publish",
        "/api/v1/staff/solicitations/{solicitation_id}/final-document",
        "/api/v1/staff/solicitation-registrations/{registration_id}/decide",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/solicitations"]) == {"get"}


# --- staff ----------------------------------------------------------------------------------


def payload(county, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "agency": county.a.credit_code,
        "title": "接口创建的征集",
        "draft_html": "<p>第一条 内容。</p>",
        "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=29)).isoformat(),
        "comment_email": "yijian@example.cn",
    }
    data.update(overrides)
    return data


def test_every_step_through_the_staff_api(client, county):
    officer, reviewer = bearer(county.officer_a), bearer(county.reviewer_a)
    today = timezone.localdate()
    short = payload(county, closes_on=(today + dt.timedelta(days=9)).isoformat())
    response = client.post(
        f"{STAFF}/solicitations", short, content_type="application/json", **officer
    )
    assert response.status_code == 422 and "30" in response.json()["detail"]
    response = client.post(
        f"{STAFF}/solicitations",
        {**short, "short_period_reason": "紧急"},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["period_days"] == 10 and response.json()["status"] == "draft"

    response = client.post(
        f"{STAFF}/solicitations/{pk}/files",
        {"file": _pdf(), "role": "draft"},
        **officer,
    )
    assert response.status_code == 201 and response.json()["files"][0]["type"] == "pdf"
    response = client.patch(
        f"{STAFF}/solicitations/{pk}",
        {"summary": "简介"},
        content_type="application/json",
        **officer,
    )
    assert response.json()["summary"] == "简介"
    response = client.post(
        f"{STAFF}/solicitations/{pk}/publish", {}, content_type="application/json", **reviewer
    )
    assert response.status_code == 403
    response = client.post(
        f"{STAFF}/solicitations/{pk}/publish", {}, content_type="application/json", **officer
    )
    assert response.status_code == 200 and response.json()["phase"] == "open"

    s = Solicitation.objects.get(pk=pk)
    online = services.comment_submit(
        solicitation=s, data={"name": NAME, "phone": PHONE, "email": EMAIL, "text": "网上意见"}
    )
    response = client.post(
        f"{STAFF}/solicitations/{pk}/comments",
        {"channel": "email", "received_on": today.isoformat(), "name": NAME, "text": "邮件意见"},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 201
    emailed = response.json()["id"]
    listed = client.get(f"{STAFF}/solicitations/{pk}/comments", **officer)
    assert {c["id"] for c in listed.json()} == {online.pk, emailed}
    no_contact(listed.content)  # the staff API does not hand out contact details either

    response = client.post(
        f"{STAFF}/solicitation-comments/{online.pk}/approve",
        {},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 403  # 信息员 do not moderate
    response = client.post(
        f"{STAFF}/solicitation-comments/{online.pk}/approve",
        {},
        content_type="application/json",
        **reviewer,
    )
    assert response.status_code == 200 and response.json()["status"] == CommentStatus.APPROVED
    response = client.post(
        f"{STAFF}/solicitation-comments/{emailed}/reject",
        {"reason": "重复"},
        content_type="application/json",
        **reviewer,
    )
    assert response.json()["status"] == CommentStatus.REJECTED

    response = client.post(
        f"{STAFF}/solicitations/{pk}/close",
        {"reason": ""},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 422
    response = client.post(
        f"{STAFF}/solicitations/{pk}/close",
        {"reason": "提前完成"},
        content_type="application/json",
        **officer,
    )
    assert response.json()["status"] == Status.CLOSED

    response = client.post(
        f"{STAFF}/solicitations/{pk}/decisions",
        {"summary": "网上意见", "decision": "not_adopted", "comments": [online.pk]},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 422  # a reason is required
    response = client.post(
        f"{STAFF}/solicitations/{pk}/decisions",
        {"summary": "网上意见", "decision": "adopted", "comments": [online.pk]},
        content_type="application/json",
        **officer,
    )
    assert response.status_code == 201
    decision = response.json()["id"]
    response = client.put(
        f"{STAFF}/solicitation-decisions/{decision}",
        {
            "summary": "网上意见",
            "decision": "partly_adopted",
            "reason": "部分已有规定",
            "comments": [online.pk],
        },
        content_type="application/json",
        **officer,
    )
    assert response.json()["decision"] == "partly_adopted"
    item = published_item(county.a, title="正式文件")
    response = client.put(
        f"{STAFF}/solicitations/{pk}/feedback",
        {"summary": "共收到意见2条。", "final_item": item.pk},
        content_type="application/json",
        **officer,
    )
    assert response.json()["final_item"] == item.pk
    response = client.post(f"{STAFF}/solicitations/{pk}/feedback/publish", **officer)
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == Status.FEEDBACK_PUBLISHED
    assert body["figures"]["received"] == 2 and body["figures"]["partly_adopted"] == 1


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "征求意见稿.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf"
    )


def test_staff_api_hides_other_agencies(client, county):
    theirs = open_today(county, agency=county.b, actor=county.officer_b)
    headers = bearer(county.officer_a)
    assert client.get(f"{STAFF}/solicitations/{theirs.pk}", **headers).status_code == 404
    assert client.get(f"{STAFF}/solicitations", **headers).json()["items"] == []
    response = client.post(
        f"{STAFF}/solicitations",
        payload(county, agency=county.b.credit_code),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    assert client.get(f"{STAFF}/solicitations").status_code == 401


def test_hearing_registrations_through_the_staff_api(client, county):
    from gongkai.solicitation.models import Kind

    s = open_today(county, kind=Kind.HEARING)
    r = services.registration_submit(solicitation=s, data={"name": NAME, "phone": PHONE})
    headers = bearer(county.officer_a)
    listed = client.get(f"{STAFF}/solicitations/{s.pk}/registrations", **headers)
    assert [row["id"] for row in listed.json()] == [r.pk]
    no_contact(listed.content)
    response = client.post(
        f"{STAFF}/solicitation-registrations/{r.pk}/decide",
        {"selected": True},
        content_type="application/json",
        **headers,
    )
    assert response.json()["status"] == "selected"
