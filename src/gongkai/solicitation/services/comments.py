"""Comments: sent by the public through the website during the period, or registered by staff
(received by e-mail or post, heard at a hearing); moderated before anything is shown.

A comment is shown publicly only once a 审核员 approves it, and then as its ``public_text``:
the text with personal data removed. The moderator is shown what the privacy check finds; the
commenter's own name, phone number and e-mail address can never be let through, other findings
only when the moderator confirms them. Audit events never carry the contact details.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.audit.services import record_event
from gongkai.solicitation import privacy
from gongkai.solicitation.models import (
    Channel,
    Comment,
    CommentStatus,
    Kind,
    Solicitation,
    Status,
)
from gongkai.solicitation.rules import (
    clean_contact,
    clean_text,
    display_date,
    input_refusal,
)
from gongkai.solicitation.search_provider import sync_search
from gongkai.solicitation.services.common import locked, moment, require, require_status


def clean_comment_data(data, *, contact_required: bool = True) -> dict[str, str]:
    """A comment's fields checked and normalised; ValidationError by field otherwise. Reads
    and writes nothing."""
    errors: dict[str, list[str]] = {}
    if contact_required:
        contact = clean_contact(data, errors)
    else:
        contact = {name: " ".join(str(data.get(name) or "").split()) for name in ("name", "phone")}
        contact["email"] = str(data.get("email") or "").strip().lower()
    nickname = " ".join(str(data.get("nickname") or "").split())
    if len(nickname) > 30:
        errors.setdefault("nickname", []).append(_("A nickname has at most 30 characters."))
    problem = privacy.nickname_problem(nickname, name=contact["name"])
    if problem:
        errors.setdefault("nickname", []).append(problem)
    section = " ".join(str(data.get("section") or "").split())
    if len(section) > 100:
        errors.setdefault("section", []).append(
            _("Name the article or section in at most 100 characters.")
        )
    text = clean_text(data.get("text"), "text", errors, required=True)
    if errors:
        raise ValidationError(errors)
    return {**contact, "nickname": nickname, "section": section, "text": text}


@transaction.atomic
def comment_submit(*, solicitation: Solicitation, data, now=None) -> Comment:
    """A comment sent through the website (no account, no actor): accepted only while the
    solicitation is open and takes comments online. Pending until moderated."""
    s = locked(solicitation)
    now, today = moment(now)
    if s.kind != Kind.SOLICITATION or not s.accepts_online:
        raise ValidationError(_("This solicitation does not take comments through the website."))
    refusal = input_refusal(s, today)
    if refusal:
        raise ValidationError(refusal, code="closed")
    values = clean_comment_data(data)
    comment = Comment.objects.create(
        solicitation=s,
        channel=Channel.ONLINE,
        received_on=today,
        submitted_at=now,
        **values,
    )
    record_event(
        actor=None,
        action="solicitation.comment_submit",
        obj=s,
        data={"comment": comment.pk, "channel": Channel.ONLINE},
    )
    return comment


@transaction.atomic
def comment_register(
    *, actor, solicitation: Solicitation, channel: str, received_on: dt.date, data, now=None
) -> Comment:
    """A comment that reached the office another way (e-mail, post, in person) or an opinion
    stated at a hearing, entered by staff so that the feedback counts it. For a solicitation
    it must have been received within the period."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    require_status(
        s,
        (Status.PUBLISHED, Status.CLOSED),
        _("Comments can be entered from publication until the feedback is published."),
    )
    now, today = moment(now)
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values or channel == Channel.ONLINE:
        errors["channel"] = [_("Choose how the comment was received.")]
    elif channel == Channel.HEARING and s.kind != Kind.HEARING:
        errors["channel"] = [_("Only a hearing has statements made at the hearing.")]
    if received_on is None:
        errors["received_on"] = [_("Enter the day it was received.")]
    elif received_on > today:
        errors["received_on"] = [_("The day it was received cannot be in the future.")]
    elif received_on < s.opens_on:
        errors["received_on"] = [
            _("The period began on %(date)s.") % {"date": display_date(s.opens_on)}
        ]
    elif s.kind == Kind.SOLICITATION and received_on > s.closes_on:
        errors["received_on"] = [
            _("The period ended on %(date)s; later comments are not counted.")
            % {"date": display_date(s.closes_on)}
        ]
    try:
        values = clean_comment_data(data, contact_required=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
        values = {}
    if errors:
        raise ValidationError(errors)
    comment = Comment.objects.create(
        solicitation=s, channel=channel, received_on=received_on, submitted_at=now, **values
    )
    record_event(
        actor=actor,
        action="solicitation.comment_register",
        obj=s,
        data={"comment": comment.pk, "channel": channel, "received_on": received_on},
    )
    return comment


def _locked_comment(comment: Comment) -> tuple[Comment, Solicitation]:
    s = locked(comment.solicitation)
    return Comment.objects.select_for_update().get(pk=comment.pk), s


def _moderatable(s: Solicitation) -> None:
    require_status(
        s,
        (Status.PUBLISHED, Status.CLOSED),
        _("Once the feedback is published, the comments can no longer be moderated."),
    )


def comment_spots(comment: Comment, text: str | None = None) -> list[privacy.Spot]:
    """What the moderator must look at in ``text`` (default: the comment as received)."""
    return privacy.spots(
        comment.text if text is None else text,
        name=comment.name,
        phone=comment.phone,
        email=comment.email,
    )


def suggested_public_text(comment: Comment) -> str:
    """The comment with every finding replaced by the redaction mark (the moderator's start)."""
    return privacy.redact(comment.text, comment_spots(comment))


@transaction.atomic
def comment_approve(
    *,
    actor,
    comment: Comment,
    public_text: str | None = None,
    confirm_findings: bool = False,
    now=None,
) -> Comment:
    """Show the comment publicly as ``public_text`` (default: as received). Refused while the
    text shows the commenter's own contact details, or other findings the moderator has not
    confirmed. A rejected comment may be approved on second thought."""
    comment, s = _locked_comment(comment)
    require(actor, "solicitation.moderate", s)
    _moderatable(s)
    if comment.status == CommentStatus.APPROVED:
        raise ValidationError(_("This comment is already shown."), code="bad_transition")
    now, _today = moment(now)
    text = (comment.text if public_text is None else public_text).replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"public_text": [_("The text to be shown cannot be empty.")]})
    found = comment_spots(comment, text)
    if any(spot.own_contact for spot in found):
        raise ValidationError(
            {
                "public_text": [
                    _(
                        "The text to be shown still contains the commenter's name, phone "
                        "number or e-mail address: remove them."
                    )
                ]
            }
        )
    if found and not confirm_findings:
        raise ValidationError(
            {
                "public_text": [
                    _(
                        "The text to be shown still contains what looks like personal data "
                        "(marked above): remove it, or confirm that it may be shown."
                    )
                ]
            }
        )
    if privacy.nickname_problem(comment.nickname, name=comment.name):
        comment.nickname = ""  # shown as 公众意见 instead
    comment.public_text = text
    comment.redacted = text != comment.text.replace("\r\n", "\n").strip()
    comment.findings_confirmed = bool(found)
    comment.status = CommentStatus.APPROVED
    comment.rejection_reason = ""
    comment.moderated_at, comment.moderated_by = now, actor
    comment.save()
    sync_search(s)
    record_event(
        actor=actor,
        action="solicitation.comment_approve",
        obj=s,
        data={
            "comment": comment.pk,
            "redacted": comment.redacted,
            "findings_confirmed": len(found),
        },
    )
    return comment


