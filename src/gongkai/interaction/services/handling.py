"""Handling a letter after it came in: accept or not, transfer (转办), merge (并单), assign
(交办), the reply and its review, extensions, the writer's rating and the one reopening.

Every function takes keyword-only arguments and an ``actor`` (the rating: the writer, no
actor), re-checks the permission, locks the letter's row, refuses an illegal state with
``MessageError`` (a sentence for the user), writes timeline steps and the audit event
``message.<verb>`` in the same transaction and keeps the stored due date equal to the rules.
E-mail to the writer (at acceptance and at the reply) goes out after the commit.

Who: a 办理人 (``message.handle``) of the letter's agency accepts, transfers, merges, assigns
and asks for extensions; the assigned handler drafts the reply; a 审核员 or 领导
(``message.review``) other than the drafter approves it; a 领导 (``message.approve``) decides
extensions.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import can, roles_of
from gongkai.agencies.models import Agency, Department
from gongkai.audit.services import record_event
from gongkai.casework.calendars import calendar_for
from gongkai.casework.notify import send_after_commit
from gongkai.core.dates import format_cn_date
from gongkai.interaction import rules
from gongkai.interaction.models import (
    CLOCK_STATUSES,
    Extension,
    Message,
    MessageStatus,
    NotAcceptedReason,
    PublicationStatus,
    Rating,
    Transfer,
)
from gongkai.interaction.permissions import can_view_message
from gongkai.interaction.services import _common as c
from gongkai.interaction.services.clock import current_due, limit_for, refresh_clock
from gongkai.interaction.services.intake import mailbox_for_agency
from gongkai.workdays.calendar import CalendarMissing


def _mail_writer(message: Message, subject: str, body: str) -> None:
    if message.writer_email:
        send_after_commit(to=[message.writer_email], subject=subject, body=body)


def _due_words(message: Message) -> str:
    if message.due_date is None:
        return _("The reply date will be set once the working-day calendar for it is entered.")
    return _("The reply is due by %(date)s.") % {"date": format_cn_date(message.due_date)}


# --- acceptance ------------------------------------------------------------------------------


def message_accept(
    *, actor, message: Message, today: dt.date | None = None, now: dt.datetime | None = None
) -> Message:
    """受理: the time limit starts the day after ``today``."""
    today = c.today_or(today, now)
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        c.require_status(
            message,
            (MessageStatus.RECEIVED,),
            _("Only a letter awaiting acceptance can be accepted."),
        )
        if today < message.received_on:
            raise c.MessageError(_("A letter cannot be accepted before it was received."))
        message.status = MessageStatus.ACCEPTED
        message.accepted_on = today
        message.clock_start = today
        message.time_limit_days = limit_for(message)
        message.extension_days = 0
        c.save(
            message, ["status", "accepted_on", "clock_start", "time_limit_days", "extension_days"]
        )
        refresh_clock(message)
        with translation.override(settings.LANGUAGE_CODE):
            words = _due_words(message)
            c.step(
                message,
                "accepted",
                _("Your letter was accepted on %(date)s. %(due)s")
                % {"date": format_cn_date(today), "due": words},
                public=True,
                actor=actor,
                at=now,
            )
            _mail_writer(
                message,
                _("Your letter %(number)s has been accepted") % {"number": message.number},
                _(
                    "Dear writer,\n\n%(agency)s accepted your letter “%(title)s” on %(date)s. "
                    "%(due)s\n\nYou can follow it on the tracking page with its number and "
                    "query code.\n"
                )
                % {
                    "agency": message.agency.name,
                    "title": message.title,
                    "date": format_cn_date(today),
                    "due": words,
                },
            )
        record_event(
            actor=actor,
            action="message.accept",
            obj=message,
            data={"number": message.number, "due_date": message.due_date},
        )
    return message


def message_not_accept(
    *, actor, message: Message, reason: str, note: str, now: dt.datetime | None = None
) -> Message:
    """不予受理 with the reason, told to the writer on the tracking page."""
    note = (note or "").strip()
    if reason not in NotAcceptedReason.values:
        raise c.MessageError(_("Choose why the letter is not accepted."))
    if not note:
        raise c.MessageError(_("Explain to the writer why the letter is not accepted."))
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        c.require_status(
            message,
            (MessageStatus.RECEIVED,),
            _("Only a letter awaiting acceptance can be refused."),
        )
        message.status = MessageStatus.NOT_ACCEPTED
        message.not_accepted_reason = reason
        message.not_accepted_note = note
        c.save(message, ["status", "not_accepted_reason", "not_accepted_note"])
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "not_accepted",
                _("Your letter was not accepted: %(reason)s. %(note)s")
                % {"reason": NotAcceptedReason(reason).label, "note": note},
                public=True,
                actor=actor,
                at=now,
            )
        record_event(actor=actor, action="message.not_accept", obj=message, data={"reason": reason})
    return message


def message_transfer(
    *, actor, message: Message, to_agency: Agency, reason: str, now: dt.datetime | None = None
) -> Message:
    """转办: the letter moves to ``to_agency``'s queue, awaiting acceptance there, with its
    history; its time limit starts again when that agency accepts it."""
    reason = (reason or "").strip()
    if not reason:
        raise c.MessageError(_("Say why the letter goes to the other agency."))
    now = c.now_or(now)
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        c.require_status(
            message,
            (MessageStatus.RECEIVED, MessageStatus.ACCEPTED),
            _("Only a letter not yet assigned can be transferred."),
        )
        if to_agency.pk == message.agency_id:
            raise c.MessageError(_("Choose another agency than the letter's own."))
        if not to_agency.is_active:
            raise c.MessageError(_("This agency does not take letters."))
        from_agency = message.agency
        Transfer.objects.create(
            message=message,
            from_agency=from_agency,
            to_agency=to_agency,
            reason=reason,
            at=now,
            actor=actor,
        )
        message.agency = to_agency
        message.mailbox = mailbox_for_agency(to_agency)
        message.status = MessageStatus.RECEIVED
        message.accepted_on = message.clock_start = message.due_date = None
        message.time_limit_days = message.extension_days = 0
        message.handler = message.department = None
        c.save(
            message,
            [
                "agency",
                "mailbox",
                "status",
                "accepted_on",
                "clock_start",
                "due_date",
                "time_limit_days",
                "extension_days",
                "handler",
                "department",
            ],
        )
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "transferred",
                _("Your letter was passed on to %(agency)s, which is responsible for the matter.")
                % {"agency": to_agency.name},
                public=True,
                actor=actor,
                at=now,
            )
        for agency in (from_agency, to_agency):
            record_event(
                actor=actor,
                action="message.transfer",
                obj=message,
                agency=agency,
                data={"from": from_agency.name, "to": to_agency.name, "reason": reason},
            )
    return message


def message_merge(
    *, actor, message: Message, into: Message, reason: str, now: dt.datetime | None = None
) -> Message:
    """并单: a duplicate letter is merged into an earlier one and answered with it.

    The earlier letter may belong to another agency if the actor may see it there, or if the
    same writer (same mobile number) wrote both — nothing of a stranger's letter is shown.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        into = Message.objects.select_related("agency").get(pk=into.pk)
        c.require_status(
            message,
            (MessageStatus.RECEIVED, MessageStatus.ACCEPTED),
            _("Only a letter not yet assigned can be merged into another."),
        )
        if into.pk == message.pk:
            raise c.MessageError(_("A letter cannot be merged into itself."))
        if (into.submitted_at, into.pk) >= (message.submitted_at, message.pk):
            raise c.MessageError(_("A letter is merged into an earlier one, not a later one."))
        if into.status in (MessageStatus.NOT_ACCEPTED, MessageStatus.MERGED):
            raise c.MessageError(
                _(
                    "The earlier letter was itself not accepted or merged; merge into the letter it was merged into."
                )
            )
        same_writer = into.writer_mobile == message.writer_mobile
        if not same_writer and not can_view_message(actor, into):
            raise c.MessageError(
                _("You may merge only into a letter you can see, or one by the same writer.")
            )
        message.status = MessageStatus.MERGED
        message.merged_into = into
        message.due_date = None
        c.save(message, ["status", "merged_into", "due_date"])
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "merged",
                _(
                    "Your letter concerns the same matter as letter %(number)s and is answered "
                    "together with it (并单)."
                )
                % {"number": into.number},
                public=True,
                actor=actor,
                at=now,
            )
            c.step(
                into,
                "merged_in",
                _("Letter %(number)s was merged into this one.") % {"number": message.number},
                public=False,
                actor=actor,
                at=now,
            )
        record_event(
            actor=actor,
            action="message.merge",
            obj=message,
            data={"into": into.number, "reason": reason},
        )
        if into.agency_id != message.agency_id:
            record_event(
                actor=actor,
                action="message.merge",
                obj=into,
                data={"merged": message.number, "reason": reason},
            )
        if into.status == MessageStatus.REPLIED:
            _answer_merged(into, now=now)
    return message


