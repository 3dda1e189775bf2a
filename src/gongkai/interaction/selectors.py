"""Reads of letters, scoped by the permission rule and prefetched for the lists."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.interaction.models import Message, MessageKind, PublicationStatus


def messages_visible_to(user) -> QuerySet[Message]:
    """The letters ``user`` may see: those of the agencies where he or she has
    ``message.view`` and those assigned to him or her."""
    if not getattr(user, "is_authenticated", False):
        return Message.objects.none()
    agencies = agencies_where(user, "message.view")
    return (
        Message.objects.filter(Q(agency__in=agencies) | Q(handler=user))
        .select_related("agency", "mailbox", "handler", "department")
        .distinct()
    )


def published_messages() -> QuerySet[Message]:
    """Letters whose reviewed public copy is on the website (never a 举报)."""
    return (
        Message.objects.filter(publication=PublicationStatus.PUBLISHED)
        .exclude(kind=MessageKind.REPORT)
        .select_related("agency", "mailbox")
        .order_by("-published_at", "-pk")
    )


def queue_summary(user, today) -> dict[str, int] | None:
    """The letters waiting on the workbench: open ones the user may see, those assigned to
    the user, the overdue ones and the replies waiting for review (None without access)."""
    from gongkai.interaction.models import CLOCK_STATUSES, OPEN_STATUSES, MessageStatus

    if (
        not agencies_where(user, "message.view").exists()
        and not Message.objects.filter(handler=user).exists()
    ):
        return None
    qs = messages_visible_to(user).filter(status__in=OPEN_STATUSES).order_by()
    return {
        "open": qs.count(),
        "mine": qs.filter(handler=user).count(),
        "overdue": qs.filter(status__in=CLOCK_STATUSES, due_date__lt=today).count(),
        "review": qs.filter(status=MessageStatus.REVIEW).count(),
    }
