"""How published items appear in the search index (only 主动公开 items that are published)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import PUBLIC_CONDITION, Item


def entry_for(item: Item, *, url: str | None = None) -> dict[str, Any] | None:
    """The search entry of a public item (``url`` may be given by bulk callers that know it)."""
    if not item.is_public:
        return None
    return entry_fields(
        agency_id=item.agency_id,
        category_id=item.category_id,
        published_date=item.published_date,
        validity=item.validity,
        title=item.title,
        doc_number=item.doc_number,
        index_number=item.index_number or "",
        url=url or item.get_absolute_url(),
        body=entry_body(item.summary, item.body_text, [a.text for a in item.attachments.all()]),
    )


def entry_body(summary: str, body_text: str, attachment_texts: list[str]) -> str:
    """What of an item is searched besides its title and numbers: summary, text, attachments."""
    attachments = " ".join(text for text in attachment_texts if text)
    return "\n".join(part for part in (summary, body_text, attachments) if part)


def entry_fields(*, published_date, index_number: str, url: str, **fields) -> dict[str, Any]:
    """The entry of a public item from its values (the importer has no ``Item`` objects)."""
    return {
        **fields,
        "year": published_date.year if published_date else None,
        "published_date": published_date,
        "index_number": index_number or "",
        "url": url,
    }


class ItemProvider:
    label = _("Information")

    def public_objects(self):
        return Item.objects.filter(PUBLIC_CONDITION).prefetch_related("attachments").order_by("pk")

    def entry_for(self, obj: Item):
        return entry_for(obj)

    def get(self, object_id: int):
        return Item.objects.filter(pk=object_id).prefetch_related("attachments").first()
