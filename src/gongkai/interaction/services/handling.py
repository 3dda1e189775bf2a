"""Handling a letter after it came in: accept or not, transfer (转办), merge (并单), assign
(交办), the reply and its review, extensions, the writer's rating and the one reopening.

Every function takes keyword-only arguments and an ``actor`` (the rating: the writer, no
actor), re-checks the permission, locks the letter's row, refuses an illegal state with
``MessageError`` (a sentence for the user), writes timeline steps and the audit event
``message.<verb>`` in the same transaction and keeps the stored due date equal to the rules.
E-mail to the writer (at acceptance and at the reply) goes out after the commit.

Who: a 办理人 (``message.handle``) of the letter's agency accepts, transfers, merges, assigns
and asks for extensions; the assigned handler drafts the reply; a 审核员 or 领导
(``message.review``) other than the drafter approves it; a 领导 (``message.approve``) decides
extensions.
"""

from __future__ import annotations

from gongkai.interaction.models import Message
from gongkai.interaction.services.acceptance import (
    message_accept,
    message_merge,
    message_not_accept,
    message_transfer,
)
from gongkai.interaction.services.clock import current_due
from gongkai.interaction.services.extensions import extension_decide, extension_request
from gongkai.interaction.services.rating import message_rate, message_reopen
from gongkai.interaction.services.replies import (
    answer_merged,
    message_assign,
    message_reply_draft,
    message_reply_review,
)

__all__ = [
    "answer_merged",
    "extension_decide",
    "extension_request",
    "message_accept",
    "message_assign",
    "message_clock",
    "message_merge",
    "message_not_accept",
    "message_rate",
    "message_reopen",
    "message_reply_draft",
    "message_reply_review",
    "message_transfer",
]


def message_clock(message: Message):
    """The due date as computed now (for the case page), or None."""
    return current_due(message)
