"""The actions of the case page: one entry per POST form (``<pk>/do/<action>/``), with the form
it shows, the service it calls, its success message and the page anchor it returns to; the
letters that can be drafted now; and which forms the page shows to this user.

The views that use them are in ``case``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_noop

from gongkai.accounts.models import Role, User
from gongkai.accounts.permissions import can
from gongkai.applications import forms_staff as f
from gongkai.applications.models import (
    OPEN_STATUSES,
    Application,
    LetterKind,
    Status,
)
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services import intake, letters, workflow
from gongkai.catalog.services.items import item_draft_from_application


def _related(application: Application, name: str):
    try:
        return getattr(application, name)
    except ObjectDoesNotExist:
        return None


def _handlers(application: Application):
    return (
        User.objects.filter(
            is_active=True, roles__role=Role.HANDLER, roles__agency=application.agency
        )
        .distinct()
        .order_by("full_name", "username")
    )


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
