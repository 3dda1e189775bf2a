"""Handling an application after registration: assignment, 补正, consultation, extension, fee,
decision, archive and remedies (Regulation Arts. 30–45; RULES.md §1.4, §1.5, §1.8).

Every function here takes keyword-only arguments and an ``actor``; it re-checks the actor's
permission with ``accounts.permissions.can`` (PermissionDenied), locks the application row,
refuses an illegal state with ``WorkflowError`` (a translated sentence), writes a ``Step`` of
the timeline and the audit event ``application.<verb>`` in the same transaction, and calls
``refresh_clock`` whenever a dated event that the clock reads has changed. E-mails go out only
after the transaction commits (``notify.send_after_commit``). ``today``/``now`` default to
``timezone.localdate()``/``timezone.now()`` and are parameters so that tests and jobs can
pass them.

Who may do what: a 办理人 (``application.handle``) of the case's agency does the handling; a
领导 (``application.approve``) approves or refuses an extension; assignment needs
``application.register``. 公开办 and 信息员 only look.

Letters (告知书) are not written here: the letters module drafts and issues them from the
state recorded here (the correction notice, the extension notice, the fee notice, the reply).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import can, roles_of
from gongkai.applications.clock import (
    MAX_EXTENSION_WORKING_DAYS,
    consultation_reply_due,
    correction_notice_deadline,
    fee_payment_due,
)
from gongkai.applications.fees import FeeMethod, per_item_fee, per_page_fee
from gongkai.applications.models import (
    Application,
    Consultation,
    ConsultationKind,
    Correction,
    Extension,
    FeeNotice,
    Remedy,
    RemedyKind,
    RemedyResult,
    Status,
    Step,
)
from gongkai.applications.notify import send_after_commit
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.services.clock import calendar_for, refresh_clock
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date
from gongkai.workdays.calendar import CalendarMissing

# Statuses in which the case is with the handler and the clock runs.
ACTIVE = (Status.HANDLING,)


class WorkflowError(ValidationError):
    """An action that the application's state (or the law) does not allow now."""


# --- helpers ------------------------------------------------------------------------------


def _locked(application: Application) -> Application:
    """Re-read the application with a row lock (PostgreSQL) so that two staff cannot race."""
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("agency", "handler")
        .get(pk=application.pk)
    )


def _require(actor, action: str, application: Application) -> None:
    if not can(actor, action, agency=application.agency):
        raise PermissionDenied


def _require_status(application: Application, allowed, message: str) -> None:
    if application.status not in allowed:
        raise WorkflowError(
            message % {"status": application.get_status_display()}, code="bad_transition"
        )


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _not_before_receipt(application: Application, day: dt.date, field: str) -> None:
    if application.received_on and day < application.received_on:
        raise WorkflowError(
            {
                field: _("This date is before the application was received (%(date)s).")
                % {"date": format_cn_date(application.received_on)}
            },
            code="before_receipt",
        )


def _not_future(day: dt.date, today: dt.date, field: str) -> None:
    if day > today:
        raise WorkflowError({field: _("This date is in the future.")}, code="future")


def _related(application: Application, name: str):
    """The one-to-one row ``name`` of the application, or None."""
    return getattr(application, name, None)


