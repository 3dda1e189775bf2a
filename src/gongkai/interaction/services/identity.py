"""The writer of a 举报 (report) stays hidden: only the assigned handler and a 领导 of the
letter's agency may see who wrote it, and each look is an audit event."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.interaction.models import Message
from gongkai.interaction.permissions import can_see_identity
from gongkai.interaction.services._common import MessageError

HIDDEN = "******"


def writer_identity(message: Message) -> dict[str, str]:
    return {
        "writer_name": message.writer_name,
        "writer_mobile": message.writer_mobile,
        "writer_email": message.writer_email,
        "writer_address": message.writer_address,
    }


def shown_identity(user, message: Message) -> dict[str, str] | None:
    """The writer's details as a staff page may show them without a reveal: all of them for
    an ordinary letter the user may see, nothing (None) for a 举报."""
    if message.is_report:
        return None
    return writer_identity(message) if can_see_identity(user, message) else None


def message_reveal_identity(*, actor, message: Message, reason: str) -> dict[str, str]:
    """Show the writer of a 举报 to ``actor`` (the assigned handler or a 领导 of the agency),
    recording who looked, when and why."""
    reason = (reason or "").strip()
    if not can_see_identity(actor, message):
        raise PermissionDenied
    if not reason:
        raise MessageError(_("Say why you need to see who wrote the report."))
    with transaction.atomic():
        record_event(
            actor=actor,
            action="message.reveal_identity",
            obj=message,
            data={"number": message.number, "reason": reason},
        )
    return writer_identity(message)
