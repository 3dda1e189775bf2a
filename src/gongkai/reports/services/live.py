"""A report computed from the records now, without saving anything (CLI, roll-up, previews)."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.reports import compute, drafting
from gongkai.reports.document import ReportDocument
from gongkai.reports.models import AnnualReport, ReportStatus


def live_document(agency, year: int, result: compute.Computation | None = None) -> ReportDocument:
    """``result``: the figures when the caller has already computed them."""
    from gongkai.reports.selectors import frozen_report

    result = result or compute.compute_figures(agency, year)
    ctx = drafting.gather_context(agency, year, result.fee_yuan)
    last = frozen_report(agency, year - 1)
    return ReportDocument(
        agency=agency.name,
        year=year,
        figures=result.figures,
        previous=last.figures if last else None,
        sections=drafting.draft_sections(result.figures, ctx),
        draft=True,
    )


def rollup_document(root: Agency, agencies: list[Agency], year: int):
    """Each agency's published figures, or its figures computed now, and their sum."""
    from gongkai.reports.compute import sum_figures

    published = {
        r.agency_id: r
        for r in AnnualReport.objects.filter(
            agency__in=agencies, year=year, status=ReportStatus.PUBLISHED
        )
    }
    parts = []
    for agency in agencies:
        report = published.get(agency.pk)
        figures = report.figures if report else compute.figures_only(agency, year)
        parts.append((agency, figures, report is not None))
    # The roll-up is a document like the report: its title is Chinese.
    total = sum_figures(f"{root.name}及所属机关汇总", year, [p[1] for p in parts])
    doc = ReportDocument(agency=total["agency"], year=year, figures=total, draft=True)
    return doc, parts
