"""Extensions of a letter's time limit, asked for by the handler and decided by a 领导."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.interaction import rules
from gongkai.interaction.models import (
    CLOCK_STATUSES,
    Extension,
    Message,
)
from gongkai.interaction.services import _common as c
from gongkai.interaction.services.clock import refresh_clock

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
                    % {"n": extension.days, "due": c.due_words(message)},
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
