"""The reply to a letter as a formal document (来信答复意见书), PDF and DOCX.

Rendered on demand from the stored reply, which is kept unchanged once it was sent (a reopened
letter's first reply stays in its timeline): the same text always gives the same document.
A letter that came by post or visit is answered on paper with it; the writer can download it
from the tracking page.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.casework.documents import CaseDocument, render_docx, render_pdf
from gongkai.core.dates import format_cn_date
from gongkai.interaction.models import Message, MessageKind


def reply_document(message: Message) -> CaseDocument:
    """The reply of ``message`` laid out as a document. A 举报's reply is addressed without
    the reporter's name (the paper may pass through other hands)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Reply to letter %(number)s") % {"number": message.number}
        if message.kind == MessageKind.REPORT:
            salutation = _("To the writer:")
        else:
            salutation = _("Dear %(name)s:") % {"name": message.writer_name}
        intro = _(
            "Your letter “%(title)s” received on %(date)s has been handled. The reply is as follows."
        ) % {"title": message.title, "date": format_cn_date(message.received_on)}
        body = "\n".join([title, salutation, intro, *message.reply.splitlines()])
        return CaseDocument.from_body(
            body,
            reference=message.number,
            agency_name=message.agency.name,
            date_text=format_cn_date(message.replied_on),
        )


def reply_pdf(message: Message) -> bytes:
    return render_pdf(reply_document(message))


def reply_docx(message: Message) -> bytes:
    return render_docx(reply_document(message))
