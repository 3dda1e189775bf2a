"""The one write path of proposals (see each module)."""

from ._common import ProposalError
from .publication import proposal_publish, proposal_unpublish
from .registration import (
    cohandling_opinion_send,
    default_deadline,
    proposal_assign,
    proposal_edit,
    proposal_register,
)
from .replies import (
    can_reopen,
    current_reply,
    feedback_record,
    proposal_close,
    proposal_reopen,
    reply_approve,
    reply_draft,
    reply_return,
    reply_send,
)

__all__ = [
    "ProposalError",
    "can_reopen",
    "cohandling_opinion_send",
    "current_reply",
    "default_deadline",
    "feedback_record",
    "proposal_assign",
    "proposal_close",
    "proposal_edit",
    "proposal_publish",
    "proposal_register",
    "proposal_reopen",
    "proposal_unpublish",
    "reply_approve",
    "reply_draft",
    "reply_return",
    "reply_send",
]
