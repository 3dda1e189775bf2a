"""The read list of an item (已阅 / 未阅) and the agency's department memberships."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.core.staff_views import staff_view
from gongkai.internal import selectors
from gongkai.internal import services as s
from gongkai.internal.forms import MembershipForm
from gongkai.internal.models import DepartmentMembership
from gongkai.internal.permissions import can_manage, can_see_reads
from gongkai.internal.views.common import apply_errors, get_agency, get_item


@staff_view
@require_GET
def read_list(request, pk: int):
    item = get_item(request, pk)
    if not can_see_reads(request.user, item):
        raise PermissionDenied
    return render(
        request,
        "internal/staff/reads.html",
        {"item": item, "reads": selectors.read_list(item)},
    )


def _agency_to_manage(request, credit_code: str):
    agency = get_agency(credit_code)
    if not can_manage(request.user, agency):
        raise PermissionDenied
    return agency


@staff_view
@require_http_methods(["GET", "POST"])
def departments(request, credit_code: str):
    agency = _agency_to_manage(request, credit_code)
    staff = selectors.staff_of(agency)
    form = MembershipForm(request.POST or None, agency=agency, staff=staff)
    if request.method == "POST" and form.is_valid():
        try:
            s.membership_add(
                actor=request.user,
                department=form.cleaned_data["department"],
                user=form.cleaned_data["user"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The staff member was added to the department."))
            return redirect("internal_staff:departments", credit_code=agency.credit_code)
    memberships = DepartmentMembership.objects.filter(department__agency=agency).select_related(
        "user", "department"
    )
    by_department = {d: [] for d in agency.departments.all()}
    for membership in memberships:
        by_department.setdefault(membership.department, []).append(membership)
    members = {m.user_id for m in memberships}
    return render(
        request,
        "internal/staff/departments.html",
        {
            "agency": agency,
            "form": form,
            "by_department": list(by_department.items()),
            "without": [u for u in staff if u.pk not in members],
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@staff_view
@require_POST
def membership_remove(request, credit_code: str, membership_pk: int):
    agency = _agency_to_manage(request, credit_code)
    membership = DepartmentMembership.objects.filter(
        pk=membership_pk, department__agency=agency
    ).first()
    if membership is None:
        raise Http404
    s.membership_remove(actor=request.user, membership=membership)
    messages.success(request, _("The staff member was taken out of the department."))
    return redirect("internal_staff:departments", credit_code=agency.credit_code)
