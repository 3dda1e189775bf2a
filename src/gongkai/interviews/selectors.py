"""Reads of interviews: what the public may see and what a staff member may see."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from gongkai.accounts.permissions import agencies_where
from gongkai.interviews.models import PUBLIC_STATUSES, Interview, Status


def public_interviews() -> QuerySet[Interview]:
    """Announced, live, ended and archived interviews of active agencies (never drafts)."""
    return (
        Interview.objects.filter(status__in=PUBLIC_STATUSES, agency__is_active=True)
        .select_related("agency")
        .prefetch_related("guests")
    )


def public_interview(pk: int) -> Interview | None:
    return public_interviews().filter(pk=pk).first()


def interviews_visible_to(user) -> QuerySet[Interview]:
    """The interviews of the agencies for which ``user`` has ``interview.view``."""
    return (
        Interview.objects.filter(agency__in=agencies_where(user, "interview.view"))
        .select_related("agency")
        .prefetch_related("guests")
    )


def upcoming_first(qs: QuerySet[Interview]) -> QuerySet[Interview]:
    """Live first, then announced (soonest first), then the rest (newest first)."""
    return qs.annotate(
        rank=Case(
            When(status=Status.LIVE, then=Value(0)),
            When(status=Status.ANNOUNCED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by("rank", "-scheduled_start", "-pk")
