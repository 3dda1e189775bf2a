"""The public pages of annual reports: the list, and one report as published (frozen)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.reports import selectors
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.reports.services import document_for


def report_list(request):
    reports = selectors.published_reports()
    groups: dict[int, dict] = {}
    for report in reports:
        groups.setdefault(report.agency_id, {"agency": report.agency, "reports": []})[
            "reports"
        ].append(report)
    return render(
        request,
        "reports/public/list.html",
        {"groups": list(groups.values()), "nav_active": "reports"},
    )


def report_detail(request, credit_code: str, year: int):
    from gongkai.reports.rendering.html import render_report_html

    agency = get_object_or_404(Agency, credit_code=credit_code, is_active=True)
    shown = AnnualReport.objects.filter(
        agency=agency, year=year, status__in=[ReportStatus.PUBLISHED, ReportStatus.SUPERSEDED]
    ).select_related("item")
    version = request.GET.get("version")
    if version and version.isdigit():
        report = shown.filter(version=int(version)).first()
    else:
        report = shown.filter(status=ReportStatus.PUBLISHED).order_by("-version").first()
    if report is None:
        raise Http404
    item = report.item if report.item and report.item.is_public else None
    return render(
        request,
        "reports/public/detail.html",
        {
            "report": report,
            "doc": document_for(report),
            "body_html": render_report_html(document_for(report)),
            "item": item,
            "attachments": list(item.attachments.all()) if item else [],
            "versions": list(shown.order_by("-version")),
            "current": selectors.frozen_report(agency, year),
            "nav_active": "reports",
        },
    )
