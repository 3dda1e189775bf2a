"""Who may read an internal item: the one rule of 内部公开.

``can_view_internal(user, item)`` is the rule every screen, the staff API and every list use
(the lists through ``visible_condition``, which says the same in SQL; a test holds the two
together):

- the user holds a role **directly at the item's agency** (a ``RoleAssignment`` with that
  agency). The 公开办 of a supervising agency does not, and neither does a 系统管理员 unless he
  or she is also staff there: internal items are for the agency's own people;
- a posted item restricted to departments is for the members of those departments
  (``DepartmentMembership``), and for the person who wrote or posted it;
- a draft is for those who may post internal items at the agency (信息员, 机关管理员) and its
  author; a withdrawn item for the agency's 机关管理员 and its author or poster.

Everything else — the read list, answering questions, editing — adds its condition on top of
this rule, never instead of it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.accounts.permissions import ROLE_ACTIONS, can, roles_of
from gongkai.agencies.models import Agency
from gongkai.internal.models import DepartmentMembership, InternalItem, InternalStatus


def roles_with(action: str) -> list[str]:
    """The roles whose holders may do ``action`` at their own agency (never 系统管理员)."""
    return sorted(role for role, actions in ROLE_ACTIONS.items() if action in actions)


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def direct_roles(user, agency: Agency) -> set[str]:
    """The roles ``user`` holds for ``agency`` itself (not site-wide, not from above)."""
    if not _active(user):
        return set()
    return roles_of(user, agency) - {Role.SYSTEM_ADMIN}


def is_staff_of(user, agency: Agency) -> bool:
    """Whether ``user`` works for ``agency`` (holds any role granted for it)."""
    return bool(direct_roles(user, agency))


def holds_directly(user, action: str, agency: Agency) -> bool:
    """May ``user`` do ``action`` at ``agency`` through a role held there directly?"""
    roles = direct_roles(user, agency)
    return any(action in ROLE_ACTIONS.get(role, ()) for role in roles) and can(
        user, action, agency=agency
    )


def _own(user, item: InternalItem) -> bool:
    return user.pk in (item.created_by_id, item.posted_by_id)


def _department_ids(item: InternalItem) -> list[int]:
    cache = getattr(item, "_prefetched_objects_cache", {})
    if "departments" in cache:
        return [d.pk for d in cache["departments"]]
    return list(item.departments.values_list("pk", flat=True))


def can_view_internal(user, item: InternalItem) -> bool:
    """May ``user`` read ``item``? (See the module docstring for the rule.)"""
    if not is_staff_of(user, item.agency):
        return False
    if item.status == InternalStatus.DRAFT:
        return _own(user, item) or holds_directly(user, "internal.post", item.agency)
    if item.status == InternalStatus.WITHDRAWN:
        return _own(user, item) or holds_directly(user, "internal.manage", item.agency)
    if _own(user, item):
        return True
    departments = _department_ids(item)
    if not departments:
        return True
    return DepartmentMembership.objects.filter(user=user, department_id__in=departments).exists()


def visible_condition(user) -> Q:
    """``can_view_internal`` as a filter on ``InternalItem`` (for lists and counts)."""
    if not _active(user):
        return Q(pk__in=[])

    def agencies(roles=None):
        qs = RoleAssignment.objects.filter(user=user, agency__isnull=False)
        if roles is not None:
            qs = qs.filter(role__in=roles)
        return qs.values("agency_id")

    own = Q(created_by=user) | Q(posted_by=user)
    through = InternalItem.departments.through
    restricted = Exists(through.objects.filter(internalitem_id=OuterRef("pk")))
    member = Exists(
        through.objects.filter(
            internalitem_id=OuterRef("pk"),
            department__internal_memberships__user=user,
        )
    )
    posted = Q(status=InternalStatus.POSTED) & (own | ~restricted | member)
    draft = Q(status=InternalStatus.DRAFT) & (
        own | Q(agency_id__in=agencies(roles_with("internal.post")))
    )
    withdrawn = Q(status=InternalStatus.WITHDRAWN) & (
        own | Q(agency_id__in=agencies(roles_with("internal.manage")))
    )
    return Q(agency_id__in=agencies()) & (posted | draft | withdrawn)


def can_post(user, agency: Agency) -> bool:
    """May ``user`` draft and post internal items for ``agency`` (信息员, 机关管理员 there)?"""
    return holds_directly(user, "internal.post", agency)


def can_edit(user, item: InternalItem) -> bool:
    """May ``user`` change, post or withdraw ``item``? Its author, or another poster of the
    agency; a withdrawn item stays as it was."""
    return (
        item.status != InternalStatus.WITHDRAWN
        and can_view_internal(user, item)
        and can_post(user, item.agency)
    )


def can_manage(user, agency: Agency) -> bool:
    """May ``user`` keep the agency's department memberships and read lists (机关管理员)?"""
    return holds_directly(user, "internal.manage", agency)


def can_see_reads(user, item: InternalItem) -> bool:
    """The read list (已阅/未阅) is for the poster and the agency's 机关管理员 — among those who
    may read the item at all."""
    return can_view_internal(user, item) and (_own(user, item) or can_manage(user, item.agency))


def can_answer(user, item: InternalItem) -> bool:
    """Questions about a posted item are answered by its poster or the agency's 机关管理员."""
    return item.status == InternalStatus.POSTED and can_see_reads(user, item)
