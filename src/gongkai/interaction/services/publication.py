"""Publishing a replied letter: only with the writer's consent, never a 举报, and only the
reviewed public copy, checked with the catalog's personal-information scan.

``message_publication_prepare`` (the handler) drafts the public copy — title, content and
reply — starting from the originals with every finding of ``catalog.privacy.scan`` masked;
``message_publish`` (a 审核员 or 领导) publishes it after confirming that no personal data is
left: the copy is scanned again and every remaining finding must have been cleared by the
reviewer one by one (its fingerprint passed in ``cleared``), so nothing slips through unseen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.catalog.privacy import Finding, scan
from gongkai.interaction.models import Message, MessageKind, MessageStatus, PublicationStatus
from gongkai.interaction.services import _common as c

PUBLIC_FIELDS = ("public_title", "public_content", "public_reply")


def _masked(text: str) -> str:
    findings = scan({"text": text})
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.masked + text[f.end :]
    return text


def masked_copy(message: Message) -> dict[str, str]:
    """The originals with every finding of the scan masked: where the public copy starts."""
    return {
        "public_title": _masked(message.title)[:100],
        "public_content": _masked(message.content),
        "public_reply": _masked(message.reply),
    }


def public_findings(message: Message) -> list[Finding]:
    """What the personal-information scan finds in the public copy (plus the writer's own
    name, mobile, e-mail and address wherever they appear in it)."""
    texts = {name: getattr(message, name) for name in PUBLIC_FIELDS}
    return scan(texts, words=_writer_words(message))


def _writer_words(message: Message) -> list[str]:
    from gongkai.catalog.privacy import _sensitive_words  # the site's list, plus the writer

    words = list(_sensitive_words(None))
    for value in (
        message.writer_name,
        message.writer_mobile,
        message.writer_email,
        message.writer_address,
    ):
        if value and len(value) >= 2:
            words.append(value)
    return words


def _check_publishable(message: Message) -> None:
    if message.kind == MessageKind.REPORT:
        raise c.MessageError(_("A report (举报) is never published."))
    if not message.publish_consent:
        raise c.MessageError(_("The writer did not agree to publication."))
    if message.status != MessageStatus.REPLIED:
        raise c.MessageError(_("Only a replied letter can be published."))


def message_publication_prepare(
    *,
    actor,
    message: Message,
    public_title: str | None = None,
    public_content: str | None = None,
    public_reply: str | None = None,
    now: dt.datetime | None = None,
) -> Message:
    """Draft (or edit) the public copy; without texts, start from the originals, masked."""
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.handle", message)
        _check_publishable(message)
        if message.publication == PublicationStatus.PUBLISHED:
            raise c.MessageError(_("The letter is already published; withdraw it first."))
        message.public_title = (
            public_title if public_title is not None else _masked(message.title)
        ).strip()[:100]
        message.public_content = (
            public_content if public_content is not None else _masked(message.content)
        ).strip()
        message.public_reply = (
            public_reply if public_reply is not None else _masked(message.reply)
        ).strip()
        if not (message.public_title and message.public_content and message.public_reply):
            raise c.MessageError(_("The public copy needs a title, the letter and the reply."))
        message.publication = PublicationStatus.PROPOSED
        c.save(message, [*PUBLIC_FIELDS, "publication"])
        c.step(
            message,
            "publication_proposed",
            _("Public copy prepared for review."),
            public=False,
            actor=actor,
            at=now,
        )
        record_event(actor=actor, action="message.publication_prepare", obj=message)
    return message


def message_publish(
    *,
    actor,
    message: Message,
    confirm_no_personal_data: bool,
    cleared: Iterable[str] = (),
    now: dt.datetime | None = None,
) -> Message:
    """A 审核员 or 领导 publishes the prepared public copy. Refused unless the reviewer
    confirms that personal data was removed and every finding still in the copy was cleared
    by its fingerprint."""
    now = now or timezone.now()
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.review", message)
        _check_publishable(message)
        if message.publication != PublicationStatus.PROPOSED:
            raise c.MessageError(_("Prepare the public copy before publishing it."))
        if not confirm_no_personal_data:
            raise c.MessageError(_("Confirm that the public copy contains no personal data."))
        remaining = [f for f in public_findings(message) if f.fingerprint not in set(cleared)]
        if remaining:
            raise c.MessageError(
                _("The public copy still contains possible personal data: %(list)s")
                % {"list": "; ".join(f"{f.masked} ({f.message})" for f in remaining)}
            )
        message.publication = PublicationStatus.PUBLISHED
        message.published_at = now
        message.published_by = actor
        c.save(message, ["publication", "published_at", "published_by"])
        c.step(
            message,
            "published",
            _("The letter and its reply were published on the website."),
            public=True,
            actor=actor,
            at=now,
        )
        record_event(actor=actor, action="message.publish", obj=message)
    return message


def message_unpublish(*, actor, message: Message, reason: str) -> Message:
    reason = (reason or "").strip()
    if not reason:
        raise c.MessageError(_("Say why the letter is withdrawn from the website."))
    with transaction.atomic():
        message = c.locked(message)
        c.require(actor, "message.review", message)
        if message.publication != PublicationStatus.PUBLISHED:
            raise c.MessageError(_("The letter is not published."))
        message.publication = PublicationStatus.WITHDRAWN
        c.save(message, ["publication"])
        c.step(
            message,
            "unpublished",
            _("Withdrawn from the website: %(reason)s") % {"reason": reason},
            public=False,
            actor=actor,
        )
        record_event(actor=actor, action="message.unpublish", obj=message, data={"reason": reason})
    return message
