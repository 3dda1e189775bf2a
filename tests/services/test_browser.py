"""In a real browser: a citizen on a 375-px phone goes from the service directory to a life
event, opens a matter, reads it without scrolling sideways and downloads its blank form and
its sample; every public page of the service guides passes axe-core's WCAG 2.1 A/AA rules."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.services import services
from tests.a11y import assert_no_axe_violations
from tests.services.conftest import create, publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _setup(county):
    fee = services.fee_item_create(
        actor=county.reviewer_a,
        agency=county.a,
        name="营业执照副本工本费",
        standard="每本10元",
        amount="10",
    )
    matter = publish(
        county,
        create(county, charges_fee=True, fee_standard="每本10元", fee_items=[fee]),
    )
    publish(county, create(county, agency=county.b, name="内地居民结婚登记"))
    event = services.life_event_create(
        actor=county.office,
        agency=county.government,
        name="开办企业",
        slug="start-a-business",
        for_natural_persons=True,
        for_organizations=True,
    )
    services.life_event_update(actor=county.office, event=event, matters=[matter])
    return matter, event


def test_phone_directory_life_event_matter_and_downloads(live_server, phone_page, county, tmp_path):
    page = phone_page
    matter, event = _setup(county)
    page.goto(f"{live_server.url}{reverse('services:directory')}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.click(f"a[href='{event.get_absolute_url()}']")
    page.wait_for_url(f"**{event.get_absolute_url()}")
    assert page.inner_text("h1").strip() == "开办企业"
    page.click(f"a[href='{matter.get_absolute_url()}']")
    page.wait_for_url(f"**{matter.get_absolute_url()}")
    assert page.inner_text("h1").strip() == matter.name
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert page.is_visible("svg.flowchart")
    page.screenshot(path=str(tmp_path / "matter-phone.png"), full_page=True)
    for selector, name in (
        (".download-blank", "申请书空白表.pdf"),
        (".download-sample", "申请书示例.pdf"),
    ):
        href = page.get_attribute(selector, "href")
        response = page.request.get(f"{live_server.url}{href}")
        assert response.status == 200
        assert response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
        with page.expect_download() as info:
            page.click(selector)
        assert info.value.suggested_filename == name


def test_public_pages_have_no_axe_violation(live_server, page, county):
    matter, event = _setup(county)
    urls = [
        reverse("services:directory"),
        reverse("services:directory") + "?q=个体工商户",
        event.get_absolute_url(),
        reverse("services:agency", args=[county.a.credit_code]),
        reverse("services:audience", args=["natural"]),
        matter.get_absolute_url(),
        reverse("services:fee_lists"),
        reverse("services:fee_list", args=[county.a.credit_code]),
        reverse("services:limits"),
    ]
    for url in urls:
        page.goto(f"{live_server.url}{url}")
        assert_no_axe_violations(page)
