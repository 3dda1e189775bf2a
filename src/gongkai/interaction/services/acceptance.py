"""Accepting a letter or not, passing it on to the agency responsible (转办) and merging a
duplicate into an earlier letter (并单). See ``handling`` for the conventions."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date
from gongkai.interaction.models import (
    Message,
    MessageStatus,
    NotAcceptedReason,
    Transfer,
)
from gongkai.interaction.permissions import can_view_message
from gongkai.interaction.services import _common as c
from gongkai.interaction.services.clock import limit_for, refresh_clock
from gongkai.interaction.services.intake import mailbox_for_agency
from gongkai.interaction.services.replies import answer_merged

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
            words = c.due_words(message)
            c.step(
                message,
                "accepted",
                _("Your letter was accepted on %(date)s. %(due)s")
                % {"date": format_cn_date(today), "due": words},
                public=True,
                actor=actor,
                at=now,
            )
            c.mail_writer(
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
            answer_merged(into, now=now)
    return message
