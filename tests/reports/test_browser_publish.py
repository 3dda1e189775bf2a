"""In a real browser: an agency admin enters the figures, drafts, reviews and submits the
report; a reviewer publishes it in the catalog's review; a citizen opens it on the public site."""

from __future__ import annotations

import pytest

from gongkai.accounts.models import Role
from tests.factories import PASSWORD, staff
from tests.reports.conftest import case

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, user):
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click('form[action$="/accounts/login/"] button[type=submit]')
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_admin_prepares_reviewer_publishes_citizen_reads(live_server, page, county, tmp_path):
    agency = county.a
    admin = staff(Role.AGENCY_ADMIN, agency)
    reviewer = staff(Role.REVIEWER, agency)
    case(agency, "2025-03-02", closed="2025-03-20", outcome="granted")
    case(agency, "2025-04-07", kind=1, closed="2025-04-28", outcome="withheld_4")
    case(agency, "2025-12-15")

    # 1. The agency admin enters the Table 1 figures and drafts the report.
    login(page, live_server.url, admin)
    page.goto(f"{live_server.url}/staff/reports/{agency.credit_code}/2025/")
    page.fill("#id_licensing", "128")
    page.fill("#id_penalties", "17")
    page.fill("#id_enforcement", "2")
    page.fill("#id_fees_wan", "3.25")
    page.click("#entered-form button[type=submit]")
    page.click("#report-start button[type=submit]")
    page.wait_for_selector("#report-submit")
    tables = page.inner_text(".report-tables")
    assert "一、本年新收政府信息公开申请数量" in tables and "128" in tables
    # 2. Reviews the text, rewrites part 五 and submits.
    page.fill("#id_problems", "本局依申请公开答复文书格式还不够统一，下一步将统一文书模板。")
    page.click("#text-form button[type=submit]")
    page.screenshot(path=str(tmp_path / "report-draft.png"), full_page=True)
    page.click("#report-submit button[type=submit]")
    page.wait_for_selector("text=审核")
    item_link = page.locator("a[href*='/staff/catalog/items/']").first
    item_url = item_link.get_attribute("href")

    # 3. The reviewer approves the item in the catalog's review.
    login(page, live_server.url, reviewer)
    page.goto(live_server.url + item_url)
    page.click("form[action$='/approve/'] button[type=submit]")
    page.wait_for_selector("text=已发布")

    # 4. A citizen, without an account, opens the report from the list.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/reports/")
    page.click(f"text={agency.name}2025年政府信息公开工作年度报告")
    page.wait_for_selector(".annual-report")
    body = page.inner_text(".annual-report")
    assert "本局依申请公开答复文书格式还不够统一" in body
    assert "4.保护第三方合法权益" in body
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in body
    page.screenshot(path=str(tmp_path / "report-public.png"), full_page=True)
