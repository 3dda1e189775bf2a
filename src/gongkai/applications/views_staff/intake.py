"""Registration of an application received offline (in person, by post, fax, e-mail, orally)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from gongkai.accounts.permissions import agencies_where
from gongkai.applications.forms_staff import RegisterForm
from gongkai.applications.services.intake import application_register

from .common import apply_errors, staff_view, today


@staff_view
@require_http_methods(["GET", "POST"])
def application_register_view(request):
    user = request.user
    agencies = agencies_where(user, "application.register").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    if request.method == "POST":
        form = RegisterForm(request.POST, agencies=agencies)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application, code = application_register(
                    actor=user,
                    agency=data["agency"],
                    data=form.application_data(),
                    channel=data["channel"],
                    received_on=data["received_on"],
                    receipt_note=data.get("receipt_note") or "",
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                # The query code exists in readable form only now: show it once, never redirect
                # to a page that could show it again.
                response = render(
                    request,
                    "applications/staff/registered.html",
                    {"application": application, "query_code": code},
                )
                response["Cache-Control"] = "private, no-store"
                return response
    else:
        form = RegisterForm(agencies=agencies, initial={"received_on": today()})
    return render(
        request,
        "applications/staff/register.html",
        {"form": form, "may_register": True, "is_handler": True},
    )
