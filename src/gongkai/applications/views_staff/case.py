"""The case page (everything about one application) and its actions.

Each action is a small POST form to ``<pk>/do/<action>/`` (per consultation, letter or
remedy: ``<pk>/do/<action>/<target>/``) that calls exactly one service. On success the view
redirects back to the case page with a message; a refused step (WorkflowError,
LetterError, any ValidationError) or a refused permission re-renders the case page with the
service's words and the form as the user filled it in.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.models import Role, User
from gongkai.accounts.permissions import can
from gongkai.applications import forms_staff as f
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    ConsultationKind,
    Delivery,
    Letter,
    LetterKind,
    RemedyResult,
    Status,
)
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.selectors import application_flags
from gongkai.applications.services import intake, letters, workflow
from gongkai.applications.services.clock import current_clock
from gongkai.catalog.privacy import mask_id_number
from gongkai.catalog.services.items import item_draft_from_application
from gongkai.workdays.calendar import CalendarMissing

from .common import (
    calendar_around,
    get_application,
    may_reveal,
    sees_contact,
    staff_view,
    today,
    urgency,
)


def _related(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def _case_url(application: Application, anchor: str = "") -> str:
    url = reverse("applications_staff:detail", args=[application.pk])
    return f"{url}#{anchor}" if anchor else url


def _handlers(application: Application):
    return (
        User.objects.filter(
            is_active=True, roles__role=Role.HANDLER, roles__agency=application.agency
        )
        .distinct()
        .order_by("full_name", "username")
    )


# --- the actions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    form: Callable  # (application, data, prefix, initial) -> Form
    run: Callable  # (user, application, target, cleaned form, today) -> None
    done: str  # success message (msgid)
    anchor: str
    target: str = ""  # "consultation" | "letter" | "remedy": the action works on one of them
    initial: Callable | None = None  # (application, target, today) -> dict


def _plain(form_class):
    return lambda application, data, prefix, initial: form_class(
        data, prefix=prefix, initial=initial
    )


def _dates(*names):
    return lambda application, target, today_: {name: today_ for name in names}


def _run_assign(user, application, target, form, today_):
    handler = form.cleaned_data["handler"]
    if application.status == Status.REGISTERED:
        workflow.application_assign(actor=user, application=application, handler=handler)
    else:
        workflow.application_reassign(actor=user, application=application, handler=handler)


def _run_decide(user, application, target, form, today_):
    d = form.cleaned_data
    workflow.application_decide(
        actor=user,
        application=application,
        outcome=d["outcome"],
        reason=d["reason"] or None,
        provided=d["provided"],
        referral_agency=d["referral_agency"],
        referral_contact=d["referral_contact"],
        decided_on=d["decided_on"],
        today=today_,
    )


def _run_remedy_update(user, application, target, form, today_):
    d = form.cleaned_data
    workflow.remedy_update(
        actor=user,
        remedy=target,
        today=today_,
        result=d["result"],
        concluded_on=d["concluded_on"],
        note=d["note"],
    )


ACTIONS: dict[str, Action] = {
    "assign": Action(
        form=lambda application, data, prefix, initial: f.AssignForm(
            data, prefix=prefix, initial=initial, handlers=_handlers(application)
        ),
        run=_run_assign,
        done=gettext_noop("The case was assigned."),
        anchor="actions",
        initial=lambda application, target, today_: {"handler": application.handler_id},
    ),
    "confirm_receipt": Action(
        form=_plain(f.ConfirmReceiptForm),
        run=lambda user, application, target, form, today_: intake.application_confirm_receipt(
            actor=user,
            application=application,
            received_on=form.cleaned_data["received_on"],
            today=today_,
        ),
        done=gettext_noop("The receipt was confirmed; the time limit runs."),
        anchor="actions",
        initial=_dates("received_on"),
    ),
    "correction_send": Action(
        form=_plain(f.CorrectionSendForm),
        run=lambda user, application, target, form, today_: workflow.correction_send(
            actor=user, application=application, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The correction notice was recorded; the clock is stopped."),
        anchor="correction",
        initial=_dates("sent_on"),
    ),
    "correction_supplement": Action(
        form=_plain(f.CorrectionSupplementForm),
        run=lambda user, application, target, form, today_: workflow.correction_supplement(
            actor=user, application=application, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The supplement was recorded; the time limit runs again."),
        anchor="correction",
        initial=_dates("received_on"),
    ),
    "correction_lapse": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: workflow.correction_lapse(
            actor=user, application=application, today=today_
        ),
        done=gettext_noop(
            "The application was closed as not supplemented; issue the reply letter."
        ),
        anchor="correction",
    ),
    "consultation_send": Action(
        form=_plain(f.ConsultationSendForm),
        run=lambda user, application, target, form, today_: workflow.consultation_send(
            actor=user, application=application, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The consultation was recorded; its time is not counted."),
        anchor="consultations",
        initial=_dates("sent_on"),
    ),
    "consultation_received": Action(
        form=_plain(f.ConsultationReceivedForm),
        run=lambda user, application, target, form, today_: workflow.consultation_party_received(
            actor=user,
            consultation=target,
            party_received_on=form.cleaned_data["party_received_on"],
        ),
        done=gettext_noop("The date of receipt was recorded."),
        anchor="consultations",
        target="consultation",
        initial=_dates("party_received_on"),
    ),
    "consultation_reply": Action(
        form=_plain(f.ConsultationReplyForm),
        run=lambda user, application, target, form, today_: workflow.consultation_record_reply(
            actor=user,
            consultation=target,
            replied_on=form.cleaned_data["replied_on"],
            agrees=form.agrees_value(),
            summary=form.cleaned_data["summary"],
            today=today_,
        ),
        done=gettext_noop("The reply was recorded."),
        anchor="consultations",
        target="consultation",
        initial=_dates("replied_on"),
    ),
    "consultation_consent": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: workflow.consultation_deem_consent(
            actor=user, consultation=target, today=today_
        ),
        done=gettext_noop("The agency's silence was recorded as consent."),
        anchor="consultations",
        target="consultation",
    ),
    "extension_request": Action(
        form=_plain(f.ExtensionRequestForm),
        run=lambda user, application, target, form, today_: workflow.extension_request(
            actor=user, application=application, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The extension was requested; a leader decides."),
        anchor="extension",
    ),
    "extension_approve": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: workflow.extension_approve(
            actor=user, extension=application.extension, today=today_
        ),
        done=gettext_noop("The extension was approved; the due date moved."),
        anchor="extension",
    ),
    "extension_refuse": Action(
        form=_plain(f.ExtensionRefuseForm),
        run=lambda user, application, target, form, today_: workflow.extension_refuse(
            actor=user, extension=application.extension, reason=form.cleaned_data["reason"]
        ),
        done=gettext_noop("The extension was refused."),
        anchor="extension",
    ),
    "fee_notice": Action(
        form=_plain(f.FeeNoticeForm),
        run=lambda user, application, target, form, today_: workflow.fee_notice_send(
            actor=user, application=application, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The fee notice was recorded."),
        anchor="fee",
        initial=_dates("sent_on"),
    ),
    "fee_received": Action(
        form=_plain(f.FeeReceivedForm),
        run=lambda user, application, target, form, today_: workflow.fee_notice_received(
            actor=user,
            fee=application.fee,
            received_on=form.cleaned_data["received_on"],
            today=today_,
        ),
        done=gettext_noop("The receipt of the fee notice was recorded."),
        anchor="fee",
        initial=_dates("received_on"),
    ),
    "fee_paid": Action(
        form=_plain(f.FeePaidForm),
        run=lambda user, application, target, form, today_: workflow.fee_paid(
            actor=user, fee=application.fee, paid_on=form.cleaned_data["paid_on"], today=today_
        ),
        done=gettext_noop("The payment was recorded."),
        anchor="fee",
        initial=_dates("paid_on"),
    ),
    "fee_lapse": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: workflow.fee_lapse(
            actor=user, fee=application.fee, today=today_
        ),
        done=gettext_noop("The application was closed as unpaid; issue the reply letter."),
        anchor="fee",
    ),
    "decide": Action(
        form=_plain(f.DecideForm),
        run=_run_decide,
        done=gettext_noop("The decision was recorded; draft the reply letter."),
        anchor="decide",
        initial=_dates("decided_on"),
    ),
    "letter_draft": Action(
        form=lambda application, data, prefix, initial: f.LetterDraftForm(
            data, prefix=prefix, initial=initial, kinds=_draftable(application)
        ),
        run=lambda user, application, target, form, today_: letters.letter_draft(
            actor=user, application=application, kind=form.cleaned_data["kind"]
        ),
        done=gettext_noop("The letter was drafted; check and complete its text."),
        anchor="letters",
    ),
    "letter_update": Action(
        form=_plain(f.LetterUpdateForm),
        run=lambda user, application, target, form, today_: letters.letter_update(
            actor=user, letter=target, body=form.cleaned_data["body"]
        ),
        done=gettext_noop("The letter was saved."),
        anchor="letters",
        target="letter",
        initial=lambda application, target, today_: {"body": target.body},
    ),
    "letter_discard": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: letters.letter_discard(
            actor=user, letter=target
        ),
        done=gettext_noop("The draft was discarded."),
        anchor="letters",
        target="letter",
    ),
    "letter_issue": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: letters.letter_issue(
            actor=user, letter=target
        ),
        done=gettext_noop("The letter was issued."),
        anchor="letters",
        target="letter",
    ),
    "delivery": Action(
        form=_plain(f.DeliveryForm),
        run=lambda user, application, target, form, today_: letters.delivery_record(
            actor=user, letter=target, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The delivery was recorded."),
        anchor="letters",
        target="letter",
        initial=_dates("delivered_on"),
    ),
    "archive": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: workflow.application_archive(
            actor=user, application=application
        ),
        done=gettext_noop("The case was archived."),
        anchor="actions",
    ),
    "publish_proactively": Action(
        form=_plain(f.EmptyForm),
        run=lambda user, application, target, form, today_: item_draft_from_application(
            actor=user, application=application
        ),
        done=gettext_noop(
            "A draft was created in the agency's disclosure catalog; an information officer completes it and sends it to review."
        ),
        anchor="actions",
    ),
    "remedy_add": Action(
        form=_plain(f.RemedyForm),
        run=lambda user, application, target, form, today_: workflow.remedy_add(
            actor=user, application=application, today=today_, **form.cleaned_data
        ),
        done=gettext_noop("The reconsideration or lawsuit was recorded."),
        anchor="remedies",
    ),
    "remedy_update": Action(
        form=_plain(f.RemedyUpdateForm),
        run=_run_remedy_update,
        done=gettext_noop("The reconsideration or lawsuit was updated."),
        anchor="remedies",
        target="remedy",
        initial=lambda application, target, today_: {
            "result": target.result,
            "concluded_on": target.concluded_on,
            "note": target.note,
        },
    ),
}


def _prefix(name: str, target=None) -> str:
    return f"{name}-{target.pk}" if target is not None else name


def _form(name: str, application: Application, today_, target=None, data=None):
    action = ACTIONS[name]
    initial = action.initial(application, target, today_) if action.initial else {}
    return action.form(application, data, _prefix(name, target), initial)


def _draftable(application: Application) -> list[tuple[str, str]]:
    """The letters that can be drafted now (the service checks again)."""
    kinds = []
    status = application.status
    if status in (Status.SUBMITTED, Status.ARCHIVED):
        return kinds
    kinds.append(LetterKind.ACKNOWLEDGMENT)
    if _related(application, "correction") is not None:
        kinds.append(LetterKind.CORRECTION)
    extension = _related(application, "extension")
    if extension is not None and extension.approved_on:
        kinds.append(LetterKind.EXTENSION)
    if _related(application, "fee") is not None:
        kinds.append(LetterKind.FEE)
    if application.consultations.exists():
        kinds.append(LetterKind.CONSULTATION)
    if status == Status.DECIDED and application.outcome:
        kinds.append(LetterKind.REPLY)
    return [(k.value, k.label) for k in kinds]


def available(user, application: Application, today_) -> dict[str, bool]:
    """Which action forms the page shows (the services check again when one is used)."""
    agency = application.agency
    register = can(user, "application.register", agency=agency)
    handle = can(user, "application.handle", agency=agency)
    approve = can(user, "application.approve", agency=agency)
    status = application.status
    correction = _related(application, "correction")
    extension = _related(application, "extension")
    fee = _related(application, "fee")
    actions = {
        "confirm_receipt": register
        and status == Status.SUBMITTED
        and application.channel in intake.CONFIRMABLE_CHANNELS,
        "assign": register
        and (
            status == Status.REGISTERED
            or (status in OPEN_STATUSES and status != Status.REGISTERED and application.handler_id)
        ),
        "correction_send": handle
        and status in (Status.REGISTERED, Status.HANDLING)
        and correction is None,
        "correction_supplement": handle and status == Status.CORRECTION,
        "correction_lapse": handle
        and status == Status.CORRECTION
        and correction is not None
        and today_ > correction.deadline,
        "consultation_send": handle and status == Status.HANDLING,
        "consultation": handle and status in OPEN_STATUSES,
        "extension_request": handle
        and status in (Status.HANDLING, Status.FEE)
        and (extension is None or extension.refused),
        "extension_decide": approve
        and extension is not None
        and not extension.refused
        and extension.approved_on is None,
        "fee_notice": handle and status == Status.HANDLING and fee is None,
        "fee_received": handle and status == Status.FEE and fee is not None and not fee.received_on,
        "fee_paid": handle and status == Status.FEE,
        "fee_lapse": handle
        and status == Status.FEE
        and fee is not None
        and fee.pay_by is not None
        and today_ > fee.pay_by,
        "decide": handle and status == Status.HANDLING,
        "letters": handle and status not in (Status.SUBMITTED, Status.ARCHIVED),
        "delivery": handle,
        "archive": handle and status == Status.REPLIED,
        "publish_proactively": handle
        and status in (Status.REPLIED, Status.ARCHIVED)
        and application.outcome in (Outcome.GRANTED, Outcome.PARTIAL)
        and application.proactive_item_id is None,
        "remedy": handle and application.received_on is not None,
    }
    if application.imported:
        # A case from a ledger is kept up to date by importing the ledger again; what can
        # still follow it here is a reconsideration or lawsuit, or publishing what was released.
        keep = {"remedy", "publish_proactively"}
        actions = {name: allowed and name in keep for name, allowed in actions.items()}
    return actions


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
