"""The public shell in a real browser: a phone-sized screen and the display toggles."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def county():
    gov = AgencyFactory(name="示例县人民政府", kind=AgencyKind.GOVERNMENT)
    for i in range(6):
        AgencyFactory(name=f"示例县第{i}局", parent=gov)
    return gov


def test_phone_layout_fits_375px_and_menu_opens(live_server, phone_page, county, tmp_path):
    page = phone_page
    page.goto(live_server.url + "/")
    assert "示例县人民政府" in page.title()
    # Nothing wider than the screen: no sideways scrolling on a phone.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    # The main navigation is folded behind the menu button and opens on tap.
    link = page.locator("nav.main-nav").get_by_role("link", name="依申请公开", exact=True)
    assert not link.is_visible()
    page.get_by_role("button", name="菜单").click()
    assert link.is_visible()
    link.click()
    page.wait_for_url("**/apply/")
    page.screenshot(path=str(tmp_path / "phone-apply.png"), full_page=True)


def test_display_toggles_persist_across_pages(live_server, page, county):
    page.goto(live_server.url + "/")
    root_size = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    page.get_by_role("button", name="大字号").click()
    page.get_by_role("button", name="高对比度").click()
    assert page.evaluate("document.documentElement.classList.contains('large-font')")
    bigger = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert bigger > root_size
    # On the next page the server renders the same preferences (cookie), without script.
    page.goto(live_server.url + "/apply/")
    classes = page.evaluate("document.documentElement.className")
    assert "large-font" in classes and "high-contrast" in classes
    bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert bg == "rgb(0, 0, 0)"
    assert page.get_by_role("button", name="大字号").get_attribute("aria-pressed") == "true"
    # Switching off is remembered too.
    page.get_by_role("button", name="大字号").click()
    page.goto(live_server.url + "/")
    assert "large-font" not in page.evaluate("document.documentElement.className")
