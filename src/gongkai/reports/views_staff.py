"""Staff screens of the annual report: the overview of an agency's (or supervised agencies')
reports, one report with its figures, entered figures, text, submission and correction, the
county-wide roll-up, and importing a report published before Gongkai.

Thin adapters over ``gongkai.reports.services``; an agency the user may not see is a 404, a
refused step shows the service's message with what the user typed kept in the form.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where, can, descendant_ids
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.core.staff_views import staff_view
from gongkai.reports import compute, selectors
from gongkai.reports.document import ReportDocument
from gongkai.reports.forms import (
    CorrectForm,
    EnteredFiguresForm,
    ImportForm,
    SectionsForm,
    SubmitForm,
)
from gongkai.reports.layout import SECTIONS
from gongkai.reports.models import AnnualReport, EnteredFigures, ReportStatus
from gongkai.reports.rendering import render as render_report
from gongkai.reports.services import (
    document_for,
    entered_figures_set,
    report_correct,
    report_draft,
    report_edit_text,
    report_import,
    report_refresh,
    report_submit,
    report_sync,
)
from gongkai.reports.services.live import live_document, rollup_document
from gongkai.reports.services.reports import problems_of

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def _agency(request, credit_code: str, action: str = "report.view") -> Agency:
    agency = get_object_or_404(Agency, credit_code=credit_code)
    if not can(request.user, action, agency=agency):
        raise Http404
    return agency


def _default_year() -> int:
    return timezone.localdate().year - 1


def _year(request) -> int:
    try:
        return int(request.GET.get("year") or _default_year())
    except ValueError:
        return _default_year()


def rendered(doc: ReportDocument) -> str:
    from gongkai.reports.rendering.html import render_tables_html

    return render_tables_html(doc)


@staff_view
def index(request):
    user = request.user
    agencies = agencies_where(user, "report.view").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    year = _year(request)
    today = timezone.localdate()
    supervising = agencies_where(user, "report.manage").order_by("sort_order", "name")
    supervised_ids = {a.pk for a in supervising}
    roots = [a for a in supervising if a.parent_id not in supervised_ids]
    return render(
        request,
        "reports/staff/index.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "rows": selectors.standings(agencies, year, today=today),
            "roots": roots,
            "can_import": agencies_where(user, "report.prepare").exists(),
            "today": today,
        },
    )


def _problems_with_links(problems: list[compute.Problem], agency: Agency):
    numbers = {n for p in problems for n in p.cases}
    ids = dict(
        Application.objects.filter(agency=agency, number__in=numbers).values_list("number", "pk")
    )
    return [
        {
            "message": p.message,
            "cases": [
                (n, reverse("applications_staff:detail", args=[ids[n]]) if n in ids else "")
                for n in p.cases
            ],
        }
        for p in problems
    ]


def _report_context(request, agency: Agency, year: int, report: AnnualReport | None, **forms):
    may_prepare = can(request.user, "report.prepare", agency=agency)
    if report is None:
        result = compute.compute_figures(agency, year)
        doc = live_document(agency, year, result)
        problems = result.problems
    else:
        doc = document_for(report)
        problems = problems_of(report)
    entered = (
        EnteredFigures.objects.filter(agency=agency, year=year).select_related("entered_by").first()
    )
    frozen = report is not None and report.is_frozen
    return {
        "agency": agency,
        "year": year,
        "report": report,
        "doc": doc,
        "tables_html": rendered(doc),
        "sections": [(key, heading, doc.sections.get(key, "")) for key, heading in SECTIONS],
        "problems": _problems_with_links(problems, agency),
        "entered": entered,
        "may_prepare": may_prepare,
        "frozen": frozen,
        "due": selectors.due_date(agency, year),
        "versions": selectors.versions(agency, year).select_related("item"),
        "published": selectors.frozen_report(agency, year),
        "year_over": year < timezone.localdate().year,
        "figures_form": forms.get("figures_form")
        or EnteredFiguresForm(instance=entered or EnteredFigures(agency=agency, year=year)),
        "sections_form": forms.get("sections_form")
        or SectionsForm(initial={key: doc.sections.get(key, "") for key, _h in SECTIONS}),
        "submit_form": forms.get("submit_form") or SubmitForm(),
        "correct_form": forms.get("correct_form") or CorrectForm(),
        "errors": forms.get("errors", []),
    }


def _current(agency: Agency, year: int) -> AnnualReport | None:
    report = selectors.versions(agency, year).first()
    if report is not None and report.status == ReportStatus.SUBMITTED:
        report = report_sync(report)
    return report


@staff_view
def report_page(request, credit_code: str, year: int):
    agency = _agency(request, credit_code)
    report = _current(agency, year)
    if (
        report is not None
        and report.status == ReportStatus.DRAFT
        and can(request.user, "report.prepare", agency=agency)
    ):
        report = report_refresh(actor=request.user, report=report)
    return render(
        request, "reports/staff/report.html", _report_context(request, agency, year, report)
    )


def _back(agency: Agency, year: int, anchor: str = ""):
    return redirect(reverse("reports_staff:report", args=[agency.credit_code, year]) + anchor)


def _refused(request, agency, year, exc: ValidationError, **forms):
    report = _current(agency, year)
    context = _report_context(request, agency, year, report, errors=exc.messages, **forms)
    return render(request, "reports/staff/report.html", context, status=400)


@staff_view
@require_POST
def report_start(request, credit_code: str, year: int):
    agency = _agency(request, credit_code, "report.prepare")
    try:
        report_draft(actor=request.user, agency=agency, year=year)
    except ValidationError as exc:
        return _refused(request, agency, year, exc)
    messages.success(request, _("The report was drafted from the records."))
    return _back(agency, year)


@staff_view
@require_POST
def figures_save(request, credit_code: str, year: int):
    agency = _agency(request, credit_code, "report.prepare")
    entered = EnteredFigures.objects.filter(agency=agency, year=year).first()
    form = EnteredFiguresForm(
        request.POST, instance=entered or EnteredFigures(agency=agency, year=year)
    )
    if not form.is_valid():
        return _refused(
            request,
            agency,
            year,
            ValidationError(_("Correct the figures below.")),
            figures_form=form,
        )
    data = form.cleaned_data
    try:
        with transaction.atomic():
            entered_figures_set(
                actor=request.user,
                agency=agency,
                year=year,
                licensing=data["licensing"],
                penalties=data["penalties"],
                enforcement=data["enforcement"],
                fees_wan=data["fees_wan"],
            )
            report = selectors.open_report(agency, year)
            if report is not None and report.status == ReportStatus.DRAFT:
                report_refresh(actor=request.user, report=report)
    except ValidationError as exc:
        return _refused(request, agency, year, exc, figures_form=form)
    messages.success(request, _("The figures were saved."))
    return _back(agency, year, "#entered")


def _open_draft(agency, year) -> AnnualReport:
    report = selectors.open_report(agency, year)
    if report is None:
        raise Http404
    return report


@staff_view
@require_POST
def text_save(request, credit_code: str, year: int):
    agency = _agency(request, credit_code, "report.prepare")
    report = _open_draft(agency, year)
    form = SectionsForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            agency,
            year,
            ValidationError(_("Correct the text below.")),
            sections_form=form,
        )
    try:
        report_edit_text(actor=request.user, report=report, sections=form.cleaned_data)
    except ValidationError as exc:
        return _refused(request, agency, year, exc, sections_form=form)
    messages.success(request, _("The text was saved."))
    return _back(agency, year, "#text")


@staff_view
@require_POST
def report_submit_view(request, credit_code: str, year: int):
    agency = _agency(request, credit_code, "report.prepare")
    report = _open_draft(agency, year)
    form = SubmitForm(request.POST)
    form.is_valid()
    try:
        report_submit(
            actor=request.user,
            report=report,
            acknowledge_problems=form.cleaned_data.get("acknowledge_problems", False),
        )
    except ValidationError as exc:
        return _refused(request, agency, year, exc, submit_form=form)
    messages.success(
        request,
        _(
            "The report was frozen and sent to review; it is published when a reviewer publishes it."
        ),
    )
    return _back(agency, year)


@staff_view
@require_POST
def report_correct_view(request, credit_code: str, year: int):
    agency = _agency(request, credit_code, "report.prepare")
    published = selectors.frozen_report(agency, year)
    if published is None:
        raise Http404
    form = CorrectForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            agency,
            year,
            ValidationError(_("Say what the correction changes and why.")),
            correct_form=form,
        )
    try:
        report_correct(actor=request.user, report=published, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        return _refused(request, agency, year, exc, correct_form=form)
    messages.success(request, _("A corrected version was started as a draft."))
    return _back(agency, year)


def _download(doc: ReportDocument, fmt: str, stem: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404
    response = HttpResponse(render_report(doc, fmt), content_type=CONTENT_TYPES[fmt])
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem + '.' + fmt)}"
    return response


@staff_view
def report_download(request, credit_code: str, year: int, fmt: str):
    agency = _agency(request, credit_code)
    version = request.GET.get("version")
    if version:
        report = get_object_or_404(AnnualReport, agency=agency, year=year, version=version)
        doc = document_for(report)
    else:
        report = _current(agency, year)
        doc = document_for(report) if report is not None else live_document(agency, year)
    return _download(doc, fmt, doc.title + ("（草稿）" if doc.draft else ""))


def _rollup_agencies(request, credit_code: str) -> tuple[Agency, list[Agency]]:
    root = _agency(request, credit_code, "report.manage")
    ids = descendant_ids([root.pk])
    agencies = list(
        Agency.objects.filter(pk__in=ids, is_active=True).order_by("sort_order", "name")
    )
    return root, agencies


@staff_view
def rollup(request, credit_code: str, year: int):
    root, agencies = _rollup_agencies(request, credit_code)
    doc, parts = rollup_document(root, agencies, year)
    rows = [
        {
            "agency": agency,
            "published": published,
            "received": figures["table2"]["一"][6],
            "closed": figures["table2"]["三.七"][6],
            "open": figures["table2"]["四"][6],
            "remedies": figures["table3"][4] + figures["table3"][9] + figures["table3"][14],
        }
        for agency, figures, published in parts
    ]
    return render(
        request,
        "reports/staff/rollup.html",
        {
            "root": root,
            "year": year,
            "rows": rows,
            "tables_html": rendered(doc),
            "standings": selectors.standings(agencies, year, today=timezone.localdate()),
        },
    )


@staff_view
def rollup_download(request, credit_code: str, year: int, fmt: str):
    root, agencies = _rollup_agencies(request, credit_code)
    doc, _parts = rollup_document(root, agencies, year)
    return _download(doc, fmt, doc.title)


@staff_view
@require_http_methods(["GET", "POST"])
def import_report(request):
    agencies = agencies_where(request.user, "report.prepare").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        from gongkai.reports.readers import ReportReadError, read_report

        upload = form.cleaned_data["file"]
        try:
            result = read_report(upload.read(), filename=upload.name)
        except ReportReadError as exc:
            form.add_error("file", str(exc))
        else:
            problems = [str(p) for p in result.problems]
            if not problems:
                agency = form.cleaned_data["agency"]
                year = form.cleaned_data["year"]
                try:
                    with transaction.atomic():
                        report_import(
                            actor=request.user,
                            agency=agency,
                            year=year,
                            figures=result.figures,
                            filename=upload.name,
                            published_on=form.cleaned_data["published_on"],
                        )
                except ValidationError as exc:
                    problems = exc.messages
                else:
                    messages.success(
                        request,
                        _("The %(year)d report of %(agency)s was imported.")
                        % {"year": year, "agency": agency.name},
                    )
                    return redirect("reports_staff:report", agency.credit_code, year)
    return render(request, "reports/staff/import.html", {"form": form, "problems": problems})
