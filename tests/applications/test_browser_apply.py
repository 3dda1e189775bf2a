"""A citizen applies online in a real browser, the office confirms receipt and replies, and
the citizen follows the application and downloads the reply from the tracking page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from gongkai.applications import captcha
from gongkai.applications.models import Application, LetterKind, Status
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import letters, workflow
from gongkai.applications.services.intake import application_confirm_receipt
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.services import calendar_year_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page, purpose: str) -> str:
    """Read the pending answer from the server-side session, as the server will."""
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(SessionStore(session_key=cookie["value"]).load(), purpose)


def test_apply_online_confirm_follow_and_download_the_reply(live_server, page, county, tmp_path):
    agency, handler = county.a, county.handler_a
    # The due date must be computable whatever day this runs: enter next year's calendar
    # (just New Year's Day) if the seed data does not reach it yet.
    next_year = timezone.localdate().year + 1
    if not CalendarYear.objects.filter(year=next_year).exists():
        new_year = {dt.date(next_year, 1, 1): "元旦"}
        calendar_year_set(actor=county.admin, year=next_year, holidays=new_year, workdays={})

    # 1. The citizen fills in the form.
    page.goto(f"{live_server.url}/apply/new/?agency={agency.credit_code}")
    assert agency.name in page.content()
    page.fill("#id_applicant_name", "孙八")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "11010519491231002X")
    page.fill("#id_phone", "13912345678")
    page.fill("#id_email", "sunba@example.com")
    page.fill("#id_info_title", "2026年本局政府采购合同")
    page.check("input[name=form_wanted][value=email]")
    page.check("input[name=delivery_wanted][value=email]")
    page.fill("#id_captcha", captcha_answer(page, "apply"))
    page.screenshot(path=str(tmp_path / "apply-form.png"), full_page=True)
    page.click("form.apply-form button[type=submit]")

    # 2. The page gives the number and the query code.
    page.wait_for_selector("#query-code")
    number = page.inner_text("#application-number").strip()
    code = page.inner_text("#query-code").strip()
    application = Application.objects.get(number=number)
    assert application.status == Status.SUBMITTED
    assert code not in application.query_code_hash

    # 3. The office confirms receipt today: the clock starts.
    application = application_confirm_receipt(actor=handler, application=application)
    assert application.due_date is not None

    # 4. The citizen, in a fresh browser session, looks the application up.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/apply/track/")
    page.fill("#id_number", number)
    page.fill("#id_query_code", code.lower())
    page.click("form.track-form button[type=submit]")
    page.wait_for_selector("#due-date")
    assert page.inner_text("#due-date").strip() == application.due_date.isoformat()
    assert page.inner_text("#received-on").strip() == timezone.localdate().isoformat()

    # 5. The office decides and issues the reply; the citizen downloads it.
    workflow.application_assign(actor=handler, application=application, handler=handler)
    workflow.application_decide(
        actor=handler,
        application=application,
        outcome=Outcome.GRANTED,
        provided="合同文本的电子版，随本答复书以电子邮件发送。",
    )
    letter = letters.letter_draft(actor=handler, application=application, kind=LetterKind.REPLY)
    letter = letters.letter_issue(actor=handler, letter=letter)
    page.reload()
    link = page.locator("a[href$='/pdf/']")
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    path = tmp_path / "reply.pdf"
    download.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    with letter.pdf.open("rb") as stored:
        assert path.read_bytes() == stored.read()
