"""The write path of internal disclosure: every change goes through one of these functions
(``<entity>_<verb>(*, actor, ...)``, one transaction, permission checked again, audited)."""

from gongkai.internal.services.items import (
    default_title,
    internal_item_attach,
    internal_item_create,
    internal_item_detach,
    internal_item_import_table,
    internal_item_post,
    internal_item_set_rows,
    internal_item_update,
    internal_item_withdraw,
)
from gongkai.internal.services.memberships import membership_add, membership_remove
from gongkai.internal.services.reading import (
    internal_item_read,
    question_answer,
    question_ask,
)

__all__ = [
    "default_title",
    "internal_item_attach",
    "internal_item_create",
    "internal_item_detach",
    "internal_item_import_table",
    "internal_item_post",
    "internal_item_read",
    "internal_item_set_rows",
    "internal_item_update",
    "internal_item_withdraw",
    "membership_add",
    "membership_remove",
    "question_answer",
    "question_ask",
]
