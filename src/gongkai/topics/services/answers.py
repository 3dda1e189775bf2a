"""The agency's public answer to a topic, and the daily flag of promises not kept."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.applications.notify import send_after_commit
from gongkai.audit.services import record_event
from gongkai.catalog.models import Item
from gongkai.core.dates import format_cn_date
from gongkai.topics.models import AnswerKind, TopicRequest, TopicStatus

from ._common import TopicError, locked, refresh_index, require


def _valid_url(url: str) -> bool:
    parts = urlparse(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@transaction.atomic
def topic_answer(
    *,
    actor,
    topic: TopicRequest,
    kind: str,
    text: str = "",
    promised_by: dt.date | None = None,
    item: Item | None = None,
    url: str = "",
    today: dt.date | None = None,
) -> TopicRequest:
    """Answer an approved topic publicly (信息员 or 机关管理员 of its agency, ``topic.answer``):

    - "will publish": by ``promised_by`` (required, not in the past);
    - "already published": with a link — a published item of the catalog or a URL (required);
    - "cannot": with the reason in ``text`` (required).

    A "will publish" answer is later replaced by "already published" (or another answer); an
    "already published" answer is final. The proposer is e-mailed when an address was given."""
    topic = locked(topic)
    require(actor, "topic.answer", topic.agency)
    today = today or timezone.localdate()
    if topic.status not in (TopicStatus.APPROVED, TopicStatus.ANSWERED):
        raise TopicError(_("Only an approved topic can be answered."), code="bad_transition")
    if topic.answer_kind == AnswerKind.PUBLISHED:
        raise TopicError(
            _("The information has been published; the answer is final."), code="bad_transition"
        )
    text, url = (text or "").strip(), (url or "").strip()
    if kind not in AnswerKind.values:
        raise TopicError({"kind": _("Choose the answer.")})
    values = {"promised_by": None, "item": None, "url": ""}
    if kind == AnswerKind.WILL_PUBLISH:
        if promised_by is None:
            raise TopicError({"promised_by": _("Give the date by which it will be published.")})
        if promised_by < today:
            raise TopicError({"promised_by": _("The date cannot be in the past.")})
        values["promised_by"] = promised_by
    elif kind == AnswerKind.PUBLISHED:
        if item is None and not url:
            raise TopicError(
                {"url": _("Give the link: choose the published information or enter its address.")}
            )
        if item is not None and not item.is_public:
            raise TopicError({"item": _("This information is not published.")})
        if url and not _valid_url(url):
            raise TopicError({"url": _("Enter a web address beginning with http:// or https://.")})
        values["item"], values["url"] = item, url
    elif not text:
        raise TopicError({"text": _("Give the reason why it cannot be published.")})
    previous = topic.answer_kind
    topic.answer_kind, topic.answer_text = kind, text
    topic.promised_by, topic.item, topic.url = values["promised_by"], values["item"], values["url"]
    topic.status, topic.answered_on, topic.answered_by = TopicStatus.ANSWERED, today, actor
    topic.overdue_flagged_on = None
    topic.save()
    record_event(
        actor=actor,
        action="topic.answer",
        obj=topic,
        data={
            "kind": kind,
            "previous": previous,
            "promised_by": values["promised_by"],
            "item": item.pk if item else None,
            "url": url,
        },
    )
    refresh_index(topic)
    if topic.email:
        send_after_commit(
            to=[topic.email],
            subject=_("%(agency)s has answered your topic “%(title)s”")
            % {"agency": topic.agency.name, "title": topic.title},
            body=_("The answer is on the topic's page: %(kind)s.")
            % {"kind": AnswerKind(kind).label},
        )
    return topic


def _officer_emails(topic: TopicRequest) -> list[str]:
    from gongkai.accounts.models import Role, RoleAssignment

    return sorted(
        {
            email
            for email in RoleAssignment.objects.filter(
                agency_id=topic.agency_id,
                role__in=[Role.OFFICER, Role.AGENCY_ADMIN],
                user__is_active=True,
            ).values_list("user__email", flat=True)
            if email
        }
    )


def flag_overdue(now: dt.datetime) -> str:
    """The ``gongkai tick`` job: flag every "will publish" answer whose date has passed with
    no link yet, once per promise (the flag is the record; a new answer clears it), and
    e-mail the agency's information officers and administrators."""
    from django.conf import settings
    from django.utils import translation

    today = timezone.localdate(now)
    flagged = 0
    qs = TopicRequest.objects.filter(
        status=TopicStatus.ANSWERED,
        answer_kind=AnswerKind.WILL_PUBLISH,
        promised_by__lt=today,
        overdue_flagged_on__isnull=True,
    ).select_related("agency")
    with translation.override(settings.LANGUAGE_CODE):
        for topic in qs.iterator(chunk_size=200):
            with transaction.atomic():
                updated = TopicRequest.objects.filter(
                    pk=topic.pk, overdue_flagged_on__isnull=True
                ).update(overdue_flagged_on=today)
                if not updated:
                    continue
                record_event(
                    actor=None,
                    action="topic.overdue",
                    obj=topic,
                    data={"promised_by": topic.promised_by},
                )
                send_after_commit(
                    to=_officer_emails(topic),
                    subject=_("Promise not kept: topic “%(title)s”") % {"title": topic.title},
                    body=_(
                        "%(agency)s promised to publish the information asked for in the topic "
                        "“%(title)s” by %(date)s. Publish it and give the link, or change the "
                        "answer."
                    )
                    % {
                        "agency": topic.agency.name,
                        "title": topic.title,
                        "date": format_cn_date(topic.promised_by),
                    },
                )
            flagged += 1
    return f"{flagged} topic promises flagged as overdue"
