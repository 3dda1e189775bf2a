from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token

from gongkai.accounts.models import RoleAssignment
from gongkai.accounts.permissions import agencies_where, has_any_role, is_system_admin
from gongkai.agencies.selectors import agency_tree
from gongkai.catalog import selectors as catalog_selectors
from gongkai.interaction import selectors as interaction_selectors
from gongkai.internal import selectors as internal_selectors
from gongkai.portal.selectors import root_agency
from gongkai.servicehall import selectors as servicehall_selectors
from gongkai.services import selectors as services_selectors
from gongkai.supervision import selfcheck_selectors, targets_selectors
from gongkai.workdays.selectors import missing_calendar_warning

SECTIONS = ("disclosure", "apply", "interaction", "services")


def home(request):
    """The front page: the newest information site-wide, per first-level column and per
    agency that published most recently. A fixed number of queries, each a short walk of a
    partial index, whatever the number of items or agencies."""
    return render(
        request,
        "portal/home.html",
        {
            "root": root_agency(),
            "tree": agency_tree(),
            "latest": catalog_selectors.latest_items(limit=10),
            "sections": catalog_selectors.home_sections(limit=5),
            "agency_blocks": catalog_selectors.home_agencies(agencies=8, limit=4),
            "nav_active": "home",
        },
    )


def section(request, section: str):
    if section not in SECTIONS:
        raise Http404
    context = {"root": root_agency(), "tree": agency_tree(), "nav_active": section}
    if section == "disclosure":
        context["latest"] = catalog_selectors.latest_items(limit=10)
    return render(request, f"portal/section_{section}.html", context)


def accessibility(request):
    return render(request, "portal/accessibility.html", {})


@login_required
def staff_home(request):
    user = request.user
    if not has_any_role(user):
        raise PermissionDenied
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related("agency")
        .order_by("agency__sort_order")
    )
    return render(
        request,
        "portal/staff_home.html",
        {
            "assignments": assignments,
            "is_system_admin": is_system_admin(user),
            "calendar_warning": missing_calendar_warning(today),
            "audit_agencies": agencies_where(user, "audit.view").exists(),
            "report_agencies": agencies_where(user, "report.view").exists(),
            "report_check": agencies_where(user, "report.manage").exists(),
            "change_agencies": agencies_where(user, "agency.change").exists(),
            "staff_agencies": agencies_where(user, "staff.view").exists(),
            "catalog_items": agencies_where(user, "item.view_staff").exists(),
            "catalog_supervise": agencies_where(user, "catalog.supervise").exists(),
            "selfcheck_open": selfcheck_selectors.open_count_for(user),
            "applications": agencies_where(user, "application.view").exists(),
            "letters": interaction_selectors.queue_summary(user, today),
            "hotline": agencies_where(user, "message.handle").exists(),
            "solicitations": agencies_where(user, "solicitation.view").exists(),
            "interviews": agencies_where(user, "interview.view").exists(),
            "proposals": agencies_where(user, "proposal.view").exists(),
            "topics": agencies_where(user, "topic.view").exists(),
            "services": agencies_where(user, "service.view").exists(),
            "services_queue": services_selectors.review_queue(user).count(),
            "hall": servicehall_selectors.case_counts(
                servicehall_selectors.cases_visible_to(user), today
            )
            if agencies_where(user, "rating.view").exists()
            else None,
            "notices": agencies_where(user, "notice.view").exists(),
            "internal": internal_selectors.workbench(user),
            "catalog_manage": list(
                agencies_where(user, "catalog.manage").order_by("sort_order", "name")[:20]
            ),
            "today": today,
            "targets_panel": targets_selectors.dashboard(user, today=today),
        },
    )


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", {}, status=404)


@requires_csrf_token
def server_error(request):
    """The 500 page. It renders without context processors or database access (the error may
    be the database itself), in the reader's language."""
    from django.http import HttpResponseServerError
    from django.template import loader
    from django.utils import translation

    language = translation.get_language_from_request(request)
    with translation.override(language):
        html = loader.get_template("errors/500.html").render({"LANGUAGE_CODE": language})
    return HttpResponseServerError(html)
