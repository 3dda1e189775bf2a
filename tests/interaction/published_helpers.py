"""Helpers of the published-letters, figures, search and API tests: letters taken through the
real services on given days (on top of ``tests.interaction.conftest``)."""

from __future__ import annotations

from gongkai.interaction.services import handling, publication
from tests.interaction.conftest import D, at, write_letter

WRITER = {
    "writer_name": "钱七",
    "writer_mobile": "13712340000",
    "writer_email": "qianqi@example.cn",
    "writer_address": "蓝湾县青石巷9号",
}


def letter(
    bureau,
    *,
    written: str,
    accept: str | None = None,
    reply: str | None = None,
    rating: str = "",
    kind: str = "complaint",
    reply_text: str = "已按政策办理，感谢来信。",
    **fields,
):
    """A letter written on ``written``, accepted on ``accept`` and replied on ``reply`` (each
    step only when its day is given), then rated."""
    message, _code = write_letter(
        bureau.agency, now=at(written, 9), kind=kind, **{**WRITER, **fields}
    )
    if accept is None:
        return message
    message = handling.message_accept(actor=bureau.handler, message=message, today=D(accept))
    if reply is None:
        return message
    message = handling.message_assign(actor=bureau.handler, message=message, handler=bureau.handler)
    message = handling.message_reply_draft(actor=bureau.handler, message=message, reply=reply_text)
    message = handling.message_reply_review(
        actor=bureau.reviewer, message=message, approve=True, now=at(reply, 15)
    )
    if rating:
        message = handling.message_rate(message=message, rating=rating, now=at(reply, 20))
    return message


def publish(bureau, message, *, title: str, content: str, reply: str, now=None):
    """The reviewed public copy put on the website."""
    message = publication.message_publication_prepare(
        actor=bureau.handler,
        message=message,
        public_title=title,
        public_content=content,
        public_reply=reply,
    )
    return publication.message_publish(
        actor=bureau.reviewer, message=message, confirm_no_personal_data=True, now=now
    )
