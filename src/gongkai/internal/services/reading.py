"""Reading an internal item (the read receipt, 已阅) and the questions staff ask about it.

Mail (a question to the poster, an answer to the asker) goes out only after the transaction
commits (``casework.notify``)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.casework.notify import send_after_commit
from gongkai.internal.models import InternalItem, InternalQuestion, InternalStatus, ReadReceipt
from gongkai.internal.permissions import can_answer, can_view_internal

MAX_QUESTION = 2000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


@transaction.atomic
def internal_item_read(
    *, actor, item: InternalItem, now: dt.datetime | None = None
) -> ReadReceipt | None:
    """Record that ``actor`` has opened a posted item, the first time only (later views
    change nothing). Drafts and withdrawn items earn no receipt (``None``). The first read is
    audited as ``internal.read``."""
    if not can_view_internal(actor, item):
        raise PermissionDenied
    if item.status != InternalStatus.POSTED:
        return None
    receipt, created = ReadReceipt.objects.get_or_create(
        item=item, user=actor, defaults={"read_at": _now(now)}
    )
    if created:
        record_event(actor=actor, action="internal.read", obj=item, data={})
    return receipt


def _clean_text(text: str, field: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    if len(text) > MAX_QUESTION:
        raise ValidationError(
            {field: _("At most %(max)d characters, please.") % {"max": MAX_QUESTION}}
        )
    return text


def item_link(item: InternalItem) -> str:
    """The item's staff page, on the site's address when ``GONGKAI_SITE_URL`` is set."""
    return f"{settings.GONGKAI_SITE_URL}{reverse('internal_staff:detail', args=[item.pk])}"


@transaction.atomic
def question_ask(
    *, actor, item: InternalItem, text: str, now: dt.datetime | None = None
) -> InternalQuestion:
    """A question about a posted item from someone who may read it; the poster is told by
    e-mail. Audited as ``internal.ask``."""
    if not can_view_internal(actor, item):
        raise PermissionDenied
    if item.status != InternalStatus.POSTED:
        raise ValidationError(_("Questions can be asked about posted items only."))
    question = InternalQuestion.objects.create(
        item=item, asked_by=actor, asked_at=_now(now), text=_clean_text(text, "text")
    )
    record_event(actor=actor, action="internal.ask", obj=item, data={"question": question.pk})
    poster = item.posted_by
    if poster is not None and poster.pk != actor.pk and poster.is_active:
        send_after_commit(
            to=[poster.email],
            subject=_("A question about “%(title)s”") % {"title": item.title},
            body=_(
                "%(name)s asked a question about the internal item “%(title)s”:\n\n%(text)s\n\n"
                "Answer it on the item's page: %(link)s"
            )
            % {
                "name": actor.get_full_name(),
                "title": item.title,
                "text": question.text,
                "link": item_link(item),
            },
        )
    return question


@transaction.atomic
def question_answer(
    *, actor, question: InternalQuestion, text: str, now: dt.datetime | None = None
) -> InternalQuestion:
    """Answer (or correct the answer to) a question; for the poster or the agency's
    机关管理员. The asker is told by e-mail. Audited as ``internal.answer``."""
    question = (
        InternalQuestion.objects.select_for_update().select_related("item").get(pk=question.pk)
    )
    item = question.item
    if not can_answer(actor, item):
        raise PermissionDenied
    first = not question.is_answered
    question.answer = _clean_text(text, "answer")
    question.answered_by = actor
    question.answered_at = _now(now)
    question.save()
    record_event(
        actor=actor,
        action="internal.answer",
        obj=item,
        data={"question": question.pk, "first": first},
    )
    asker = question.asked_by
    if asker.pk != actor.pk and asker.is_active and can_view_internal(asker, item):
        send_after_commit(
            to=[asker.email],
            subject=_("Your question about “%(title)s” was answered") % {"title": item.title},
            body=_("%(name)s answered your question about “%(title)s”:\n\n%(text)s\n\n%(link)s")
            % {
                "name": actor.get_full_name(),
                "title": item.title,
                "text": question.answer,
                "link": item_link(item),
            },
        )
    return question
