"""Staff screens of the review: the queue of submitted versions, submitting, approving,
returning with a reason, letting a finding of the privacy check stay, withdrawing a matter."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.permissions import agencies_where
from gongkai.core.staff_views import staff_view
from gongkai.services import services
from gongkai.services.forms_staff import ReasonForm
from gongkai.services.models import VersionFinding
from gongkai.services.selectors import review_queue
from gongkai.services.views_staff.common import matter_for, version_for


def _back(version):
    return redirect("services_staff:version", version.matter_id, version.number)


def _run(request, version, fn, success: str, **kwargs):
    try:
        fn(actor=request.user, version=version, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return _back(version)


@staff_view
@require_GET
def queue(request):
    if not agencies_where(request.user, "service.review").exists():
        raise PermissionDenied
    return render(
        request,
        "services/staff/queue.html",
        {"versions": list(review_queue(request.user)), "subnav": "queue"},
    )


@staff_view
@require_POST
def submit(request, pk: int, number: int):
    version = version_for(request, matter_for(request, pk), number)
    return _run(
        request, version, services.version_submit, _("The version was submitted for review.")
    )


@staff_view
@require_POST
def approve(request, pk: int, number: int):
    version = version_for(request, matter_for(request, pk), number)
    return _run(
        request, version, services.version_approve, _("The version was approved and is now public.")
    )


@staff_view
@require_POST
def return_version(request, pk: int, number: int):
    version = version_for(request, matter_for(request, pk), number)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what must be changed before approval."))
        return _back(version)
    return _run(
        request,
        version,
        services.version_return,
        _("The version was returned to its drafters."),
        reason=form.cleaned_data["reason"],
    )


@staff_view
@require_POST
def allow_finding(request, pk: int, number: int, finding_pk: int):
    version = version_for(request, matter_for(request, pk), number)
    finding = get_object_or_404(VersionFinding, pk=finding_pk, version=version)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why this may be published."))
        return _back(version)
    try:
        services.finding_allow(
            actor=request.user, finding=finding, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return _back(version)


@staff_view
@require_POST
def withdraw(request, pk: int):
    matter = matter_for(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the matter is withdrawn."))
        return redirect("services_staff:detail", matter.pk)
    try:
        services.matter_withdraw(
            actor=request.user, matter=matter, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The matter was withdrawn from the public site."))
    return redirect("services_staff:detail", matter.pk)
