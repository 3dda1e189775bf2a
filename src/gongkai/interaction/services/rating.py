"""The writer's rating of the reply and the one reopening a 不满意 allows."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.interaction.models import (
    Message,
    MessageStatus,
    PublicationStatus,
    Rating,
)
from gongkai.interaction.services import _common as c
from gongkai.interaction.services.clock import refresh_clock

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
                _("Your letter is being handled again. %(due)s") % {"due": c.due_words(message)},
                public=True,
                actor=actor,
                at=now,
            )
        record_event(actor=actor, action="message.reopen", obj=message, data={"reason": reason})
    return message