# --- assignment and reply --------------------------------------------------------------------


def _check_handler(message: Message, handler, department: Department | None) -> None:
    if department is not None and department.agency_id != message.agency_id:
        raise c.MessageError(_("Choose a department of the letter's agency."))
    if handler is None or not handler.is_active:
        raise c.MessageError(_("Choose the handler."))
    if Role.HANDLER not in roles_of(handler, message.agency):
        raise c.MessageError(_("The handler must be a 办理人 of the letter's agency."))


def message_assign(
    *,
    actor,
    message: Message,
    handler,
    department: Department | None = None,
    instructions: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """交办: the letter goes to a department and a handler, with instructions; again to
    reassign it while it is being handled."""
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        c.require_status(
            message,
            (MessageStatus.ACCEPTED, MessageStatus.ASSIGNED),
            _("Only an accepted letter can be assigned."),
        )
        _check_handler(message, handler, department)
        before = message.handler_id
        message.status = MessageStatus.ASSIGNED
        message.handler = handler
        message.department = department
        message.instructions = (instructions or "").strip()
        c.save(message, ["status", "handler", "department", "instructions"])
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "assigned",
                _("Assigned to %(handler)s%(department)s. %(instructions)s")
                % {
                    "handler": handler.get_full_name() or handler.username,
                    "department": f" ({department.name})" if department else "",
                    "instructions": message.instructions,
                },
                public=False,
                actor=actor,
                at=now,
            )
            if before is None:
                c.step(
                    message,
                    "handling",
                    _("Your letter is being handled%(department)s.")
                    % {
                        "department": _(" by %(name)s") % {"name": department.name}
                        if department
                        else ""
                    },
                    public=True,
                    actor=actor,
                    at=now,
                )
        record_event(
            actor=actor,
            action="message.assign",
            obj=message,
            data={"handler": handler.username, "department": department.name if department else ""},
        )
    return message


