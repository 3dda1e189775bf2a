"""Walking a proposal through its steps with the real services (for the tests)."""

from __future__ import annotations

import datetime as dt

from gongkai.proposals.models import ProposalStatus, ReplyCategory, Satisfaction
from gongkai.proposals.services import (
    cohandling_opinion_send,
    feedback_record,
    proposal_assign,
    proposal_close,
    reply_approve,
    reply_draft,
    reply_send,
)

D = dt.date.fromisoformat
ORDER = [
    ProposalStatus.REGISTERED,
    ProposalStatus.ASSIGNED,
    ProposalStatus.DRAFTED,
    ProposalStatus.APPROVED,
    ProposalStatus.REPLIED,
    ProposalStatus.FEEDBACK,
    ProposalStatus.CLOSED,
]


def advance(
    county,
    proposal,
    to: str,
    *,
    replied_on="2026-05-20",
    satisfaction=Satisfaction.SATISFIED,
    public_interest=True,
    publish=False,
    text="经研究，已将农村学校校舍改造列入明年计划，分三批实施。",
):
    """Take ``proposal`` (of bureau A, co-handled by B) to status ``to``."""
    target = ORDER.index(to)
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.REGISTERED and target >= 1:
        proposal_assign(actor=county.office, proposal=proposal, handler=county.handler_a)
        for cohandling in proposal.cohandlings.select_related("agency"):
            handler = county.handler_b if cohandling.agency == county.b else county.handler_c
            cohandling_opinion_send(
                actor=handler,
                cohandling=cohandling,
                opinion="我局同意主办单位意见，将在资金安排上给予支持。",
                sent_on=D("2026-03-20"),
                today=D("2026-03-20"),
            )
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.ASSIGNED and target >= 2:
        reply_draft(
            actor=county.handler_a,
            proposal=proposal,
            category=ReplyCategory.B,
            text=text,
            public_interest=public_interest,
        )
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.DRAFTED and target >= 3:
        reply_approve(actor=county.leader_a, proposal=proposal, publish=publish)
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.APPROVED and target >= 4:
        reply_send(
            actor=county.handler_a,
            proposal=proposal,
            replied_on=D(replied_on),
            today=D(replied_on),
        )
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.REPLIED and target >= 5:
        feedback_record(
            actor=county.handler_a,
            proposal=proposal,
            satisfaction=satisfaction,
            comment="" if satisfaction != Satisfaction.NOT_SATISFIED else "进度太慢。",
            received_on=D(replied_on) + dt.timedelta(days=10),
            today=D(replied_on) + dt.timedelta(days=10),
        )
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.FEEDBACK and target >= 6:
        proposal_close(
            actor=county.office,
            proposal=proposal,
            closed_on=D(replied_on) + dt.timedelta(days=12),
            today=D(replied_on) + dt.timedelta(days=12),
        )
    proposal.refresh_from_db()
    assert proposal.status == to, (proposal.status, to)
    return proposal
