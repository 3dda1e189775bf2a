"""Every change of a notice, its objections and its result (one write path)."""

from gongkai.notices.services.notices import (
    notice_create,
    notice_publish,
    notice_return,
    notice_submit,
    notice_texts,
    notice_update,
    notices_index_started,
)
from gongkai.notices.services.objections import (
    clean_objection_data,
    objection_handle,
    objection_refusal,
    objection_register,
    objection_reveal,
    objection_submit,
)
from gongkai.notices.services.results import notice_close, notice_record_result

__all__ = [
    "clean_objection_data",
    "notice_close",
    "notice_create",
    "notice_publish",
    "notice_record_result",
    "notice_return",
    "notice_submit",
    "notice_texts",
    "notice_update",
    "notices_index_started",
    "objection_handle",
    "objection_refusal",
    "objection_register",
    "objection_reveal",
    "objection_submit",
]
