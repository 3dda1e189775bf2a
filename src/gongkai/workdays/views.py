"""Staff screens of the working-day calendar: thin adapters over selectors and services."""

from __future__ import annotations

import datetime as dt
from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from gongkai.accounts.permissions import can, has_any_role
from gongkai.workdays.arrangement_text import format_make_up_days, format_rest_periods
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.forms import CalculatorForm, YearArrangementForm
from gongkai.workdays.models import CalendarYear, DayKind
from gongkai.workdays.selectors import (
    add_working_days,
    count_working_days,
    missing_calendar_warning,
    year_days,
    years_overview,
)
from gongkai.workdays.services import MAX_YEAR, MIN_YEAR, calendar_year_set


def _require_staff(user) -> None:
    if not has_any_role(user):
        raise PermissionDenied


def _require_editor(user) -> None:
    if not can(user, "workdays.change"):
        raise PermissionDenied


def _calculate(form: CalculatorForm) -> dict:
    """Run the calculator for whichever half of the form was filled in."""
    result: dict = {"errors": []}
    if not form.is_bound or not form.is_valid():
        return result
    data = form.cleaned_data
    if data["start"] and data["n"] is not None:
        try:
            result["due"] = add_working_days(data["start"], data["n"])
        except CalendarMissing as exc:
            result["errors"].append(str(exc))
    if data["a"] and data["b"]:
        try:
            result["count"] = count_working_days(data["a"], data["b"])
        except CalendarMissing as exc:
            result["errors"].append(str(exc))
    return result


@login_required
def year_list(request):
    _require_staff(request.user)
    today = timezone.localdate()
    years = list(years_overview())
    known = {y.year for y in years}
    form = CalculatorForm(request.GET or None)
    return render(
        request,
        "workdays/year_list.html",
        {
            "years": years,
            "can_edit": can(request.user, "workdays.change"),
            "missing_years": [y for y in (today.year, today.year + 1) if y not in known],
            "calendar_warning": missing_calendar_warning(today),
            "form": form,
            "calc": _calculate(form),
            "count_start_day": settings.GONGKAI_COUNT_START_DAY,
            "today": today,
        },
    )


@login_required
def year_detail(request, year: int):
    _require_staff(request.user)
    calendar_year = get_object_or_404(CalendarYear.objects.select_related("updated_by"), year=year)
    days = year_days(year)
    months = [
        (dt.date(year, month, 1), list(month_days))
        for month, month_days in groupby(days, key=lambda day: day.date.month)
    ]
    return render(
        request,
        "workdays/year_detail.html",
        {
            "calendar_year": calendar_year,
            "months": months,
            "rest_weekdays": sum(
                1 for day in days if day.kind == DayKind.HOLIDAY and day.date.weekday() < 5
            ),
            "make_up_count": sum(1 for day in days if day.kind == DayKind.WORKDAY),
            "can_edit": can(request.user, "workdays.change"),
        },
    )


@login_required
def year_new(request):
    """The "enter a year" box on the list: go to that year's form."""
    _require_staff(request.user)
    _require_editor(request.user)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    if not MIN_YEAR <= year <= MAX_YEAR:
        messages.error(
            request,
            gettext("Enter a year between %(min)s and %(max)s.")
            % {"min": MIN_YEAR, "max": MAX_YEAR},
        )
        return redirect("workdays:year_list")
    return redirect("workdays:year_edit", year=year)


@login_required
def year_edit(request, year: int):
    _require_staff(request.user)
    _require_editor(request.user)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    calendar_year = CalendarYear.objects.filter(year=year).first()
    if request.method == "POST":
        form = YearArrangementForm(request.POST, year=year)
        if form.is_valid():
            try:
                calendar_year_set(
                    actor=request.user,
                    year=year,
                    holidays=form.cleaned_data["rest_periods"],
                    workdays=form.cleaned_data["make_up_days"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, gettext("The arrangement for %(year)s was saved.") % {"year": year}
                )
                return redirect("workdays:year_detail", year=year)
    else:
        initial = {}
        if calendar_year is not None:
            days = year_days(year)
            initial = {
                "rest_periods": format_rest_periods(
                    {d.date: d.name for d in days if d.kind == DayKind.HOLIDAY}
                ),
                "make_up_days": format_make_up_days(
                    {d.date: d.name for d in days if d.kind == DayKind.WORKDAY}
                ),
                "note": calendar_year.note,
            }
        form = YearArrangementForm(initial=initial, year=year)
    return render(
        request,
        "workdays/year_edit.html",
        {"form": form, "year": year, "calendar_year": calendar_year},
    )
