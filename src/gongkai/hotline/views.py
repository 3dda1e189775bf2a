"""Staff screens of the hotline: the day's list, the quick form used during a call or visit,
the record page with its outcome and follow-up forms, the follow-ups due and the counts.

Thin: every change is a service of ``gongkai.hotline.services``; a refused permission is the
403 page, a contact the user may not see is a 404 like a missing one. ``message.handle``
registers, answers, makes work orders and follows up; ``message.view`` reads.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.permissions import agencies_where, can
from gongkai.agencies.models import Agency
from gongkai.core.staff_views import staff_view
from gongkai.hotline import rules, services
from gongkai.hotline.counts import Period, contact_counts
from gongkai.hotline.forms import (
    ANSWER,
    WORK_ORDER,
    AnswerForm,
    ContactForm,
    CountsForm,
    DayForm,
    FollowUpForm,
    WorkOrderForm,
)
from gongkai.hotline.models import ContactKind, ContactStatus
from gongkai.hotline.selectors import (
    contacts_of_day,
    contacts_visible_to,
    follow_ups_due,
    get_contact,
)
from gongkai.hotline.tables import counts_table
from gongkai.supervision.stats.xlsx import workbook_bytes
from gongkai.supervision.views_helpers import xlsx_response


def _handle_agencies(user):
    return agencies_where(user, "message.handle").filter(is_active=True)


def _view_agencies(user):
    return agencies_where(user, "message.view")


def _dispatch_agencies():
    return Agency.objects.filter(is_active=True)


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def letter_url(message) -> str:
    """The staff case page of a work order's letter."""
    return reverse("interaction_staff:detail", args=[message.number])


@staff_view
@require_GET
def day_list(request):
    """The calls and visits of one day (default today), with the follow-ups due."""
    agencies = _view_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    today = timezone.localdate()
    form = DayForm(request.GET or None, agencies=agencies)
    day, agency = today, None
    if form.is_bound and form.is_valid():
        day = form.cleaned_data["day"] or today
        agency = form.cleaned_data["agency"]
    contacts = contacts_of_day(request.user, day)
    if agency is not None:
        contacts = contacts.filter(agency=agency)
    contacts = list(contacts)
    due = follow_ups_due(request.user, today, agency=agency)
    return render(
        request,
        "hotline/day.html",
        {
            "form": form,
            "day": day,
            "today": today,
            "contacts": contacts,
            "calls": sum(1 for c in contacts if c.kind == ContactKind.CALL),
            "visits": sum(1 for c in contacts if c.kind == ContactKind.VISIT),
            "due_count": sum(1 for d in due if d.due is None or d.due <= today),
            "may_register": _handle_agencies(request.user).exists(),
        },
    )


@staff_view
@require_http_methods(["GET", "POST"])
def register(request):
    """The quick form: the call or visit and its outcome in one step. Nothing is saved when
    any part is refused (the contact, the answer and the work order are one transaction)."""
    agencies = _handle_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    now = timezone.now()
    if request.method == "POST":
        form = ContactForm(request.POST, agencies=agencies, dispatch_agencies=_dispatch_agencies())
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    contact = services.contact_register(
                        actor=request.user, agency=data["agency"], data=form.contact_data()
                    )
                    if data["outcome"] == ANSWER:
                        services.contact_answer(
                            actor=request.user, contact=contact, answer=data["answer"]
                        )
                    elif data["outcome"] == WORK_ORDER:
                        services.contact_make_work_order(
                            actor=request.user,
                            contact=contact,
                            title=form.work_order_title(data["summary"]),
                            publish_consent=data["publish_consent"],
                            to_agency=data["to_agency"],
                            dispatch_reason=data["dispatch_reason"],
                        )
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("%(number)s registered.") % {"number": contact.number},
                )
                if "another" in request.POST:
                    return redirect(f"{reverse('hotline_staff:register')}?kind={contact.kind}")
                return redirect("hotline_staff:contact", pk=contact.pk)
    else:
        kind = request.GET.get("kind")
        kind = kind if kind in ContactKind.values else ContactKind.CALL
        form = ContactForm(
            agencies=agencies,
            dispatch_agencies=_dispatch_agencies(),
            initial={"started_at": timezone.localtime(now), "kind": kind},
        )
    return render(request, "hotline/register.html", {"form": form})


