"""Who may see and run the self-check, on top of ``gongkai.accounts.permissions.can``.

- "selfcheck.view" (公开办, 机关管理员, 审核员): the findings of an agency; a 公开办 those of
  every agency below it too.
- "selfcheck.run" (公开办, 机关管理员): run the check now for an agency (a 公开办 for its agency
  and those below it).
- The site as a whole (its home page) belongs to the agencies at the top of the tree: its
  findings are seen, and the whole site checked by hand, by system administrators and by
  those who may do the action for every top-level agency.
"""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.permissions import agencies_where, can, is_system_admin
from gongkai.agencies.models import Agency


def selfcheck_agencies(user, action: str = "selfcheck.view") -> QuerySet[Agency]:
    return agencies_where(user, action).order_by("sort_order", "name")


def can_view_selfcheck(user, agency: Agency) -> bool:
    return can(user, "selfcheck.view", agency=agency)


def can_run_selfcheck(user, agency: Agency | None) -> bool:
    """May ``user`` run the check now for ``agency`` (None: the whole site)?"""
    if agency is None:
        return _has_for_every_root(user, "selfcheck.run")
    return can(user, "selfcheck.run", agency=agency)


def can_view_site_findings(user) -> bool:
    return _has_for_every_root(user, "selfcheck.view")


def _has_for_every_root(user, action: str) -> bool:
    if is_system_admin(user):
        return True
    roots = list(Agency.objects.filter(parent__isnull=True, is_active=True))
    return bool(roots) and all(can(user, action, agency=root) for root in roots)
