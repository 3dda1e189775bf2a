"""Every change of a solicitation, its comments, registrations and feedback (one write path)."""

from gongkai.solicitation.services.comments import (
    clean_comment_data,
    comment_approve,
    comment_register,
    comment_reject,
    comment_reveal_contact,
    comment_spots,
    comment_submit,
    suggested_public_text,
)
from gongkai.solicitation.services.feedback import (
    entry_delete,
    entry_save,
    feedback_link_final,
    feedback_publish,
    feedback_update,
)
from gongkai.solicitation.services.registrations import (
    clean_registration_data,
    registration_decide,
    registration_submit,
)
from gongkai.solicitation.services.solicitations import (
    draft_findings,
    solicitation_attach,
    solicitation_close,
    solicitation_create,
    solicitation_detach,
    solicitation_publish,
    solicitation_update,
    solicitations_close_due,
)

__all__ = [
    "clean_comment_data",
    "clean_registration_data",
    "comment_approve",
    "comment_register",
    "comment_reject",
    "comment_reveal_contact",
    "comment_spots",
    "comment_submit",
    "draft_findings",
    "entry_delete",
    "entry_save",
    "feedback_link_final",
    "feedback_publish",
    "feedback_update",
    "registration_decide",
    "registration_submit",
    "solicitation_attach",
    "solicitation_close",
    "solicitation_create",
    "solicitation_detach",
    "solicitation_publish",
    "solicitation_update",
    "solicitations_close_due",
    "suggested_public_text",
]
