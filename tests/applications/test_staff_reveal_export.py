"""ID numbers: masked everywhere; the assigned handler alone may reveal one, with a reason that
is audited. Exports (CSV, XLSX) carry masked numbers only; the iCal feed carries numbers and
due dates, nothing about the applicant."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gongkai.applications import ical
from gongkai.applications.services.workflow import application_assign
from gongkai.audit.models import Event
from tests.applications.conftest import registered_application
from tests.applications.staff_helpers import FULL_ID, MASKED_ID, freeze_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(county, monkeypatch):
    freeze_today(monkeypatch, "2026-03-16")
    application = registered_application(
        county.a, "2026-03-02", id_number=FULL_ID, applicant_name="李四", phone="13912345678"
    )
    return application_assign(actor=county.admin, application=application, handler=county.handler_a)


def reveal(client, user, case, reason="核对身份证件"):
    client.force_login(user)
    return client.post(reverse("applications_staff:reveal_id", args=[case.pk]), {"reason": reason})


def reveal_events():
    return Event.objects.filter(action="application.reveal_id")


def test_case_page_masks_the_id_for_everyone(client, county, case):
    for user in (county.handler_a, county.handler_a2, county.leader_a, county.office, county.admin):
        client.force_login(user)
        html = client.get(reverse("applications_staff:detail", args=[case.pk])).content.decode()
        assert FULL_ID not in html
        assert MASKED_ID in html


def test_assigned_handler_reveals_with_a_reason_and_it_is_audited(client, county, case):
    response = reveal(client, county.handler_a, case, reason="电话核实申请人身份")
    assert response.status_code == 200
    assert FULL_ID in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    (event,) = reveal_events()
    assert event.actor == county.handler_a
    assert event.object_id == str(case.pk)
    assert event.data["reason"] == "电话核实申请人身份"
    assert FULL_ID not in str(event.data)
    # The next page view is masked again.
    html = client.get(reverse("applications_staff:detail", args=[case.pk])).content.decode()
    assert FULL_ID not in html


def test_reveal_needs_a_reason(client, county, case):
    response = reveal(client, county.handler_a, case, reason="  ")
    assert response.status_code == 200
    assert FULL_ID not in response.content.decode()
    assert response.context["reveal_form"].errors
    assert not reveal_events().exists()


@pytest.mark.parametrize(
    "who,status",
    [
        ("handler_a2", 403),  # a handler of the agency, not assigned
        ("leader_a", 403),
        ("office", 403),
        ("admin", 403),  # even a system administrator is not the assigned handler
        ("handler_b", 404),  # another agency: the case does not exist for them
        ("officer_a", 404),
    ],
)
def test_nobody_else_may_reveal(client, county, case, who, status):
    response = reveal(client, getattr(county, who), case)
    assert response.status_code == status
    assert FULL_ID not in response.content.decode()
    assert not reveal_events().exists()


def test_reveal_is_post_only(client, county, case):
    client.force_login(county.handler_a)
    response = client.get(reverse("applications_staff:reveal_id", args=[case.pk]))
    assert response.status_code == 405
    assert not reveal_events().exists()


def test_contact_details_only_for_the_agencys_case_workers(client, county, case):
    client.force_login(county.leader_a)
    assert (
        "13912345678"
        in client.get(reverse("applications_staff:detail", args=[case.pk])).content.decode()
    )
    client.force_login(county.office)
    assert (
        "13912345678"
        not in client.get(reverse("applications_staff:detail", args=[case.pk])).content.decode()
    )


def test_csv_export_has_masked_ids_only(client, county, case):
    registered_application(county.a, "2026-03-03", id_number=FULL_ID, info_title="=HYPERLINK(1)")
    client.force_login(county.handler_a)
    response = client.get(reverse("applications_staff:export_csv"), {"tab": "all"})
    assert response.status_code == 200
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    text = content.decode("utf-8-sig")
    assert FULL_ID not in text
    assert "13912345678" not in text
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert {r[7] for r in rows[1:]} == {MASKED_ID}
    assert "'=HYPERLINK(1)" in {r[8] for r in rows[1:]}


def test_xlsx_export_has_masked_ids_only(client, county, case):
    registered_application(county.a, "2026-03-03", id_number=FULL_ID, info_title="=1+1")
    client.force_login(county.leader_a)
    response = client.get(reverse("applications_staff:export_xlsx"), {"tab": "all"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert len(values) == 3
    flat = " ".join(str(v) for row in values for v in row if v is not None)
    assert FULL_ID not in flat
    assert {row[7] for row in values[1:]} == {MASKED_ID}
    formula_cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+1")
    assert formula_cell.data_type == "s"


def test_export_follows_the_filters_and_scope(client, county, case):
    other = registered_application(county.b, "2026-03-02", id_number=FULL_ID)
    client.force_login(county.handler_a)
    text = client.get(reverse("applications_staff:export_csv"), {"tab": "all"}).content.decode(
        "utf-8-sig"
    )
    assert case.number in text and other.number not in text
    client.force_login(county.officer_a)
    assert client.get(reverse("applications_staff:export_csv")).status_code == 403


def test_ical_feed_has_due_dates_and_no_personal_data(client, county, case):
    second = registered_application(county.a, "2026-03-09", applicant_name="王五")
    application_assign(actor=county.admin, application=second, handler=county.handler_a)
    not_mine = registered_application(county.a, "2026-03-10")
    token = ical.token_for(county.handler_a)
    response = client.get(reverse("applications_staff:ical_feed", args=[token]))  # no login
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")
    assert text.count("BEGIN:VEVENT") == 2
    assert f"DTSTART;VALUE=DATE:{case.due_date:%Y%m%d}" in text
    assert f"DTSTART;VALUE=DATE:{second.due_date:%Y%m%d}" in text
    assert case.number in text and second.number in text
    assert not_mine.number not in text
    for personal in (
        "李四",
        "王五",
        FULL_ID,
        "13912345678",
        case.info_title,
        "applicant@example.com",
    ):
        assert personal not in text
    assert f"UID:application-{case.pk}-due@" in text


def test_ical_token_must_match(client, county, case):
    token = ical.token_for(county.handler_a)
    user_id, mac = token.split("-")
    forged = f"{county.handler_a2.pk}-{mac}"
    assert client.get(reverse("applications_staff:ical_feed", args=[forged])).status_code == 404
    assert client.get(reverse("applications_staff:ical_feed", args=["x-y"])).status_code == 404


def test_ical_info_page_shows_the_personal_address(client, county):
    client.force_login(county.handler_a)
    response = client.get(reverse("applications_staff:ical_info"))
    assert ical.token_for(county.handler_a) in response.content.decode()
    client.force_login(county.office)
    assert client.get(reverse("applications_staff:ical_info")).status_code == 403