def _public(text_fn) -> str:
    """Applicant-facing text in the site's language (the applicant did not choose the staff
    member's interface language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return text_fn()


def _step(
    application: Application, *, kind: str, text: str, actor, now: dt.datetime, public: bool
) -> Step:
    return Step.objects.create(
        application=application,
        at=now,
        kind=kind,
        text=text,
        public=public,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )


def _calendar_error(exc: CalendarMissing) -> WorkflowError:
    return WorkflowError(exc.message, code="calendar_missing")


def _save(obj, fields: list[str]) -> None:
    obj.save(update_fields=[*fields, "updated_at"] if isinstance(obj, Application) else fields)


# --- assignment ---------------------------------------------------------------------------


def _check_handler(application: Application, handler) -> None:
    if (
        handler is None
        or not handler.is_active
        or Role.HANDLER not in roles_of(handler, application.agency)
    ):
        raise WorkflowError(
            {
                "handler": _("Choose a staff member who is a handler of %(agency)s.")
                % {"agency": application.agency.name}
            },
            code="not_a_handler",
        )


def _locked_child(obj):
    """A record of the case (consultation, extension, fee notice) and its application, both
    re-read with row locks, the application first (always the same order: no deadlocks)."""
    application = _locked(obj.application)
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    obj.application = application
    return obj, application


@transaction.atomic
def application_assign(
    *, actor, application: Application, handler, now: dt.datetime | None = None
) -> Application:
    """Give a registered case to a 办理人 of its agency: REGISTERED → HANDLING.

    Writes an internal step and the event ``application.assign``.
    """
    now = _now(now)
    application = _locked(application)
    _require(actor, "application.register", application)
    _require_status(
        application,
        (Status.REGISTERED,),
        _("This application is “%(status)s”; only a registered application can be assigned."),
    )
    _check_handler(application, handler)
    application.handler = handler
    application.status = Status.HANDLING
    _save(application, ["handler", "status"])
    _step(
        application,
        kind="assigned",
        text=_("Assigned to %(name)s.") % {"name": handler.get_full_name()},
        actor=actor,
        now=now,
        public=False,
    )
    _step(
        application,
        kind="handling",
        text=_public(lambda: _("Your application is being handled.")),
        actor=None,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.assign",
        obj=application,
        data={"handler": handler.pk},
    )
    return application


@transaction.atomic
def application_reassign(
    *, actor, application: Application, handler, now: dt.datetime | None = None
) -> Application:
    """Give an open, assigned case to another 办理人 of its agency (the status stays)."""
    now = _now(now)
    application = _locked(application)
    _require(actor, "application.register", application)
    _require_status(
        application,
        (Status.HANDLING, Status.CORRECTION, Status.FEE, Status.DECIDED),
        _("This application is “%(status)s”; it cannot be reassigned now."),
    )
    _check_handler(application, handler)
    if handler.pk == application.handler_id:
        raise WorkflowError(
            {"handler": _("This person already handles the application.")}, code="same_handler"
        )
    before = application.handler_id
    application.handler = handler
    _save(application, ["handler"])
    _step(
        application,
        kind="reassigned",
        text=_("Reassigned to %(name)s.") % {"name": handler.get_full_name()},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.reassign",
        obj=application,
        data={"handler": [before, handler.pk]},
    )
    return application


# --- 补正 (Art. 30) ------------------------------------------------------------------------


@transaction.atomic
def correction_send(
    *,
    actor,
    application: Application,
    what: str,
    deadline: dt.date,
    sent_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Correction:
    """Record the one-time 补正 notice: status → CORRECTION and the clock stops (it restarts
    from the day the supplement arrives).

    Allowed once per application, on or before the 7th working day after receipt
    (``correction_notice_deadline``), with a supplement deadline on or after the notice day.
    """
    today, now = _today(today), _now(now)
    sent_on = sent_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.REGISTERED, Status.HANDLING),
        _("This application is “%(status)s”; a correction notice cannot be sent now."),
    )
    if _related(application, "correction") is not None:
        raise WorkflowError(
            _("A correction notice was already sent; the law allows only one (一次性告知)."),
            code="correction_once",
        )
    if not what.strip():
        raise WorkflowError({"what": _("Say what the applicant must supplement.")}, code="required")
    _not_before_receipt(application, sent_on, "sent_on")
    _not_future(sent_on, today, "sent_on")
    try:
        last_day = correction_notice_deadline(
            application.received_on,
            calendar_for(application.received_on),
            count_start_day=getattr(settings, "GONGKAI_COUNT_START_DAY", False),
        )
    except CalendarMissing as exc:
        raise _calendar_error(exc) from exc
    if sent_on > last_day:
        raise WorkflowError(
            {
                "sent_on": _(
                    "A correction notice must be sent within 7 working days of receipt, that is on "
                    "or before %(date)s."
                )
                % {"date": format_cn_date(last_day)}
            },
            code="correction_too_late",
        )
    if deadline < sent_on:
        raise WorkflowError(
            {"deadline": _("The supplement deadline cannot be before the notice is sent.")},
            code="deadline_before_notice",
        )
    correction = Correction.objects.create(
        application=application, sent_on=sent_on, what=what.strip(), deadline=deadline
    )
    application.status = Status.CORRECTION
    _save(application, ["status"])
    refresh_clock(application)
    _step(
        application,
        kind="correction_sent",
        text=_public(
            lambda: (
                _(
                    "Your application needs to be supplemented (补正). Please send the supplement by "
                    "%(deadline)s. The time limit for the answer starts again on the day the "
                    "supplemented application is received."
                )
                % {"deadline": format_cn_date(deadline)}
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.correction_send",
        obj=application,
        data={"sent_on": sent_on, "deadline": deadline, "what": correction.what},
    )
    return correction


@transaction.atomic
def correction_supplement(
    *,
    actor,
    application: Application,
    received_on: dt.date,
    text: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Correction:
    """Record that the supplement arrived: the 20 working days run again from ``received_on``;
    status → HANDLING (REGISTERED when nobody is assigned yet).

    A supplement after the deadline is accepted as long as the lapse has not been recorded
    (the agency may accept a good reason for the delay).
    """
    today, now = _today(today), _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.CORRECTION,),
        _("This application is “%(status)s”; it is not waiting for a supplement."),
    )
    correction = application.correction
    if received_on < correction.sent_on:
        raise WorkflowError(
            {"received_on": _("The supplement cannot arrive before the notice was sent.")},
            code="before_notice",
        )
    _not_future(received_on, today, "received_on")
    correction.supplemented_on = received_on
    correction.supplement_text = text
    correction.save(update_fields=["supplemented_on", "supplement_text"])
    application.status = Status.HANDLING if application.handler_id else Status.REGISTERED
    _save(application, ["status"])
    state = refresh_clock(application)
    due = state.due_date if state else None
    _step(
        application,
        kind="correction_supplemented",
        text=_public(
            lambda: (
                _("Your supplement was received on %(date)s. The answer is due by %(due)s.")
                % {"date": format_cn_date(received_on), "due": format_cn_date(due)}
                if due
                else _("Your supplement was received on %(date)s.")
                % {"date": format_cn_date(received_on)}
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.correction_supplement",
        obj=application,
        data={"received_on": received_on, "due_date": application.due_date},
    )
    return correction


def correction_lapse(
    *, actor, application: Application, today: dt.date | None = None, now=None
) -> Application:
    """The supplement deadline passed without a supplement: the application is deemed
    abandoned and decided as 其他处理 1 (``Outcome.OTHER_NO_CORRECTION``) on ``today``.
    The reply letter is then issued by the letters module."""
    today = _today(today)
    return application_decide(
        actor=actor,
        application=application,
        outcome=Outcome.OTHER_NO_CORRECTION,
        decided_on=today,
        today=today,
        now=now,
    )


# --- consultation (Arts. 32, 34) ------------------------------------------------------------


def _reply_due(day: dt.date) -> dt.date:
    try:
        return consultation_reply_due(day, calendar_for(day))
    except CalendarMissing as exc:
        raise _calendar_error(exc) from exc


@transaction.atomic
def consultation_send(
    *,
    actor,
    application: Application,
    kind: str,
    party: str,
    sent_on: dt.date | None = None,
    party_received_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Record a written consultation of a third party (Art. 32) or a co-producing agency
    (Art. 34). The reply is due 15 working days after the party received the letter (after
    ``sent_on`` until the receipt is known); from ``sent_on`` to the reply, or to the end of the
    reply period, the answer period does not run. Overlapping consultations count once."""
    today, now = _today(today), _now(now)
    sent_on = sent_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        ACTIVE,
        _("This application is “%(status)s”; a consultation cannot be started now."),
    )
    if kind not in ConsultationKind.values:
        raise WorkflowError({"kind": _("Choose whom you consult.")}, code="invalid")
    if not party.strip():
        raise WorkflowError({"party": _("Name the party consulted.")}, code="required")
    _not_before_receipt(application, sent_on, "sent_on")
    _not_future(sent_on, today, "sent_on")
    if party_received_on is not None and party_received_on < sent_on:
        raise WorkflowError(
            {"party_received_on": _("The letter cannot be received before it was sent.")},
            code="before_sent",
        )
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=party.strip(),
        sent_on=sent_on,
        party_received_on=party_received_on,
        reply_due=_reply_due(party_received_on or sent_on),
    )
    refresh_clock(application)
    _step(
        application,
        kind="consultation_sent",
        text=_public(
            lambda: _(
                "Your application concerns a third party or another agency, whose opinion has "
                "been asked in writing. The time of the consultation is not counted in the time "
                "limit for the answer."
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.consultation_send",
        obj=application,
        data={
            "consultation": consultation.pk,
            "kind": kind,
            "party": consultation.party,
            "sent_on": sent_on,
            "reply_due": consultation.reply_due,
        },
    )
    return consultation


@transaction.atomic
def consultation_party_received(
    *,
    actor,
    consultation: Consultation,
    party_received_on: dt.date,
    now: dt.datetime | None = None,
) -> Consultation:
    """Record when the party received the letter: the reply period is recounted from then."""
    now = _now(now)
    consultation, application = _locked_child(consultation)
    _require(actor, "application.handle", application)
    if consultation.replied_on is not None:
        raise WorkflowError(_("The party has already replied."), code="replied")
    if party_received_on < consultation.sent_on:
        raise WorkflowError(
            {"party_received_on": _("The letter cannot be received before it was sent.")},
            code="before_sent",
        )
    consultation.party_received_on = party_received_on
    consultation.reply_due = _reply_due(party_received_on)
    consultation.save(update_fields=["party_received_on", "reply_due"])
    refresh_clock(application)
    _step(
        application,
        kind="consultation_received",
        text=_("%(party)s received the consultation letter on %(date)s; reply due %(due)s.")
        % {
            "party": consultation.party,
            "date": format_cn_date(party_received_on),
            "due": format_cn_date(consultation.reply_due),
        },
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.consultation_party_received",
        obj=application,
        data={"consultation": consultation.pk, "party_received_on": party_received_on},
    )
    return consultation


@transaction.atomic
def consultation_record_reply(
    *,
    actor,
    consultation: Consultation,
    replied_on: dt.date,
    agrees: bool | None,
    summary: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Record the party's reply; the pause ends on ``replied_on`` (or at the end of the reply
    period if the reply came later)."""
    today, now = _today(today), _now(now)
    consultation, application = _locked_child(consultation)
    _require(actor, "application.handle", application)
    if consultation.replied_on is not None:
        raise WorkflowError(_("The reply was already recorded."), code="replied")
    if replied_on < consultation.sent_on:
        raise WorkflowError(
            {"replied_on": _("The reply cannot come before the letter was sent.")},
            code="before_sent",
        )
    _not_future(replied_on, today, "replied_on")
    consultation.replied_on = replied_on
    consultation.agrees = agrees
    consultation.reply_summary = summary
    consultation.save(update_fields=["replied_on", "agrees", "reply_summary"])
    refresh_clock(application)
    _step(
        application,
        kind="consultation_replied",
        text=_("%(party)s replied on %(date)s.")
        % {"party": consultation.party, "date": format_cn_date(replied_on)},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.consultation_reply",
        obj=application,
        data={"consultation": consultation.pk, "replied_on": replied_on, "agrees": agrees},
    )
    return consultation


@transaction.atomic
def consultation_deem_consent(
    *,
    actor,
    consultation: Consultation,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Art. 34: a co-producing agency that has not replied by the end of the reply period is
    deemed to consent (``agrees=True``; the pause ends on ``reply_due``). Not for third
    parties: for them the agency decides (Art. 32)."""
    today, now = _today(today), _now(now)
    consultation, application = _locked_child(consultation)
    _require(actor, "application.handle", application)
    if consultation.kind != ConsultationKind.AGENCY:
        raise WorkflowError(
            _("Only a co-producing agency's silence counts as consent."), code="third_party"
        )
    if consultation.replied_on is not None or consultation.agrees is not None:
        raise WorkflowError(_("The reply was already recorded."), code="replied")
    if consultation.reply_due is None or today <= consultation.reply_due:
        raise WorkflowError(
            _("The reply period has not ended yet (%(date)s).")
            % {"date": format_cn_date(consultation.reply_due)},
            code="not_yet",
        )
    consultation.agrees = True
    consultation.reply_summary = _("No reply within the reply period: deemed to consent.")
    consultation.save(update_fields=["agrees", "reply_summary"])
    _step(
        application,
        kind="consultation_consent",
        text=_("%(party)s did not reply by %(date)s and is deemed to consent to disclosure.")
        % {"party": consultation.party, "date": format_cn_date(consultation.reply_due)},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.consultation_deem_consent",
        obj=application,
        data={"consultation": consultation.pk, "reply_due": consultation.reply_due},
    )
    return consultation


# --- 延期答复 (Art. 33) ----------------------------------------------------------------------


def _before_due(application: Application, today: dt.date, message: str) -> None:
    if application.due_date is None or today > application.due_date:
        raise WorkflowError(
            message % {"date": format_cn_date(application.due_date)}, code="after_due"
        )


@transaction.atomic
def extension_request(
    *,
    actor,
    application: Application,
    days: int,
    reason: str,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Extension:
    """A handler asks a leader to extend the answer period by ``days`` (1–20) working days.

    Only one extension per application: a new request is possible only after a refusal (it
    replaces the refused one; the audit log keeps both). Must be made by the due date.
    """
    today, now = _today(today), _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.HANDLING, Status.FEE),
        _("This application is “%(status)s”; an extension cannot be requested now."),
    )
    if not 1 <= days <= MAX_EXTENSION_WORKING_DAYS:
        raise WorkflowError(
            {
                "days": _("An extension is at most %(n)d working days.")
                % {"n": MAX_EXTENSION_WORKING_DAYS}
            },
            code="too_long",
        )
    if not reason.strip():
        raise WorkflowError({"reason": _("Give the reason for the extension.")}, code="required")
    _before_due(application, today, _("The answer was due on %(date)s; it is too late to extend."))
    extension = _related(application, "extension")
    if extension is not None and not extension.refused:
        raise WorkflowError(
            _("An extension was already requested; the answer period can be extended only once."),
            code="extension_once",
        )
    if extension is None:
        extension = Extension(application=application)
    extension.days = days
    extension.reason = reason.strip()
    extension.requested_by = actor
    extension.requested_at = now
    extension.approved_by = None
    extension.approved_on = None
    extension.refused = False
    extension.save()
    _step(
        application,
        kind="extension_requested",
        text=_("Extension by %(n)d working days requested: %(reason)s")
        % {"n": days, "reason": extension.reason},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.extension_request",
        obj=application,
        data={"days": days, "reason": extension.reason},
    )
    return extension


def _pending(extension: Extension) -> None:
    if extension.refused or extension.approved_on is not None:
        raise WorkflowError(_("This extension request has already been decided."), code="decided")


@transaction.atomic
def extension_approve(
    *,
    actor,
    extension: Extension,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Extension:
    """A leader approves the extension, on or before the current due date. The due date moves;
    a public step 延期答复 is written and the applicant is told by e-mail after commit (the
    formal extension notice is a letter of the letters module)."""
    today, now = _today(today), _now(now)
    extension, application = _locked_child(extension)
    _require(actor, "application.approve", application)
    _pending(extension)
    _require_status(
        application,
        (Status.HANDLING, Status.FEE),
        _("This application is “%(status)s”; an extension cannot be approved now."),
    )
    _before_due(
        application,
        today,
        _("The answer was due on %(date)s; an extension must be approved before that."),
    )
    old_due = application.due_date
    extension.approved_by = actor
    extension.approved_on = today
    extension.save(update_fields=["approved_by", "approved_on"])
    refresh_clock(application)
    new_due = application.due_date
    text = _public(
        lambda: (
            _(
                "The time limit for answering your application has been extended by %(n)d working "
                "days. The answer is now due by %(due)s. Reason: %(reason)s"
            )
            % {"n": extension.days, "due": format_cn_date(new_due), "reason": extension.reason}
        )
    )
    _step(application, kind="extension", text=text, actor=actor, now=now, public=True)
    send_after_commit(
        to=[application.email],
        subject=_public(
            lambda: (
                _("Extension of the answer period: application %(number)s")
                % {"number": application.number}
            )
        ),
        body=text,
    )
    record_event(
        actor=actor,
        action="application.extension_approve",
        obj=application,
        data={"days": extension.days, "due_date": [old_due, new_due]},
    )
    return extension


@transaction.atomic
def extension_refuse(
    *,
    actor,
    extension: Extension,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Extension:
    """A leader refuses the extension; the due date stays."""
    now = _now(now)
    extension, application = _locked_child(extension)
    _require(actor, "application.approve", application)
    _pending(extension)
    extension.refused = True
    extension.approved_by = actor
    extension.save(update_fields=["refused", "approved_by"])
    _step(
        application,
        kind="extension_refused",
        text=(
            _("Extension refused: %(reason)s") % {"reason": reason}
            if reason
            else _("Extension refused.")
        ),
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.extension_refuse",
        obj=application,
        data={"reason": reason},
    )
    return extension


# --- 信息处理费 ---------------------------------------------------------------------------


def earlier_items_this_month(application: Application) -> int:
    """Items of the same applicant counted earlier in the natural month of receipt, for the
    per-item fee.

    Decision (RULES.md §1.5 counts "per applicant per natural month"; the rules say nothing
    more): an applicant is one ``(id_type, id_number)`` at one agency (each agency charges
    its own fee), the month is that of ``received_on``, and "earlier" means received before
    this application (same day: lower id). Each earlier application counts as the units of
    its per-item fee notice, or as 1 item when it had none (free items count too).
    """
    if application.received_on is None:
        return 0
    month_start = application.received_on.replace(day=1)
    earlier = Application.objects.filter(
        agency_id=application.agency_id,
        id_type=application.id_type,
        id_number=application.id_number,
        received_on__gte=month_start,
    ).filter(
        Q(received_on__lt=application.received_on)
        | Q(received_on=application.received_on, pk__lt=application.pk)
    )
    charged = earlier.filter(fee__method=FeeMethod.PER_ITEM)
    units = charged.aggregate(n=Sum("fee__units"))["n"] or 0
    return units + earlier.exclude(pk__in=charged.values("pk")).count()


@transaction.atomic
def fee_notice_send(
    *,
    actor,
    application: Application,
    method: str,
    units: int,
    sent_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FeeNotice:
    """Record the fee notice (收费通知): one method, once per application, within the
    answer period, and only when there is something to pay. Status → FEE."""
    today, now = _today(today), _now(now)
    sent_on = sent_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        ACTIVE,
        _("This application is “%(status)s”; a fee notice cannot be sent now."),
    )
    if _related(application, "fee") is not None:
        raise WorkflowError(
            _("A fee notice was already sent for this application."), code="fee_once"
        )
    if method not in FeeMethod.values:
        raise WorkflowError({"method": _("Choose how the fee is counted.")}, code="invalid")
    if units < 1:
        raise WorkflowError({"units": _("Give at least one item or page.")}, code="invalid")
    _not_before_receipt(application, sent_on, "sent_on")
    _not_future(sent_on, today, "sent_on")
    if application.due_date and sent_on > application.due_date:
        raise WorkflowError(
            {
                "sent_on": _("A fee notice must be sent within the answer period (by %(date)s).")
                % {"date": format_cn_date(application.due_date)}
            },
            code="after_due",
        )
    earlier = 0
    if method == FeeMethod.PER_ITEM:
        earlier = earlier_items_this_month(application)
        amount = per_item_fee(earlier_items_this_month=earlier, items=units)
    else:
        amount = per_page_fee(units)
    if amount <= Decimal(0):
        raise WorkflowError(
            {
                "units": _(
                    "Nothing is payable for this number of items or pages; no fee notice is needed."
                )
            },
            code="free",
        )
    fee = FeeNotice.objects.create(
        application=application,
        method=method,
        units=units,
        earlier_items=earlier,
        amount=amount,
        sent_on=sent_on,
    )
    application.status = Status.FEE
    _save(application, ["status"])
    refresh_clock(application)
    _step(
        application,
        kind="fee_sent",
        text=_public(
            lambda: (
                _(
                    "A fee notice for an information processing fee of %(amount)s yuan has been "
                    "sent to you. Please pay within 20 working days from the day after you receive "
                    "it; otherwise the application is deemed withdrawn."
                )
                % {"amount": amount}
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.fee_notice_send",
        obj=application,
        data={"method": method, "units": units, "earlier_items": earlier, "amount": amount},
    )
    return fee


def _locked_fee(actor, fee: FeeNotice, day: dt.date, field: str, before_sent: str, today):
    """The fee notice and its application, locked, after the checks that receiving and paying
    share: a handler, a case waiting for its fee, ``day`` neither before the notice was sent
    nor in the future."""
    fee, application = _locked_child(fee)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.FEE,),
        _("This application is “%(status)s”; it is not waiting for a fee."),
    )
    if day < fee.sent_on:
        raise WorkflowError({field: before_sent}, code="before_sent")
    _not_future(day, today, field)
    return fee, application


@transaction.atomic
def fee_notice_received(
    *,
    actor,
    fee: FeeNotice,
    received_on: dt.date,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FeeNotice:
    """Record when the applicant received the fee notice: ``pay_by`` = 20 working days from
    the day after (``fee_payment_due``)."""
    today, now = _today(today), _now(now)
    fee, application = _locked_fee(
        actor,
        fee,
        received_on,
        "received_on",
        _("The notice cannot be received before it was sent."),
        today,
    )
    try:
        pay_by = fee_payment_due(received_on, calendar_for(received_on))
    except CalendarMissing as exc:
        raise _calendar_error(exc) from exc
    fee.received_on, fee.pay_by = received_on, pay_by
    fee.save(update_fields=["received_on", "pay_by"])
    refresh_clock(application)
    _step(
        application,
        kind="fee_received",
        text=_public(
            lambda: _("Please pay the fee by %(date)s.") % {"date": format_cn_date(pay_by)}
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.fee_notice_received",
        obj=application,
        data={"received_on": received_on, "pay_by": pay_by},
    )
    return fee


@transaction.atomic
def fee_paid(
    *,
    actor,
    fee: FeeNotice,
    paid_on: dt.date,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FeeNotice:
    """Record the payment: status → HANDLING."""
    today, now = _today(today), _now(now)
    fee, application = _locked_fee(
        actor,
        fee,
        paid_on,
        "paid_on",
        _("The fee cannot be paid before the notice was sent."),
        today,
    )
    fee.paid_on = paid_on
    fee.save(update_fields=["paid_on"])
    application.status = Status.HANDLING
    _save(application, ["status"])
    refresh_clock(application)
    _step(
        application,
        kind="fee_paid",
        text=_public(
            lambda: _("Your payment of %(date)s was received.") % {"date": format_cn_date(paid_on)}
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.fee_paid",
        obj=application,
        data={"paid_on": paid_on, "amount": fee.amount},
    )
    return fee


def fee_lapse(*, actor, fee: FeeNotice, today: dt.date | None = None, now=None) -> Application:
    """The payment period ended unpaid: the application is deemed abandoned and decided as
    其他处理 2 (``Outcome.OTHER_FEE_UNPAID``) on ``today``."""
    today = _today(today)
    return application_decide(
        actor=actor,
        application=fee.application,
        outcome=Outcome.OTHER_FEE_UNPAID,
        decided_on=today,
        today=today,
        now=now,
    )


# --- decision (Arts. 36–39) ----------------------------------------------------------------


def _check_lapse(application: Application, outcome: str, decided_on: dt.date) -> None:
    """其他处理 1/2 are reached only from a notice whose period has ended unanswered."""
    if outcome == Outcome.OTHER_NO_CORRECTION:
        correction = _related(application, "correction")
        if application.status != Status.CORRECTION or correction is None:
            raise WorkflowError(
                _("Only an application waiting for a supplement can lapse for want of it."),
                code="bad_transition",
            )
        if decided_on <= correction.deadline:
            raise WorkflowError(
                _("The supplement deadline (%(date)s) has not passed yet.")
                % {"date": format_cn_date(correction.deadline)},
                code="not_yet",
            )
        correction.lapsed_on = decided_on
        correction.save(update_fields=["lapsed_on"])
    else:
        fee = _related(application, "fee")
        if application.status != Status.FEE or fee is None:
            raise WorkflowError(
                _("Only an application waiting for a fee can lapse for want of payment."),
                code="bad_transition",
            )
        if fee.pay_by is None or decided_on <= fee.pay_by:
            raise WorkflowError(
                _(
                    "The payment period has not ended yet; record when the applicant received "
                    "the fee notice first if that is not done."
                ),
                code="not_yet",
            )
        fee.lapsed_on = decided_on
        fee.save(update_fields=["lapsed_on"])


@transaction.atomic
def application_decide(
    *,
    actor,
    application: Application,
    outcome: str,
    reason: str | None = None,
    provided: str = "",
    referral_agency: str = "",
    referral_contact: str = "",
    decided_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Decide the case with exactly one outcome of annual-report Table 2: status → DECIDED.

    ``reason`` defaults to the outcome's standard sentence (``outcomes.RULES``); where that
    sentence ends with a colon (部分公开, 公开出版物) or is empty (其他处理 3) the handler must
    complete it. 予以公开/部分公开 need ``provided`` (what was provided and how). 本机关不掌握
    may name the agency that holds the information (name and contact, both or neither).
    其他处理 1/2 need a 补正 / fee notice whose period has ended (see ``correction_lapse``,
    ``fee_lapse``). The reply letter is issued by the letters module.
    """
    today, now = _today(today), _now(now)
    decided_on = decided_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    if outcome not in Outcome.values:
        raise WorkflowError({"outcome": _("Choose an outcome.")}, code="invalid")
    rule = RULES[outcome]
    lapse = outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID)
    if not lapse:
        _require_status(
            application,
            ACTIVE,
            _("This application is “%(status)s”; it cannot be decided now."),
        )
    _not_before_receipt(application, decided_on, "decided_on")
    _not_future(decided_on, today, "decided_on")
    errors: dict[str, str] = {}
    reason = (rule.reason if reason is None else reason).strip()
    if not reason or (rule.reason.endswith("：") and reason == rule.reason):
        errors["reason"] = _("Complete the reasons for this outcome.")
    provided = provided.strip()
    if rule.provides_information and not provided:
        errors["provided"] = _("Say what information is provided, and how.")
    if provided and not rule.provides_information:
        errors["provided"] = _("Nothing is provided with this outcome.")
    referral_agency, referral_contact = referral_agency.strip(), referral_contact.strip()
    if referral_agency or referral_contact:
        if not rule.needs_referral:
            errors["referral_agency"] = _(
                "Another agency is named only when this agency does not hold the information."
            )
        elif not referral_agency:
            errors["referral_agency"] = _("Name the agency that holds the information.")
        elif not referral_contact:
            errors["referral_contact"] = _("Give that agency's contact details.")
    if outcome == Outcome.UNAVAILABLE_UNCLEAR:
        correction = _related(application, "correction")
        if correction is None or correction.supplemented_on is None:
            errors["outcome"] = _(
                "This outcome applies only after a correction notice has been answered."
            )
    if errors:
        raise WorkflowError(errors, code="invalid")
    if lapse:
        _check_lapse(application, outcome, decided_on)
    before = application.status
    application.outcome = outcome
    application.outcome_reason = reason
    application.provided = provided
    application.referral_agency = referral_agency
    application.referral_contact = referral_contact
    application.decided_on = decided_on
    application.status = Status.DECIDED
    _save(
        application,
        [
            "outcome",
            "outcome_reason",
            "provided",
            "referral_agency",
            "referral_contact",
            "decided_on",
            "status",
        ],
    )
    refresh_clock(application)
    _step(
        application,
        kind="decided",
        text=_("Decided: %(outcome)s.") % {"outcome": application.get_outcome_display()},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.decide",
        obj=application,
        data={
            "outcome": outcome,
            "decided_on": decided_on,
            "status": [before, Status.DECIDED],
            "referral_agency": referral_agency,
        },
    )
    return application


def application_transfer(
    *,
    actor,
    application: Application,
    agency_name: str,
    contact: str,
    reason: str | None = None,
    decided_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """“Transfer”: the information is held by another agency, which the applicant is told
    about with its contact details (Art. 36(5)); decided as 无法提供 1 (本机关不掌握)."""
    if not agency_name.strip() or not contact.strip():
        raise WorkflowError(
            _("Name the agency that holds the information and give its contact details."),
            code="required",
        )
    return application_decide(
        actor=actor,
        application=application,
        outcome=Outcome.UNAVAILABLE_NOT_HELD,
        reason=reason,
        referral_agency=agency_name,
        referral_contact=contact,
        decided_on=decided_on,
        today=today,
        now=now,
    )


# --- 归档 ---------------------------------------------------------------------------------


@transaction.atomic
def application_archive(
    *, actor, application: Application, now: dt.datetime | None = None
) -> Application:
    """Archive (归档) a replied case: REPLIED → ARCHIVED."""
    now = _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.REPLIED,),
        _("This application is “%(status)s”; only a replied application can be archived."),
    )
    application.status = Status.ARCHIVED
    application.archived_at = now
    _save(application, ["status", "archived_at"])
    _step(application, kind="archived", text=_("Archived."), actor=actor, now=now, public=False)
    record_event(actor=actor, action="application.archive", obj=application, data={})
    return application


# --- 行政复议 / 行政诉讼 -----------------------------------------------------------------------

REMEDY_FIELDS = ("body", "result", "concluded_on", "note", "filed_on", "after_reconsideration")


def _check_remedy(remedy: Remedy, application: Application, today: dt.date) -> None:
    errors: dict[str, Any] = {}
    if remedy.kind not in RemedyKind.values:
        errors["kind"] = _("Choose reconsideration or litigation.")
    if remedy.after_reconsideration and remedy.kind != RemedyKind.LITIGATION:
        errors["after_reconsideration"] = _(
            "Only a lawsuit can follow an administrative reconsideration."
        )
    if remedy.result not in RemedyResult.values:
        errors["result"] = _("Choose a result.")
    if application.received_on and remedy.filed_on < application.received_on:
        errors["filed_on"] = _("This date is before the application was received.")
    elif remedy.filed_on > today:
        errors["filed_on"] = _("This date is in the future.")
    if remedy.result == RemedyResult.PENDING:
        if remedy.concluded_on:
            errors["concluded_on"] = _("A pending case has no conclusion date.")
    elif remedy.concluded_on is None:
        errors["concluded_on"] = _("Give the date the case was concluded.")
    elif remedy.concluded_on < remedy.filed_on:
        errors["concluded_on"] = _("The conclusion cannot be before the filing.")
    if errors:
        raise WorkflowError(errors, code="invalid")


@transaction.atomic
def remedy_add(
    *,
    actor,
    application: Application,
    kind: str,
    filed_on: dt.date,
    body: str = "",
    after_reconsideration: bool = False,
    result: str = RemedyResult.PENDING,
    concluded_on: dt.date | None = None,
    note: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Remedy:
    """Record a 行政复议 or 行政诉讼 over the case (also over a missing answer, so any received
    application qualifies). Counted in annual-report Table 3."""
    today, now = _today(today), _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    if application.received_on is None:
        raise WorkflowError(_("This application has not been received."), code="not_received")
    remedy = Remedy(
        agency_id=application.agency_id,
        application=application,
        kind=kind,
        filed_on=filed_on,
        body=body.strip(),
        after_reconsideration=after_reconsideration,
        result=result,
        concluded_on=concluded_on,
        note=note,
    )
    _check_remedy(remedy, application, today)
    remedy.save()
    _step(
        application,
        kind="remedy",
        text=_("%(kind)s filed on %(date)s.")
        % {"kind": remedy.get_kind_display(), "date": format_cn_date(filed_on)},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.remedy_add",
        obj=application,
        data={"remedy": remedy.pk, "kind": kind, "filed_on": filed_on, "result": result},
    )
    return remedy


@transaction.atomic
def remedy_update(
    *,
    actor,
    remedy: Remedy,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    **fields,
) -> Remedy:
    """Change a remedy (typically its result and conclusion date). Fields: ``REMEDY_FIELDS``."""
    today, now = _today(today), _now(now)
    unknown = set(fields) - set(REMEDY_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    application = _locked(remedy.application)
    remedy = Remedy.objects.select_for_update().get(pk=remedy.pk)
    _require(actor, "application.handle", application)
    before = {name: getattr(remedy, name) for name in fields}
    for name, value in fields.items():
        setattr(remedy, name, value.strip() if isinstance(value, str) else value)
    _check_remedy(remedy, application, today)
    remedy.save()
    changed = {
        k: [before[k], getattr(remedy, k)] for k in fields if before[k] != getattr(remedy, k)
    }
    if remedy.result != RemedyResult.PENDING and "result" in changed:
        _step(
            application,
            kind="remedy_result",
            text=_("%(kind)s concluded: %(result)s.")
            % {"kind": remedy.get_kind_display(), "result": remedy.get_result_display()},
            actor=actor,
            now=now,
            public=False,
        )
    record_event(
        actor=actor,
        action="application.remedy_update",
        obj=application,
        data={"remedy": remedy.pk, "changed": changed},
    )
    return remedy


@transaction.atomic
def application_reveal_id(*, actor, application: Application, reason: str) -> str:
    """The full ID number of the applicant, for the assigned handler only, after a reason is
    given. Writes the audit event of this one look; changes nothing else."""
    from gongkai.applications.permissions import may_reveal_id

    if not may_reveal_id(actor, application):
        raise PermissionDenied
    if not (reason or "").strip():
        raise WorkflowError(
            _("Say why you need to see the full ID number."), code="reason_required"
        )
    record_event(
        actor=actor,
        action="application.reveal_id",
        obj=application,
        data={"reason": reason.strip(), "number": application.number},
    )
    return application.id_number
