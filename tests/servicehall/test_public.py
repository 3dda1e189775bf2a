"""The public pages: commitments, windows with their staff cards and photos, the rating form
with its CAPTCHA and limits, and nothing personal on any of them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.applications import captcha
from gongkai.servicehall.models import CommitmentKind, Rating, RatingLevel, Rectification
from gongkai.servicehall.services import (
    commitment_create,
    window_staff_create,
    window_staff_update,
    window_update,
)

from .conftest import photo_upload, rate

pytestmark = pytest.mark.django_db

RATE = reverse("servicehall:rate")


def card(county, window, **overrides):
    fields = {
        "name": "林晓明",
        "post": "综合受理员",
        "duties": "负责社会保险业务的咨询和受理。",
        "supervision_phone": "0570-12345678",
        "staff_number": "A031",
    }
    fields.update(overrides)
    return window_staff_create(actor=county.admin_a, agency=county.a, window=window, **fields)


def answer(client, purpose: str = "rating") -> str:
    return captcha.pending_answer(client.session, purpose)


def test_the_index_lists_the_agencies_with_something_to_show(client, county, matter):
    html = client.get(reverse("servicehall:index")).content.decode()
    assert county.a.name in html and county.b.name not in html
    assert reverse("servicehall:commitments", args=[county.a.credit_code]) in html


def test_the_commitments_page_shows_what_is_published(client, county, matter):
    commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.TIME_LIMIT,
        text="承诺件在承诺时限内办结。",
        limit_value=5,
        matters=[matter],
    )
    commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.OWN,
        title="内部试行的承诺",
        text="尚未公开。",
        is_active=False,
    )
    response = client.get(reverse("servicehall:commitments", args=[county.a.credit_code]))
    html = response.content.decode()
    assert "限时办结制" in html and "5个工作日" in html and matter.name in html
    assert "内部试行的承诺" not in html
    assert client.get(reverse("servicehall:commitments", args=["NOSUCHCODE"])).status_code == 404


def test_the_windows_page_shows_cards_at_work_with_photo_and_supervision_phone(
    client, county, window
):
    shown = card(county, window, photo=photo_upload())
    gone = card(county, window, name="王丽华", supervision_phone="0570-87654321")
    window_staff_update(actor=county.admin_a, card=gone, is_active=False)
    html = client.get(reverse("servicehall:windows", args=[county.a.credit_code])).content.decode()
    assert "3号窗口" in html and "林晓明" in html and "0570-12345678" in html
    assert "王丽华" not in html and "0570-87654321" not in html
    assert f"{RATE}?window={window.pk}" in html
    photo = client.get(reverse("servicehall:staff_photo", args=[shown.pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/jpeg"
    assert b"".join(photo.streaming_content)[:3] == b"\xff\xd8\xff"
    assert client.get(reverse("servicehall:staff_photo", args=[gone.pk])).status_code == 404


def test_a_closed_window_leaves_the_public_page_with_its_cards(client, county, window):
    c = card(county, window, photo=photo_upload())
    window_update(actor=county.admin_a, window=window, is_active=False)
    html = client.get(reverse("servicehall:windows", args=[county.a.credit_code])).content.decode()
    assert "林晓明" not in html
    assert client.get(reverse("servicehall:staff_photo", args=[c.pk])).status_code == 404
    assert client.get(RATE, {"window": window.pk}).status_code == 404


def test_the_rating_form_from_a_window_qr_code_is_prefilled(client, county, matter, window):
    response = client.get(RATE, {"window": window.pk})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["window"] == str(window.pk)
    html = response.content.decode()
    assert "3号窗口" in html and matter.name in html
    assert "本窗口办理的事项" not in html  # only one group: every matter is handled here


def test_the_rating_form_from_a_matter_is_prefilled(client, county, matter):
    response = client.get(RATE, {"matter": matter.implementation_code})
    assert response.context["form"].initial["matter"] == str(matter.pk)
    assert client.get(RATE, {"matter": "NO-SUCH"}).status_code == 404
    assert client.get(RATE, {"window": "x"}).status_code == 404


def test_without_a_target_the_form_asks_for_the_agency(client, county, matter, matter_b):
    html = client.get(RATE).content.decode()
    assert f"?agency={county.a.credit_code}" in html and f"?agency={county.b.credit_code}" in html


def post_rating(client, url, **data):
    client.get(url)
    payload = {"captcha": answer(client), **data}
    return client.post(url, payload)


def test_a_citizen_rates_and_a_bad_rating_shows_its_due_date(client, county, matter, window):
    url = f"{RATE}?window={window.pk}"
    response = post_rating(
        client,
        url,
        matter=str(matter.pk),
        window=str(window.pk),
        level=RatingLevel.DISSATISFIED,
        comment="材料没有一次性告知。",
        contact_phone="13912345678",
    )
    assert response.status_code == 200
    rating = Rating.objects.get()
    assert rating.window == window and rating.comment == "材料没有一次性告知。"
    case = Rectification.objects.get(rating=rating)
    html = response.content.decode()
    assert 'id="rectification-due"' in html
    assert f"{case.due_date.year}年{case.due_date.month}月{case.due_date.day}日" in html
    assert "电话告知处理结果" in html


def test_a_wrong_captcha_keeps_what_was_typed_and_saves_nothing(client, county, matter):
    url = f"{RATE}?agency={county.a.credit_code}"
    client.get(url)
    response = client.post(
        url,
        {"matter": str(matter.pk), "level": "satisfied", "comment": "服务很好", "captcha": "x"},
    )
    assert response.status_code == 200
    assert "验证答案错误" in response.content.decode()
    assert response.context["form"]["comment"].value() == "服务很好"
    assert not Rating.objects.exists()


def test_missing_level_and_matter_are_said_next_to_the_fields(client, county, matter):
    url = f"{RATE}?agency={county.a.credit_code}"
    response = post_rating(client, url, matter="", level="")
    errors = response.context["form"].errors
    assert "matter" in errors and "level" in errors
    assert not Rating.objects.exists()


def test_ratings_are_limited_per_client(client, county, matter, settings):
    settings.GONGKAI_RATING_LIMIT_PER_IP = (2, 3600)
    url = f"{RATE}?agency={county.a.credit_code}"
    for _ in range(2):
        assert post_rating(client, url, matter=str(matter.pk), level="satisfied").status_code == 200
    response = post_rating(client, url, matter=str(matter.pk), level="satisfied")
    assert response.status_code == 429
    assert Rating.objects.count() == 2


def test_ratings_are_limited_per_contact(client, county, matter, settings):
    settings.GONGKAI_RATING_LIMIT_PER_CONTACT = (1, 86400)
    url = f"{RATE}?agency={county.a.credit_code}"
    data = {"matter": str(matter.pk), "level": "satisfied", "contact_email": "a@example.com"}
    assert post_rating(client, url, **data).status_code == 200
    assert post_rating(client, url, **data).status_code == 429
    assert Rating.objects.count() == 1


def test_comments_and_contacts_never_reach_a_public_page(client, county, matter, window):
    rate(
        county.a,
        matter,
        RatingLevel.VERY_DISSATISFIED,
        window=window,
        comment="窗口人员态度恶劣",
        contact_phone="13912345678",
        contact_email="rater@example.com",
    )
    code = county.a.credit_code
    pages = [
        reverse("servicehall:index"),
        reverse("servicehall:figures") + "?year=2026",
        reverse("servicehall:agency_figures", args=[code]) + "?year=2026",
        reverse("servicehall:windows", args=[code]),
        reverse("servicehall:commitments", args=[code]),
        "/api/v1/servicehall/figures?year=2026",
        f"/api/v1/servicehall/figures/{code}?year=2026",
        "/api/v1/servicehall/commitments",
    ]
    for url in pages:
        body = client.get(url).content.decode()
        for secret in ("窗口人员态度恶劣", "13912345678", "rater@example.com", "1391234"):
            assert secret not in body, (url, secret)


def test_the_figures_page_names_its_definitions(client, county, matter):
    html = client.get(reverse("servicehall:figures")).content.decode()
    assert "满意率" in html and "“非常满意”“满意”“基本满意”评价占全部评价的比例" in html
    assert client.get(reverse("servicehall:figures"), {"year": "1999"}).status_code == 404


def test_a_window_qr_code_of_an_agency_without_matters_explains_instead_of_failing(client, county):
    from gongkai.servicehall.services import window_create

    window = window_create(actor=county.admin_b, agency=county.b, number="1号窗口", name="民政窗口")
    response = client.get(RATE, {"window": window.pk})
    assert response.status_code == 200
    assert 'id="no-matters"' in response.content.decode()
    assert client.post(f"{RATE}?window={window.pk}", {"level": "satisfied"}).status_code == 200
    assert not Rating.objects.exists()


def test_a_matter_page_leads_to_its_rating_form_prefilled(client, matter):
    html = client.get(matter.get_absolute_url()).content.decode()
    href = reverse("servicehall:rate") + f"?matter={matter.implementation_code}"
    assert f'href="{href}"' in html
    form = client.get(href).content.decode()
    assert matter.name in form
