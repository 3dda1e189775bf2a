"""Assigning a letter (交办), the reply written by its handler and reviewed by someone else,
and the answer shared with the letters merged into it. See ``handling``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import can, roles_of
from gongkai.agencies.models import Department
from gongkai.audit.services import record_event
from gongkai.casework.calendars import calendar_for
from gongkai.core.dates import format_cn_date
from gongkai.interaction import rules
from gongkai.interaction.models import (
    Message,
    MessageStatus,
)
from gongkai.interaction.services import _common as c
from gongkai.workdays.calendar import CalendarMissing

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
            c.mail_writer(
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
        answer_merged(message, now=now)
    return message


def answer_merged(primary: Message, *, now: dt.datetime | None) -> None:
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
            c.mail_writer(
                merged,
                _("Reply to your letter %(number)s") % {"number": merged.number},
                _(
                    "Dear writer,\n\nYour letter “%(title)s” was answered together with letter %(other)s:\n\n%(reply)s\n"
                )
                % {"title": merged.title, "other": primary.number, "reply": primary.reply},
            )