def message_reply_draft(
    *, actor, message: Message, reply: str, submit: bool = True, now: dt.datetime | None = None
) -> Message:
    """The assigned handler writes the reply; ``submit`` sends it for review."""
    reply = (reply or "").strip()
    if not reply:
        raise c.MessageError(_("Write the reply."))
    with transaction.atomic():
        message = c.locked(message)
        if message.handler_id != getattr(actor, "pk", None) or not can(
            actor, "message.handle", agency=message.agency
        ):
            raise PermissionDenied
        c.require_status(
            message,
            (MessageStatus.ASSIGNED,),
            _("A reply is written while the letter is being handled."),
        )
        message.reply = reply
        message.reply_drafted_by = actor
        fields = ["reply", "reply_drafted_by"]
        if submit:
            message.status = MessageStatus.REVIEW
            fields.append("status")
            c.step(
                message,
                "reply_submitted",
                _("Reply submitted for review."),
                public=False,
                actor=actor,
                at=now,
            )
        c.save(message, fields)
        record_event(
            actor=actor, action="message.reply_draft", obj=message, data={"submitted": submit}
        )
    return message


def _reply_facts(message: Message, day: dt.date) -> tuple[int | None, bool | None]:
    if message.clock_start is None:
        return None, None
    try:
        taken = rules.working_days_taken(
            message.clock_start, day, calendar_for(message.clock_start)
        )
    except CalendarMissing:
        taken = None
    on_time = None if message.due_date is None else day <= message.due_date
    return taken, on_time


