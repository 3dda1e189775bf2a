"""The axe-core helper of tests/a11y.py: it catches a known violation, and the existing portal
home page passes it (the baseline every new public page is held to)."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import AgencyKind
from tests.a11y import assert_no_axe_violations, axe_run
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_helper_reports_a_known_violation_readably(page):
    page.set_content('<html><body><main><img src="x.png"><a href="#"></a></main></body></html>')
    ids = {v["id"] for v in axe_run(page)["violations"]}
    assert {"html-has-lang", "image-alt", "link-name"} <= ids
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_no_axe_violations(page)
    message = str(failure.value)
    assert "image-alt (critical)" in message
    assert 'at img: <img src="x.png">' in message


def test_the_portal_home_page_has_no_violation(live_server, page):
    gov = AgencyFactory(name="示例县人民政府", kind=AgencyKind.GOVERNMENT)
    AgencyFactory(name="示例县教育局", parent=gov)
    page.goto(live_server.url + "/")
    assert_no_axe_violations(page)
    # And on a phone-sized screen with the large-font and high-contrast modes on.
    page.set_viewport_size({"width": 375, "height": 740})
    page.get_by_role("button", name="大字号").click()
    page.get_by_role("button", name="高对比度").click()
    assert_no_axe_violations(page)
