"""How notices appear in the search index: public text only — title, kind, the text of the
notice and, once published, the result. Never an objection, nor who sent one. A notice enters
the index on the first day of its period (the daily job indexes the ones published ahead)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.notices.models import Notice, Status
from gongkai.notices.rules import is_publicly_visible
from gongkai.notices.selectors import public_notices

KIND = "notice"


def entry_for(notice: Notice, today=None) -> dict[str, Any] | None:
    today = today or timezone.localdate()
    if not notice.agency.is_active or not is_publicly_visible(
        notice.status, notice.starts_on, today
    ):
        return None
    parts = [str(notice.get_kind_display()), notice.body_text]
    if notice.status in (Status.RESULT, Status.CLOSED):
        parts.append(notice.result_text)
    return {
        "agency_id": notice.agency_id,
        "category_id": None,
        "year": notice.starts_on.year,
        "validity": "",
        "published_date": notice.starts_on,
        "title": notice.title,
        "doc_number": "",
        "index_number": "",
        "url": notice.get_absolute_url(),
        "body": "\n".join(part for part in parts if part),
    }


def sync_search(notice: Notice, today=None) -> None:
    """Index the notice exactly when it is public; inside the caller's transaction."""
    from gongkai.search.services import index_entry, remove_entry

    entry = entry_for(notice, today)
    if entry is None:
        remove_entry(kind=KIND, object_id=notice.pk)
    else:
        index_entry(kind=KIND, object_id=notice.pk, **entry)


class NoticeProvider:
    label = _("Public notice")

    def public_objects(self):
        return public_notices(timezone.localdate()).order_by("pk")

    def entry_for(self, obj: Notice):
        return entry_for(obj)

    def get(self, object_id: int):
        return Notice.objects.filter(pk=object_id).select_related("agency").first()
