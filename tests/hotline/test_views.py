"""The hotline's staff pages through the test client: the quick form (one transaction, input
kept on errors), the day's list, the record page with its forms, the follow-ups due, the
counts with their XLSX export, and the refusals by role and agency."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from gongkai.hotline.models import Contact, ContactStatus
from gongkai.interaction.models import Message
from tests.hotline.conftest import answered, register, reply_letter, work_order

pytestmark = pytest.mark.django_db


def _quick(agency, **fields):
    now = timezone.localtime()
    data = {
        "agency": agency.pk,
        "kind": "call",
        "started_at": now.strftime("%Y-%m-%dT%H:%M"),
        "caller_phone": "13912345678",
        "caller_name": "王五",
        "duration_minutes": "4",
        "visitors": "1",
        "category": "inquiry",
        "summary": "咨询医保缴费的截止时间。",
        "outcome": "answer",
        "answer": "截止到12月31日。",
    }
    data.update(fields)
    return data


def test_the_quick_form_registers_and_answers_in_one_step(client, county):
    client.force_login(county.a.handler)
    url = reverse("hotline_staff:register")
    html = client.get(url).content.decode()
    assert "autofocus" in html and 'accesskey="s"' in html
    response = client.post(url, _quick(county.a.agency))
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("hotline_staff:contact", args=[contact.pk])
    assert contact.status == ContactStatus.ANSWERED and contact.answer == "截止到12月31日。"
    # "Save and register the next one" comes back to an empty form for the same kind.
    response = client.post(url, _quick(county.a.agency, kind="visit", another="1"))
    assert response["Location"] == f"{url}?kind=visit"


def test_the_quick_form_keeps_everything_typed_and_saves_nothing_on_an_error(client, county):
    client.force_login(county.a.handler)
    url = reverse("hotline_staff:register")
    response = client.post(url, _quick(county.a.agency, caller_phone="12", answer=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "咨询医保缴费的截止时间。" in html and 'value="12"' in html
    assert "0579-12345678" in html  # the phone's message shows an example
    assert not Contact.objects.exists()
    # A work order refused by the letter's rules (no title can be made from an empty
    # summary is impossible here, so: dispatch without a reason) leaves nothing either.
    response = client.post(
        url,
        _quick(county.a.agency, outcome="work_order", to_agency=county.b.agency.pk),
    )
    assert response.status_code == 200
    assert not Contact.objects.exists() and not Message.objects.exists()


def test_the_quick_form_makes_a_dispatched_work_order(client, county):
    client.force_login(county.a.handler)
    response = client.post(
        reverse("hotline_staff:register"),
        _quick(
            county.a.agency,
            outcome="work_order",
            answer="",
            title="医保缴费咨询",
            to_agency=county.b.agency.pk,
            dispatch_reason="由住建局答复",
        ),
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert contact.message.agency == county.b.agency
    assert contact.message.title == "医保缴费咨询"
    html = client.get(reverse("hotline_staff:contact", args=[contact.pk])).content.decode()
    assert reverse("interaction_staff:detail", args=[contact.message.number]) in html


def test_the_day_list_shows_the_days_contacts_of_my_agencies(client, county):
    mine = answered(county.a, day="2026-09-21")
    other = answered(county.b, day="2026-09-21")
    client.force_login(county.a.handler)
    html = client.get(reverse("hotline_staff:day"), {"day": "2026-09-21"}).content.decode()
    assert mine.number in html and other.number not in html
    html = client.get(reverse("hotline_staff:day"), {"day": "2026-09-22"}).content.decode()
    assert mine.number not in html


def test_the_record_page_offers_the_outcome_and_then_the_follow_up(client, county):
    contact = register(county.a)
    client.force_login(county.a.handler)
    page = reverse("hotline_staff:contact", args=[contact.pk])
    html = client.get(page).content.decode()
    assert reverse("hotline_staff:answer", args=[contact.pk]) in html
    assert reverse("hotline_staff:work_order", args=[contact.pk]) in html
    response = client.post(reverse("hotline_staff:answer", args=[contact.pk]), {"answer": ""})
    assert response.status_code == 400
    response = client.post(
        reverse("hotline_staff:answer", args=[contact.pk]), {"answer": "已当场解答。"}
    )
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "已当场解答。" in html
    assert reverse("hotline_staff:follow_up", args=[contact.pk]) in html
    response = client.post(
        reverse("hotline_staff:follow_up", args=[contact.pk]),
        {"reached": "1", "satisfaction": "", "note": ""},
    )
    assert response.status_code == 400  # satisfaction missing
    response = client.post(
        reverse("hotline_staff:follow_up", args=[contact.pk]),
        {"reached": "1", "satisfaction": "satisfied", "note": "很满意"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.satisfaction == "satisfied"


def test_the_record_page_turns_a_contact_into_a_work_order(client, county):
    contact = register(county.a)
    client.force_login(county.a.handler)
    response = client.post(
        reverse("hotline_staff:work_order", args=[contact.pk]),
        {"kind": "help", "title": "", "to_agency": "", "dispatch_reason": ""},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.message.kind == "help"
    assert contact.message.title.startswith("咨询城乡居民医保")  # from the summary


def test_follow_ups_due_lists_the_concluded_not_yet_called(client, county):
    done = answered(county.a, day="2026-09-21")
    contact, message = work_order(county.a, day="2026-09-22")
    open_contact, _open = work_order(county.a, day="2026-09-22")
    reply_letter(county.a, message)
    client.force_login(county.a.handler)
    html = client.get(reverse("hotline_staff:follow_ups")).content.decode()
    assert done.number in html and contact.number in html
    assert open_contact.number not in html
    assert "2026年9月22日" in html  # the answer's follow-up is due the next working day


def test_counts_page_and_export_agree(client, county):
    answered(county.a, day="2026-09-21")
    contact, message = work_order(county.a, day="2026-09-22")
    reply_letter(county.a, message)
    client.force_login(county.office)
    response = client.get(
        reverse("hotline_staff:counts"), {"period": "month", "year": "2026", "n": "9"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "受理来电2件，接待来访0件（0人次），查处结案2件，其中当场答复1件" in html
    response = client.get(
        reverse("hotline_staff:counts_export"), {"period": "month", "year": "2026", "n": "9"}
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    total = next(r for r in rows if r[0] == "合计")
    assert total[1:8] == [2, 2, 0, 1, 1, 0, 2]
    assert (
        client.get(reverse("hotline_staff:counts"), {"period": "month", "n": "13"}).status_code
        == 404
    )


def test_refusals_by_role_and_agency(client, county):
    contact = register(county.a)
    # A reviewer reads but may not register or act.
    client.force_login(county.a.reviewer)
    assert client.get(reverse("hotline_staff:contact", args=[contact.pk])).status_code == 200
    assert client.get(reverse("hotline_staff:register")).status_code == 403
    response = client.post(reverse("hotline_staff:answer", args=[contact.pk]), {"answer": "答"})
    assert response.status_code == 403
    # Another agency's handler does not even see it.
    client.force_login(county.b.handler)
    assert client.get(reverse("hotline_staff:contact", args=[contact.pk])).status_code == 404
    response = client.post(reverse("hotline_staff:answer", args=[contact.pk]), {"answer": "答"})
    assert response.status_code == 404
    # An 信息员 has no business here at all.
    client.force_login(county.a.officer)
    assert client.get(reverse("hotline_staff:day")).status_code == 403
    contact.refresh_from_db()
    assert contact.status == ContactStatus.REGISTERED
    client.logout()
    assert client.get(reverse("hotline_staff:day")).status_code == 302  # to the login
