"""The service hall's start page for staff: the open and overdue cases, and links to what
the user may keep up."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.accounts.permissions import agencies_where
from gongkai.core.staff_views import staff_view
from gongkai.servicehall.selectors import case_counts, cases_visible_to

ACTIONS = ("rating.view", "commitment.manage", "window.manage")


@staff_view
@require_GET
def home(request):
    may = {action: agencies_where(request.user, action).exists() for action in ACTIONS}
    if not any(may.values()):
        raise PermissionDenied
    today = timezone.localdate()
    counts = case_counts(cases_visible_to(request.user), today) if may["rating.view"] else None
    return render(
        request,
        "servicehall/staff/home.html",
        {
            "may_view": may["rating.view"],
            "may_commitments": may["commitment.manage"],
            "may_windows": may["window.manage"],
            "counts": counts,
        },
    )
