"""In a real browser: a staff member of the bureau opens an internal finance statement from
the list and shows up in its read list, while a staff member of another bureau who follows
the item's address is refused like for a page that does not exist."""

from __future__ import annotations

import pytest

from gongkai.internal.models import ReadReceipt
from tests.factories import PASSWORD

from .conftest import at, finance_item

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click('form[action$="/accounts/login/"] button[type=submit]')
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_a_reader_appears_in_the_read_list_and_another_bureau_is_refused(
    live_server, page, w, tmp_path
):
    base = live_server.url
    item = finance_item(w, month=5, now=at("2026-06-05"))

    # 1. A staff member of the bureau finds the statement on the list and opens it.
    login(page, base, w.a_handler)
    page.goto(f"{base}/staff/internal/")
    row = page.locator("table.internal-list tr", has_text=item.title)
    assert "未阅" in row.inner_text()
    page.click(f"a[href$='/staff/internal/{item.pk}/']")
    page.wait_for_selector("#statement-table")
    assert page.inner_text("#item-title").strip() == item.title
    assert "250,000.00" in page.inner_text("#statement-table")
    page.screenshot(path=str(tmp_path / "internal-item.png"), full_page=True)
    assert ReadReceipt.objects.filter(item=item, user=w.a_handler).exists()

    # 2. The bureau's administrator sees the reader in the read list.
    login(page, base, w.a_admin)
    page.goto(f"{base}/staff/internal/{item.pk}/")
    page.click("#read-list-link")
    page.wait_for_selector("#read-table")
    assert w.a_handler.full_name in page.inner_text("#read-table")
    assert w.a_handler.full_name not in page.inner_text("#not-read")
    assert w.a_reviewer.full_name in page.inner_text("#not-read")

    # 3. A staff member of another bureau who has the address is refused.
    login(page, base, w.b_officer)
    response = page.goto(f"{base}/staff/internal/{item.pk}/")
    assert response.status == 404
    assert item.title not in page.content()
    page.goto(f"{base}/staff/internal/")
    assert item.title not in page.content()
    assert not ReadReceipt.objects.filter(item=item, user=w.b_officer).exists()
