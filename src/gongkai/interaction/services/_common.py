"""What every letter service shares: locking, the permission check, timeline steps."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.casework.notify import send_after_commit
from gongkai.core.dates import format_cn_date
from gongkai.interaction.models import Message, MessageStep


class MessageError(ValidationError):
    """A step that the letter's state does not allow (the message is for the user)."""


def locked(message: Message) -> Message:
    """The letter's row, locked for this transaction (and refreshed)."""
    return Message.objects.select_for_update().select_related("agency").get(pk=message.pk)


def require(actor, action: str, message: Message) -> None:
    if not can(actor, action, agency=message.agency):
        raise PermissionDenied


def require_status(message: Message, allowed, text: str) -> None:
    if message.status not in allowed:
        raise MessageError(text)


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def today_or(today: dt.date | None, now: dt.datetime | None = None) -> dt.date:
    if today is not None:
        return today
    return timezone.localdate(now) if now is not None else timezone.localdate()


def step(
    message: Message,
    kind: str,
    text: str,
    *,
    public: bool,
    actor=None,
    at: dt.datetime | None = None,
) -> MessageStep:
    return MessageStep.objects.create(
        message=message,
        kind=kind,
        text=text,
        public=public,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=at or timezone.now(),
    )


def save(message: Message, fields: list[str]) -> None:
    message.save(update_fields=[*fields, "updated_at"])


def mail_writer(message: Message, subject: str, body: str) -> None:
    if message.writer_email:
        send_after_commit(to=[message.writer_email], subject=subject, body=body)


def due_words(message: Message) -> str:
    if message.due_date is None:
        return _("The reply date will be set once the working-day calendar for it is entered.")
    return _("The reply is due by %(date)s.") % {"date": format_cn_date(message.due_date)}
