"""A citizen proposes a topic on a phone, someone else supports it once it is approved, and
the agency's answer shows on the public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone

from gongkai.applications import captcha
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus
from gongkai.topics.services import topic_answer, topic_approve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page, purpose: str) -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(SessionStore(session_key=cookie["value"]).load(), purpose)


def test_propose_on_a_phone_support_from_another_browser_and_see_the_answer(
    live_server, phone_page, browser, county, tmp_path
):
    page = phone_page
    # 1. The citizen fills in the form on a phone-width page.
    page.goto(f"{live_server.url}/interaction/topics/")
    page.click("#propose-topic")
    page.select_option("#id_agency", str(county.a.pk))
    page.fill("#id_title", "青石镇农村公路养护资金使用情况")
    page.fill("#id_description", "希望公开近三年农村公路养护资金的安排和使用明细。")
    page.fill("#id_name", "钱小梅")
    page.fill("#id_mobile", "13957001234")
    page.fill("#id_captcha", captcha_answer(page, "topic"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    page.screenshot(path=str(tmp_path / "topic-form.png"), full_page=True)
    page.click("form.topic-form button[type=submit]")
    page.wait_for_selector("#topic-received")
    topic = TopicRequest.objects.get()
    assert topic.status == TopicStatus.PENDING

    # 2. Not public until a reviewer approves it.
    page.goto(f"{live_server.url}/interaction/topics/")
    assert "青石镇农村公路养护资金使用情况" not in page.content()
    topic_approve(actor=county.reviewer_a, topic=topic)

    # 3. Someone else, in another browser, supports it — once.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    other = context.new_page()
    other.goto(f"{live_server.url}/interaction/topics/{topic.pk}/")
    other.click("#support-button")
    other.wait_for_selector("#supported")
    assert "1" in other.inner_text("#support-count")
    other.reload()
    assert other.locator("#support-button").count() == 0
    context.close()
    topic.refresh_from_db()
    assert topic.support_count == 1

    # 4. The agency answers; the answer and its date show on the public page, no proposer.
    promised = timezone.localdate() + dt.timedelta(days=30)
    topic_answer(
        actor=county.officer_a,
        topic=topic,
        kind=AnswerKind.WILL_PUBLISH,
        promised_by=promised,
        text="相关资金明细正在汇总，将在本局信息公开专栏公开。",
    )
    page.goto(f"{live_server.url}/interaction/topics/{topic.pk}/")
    answer = page.inner_text("#answer")
    assert "相关资金明细正在汇总" in answer
    assert f"{promised.year}年{promised.month}月{promised.day}日" in answer
    assert "钱小梅" not in page.content() and "13957001234" not in page.content()
    page.screenshot(path=str(tmp_path / "topic-answered.png"), full_page=True)
