"""How public topic requests appear in the search index: the topic's own texts and the
agency's answer; never who proposed it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.topics.models import TopicRequest
from gongkai.topics.selectors import public_topics


class TopicProvider:
    label = _("Topic requests")

    def public_objects(self):
        return public_topics().order_by("pk")

    def get(self, object_id: int):
        return public_topics().filter(pk=object_id).first()

    def entry_for(self, topic: TopicRequest):
        if not topic.is_public:
            return None
        parts = [topic.description, topic.reason, topic.answer_text]
        published = topic.answered_on or (topic.moderated_at.date() if topic.moderated_at else None)
        return {
            "agency_id": topic.agency_id,
            "year": topic.submitted_at.year,
            "published_date": published,
            "title": topic.title,
            "url": topic.get_absolute_url(),
            "body": "\n".join(p for p in parts if p),
        }
