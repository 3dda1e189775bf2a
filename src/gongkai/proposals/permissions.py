"""Who may see and do what with a proposal, on the one scope rule of ``accounts.permissions``.

The lead agency (主办单位, ``proposal.agency``) owns the proposal: its 办理人 drafts, sends and
records the feedback, its 领导 signs the reply off, and whoever registers proposals there (the
公开办 above it, its 机关管理员) assigns, re-opens and closes. A co-handling agency (协办单位)
sees the proposal and sends its opinion, nothing more.
"""

from __future__ import annotations

from gongkai.accounts.permissions import can
from gongkai.proposals.models import CoHandling, Proposal


def can_view_proposal(user, proposal: Proposal) -> bool:
    """The lead agency's staff with ``proposal.view`` (and the 公开办 above it), and the staff
    of every co-handling agency."""
    if not getattr(user, "is_authenticated", False):
        return False
    if can(user, "proposal.view", agency=proposal.agency):
        return True
    return any(
        can(user, "proposal.view", agency=cohandling.agency)
        for cohandling in proposal.cohandlings.all()
    )


def can_send_opinion(user, cohandling: CoHandling) -> bool:
    return can(user, "proposal.handle", agency=cohandling.agency)


def can_handle(user, proposal: Proposal) -> bool:
    """Draft and send the reply, record the feedback: a 办理人 of the lead agency only."""
    return can(user, "proposal.handle", agency=proposal.agency)


def can_register(user, proposal: Proposal) -> bool:
    return can(user, "proposal.register", agency=proposal.agency)


def can_approve(user, proposal: Proposal) -> bool:
    return can(user, "proposal.approve", agency=proposal.agency)
