"""The life of a solicitation: drafted, edited, given files, published, closed (by staff, or by
the daily job once ``closes_on`` has passed). Every function checks "solicitation.manage" for
the solicitation's agency, runs in one transaction and writes its audit event there; a period
shorter than 30 days is accepted only with a reason, which is stored and audited
("solicitation.short_period")."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import diff, record_event, snapshot
from gongkai.catalog import privacy
from gongkai.catalog.html import sanitize, to_text
from gongkai.solicitation import files
from gongkai.solicitation.models import FileRole, Kind, Solicitation, SolicitationFile, Status
from gongkai.solicitation.rules import (
    MIN_PERIOD_DAYS,
    Phase,
    display_date,
    needs_period_reason,
    period_days,
    phase_of,
)
from gongkai.solicitation.search_provider import sync_search
from gongkai.solicitation.services.common import locked, moment, require, require_status

EDITABLE_FIELDS = (
    "title",
    "summary",
    "draft_html",
    "explanation_html",
    "opens_on",
    "closes_on",
    "short_period_reason",
    "accepts_online",
    "comment_email",
    "comment_address",
    "comment_postcode",
    "contact_department",
    "contact_phone",
    "hearing_at",
    "hearing_place",
    "seats",
    "signup_instructions",
)
_TEXT_FIELDS = {
    "title",
    "summary",
    "short_period_reason",
    "comment_email",
    "comment_address",
    "comment_postcode",
    "contact_department",
    "contact_phone",
    "hearing_place",
    "signup_instructions",
}
_POSTCODE_RE = re.compile(r"^\d{6}$")


def _apply(solicitation: Solicitation, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        if name in _TEXT_FIELDS:
            value = (value or "").strip()
        if name in ("draft_html", "explanation_html"):
            value = sanitize(value or "")
        setattr(solicitation, name, value)
    solicitation.draft_text = to_text(solicitation.draft_html)
    solicitation.explanation_text = to_text(solicitation.explanation_html)


def _period_message(days: int) -> str:
    return _(
        "The period is %(days)s days, shorter than the %(min)s days usual for comments on a "
        "major administrative decision. Give the reason for the shorter period; it is recorded."
    ) % {"days": days, "min": MIN_PERIOD_DAYS}


def _validate(s: Solicitation) -> None:
    """The rules every saved solicitation keeps; all problems at once, by field."""
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not s.title:
        error("title", _("Enter the title."))
    if s.opens_on is None:
        error("opens_on", _("Enter the first day of the period."))
    if s.closes_on is None:
        error("closes_on", _("Enter the last day of the period."))
    if s.opens_on and s.closes_on:
        if s.closes_on < s.opens_on:
            error("closes_on", _("The last day cannot come before the first day."))
        elif needs_period_reason(s.kind, s.opens_on, s.closes_on):
            if not s.short_period_reason:
                error("short_period_reason", _period_message(period_days(s.opens_on, s.closes_on)))
        else:
            s.short_period_reason = ""
    if s.comment_postcode and not _POSTCODE_RE.match(s.comment_postcode):
        error("comment_postcode", _("A postcode has six digits."))
    if s.kind == Kind.SOLICITATION:
        if not (s.accepts_online or s.comment_email or s.comment_address):
            error(
                "accepts_online",
                _("Offer at least one way to comment: this website, e-mail or post."),
            )
    else:
        if s.hearing_at is None:
            error("hearing_at", _("Enter the date and time of the hearing."))
        elif s.closes_on and timezone.localdate(s.hearing_at) < s.closes_on:
            error(
                "hearing_at",
                _("The hearing cannot take place before registration closes."),
            )
        if not s.hearing_place:
            error("hearing_place", _("Enter where the hearing takes place."))
        if not s.seats:
            error("seats", _("Enter how many participants can take part."))
        if not s.signup_instructions:
            error(
                "signup_instructions", _("Explain who may sign up and how participants are chosen.")
            )
    if errors:
        raise ValidationError(errors)


def _record_short_period(actor, s: Solicitation, before: tuple | None) -> None:
    """Audit a period shorter than 30 days with its reason, when it is new or changed."""
    if not s.short_period_reason:
        return
    now = (s.opens_on, s.closes_on, s.short_period_reason)
    if before == now:
        return
    record_event(
        actor=actor,
        action="solicitation.short_period",
        obj=s,
        data={
            "days": period_days(s.opens_on, s.closes_on),
            "opens_on": s.opens_on,
            "closes_on": s.closes_on,
            "reason": s.short_period_reason,
        },
    )


@transaction.atomic
def solicitation_create(
    *, actor, agency: Agency, kind: str = Kind.SOLICITATION, **fields
) -> Solicitation:
    """A new draft of ``agency``. Raises ValidationError by field (a period shorter than 30
    days without a reason is one of them)."""
    if not can(actor, "solicitation.manage", agency=agency):
        raise PermissionDenied
    if kind not in Kind.values:
        raise ValidationError({"kind": [_("Choose what this is.")]})
    s = Solicitation(agency=agency, kind=kind, created_by=actor)
    _apply(s, {name: fields.get(name, _default(name)) for name in EDITABLE_FIELDS})
    _validate(s)
    s.save()
    record_event(actor=actor, action="solicitation.create", obj=s, data={"kind": kind})
    _record_short_period(actor, s, None)
    return s


def _default(name: str) -> Any:
    return {"accepts_online": True, "opens_on": None, "closes_on": None}.get(
        name, None if name in ("hearing_at", "seats") else ""
    )


@transaction.atomic
def solicitation_update(*, actor, solicitation: Solicitation, now=None, **fields) -> Solicitation:
    """Change a draft, or a published solicitation before it has closed. Once the period has
    begun its first day stays, and its last day may move later but not earlier (the public
    was told it had until then)."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    require_status(
        s,
        (Status.DRAFT, Status.PUBLISHED),
        _("A closed solicitation cannot be changed any more; only its feedback can."),
    )
    _now, today = moment(now)
    before = snapshot(s, list(EDITABLE_FIELDS))
    before_period = (s.opens_on, s.closes_on, s.short_period_reason)
    current = phase_of(s, today)
    _apply(s, fields)
    if s.status == Status.PUBLISHED:
        errors: dict[str, list[str]] = {}
        if current != Phase.UPCOMING and s.opens_on != before["opens_on"]:
            errors["opens_on"] = [_("The period has begun: its first day cannot change.")]
        elif current == Phase.UPCOMING and s.opens_on and s.opens_on < today:
            errors["opens_on"] = [_("The first day cannot be in the past.")]
        if current != Phase.UPCOMING and s.closes_on and s.closes_on < before["closes_on"]:
            errors["closes_on"] = [
                _("The period has begun: its last day may be moved later, not earlier.")
            ]
        if errors:
            raise ValidationError(errors)
    _validate(s)
    s.save()
    changes = diff(before, snapshot(s, list(EDITABLE_FIELDS)))
    for name in ("draft_html", "explanation_html", "summary", "signup_instructions"):
        if name in changes:
            changes[name] = ["…", "…"]  # long texts: that they changed, not the text twice
    if changes:
        record_event(actor=actor, action="solicitation.update", obj=s, data={"changes": changes})
    _record_short_period(actor, s, before_period)
    if s.status == Status.PUBLISHED:
        sync_search(s)
    return s


