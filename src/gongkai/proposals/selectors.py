"""Reads of proposals: what a staff member may see, what the public sees."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.proposals.models import Delegate, Proposal, Reply


def proposals_visible_to(user) -> QuerySet[Proposal]:
    """Proposals led by, or co-handled by, an agency where ``user`` has ``proposal.view``."""
    agencies = agencies_where(user, "proposal.view").values("pk")
    return (
        Proposal.objects.filter(Q(agency__in=agencies) | Q(cohandlings__agency__in=agencies))
        .distinct()
        .select_related("agency", "handler")
    )


def lead_delegate(proposal: Proposal) -> Delegate | None:
    for delegate in proposal.delegates.all():
        if delegate.lead:
            return delegate
    return None


def published_proposals() -> QuerySet[Proposal]:
    """Proposals whose reply is published, with what the public page shows prefetched."""
    return (
        Proposal.objects.filter(published_on__isnull=False)
        .select_related("agency")
        .prefetch_related(
            Prefetch("delegates", queryset=Delegate.objects.filter(lead=True)),
            Prefetch(
                "replies",
                queryset=Reply.objects.filter(publish=True, replied_on__isnull=False).order_by(
                    "round"
                ),
                to_attr="published_replies",
            ),
            "cohandlings__agency",
        )
    )


def published_proposal(pk: int) -> Proposal | None:
    return published_proposals().filter(pk=pk).first()
