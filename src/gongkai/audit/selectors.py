"""Reads of the audit trail, scoped by the permission rule."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.accounts.permissions import agencies_where, is_system_admin
from gongkai.audit.models import Event


def events_visible_to(user) -> QuerySet[Event]:
    """Events of the agencies where ``user`` may do "audit.view"; a system administrator sees
    every event, including those that belong to no agency."""
    qs = Event.objects.all()
    if not is_system_admin(user):
        qs = qs.filter(agency__in=agencies_where(user, "audit.view"))
    return qs


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def events_filtered(
    qs: QuerySet[Event],
    *,
    person: str = "",
    agency=None,
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Event]:
    """Narrow ``qs``: person (user name or name contains), agency, action (exact, or
    contains when it has no dot), and local dates from/to, both inclusive."""
    person = person.strip()
    if person:
        qs = qs.filter(Q(actor__username__icontains=person) | Q(actor_name__icontains=person))
    if agency is not None:
        qs = qs.filter(agency=agency)
    action = action.strip()
    if action:
        qs = qs.filter(action=action) if "." in action else qs.filter(action__icontains=action)
    if date_from:
        qs = qs.filter(created_at__gte=_local_midnight(date_from))
    if date_to:
        qs = qs.filter(created_at__lt=_local_midnight(date_to + dt.timedelta(days=1)))
    return qs.select_related("actor", "agency").order_by("-created_at", "-pk")


def actions_in(qs: QuerySet[Event]) -> list[str]:
    """The distinct action names in ``qs``, sorted (for the filter's select)."""
    return sorted(qs.order_by().values_list("action", flat=True).distinct())
