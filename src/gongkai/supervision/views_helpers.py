"""What the staff views of statistics, targets and the assessment share: login, the 403 page,
and fetching an agency the user may see (404 for missing and forbidden alike)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def agency_for(request, credit_code: str, action: str = "stats.view") -> Agency:
    agency = get_object_or_404(Agency, credit_code=credit_code)
    if not can(request.user, action, agency=agency):
        raise Http404
    return agency


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
