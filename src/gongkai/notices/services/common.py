"""What the services of notices share: locking, the permission check, the clock, the calendar,
and the privacy check of what is about to be published."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.casework.calendars import calendar_for
from gongkai.catalog import privacy
from gongkai.notices.models import Notice
from gongkai.workdays.calendar import Calendar

# What must be masked before publication, whatever the reviewer confirms: a notice names
# people (任前公示, 评优, 补助对象), and their ID or bank card numbers never go public.
BLOCKING_KINDS = (privacy.Kind.ID_NUMBER, privacy.Kind.BANK_CARD)


def moment(now: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    """(now, today in local time); ``now`` defaults to the current time."""
    now = now or timezone.now()
    return now, timezone.localdate(now)


def locked(notice: Notice) -> Notice:
    """The notice re-read and locked for this transaction (state checks see the truth)."""
    return Notice.objects.select_for_update().select_related("agency").get(pk=notice.pk)


def require(actor, action: str, notice: Notice) -> None:
    if not can(actor, action, agency=notice.agency):
        raise PermissionDenied


def require_status(notice: Notice, allowed: tuple[str, ...], message: str) -> None:
    if notice.status not in allowed:
        raise ValidationError(message, code="bad_transition")


def calendar_around(*days: dt.date) -> Calendar:
    """The entered calendar years from the earliest of ``days`` on."""
    return calendar_for(min(days))


def check_findings(texts: dict[str, str], *, confirm: bool, field: str) -> list[privacy.Finding]:
    """Run the catalog's privacy check over ``texts``. ID and bank card numbers always refuse
    (they must be masked, e.g. 330102********1234); anything else found refuses until the
    reviewer confirms it may be published. Returns the findings (confirmed ones included)."""
    found = privacy.scan(texts)
    blocking = [f for f in found if f.kind in BLOCKING_KINDS]
    if blocking:
        raise ValidationError(
            {
                field: [
                    _(
                        "The text contains %(n)s ID or bank card numbers (%(masked)s). Mask "
                        "them before publishing: keep at most the first and last digits."
                    )
                    % {"n": len(blocking), "masked": "、".join(f.masked for f in blocking)}
                ]
            },
            code="findings",
        )
    if found and not confirm:
        raise ValidationError(
            _(
                "The privacy check found %(n)s places that look like personal data or "
                "sensitive words. Look at them and confirm that they may be published."
            )
            % {"n": len(found)},
            code="findings",
        )
    return found
