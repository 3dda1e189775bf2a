"""What the servicehall services share: the permission check, row locks and the check of
texts that go public."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.catalog.privacy import Kind, scan

# What may not stand in a public commitment or staff card. A phone number or an e-mail
# address is normal there (the agency's own lines); an ID or bank card number never is, nor a
# word from the sensitive-word list.
REFUSED_KINDS = frozenset({Kind.ID_NUMBER, Kind.BANK_CARD, Kind.WORD})


class ServiceHallError(ValidationError):
    """A step that is not possible, with the reason in words."""


def require(actor, action: str, agency) -> None:
    if not can(actor, action, agency=agency):
        raise PermissionDenied


def moment(now: dt.datetime | None) -> tuple[dt.datetime, dt.date]:
    """``now`` (default: the current time) and its local date."""
    now = now or timezone.now()
    return now, timezone.localdate(now)


def public_text_errors(texts: dict[str, str]) -> dict[str, list[str]]:
    """Field → messages for what may not be published in ``texts`` (see ``REFUSED_KINDS``)."""
    errors: dict[str, list[str]] = {}
    for finding in scan(texts):
        if finding.kind in REFUSED_KINDS:
            messages = errors.setdefault(finding.location, [])
            text = _("%(found)s This text is published: remove it.") % {"found": finding.message}
            if text not in messages:
                messages.append(text)
    return errors


def strip(value) -> str:
    return (value or "").strip()
