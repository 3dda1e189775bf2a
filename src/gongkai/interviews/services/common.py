"""What the interview services share: the locked row, the permission and state checks, and
the version counter that the live page and the staff console poll.

Every service locks the interview row (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's
``BEGIN IMMEDIATE`` serialises writers anyway) before it checks the state, so a question
cannot slip in while the interview is being ended, and two changes of one interview get
consecutive versions in commit order.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.interviews import live
from gongkai.interviews.models import Interview
from gongkai.interviews.permissions import require

__all__ = ["bump_version", "locked", "now_or", "require", "require_status"]


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def locked(interview: Interview) -> Interview:
    """The interview re-read under a row lock (call inside ``transaction.atomic``)."""
    return Interview.objects.select_for_update().select_related("agency").get(pk=interview.pk)


def require_status(interview: Interview, allowed: Iterable[str], message: str) -> None:
    if interview.status not in tuple(allowed):
        raise ValidationError(message % {"status": interview.get_status_display()})


def bump_version(interview: Interview, *fields: str) -> int:
    """The interview's next version, saved with ``fields``; the cached version is forgotten
    once the transaction commits (never before: a poll must not see an uncommitted change)."""
    interview.version += 1
    interview.save(update_fields=["version", "updated_at", *fields])
    pk = interview.pk
    transaction.on_commit(lambda: live.forget(pk))
    return interview.version
