"""The 机关管理员's list and form of the agency's service commitments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.staff_views import staff_view
from gongkai.servicehall.forms_staff import AgencyChoiceForm, CommitmentForm
from gongkai.servicehall.selectors import commitments_managed_by
from gongkai.servicehall.services import (
    commitment_create,
    commitment_delete,
    commitment_update,
)

from ._common import add_errors, chosen_agency, managed_agencies

ACTION = "commitment.manage"
FIELDS = (
    "kind",
    "title",
    "text",
    "limit_value",
    "limit_unit",
    "limit_note",
    "is_active",
    "sort_order",
)


@staff_view
@require_GET
def commitment_list(request):
    agencies = managed_agencies(request.user, ACTION)
    return render(
        request,
        "servicehall/staff/commitments.html",
        {"commitments": commitments_managed_by(request.user), "agencies": agencies},
    )


def _page(request, form, *, agency, commitment=None, status=200):
    return render(
        request,
        "servicehall/staff/commitment_form.html",
        {"form": form, "agency": agency, "commitment": commitment},
        status=status,
    )


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_new(request):
    agency, agencies = chosen_agency(request, ACTION)
    if agency is None:
        return render(
            request,
            "servicehall/staff/choose_agency.html",
            {"form": AgencyChoiceForm(agencies=agencies), "next": request.path},
        )
    if request.method != "POST":
        return _page(request, CommitmentForm(agency=agency), agency=agency)
    form = CommitmentForm(request.POST, agency=agency)
    if form.is_valid():
        d = form.cleaned_data
        try:
            commitment = commitment_create(
                actor=request.user,
                agency=agency,
                matters=d["matters"],
                **{key: d[key] for key in FIELDS if key in d},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect("servicehall_staff:commitment", pk=commitment.pk)
    return _page(request, form, agency=agency, status=400)


def _commitment(request, pk: int):
    commitment = commitments_managed_by(request.user).filter(pk=pk).first()
    if commitment is None:
        raise Http404
    return commitment


@staff_view
@require_http_methods(["GET", "HEAD", "POST"])
def commitment_edit(request, pk: int):
    commitment = _commitment(request, pk)
    agency = commitment.agency
    if request.method != "POST":
        initial = {key: getattr(commitment, key) for key in FIELDS}
        initial["matters"] = list(commitment.matters.all())
        form = CommitmentForm(initial=initial, agency=agency)
        return _page(request, form, agency=agency, commitment=commitment)
    form = CommitmentForm(request.POST, agency=agency)
    if form.is_valid():
        d = form.cleaned_data
        try:
            commitment_update(
                actor=request.user,
                commitment=commitment,
                matters=d["matters"],
                **{key: d[key] for key in FIELDS},
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The commitment was saved."))
            return redirect("servicehall_staff:commitment", pk=commitment.pk)
    return _page(request, form, agency=agency, commitment=commitment, status=400)


@staff_view
@require_POST
def commitment_remove(request, pk: int):
    commitment = _commitment(request, pk)
    commitment_delete(actor=request.user, commitment=commitment)
    messages.success(request, _("The commitment was removed."))
    return redirect("servicehall_staff:commitments")