@transaction.atomic
def comment_reject(*, actor, comment: Comment, reason: str, now=None) -> Comment:
    """Do not show the comment (or stop showing it), with the reason; it leaves any feedback
    entry it was in."""
    comment, s = _locked_comment(comment)
    require(actor, "solicitation.moderate", s)
    _moderatable(s)
    if comment.status == CommentStatus.REJECTED:
        raise ValidationError(_("This comment is already not shown."), code="bad_transition")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason for not showing the comment.")]})
    now, _today = moment(now)
    was_shown = comment.status == CommentStatus.APPROVED
    comment.status = CommentStatus.REJECTED
    comment.rejection_reason = reason
    comment.public_text = ""
    comment.entry = None
    comment.moderated_at, comment.moderated_by = now, actor
    comment.save()
    if was_shown:
        sync_search(s)
    record_event(
        actor=actor,
        action="solicitation.comment_reject",
        obj=s,
        data={"comment": comment.pk, "reason": reason, "was_shown": was_shown},
    )
    return comment


def may_see_contact(user, solicitation: Solicitation) -> bool:
    return can(user, "solicitation.manage", agency=solicitation.agency) or can(
        user, "solicitation.moderate", agency=solicitation.agency
    )


@transaction.atomic
def comment_reveal_contact(*, actor, comment: Comment) -> dict[str, str]:
    """The commenter's name, phone and e-mail, for the office to get in touch; every look is
    audited ("solicitation.comment_contact_view")."""
    s = comment.solicitation
    if not may_see_contact(actor, s):
        raise PermissionDenied
    record_event(
        actor=actor, action="solicitation.comment_contact_view", obj=s, data={"comment": comment.pk}
    )
    return {"name": comment.name, "phone": comment.phone, "email": comment.email}
