"""Staff pages of the assessment table (考核) of a disclosure office: the scores of every agency
below it for a year, how each indicator is scored, the indicators with their points (changed
by "target.manage" only) and the XLSX export."""

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
from gongkai.supervision.assessment import SCORING_RULES, assessment
from gongkai.supervision.assessment_xlsx import assessment_xlsx
from gongkai.supervision.forms_stats import year_choices
from gongkai.supervision.forms_targets import IndicatorForm
from gongkai.supervision.models import Indicator, IndicatorKind
from gongkai.supervision.services.targets import (
    indicator_delete,
    indicator_save,
    indicators_set_up,
)
from gongkai.supervision.views_helpers import agency_for, xlsx_response


def _check_year(year: int) -> None:
    today = timezone.localdate()
    if year not in [y for y, _label in year_choices(today)] + [today.year + 1]:
        raise Http404


def _page_url(agency, year) -> str:
    return reverse("supervision:target_assessment", args=[agency.credit_code, year])


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _render(request, agency, year, *, form=None, status=200):
    today = timezone.localdate()
    table = assessment(agency, year, today=today)
    may_manage = can(request.user, "target.manage", agency=agency)
    used = {i.kind for i in table.indicators}
    free = [k for k in IndicatorKind if k not in used]
    if may_manage and form is None and free:
        form = IndicatorForm(initial={"weight": 10})
    if form is not None and free:
        form.fields["kind"].choices = [(k.value, k.label) for k in free]
    return render(
        request,
        "supervision/assessment/page.html",
        {
            "agency": agency,
            "year": year,
            "years": [today.year + 1] + [y for y, _label in year_choices(today)],
            "table": table,
            "rules": [(kind.label, SCORING_RULES[kind]) for kind in IndicatorKind],
            "indicator_rules": [(i, SCORING_RULES[i.kind]) for i in table.indicators],
            "may_manage": may_manage,
            "form": form if may_manage and free else None,
            "year_over": today.year > year,
        },
        status=status,
    )


@staff_view
@require_GET
def assessment_page(request, credit_code: str, year: int):
    agency = agency_for(request, credit_code)
    _check_year(year)
    return _render(request, agency, year)


def _manager(request, credit_code: str):
    agency = agency_for(request, credit_code)
    if not can(request.user, "target.manage", agency=agency):
        raise PermissionDenied
    return agency


@staff_view
@require_POST
def indicator_create(request, credit_code: str, year: int):
    agency = _manager(request, credit_code)
    form = IndicatorForm(request.POST)
    if form.is_valid():
        try:
            indicator_save(
                actor=request.user,
                supervisor=agency,
                year=year,
                kind=form.cleaned_data["kind"],
                weight=form.cleaned_data["weight"],
                params=form.params(),
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect(_page_url(agency, year))
    return _render(request, agency, year, form=form, status=400)


@staff_view
@require_POST
def indicator_set_up(request, credit_code: str, year: int):
    agency = _manager(request, credit_code)
    try:
        indicators_set_up(actor=request.user, supervisor=agency, year=year)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The assessment table was set up."))
    return redirect(_page_url(agency, year))


def _indicator(request, pk: int) -> Indicator:
    indicator = get_object_or_404(Indicator.objects.select_related("supervisor"), pk=pk)
    if not can(request.user, "stats.view", agency=indicator.supervisor):
        raise Http404
    if not can(request.user, "target.manage", agency=indicator.supervisor):
        raise PermissionDenied
    return indicator


@staff_view
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk: int):
    indicator = _indicator(request, pk)
    if request.method == "POST":
        form = IndicatorForm(request.POST)
        if form.is_valid():
            try:
                indicator_save(
                    actor=request.user,
                    supervisor=indicator.supervisor,
                    year=indicator.year,
                    kind=form.cleaned_data["kind"],
                    weight=form.cleaned_data["weight"],
                    params=form.params(),
                    indicator=indicator,
                )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The indicator was changed."))
                return redirect(_page_url(indicator.supervisor, indicator.year))
        status = 400
    else:
        form = IndicatorForm(
            initial={
                "kind": indicator.kind,
                "weight": indicator.weight,
                "deduction": indicator.params.get("deduction"),
                "missing_date_late": indicator.params.get("missing_date_late", False),
            }
        )
        status = 200
    return render(
        request,
        "supervision/assessment/edit.html",
        {"indicator": indicator, "form": form},
        status=status,
    )


@staff_view
@require_POST
def indicator_delete_view(request, pk: int):
    indicator = _indicator(request, pk)
    agency, year = indicator.supervisor, indicator.year
    indicator_delete(actor=request.user, indicator=indicator)
    messages.success(request, _("The indicator was deleted."))
    return redirect(_page_url(agency, year))


@staff_view
@require_GET
def assessment_export(request, credit_code: str, year: int):
    agency = agency_for(request, credit_code)
    _check_year(year)
    table = assessment(agency, year, today=timezone.localdate())
    return xlsx_response(assessment_xlsx(table), f"assessment-{agency.credit_code}-{year}.xlsx")
