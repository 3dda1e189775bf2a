"""The Swagger UI really runs under the site's CSP, with no network beyond our own server."""

from __future__ import annotations

import pytest

from tests.api.test_openapi import ENDPOINTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_docs_render_every_operation_without_csp_violations(live_server, page):
    problems: list[str] = []
    other_hosts: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on(
        "request",
        lambda r: (
            other_hosts.append(r.url)
            if not r.url.startswith(live_server.url) and not r.url.startswith("data:")
            else None
        ),
    )
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_text_contents()
    public = {p.replace("\u200b", "") for p in paths if "/staff/" not in p}
    assert public == ENDPOINTS
    assert "Gongkai API" in page.locator(".info .title").text_content()
    assert other_hosts == []
    assert problems == []
