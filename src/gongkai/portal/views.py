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
from gongkai.portal.selectors import root_agency
from gongkai.workdays.selectors import missing_calendar_warning

SECTIONS = ("disclosure", "apply", "interaction", "services", "reports")


def home(request):
    return render(
        request,
        "portal/home.html",
        {"root": root_agency(), "tree": agency_tree(), "nav_active": "home"},
    )


def section(request, section: str):
    if section not in SECTIONS:
        raise Http404
    return render(
        request,
        f"portal/section_{section}.html",
        {"root": root_agency(), "tree": agency_tree(), "nav_active": section},
    )


def accessibility(request):
    return render(request, "portal/accessibility.html", {})


@login_required
def staff_home(request):
    user = request.user
    if not has_any_role(user):
        raise PermissionDenied
    today = timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=user).select_related("agency").order_by("agency__sort_order")
    )
    return render(
        request,
        "portal/staff_home.html",
        {
            "assignments": assignments,
            "is_system_admin": is_system_admin(user),
            "calendar_warning": missing_calendar_warning(today),
            "audit_agencies": agencies_where(user, "audit.view").exists(),
            "change_agencies": agencies_where(user, "agency.change").exists(),
            "today": today,
        },
    )


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", {}, status=404)


@requires_csrf_token
def server_error(request):
    # No context processors that touch the database: the error may be the database itself.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    from django.http import HttpResponseServerError

    return HttpResponseServerError(template.render({}))