def message_reply_review(
    *,
    actor,
    message: Message,
    approve: bool,
    note: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """The reply reviewed by a 审核员 or 领导 other than its writer: approved, it goes to the
    writer (tracking page, e-mail) and the clock stops; returned, it goes back to the handler
    with the note."""
    now = c.now_or(now)
    note = (note or "").strip()
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.review", message)
        c.require_status(message, (MessageStatus.REVIEW,), _("There is no reply awaiting review."))
        if message.reply_drafted_by_id == actor.pk:
            raise c.MessageError(_("A reply is reviewed by someone other than its writer."))
        if not approve:
            if not note:
                raise c.MessageError(_("Say what the handler should change."))
            message.status = MessageStatus.ASSIGNED
            c.save(message, ["status"])
            c.step(
                message,
                "reply_returned",
                _("Reply returned for changes: %(note)s") % {"note": note},
                public=False,
                actor=actor,
                at=now,
            )
            record_event(
                actor=actor, action="message.reply_return", obj=message, data={"note": note}
            )
            return message
        day = c.today_or(None, now)
        message.status = MessageStatus.REPLIED
        message.reply_reviewed_by = actor
        message.replied_at = now
        message.replied_on = day
        message.reply_working_days, message.replied_on_time = _reply_facts(message, day)
        c.save(
            message,
            [
                "status",
                "reply_reviewed_by",
                "replied_at",
                "replied_on",
                "reply_working_days",
                "replied_on_time",
            ],
        )
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "replied",
                _("Reply of %(date)s:\n%(reply)s")
                % {"date": format_cn_date(day), "reply": message.reply},
                public=True,
                actor=actor,
                at=now,
            )
            _mail_writer(
                message,
                _("Reply to your letter %(number)s") % {"number": message.number},
                _(
                    "Dear writer,\n\n%(agency)s replied to your letter “%(title)s” on %(date)s:\n\n"
                    "%(reply)s\n\nYou can rate the reply on the tracking page with the letter's "
                    "number and query code.\n"
                )
                % {
                    "agency": message.agency.name,
                    "title": message.title,
                    "date": format_cn_date(day),
                    "reply": message.reply,
                },
            )
        record_event(
            actor=actor,
            action="message.reply",
            obj=message,
            data={"on_time": message.replied_on_time, "working_days": message.reply_working_days},
        )
        _answer_merged(message, now=now)
    return message


def _answer_merged(primary: Message, *, now: dt.datetime | None) -> None:
    """The letters merged into ``primary`` get its reply (并单: one answer for all)."""
    for merged in Message.objects.filter(
        merged_into=primary, replied_at__isnull=True
    ).select_for_update():
        merged.reply = primary.reply
        merged.replied_at = primary.replied_at
        merged.replied_on = primary.replied_on
        c.save(merged, ["reply", "replied_at", "replied_on"])
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                merged,
                "replied",
                _("Answered together with letter %(number)s on %(date)s:\n%(reply)s")
                % {
                    "number": primary.number,
                    "date": format_cn_date(primary.replied_on),
                    "reply": primary.reply,
                },
                public=True,
                at=now,
            )
            _mail_writer(
                merged,
                _("Reply to your letter %(number)s") % {"number": merged.number},
                _(
                    "Dear writer,\n\nYour letter “%(title)s” was answered together with letter %(other)s:\n\n%(reply)s\n"
                )
                % {"title": merged.title, "other": primary.number, "reply": primary.reply},
            )


# --- extension ---------------------------------------------------------------------------------


