"""The year of official spending of one agency: the chart and the table of every month."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.core.staff_views import staff_view
from gongkai.internal.permissions import is_staff_of
from gongkai.internal.spending import spending_year, year_chart, year_table
from gongkai.internal.views.common import get_agency


@staff_view
@require_GET
def spending_year_view(request, credit_code: str, year: int):
    agency = get_agency(credit_code)
    if not is_staff_of(request.user, agency):
        raise Http404  # like a missing page: another agency's spending is not for them
    figures = spending_year(request.user, agency, year)
    this_year = timezone.localdate().year
    return render(
        request,
        "internal/staff/spending_year.html",
        {
            "agency": agency,
            "year": year,
            "figures": figures,
            "chart": year_chart(figures),
            "table": year_table(figures),
            "previous": year - 1,
            "next": year + 1 if year < this_year else None,
        },
    )
