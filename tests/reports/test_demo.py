"""The demo county's annual reports: 2024 imported, 2025 published and frozen, 2026 in draft."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.core.demo import BUILDERS
from gongkai.core.demo.county import build_county
from gongkai.reports import selectors
from gongkai.reports.demo import build_reports
from gongkai.reports.models import AnnualReport, ReportStatus, Source

pytestmark = pytest.mark.django_db


def test_demo_reports_two_years_published_and_draft_once():
    from gongkai.applications.demo import build_applications

    assert build_reports in BUILDERS and BUILDERS.index(build_reports) > BUILDERS.index(
        build_applications
    )
    build_county()
    build_applications(scale=0)
    result = build_reports()
    assert result.created
    gov = Agency.objects.get(name="蓝湾县人民政府")
    mzj = Agency.objects.get(name="蓝湾县民政局")
    published = selectors.frozen_report(gov, 2025)
    assert published.status == ReportStatus.PUBLISHED and published.item.is_public
    assert published.previous is not None  # the imported 2024 report
    assert selectors.frozen_report(gov, 2024).source == Source.IMPORTED
    assert selectors.open_report(gov, 2026).status == ReportStatus.DRAFT
    # the ledger of 2025 counts like native cases: 2025 received = imported + native December
    received = Application.objects.filter(agency=gov, received_on__year=2025).count()
    assert published.figures["table2"]["一"][6] == received
    assert Application.objects.filter(agency=gov, imported=True).exists()
    assert published.figures["table3"][4] == 2  # two reconsiderations from the old ledger
    for row in published.figures["table2"].values():
        assert row[6] == sum(row[:6])
    assert selectors.report_on_time(mzj, 2025, today=published.published_on) is False
    count = AnnualReport.objects.count()
    assert not build_reports().created
    assert AnnualReport.objects.count() == count
