"""Every change to a call or visit goes through these functions.

- ``contact_register``: a call or visit as it happens (or just after), by a 办理人;
- ``contact_answer``: answered on the spot (答复内容 recorded; concluded at once);
- ``contact_make_work_order``: turned into a letter of the interaction app (channel hotline or
  visit, through ``interaction.services.intake.message_register``), optionally dispatched at
  once to the responsible agency (the letter's own transfer, 转办); from then on the letter
  workflow applies;
- ``follow_up_record``: one attempt to call the caller back after the conclusion (回访).

Each takes keyword-only arguments and an ``actor``, re-checks ``message.handle`` for the
contact's agency, runs in one transaction and writes an audit event ``hotline.<verb>`` with
no personal data in it. A refused state is a ``ValidationError`` with a sentence for the user.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.casework.numbers import allocate_serial
from gongkai.hotline import rules
from gongkai.hotline.models import (
    Contact,
    ContactKind,
    ContactSequence,
    ContactStatus,
    FollowUp,
    FollowUpState,
)
from gongkai.interaction.models import Message, MessageChannel, MessageKind, MessageStatus, Rating

NUMBER_FORMAT = "RX{year}-{serial:06d}"
MAX_SUMMARY = 5000
MAX_ANSWER = 5000
MAX_TITLE = 100


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def _require(actor, agency: Agency) -> None:
    if not can(actor, "message.handle", agency=agency):
        raise PermissionDenied


def _locked(contact: Contact) -> Contact:
    return (
        Contact.objects.select_for_update(of=("self",))
        .select_related("agency", "message")
        .get(pk=contact.pk)
    )


def clean_contact_data(data: Mapping[str, Any], *, now: dt.datetime) -> dict[str, Any]:
    """The contact's fields checked and normalised; ``ValidationError`` {field: [messages]}
    naming each problem. Reads and writes nothing."""
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    c: dict[str, Any] = {
        "kind": _text(data, "kind"),
        "caller_name": _text(data, "caller_name"),
        "category": _text(data, "category"),
        # Free text stays as typed: NFKC would turn Chinese full-width punctuation into ASCII.
        "summary": str(data.get("summary") or "").strip(),
        "urgent": bool(data.get("urgent")),
    }
    if c["kind"] not in ContactKind.values:
        error("kind", _("Choose call or visit."))
    started_at = data.get("started_at")
    if not isinstance(started_at, dt.datetime):
        error("started_at", _("Enter the date and time of the call or visit."))
    else:
        if timezone.is_naive(started_at):
            started_at = timezone.make_aware(started_at)
        if started_at > now + dt.timedelta(minutes=5):
            error("started_at", _("The time of the call or visit lies in the future."))
    c["started_at"] = started_at
    duration = data.get("duration_minutes")
    visitors = data.get("visitors")
    c["duration_minutes"] = None
    c["visitors"] = 1
    if c["kind"] == ContactKind.CALL:
        if duration not in (None, ""):
            try:
                c["duration_minutes"] = int(duration)
            except (TypeError, ValueError):
                c["duration_minutes"] = -1
            if not 0 <= c["duration_minutes"] <= rules.MAX_CALL_MINUTES:
                error(
                    "duration_minutes",
                    _("A call lasts 0 to %(n)d minutes.") % {"n": rules.MAX_CALL_MINUTES},
                )
    elif c["kind"] == ContactKind.VISIT:
        try:
            c["visitors"] = int(visitors) if visitors not in (None, "") else 1
        except (TypeError, ValueError):
            c["visitors"] = 0
        if not 1 <= c["visitors"] <= rules.MAX_VISITORS:
            error(
                "visitors",
                _("Enter how many people came (1 to %(n)d).") % {"n": rules.MAX_VISITORS},
            )
    phone = _text(data, "caller_phone")
    c["caller_phone"] = ""
    if phone:
        normalized = rules.normalize_phone(phone)
        if normalized is None:
            error(
                "caller_phone",
                _(
                    "Enter a mobile number (13812345678), a landline with its area code "
                    "(0579-12345678) or leave it empty."
                ),
            )
        else:
            c["caller_phone"] = normalized
    if len(c["caller_name"]) > 50:
        error("caller_name", _("The name may be at most 50 characters long."))
    if c["kind"] == ContactKind.VISIT and not c["caller_name"]:
        error("caller_name", _("Enter the visitor's name (for a group, its representative's)."))
    if c["category"] not in MessageKind.values:
        error("category", _("Choose the type of the matter."))
    if not c["summary"]:
        error("summary", _("Write down what the caller wants."))
    elif len(c["summary"]) > MAX_SUMMARY:
        error(
            "summary",
            _("The summary may be at most %(n)d characters long.") % {"n": MAX_SUMMARY},
        )
    if errors:
        raise ValidationError(errors)
    return c


def contact_register(
    *, actor, agency: Agency, data: Mapping[str, Any], now: dt.datetime | None = None
) -> Contact:
    """Register a call or visit for ``agency`` (number RX<year>-<serial>, gap-free per year of
    the call). Audit ``hotline.register`` (kind, category, no caller data)."""
    _require(actor, agency)
    now = now or timezone.now()
    cleaned = clean_contact_data(data, now=now)
    with transaction.atomic():
        year = timezone.localtime(cleaned["started_at"]).year
        number = NUMBER_FORMAT.format(year=year, serial=allocate_serial(ContactSequence, year=year))
        contact = Contact.objects.create(
            agency=agency, number=number, registered_by=actor, **cleaned
        )
        record_event(
            actor=actor,
            action="hotline.register",
            obj=contact,
            data={
                "number": number,
                "kind": contact.kind,
                "category": contact.category,
                "urgent": contact.urgent,
                "visitors": contact.visitors,
            },
        )
    return contact


def _require_registered(contact: Contact) -> None:
    if contact.status != ContactStatus.REGISTERED:
        raise ValidationError(
            _("This call or visit was already answered on the spot or turned into a work order.")
        )


def contact_answer(
    *, actor, contact: Contact, answer: str, now: dt.datetime | None = None
) -> Contact:
    """当场答复: the answer given during the call or visit; the contact is concluded."""
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": [_("Write down the answer given.")]})
    if len(answer) > MAX_ANSWER:
        raise ValidationError(
            {"answer": [_("The answer may be at most %(n)d characters long.") % {"n": MAX_ANSWER}]}
        )
    now = now or timezone.now()
    with transaction.atomic():
        contact = _locked(contact)
        _require(actor, contact.agency)
        _require_registered(contact)
        if now < contact.started_at:
            raise ValidationError(_("An answer cannot be given before the call or visit."))
        contact.status = ContactStatus.ANSWERED
        contact.answer = answer
        contact.answered_at = now
        contact.answered_by = actor
        contact.save(update_fields=["status", "answer", "answered_at", "answered_by", "updated_at"])
        record_event(
            actor=actor, action="hotline.answer", obj=contact, data={"number": contact.number}
        )
    return contact


def _message_errors(exc: ValidationError) -> ValidationError:
    """The letter's field errors under the work-order form's names."""
    if not hasattr(exc, "error_dict"):
        return exc
    names = {"content": "summary", "writer_name": "caller_name", "writer_mobile": "caller_phone"}
    return ValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )


def _anonymous() -> str:
    # Stored in the letter: in the site's language, whoever registers it.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymous caller")


def contact_make_work_order(
    *,
    actor,
    contact: Contact,
    title: str,
    kind: str | None = None,
    content: str | None = None,
    publish_consent: bool = False,
    to_agency: Agency | None = None,
    dispatch_reason: str = "",
    now: dt.datetime | None = None,
) -> Message:
    """转为工单: a letter with the caller as its writer, received when the call or visit came
    (channel hotline or visit), linked to the contact. With ``to_agency`` the letter is at once
    dispatched there (转办, the letter's own transfer, with ``dispatch_reason``). The letter
    gets no query code the caller could use (he or she has no e-mail here); the office tells
    the caller the letter's number, and the follow-up call reports the result."""
    from gongkai.interaction.services.handling import message_transfer
    from gongkai.interaction.services.intake import message_register

    title = (title or "").strip()
    if to_agency is not None and not (dispatch_reason or "").strip():
        raise ValidationError(
            {"dispatch_reason": [_("Say why the matter goes to the other agency.")]}
        )
    with transaction.atomic():
        contact = _locked(contact)
        _require(actor, contact.agency)
        _require_registered(contact)
        channel = (
            MessageChannel.HOTLINE if contact.kind == ContactKind.CALL else MessageChannel.VISIT
        )
        data = {
            "kind": kind or contact.category,
            "title": title,
            "content": content if content is not None else contact.summary,
            "writer_name": contact.caller_name or _anonymous(),
            "writer_mobile": contact.caller_phone if rules.is_mobile(contact.caller_phone) else "",
            "publish_consent": publish_consent,
        }
        try:
            message, _code = message_register(
                actor=actor,
                agency=contact.agency,
                data=data,
                channel=channel,
                received_at=contact.started_at,
                phone_required=False,
            )
        except ValidationError as exc:
            raise _message_errors(exc) from exc
        contact.status = ContactStatus.WORK_ORDER
        contact.message = message
        contact.work_order_at = now or timezone.now()
        contact.save(update_fields=["status", "message", "work_order_at", "updated_at"])
        record_event(
            actor=actor,
            action="hotline.work_order",
            obj=contact,
            data={"number": contact.number, "message": message.number},
        )
        if to_agency is not None:
            message = message_transfer(
                actor=actor, message=message, to_agency=to_agency, reason=dispatch_reason, now=now
            )
    return message


def follow_up_record(
    *,
    actor,
    contact: Contact,
    reached: bool,
    satisfaction: str = "",
    note: str = "",
    now: dt.datetime | None = None,
) -> FollowUp:
    """回访: one attempt to call the caller back. Reached, his or her satisfaction is recorded
    on the contact (and, for a work order whose letter nobody rated yet, as the letter's rating
    through ``message_rate``, so that a 不满意 can reopen it). After the set number of failed
    attempts the follow-up is closed as not reachable. Audit ``hotline.follow_up``."""
    from gongkai.interaction.services.handling import message_rate

    note = (note or "").strip()[:2000]
    if reached and satisfaction not in Rating.values:
        raise ValidationError({"satisfaction": [_("Choose how satisfied the caller is.")]})
    if not reached and satisfaction:
        raise ValidationError(
            {"satisfaction": [_("Satisfaction is recorded only when the caller was reached.")]}
        )
    now = now or timezone.now()
    with transaction.atomic():
        contact = _locked(contact)
        _require(actor, contact.agency)
        if not contact.caller_phone:
            raise ValidationError(_("There is no number to call back."))
        since = rules.concluded_at(contact)
        if since is None or now < since:
            raise ValidationError(_("A follow-up call is made after the matter was concluded."))
        if not rules.follow_up_pending(contact):
            raise ValidationError(_("The follow-up of this call or visit is already done."))
        if contact.follow_up:  # a new round: the work order was replied again since
            contact.follow_up = FollowUpState.NONE
            contact.satisfaction = ""
            contact.follow_up_at = None
        follow_up = FollowUp.objects.create(
            contact=contact,
            at=now,
            reached=reached,
            satisfaction=satisfaction if reached else "",
            note=note,
            by=actor,
        )
        attempts = contact.follow_ups.filter(at__gte=since, reached=False).count()
        if reached:
            contact.follow_up = FollowUpState.DONE
            contact.satisfaction = satisfaction
            contact.follow_up_at = now
        elif attempts >= rules.follow_up_attempts():
            contact.follow_up = FollowUpState.UNREACHABLE
            contact.follow_up_at = now
        contact.save(update_fields=["follow_up", "satisfaction", "follow_up_at", "updated_at"])
        record_event(
            actor=actor,
            action="hotline.follow_up",
            obj=contact,
            data={
                "number": contact.number,
                "reached": reached,
                "satisfaction": satisfaction if reached else "",
                "state": contact.follow_up,
            },
        )
        message = contact.message
        if (
            reached
            and message is not None
            and message.status == MessageStatus.REPLIED
            and not message.rating
        ):
            message_rate(
                message=message,
                rating=satisfaction,
                comment=_("Given in the follow-up call."),
                now=now,
            )
    return follow_up
