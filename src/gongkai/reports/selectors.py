"""Reads of annual reports: the version that counts, deadlines and lateness, the roll-up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport, ReportStatus

GOVERNMENT_KINDS = ("government",)  # 人民政府: their office publishes by 31 March (Art. 49)


def frozen_report(agency: Agency, year: int) -> AnnualReport | None:
    """The published version of ``agency``'s report for ``year`` (the latest correction)."""
    return (
        AnnualReport.objects.filter(agency=agency, year=year, status=ReportStatus.PUBLISHED)
        .order_by("-version")
        .first()
    )


def open_report(agency: Agency, year: int) -> AnnualReport | None:
    """The version being drafted or reviewed, if any."""
    return (
        AnnualReport.objects.filter(
            agency=agency, year=year, status__in=[ReportStatus.DRAFT, ReportStatus.SUBMITTED]
        )
        .order_by("-version")
        .first()
    )


def versions(agency: Agency, year: int) -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(agency=agency, year=year).order_by("-version")


def published_reports(agency: Agency | None = None) -> QuerySet[AnnualReport]:
    """Published reports for the public site, newest year first (superseded versions stay
    reachable from the current one)."""
    qs = AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("agency")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("agency__sort_order", "agency__name", "-year")


def due_date(agency: Agency, year: int) -> dt.date:
    """The day by which the report for ``year`` must be published (Art. 49; settings)."""
    month, day = (
        settings.GONGKAI_REPORT_DUE_GOVERNMENT
        if agency.kind in GOVERNMENT_KINDS
        else settings.GONGKAI_REPORT_DUE_DEPARTMENT
    )
    return dt.date(year + 1, month, day)


def report_on_time(agency: Agency, year: int, *, today: dt.date) -> bool | None:
    """Was the report for ``year`` published by its due date? None while it is not yet due and
    not yet published."""
    report = (
        AnnualReport.objects.filter(
            agency=agency, year=year, status__in=["published", "superseded"]
        )
        .order_by("version")
        .first()
    )
    due = due_date(agency, year)
    if report is not None and report.published_on is not None:
        return report.published_on <= due
    if today <= due:
        return None
    return False


@dataclass
class Standing:
    """Where one agency's report for a year stands, for the 公开办's overview."""

    agency: Agency
    due: dt.date
    report: AnnualReport | None  # the newest version
    published_on: dt.date | None
    late: bool  # published after the due date, or not published and the date has passed
    days_late: int


def standings(agencies, year: int, *, today: dt.date) -> list[Standing]:
    """One line per agency: its newest report version, due date and whether it is late."""
    agencies = list(agencies)
    newest: dict[int, AnnualReport] = {}
    first_published: dict[int, dt.date] = {}
    for report in AnnualReport.objects.filter(agency__in=agencies, year=year).order_by("version"):
        newest[report.agency_id] = report
        if report.published_on and report.agency_id not in first_published:
            first_published[report.agency_id] = report.published_on
    result = []
    for agency in agencies:
        due = due_date(agency, year)
        published = first_published.get(agency.pk)
        end = published or today
        late = end > due
        result.append(
            Standing(
                agency=agency,
                due=due,
                report=newest.get(agency.pk),
                published_on=published,
                late=late,
                days_late=(end - due).days if late else 0,
            )
        )
    return result