@transaction.atomic
def solicitation_attach(
    *, actor, solicitation: Solicitation, content: bytes, name: str, role: str = FileRole.DRAFT
) -> SolicitationFile:
    """Add a file (checked by content, documents only) before the solicitation closes."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    require_status(
        s, (Status.DRAFT, Status.PUBLISHED), _("A closed solicitation cannot be given new files.")
    )
    if role not in FileRole.values:
        raise ValidationError(_("Choose what the file is."), code="file")
    stored = files.store(s, content, name, role)
    record_event(
        actor=actor,
        action="solicitation.attach",
        obj=s,
        data={"file": stored.name, "role": role, "type": stored.kind, "size": stored.size},
    )
    if s.status == Status.PUBLISHED:
        sync_search(s)
    return stored


@transaction.atomic
def solicitation_detach(*, actor, file: SolicitationFile) -> None:
    s = locked(file.solicitation)
    require(actor, "solicitation.manage", s)
    require_status(
        s, (Status.DRAFT, Status.PUBLISHED), _("A closed solicitation's files cannot be removed.")
    )
    name = file.name
    file.file.delete(save=False)
    file.delete()
    record_event(actor=actor, action="solicitation.detach", obj=s, data={"file": name})
    if s.status == Status.PUBLISHED:
        sync_search(s)


def draft_findings(solicitation: Solicitation) -> list[privacy.Finding]:
    """What the catalog's privacy check finds in the texts and files about to be published."""
    texts = {
        "title": solicitation.title,
        "summary": solicitation.summary,
        "draft": solicitation.draft_text,
        "explanation": solicitation.explanation_text,
        "signup": solicitation.signup_instructions,
    }
    for f in solicitation.files.all():
        texts[f"file:{f.name}"] = f.text
    return privacy.scan(texts)


