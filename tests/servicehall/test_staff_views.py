"""The staff screens: commitments, windows and cards with the printable badge, the ratings,
the case list with the overdue cases, and one case with its steps and the audited contact."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from gongkai.audit.models import Event
from gongkai.servicehall.models import Commitment, RatingLevel, RectificationStatus, WindowStaff
from gongkai.servicehall.services import window_staff_create

from .conftest import RATER, photo_upload, rate

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_the_home_page_counts_the_cases_and_refuses_staff_without_a_part(client, county, matter):
    rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-03-02")
    response = login(client, county.handler_a).get(reverse("servicehall_staff:home"))
    assert response.status_code == 200
    assert response.context["counts"]["overdue"] == 1
    officer = login(client, county.officer_a).get(reverse("servicehall_staff:home"))
    assert officer.status_code == 403


def test_the_admin_adds_a_commitment_and_errors_keep_the_input(client, county, matter):
    login(client, county.admin_a)
    url = reverse("servicehall_staff:commitment_new")
    response = client.post(
        url, {"kind": "own", "title": "", "text": "延时服务。", "sort_order": 100}
    )
    assert response.status_code == 400
    assert "title" in response.context["form"].errors
    assert response.context["form"]["text"].value() == "延时服务。"
    response = client.post(
        url,
        {
            "kind": "first_contact",
            "text": "首位接待的工作人员负责解答或引导。",
            "limit_note": "当场答复",
            "matters": [matter.pk],
            "is_active": "on",
            "sort_order": 10,
        },
    )
    commitment = Commitment.objects.get()
    assert response.status_code == 302
    assert commitment.title == "首问负责制" and list(commitment.matters.all()) == [matter]
    edit = reverse("servicehall_staff:commitment", args=[commitment.pk])
    assert client.get(edit).status_code == 200
    login(client, county.admin_b)
    assert client.get(edit).status_code == 404
    assert (
        client.post(
            reverse("servicehall_staff:commitment_remove", args=[commitment.pk])
        ).status_code
        == 404
    )
    assert Commitment.objects.exists()


def test_commitments_are_for_the_agency_admin_only(client, county):
    login(client, county.handler_a)
    assert client.get(reverse("servicehall_staff:commitments")).status_code == 403
    assert client.get(reverse("servicehall_staff:commitment_new")).status_code == 403


def test_a_window_and_a_card_with_photo_through_the_screens(client, county, matter):
    login(client, county.admin_a)
    response = client.post(
        reverse("servicehall_staff:window_new"),
        {
            "number": "5号窗口",
            "name": "就业服务窗口",
            "matters": [matter.pk],
            "is_active": "on",
            "sort_order": 5,
        },
    )
    assert response.status_code == 302
    window = county.a.service_windows.get()
    response = client.post(
        reverse("servicehall_staff:card_new") + f"?window={window.pk}",
        {
            "window": window.pk,
            "name": "陈思远",
            "post": "就业服务专员",
            "duties": "办理就业登记和失业登记。",
            "supervision_phone": "0570-88886666",
            "photo": photo_upload(),
            "is_active": "on",
            "sort_order": 1,
        },
    )
    assert response.status_code == 302
    card = WindowStaff.objects.get()
    assert card.photo and card.window == window
    bad = client.post(
        reverse("servicehall_staff:card", args=[card.pk]),
        {
            "window": window.pk,
            "name": "陈思远",
            "post": "就业服务专员",
            "duties": "办理就业登记。",
            "supervision_phone": "请打电话",
            "sort_order": 1,
        },
    )
    assert bad.status_code == 400 and "supervision_phone" in bad.context["form"].errors


@pytest.mark.parametrize("fmt", ["badge", "desk"])
def test_the_printable_card_has_the_person_and_the_qr_code_of_the_window(
    client, county, window, fmt
):
    card = window_staff_create(
        actor=county.admin_a,
        agency=county.a,
        window=window,
        name="林晓明",
        post="综合受理员",
        duties="负责社会保险业务的咨询和受理。",
        supervision_phone="0570-12345678",
        staff_number="A031",
        photo=photo_upload(),
    )
    login(client, county.admin_a)
    response = client.get(reverse("servicehall_staff:card_pdf", args=[card.pk]), {"format": fmt})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("林晓明", "综合受理员", "3号窗口", "0570-12345678", "A031", "扫码评价"):
        assert expected in text, expected
    assert f"/services/hall/rate/?window={window.pk}" in text.replace("\n", "")
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (width < height) is (fmt == "badge")  # A6 portrait, A5 landscape
    assert (
        client.get(
            reverse("servicehall_staff:card_pdf", args=[card.pk]), {"format": "x"}
        ).status_code
        == 404
    )
    login(client, county.admin_b)
    assert client.get(reverse("servicehall_staff:card_pdf", args=[card.pk])).status_code == 404


def test_the_qr_code_uses_the_public_site_address_when_set(county, window, settings, rf):
    from gongkai.servicehall.links import absolute, rate_url

    settings.GONGKAI_SITE_URL = "https://www.lanwan.example.cn"
    url = absolute(rf.get("/staff/"), rate_url(window=window))
    assert url == f"https://www.lanwan.example.cn/services/hall/rate/?window={window.pk}"


def test_the_case_lists_and_the_overdue_list(client, county, matter):
    overdue = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-03-02").rectification
    rate(county.a, matter, RatingLevel.SATISFIED)
    login(client, county.reviewer_a)
    response = client.get(reverse("servicehall_staff:cases"), {"state": "overdue"})
    assert [c.pk for c in response.context["page"]] == [overdue.pk]
    assert "逾期案件" in response.content.decode()
    ratings = client.get(reverse("servicehall_staff:ratings"))
    assert ratings.context["page"].paginator.count == 2
    login(client, county.admin_b)
    assert not list(client.get(reverse("servicehall_staff:cases")).context["page"])
    login(client, county.office)
    assert [c.pk for c in client.get(reverse("servicehall_staff:cases")).context["page"]] == [
        overdue.pk
    ]


def test_the_case_page_hides_the_contact_until_asked_and_audits_the_look(client, county, matter):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, **RATER).rectification
    url = reverse("servicehall_staff:case", args=[case.pk])
    login(client, county.handler_a)
    html = client.get(url).content.decode()
    assert "13912345678" not in html and "rater@example.com" not in html
    assert "139****5678" in html
    revealed = client.post(reverse("servicehall_staff:contact", args=[case.pk])).content.decode()
    assert "13912345678" in revealed and "rater@example.com" in revealed
    assert Event.objects.filter(action="rating.contact_view", actor=county.handler_a).count() == 1
    login(client, county.reviewer_a)  # may view the case, not the contact
    assert client.get(url).status_code == 200
    assert client.post(reverse("servicehall_staff:contact", args=[case.pk])).status_code == 403
    login(client, county.handler_b)
    assert client.get(url).status_code == 404


def test_closing_a_case_through_the_screen(
    client, county, matter, mail_outbox, django_capture_on_commit_callbacks
):
    case = rate(county.a, matter, RatingLevel.VERY_DISSATISFIED, **RATER).rectification
    login(client, county.handler_a)
    action = reverse("servicehall_staff:case_action", args=[case.pk, "close"])
    bad = client.post(
        action, {"close-outcome": "rectified", "close-verification": "", "close-result": ""}
    )
    assert bad.status_code == 400
    assert "verification" in bad.context["forms"]["close"].errors
    mail_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            action,
            {
                "close-outcome": "rectified",
                "close-verification": "情况属实。",
                "close-result": "已在窗口增设叫号提示。",
            },
        )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == RectificationStatus.RECTIFIED
    assert [m.to for m in mail_outbox] == [["rater@example.com"]]
    page = client.get(reverse("servicehall_staff:case", args=[case.pk])).content.decode()
    assert "已在窗口增设叫号提示。" in page
    assert 'id="callback-form"' not in page  # told by e-mail already


def test_a_phone_only_rater_s_call_back_is_recorded_on_the_case_page(client, county, matter):
    case = rate(
        county.a, matter, RatingLevel.DISSATISFIED, contact_phone="13912345678"
    ).rectification
    login(client, county.handler_a)
    client.post(
        reverse("servicehall_staff:case_action", args=[case.pk, "close"]),
        {
            "close-outcome": "unfounded",
            "close-verification": "查看录像。",
            "close-result": "不属实。",
        },
    )
    page = client.get(reverse("servicehall_staff:case", args=[case.pk])).content.decode()
    assert 'id="callback-form"' in page and "请电话回访评价人" in page
    callback = reverse("servicehall_staff:case_action", args=[case.pk, "callback"])
    login(client, county.reviewer_a)
    assert client.post(callback, {"callback-note": "x"}).status_code == 403
    login(client, county.handler_a)
    assert client.post(callback, {"callback-note": "已回访。"}).status_code == 302
    case.refresh_from_db()
    assert case.rater_told_by == "phone" and case.callback_note == "已回访。"


def test_assigning_through_the_screen_offers_only_the_agency_s_rectifiers(client, county, matter):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED).rectification
    login(client, county.admin_a)
    page = client.get(reverse("servicehall_staff:case", args=[case.pk]))
    offered = set(page.context["forms"]["assign"].fields["handler"].queryset)
    assert offered == {county.admin_a, county.handler_a, county.handler_a2}
    response = client.post(
        reverse("servicehall_staff:case_action", args=[case.pk, "assign"]),
        {"assign-handler": county.handler_a2.pk},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.handler == county.handler_a2
