"""The workbench list of applications, its CSV/XLSX export and the handler's iCal feed."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from gongkai.accounts.permissions import agencies_where, can
from gongkai.applications import exports, ical
from gongkai.applications.forms_staff import (
    ANY,
    IMPORTED,
    NATIVE,
    OPEN,
    ORGANIZATION,
    ApplicationFilterForm,
)
from gongkai.applications.models import OPEN_STATUSES, ApplicantKind, Application
from gongkai.applications.selectors import applications_visible_to
from gongkai.catalog.privacy import mask_id_number
from gongkai.workdays.calendar import CalendarMissing

from .common import calendar_around, staff_view, today, urgency

PAGE_SIZE = 30
EXPORT_LIMIT = 20_000
TABS = ("mine", "all")


def _agencies(user):
    agencies = agencies_where(user, "application.view").order_by("sort_order", "name")
    if not agencies.exists():
        raise PermissionDenied
    return agencies


def _is_handler(user) -> bool:
    return agencies_where(user, "application.handle").exists()


def _tab(request) -> str:
    tab = request.GET.get("tab", "")
    if tab in TABS:
        return tab
    return "mine" if _is_handler(request.user) else "all"


def filter_applications(qs: QuerySet, *, user, tab: str, filters: dict, today_) -> tuple:
    """The list's queryset after the tab and filters, and a warning when the calendar does
    not reach far enough for "due within"."""
    warning = ""
    if tab == "mine":
        qs = qs.filter(handler=user)
    if filters["agency"] is not None:
        qs = qs.filter(agency=filters["agency"])
    status = filters["status"]
    if status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status != ANY:
        qs = qs.filter(status=status)
    if filters["overdue"]:
        qs = qs.filter(status__in=OPEN_STATUSES, due_date__lt=today_)
    if filters["due_within"] is not None:
        n = filters["due_within"]
        try:
            last = calendar_around([], today_).add_working_days(today_, n)
        except CalendarMissing as exc:
            warning = str(exc)
        else:
            qs = qs.filter(status__in=OPEN_STATUSES, due_date__gte=today_, due_date__lte=last)
    if filters["outcome"]:
        qs = qs.filter(outcome=filters["outcome"])
    kind = filters["applicant_kind"]
    if kind == ORGANIZATION:
        qs = qs.exclude(applicant_kind=ApplicantKind.NATURAL_PERSON)
    elif kind:
        qs = qs.filter(applicant_kind=kind)
    if filters["channel"]:
        qs = qs.filter(channel=filters["channel"])
    if filters.get("outcome_group"):
        qs = qs.filter(outcome__in=filters["outcome_group"])
    for name, lookup in (
        ("received_from", "received_on__gte"),
        ("received_to", "received_on__lte"),
        ("replied_from", "replied_on__gte"),
        ("replied_to", "replied_on__lte"),
    ):
        if filters.get(name) is not None:
            qs = qs.filter(**{lookup: filters[name]})
    if filters.get("timely") == "on_time":
        qs = qs.filter(replied_on__isnull=False, replied_on__lte=F("due_date"))
    elif filters.get("timely") == "late":
        qs = qs.filter(replied_on__gt=F("due_date"))
    elif filters.get("timely") == "no_due":
        qs = qs.filter(replied_on__isnull=False, due_date__isnull=True)
    if filters["year"]:
        y = filters["year"]
        qs = qs.filter(Q(received_on__year=y) | Q(received_on__isnull=True, submitted_at__year=y))
    if filters.get("origin") == NATIVE:
        qs = qs.filter(imported=False)
    elif filters.get("origin") == IMPORTED:
        qs = qs.filter(imported=True)
    if filters["q"]:
        text = filters["q"]
        qs = qs.filter(
            Q(number__icontains=text)
            | Q(ledger_number__icontains=text)
            | Q(applicant_name__icontains=text)
            | Q(info_title__icontains=text)
        )
    qs = qs.select_related("agency", "handler").order_by(
        F("due_date").asc(nulls_last=True), "-submitted_at", "-pk"
    )
    return qs, warning


def _filtered(request):
    user = request.user
    agencies = _agencies(user)
    form = ApplicationFilterForm(request.GET or None, agencies=agencies)
    tab = _tab(request)
    now = today()
    qs, warning = filter_applications(
        applications_visible_to(user), user=user, tab=tab, filters=form.filters(), today_=now
    )
    return form, tab, qs, warning, now


def mark_rows(rows, today_):
    """Urgency and masked ID on each row of a page (one calendar for the whole page)."""
    rows = list(rows)
    calendar = calendar_around([r.due_date for r in rows if r.due_date], today_)
    for row in rows:
        row.urgency = urgency(row, calendar, today_)
        row.masked_id = mask_id_number(row.id_number)
    return rows


@staff_view
@require_GET
def application_list(request):
    user = request.user
    form, tab, qs, warning, now = _filtered(request)
    if warning:
        messages.warning(request, warning)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    export_params = params.copy()
    export_params["tab"] = tab
    return render(
        request,
        "applications/staff/application_list.html",
        {
            "form": form,
            "tab": tab,
            "page": page,
            "rows": mark_rows(page.object_list, now),
            "querystring": params.urlencode(),
            "export_querystring": export_params.urlencode(),
            "is_handler": _is_handler(user),
            "may_register": agencies_where(user, "application.register").exists(),
            "today": now,
        },
    )


def _export_rows(request):
    _form, _tab, qs, _warning, _now = _filtered(request)
    return qs[:EXPORT_LIMIT]


def _filename(ext: str) -> str:
    return f"applications-{timezone.localdate():%Y%m%d}.{ext}"


@staff_view
@require_GET
def application_export_csv(request):
    response = HttpResponse(
        exports.to_csv(_export_rows(request)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view
@require_GET
def application_export_xlsx(request):
    response = HttpResponse(
        exports.to_xlsx(_export_rows(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view
@require_GET
def ical_info(request):
    """The handler's personal feed address, with how to use it."""
    if not _is_handler(request.user):
        raise PermissionDenied
    url = request.build_absolute_uri(
        reverse("applications_staff:ical_feed", args=[ical.token_for(request.user)])
    )
    return render(request, "applications/staff/ical_info.html", {"feed_url": url})


@require_GET
def ical_feed(request, token: str):
    """No login: the token is the secret. Open cases assigned to the token's user, while the
    user may still handle cases of their agency."""
    user = ical.user_for_token(token)
    if user is None:
        raise Http404
    cases = [
        a
        for a in Application.objects.filter(
            handler=user, status__in=OPEN_STATUSES, due_date__isnull=False
        )
        .select_related("agency")
        .order_by("due_date", "pk")[:500]
        if can(user, "application.handle", agency=a.agency)
    ]
    text = ical.feed(
        cases,
        calendar_name=_("Reply due dates"),
        summary=_("Reply due: %(number)s"),
        host=request.get_host().split(":")[0] or "gongkai",
        url_for=lambda a: request.build_absolute_uri(
            reverse("applications_staff:detail", args=[a.pk])
        ),
        now=timezone.now(),
    )
    response = HttpResponse(text.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="applications.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
