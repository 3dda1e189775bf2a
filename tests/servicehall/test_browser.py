"""In a real browser: a citizen on a 375-px phone opens the rating form of a window from its QR
code (the address printed on the staff card), rates the service as dissatisfied and is told
when the agency will have put it right; every public page of the service hall passes
axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import captcha
from gongkai.core.dates import format_cn_date
from gongkai.servicehall.links import rate_url
from gongkai.servicehall.models import CommitmentKind, Rating, RatingLevel
from gongkai.servicehall.services import commitment_create, window_staff_create
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.services import calendar_year_set
from tests.a11y import assert_no_axe_violations

from .conftest import photo_upload, rate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page, purpose: str = "rating") -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(SessionStore(session_key=cookie["value"]).load(), purpose)


def _hall(county, matter, window):
    # The due date must be computable whatever day this runs: enter next year's calendar
    # (just New Year's Day) if the seed data does not reach it yet.
    next_year = timezone.localdate().year + 1
    if not CalendarYear.objects.filter(year=next_year).exists():
        calendar_year_set(
            actor=county.sysadmin,
            year=next_year,
            holidays={dt.date(next_year, 1, 1): "元旦"},
            workdays={},
        )
    commitment_create(
        actor=county.admin_a,
        agency=county.a,
        kind=CommitmentKind.ONE_TIME_NOTICE,
        text="材料不齐的，当场一次性书面告知需要补正的全部内容。",
        limit_note="当场告知",
        matters=[matter],
    )
    return window_staff_create(
        actor=county.admin_a,
        agency=county.a,
        window=window,
        name="林晓明",
        post="综合受理员",
        duties="负责城乡居民养老保险业务的咨询、受理和材料一次性告知。",
        supervision_phone="0570-12345678",
        staff_number="A031",
        photo=photo_upload(),
    )


def test_a_citizen_rates_a_window_on_a_phone_from_its_qr_code(
    live_server, phone_page, county, matter, window, tmp_path
):
    page = phone_page
    _hall(county, matter, window)
    # The staff card at the window: the citizen reads who served him.
    page.goto(f"{live_server.url}{reverse('servicehall:windows', args=[county.a.credit_code])}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert "林晓明" in page.inner_text(".staff-card")
    # Scanning the card's QR code opens the rating form of that window.
    page.goto(f"{live_server.url}{rate_url(window=window)}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.input_value("#id_window") == str(window.pk)
    page.select_option("#id_matter", str(matter.pk))
    page.check("input[name=level][value=dissatisfied]")
    page.fill("#id_comment", "第一次来没有告知全部材料，又跑了一趟。")
    page.fill("#id_contact_phone", "13957001234")
    # A wrong answer first: the form comes back with everything still filled in.
    page.fill("#id_captcha", "999")
    page.click("form.rating-form button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert page.input_value("#id_comment") == "第一次来没有告知全部材料，又跑了一趟。"
    assert page.is_checked("input[name=level][value=dissatisfied]")
    assert not Rating.objects.exists()
    page.fill("#id_captcha", captcha_answer(page))
    page.screenshot(path=str(tmp_path / "rate-phone.png"), full_page=True)
    page.click("form.rating-form button[type=submit]")
    page.wait_for_selector("#rated")
    rating = Rating.objects.get()
    assert (rating.window, rating.matter, rating.level) == (
        window,
        matter,
        RatingLevel.DISSATISFIED,
    )
    case = rating.rectification
    assert page.inner_text("#rectification-due").strip() == format_cn_date(case.due_date)
    assert page.inner_text("#rated-level").strip() == "不满意"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)


def test_public_pages_have_no_axe_violation(live_server, page, phone_page, county, matter, window):
    card = _hall(county, matter, window)
    rate(county.a, matter, RatingLevel.SATISFIED, day=timezone.localdate() - dt.timedelta(days=3))
    code = county.a.credit_code
    urls = [
        reverse("servicehall:index"),
        reverse("servicehall:commitments", args=[code]),
        reverse("servicehall:windows", args=[code]),
        reverse("servicehall:rate"),
        rate_url(window=window),
        rate_url(matter=matter),
        reverse("servicehall:figures"),
        reverse("servicehall:agency_figures", args=[code]),
    ]
    for p in (page, phone_page):
        for url in urls:
            p.goto(f"{live_server.url}{url}")
            assert_no_axe_violations(p)
    # The form as it comes back with errors.
    page.goto(f"{live_server.url}{rate_url(window=window)}")
    page.click("form.rating-form button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert_no_axe_violations(page)
    assert page.request.get(
        f"{live_server.url}{reverse('servicehall:staff_photo', args=[card.pk])}"
    ).ok