@transaction.atomic
def solicitation_publish(
    *, actor, solicitation: Solicitation, confirm_findings: bool = False, now=None
) -> Solicitation:
    """Draft → published. The period must not have ended; a solicitation needs its draft (text
    or file), a hearing its notice; what the privacy check finds must be confirmed."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    require_status(s, (Status.DRAFT,), _("Only a draft can be published."))
    now, today = moment(now)
    _validate(s)
    if s.closes_on < today:
        raise ValidationError(
            {"closes_on": [_("The period has already ended: change its dates first.")]}
        )
    has_draft_file = s.files.filter(role=FileRole.DRAFT).exists()
    if s.kind == Kind.SOLICITATION and not (s.draft_text or has_draft_file):
        raise ValidationError(
            {"draft_html": [_("Give the draft for comments: its text or a file.")]}
        )
    if s.kind == Kind.HEARING and not (s.summary or s.draft_text or has_draft_file):
        raise ValidationError({"summary": [_("Describe the matter of the hearing.")]})
    found = draft_findings(s)
    if found and not confirm_findings:
        raise ValidationError(
            _(
                "The privacy check found %(n)s places that look like personal data or "
                "sensitive words. Look at them and confirm that they may be published."
            )
            % {"n": len(found)},
            code="findings",
        )
    s.status = Status.PUBLISHED
    s.published_at = now
    s.save(update_fields=["status", "published_at", "updated_at"])
    sync_search(s)
    record_event(
        actor=actor,
        action="solicitation.publish",
        obj=s,
        data={
            "opens_on": s.opens_on,
            "closes_on": s.closes_on,
            "days": period_days(s.opens_on, s.closes_on),
            "short_period_reason": s.short_period_reason,
            "findings_confirmed": len(found),
        },
    )
    return s


@transaction.atomic
def solicitation_close(
    *, actor, solicitation: Solicitation, reason: str = "", now=None
) -> Solicitation:
    """Published → closed. Before the last day has passed this ends the period early, which
    needs a reason (shown on the public page)."""
    s = locked(solicitation)
    require(actor, "solicitation.manage", s)
    require_status(s, (Status.PUBLISHED,), _("Only a published solicitation can be closed."))
    now, today = moment(now)
    reason = (reason or "").strip()
    early = today <= s.closes_on
    if early and not reason:
        raise ValidationError(
            {
                "reason": [
                    _("The period runs until %(date)s: give the reason for ending it early.")
                    % {"date": display_date(s.closes_on)}
                ]
            }
        )
    _close(s, now, reason if early else "")
    record_event(
        actor=actor,
        action="solicitation.close",
        obj=s,
        data={"early": early, "reason": s.closed_early_reason},
    )
    return s


def _close(s: Solicitation, now: dt.datetime, early_reason: str) -> None:
    s.status = Status.CLOSED
    s.closed_at = now
    s.closed_early_reason = early_reason
    s.save(update_fields=["status", "closed_at", "closed_early_reason", "updated_at"])
    sync_search(s)


def solicitations_close_due(*, now=None) -> int:
    """The daily job: close every published solicitation whose last day has passed. Each one
    in its own transaction, audited with no actor; running it twice closes nothing twice."""
    now, today = moment(now)
    closed = 0
    due = Solicitation.objects.filter(status=Status.PUBLISHED, closes_on__lt=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            s = Solicitation.objects.select_for_update().select_related("agency").get(pk=pk)
            if s.status != Status.PUBLISHED or s.closes_on >= today:
                continue
            _close(s, now, "")
            record_event(
                actor=None,
                action="solicitation.close",
                obj=s,
                data={"automatic": True, "closes_on": s.closes_on},
            )
            closed += 1
    return closed
