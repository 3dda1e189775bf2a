"""What the topic services share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.permissions import can
from gongkai.catalog.privacy import Kind, scan
from gongkai.topics.models import TopicRequest

# What counts as personal data in the texts that go public (a sensitive word is the
# moderator's judgement, not the proposer's mistake).
PERSONAL_KINDS = frozenset({Kind.ID_NUMBER, Kind.MOBILE, Kind.BANK_CARD, Kind.EMAIL})
PUBLIC_FIELDS = ("title", "description", "reason")


class TopicError(ValidationError):
    """A step that is not possible in the topic's state, with the reason in words."""


def locked(topic: TopicRequest) -> TopicRequest:
    return TopicRequest.objects.select_for_update().select_related("agency").get(pk=topic.pk)


def require(actor, action: str, agency) -> None:
    if not can(actor, action, agency=agency):
        raise PermissionDenied


def personal_data_errors(texts: dict[str, str]) -> dict[str, list[str]]:
    """Field → messages for personal data (ID, mobile, bank card, e-mail) in public texts."""
    errors: dict[str, list[str]] = {}
    for finding in scan(texts):
        if finding.kind in PERSONAL_KINDS:
            messages = errors.setdefault(finding.location, [])
            if finding.message not in messages:
                messages.append(finding.message)
    return errors


def refresh_index(topic: TopicRequest) -> None:
    from gongkai.search.services import refresh_object

    refresh_object(kind="topic", obj=topic)
