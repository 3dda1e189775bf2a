"""The staff API: per-person tokens, the same services and permission checks as the screens."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.accounts.models import ApiToken
from gongkai.accounts.tokens import token_create, token_revoke
from gongkai.applications.models import Application, Status
from gongkai.audit.models import Event
from tests.applications.conftest import registered_application

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/applications"

APPLICANT = {
    "applicant_kind": "natural_person",
    "applicant_name": "林小雨",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13812345678",
    "address": "测试县人民路8号",
    "info_title": "2025年度县城道路维修项目的验收报告",
    "form_wanted": "paper",
    "delivery_wanted": "post",
}


def bearer(user) -> dict[str, str]:
    _token, raw = token_create(actor=None, user=user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_token_command_creates_a_token_shown_once(county):
    out, err = StringIO(), StringIO()
    call_command("token", "create", county.handler_a.username, stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("gk_") and len(raw) > 30
    token = ApiToken.objects.get(user=county.handler_a)
    assert raw not in token.key_hash  # only a keyed hash is stored
    out = StringIO()
    call_command("token", "list", county.handler_a.username, stdout=out)
    assert token.prefix in out.getvalue()


def test_requests_without_a_valid_token_are_refused(client, county):
    assert client.get(BASE).status_code == 401
    assert client.get(BASE, HTTP_AUTHORIZATION="Bearer gk_wrong").status_code == 401
    token, raw = token_create(actor=None, user=county.handler_a)
    token_revoke(actor=None, token=token)
    assert client.get(BASE, HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_register_then_follow_the_case_through_the_api(client, county):
    headers = bearer(county.handler_a)
    payload = {
        "agency": county.a.credit_code,
        "channel": "in_person",
        "received_on": "2026-09-15",
        **APPLICANT,
    }
    response = client.post(BASE, payload, content_type="application/json", **headers)
    assert response.status_code == 201, response.content
    number = response.json()["number"]
    assert response.json()["query_code"]
    detail = client.get(f"{BASE}/{number}", **headers).json()
    assert detail["received_on"] == "2026-09-15"
    assert detail["due_date"] == "2026-10-19"  # Mid-autumn and National Day skipped
    assert detail["id_number_masked"] != APPLICANT["id_number"]
    assert "*" in detail["id_number_masked"]
    assert any("2026年10月19日" in line for line in detail["clock_explanation"])

    response = client.post(
        f"{BASE}/{number}/assign",
        {"handler": county.handler_a.username},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    response = client.post(
        f"{BASE}/{number}/decide",
        {"outcome": "granted", "provided": "验收报告复印件一份，邮寄送达。"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == Status.DECIDED
    application = Application.objects.get(number=number)
    # The same audit trail as the screens, with the token's person as the actor.
    assert Event.objects.filter(
        action="application.decide", actor=county.handler_a, object_id=str(application.pk)
    ).exists()


def test_staff_of_another_agency_cannot_see_or_act(client, county):
    application = registered_application(county.a, received_on="2026-03-02")
    headers = bearer(county.handler_b)
    assert client.get(f"{BASE}/{application.number}", **headers).status_code == 404
    response = client.post(
        f"{BASE}/{application.number}/decide",
        {"outcome": "granted", "provided": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 404
    listed = client.get(BASE, **headers).json()["items"]
    assert application.number not in {a["number"] for a in listed}


def _calendar_until_next_year(today):
    """This test runs on today's date: make sure the calendar reaches into next year (a plain
    weekday calendar for a year nobody has entered yet)."""
    from gongkai.workdays.models import CalendarYear

    for year in (today.year, today.year + 1):
        CalendarYear.objects.get_or_create(year=year, defaults={"note": "test: weekdays only"})


def test_a_service_refusal_comes_back_with_its_message(client, county):
    from django.utils import timezone

    today = timezone.localdate()
    _calendar_until_next_year(today)
    application = registered_application(county.a, received_on=today.isoformat())
    headers = bearer(county.handler_a)
    client.post(
        f"{BASE}/{application.number}/assign",
        {"handler": county.handler_a.username},
        content_type="application/json",
        **headers,
    )
    # An extension may be approved only by a leader.
    response = client.post(
        f"{BASE}/{application.number}/extension",
        {"days": 10, "reason": "需要调取档案"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content.decode()
    response = client.post(f"{BASE}/{application.number}/extension/approve", **headers)
    assert response.status_code == 403
    leader = bearer(county.leader_a)
    response = client.post(f"{BASE}/{application.number}/extension/approve", **leader)
    assert response.status_code == 200, response.content
    assert response.json()["due_date"] > application.due_date.isoformat()
    # More than 20 working days is refused with the service's message.
    other = registered_application(county.a, received_on=today.isoformat())
    response = client.post(
        f"{BASE}/{other.number}/extension",
        {"days": 25, "reason": "x"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422
    assert response.json()["detail"]


def test_openapi_documents_the_staff_endpoints(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/staff/applications" in spec["paths"]
    assert "/api/v1/staff/applications/{number}/decide" in spec["paths"]
    assert any(
        "Bearer" in str(v) or v.get("scheme") == "bearer"
        for v in spec["components"]["securitySchemes"].values()
    )


def test_issue_and_deliver_a_reply_through_the_api(client, county):
    application = registered_application(county.a, received_on="2026-03-02")
    headers = bearer(county.handler_a)
    number = application.number
    client.post(
        f"{BASE}/{number}/assign",
        {"handler": county.handler_a.username},
        content_type="application/json",
        **headers,
    )
    response = client.post(
        f"{BASE}/{number}/decide",
        {"outcome": "withheld_6"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content.decode()
    response = client.post(
        f"{BASE}/{number}/letters", {"kind": "reply"}, content_type="application/json", **headers
    )
    assert response.status_code == 201, response.content.decode()
    letter_id = response.json()["id"]
    response = client.post(f"{BASE}/{number}/letters/{letter_id}/issue", **headers)
    assert response.status_code == 200, response.content.decode()
    pdf = client.get(f"{BASE}/{number}/letters/{letter_id}.pdf", **headers)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    response = client.post(
        f"{BASE}/{number}/letters/{letter_id}/deliveries",
        {"method": "in_person", "delivered_on": timezone_today().isoformat()},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content.decode()
    assert response.json()["status"] == "replied"
    # An issued letter cannot be changed any more.
    response = client.put(
        f"{BASE}/{number}/letters/{letter_id}",
        {"body": "改"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422


def timezone_today():
    from django.utils import timezone

    return timezone.localdate()
