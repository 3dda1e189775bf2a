"""Staff screens of objections, for staff holding "notice.objections": the objections of a
notice (text shown, who sent it not), entering one received by phone, letter or in person,
and one objection with its sender's details (each view audited) and its handling."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.accounts.permissions import can
from gongkai.core.staff_views import staff_view
from gongkai.notices import services
from gongkai.notices.forms_staff import HandleForm, ObjectionEntryForm
from gongkai.notices.selectors import objection_counts, objections_of
from gongkai.notices.views_staff.common import actions, apply_errors, notice_for, objection_for


@staff_view
@require_http_methods(["GET", "POST"])
def objection_list(request, pk: int):
    n = notice_for(request, pk)
    if not can(request.user, "notice.objections", agency=n.agency):
        raise PermissionDenied
    allowed = actions(request.user, n, timezone.localdate())
    form = ObjectionEntryForm(initial={"received_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        form = ObjectionEntryForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.objection_register(
                    actor=request.user,
                    notice=n,
                    channel=data["channel"],
                    received_on=data["received_on"],
                    data={"name": data["name"], "phone": data["phone"], "text": data["text"]},
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The objection has been entered."))
                return redirect(reverse("notices_staff:objections", args=[n.pk]))
        status = 400
    return render(
        request,
        "notices/staff/objections.html",
        {
            "n": n,
            "objections": objections_of(n),
            "counts": objection_counts(n),
            "actions": allowed,
            "form": form if allowed["register"] else None,
        },
        status=status,
    )


@staff_view
@require_http_methods(["GET", "POST"])
def objection_detail(request, pk: int):
    o = objection_for(request, pk)
    n = o.notice
    allowed = actions(request.user, n, timezone.localdate())
    may_handle = allowed["objections"] and n.status in ("published", "result")
    initial = {"finding": o.finding, "reply_note": o.reply_note}
    form = HandleForm(initial=initial)
    status = 200
    if request.method == "POST" and may_handle:
        form = HandleForm(request.POST)
        if form.is_valid():
            try:
                services.objection_handle(
                    actor=request.user,
                    objection=o,
                    finding=form.cleaned_data["finding"],
                    reply_note=form.cleaned_data["reply_note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The handling of the objection has been saved."))
                return redirect(reverse("notices_staff:objections", args=[n.pk]))
        status = 400
    else:
        services.objection_reveal(actor=request.user, objection=o)
    return render(
        request,
        "notices/staff/objection.html",
        {"o": o, "n": n, "form": form if may_handle else None},
        status=status,
    )
