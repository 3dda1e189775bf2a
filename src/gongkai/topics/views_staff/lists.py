"""The workbench list of topic requests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gongkai.accounts.permissions import agencies_where
from gongkai.core.staff_views import staff_view
from gongkai.topics.forms import StaffFilterForm
from gongkai.topics.models import TopicStatus
from gongkai.topics.selectors import (
    counts_by_status,
    needs_routing,
    staff_filter,
    topics_visible_to,
)

PAGE_SIZE = 30


@staff_view
@require_GET
def topic_list(request):
    agencies = agencies_where(request.user, "topic.view").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    today = timezone.localdate()
    visible = topics_visible_to(request.user)
    params = request.GET.copy()
    if "status" not in params and agencies_where(request.user, "topic.moderate").exists():
        params["status"] = TopicStatus.PENDING  # what a 审核员 opens the list for
    form = StaffFilterForm(params, agencies=agencies)
    qs = visible
    if form.is_valid():
        d = form.cleaned_data
        qs = staff_filter(
            qs, status=d["status"], agency_id=d["agency"].pk if d["agency"] else None, today=today
        )
    page = Paginator(qs.order_by("-submitted_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "topics/staff/list.html",
        {
            "form": form,
            "page": page,
            "today": today,
            "counts": counts_by_status(visible),
            "to_route": needs_routing(visible)
            .exclude(status__in=[TopicStatus.REJECTED, TopicStatus.ANSWERED])
            .count(),
            "querystring": query.urlencode(),
        },
    )