def extension_request(
    *,
    actor,
    message: Message,
    days: int,
    reason: str,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Extension:
    """The handler asks a 领导 for more working days, on or before the due date."""
    today = c.today_or(today)
    reason = (reason or "").strip()
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        c.require_status(message, CLOCK_STATUSES, _("Only a letter being handled can be extended."))
        if not reason:
            raise c.MessageError(_("Give the reason for the extension."))
        limit = rules.max_extension_days()
        if not 1 <= int(days) <= limit - message.extension_days:
            raise c.MessageError(
                _("An extension is 1 to %(n)d working days in all.") % {"n": limit}
            )
        if message.due_date is not None and today > message.due_date:
            raise c.MessageError(_("An extension is asked for before the due date, not after."))
        if message.extensions.filter(approved__isnull=True).exists():
            raise c.MessageError(_("An extension is already waiting for a decision."))
        extension = Extension.objects.create(
            message=message, days=int(days), reason=reason, requested_by=actor, requested_on=today
        )
        c.step(
            message,
            "extension_requested",
            _("Extension of %(n)d working days asked for: %(reason)s")
            % {"n": int(days), "reason": reason},
            public=False,
            actor=actor,
            at=now,
        )
        record_event(
            actor=actor, action="message.extension_request", obj=message, data={"days": int(days)}
        )
    return extension


def extension_decide(
    *,
    actor,
    extension: Extension,
    approve: bool,
    note: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Extension:
    """A 领导 approves or refuses an extension; approved, the due date moves."""
    today = c.today_or(today)
    with transaction.atomic():
        message = c.locked(extension.message)
        c.require(actor, "message.approve", message)
        extension = Extension.objects.select_for_update().get(pk=extension.pk)
        if extension.approved is not None:
            raise c.MessageError(_("This extension has already been decided."))
        c.require_status(message, CLOCK_STATUSES, _("Only a letter being handled can be extended."))
        extension.approved = bool(approve)
        extension.decided_by = actor
        extension.decided_on = today
        extension.decision_note = (note or "").strip()
        extension.save()
        if approve:
            message.extension_days += extension.days
            c.save(message, ["extension_days"])
            refresh_clock(message)
            with translation.override(settings.LANGUAGE_CODE):
                c.step(
                    message,
                    "extended",
                    _("The time limit was extended by %(n)d working days. %(due)s")
                    % {"n": extension.days, "due": _due_words(message)},
                    public=True,
                    actor=actor,
                    at=now,
                )
        else:
            c.step(
                message,
                "extension_refused",
                _("Extension refused. %(note)s") % {"note": extension.decision_note},
                public=False,
                actor=actor,
                at=now,
            )
        record_event(
            actor=actor,
            action="message.extension_approve" if approve else "message.extension_refuse",
            obj=message,
            data={"days": extension.days, "due_date": message.due_date},
        )
    return extension


# --- rating and reopening ----------------------------------------------------------------------


def message_rate(
    *, message: Message, rating: str, comment: str = "", now: dt.datetime | None = None
) -> Message:
    """The writer rates the reply (from the tracking page, after the query code was checked):
    once per reply."""
    if rating not in Rating.values:
        raise c.MessageError(_("Choose how satisfied you are with the reply."))
    comment = (comment or "").strip()[:1000]
    now = c.now_or(now)
    with transaction.atomic():
        message = c.locked(message)
        if message.status != MessageStatus.REPLIED:
            raise c.MessageError(_("A letter can be rated once it has been answered."))
        if message.rating:
            raise c.MessageError(_("You have already rated this reply."))
        message.rating = rating
        message.rating_comment = comment
        message.rated_at = now
        c.save(message, ["rating", "rating_comment", "rated_at"])
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "rated",
                _("You rated the reply: %(rating)s.") % {"rating": Rating(rating).label},
                public=True,
                at=now,
            )
        record_event(actor=None, action="message.rate", obj=message, data={"rating": rating})
    return message


def message_reopen(
    *, actor, message: Message, reason: str, today: dt.date | None = None, now=None
) -> Message:
    """A reply rated 不满意 is handled again, once: back to its handler with a fresh time
    limit from ``today``; the earlier reply and rating stay in the timeline."""
    today = c.today_or(today, now)
    reason = (reason or "").strip()
    if not reason:
        raise c.MessageError(_("Say why the letter is handled again."))
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        if message.status != MessageStatus.REPLIED or message.rating != Rating.DISSATISFIED:
            raise c.MessageError(_("Only a reply the writer rated dissatisfied can be reopened."))
        if message.reopened_on is not None:
            raise c.MessageError(_("A letter can be reopened only once."))
        message.status = MessageStatus.ASSIGNED if message.handler_id else MessageStatus.ACCEPTED
        message.reopened_on = today
        message.reopen_reason = reason
        message.clock_start = today
        message.due_date = None  # refresh_clock sets the new one
        message.extension_days = 0
        message.rating = ""
        message.rating_comment = ""
        message.rated_at = None
        message.replied_at = message.replied_on = None
        message.reply_working_days = message.replied_on_time = None
        if message.publication == PublicationStatus.PUBLISHED:
            message.publication = PublicationStatus.WITHDRAWN
        c.save(
            message,
            [
                "status",
                "reopened_on",
                "reopen_reason",
                "clock_start",
                "due_date",
                "extension_days",
                "rating",
                "rating_comment",
                "rated_at",
                "replied_at",
                "replied_on",
                "reply_working_days",
                "replied_on_time",
                "publication",
            ],
        )
        refresh_clock(message)
        with translation.override(settings.LANGUAGE_CODE):
            c.step(
                message,
                "reopened",
                _("Your letter is being handled again. %(due)s") % {"due": _due_words(message)},
                public=True,
                actor=actor,
                at=now,
            )
        record_event(actor=actor, action="message.reopen", obj=message, data={"reason": reason})
    return message


def message_clock(message: Message):
    """The due date as computed now (for the case page), or None."""
    return current_due(message)
