"""The life of an interview: create, edit, announce, start, end, archive, delete a draft.

Each function checks ``interview.manage`` for the interview's agency (PermissionDenied),
refuses an illegal state with a translated ValidationError, writes the audit event
``interview.<verb>`` in the same transaction and raises the interview's version so open
pages see the change. Archiving also stores the transcript and puts it in the search index,
in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency, Leader
from gongkai.audit.services import record_event
from gongkai.catalog.files import RejectedFile, check_upload
from gongkai.interviews.models import Guest, Interview, QuestionStatus, Status
from gongkai.interviews.services.common import (
    bump_version,
    locked,
    now_or,
    require,
    require_status,
)

MAX_GUESTS = 10
IMAGE_KINDS = ("png", "jpeg")
IMAGE_MAX_BYTES = 5 * 1024 * 1024
EDITABLE = (Status.DRAFT, Status.ANNOUNCED)


@dataclass(frozen=True)
class GuestData:
    """A guest as entered: a leader of the agency (name and post taken from the record when
    left empty) or a name and post typed in."""

    name: str = ""
    post: str = ""
    leader: Leader | None = None


def _clean_guests(agency: Agency, guests: list[GuestData]) -> list[GuestData]:
    cleaned = []
    for guest in guests:
        leader = guest.leader
        if leader is not None and leader.agency_id != agency.pk:
            raise ValidationError(
                {"guests": _("A guest linked to a leader must be a leader of this agency.")}
            )
        name = (guest.name or (leader.name if leader else "")).strip()
        post = (guest.post or (leader.title if leader else "")).strip()
        if not name and not post:
            continue
        if not name or not post:
            raise ValidationError({"guests": _("Give every guest a name and a post.")})
        if len(name) > 50 or len(post) > 100:
            raise ValidationError(
                {"guests": _("A guest's name has at most 50 characters, the post at most 100.")}
            )
        cleaned.append(GuestData(name=name, post=post, leader=leader))
    if len(cleaned) > MAX_GUESTS:
        raise ValidationError(
            {"guests": _("An interview has at most %(n)d guests.") % {"n": MAX_GUESTS}}
        )
    return cleaned


def _clean_facts(
    topic: str, host: str, scheduled_start: dt.datetime, scheduled_end: dt.datetime
) -> dict:
    errors: dict[str, str] = {}
    topic, host = (topic or "").strip(), (host or "").strip()
    if not topic:
        errors["topic"] = _("Give the topic of the interview.")
    elif len(topic) > 200:
        errors["topic"] = _("The topic has at most 200 characters.")
    if not host:
        errors["host"] = _("Give the name of the host.")
    elif len(host) > 50:
        errors["host"] = _("The host's name has at most 50 characters.")
    if scheduled_start is None:
        errors["scheduled_start"] = _("Give the time the interview starts.")
    if scheduled_end is None:
        errors["scheduled_end"] = _("Give the time the interview ends.")
    if scheduled_start and scheduled_end and scheduled_end <= scheduled_start:
        errors["scheduled_end"] = _("The interview must end after it starts.")
    if errors:
        raise ValidationError(errors)
    return {
        "topic": topic,
        "host": host,
        "scheduled_start": scheduled_start,
        "scheduled_end": scheduled_end,
    }


def check_image(upload) -> None:
    """A picture of the interview must be a PNG or JPEG file of at most 5 MB."""
    if upload is None:
        return
    try:
        kind = check_upload(upload, upload.name, max_bytes=IMAGE_MAX_BYTES)
    except RejectedFile as exc:
        raise ValidationError({"image": exc.message}) from None
    if kind.code not in IMAGE_KINDS:
        raise ValidationError({"image": _("The picture must be a PNG or JPEG file.")})


def _set_guests(interview: Interview, guests: list[GuestData]) -> None:
    interview.guests.all().delete()
    Guest.objects.bulk_create(
        Guest(interview=interview, leader=g.leader, name=g.name, post=g.post, sort_order=i)
        for i, g in enumerate(guests)
    )


@transaction.atomic
def interview_create(
    *,
    actor,
    agency: Agency,
    topic: str,
    host: str,
    scheduled_start: dt.datetime,
    scheduled_end: dt.datetime,
    summary: str = "",
    guests: list[GuestData] = (),
    image=None,
) -> Interview:
    """A new draft interview of ``agency`` with its guests. Event ``interview.create``."""
    if not can(actor, "interview.manage", agency=agency):
        raise PermissionDenied
    facts = _clean_facts(topic, host, scheduled_start, scheduled_end)
    cleaned = _clean_guests(agency, list(guests))
    check_image(image)
    interview = Interview.objects.create(
        agency=agency,
        summary=(summary or "").strip(),
        created_by=actor,
        **facts,
    )
    if image is not None:
        interview.image.save(image.name, image, save=True)
    _set_guests(interview, cleaned)
    record_event(
        actor=actor,
        action="interview.create",
        obj=interview,
        data={"topic": interview.topic, "guests": len(cleaned)},
    )
    return interview


@transaction.atomic
def interview_edit(
    *,
    actor,
    interview: Interview,
    topic: str,
    host: str,
    scheduled_start: dt.datetime,
    scheduled_end: dt.datetime,
    summary: str = "",
    guests: list[GuestData] = (),
    image=None,
    remove_image: bool = False,
) -> Interview:
    """Change the facts and guests of a draft or announced interview (the guests are
    replaced; nobody has answered yet). Event ``interview.edit``."""
    interview = locked(interview)
    require(actor, "interview.manage", interview)
    require_status(
        interview,
        EDITABLE,
        _("This interview is “%(status)s”; only a draft or an announced interview can be edited."),
    )
    facts = _clean_facts(topic, host, scheduled_start, scheduled_end)
    cleaned = _clean_guests(interview.agency, list(guests))
    check_image(image)
    changed = [name for name, value in facts.items() if getattr(interview, name) != value] + (
        ["summary"] if interview.summary != (summary or "").strip() else []
    )
    for name, value in facts.items():
        setattr(interview, name, value)
    interview.summary = (summary or "").strip()
    if (remove_image or image is not None) and interview.image:
        interview.image.delete(save=False)
        changed.append("image")
    if image is not None:
        interview.image.save(image.name, image, save=False)
    _set_guests(interview, cleaned)
    bump_version(interview, "topic", "host", "scheduled_start", "scheduled_end", "summary", "image")
    record_event(
        actor=actor,
        action="interview.edit",
        obj=interview,
        data={"changed": changed, "guests": len(cleaned)},
    )
    return interview


def _transition(
    *,
    actor,
    interview: Interview,
    verb: str,
    allowed: tuple[str, ...],
    target: str,
    stamp: str,
    message: str,
    now: dt.datetime | None,
    check=None,
) -> Interview:
    interview = locked(interview)
    require(actor, "interview.manage", interview)
    require_status(interview, allowed, message)
    if check is not None:
        check(interview)
    interview.status = target
    setattr(interview, stamp, now_or(now))
    bump_version(interview, "status", stamp)
    record_event(
        actor=actor,
        action=f"interview.{verb}",
        obj=interview,
        data={"status": target},
    )
    return interview


def _has_guests(interview: Interview) -> None:
    if not interview.guests.exists():
        raise ValidationError(_("Add at least one guest before announcing the interview."))


@transaction.atomic
def interview_announce(*, actor, interview: Interview, now: dt.datetime | None = None) -> Interview:
    """Draft → announced: the interview is public and takes questions. Needs a guest."""
    return _transition(
        actor=actor,
        interview=interview,
        verb="announce",
        allowed=(Status.DRAFT,),
        target=Status.ANNOUNCED,
        stamp="announced_at",
        message=_("This interview is “%(status)s”; only a draft can be announced."),
        now=now,
        check=_has_guests,
    )


@transaction.atomic
def interview_start(*, actor, interview: Interview, now: dt.datetime | None = None) -> Interview:
    """Announced → live: answers from now on count as answered live. Event ``interview.start``."""
    return _transition(
        actor=actor,
        interview=interview,
        verb="start",
        allowed=(Status.ANNOUNCED,),
        target=Status.LIVE,
        stamp="started_at",
        message=_("This interview is “%(status)s”; only an announced interview can start."),
        now=now,
    )


@transaction.atomic
def interview_end(*, actor, interview: Interview, now: dt.datetime | None = None) -> Interview:
    """Live → ended: no more questions; the rest are answered afterwards."""
    return _transition(
        actor=actor,
        interview=interview,
        verb="end",
        allowed=(Status.LIVE,),
        target=Status.ENDED,
        stamp="ended_at",
        message=_("This interview is “%(status)s”; only a live interview can end."),
        now=now,
    )


def _all_settled(interview: Interview) -> None:
    questions = interview.questions
    pending = questions.filter(status=QuestionStatus.PENDING).count()
    if pending:
        raise ValidationError(
            ngettext(
                "%(n)d question still waits for moderation: approve or reject it first.",
                "%(n)d questions still wait for moderation: approve or reject them first.",
                pending,
            )
            % {"n": pending}
        )
    unanswered = questions.filter(status=QuestionStatus.APPROVED, answer__isnull=True).count()
    if unanswered:
        raise ValidationError(
            ngettext(
                "%(n)d approved question has no answer yet: answer it before archiving.",
                "%(n)d approved questions have no answer yet: answer them before archiving.",
                unanswered,
            )
            % {"n": unanswered}
        )


@transaction.atomic
def interview_archive(*, actor, interview: Interview, now: dt.datetime | None = None) -> Interview:
    """Ended → archived, once every question is moderated and every approved one answered:
    the transcript is stored as HTML and text (and shown unchanged from then on) and the
    interview enters the search index. Event ``interview.archive``."""
    from gongkai.interviews.transcript import render_transcript
    from gongkai.search.services import refresh_object

    interview = _transition(
        actor=actor,
        interview=interview,
        verb="archive",
        allowed=(Status.ENDED,),
        target=Status.ARCHIVED,
        stamp="archived_at",
        message=_("This interview is “%(status)s”; only an ended interview can be archived."),
        now=now,
        check=_all_settled,
    )
    interview.transcript_html, interview.transcript_text = render_transcript(interview)
    interview.save(update_fields=["transcript_html", "transcript_text", "updated_at"])
    refresh_object(kind="interview", obj=interview)
    return interview


@transaction.atomic
def interview_delete(*, actor, interview: Interview) -> None:
    """Delete a draft (nothing of it was ever public). Event ``interview.delete``."""
    interview = locked(interview)
    require(actor, "interview.manage", interview)
    require_status(
        interview,
        (Status.DRAFT,),
        _("This interview is “%(status)s”; only a draft can be deleted."),
    )
    record_event(
        actor=actor,
        action="interview.delete",
        obj=interview,
        data={"topic": interview.topic},
    )
    if interview.image:
        interview.image.delete(save=False)
    interview.delete()
