"""Reads of staff accounts, scoped by the permission rule."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from gongkai.accounts.models import RoleAssignment, User
from gongkai.accounts.permissions import agencies_where, is_system_admin


def staff_visible_to(actor, *, agency=None, query: str = "") -> QuerySet[User]:
    """Staff whose roles lie in agencies where ``actor`` may do "staff.view" (everyone for a
    system administrator), with their role assignments prefetched."""
    qs = User.objects.all()
    if not is_system_admin(actor):
        qs = qs.filter(roles__agency__in=agencies_where(actor, "staff.view")).distinct()
    if agency is not None:
        qs = qs.filter(roles__agency=agency).distinct()
    query = query.strip()
    if query:
        qs = qs.filter(Q(username__icontains=query) | Q(full_name__icontains=query))
    return qs.order_by("username").prefetch_related(
        Prefetch(
            "roles",
            queryset=RoleAssignment.objects.select_related("agency").order_by(
                "agency__sort_order", "agency__name", "role"
            ),
        )
    )
