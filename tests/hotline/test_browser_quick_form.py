"""A call registered in a real browser with the keyboard alone: the phone field has the focus,
Tab walks the conversation's order, Space picks, the access key saves; then the record page,
the counts and the public figures on a phone-sized screen."""

from __future__ import annotations

import pytest

from gongkai.hotline.models import Contact, ContactStatus
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click('form[action$="/accounts/login/"] button[type=submit]')
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _focused(page) -> str:
    return page.evaluate("document.activeElement.name || document.activeElement.id")


def test_a_call_registered_with_the_keyboard_alone(live_server, page, phone_page, county, tmp_path):
    base = live_server.url
    login(page, base, county.a.handler)
    page.goto(f"{base}/staff/hotline/new/")
    assert _focused(page) == "caller_phone"  # autofocus: type the number as the phone rings
    page.keyboard.type("13912345678")
    page.keyboard.press("Tab")
    assert _focused(page) == "caller_name"
    page.keyboard.type("王五")
    page.keyboard.press("Tab")  # visitors (visits only)
    page.keyboard.press("Tab")
    assert _focused(page) == "duration_minutes"
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    assert _focused(page) == "category"
    page.keyboard.press("ArrowDown")  # 咨询 → 建议
    page.keyboard.press("Tab")
    assert _focused(page) == "urgent"
    page.keyboard.press("Tab")
    assert _focused(page) == "summary"
    page.keyboard.type("建议在青石路增设公交站。")
    page.keyboard.press("Tab")
    assert _focused(page) == "outcome"  # the first radio: answered on the spot
    page.keyboard.press("Tab")
    assert _focused(page) == "answer"
    page.keyboard.type("已记录，转交通部门研究。")
    page.screenshot(path=str(tmp_path / "quick-form.png"), full_page=True)
    # On to the Save button (past the work-order fields) and Enter.
    for _n in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('accesskey')") == "s":
            break
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/new/" not in url)
    contact = Contact.objects.get()
    assert contact.status == ContactStatus.ANSWERED
    assert contact.category == "suggestion" and contact.duration_minutes == 5
    assert contact.number in page.content()

    # The counts page has the sentence; the public figures render on a phone.
    page.goto(f"{base}/staff/hotline/counts/")
    assert "受理来电1件" in page.inner_text("#summary-sentence")
    phone_page.goto(f"{base}/interaction/mail/figures/")
    assert phone_page.locator("svg.chart").count() == 4
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= phone_page.viewport_size["width"] + 1, "no sideways scrolling on a phone"
    phone_page.screenshot(path=str(tmp_path / "figures-phone.png"), full_page=True)
