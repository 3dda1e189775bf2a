"""Publishing replies that concern the public interest (and withdrawing them).

Why a publication step of its own instead of handing the reply to the catalog's review
(``catalog.services.module_items.item_submit_from_module``): the reply has already been signed
off by a 领导 of the lead agency — the same person who would approve it in the catalog — and
the standard catalog template has no 建议提案办理 column to put it in (adding one changes every
agency's catalog, which is not this module's to change). So the sign-off decides publication,
the personal-data and sensitive-word check of the catalog (``catalog.privacy.scan``) runs on
what will be shown, the public page shows only the fields meant for it, and every publication
and withdrawal is an audit event.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.catalog.privacy import scan
from gongkai.proposals.models import Proposal, ProposalStatus, Reply

from ._common import ProposalError, locked, refresh_index, require


def publication_findings(proposal: Proposal, replies: Iterable[Reply]):
    """What ``catalog.privacy.scan`` finds in the texts a published reply shows."""
    texts = {"title": proposal.title}
    for reply in replies:
        texts[f"reply-{reply.round}"] = reply.text
    return scan(texts)


def check_publishable(proposal: Proposal, replies: Iterable[Reply]) -> None:
    findings = publication_findings(proposal, replies)
    if findings:
        messages = sorted({f.message for f in findings})
        raise ProposalError(
            {
                "publish": _(
                    "The reply cannot be published as it is: %(findings)s Change the text or "
                    "do not publish it."
                )
                % {"findings": " ".join(messages)}
            },
            code="privacy",
        )


SENT = (ProposalStatus.REPLIED, ProposalStatus.FEEDBACK, ProposalStatus.CLOSED)


@transaction.atomic
def proposal_publish(*, actor, proposal: Proposal, today=None) -> Proposal:
    """Publish the replies already sent, when a 领导 decides later that they concern the
    public interest (the check runs as at sign-off)."""
    proposal = locked(proposal)
    require(actor, "proposal.approve", proposal.agency)
    if proposal.status not in SENT:
        raise ProposalError(
            _("A reply is published when it is sent; this one has not been sent yet."),
            code="bad_transition",
        )
    if proposal.published_on is not None:
        raise ProposalError(_("The reply is already published."), code="bad_transition")
    replies = list(proposal.replies.filter(replied_on__isnull=False))
    check_publishable(proposal, replies)
    for reply in replies:
        reply.public_interest = reply.publish = True
        reply.save(update_fields=["public_interest", "publish"])
    proposal.published_on = today or timezone.localdate()
    proposal.save(update_fields=["published_on", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.publish",
        obj=proposal,
        data={"rounds": [r.round for r in replies], "on": proposal.published_on},
    )
    refresh_index(proposal)
    return proposal


@transaction.atomic
def proposal_unpublish(*, actor, proposal: Proposal, reason: str) -> Proposal:
    """Withdraw a published reply from the public pages, the API and the search index."""
    proposal = locked(proposal)
    require(actor, "proposal.approve", proposal.agency)
    if proposal.published_on is None:
        raise ProposalError(_("The reply is not published."), code="bad_transition")
    reason = (reason or "").strip()
    if not reason:
        raise ProposalError(
            {"reason": _("Give the reason for withdrawing the publication.")}, code="reason"
        )
    proposal.replies.update(publish=False)
    published_on, proposal.published_on = proposal.published_on, None
    proposal.save(update_fields=["published_on", "updated_at"])
    record_event(
        actor=actor,
        action="proposal.unpublish",
        obj=proposal,
        data={"reason": reason, "published_on": published_on},
    )
    refresh_index(proposal)
    return proposal
