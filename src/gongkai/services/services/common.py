"""What the services of matters share: the clock, locking, the permission check."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.accounts.permissions import can
from gongkai.services.models import Matter, MatterVersion


def moment(now: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    """(now, today in local time); ``now`` defaults to the current time."""
    now = now or timezone.now()
    return now, timezone.localdate(now)


def require(actor, action: str, agency) -> None:
    if not can(actor, action, agency=agency):
        raise PermissionDenied


def locked_matter(matter: Matter) -> Matter:
    """The matter re-read and locked for this transaction (state checks see the truth)."""
    return Matter.objects.select_for_update().select_related("agency").get(pk=matter.pk)


def locked_version(version: MatterVersion) -> MatterVersion:
    return (
        MatterVersion.objects.select_for_update()
        .select_related("matter__agency")
        .get(pk=version.pk)
    )


def require_status(version: MatterVersion, allowed: tuple[str, ...], message: str) -> None:
    """Refuse with ``message`` (a whole translated sentence) unless the version's status is
    one of ``allowed``."""
    if version.status not in allowed:
        raise ValidationError(message, code="bad_transition")
