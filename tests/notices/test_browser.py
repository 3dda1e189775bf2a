"""Notices in a real browser: the public pages pass axe-core's WCAG 2.1 A/AA rules (list, a
notice in its period with the objection form, with the form's errors shown, a notice after its
period with its result, on a desktop and a 375-px phone screen), and a citizen sends an
objection from a phone."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore

from gongkai.applications import captcha
from gongkai.notices.models import Objection
from gongkai.notices.views_public import OBJECTION_CAPTCHA
from tests.a11y import assert_no_axe_violations
from tests.notices.conftest import ended_with_result, in_period_today

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def captcha_answer(page) -> str:
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return captcha.pending_answer(
        SessionStore(session_key=cookie["value"]).load(), OBJECTION_CAPTCHA
    )


def test_public_notice_pages_have_no_axe_violation(live_server, page, county):
    running = in_period_today(county, title="拟表彰先进集体公示")
    ended = ended_with_result(
        county,
        title="县财政局补助对象公示",
        outcome="not_upheld",
        text="公示期间收到异议1件，经核实不属实。",
    )
    page.goto(f"{live_server.url}/services/notices/")
    assert running.title in page.content()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/services/notices/?phase=ended")
    assert ended.title in page.content()
    assert_no_axe_violations(page)
    page.goto(f"{live_server.url}/services/notices/?q=补助")
    assert_no_axe_violations(page)
    page.goto(live_server.url + running.get_absolute_url())
    assert page.locator("form.objection-form").is_visible()
    assert_no_axe_violations(page)
    # The form sent empty: the errors shown next to the fields are accessible too.
    page.click("form.objection-form button[type=submit]")
    page.wait_for_selector("#form-errors")
    assert_no_axe_violations(page)
    page.goto(live_server.url + ended.get_absolute_url())
    assert page.locator("#result").is_visible()
    assert_no_axe_violations(page)
    # High contrast and large text on a phone.
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="大字号").click()
    page.get_by_role("button", name="高对比度").click()
    assert_no_axe_violations(page)
    page.goto(live_server.url + running.get_absolute_url())
    assert_no_axe_violations(page)


def test_a_citizen_objects_from_a_phone(live_server, phone_page, county, tmp_path):
    page = phone_page
    n = in_period_today(county, title="拟任职干部任前公示")
    page.goto(live_server.url + n.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert "还剩" in page.inner_text("#days-left")
    page.fill("#id_text", "反映拟任人选曾在项目验收中把关不严，请核实。")
    page.fill("#id_captcha", captcha_answer(page))
    page.screenshot(path=str(tmp_path / "objection-form.png"), full_page=True)
    page.click("form.objection-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert "不会公开" in page.inner_text(".messages")
    o = Objection.objects.get()
    assert o.is_anonymous and "把关不严" in o.text
    assert "把关不严" not in page.content()
    assert_no_axe_violations(page)


def test_the_flash_message_of_base_html(live_server, page, county):
    """The portal's flash messages: one live region around the list (a ``role`` on each
    ``<li>``, or on the ``<ul>``, breaks axe's list rules)."""
    n = in_period_today(county)
    page.goto(live_server.url + n.get_absolute_url())
    page.fill("#id_text", "反映有关情况，请核实。")
    page.fill("#id_captcha", captcha_answer(page))
    page.click("form.objection-form button[type=submit]")
    page.wait_for_selector(".messages")
    assert_no_axe_violations(page, include=".messages")
