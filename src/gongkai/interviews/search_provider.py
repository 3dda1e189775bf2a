"""Archived interviews in the search index: topic, summary, guests and the transcript text
(approved questions and their answers, host messages). Never a contact, never a question
that was not approved: the transcript text is built from the public entries only."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gongkai.interviews.models import Interview, Status


class InterviewProvider:
    label = _("Online interview")

    def public_objects(self):
        return (
            Interview.objects.filter(status=Status.ARCHIVED, agency__is_active=True)
            .select_related("agency")
            .order_by("pk")
        )

    def get(self, object_id: int):
        return Interview.objects.filter(pk=object_id).select_related("agency").first()

    def entry_for(self, interview: Interview):
        if interview.status != Status.ARCHIVED or not interview.agency.is_active:
            return None
        held_on = timezone.localtime(interview.started_at or interview.scheduled_start).date()
        return {
            "agency_id": interview.agency_id,
            "year": held_on.year,
            "published_date": held_on,
            "title": interview.topic,
            "url": interview.get_absolute_url(),
            "body": interview.transcript_text,
        }
