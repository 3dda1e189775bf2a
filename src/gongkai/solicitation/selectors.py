"""Reads of solicitations: what the public may see, what a staff member may see (with the counts
the lists show), and the feedback figures, always counted from the records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.solicitation.models import (
    PUBLIC_STATUSES,
    Comment,
    CommentStatus,
    Decision,
    FeedbackEntry,
    RegistrationStatus,
    Solicitation,
    Status,
)
from gongkai.solicitation.rules import Phase


def public_solicitations() -> QuerySet[Solicitation]:
    """Published, closed and answered solicitations of active agencies."""
    return Solicitation.objects.filter(
        status__in=PUBLIC_STATUSES, agency__is_active=True
    ).select_related("agency")


def in_phase(qs: QuerySet[Solicitation], wanted: str, today: dt.date) -> QuerySet[Solicitation]:
    """``qs`` narrowed to one public phase; "closed" covers ended, closed and answered ones."""
    published = Q(status=Status.PUBLISHED)
    if wanted == Phase.OPEN:
        return qs.filter(published, opens_on__lte=today, closes_on__gte=today)
    if wanted == Phase.UPCOMING:
        return qs.filter(published, opens_on__gt=today)
    if wanted == Phase.CLOSED:
        return qs.filter(
            (published & Q(closes_on__lt=today))
            | Q(status__in=(Status.CLOSED, Status.FEEDBACK_PUBLISHED))
        )
    if wanted == Phase.FEEDBACK:
        return qs.filter(status=Status.FEEDBACK_PUBLISHED)
    return qs


def with_counts(qs: QuerySet[Solicitation]) -> QuerySet[Solicitation]:
    return qs.annotate(
        n_comments=Count("comments", distinct=True),
        n_pending=Count(
            "comments", filter=Q(comments__status=CommentStatus.PENDING), distinct=True
        ),
        n_registrations=Count("registrations", distinct=True),
    )


def solicitations_visible_to(user) -> QuerySet[Solicitation]:
    """Every solicitation of the agencies where ``user`` may do "solicitation.view", with the
    number of comments, of comments waiting for moderation and of registrations."""
    return with_counts(
        Solicitation.objects.filter(agency__in=agencies_where(user, "solicitation.view"))
    ).select_related("agency")


def moderation_queue(user) -> QuerySet[Comment]:
    """Comments waiting for moderation where ``user`` may moderate, oldest first."""
    return (
        Comment.objects.filter(
            status=CommentStatus.PENDING,
            solicitation__agency__in=agencies_where(user, "solicitation.moderate"),
            solicitation__status__in=(Status.PUBLISHED, Status.CLOSED),
        )
        .select_related("solicitation", "solicitation__agency")
        .order_by("submitted_at", "pk")
    )


def approved_comments(solicitation: Solicitation) -> QuerySet[Comment]:
    """What the public page shows: approved comments only, never the contact fields."""
    return (
        solicitation.comments.filter(status=CommentStatus.APPROVED)
        .only(
            "pk", "channel", "nickname", "section", "public_text", "received_on", "solicitation_id"
        )
        .order_by("received_on", "pk")
    )


@dataclass(frozen=True)
class Figures:
    """The figures of a feedback report (采纳情况), from the records."""

    received: int  # every comment, whatever the channel
    approved: int  # shown publicly
    rejected: int  # not shown (abuse, advertising, off the subject)
    pending: int
    adopted: int
    partly_adopted: int
    not_adopted: int
    undecided: int  # approved comments without a decision yet
    entries: int

    @property
    def decided(self) -> int:
        return self.adopted + self.partly_adopted + self.not_adopted


def figures(solicitation: Solicitation) -> Figures:
    """Counted with one query over the comments (each comment takes its entry's decision)."""
    approved = Q(status=CommentStatus.APPROVED)
    counts = solicitation.comments.aggregate(
        received=Count("pk"),
        approved=Count("pk", filter=approved),
        rejected=Count("pk", filter=Q(status=CommentStatus.REJECTED)),
        pending=Count("pk", filter=Q(status=CommentStatus.PENDING)),
        adopted=Count("pk", filter=approved & Q(entry__decision=Decision.ADOPTED)),
        partly_adopted=Count("pk", filter=approved & Q(entry__decision=Decision.PARTLY_ADOPTED)),
        not_adopted=Count("pk", filter=approved & Q(entry__decision=Decision.NOT_ADOPTED)),
        undecided=Count("pk", filter=approved & Q(entry__isnull=True)),
    )
    return Figures(**counts, entries=solicitation.entries.count())


def entries_of(solicitation: Solicitation) -> QuerySet[FeedbackEntry]:
    return solicitation.entries.annotate(n_comments=Count("comments")).order_by("sort_order", "pk")


def registration_counts(solicitation: Solicitation) -> dict[str, int]:
    counts = solicitation.registrations.aggregate(
        total=Count("pk"),
        selected=Count("pk", filter=Q(status=RegistrationStatus.SELECTED)),
    )
    return {"total": counts["total"], "selected": counts["selected"]}
