"""Staff pages of the targets (目标考核): the overview of a year, one agency's targets with their
progress and year-end results, and setting targets (公开办 only: "target.manage").

Thin adapters over ``gongkai.supervision.services.targets``; an agency or target the user may
not see is a 404, a refused change shows the service's message with what the user typed.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import can
from gongkai.core.staff_views import staff_view
from gongkai.supervision.forms_stats import year_choices
from gongkai.supervision.forms_targets import TargetForm
from gongkai.supervision.models import Target
from gongkai.supervision.services.targets import target_delete, target_save, targets_copy
from gongkai.supervision.stats.page import stats_agencies
from gongkai.supervision.targets_selectors import (
    overview,
    progress_for,
    supervising_agencies,
    targets_of,
)
from gongkai.supervision.views_helpers import agency_for


def _year(request, today) -> int:
    raw = request.GET.get("year", "")
    years = [y for y, _label in year_choices(today)]
    return int(raw) if raw.isdigit() and int(raw) in years else today.year


def _check_year(year: int, today) -> None:
    if year not in [y for y, _label in year_choices(today)] + [today.year + 1]:
        raise Http404


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@staff_view
@require_GET
def target_index(request):
    agencies = list(stats_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today)
    return render(
        request,
        "supervision/targets/index.html",
        {
            "year": year,
            "years": [y for y, _label in year_choices(today)],
            "rows": overview(request.user, agencies, year, today=today),
            "supervisors": supervising_agencies(request.user),
        },
    )


def _agency_page(request, agency, year, *, form=None, status=200):
    today = timezone.localdate()
    may_manage = can(request.user, "target.manage", agency=agency)
    rows = progress_for(request.user, targets_of([agency], year), today=today)
    if may_manage and form is None:
        form = TargetForm(agency=agency)
    return render(
        request,
        "supervision/targets/agency.html",
        {
            "agency": agency,
            "year": year,
            "years": [today.year + 1] + [y for y, _label in year_choices(today)],
            "rows": rows,
            "form": form if may_manage else None,
            "may_manage": may_manage,
            "year_over": today.year > year,
            "previous_year_has_targets": may_manage
            and Target.objects.filter(agency=agency, year=year - 1).exists(),
            "today": today,
        },
        status=status,
    )


@staff_view
@require_GET
def target_agency(request, credit_code: str, year: int):
    agency = agency_for(request, credit_code)
    _check_year(year, timezone.localdate())
    return _agency_page(request, agency, year)


def _page_url(agency, year) -> str:
    return reverse("supervision:target_agency", args=[agency.credit_code, year])


@staff_view
@require_POST
def target_create(request, credit_code: str, year: int):
    agency = agency_for(request, credit_code)
    if not can(request.user, "target.manage", agency=agency):
        raise PermissionDenied
    form = TargetForm(request.POST, agency=agency)
    if form.is_valid():
        data = form.cleaned_data
        try:
            target_save(
                actor=request.user,
                agency=agency,
                year=year,
                measure=data["measure"],
                category=data.get("category"),
                minimum=data["minimum"],
                aimed=data.get("aimed"),
                note=data.get("note") or "",
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The target was added."))
            return redirect(_page_url(agency, year))
    return _agency_page(request, agency, year, form=form, status=400)


def _target(request, pk: int) -> Target:
    target = get_object_or_404(Target.objects.select_related("agency", "category"), pk=pk)
    if not can(request.user, "stats.view", agency=target.agency):
        raise Http404
    if not can(request.user, "target.manage", agency=target.agency):
        raise PermissionDenied
    return target


@staff_view
@require_http_methods(["GET", "POST"])
def target_edit(request, pk: int):
    target = _target(request, pk)
    agency = target.agency
    if request.method == "POST":
        form = TargetForm(request.POST, agency=agency)
        if form.is_valid():
            data = form.cleaned_data
            try:
                target_save(
                    actor=request.user,
                    agency=agency,
                    year=target.year,
                    measure=data["measure"],
                    category=data.get("category"),
                    minimum=data["minimum"],
                    aimed=data.get("aimed"),
                    note=data.get("note") or "",
                    target=target,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The target was changed."))
                return redirect(_page_url(agency, target.year))
        status = 400
    else:
        form = TargetForm(
            agency=agency,
            initial={
                "measure": target.measure,
                "category": target.category_id,
                "minimum": target.minimum,
                "aimed": target.aimed,
                "note": target.note,
            },
        )
        status = 200
    return render(
        request,
        "supervision/targets/edit.html",
        {"target": target, "agency": agency, "form": form},
        status=status,
    )


@staff_view
@require_POST
def target_delete_view(request, pk: int):
    target = _target(request, pk)
    agency, year = target.agency, target.year
    target_delete(actor=request.user, target=target)
    messages.success(request, _("The target was deleted."))
    return redirect(_page_url(agency, year))


@staff_view
@require_POST
def target_copy(request, credit_code: str, year: int):
    agency = agency_for(request, credit_code)
    if not can(request.user, "target.manage", agency=agency):
        raise PermissionDenied
    try:
        n = targets_copy(actor=request.user, agency=agency, from_year=year - 1, to_year=year)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(n)s targets of %(year)s were copied.") % {"n": n, "year": year - 1},
        )
    return redirect(_page_url(agency, year))