def _record_context(request, contact, **forms):
    user = request.user
    may_handle = can(user, "message.handle", agency=contact.agency)
    registered = contact.status == ContactStatus.REGISTERED
    pending = rules.follow_up_pending(contact)
    context = {
        "contact": contact,
        "may_handle": may_handle,
        "registered": registered,
        "follow_up_pending": pending,
        "concluded_at": rules.concluded_at(contact),
        "is_group": rules.is_group_visit(contact.kind, contact.visitors),
        "follow_ups": list(contact.follow_ups.select_related("by")),
        "letter_url": letter_url(contact.message) if contact.message else "",
    }
    if may_handle and registered:
        context["answer_form"] = forms.get("answer_form") or AnswerForm()
        context["work_order_form"] = forms.get("work_order_form") or WorkOrderForm(
            dispatch_agencies=_dispatch_agencies(), initial={"kind": contact.category}
        )
    if may_handle and pending:
        context["follow_up_form"] = forms.get("follow_up_form") or FollowUpForm()
    return context


@staff_view
@require_GET
def contact_detail(request, pk: int):
    contact = get_contact(request.user, pk)
    return render(request, "hotline/contact.html", _record_context(request, contact))


def _post_action(request, pk: int, form_class, form_name: str, act, **form_kwargs):
    contact = get_contact(request.user, pk)
    if not can(request.user, "message.handle", agency=contact.agency):
        raise PermissionDenied
    form = form_class(request.POST, **form_kwargs)
    if form.is_valid():
        try:
            act(contact, form)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            return redirect("hotline_staff:contact", pk=contact.pk)
    context = _record_context(request, get_contact(request.user, pk), **{form_name: form})
    return render(request, "hotline/contact.html", context, status=400)


@staff_view
@require_POST
def answer(request, pk: int):
    def act(contact, form):
        services.contact_answer(
            actor=request.user, contact=contact, answer=form.cleaned_data["answer"]
        )
        messages.success(request, _("The answer was recorded."))

    return _post_action(request, pk, AnswerForm, "answer_form", act)


@staff_view
@require_POST
def work_order(request, pk: int):
    def act(contact, form):
        data = form.cleaned_data
        message = services.contact_make_work_order(
            actor=request.user,
            contact=contact,
            title=form.work_order_title(contact.summary),
            kind=data["kind"],
            publish_consent=data["publish_consent"],
            to_agency=data["to_agency"],
            dispatch_reason=data["dispatch_reason"],
        )
        messages.success(request, _("Work order %(number)s created.") % {"number": message.number})

    return _post_action(
        request,
        pk,
        WorkOrderForm,
        "work_order_form",
        act,
        dispatch_agencies=_dispatch_agencies(),
    )


@staff_view
@require_POST
def follow_up(request, pk: int):
    def act(contact, form):
        data = form.cleaned_data
        services.follow_up_record(
            actor=request.user,
            contact=contact,
            reached=data["reached"],
            satisfaction=data["satisfaction"] or "",
            note=data["note"],
        )
        messages.success(request, _("The follow-up call was recorded."))

    return _post_action(request, pk, FollowUpForm, "follow_up_form", act)


@staff_view
@require_GET
def follow_ups(request):
    """The follow-up calls not made yet, the most overdue first."""
    if not _view_agencies(request.user).exists():
        raise PermissionDenied
    today = timezone.localdate()
    rows = follow_ups_due(request.user, today)
    return render(
        request,
        "hotline/follow_ups.html",
        {"rows": rows, "today": today, "days": rules.follow_up_days()},
    )


def _counts(request):
    agencies = _view_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied
    today = timezone.localdate()
    period = Period.from_query(request.GET, today)
    if period is None:
        raise Http404
    form = CountsForm(
        request.GET or None,
        agencies=agencies,
        initial={"period": period.kind, "year": period.year, "n": period.number},
    )
    contacts = contacts_visible_to(request.user)
    agency = None
    code = request.GET.get("agency")
    if code:
        agency = agencies.filter(credit_code=code).first()
        if agency is None:
            raise Http404
        contacts = contacts.filter(agency=agency)
    page = contact_counts(contacts, period)
    return page, form, agency


@staff_view
@require_GET
def counts(request):
    page, form, agency = _counts(request)
    query = page.period.query()
    if agency is not None:
        query["agency"] = agency.credit_code
    return render(
        request,
        "hotline/counts.html",
        {
            "page": page,
            "form": form,
            "agency": agency,
            "table": counts_table(page),
            "export_url": f"{reverse('hotline_staff:counts_export')}?{urlencode(query)}",
        },
    )


@staff_view
@require_GET
def counts_export(request):
    page, _form, agency = _counts(request)
    scope = agency.name if agency else _("All my agencies")
    heading = _("Calls and visits of %(scope)s, %(period)s") % {
        "scope": scope,
        "period": page.period.label,
    }
    content = workbook_bytes(heading, [counts_table(page)])
    suffix = "-".join(page.period.query().values())
    return xlsx_response(content, f"hotline-{suffix}.xlsx")
