"""What the services of solicitations share: locking, the permission check, the clock."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.permissions import can
from gongkai.solicitation.models import Solicitation


def moment(now: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    """(now, today in local time); ``now`` defaults to the current time."""
    now = now or timezone.now()
    return now, timezone.localdate(now)


def locked(solicitation: Solicitation) -> Solicitation:
    """The solicitation re-read and locked for this transaction (state checks see the truth)."""
    return Solicitation.objects.select_for_update().select_related("agency").get(pk=solicitation.pk)


def require(actor, action: str, solicitation: Solicitation) -> None:
    if not can(actor, action, agency=solicitation.agency):
        raise PermissionDenied


def require_status(solicitation: Solicitation, allowed: tuple[str, ...], message: str) -> None:
    if solicitation.status not in allowed:
        raise ValidationError(message, code="bad_transition")
