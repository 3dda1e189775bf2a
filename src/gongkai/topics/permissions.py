"""Who may do what with a topic request, on the one scope rule of ``accounts.permissions``.

- ``topic.view``: the staff of the agency the topic is addressed to (and the 公开办 above it);
- ``topic.moderate`` (审核员): approve or refuse a topic before it is public;
- ``topic.answer`` (信息员, 机关管理员): answer an approved topic;
- routing a topic to another agency — the proposer was not sure, or chose the wrong one — is
  the 公开办's work: a 公开办 over the topic's agency who also supervises the new agency.
"""

from __future__ import annotations

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.accounts.permissions import can, is_system_admin


def can_view_topic(user, topic) -> bool:
    return can(user, "topic.view", agency=topic.agency)


def is_disclosure_office_over(user, agency) -> bool:
    """Does ``user`` hold the 公开办 role for ``agency`` or an agency above it?"""
    if is_system_admin(user):
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return RoleAssignment.objects.filter(
        user=user,
        role=Role.DISCLOSURE_OFFICE,
        agency_id__in=[agency.pk, *agency.ancestor_ids()],
    ).exists()


def can_route(user, topic, target=None) -> bool:
    if not is_disclosure_office_over(user, topic.agency) or not can_view_topic(user, topic):
        return False
    return target is None or is_disclosure_office_over(user, target)


def sees_contact(user, topic) -> bool:
    """The proposer's name and mobile number are for the staff who moderate or answer the
    topic and for the 公开办 over its agency; every look is audited."""
    return (
        can(user, "topic.answer", agency=topic.agency)
        or can(user, "topic.moderate", agency=topic.agency)
        or is_disclosure_office_over(user, topic.agency)
    )


def mask_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) == 11 else "****"
