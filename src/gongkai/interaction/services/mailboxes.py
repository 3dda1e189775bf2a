"""Mailboxes and the agency's own time limits, set by its 机关管理员 (``mailbox.manage``)."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency, Leader
from gongkai.audit.services import record_event, snapshot
from gongkai.interaction.models import Mailbox, MailboxKind, MessageKind, TimeLimit
from gongkai.interaction.rules import site_time_limits
from gongkai.interaction.services.intake import mailbox_for_agency


def _clean(name: str, description: str) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Give the mailbox a name.")]})
    if len(name) > 60:
        raise ValidationError({"name": [_("The name may be at most 60 characters long.")]})
    return name, (description or "").strip()


def mailbox_save(
    *,
    actor,
    agency: Agency,
    name: str,
    description: str = "",
    leader: Leader | None = None,
    is_open: bool = True,
    mailbox: Mailbox | None = None,
) -> Mailbox:
    """Create a leader's mailbox (``leader`` given), or change a mailbox of ``agency``."""
    if not can(actor, "mailbox.manage", agency=agency):
        raise PermissionDenied
    name, description = _clean(name, description)
    with transaction.atomic():
        if mailbox is None:
            if leader is None:
                mailbox = mailbox_for_agency(agency)
            else:
                if leader.agency_id != agency.pk:
                    raise ValidationError({"leader": [_("Choose a leader of this agency.")]})
                if Mailbox.objects.filter(leader=leader).exists():
                    raise ValidationError({"leader": [_("This leader already has a mailbox.")]})
                mailbox = Mailbox(agency=agency, kind=MailboxKind.LEADER, leader=leader)
        elif mailbox.agency_id != agency.pk:
            raise PermissionDenied
        before = snapshot(mailbox, ["name", "description", "is_open"]) if mailbox.pk else {}
        mailbox.name, mailbox.description, mailbox.is_open = name, description, bool(is_open)
        mailbox.save()
        record_event(
            actor=actor,
            action="mailbox.save",
            obj=mailbox,
            agency=agency,
            data={"before": before, "name": name, "is_open": mailbox.is_open},
        )
    return mailbox


def time_limits_set(*, actor, agency: Agency, limits: Mapping[str, int]) -> dict[str, int]:
    """The agency's own working-day limits per letter type; a value equal to the site's
    default removes the agency's own row (it then follows the site setting)."""
    if not can(actor, "mailbox.manage", agency=agency):
        raise PermissionDenied
    site = site_time_limits()
    result = {}
    with transaction.atomic():
        for kind in MessageKind.values:
            if kind not in limits:
                continue
            days = int(limits[kind])
            if not 1 <= days <= 60:
                raise ValidationError({kind: [_("A time limit is 1 to 60 working days.")]})
            if days == site[kind]:
                TimeLimit.objects.filter(agency=agency, kind=kind).delete()
            else:
                TimeLimit.objects.update_or_create(
                    agency=agency, kind=kind, defaults={"working_days": days}
                )
            result[kind] = days
        record_event(actor=actor, action="mailbox.time_limits", agency=agency, data=result)
    return result
