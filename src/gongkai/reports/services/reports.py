"""The life of an annual report: draft → (edit text) → submit (frozen, into the catalog's
review) → published when the 审核员 publishes the item → corrected by a new version.

A draft's figures are recomputed from the records by every service that touches it; submitting
freezes them (with the cases carried over into next year). The report follows its catalog item:
``report_sync`` moves it to published (or back to draft when the reviewer returns the item); it
is called by the report pages and by ``gongkai tick``, and is idempotent.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.audit.services import record_event
from gongkai.reports import compute, drafting, layout
from gongkai.reports.document import Figures, ReportDocument
from gongkai.reports.models import AnnualReport, ReportStatus, Source
from gongkai.reports.selectors import frozen_report, open_report


class ReportError(ValidationError):
    """An action the report's state does not allow."""


def _require(actor, agency, action: str = "report.prepare") -> None:
    if actor is not None and not can(actor, action, agency=agency):
        raise PermissionDenied


def _locked(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().select_related("agency").get(pk=report.pk)


def _previous_figures(agency, year: int) -> Figures | None:
    last = frozen_report(agency, year - 1)
    return last.figures if last is not None else None


def _recompute(report: AnnualReport) -> compute.Computation:
    """Fresh figures, last year's, and the drafted text of every part not edited by hand.
    The problems found are kept on the instance (``report.problems``, not stored), so a page
    that has just refreshed a draft does not compute them a second time."""
    result = compute.compute_figures(report.agency, report.year)
    report.problems = result.problems
    report.figures = result.figures
    report.carry_over = result.carry_over
    report.fee_yuan = result.fee_yuan
    report.previous = _previous_figures(report.agency, report.year)
    ctx = drafting.gather_context(report.agency, report.year, result.fee_yuan)
    drafted = drafting.draft_sections(result.figures, ctx)
    sections = dict(report.sections or {})
    for key in layout.SECTION_KEYS:
        if key not in report.edited_sections or not sections.get(key):
            sections[key] = drafted[key]
    report.sections = sections
    return result


def problems_of(report: AnnualReport) -> list[compute.Problem]:
    """What makes a draft's figures disagree with themselves or with last year's report."""
    if report.source == Source.IMPORTED or report.status != ReportStatus.DRAFT:
        return []
    if getattr(report, "problems", None) is not None:  # just recomputed
        return report.problems
    return compute.compute_figures(report.agency, report.year).problems


@transaction.atomic
def report_draft(*, actor, agency, year: int, today: dt.date | None = None) -> AnnualReport:
    """Start the report for ``year`` (or bring the open draft up to date). A year that is not
    over yet can be drafted to see the figures so far; a published year needs a correction."""
    _require(actor, agency)
    today = today or timezone.localdate()
    if year > today.year:
        raise ReportError(_("The report for a future year cannot be drafted."), code="future")
    existing = open_report(agency, year)
    if existing is not None:
        return report_refresh(actor=actor, report=existing)
    if frozen_report(agency, year) is not None:
        raise ReportError(
            _("The report for %(year)d is published; make a correction instead.") % {"year": year},
            code="published",
        )
    report = AnnualReport(agency=agency, year=year, created_by=_user(actor))
    _recompute(report)
    report.save()
    record_event(actor=actor, action="report.draft", obj=report, data={"year": year})
    return report


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


@transaction.atomic
def report_refresh(*, actor, report: AnnualReport) -> AnnualReport:
    """Recompute a draft's figures from the records now (the text parts edited by hand stay)."""
    report = _locked(report)
    _require(actor, report.agency)
    if report.status != ReportStatus.DRAFT:
        return report
    before = report.figures
    _recompute(report)
    report.save()
    if before != report.figures:
        record_event(actor=actor, action="report.refresh", obj=report, data={"year": report.year})
    return report


@transaction.atomic
def report_edit_text(*, actor, report: AnnualReport, sections: dict[str, str]) -> AnnualReport:
    """Replace the text of some parts. The figures in the tables are not text and cannot be
    edited; an emptied part is drafted again from the figures."""
    report = _locked(report)
    _require(actor, report.agency)
    if report.status != ReportStatus.DRAFT:
        raise ReportError(
            _("Only a draft can be edited; this report is “%(status)s”.")
            % {"status": report.get_status_display()},
            code="frozen",
        )
    unknown = set(sections) - set(layout.SECTION_KEYS)
    if unknown:
        raise ReportError(_("Unknown part of the report."), code="unknown_section")
    edited = set(report.edited_sections)
    current = dict(report.sections)
    changed = []
    for key, text in sections.items():
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > 20000:
            raise ValidationError(
                {key: _("A part of the report can be at most 20,000 characters long.")}
            )
        if text == current.get(key, ""):
            continue
        changed.append(key)
        if text:
            current[key] = text
            edited.add(key)
        else:
            edited.discard(key)
            current[key] = ""
    report.sections = current
    report.edited_sections = sorted(edited)
    _recompute(report)  # fills emptied parts from the figures
    report.save()
    if changed:
        record_event(actor=actor, action="report.edit", obj=report, data={"parts": changed})
    return report


def document_for(report: AnnualReport, *, draft: bool | None = None) -> ReportDocument:
    return ReportDocument(
        agency=report.agency.name,
        year=report.year,
        figures=report.figures,
        previous=report.previous,
        sections=dict(report.sections),
        published_on=report.published_on,
        version=report.version,
        correction_reason=report.correction_reason,
        draft=(report.status == ReportStatus.DRAFT) if draft is None else draft,
    )


def _files(doc: ReportDocument) -> list[tuple[str, bytes]]:
    from gongkai.reports.rendering import render

    stem = doc.title + (f"（第{doc.version}版）" if doc.version > 1 else "")
    return [(f"{stem}.{fmt}", render(doc, fmt)) for fmt in ("pdf", "docx", "xlsx")]


@transaction.atomic
def report_submit(
    *, actor, report: AnnualReport, acknowledge_problems: bool = False, now=None
) -> AnnualReport:
    """Freeze the figures and hand the report to the catalog's review as an item of
    政务公开工作专题 · 年度报告, with the tables as HTML and the PDF, DOCX and XLSX attached.

    Refused while the year is not over, and while the figures disagree with themselves or with
    last year's report unless ``acknowledge_problems`` (the agency has looked at the cases)."""
    from gongkai.catalog.services.module_items import item_submit_from_module
    from gongkai.catalog.standard_template import ANNUAL_REPORTS
    from gongkai.reports.check import check_figures
    from gongkai.reports.rendering.html import render_report_html

    now = now or timezone.now()
    report = _locked(report)
    _require(actor, report.agency)
    if report.status != ReportStatus.DRAFT:
        raise ReportError(_("This report was already submitted."), code="bad_transition")
    if report.year >= timezone.localdate(now).year:
        raise ReportError(
            _("The year %(year)d is not over yet; the report can be submitted from 1 January.")
            % {"year": report.year},
            code="year_open",
        )
    result = _recompute(report)
    if result.problems and not acknowledge_problems:
        raise ReportError(
            _("The figures have problems (listed on the report page); look at the cases first."),
            code="problems",
        )
    violations = check_figures(report.figures)
    if violations and not result.problems:
        # Only the cases listed as problems can unbalance the figures; anything else is a bug,
        # and a report that does not add up for no known reason never goes out.
        raise ReportError("；".join(v.message for v in violations), code="violations")
    report.status = ReportStatus.SUBMITTED
    report.frozen_at = now
    doc = document_for(report, draft=False)
    # The item's title and summary are part of the document: Chinese, not interface text.
    title = doc.title + ("（更正）" if report.version > 1 else "")
    summary = f"更正说明：{report.correction_reason}" if report.version > 1 else ""
    report.item = item_submit_from_module(
        actor=actor,
        agency=report.agency,
        category_code=ANNUAL_REPORTS,
        title=title,
        body_html=render_report_html(doc),
        files=_files(doc),
        formed_on=timezone.localdate(now),
        summary=summary,
        item=report.item,
        source="report",
        fixed_phrases=tuple(row.label for row in layout.TABLE2_ROWS),
    )
    report.save()
    record_event(
        actor=actor,
        action="report.submit",
        obj=report,
        data={"year": report.year, "version": report.version, "item": report.item_id},
    )
    return report


@transaction.atomic
def report_sync(report: AnnualReport) -> AnnualReport:
    """Follow the catalog item: published → the report is published (and an earlier published
    version superseded); returned → back to draft, so the agency can edit and submit again."""
    from gongkai.catalog.models import ItemStatus

    if report.status != ReportStatus.SUBMITTED or report.item_id is None:
        return report
    report = _locked(report)
    item = report.item
    if item.status == ItemStatus.PUBLISHED:
        report.status = ReportStatus.PUBLISHED
        report.published_on = item.published_date
        report.save(update_fields=["status", "published_on", "updated_at"])
        superseded = AnnualReport.objects.filter(
            agency=report.agency,
            year=report.year,
            status=ReportStatus.PUBLISHED,
            version__lt=report.version,
        )
        superseded.update(status=ReportStatus.SUPERSEDED)
        record_event(
            actor=None,
            action="report.published",
            obj=report,
            data={"year": report.year, "version": report.version, "on": str(report.published_on)},
        )
    elif item.status in (ItemStatus.RETURNED, ItemStatus.DRAFT):
        report.status = ReportStatus.DRAFT
        report.frozen_at = None
        report.save(update_fields=["status", "frozen_at", "updated_at"])
        record_event(
            actor=None,
            action="report.returned",
            obj=report,
            data={"year": report.year, "comment": item.return_comment},
        )
    return report


def report_follow_item(item) -> None:
    """Called by the catalog when an item of 年度报告 is published or returned."""
    for report in AnnualReport.objects.filter(item=item, status=ReportStatus.SUBMITTED):
        report_sync(report)


def reports_sync_all(now: dt.datetime | None = None) -> str:
    """The ``gongkai tick`` job: bring every submitted report in line with its item."""
    moved = 0
    for report in AnnualReport.objects.filter(status=ReportStatus.SUBMITTED).select_related("item"):
        if report_sync(report).status != ReportStatus.SUBMITTED:
            moved += 1
    return f"{moved} report(s) followed their catalog item"


@transaction.atomic
def report_correct(*, actor, report: AnnualReport, reason: str) -> AnnualReport:
    """Start a correction of a published report: a new draft version with the same text, the
    figures recomputed, and the reason, which the corrected report shows."""
    report = _locked(report)
    _require(actor, report.agency)
    if report.status != ReportStatus.PUBLISHED or report.source != Source.COMPUTED:
        raise ReportError(_("Only a published report can be corrected."), code="bad_transition")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what the correction changes and why.")})
    if open_report(report.agency, report.year) is not None:
        raise ReportError(_("A correction of this report is already open."), code="open")
    correction = AnnualReport(
        agency=report.agency,
        year=report.year,
        version=report.version + 1,
        sections=dict(report.sections),
        edited_sections=list(report.edited_sections),
        correction_reason=reason,
        created_by=_user(actor),
    )
    _recompute(correction)
    correction.save()
    record_event(
        actor=actor,
        action="report.correct",
        obj=correction,
        data={"year": report.year, "version": correction.version, "reason": reason},
    )
    return correction


@transaction.atomic
def report_import(
    *,
    actor,
    agency,
    year: int,
    figures: Figures,
    filename: str,
    published_on: dt.date | None = None,
    sections: dict[str, str] | None = None,
) -> AnnualReport:
    """Record a report published before Gongkai (read from its JSON, XLSX or DOCX) so that the
    next year's report can show the change against it. Refused when it does not add up, or
    when Gongkai already holds a report of its own for that year."""
    from gongkai.reports.check import check_figures

    _require(actor, agency)
    violations = check_figures(figures)
    if violations:
        raise ReportError(
            _("The report does not add up: %(problems)s")
            % {"problems": "；".join(v.message for v in violations[:5])},
            code="violations",
        )
    existing = AnnualReport.objects.filter(agency=agency, year=year)
    if existing.filter(source=Source.COMPUTED).exists():
        raise ReportError(
            _("Gongkai already has its own report for %(year)d.") % {"year": year},
            code="exists",
        )
    figures = {**figures, "agency": agency.name, "year": year}
    report = existing.filter(source=Source.IMPORTED).first() or AnnualReport(
        agency=agency, year=year, source=Source.IMPORTED, created_by=_user(actor)
    )
    report.status = ReportStatus.PUBLISHED
    report.figures = figures
    report.sections = sections or {}
    report.imported_file = filename[:200]
    report.published_on = published_on
    report.frozen_at = timezone.now()
    report.fee_yuan = Decimal("0")
    report.save()
    record_event(
        actor=actor,
        action="report.import",
        obj=report,
        data={"year": year, "file": filename},
    )
    return report
