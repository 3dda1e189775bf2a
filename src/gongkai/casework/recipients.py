"""Who gets a case's reminders and escalations by e-mail.

Used by ``applications.jobs`` and ``interaction.jobs``: the staff of an agency holding a
role (the handlers, when nobody is assigned yet) and the 公开办 that supervises the agency
(its own or that of any agency above it). Only active accounts with an e-mail address.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.agencies.models import Agency


def _addresses(agency_ids: Iterable[int], roles: Iterable[str]) -> list[str]:
    return sorted(
        {
            email
            for email in RoleAssignment.objects.filter(
                agency_id__in=list(agency_ids), role__in=list(roles), user__is_active=True
            ).values_list("user__email", flat=True)
            if email
        }
    )


def staff_addresses(agency: Agency, roles: Iterable[str]) -> list[str]:
    """The e-mail addresses of active staff holding one of ``roles`` for ``agency``, sorted."""
    return _addresses([agency.pk], roles)


def office_addresses(agency: Agency) -> list[str]:
    """The 公开办 of ``agency`` or of any agency above it, sorted."""
    return _addresses([agency.pk, *agency.ancestor_ids()], [Role.DISCLOSURE_OFFICE])
