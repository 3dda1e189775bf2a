"""Reads of notices: what the public may see on a given day, what a staff member may see (with
the objection counts the lists show), and the objections of a notice (for staff holding
"notice.objections" only). Counts are always counted from the records."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.notices.models import PUBLIC_STATUSES, Notice, Objection, Status

PUBLIC_PHASES = ("in_period", "ended")


def public_notices(today: dt.date) -> QuerySet[Notice]:
    """Published notices of active agencies whose period has begun (with their result)."""
    return Notice.objects.filter(
        status__in=PUBLIC_STATUSES, starts_on__lte=today, agency__is_active=True
    ).select_related("agency")


def in_public_phase(qs: QuerySet[Notice], wanted: str, today: dt.date) -> QuerySet[Notice]:
    """``qs`` narrowed to "in_period" (still running) or "ended" (over, with or without its
    result yet)."""
    running = Q(status=Status.PUBLISHED, ends_on__gte=today)
    if wanted == "in_period":
        return qs.filter(running)
    if wanted == "ended":
        return qs.exclude(running)
    return qs


def with_counts(qs: QuerySet[Notice]) -> QuerySet[Notice]:
    return qs.annotate(
        n_objections=Count("objections", distinct=True),
        n_unhandled=Count(
            "objections", filter=Q(objections__handled_at__isnull=True), distinct=True
        ),
    )


def notices_visible_to(user) -> QuerySet[Notice]:
    """Every notice of the agencies where ``user`` may do "notice.view", with the number of
    objections and of objections not yet handled."""
    return with_counts(
        Notice.objects.filter(agency__in=agencies_where(user, "notice.view"))
    ).select_related("agency")


def review_queue(user) -> QuerySet[Notice]:
    """Submitted notices where ``user`` may publish, oldest first."""
    return Notice.objects.filter(
        status=Status.SUBMITTED, agency__in=agencies_where(user, "notice.publish")
    ).order_by("submitted_at", "pk")


def objections_of(notice: Notice) -> QuerySet[Objection]:
    return notice.objections.select_related("handled_by", "registered_by").order_by(
        "received_on", "pk"
    )


def objection_counts(notice: Notice) -> dict[str, int]:
    counts = notice.objections.aggregate(
        received=Count("pk"), unhandled=Count("pk", filter=Q(handled_at__isnull=True))
    )
    return {"received": counts["received"], "unhandled": counts["unhandled"]}


def public_objection_count(notice: Notice) -> int | None:
    """ "收到异议N件" as the public sees it: only once the result is published (before that the
    number is not shown, see the view), counted from the records."""
    if notice.status not in (Status.RESULT, Status.CLOSED):
        return None
    return notice.objections.count()
