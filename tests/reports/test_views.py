"""The staff pages of the report and the public pages of a published report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.reports.models import AnnualReport, EnteredFigures, ReportStatus
from tests.factories import staff
from tests.reports.conftest import D, case

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(county):
    county.admin_a = staff(Role.AGENCY_ADMIN, county.a)
    county.reviewer_a = staff(Role.REVIEWER, county.a)
    return county


def login(client, user):
    client.force_login(user)
    return client


def _url(name, agency, year=2025, *args):
    return reverse(f"reports_staff:{name}", args=[agency.credit_code, year, *args])


def test_report_page_shows_the_computed_tables_and_problems(client, people):
    bad = case(people.a, "2025-01-06", closed="2024-12-19", outcome="granted")
    login(client, people.admin_a)
    page = client.get(_url("report", people.a)).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in page
    assert bad.number in page and "勾稽关系" in page
    assert "起草年度报告" in page or "Draft the report" in page


def test_entered_figures_form_keeps_what_was_typed_on_error(client, people):
    login(client, people.admin_a)
    response = client.post(
        _url("figures", people.a),
        {"licensing": "12", "penalties": "3", "enforcement": "x", "fees_wan": "1.5"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="12"' in page and 'value="1.5"' in page
    assert not EnteredFigures.objects.exists()
    response = client.post(
        _url("figures", people.a),
        {"licensing": "12", "penalties": "3", "enforcement": "0", "fees_wan": "1.5"},
    )
    assert response.status_code == 302
    row = EnteredFigures.objects.get()
    assert (row.licensing, row.entered_by) == (12, people.admin_a)


def test_draft_edit_and_submit_through_the_pages(client, people, monkeypatch):
    case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    login(client, people.admin_a)
    assert client.post(_url("start", people.a)).status_code == 302
    report = AnnualReport.objects.get()
    form = {key: report.sections[key] for key in report.sections}
    form["problems"] = "自己写的第五部分。"
    assert client.post(_url("text", people.a), form).status_code == 302
    report.refresh_from_db()
    assert report.sections["problems"] == "自己写的第五部分。"
    assert client.post(_url("submit", people.a)).status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.item is not None


def test_downloads_in_every_format(client, people):
    import io
    import json

    login(client, people.admin_a)
    data = json.loads(client.get(_url("download", people.a, 2025, "json")).content)
    assert data["year"] == 2025 and len(data["table3"]) == 15
    pdf = client.get(_url("download", people.a, 2025, "pdf"))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    import openpyxl

    book = openpyxl.load_workbook(
        io.BytesIO(client.get(_url("download", people.a, 2025, "xlsx")).content)
    )
    assert len(book.worksheets) >= 3
    assert client.get(_url("download", people.a, 2025, "exe")).status_code == 404


def test_other_agencies_staff_get_404(client, people):
    login(client, staff(Role.AGENCY_ADMIN, people.b))
    assert client.get(_url("report", people.a)).status_code == 404
    assert client.post(_url("start", people.a)).status_code == 404
    login(client, people.handler_a)
    assert client.get(_url("report", people.a)).status_code == 404


def test_the_office_sees_late_reports_and_the_rollup(client, people):
    case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    case(people.b, "2025-04-02")
    login(client, people.office)
    page = client.get(reverse("reports_staff:index") + "?year=2025").content.decode()
    assert people.a.name in page and people.b.name in page
    rollup = client.get(_url("rollup", people.government)).content.decode()
    assert people.a.name in rollup and people.b.name in rollup
    import json

    total = json.loads(client.get(_url("rollup_download", people.government, 2025, "json")).content)
    assert total["table2"]["一"][6] == 2 and total["table2"]["四"][6] == 1
    login(client, people.admin_a)
    assert client.get(_url("rollup", people.government)).status_code == 404


def test_standings_and_on_time_follow_the_due_dates(people):
    from gongkai.reports import selectors

    report = _published(people)  # published 20 January 2026
    rows = {
        r.agency: r
        for r in selectors.standings(
            [people.government, people.a, people.b], 2025, today=D("2026-04-02")
        )
    }
    assert rows[people.a].due == D("2026-01-31") and not rows[people.a].late
    assert rows[people.b].late and rows[people.b].days_late == 61  # 31 Jan → 2 Apr
    assert rows[people.government].due == D("2026-03-31")
    assert rows[people.government].late and rows[people.government].days_late == 2
    assert selectors.report_on_time(people.a, 2025, today=D("2026-04-02")) is True
    assert selectors.report_on_time(people.b, 2025, today=D("2026-01-15")) is None
    assert selectors.report_on_time(people.b, 2025, today=D("2026-02-01")) is False
    AnnualReport.objects.filter(pk=report.pk).update(published_on=D("2026-02-03"))
    assert selectors.report_on_time(people.a, 2025, today=D("2026-04-02")) is False


def _published(people):
    from gongkai.catalog.services.items import item_approve
    from gongkai.reports.services import report_draft, report_submit, report_sync

    now = timezone.make_aware(dt.datetime(2026, 1, 20, 9))
    with transaction.atomic():
        report = report_draft(
            actor=people.admin_a, agency=people.a, year=2025, today=D("2026-01-10")
        )
        report = report_submit(actor=people.admin_a, report=report, now=now)
        item_approve(actor=people.reviewer_a, item=report.item, now=now)
    return report_sync(report)


def test_a_citizen_reads_the_published_report(client, people):
    case(people.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    url = reverse("reports:detail", args=[people.a.credit_code, 2025])
    assert client.get(url).status_code == 404  # nothing published yet
    report = _published(people)
    listing = client.get(reverse("portal:reports")).content.decode()
    assert report.title in listing
    page = client.get(url).content.decode()
    assert "一、本年新收政府信息公开申请数量" in page
    assert "2026年1月20日" in page
    assert page.count(".pdf") >= 1 and ".docx" in page and ".xlsx" in page
    item_page = client.get(report.item.get_absolute_url()).content.decode()
    assert "四、结转下年度继续办理" in item_page
