"""The one write path of topic requests (see each module)."""

from ._common import TopicError
from .answers import flag_overdue, topic_answer
from .intake import clean_topic_data, has_supported, supportable, topic_submit, topic_support
from .moderation import topic_approve, topic_reject, topic_route

__all__ = [
    "TopicError",
    "clean_topic_data",
    "flag_overdue",
    "has_supported",
    "supportable",
    "topic_answer",
    "topic_approve",
    "topic_reject",
    "topic_route",
    "topic_submit",
    "topic_support",
]
