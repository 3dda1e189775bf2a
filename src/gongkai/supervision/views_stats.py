"""Staff pages of the statistics: the choice of agency and period, the page with its tables
and charts, and its XLSX export. Thin: the figures come from ``gongkai.supervision.stats``."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.core.staff_views import staff_view
from gongkai.supervision.forms_stats import StatsForm, period_from_query
from gongkai.supervision.stats.page import (
    build_page,
    has_agencies_below,
    stats_agencies,
)
from gongkai.supervision.stats.xlsx import workbook_bytes
from gongkai.supervision.views_helpers import agency_for, xlsx_response


def _query(period, below: bool) -> str:
    params = period.query()
    if below:
        params["below"] = "1"
    return urlencode(params)


def _top_agency(agencies):
    """The first of ``agencies`` none of whose ancestors is among them (the county for its
    公开办, the bureau for a bureau's staff)."""
    ids = {a.pk for a in agencies}
    for agency in agencies:
        if agency.parent_id not in ids:
            return agency
    return agencies[0]


@staff_view
@require_GET
def stats_index(request):
    """Without a choice: the user's top agency, with the agencies below it when there are
    some. With the form's choice: that agency and period."""
    agencies = list(stats_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    today = timezone.localdate()
    if "agency" in request.GET:
        form = StatsForm(request.GET, agencies=agencies, today=today)
        if not form.is_valid():
            agency = next((a for a in agencies if a.credit_code == request.GET["agency"]), None)
            if agency is None:
                raise Http404
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect(reverse("supervision:stats_agency", args=[agency.credit_code]))
        agency = next(a for a in agencies if a.credit_code == form.cleaned_data["agency"])
        period, below = form.period(), form.cleaned_data["below"]
    else:
        agency = _top_agency(agencies)
        period = period_from_query({}, today)
        below = has_agencies_below(request.user, agency)
    url = reverse("supervision:stats_agency", args=[agency.credit_code])
    return redirect(f"{url}?{_query(period, below)}")


def _page(request, credit_code: str):
    agency = agency_for(request, credit_code)
    today = timezone.localdate()
    period = period_from_query(request.GET, today)
    if period is None:
        raise Http404
    below = request.GET.get("below") in ("1", "on") and has_agencies_below(request.user, agency)
    return build_page(request.user, agency, period, below=below), today


@staff_view
@require_GET
def stats_agency(request, credit_code: str):
    page, today = _page(request, credit_code)
    agencies = list(stats_agencies(request.user))
    form = StatsForm(
        initial={
            "agency": page.agency.credit_code,
            "year": page.period.year,
            "month_from": page.period.month_from,
            "month_to": page.period.month_to,
            "below": page.county_wide,
        },
        agencies=agencies,
        today=today,
    )
    query = _query(page.period, page.county_wide)
    return render(
        request,
        "supervision/stats/page.html",
        {
            "page": page,
            "form": form,
            "export_url": reverse("supervision:stats_export", args=[page.agency.credit_code])
            + "?"
            + query,
            "tables": page.tables,
        },
    )


@staff_view
@require_GET
def stats_export(request, credit_code: str):
    page, _today = _page(request, credit_code)
    scope = (
        _("%(agency)s and the agencies below it") % {"agency": page.agency.name}
        if page.county_wide
        else page.agency.name
    )
    heading = _("Statistics of %(scope)s, %(period)s") % {
        "scope": scope,
        "period": page.period.label,
    }
    content = workbook_bytes(heading, list(page.tables.values()))
    suffix = f"{page.period.year}-{page.period.month_from:02d}-{page.period.month_to:02d}"
    return xlsx_response(content, f"statistics-{page.agency.credit_code}-{suffix}.xlsx")
