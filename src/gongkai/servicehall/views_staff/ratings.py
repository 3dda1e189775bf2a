"""The ratings of the agencies a staff member may see, the rectification cases (open,
overdue, closed) and the page of one case with its steps: assign, close (rectified or not
substantiated), record the call back. The rater's contact is shown only on request, and
every look is audited."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gongkai.accounts.permissions import can
from gongkai.casework.calendars import calendar_for
from gongkai.core.staff_views import staff_view
from gongkai.servicehall import rules
from gongkai.servicehall.forms_staff import (
    AssignForm,
    CallbackForm,
    CaseFilterForm,
    CloseForm,
    RatingFilterForm,
)
from gongkai.servicehall.models import Rectification
from gongkai.servicehall.selectors import (
    case_counts,
    cases_visible_to,
    filter_cases,
    ratings_visible_to,
)
from gongkai.servicehall.services import (
    rating_contact_view,
    rectification_assign,
    rectification_close,
    rectification_record_callback,
)
from gongkai.workdays.calendar import CalendarMissing

from ._common import add_errors, managed_agencies

PAGE_SIZE = 30
ACTIONS = ("assign", "close", "callback")


def mask_phone(phone: str) -> str:
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    return "****" if phone else ""


def mask_email(email: str) -> str:
    local, _at, domain = email.partition("@")
    return f"{local[:1]}***@{domain}" if domain else ""


@staff_view
@require_GET
def rating_list(request):
    agencies = managed_agencies(request.user, "rating.view")
    form = RatingFilterForm(request.GET or None, agencies=agencies)
    qs = ratings_visible_to(request.user)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        if d["agency"]:
            qs = qs.filter(agency=d["agency"])
        if d["level"]:
            qs = qs.filter(level=d["level"])
        if d["year"]:
            qs = qs.filter(rated_on__year=d["year"])
    page = Paginator(qs.order_by("-rated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "servicehall/staff/ratings.html",
        {"form": form, "page": page, "querystring": query.urlencode()},
    )


@staff_view
@require_GET
def case_list(request):
    """``?state=open`` (default), ``overdue`` (the list of late cases), ``closed`` or ``all``."""
    agencies = managed_agencies(request.user, "rating.view")
    today = timezone.localdate()
    form = CaseFilterForm(request.GET or None, agencies=agencies)
    visible = cases_visible_to(request.user)
    state = "open"
    qs = visible
    if form.is_bound and form.is_valid():
        state = form.cleaned_data["state"]
        if form.cleaned_data["agency"]:
            qs = qs.filter(agency=form.cleaned_data["agency"])
    qs = filter_cases(qs, state=state, today=today)
    order = ("due_date", "pk") if state in ("open", "overdue") else ("-opened_on", "-pk")
    page = Paginator(qs.order_by(*order), PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = calendar_for(today)
    for case in page.object_list:
        case.left = None
        if case.is_open and case.due_date:
            try:
                case.left = rules.days_left(today=today, due=case.due_date, calendar=calendar)
            except CalendarMissing:
                case.left = None
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "servicehall/staff/cases.html",
        {
            "form": form,
            "state": state,
            "page": page,
            "today": today,
            "counts": case_counts(visible, today),
            "querystring": query.urlencode(),
        },
    )


def get_case(request, pk: int) -> Rectification:
    case = cases_visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404
    return case


def available(user, case: Rectification) -> dict[str, bool]:
    rectify = can(user, "rating.rectify", agency=case.agency)
    rating = case.rating
    return {
        "assign": rectify and case.is_open,
        "close": rectify and case.is_open,
        "callback": rectify
        and not case.is_open
        and bool(rating.contact_phone)
        and case.rater_told_at is None,
    }


def _make_form(name: str, case: Rectification, data=None):
    if name == "assign":
        return AssignForm(
            data, prefix=name, agency=case.agency, initial={"handler": case.handler_id}
        )
    if name == "close":
        return CloseForm(data, prefix=name)
    return CallbackForm(data, prefix=name)


def _render(request, case: Rectification, *, bound=None, contact=None, status=200):
    allowed = available(request.user, case)
    forms = {
        name: (bound or {}).get(name) or _make_form(name, case) for name in ACTIONS if allowed[name]
    }
    rating = case.rating
    return render(
        request,
        "servicehall/staff/case.html",
        {
            "case": case,
            "rating": rating,
            "forms": forms,
            "today": timezone.localdate(),
            "overdue": case.is_overdue(timezone.localdate()),
            "sees_contact": can(request.user, "rating.rectify", agency=case.agency),
            "contact": contact,
            "masked_phone": mask_phone(rating.contact_phone),
            "masked_email": mask_email(rating.contact_email),
        },
        status=status,
    )


@staff_view
@require_GET
def case_detail(request, pk: int):
    return _render(request, get_case(request, pk))


def _run(name: str, request, case: Rectification, form) -> None:
    d = form.cleaned_data
    if name == "assign":
        rectification_assign(actor=request.user, case=case, handler=d["handler"])
    elif name == "close":
        rectification_close(
            actor=request.user,
            case=case,
            outcome=d["outcome"],
            verification=d["verification"],
            result=d["result"],
        )
    else:
        rectification_record_callback(actor=request.user, case=case, note=d["note"])


DONE = {
    "assign": gettext_lazy("The case was assigned."),
    "close": gettext_lazy("The case was closed."),
    "callback": gettext_lazy("The call back was recorded."),
}


@staff_view
@require_POST
def case_action(request, pk: int, action: str):
    case = get_case(request, pk)
    if action not in ACTIONS:
        raise Http404
    if not available(request.user, case)[action]:
        raise PermissionDenied
    form = _make_form(action, case, request.POST)
    if form.is_valid():
        try:
            _run(action, request, case, form)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, str(DONE[action]))
            if action == "close" and case.rating.contact_email:
                messages.info(request, _("The rater is sent the result by e-mail."))
            return redirect("servicehall_staff:case", pk=case.pk)
    return _render(request, case, bound={action: form}, status=400)


@staff_view
@require_POST
def contact_reveal(request, pk: int):
    """Show the rater's phone and e-mail once, and record the look."""
    case = get_case(request, pk)
    contact = rating_contact_view(actor=request.user, rating=case.rating)
    return _render(request, case, contact=contact)
