"""Reads of topic requests: what the public sees (never the proposer), what staff may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.topics.models import PUBLIC_STATUSES, AnswerKind, TopicRequest, TopicStatus

# The public filter "status" and what it selects (``today`` decides "overdue").
PUBLIC_FILTERS = ("awaiting", "will_publish", "overdue", "published", "cannot")


def public_topics() -> QuerySet[TopicRequest]:
    """Approved and answered topics, with the proposer's data deferred (never rendered)."""
    return (
        TopicRequest.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("agency", "item")
        .defer("name", "mobile", "email", "reject_reason")
    )


def public_topic(pk: int) -> TopicRequest | None:
    return public_topics().filter(pk=pk).first()


def filter_public(qs: QuerySet, *, state: str, today: dt.date) -> QuerySet:
    if state == "awaiting":
        return qs.filter(status=TopicStatus.APPROVED)
    if state == "will_publish":
        return qs.filter(answer_kind=AnswerKind.WILL_PUBLISH, promised_by__gte=today)
    if state == "overdue":
        return qs.filter(answer_kind=AnswerKind.WILL_PUBLISH, promised_by__lt=today)
    if state == "published":
        return qs.filter(answer_kind=AnswerKind.PUBLISHED)
    if state == "cannot":
        return qs.filter(answer_kind=AnswerKind.CANNOT)
    return qs


def order_public(qs: QuerySet, sort: str) -> QuerySet:
    if sort == "support":
        return qs.order_by("-support_count", "-submitted_at", "-pk")
    return qs.order_by("-submitted_at", "-pk")


def topics_visible_to(user) -> QuerySet[TopicRequest]:
    agencies = agencies_where(user, "topic.view").values("pk")
    return TopicRequest.objects.filter(agency__in=agencies).select_related("agency")


def staff_filter(qs: QuerySet, *, status: str = "", agency_id: int | None = None, today=None):
    if status == "overdue" and today is not None:
        qs = qs.filter(answer_kind=AnswerKind.WILL_PUBLISH, promised_by__lt=today)
    elif status in TopicStatus.values:
        qs = qs.filter(status=status)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs


def counts_by_status(qs: QuerySet) -> dict[str, int]:
    counts = {status: 0 for status in TopicStatus.values}
    for status in qs.values_list("status", flat=True):
        counts[status] += 1
    return counts


def needs_routing(qs: QuerySet) -> QuerySet:
    return qs.filter(Q(agency_unsure=True) & Q(routed_at__isnull=True))
