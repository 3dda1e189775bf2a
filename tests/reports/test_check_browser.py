"""In a real browser: a 公开办 user logs in, goes from the staff workbench to the report check,
uploads a bureau's broken report and sees each violation, then a clean one and sees it pass."""

from __future__ import annotations

import pytest

from gongkai.reports.check import check_figures
from gongkai.reports.document import ReportDocument
from gongkai.reports.rendering.docx import render_docx
from gongkai.reports.rendering.xlsx import render_xlsx
from tests.factories import PASSWORD
from tests.reports.report_figures import balanced, set_cell

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def log_in(page, base: str, user) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/staff/**")


def upload(page, agency, name: str, content: bytes, mime: str) -> None:
    page.select_option("#id_agency", label=agency.name)
    page.fill("#id_year", "2026")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": mime, "buffer": content}])
    page.click("#check-form button[type=submit]")
    page.wait_for_selector("#check-result")


def test_office_uploads_a_broken_bureau_report_and_sees_each_violation(
    live_server, page, county, tmp_path
):
    bureau = county.a
    broken = balanced(agency=bureau.name)
    broken = set_cell(broken, "三.五.2", 0, broken["table2"]["三.五.2"][0] + 1)  # （七） ≠ leaves
    broken = set_cell(broken, "二", 3, 9, keep_total=False)  # 总计 ≠ six columns; balance
    broken["table3"][4] = 0  # 行政复议 · 总计
    broken["table1"]["行政强制"] = 2.5
    expected = check_figures(broken)
    assert len({v.kind for v in expected}) == 5

    log_in(page, live_server.url, county.office)
    page.get_by_role("link", name="检查报告文件").click()
    page.wait_for_selector("#check-form")
    doc = ReportDocument(agency=bureau.name, year=2026, figures=broken)
    upload(page, bureau, "教育局2026年报.docx", render_docx(doc), DOCX)

    summary = page.inner_text("#check-summary")
    assert f"发现 {len(expected)} 处不符合规则" in summary
    listed = page.inner_text("#violations")
    for violation in expected:
        assert violation.message in listed
    rows = page.locator("#violations tbody tr")
    assert rows.count() == len(expected)
    first = rows.nth(0).locator("th, td")
    assert [first.nth(i).inner_text() for i in range(3)] == ["表一", "行政强制", "本年处理决定数量"]
    # The figures as read can be opened below the list, in the official layout.
    page.click("#check-result details summary")
    read = page.locator("#check-result details table").nth(1)
    assert read.is_visible() and "申请人情况" in read.inner_text()
    page.screenshot(path=str(tmp_path / "check-broken.png"), full_page=True)

    # The bureau corrects its report and sends the XLSX: it passes.
    fixed = ReportDocument(agency=bureau.name, year=2026, figures=balanced(agency=bureau.name))
    upload(page, bureau, "教育局2026年报.xlsx", render_xlsx(fixed), XLSX)
    assert "报告通过全部检查" in page.inner_text("#check-clean")
    assert page.locator("#violations").count() == 0
