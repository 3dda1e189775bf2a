"""A citizen writes a letter in a real browser; staff accept, assign, reply, review and
publish it on their screens; the citizen reads the reply and rates it on the tracking page,
and the published letter shows without the writer's details."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from gongkai.applications import captcha
from gongkai.interaction.models import Message, MessageStatus, PublicationStatus, Rating
from tests.a11y import assert_no_axe_violations
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page, purpose: str) -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(SessionStore(session_key=cookie["value"]).load(), purpose)


def login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click('form[action$="/accounts/login/"] button[type=submit]')
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_write_handle_publish_and_rate_a_letter(live_server, page, phone_page, county, tmp_path):
    base = live_server.url
    bureau = county.a
    citizen = phone_page

    # 1. The citizen chooses the bureau's mailbox and writes (on a phone-sized screen).
    citizen.goto(f"{base}/interaction/mail/")
    assert_no_axe_violations(citizen)
    citizen.click(f"a[href$='?agency={bureau.agency.credit_code}']")
    assert_no_axe_violations(citizen)
    citizen.check("input[name=kind][value=suggestion]")
    citizen.fill("#id_title", "建议在幸福路增设公交站")
    citizen.fill("#id_content", "幸福路一带居民很多，最近的公交站要走二十分钟，建议增设一个站点。")
    citizen.fill("#id_writer_name", "周九")
    citizen.fill("#id_writer_mobile", "13812340000")
    citizen.check("#id_publish_consent")
    citizen.fill("#id_captcha", captcha_answer(citizen, "letter"))
    citizen.screenshot(path=str(tmp_path / "letter-form.png"), full_page=True)
    citizen.click("form.letter-form button[type=submit]")
    citizen.wait_for_selector("#query-code")
    number = citizen.inner_text("#message-number").strip()
    code = citizen.inner_text("#query-code").strip()
    assert_no_axe_violations(citizen)
    assert Message.objects.get(number=number).status == MessageStatus.RECEIVED

    # 2. The handler accepts and assigns it to himself, and writes the reply.
    login(page, base, bureau.handler)
    page.goto(f"{base}/staff/interaction/?tab=open")
    page.click(f"a[href$='/staff/interaction/{number}/']")
    page.click("#action-accept button[type=submit]")
    page.wait_for_selector("#action-assign")
    page.select_option("#action-assign select[name=handler]", str(bureau.handler.pk))
    page.fill("#action-assign textarea[name=instructions]", "请与公交公司联系")
    page.click("#action-assign button[type=submit]")
    page.wait_for_selector("#action-reply")
    page.fill(
        "#action-reply textarea[name=reply]", "您的建议已转公交公司研究，计划年内在幸福路增设站点。"
    )
    page.click("#action-reply button[type=submit]")
    page.wait_for_selector("#message-status")
    assert Message.objects.get(number=number).status == MessageStatus.REVIEW

    # 3. The reviewer approves the reply.
    login(page, base, bureau.reviewer)
    page.goto(f"{base}/staff/interaction/{number}/")
    page.check("#action-review input[name=decision][value=approve]")
    page.click("#action-review button[type=submit]")
    page.wait_for_selector("#reply")
    assert Message.objects.get(number=number).status == MessageStatus.REPLIED

    # 4. The handler prepares the public copy; the reviewer publishes it.
    login(page, base, bureau.handler)
    page.goto(f"{base}/staff/interaction/{number}/")
    page.click("#action-prepare button[type=submit]")
    page.wait_for_selector("#public-copy")
    login(page, base, bureau.reviewer)
    page.goto(f"{base}/staff/interaction/{number}/")
    page.check("#action-publish input[name=confirm]")
    page.screenshot(path=str(tmp_path / "staff-letter.png"), full_page=True)
    page.click("#action-publish button[type=submit]")
    page.wait_for_selector("#message-status")
    assert Message.objects.get(number=number).publication == PublicationStatus.PUBLISHED

    # 5. The citizen follows the letter with number and code, reads the reply and rates it.
    citizen.context.clear_cookies()
    citizen.goto(f"{base}/interaction/mail/track/")
    citizen.fill("#id_number", number)
    citizen.fill("#id_query_code", code)
    citizen.click("form.track-form button[type=submit]")
    citizen.wait_for_selector("#reply")
    assert "增设站点" in citizen.inner_text("#reply")
    assert_no_axe_violations(citizen)
    citizen.check("input[name=rating][value=satisfied]")
    citizen.fill("#id_comment", "答复很及时")
    citizen.click("#rating-form button[type=submit]")
    citizen.wait_for_selector("#rating")
    assert_no_axe_violations(citizen)
    citizen.screenshot(path=str(tmp_path / "letter-status.png"), full_page=True)
    message = Message.objects.get(number=number)
    assert message.rating == Rating.SATISFIED and message.rating_comment == "答复很及时"
    assert citizen.locator("#rating-form").count() == 0  # rated once


def test_published_letters_and_figures_pages_pass_axe(live_server, phone_page, county):
    from gongkai.interaction.services import publication
    from tests.interaction.conftest import replied

    message = replied(county.a)
    message = publication.message_publication_prepare(
        actor=county.a.handler,
        message=message,
        public_title="路灯维修",
        public_content="路灯坏了。",
        public_reply="已修复。",
    )
    publication.message_publish(
        actor=county.a.reviewer, message=message, confirm_no_personal_data=True
    )
    for path in (
        "/interaction/",
        "/interaction/mail/letters/",
        f"/interaction/mail/letters/{message.number}/",
        "/interaction/mail/figures/?year=2026",
        f"/interaction/mail/figures/{county.a.agency.credit_code}/?year=2026",
        "/interaction/mail/track/",
    ):
        phone_page.goto(live_server.url + path)
        assert_no_axe_violations(phone_page)
