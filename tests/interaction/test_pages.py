"""The public and staff pages of letters, through the test client: writing with the CAPTCHA,
the confirmation with number and code, tracking, rating, and the staff actions."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications import captcha
from gongkai.interaction.models import Message, MessageStatus
from gongkai.interaction.services.intake import mailbox_for_agency
from tests.interaction.conftest import LETTER, assigned, replied

pytestmark = pytest.mark.django_db


def write(client, agency, solve=True, **overrides):
    url = reverse("interaction:write", args=[mailbox_for_agency(agency).pk])
    client.get(url)
    answer = captcha.pending_answer(client.session, "letter") if solve else "wrong"
    return client.post(url, {**LETTER, **overrides, "captcha": answer})


def test_the_mailbox_list_links_every_agency(client, county):
    html = client.get(reverse("interaction:mailbox_list")).content.decode()
    for agency in (county.gov, county.a.agency, county.b.agency):
        assert agency.name in html


def test_writing_gives_number_and_code_and_keeps_the_input_on_errors(client, county):
    response = write(client, county.a.agency, writer_mobile="12345")
    html = response.content.decode()
    assert response.status_code == 200 and "11" in html  # the mobile message
    assert LETTER["content"] in html  # nothing typed is lost
    assert not Message.objects.exists()
    response = write(client, county.a.agency, solve=False)
    assert not Message.objects.exists()
    response = write(client, county.a.agency)
    message = Message.objects.get()
    html = response.content.decode()
    assert message.number in html and 'id="query-code"' in html


def test_tracking_needs_number_and_code_and_then_allows_one_rating(client, county):
    message = replied(county.a)
    from gongkai.interaction.services.intake import hash_query_code

    Message.objects.filter(pk=message.pk).update(
        query_code_hash=hash_query_code(message.number, "ABCD2345")
    )
    status_url = reverse("interaction:status", args=[message.number])
    assert client.get(status_url).status_code == 302  # not proved yet
    response = client.post(
        reverse("interaction:track"), {"number": message.number, "query_code": "WRONG234"}
    )
    assert "不正确" in response.content.decode() or "not correct" in response.content.decode()
    response = client.post(
        reverse("interaction:track"), {"number": message.number, "query_code": "abcd-2345"}
    )
    assert response.status_code == 302
    html = client.get(status_url).content.decode()
    assert "路灯已于9月23日修复" in html and 'id="rating-form"' in html
    client.post(
        reverse("interaction:rate", args=[message.number]),
        {"rating": "basically", "comment": "还行"},
    )
    message.refresh_from_db()
    assert message.rating == "basically"
    assert 'id="rating-form"' not in client.get(status_url).content.decode()


def test_staff_take_a_letter_through_their_screens(client, county):
    message = assigned(county.a)
    client.force_login(county.a.handler)

    def do(action, **data):
        return client.post(reverse("interaction_staff:do", args=[message.number, action]), data)  # noqa: E731

    assert do("reply", reply="已修复", submit="on").status_code == 302
    message.refresh_from_db()
    assert message.status == MessageStatus.REVIEW
    assert do("review", decision="approve").status_code == 403  # not the handler's step
    client.force_login(county.a.reviewer)
    response = do("review", decision="approve")
    assert response.status_code == 302, response.content.decode()[:2000]
    message.refresh_from_db()
    assert message.status == MessageStatus.REPLIED
    html = client.get(reverse("interaction_staff:detail", args=[message.number])).content.decode()
    assert 'id="reply"' in html


def test_a_refused_step_shows_the_reason_on_the_case_page(client, county):
    message = assigned(county.a)
    client.force_login(county.a.handler)
    response = client.post(
        reverse("interaction_staff:do", args=[message.number, "extension_request"]),
        {"days": 99, "reason": "x"},
    )
    assert response.status_code == 400


def test_the_queue_lists_the_agencys_letters_only(client, county):
    mine = assigned(county.a)
    theirs = assigned(county.b, title="公交站台破损")
    client.force_login(county.a.handler)
    html = client.get(reverse("interaction_staff:queue") + "?tab=all").content.decode()
    assert mine.number in html and theirs.number not in html
    client.force_login(county.office)
    html = client.get(reverse("interaction_staff:queue") + "?tab=all").content.decode()
    assert mine.number in html and theirs.number in html


def test_staff_register_a_call(client, county):
    client.force_login(county.a.handler)
    response = client.post(
        reverse("interaction_staff:register"),
        {
            **LETTER,
            "channel": "hotline",
            "received_at": "2026-09-21T09:30",
            "agency": county.a.agency.pk,
        },
    )
    assert response.status_code == 200
    message = Message.objects.get()
    assert message.channel == "hotline" and message.number in response.content.decode()


def test_the_admin_manages_mailboxes_and_limits(client, county):
    from gongkai.agencies.models import Leader

    leader = Leader.objects.create(agency=county.a.agency, name="钱局长", title="局长")
    client.force_login(county.a.admin)
    url = reverse("interaction_staff:mailboxes")
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "new-name": "局长信箱",
            "new-description": "局长直接阅处",
            "new-leader": leader.pk,
            "new-is_open": "on",
        },
    )
    assert county.a.agency.mailboxes.filter(leader=leader, name="局长信箱").exists()
    client.post(
        url,
        {
            f"limits-{k}": v
            for k, v in {
                "inquiry": 2,
                "help": 3,
                "suggestion": 13,
                "complaint": 10,
                "report": 13,
                "praise": 13,
            }.items()
        },
    )
    assert dict(county.a.agency.message_time_limits.values_list("kind", "working_days")) == {
        "inquiry": 2,
        "complaint": 10,
    }
    client.force_login(county.a.handler)
    assert client.get(url).status_code == 403


def test_the_writer_and_the_staff_download_the_reply_as_pdf_and_word(client, county):
    message = replied(county.a)
    from gongkai.interaction.services.intake import hash_query_code

    Message.objects.filter(pk=message.pk).update(
        query_code_hash=hash_query_code(message.number, "ABCD2345")
    )
    pdf_url = reverse("interaction:reply_download", args=[message.number, "pdf"])
    assert client.get(pdf_url).status_code == 404  # not proved yet
    client.post(reverse("interaction:track"), {"number": message.number, "query_code": "ABCD2345"})
    response = client.get(pdf_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    docx = client.get(reverse("interaction:reply_download", args=[message.number, "docx"]))
    assert docx.content.startswith(b"PK")
    from gongkai.interaction.documents import reply_document

    doc = reply_document(message)
    assert doc.reference == message.number and doc.date_text == "2026年9月24日"
    assert any("路灯已于9月23日修复" in p for p in doc.paragraphs)
    client.force_login(county.a.reviewer)
    staff_pdf = client.get(
        reverse("interaction_staff:reply_download", args=[message.number, "pdf"])
    )
    assert staff_pdf.content.startswith(b"%PDF")
    client.force_login(county.b.handler)
    assert (
        client.get(
            reverse("interaction_staff:reply_download", args=[message.number, "pdf"])
        ).status_code
        == 404
    )


def test_the_workbench_shows_the_letters_queue(client, county):
    assigned(county.a)
    client.force_login(county.a.handler)
    html = client.get(reverse("portal:staff_home")).content.decode()
    assert 'id="letters-queue"' in html and reverse("interaction_staff:queue") in html
    client.force_login(county.a.officer)  # no message.view: no card
    assert 'id="letters-queue"' not in client.get(reverse("portal:staff_home")).content.decode()


def test_the_interaction_section_links_every_area(client, county):
    html = client.get(reverse("portal:interaction")).content.decode()
    for name in (
        "interaction:mailbox_list",
        "interaction:published_list",
        "solicitation:list",
        "interviews:index",
        "proposals:list",
        "topics:list",
    ):
        assert f'href="{reverse(name)}"' in html
        assert client.get(reverse(name)).status_code == 200


def test_a_work_order_links_back_to_its_call(client, county):
    from gongkai.hotline.services import contact_make_work_order, contact_register
    from tests.interaction.conftest import at

    written = assigned(county.a)
    contact = contact_register(
        actor=county.a.handler,
        agency=county.a.agency,
        data={
            "kind": "call",
            "duration_minutes": 5,
            "caller_name": "王五",
            "caller_phone": "13912345678",
            "category": "complaint",
            "summary": "反映小区路灯不亮。",
            "started_at": at("2026-09-21"),
        },
        now=at("2026-09-21", 11),
    )
    order = contact_make_work_order(actor=county.a.handler, contact=contact, title="路灯不亮")
    client.force_login(county.a.handler)
    html = client.get(reverse("interaction_staff:detail", args=[order.number])).content.decode()
    assert reverse("hotline_staff:contact", args=[contact.pk]) in html
    html = client.get(reverse("interaction_staff:detail", args=[written.number])).content.decode()
    assert "/staff/hotline/" not in html  # written online: no call
