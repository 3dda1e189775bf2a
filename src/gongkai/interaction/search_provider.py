"""Published letters in the search index (kind ``message``).

Only the reviewed public copy goes in — ``public_title``, ``public_content`` and
``public_reply`` — never a writer field, never a 举报, and only while the publication is
"published": withdrawing or reopening a letter (publication no longer "published") removes its
entry in the same transaction, through the one signal the search index is kept with (STYLE.md:
signals only for index upkeep). The year of an entry is the year the letter was received.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.interaction.models import Message, MessageKind, PublicationStatus
from gongkai.interaction.selectors import published_messages

KIND = "message"
# A save that touches none of these leaves the entry as it is (most saves of a letter: its
# workflow steps), so the index is not rewritten at every step.
INDEXED_FIELDS = frozenset(
    {
        "publication",
        "public_title",
        "public_content",
        "public_reply",
        "published_at",
        "agency",
        "kind",
    }
)


def is_public(message: Message) -> bool:
    return message.publication == PublicationStatus.PUBLISHED and message.kind != MessageKind.REPORT


def entry_for(message: Message) -> dict[str, Any] | None:
    if not is_public(message):
        return None
    published = timezone.localdate(message.published_at) if message.published_at else None
    return {
        "agency_id": message.agency_id,
        "year": message.received_on.year,
        "published_date": published,
        "title": message.public_title,
        "url": reverse("interaction:published_detail", args=[message.number]),
        "body": "\n".join(p for p in (message.public_content, message.public_reply) if p),
    }


class MessageProvider:
    label = _("Letter and reply")

    def public_objects(self):
        return published_messages().order_by("pk")

    def entry_for(self, obj: Message):
        return entry_for(obj)

    def get(self, object_id: int):
        return Message.objects.filter(pk=object_id).first()


def _saved(sender, instance: Message, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if update_fields is not None and not (set(update_fields) & INDEXED_FIELDS):
        return
    from gongkai.search.services import refresh_object

    refresh_object(kind=KIND, obj=instance)


def _deleted(sender, instance: Message, **kwargs):
    from gongkai.search.services import remove_entry

    remove_entry(kind=KIND, object_id=instance.pk)


def register() -> None:
    """Register the provider and keep the index in step with every save of a letter
    (called once from ``InteractionConfig.ready``)."""
    from gongkai.search import registry

    registry.register(KIND, MessageProvider())
    post_save.connect(_saved, sender=Message, dispatch_uid="search_message_saved")
    post_delete.connect(_deleted, sender=Message, dispatch_uid="search_message_deleted")


def search_published(
    q: str, *, agency=None, year: int | None = None
) -> tuple[list[int], list[str], bool]:
    """The ids of the published letters matching ``q`` in the search index, best first (at
    most ``COUNT_CAP``), the query's tokens (for highlighting) and whether more matched."""
    from gongkai.search.backends import COUNT_CAP
    from gongkai.search.selectors import search

    found = search(
        q,
        kind=KIND,
        agency_ids=(agency.pk,) if agency is not None else (),
        year=year,
        page_size=COUNT_CAP,
    )
    return [r.entry.object_id for r in found.results], found.tokens, found.capped
