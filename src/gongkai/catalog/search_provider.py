"""How published items appear in the search index (only 主动公开 items that are published)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.catalog.models import PUBLIC_CONDITION, Item


def entry_for(item: Item, *, url: str | None = None) -> dict[str, Any] | None:
    """The search entry of a public item (``url`` may be given by bulk callers that know it)."""
    if not item.is_public:
        return None
    attachments = " ".join(a.text for a in item.attachments.all() if a.text)
    body = "\n".join(part for part in (item.summary, item.body_text, attachments) if part)
    return {
        "agency_id": item.agency_id,
        "category_id": item.category_id,
        "year": item.published_date.year if item.published_date else None,
        "validity": item.validity,
        "published_date": item.published_date,
        "title": item.title,
        "doc_number": item.doc_number,
        "index_number": item.index_number or "",
        "url": url or item.get_absolute_url(),
        "body": body,
    }


class ItemProvider:
    label = _("Information")

    def public_objects(self):
        return Item.objects.filter(PUBLIC_CONDITION).prefetch_related("attachments").order_by("pk")

    def entry_for(self, obj: Item):
        return entry_for(obj)

    def get(self, object_id: int):
        return Item.objects.filter(pk=object_id).prefetch_related("attachments").first()
