"""Moderating a topic before it is public (审核员), and routing it to the right agency (公开办)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.applications.notify import send_after_commit
from gongkai.audit.services import record_event
from gongkai.topics.models import TopicRequest, TopicStatus
from gongkai.topics.permissions import can_route

from ._common import PUBLIC_FIELDS, TopicError, locked, personal_data_errors, refresh_index, require
from .intake import LIMITS


def _notify_proposer(topic: TopicRequest, subject: str, body: str) -> None:
    if topic.email:
        send_after_commit(to=[topic.email], subject=subject, body=body)


@transaction.atomic
def topic_approve(
    *,
    actor,
    topic: TopicRequest,
    edits: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> TopicRequest:
    """A 审核员 of the topic's agency makes it public, optionally with the public texts edited
    (title, description, reason: e.g. to take out something personal). Refused while those
    texts contain personal data. The topic enters the search index; the proposer is told."""
    topic = locked(topic)
    require(actor, "topic.moderate", topic.agency)
    if topic.status != TopicStatus.PENDING:
        raise TopicError(_("This topic has already been moderated."), code="bad_transition")
    edited = []
    for field, value in (edits or {}).items():
        if field not in PUBLIC_FIELDS or value is None:
            continue
        value = value.strip()
        if value != getattr(topic, field):
            setattr(topic, field, value[: LIMITS[field]])
            edited.append(field)
    if not topic.title or not topic.description:
        raise TopicError(
            {"title" if not topic.title else "description": _("This text cannot be empty.")}
        )
    errors = personal_data_errors({field: getattr(topic, field) for field in PUBLIC_FIELDS})
    if errors:
        raise TopicError(
            {
                field: [
                    _("%(found)s Take it out before the topic is made public.")
                    % {"found": " ".join(messages)}
                ]
                for field, messages in errors.items()
            }
        )
    topic.status = TopicStatus.APPROVED
    topic.moderated_at, topic.moderated_by = now or timezone.now(), actor
    topic.save()
    record_event(actor=actor, action="topic.approve", obj=topic, data={"edited": edited})
    refresh_index(topic)
    _notify_proposer(
        topic,
        _("Your topic “%(title)s” is public") % {"title": topic.title},
        _(
            "Your topic “%(title)s” has been published on the website; %(agency)s will answer "
            "it there. Others may support it."
        )
        % {"title": topic.title, "agency": topic.agency.name},
    )
    return topic


@transaction.atomic
def topic_reject(
    *, actor, topic: TopicRequest, reason: str, now: dt.datetime | None = None
) -> TopicRequest:
    """A 审核员 does not accept the topic (it stays private); the reason is required and is
    e-mailed to the proposer when an address was given."""
    topic = locked(topic)
    require(actor, "topic.moderate", topic.agency)
    if topic.status != TopicStatus.PENDING:
        raise TopicError(_("This topic has already been moderated."), code="bad_transition")
    reason = (reason or "").strip()
    if not reason:
        raise TopicError({"reason": _("Give the reason; the proposer is told.")})
    topic.status, topic.reject_reason = TopicStatus.REJECTED, reason
    topic.moderated_at, topic.moderated_by = now or timezone.now(), actor
    topic.save()
    record_event(actor=actor, action="topic.reject", obj=topic, data={"reason": reason})
    _notify_proposer(
        topic,
        _("Your topic “%(title)s” was not accepted") % {"title": topic.title},
        _("Your topic “%(title)s” was not accepted for publication: %(reason)s")
        % {"title": topic.title, "reason": reason},
    )
    return topic


@transaction.atomic
def topic_route(
    *, actor, topic: TopicRequest, agency: Agency, now: dt.datetime | None = None
) -> TopicRequest:
    """The 公开办 sends a topic that waits for moderation or for its answer to the agency that
    should answer it (one it supervises)."""
    topic = locked(topic)
    if not can_route(actor, topic, agency):
        raise PermissionDenied
    if topic.status not in (TopicStatus.PENDING, TopicStatus.APPROVED):
        raise TopicError(
            _("Only a topic that has not been answered or refused can be routed."),
            code="bad_transition",
        )
    if not agency.is_active or agency.pk == topic.agency_id:
        raise TopicError({"agency": _("Choose another agency.")})
    previous = topic.agency
    topic.agency = agency
    topic.routed_at, topic.routed_by = now or timezone.now(), actor
    topic.save()
    record_event(
        actor=actor,
        action="topic.route",
        obj=topic,
        agency=agency,
        data={"from": previous.pk, "to": agency.pk},
    )
    refresh_index(topic)
    return topic
