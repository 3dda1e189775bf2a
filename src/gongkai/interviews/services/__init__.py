"""The one write path of interviews (see ``interviews`` and ``questions``)."""

from gongkai.interviews.services.interviews import (
    GuestData,
    interview_announce,
    interview_archive,
    interview_create,
    interview_delete,
    interview_edit,
    interview_end,
    interview_start,
)
from gongkai.interviews.services.questions import (
    answer_correct,
    clean_question,
    host_message_post,
    question_answer,
    question_approve,
    question_contact_reveal,
    question_reject,
    question_submit,
)

__all__ = [
    "GuestData",
    "answer_correct",
    "clean_question",
    "host_message_post",
    "interview_announce",
    "interview_archive",
    "interview_create",
    "interview_delete",
    "interview_edit",
    "interview_end",
    "interview_start",
    "question_answer",
    "question_approve",
    "question_contact_reveal",
    "question_reject",
    "question_submit",
]
