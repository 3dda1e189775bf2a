"""How solicitations appear in the search index: public text only — title, summary, the draft,
the explanation, the files' text, approved comments as shown (redacted), and the published
feedback. Never a name, phone number or e-mail address of the public."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.solicitation.models import Solicitation, Status
from gongkai.solicitation.selectors import approved_comments, public_solicitations

KIND = "solicitation"


def entry_for(solicitation: Solicitation) -> dict[str, Any] | None:
    if not solicitation.is_public or not solicitation.agency.is_active:
        return None
    published = timezone.localdate(solicitation.published_at) if solicitation.published_at else None
    parts = [solicitation.summary, solicitation.draft_text, solicitation.explanation_text]
    parts += [f.text for f in solicitation.files.all()]
    parts += [c.public_text for c in approved_comments(solicitation)]
    if solicitation.status == Status.FEEDBACK_PUBLISHED:
        parts += [solicitation.feedback_summary, solicitation.hearing_record]
        for entry in solicitation.entries.all():
            parts += [entry.summary, entry.reason]
    return {
        "agency_id": solicitation.agency_id,
        "category_id": None,
        "year": published.year if published else None,
        "validity": "",
        "published_date": published,
        "title": solicitation.title,
        "doc_number": "",
        "index_number": "",
        "url": solicitation.get_absolute_url(),
        "body": "\n".join(part for part in parts if part),
    }


def sync_search(solicitation: Solicitation) -> None:
    """Index the solicitation exactly when it is public; inside the caller's transaction."""
    from gongkai.search.services import index_entry, remove_entry

    entry = entry_for(solicitation)
    if entry is None:
        remove_entry(kind=KIND, object_id=solicitation.pk)
    else:
        index_entry(kind=KIND, object_id=solicitation.pk, **entry)


class SolicitationProvider:
    label = _("Opinion solicitation")

    def public_objects(self):
        return public_solicitations().prefetch_related("files", "entries").order_by("pk")

    def entry_for(self, obj: Solicitation):
        return entry_for(obj)

    def get(self, object_id: int):
        return Solicitation.objects.filter(pk=object_id).select_related("agency").first()
