"""The report check page of the 公开办: upload a bureau's report, see what does not add up.

A thin adapter over ``checking.report_file_check``. Only users with "report.manage" for some
agency (the 公开办 for the agencies it supervises, system administrators) see the page; a
user without it gets the 403 page, and a chosen agency outside the user's scope is a 404.
The result is shown on the page the file was sent from; nothing but the audit event is kept.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency
from gongkai.core.staff_views import staff_view
from gongkai.reports.checking import report_file_check
from gongkai.reports.document import ReportDocument
from gongkai.reports.forms_check import ReportCheckForm
from gongkai.reports.readers import ReportReadError
from gongkai.reports.rendering.html import render_tables_html


def _table_name(number: int) -> str:
    names = {1: _("Table 1"), 2: _("Table 2"), 3: _("Table 3")}
    return names.get(number, _("Whole report"))


def _violation_rows(violations) -> list[dict]:
    return [
        {
            "table": _table_name(v.table),
            "row": v.row_label or "—",
            "column": v.column or "—",
            "message": v.message,
            "numbers": " · ".join(str(n) for n in v.numbers),
        }
        for v in violations
    ]


def _initial(request, agencies) -> dict:
    initial = {"year": timezone.localdate().year - 1}
    code = request.GET.get("agency")
    if code:
        agency = agencies.filter(credit_code=code).first()
        if agency is not None:
            initial["agency"] = agency.pk
    year = request.GET.get("year", "")
    if year.isdigit():
        initial["year"] = int(year)
    return initial


@staff_view
@require_http_methods(["GET", "POST"])
def check_report(request):
    agencies = agencies_where(request.user, "report.manage").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    context: dict = {}
    if request.method == "POST":
        chosen = request.POST.get("agency", "")
        if chosen.isdigit() and Agency.objects.filter(pk=chosen).exists():
            if not agencies.filter(pk=chosen).exists():
                raise Http404
        form = ReportCheckForm(request.POST, request.FILES, agencies=agencies)
        if form.is_valid():
            agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
            upload = form.cleaned_data["file"]
            try:
                result = report_file_check(
                    actor=request.user,
                    agency=agency,
                    year=year,
                    filename=upload.name,
                    content=form.content,
                )
            except ReportReadError as exc:
                form.add_error("file", str(exc))
            else:
                figures = ReportDocument(agency=agency.name, year=year, figures=result.figures)
                context.update(
                    result=result,
                    checked_agency=agency,
                    checked_year=year,
                    filename=upload.name,
                    violation_rows=_violation_rows(result.violations),
                    tables_html=render_tables_html(figures),
                )
    else:
        form = ReportCheckForm(initial=_initial(request, agencies), agencies=agencies)
    context["form"] = form
    return render(request, "reports/staff/check.html", context)
