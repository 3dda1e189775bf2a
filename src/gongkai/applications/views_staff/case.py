"""The case page (everything about one application) and its actions.

Each action is a small POST form to ``<pk>/do/<action>/`` (per consultation, letter or
remedy: ``<pk>/do/<action>/<target>/``) that calls exactly one service. On success the view
redirects back to the case page with a message; a refused step (WorkflowError,
LetterError, any ValidationError) or a refused permission re-renders the case page with the
service's words and the form as the user filled it in.

The action table (``ACTIONS``, ``Action``) and what the page offers (``available``) are in
``actions``; they are importable from here too.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.applications import forms_staff as f
from gongkai.applications.models import (
    Application,
    ConsultationKind,
    Delivery,
    Letter,
    RemedyResult,
)
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.selectors import application_flags
from gongkai.applications.services import letters, workflow
from gongkai.applications.services.clock import current_clock
from gongkai.catalog.privacy import mask_id_number
from gongkai.workdays.calendar import CalendarMissing

from .actions import ACTIONS, Action, _form, _prefix, _related, available
from .common import (
    calendar_around,
    get_application,
    may_reveal,
    sees_contact,
    staff_view,
    today,
    urgency,
)

__all__ = [
    "ACTIONS",
    "Action",
    "application_action",
    "application_detail",
    "available",
    "letter_download",
    "reveal_id",
]


def _case_url(application: Application, anchor: str = "") -> str:
    url = reverse("applications_staff:detail", args=[application.pk])
    return f"{url}#{anchor}" if anchor else url


# --- the page -------------------------------------------------------------------------------


def _load(application: Application) -> Application:
    """The case with everything the page shows, in a fixed number of queries."""
    return (
        Application.objects.select_related(
            "agency",
            "handler",
            "received_confirmed_by",
            "correction",
            "extension",
            "extension__requested_by",
            "extension__approved_by",
            "fee",
            "proactive_item",
        )
        .prefetch_related(
            "consultations",
            "remedies",
            Prefetch(
                "letters",
                queryset=Letter.objects.select_related("issued_by").prefetch_related(
                    Prefetch("deliveries", queryset=Delivery.objects.select_related("recorded_by"))
                ),
            ),
            "steps__actor",
        )
        .get(pk=application.pk)
    )


def _render_case(
    request,
    application: Application,
    *,
    status: int = 200,
    bound: dict | None = None,
    errors: list[str] | None = None,
    revealed_id: str = "",
    reveal_form=None,
):
    user = request.user
    today_ = today()
    application = _load(application)
    bound = bound or {}
    actions = available(user, application, today_)

    def form(name, target=None):
        key = _prefix(name, target)
        return bound.get(key) or _form(name, application, today_, target)

    calendar = calendar_around([application.due_date] if application.due_date else [], today_)
    try:
        # An imported case has no recorded events to run a clock from.
        clock = None if application.imported else current_clock(application, calendar)
        clock_error = ""
    except CalendarMissing as exc:
        clock, clock_error = None, exc.message
    consultations = list(application.consultations.all())
    for c in consultations:
        c.received_form = form("consultation_received", c) if not c.party_received_on else None
        c.reply_form = form("consultation_reply", c) if c.replied_on is None else None
        c.may_deem_consent = (
            c.kind == ConsultationKind.AGENCY
            and c.replied_on is None
            and c.agrees is None
            and c.reply_due is not None
            and today_ > c.reply_due
        )
    letters_ = list(application.letters.all())
    for letter in letters_:
        if letter.issued_at is None:
            letter.update_form = form("letter_update", letter)
        else:
            letter.delivery_form = form("delivery", letter)
    remedies = list(application.remedies.all())
    for remedy in remedies:
        remedy.update_form = form("remedy_update", remedy)
    decide_form = bound.get("decide")
    if decide_form is None:
        decide_form = _form("decide", application, today_)
        chosen = request.GET.get("outcome", "")
        if chosen in Outcome.values:  # "prefill the reason": the outcome chosen first (GET)
            decide_form.initial.update({"outcome": chosen, "reason": RULES[chosen].reason})
    flags = application_flags(application)
    context = {
        "application": application,
        "a": application,
        "actions": actions,
        "today": today_,
        "clock": clock,
        "clock_error": clock_error,
        "urgency": urgency(application, calendar, today_),
        "masked_id": mask_id_number(application.id_number),
        "revealed_id": revealed_id,
        "may_reveal": may_reveal(user, application),
        "reveal_form": reveal_form or f.RevealIdForm(),
        "sees_contact": sees_contact(user, application),
        "steps": list(application.steps.all()),
        "correction": _related(application, "correction"),
        "extension": _related(application, "extension"),
        "fee": _related(application, "fee"),
        "consultations": consultations,
        "letters": letters_,
        "remedies": remedies,
        "flags": flags,
        "errors": errors or [],
        "rules": [(o, RULES[o]) for o in Outcome],
        "chosen_rule": RULES.get(decide_form["outcome"].value() or ""),
        "forms": {
            name: form(name)
            for name in (
                "assign",
                "confirm_receipt",
                "correction_send",
                "correction_supplement",
                "correction_lapse",
                "consultation_send",
                "extension_request",
                "extension_approve",
                "extension_refuse",
                "fee_notice",
                "fee_received",
                "fee_paid",
                "fee_lapse",
                "letter_draft",
                "archive",
                "publish_proactively",
                "remedy_add",
            )
        },
        "decide_form": decide_form,
        "remedy_pending": RemedyResult.PENDING,
    }
    response = render(request, "applications/staff/application_detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@staff_view
@require_GET
def application_detail(request, pk: int):
    return _render_case(request, get_application(request, pk))


def _target(application: Application, kind: str, target_pk: int | None):
    if not kind:
        if target_pk is not None:
            raise Http404
        return None
    if target_pk is None:
        raise Http404
    manager = {
        "consultation": application.consultations,
        "letter": application.letters,
        "remedy": application.remedies,
    }[kind]
    target = manager.filter(pk=target_pk).first()
    if target is None:
        raise Http404
    return target


@staff_view
@require_POST
def application_action(request, pk: int, action: str, target_pk: int | None = None):
    application = get_application(request, pk)
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404
    target = _target(application, spec.target, target_pk)
    today_ = today()
    form = _form(action, application, today_, target, data=request.POST)
    key = _prefix(action, target)
    if not form.is_valid():
        return _render_case(request, application, bound={key: form})
    try:
        spec.run(request.user, application, target, form, today_)
    except PermissionDenied:
        return _render_case(
            request,
            application,
            status=403,
            bound={key: form},
            errors=[_("Your roles do not allow this action on this case.")],
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, field_errors in exc.error_dict.items():
                form.add_error(name if name in form.fields else None, field_errors)
        else:
            form.add_error(None, exc)
        return _render_case(
            request, application, bound={key: form}, errors=[str(m) for m in exc.messages]
        )
    messages.success(request, _(spec.done))
    return redirect(_case_url(application, spec.anchor))


# --- reveal the ID number -------------------------------------------------------------------


@staff_view
@require_POST
def reveal_id(request, pk: int):
    """The assigned handler sees the full ID number in this response only, after typing a
    reason, which is audited. Anyone else: 403 (404 if the case is not theirs to see)."""
    application = get_application(request, pk)
    if not may_reveal(request.user, application):
        raise PermissionDenied
    form = f.RevealIdForm(request.POST)
    if not form.is_valid():
        return _render_case(request, application, reveal_form=form)
    revealed = workflow.application_reveal_id(
        actor=request.user, application=application, reason=form.cleaned_data["reason"]
    )
    return _render_case(request, application, revealed_id=revealed)


# --- letters as issued ----------------------------------------------------------------------


@staff_view
@require_http_methods(["GET"])
def letter_download(request, pk: int, letter_pk: int):
    application = get_application(request, pk)
    letter = application.letters.filter(pk=letter_pk).select_related("application__agency").first()
    if letter is None or letter.issued_at is None:
        raise Http404
    try:
        content = letters.letter_pdf_bytes(letter)
    except (ValidationError, FileNotFoundError):
        raise Http404 from None
    response = HttpResponse(content, content_type="application/pdf")
    name = f"{application.number}-{letter.kind}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
