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
