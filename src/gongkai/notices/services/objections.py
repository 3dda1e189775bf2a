"""Objections (异议) to a notice: sent by the public through the form during the period, entered
by staff when they came by phone, letter or in person, read (audited) and handled — verified,
with a finding and a note of the answer — by staff holding "notice.objections".

An objection is private to the agency: nothing here writes it to the search index or to any
public page, and the audit events record that an objection came, never what it says or who
sent it.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date
from gongkai.notices.models import Channel, Finding, Notice, Objection, Status
from gongkai.notices.rules import Phase, clean_objection, phase_of
from gongkai.notices.services.common import locked, moment, require, require_status


def clean_objection_data(data: dict) -> dict[str, str]:
    """The cleaned name, phone and text, or ValidationError by field."""
    values, errors = clean_objection(data)
    if errors:
        raise ValidationError(errors)
    return values


def objection_refusal(notice: Notice, today: dt.date) -> str:
    """Why the public cannot object through the website today ("" when it can)."""
    current = phase_of(notice, today)
    if current == Phase.IN_PERIOD:
        if not notice.accepts_online:
            return _("This notice takes objections by phone or letter only.")
        return ""
    if current in (Phase.DRAFT, Phase.SUBMITTED, Phase.UPCOMING):
        return _("The period of this notice has not begun.")
    return _("The period ended on %(date)s; objections are no longer taken.") % {
        "date": format_cn_date(notice.ends_on)
    }


@transaction.atomic
def objection_submit(*, notice: Notice, data: dict, now=None) -> Objection:
    """An objection from the public through the website, on a day of the period. No actor:
    the audit event says only that one came (and whether it is anonymous)."""
    n = locked(notice)
    now, today = moment(now)
    refusal = objection_refusal(n, today)
    if refusal:
        raise ValidationError(refusal, code="closed")
    values = clean_objection_data(data)
    objection = Objection.objects.create(
        notice=n,
        channel=Channel.ONLINE,
        received_on=today,
        submitted_at=now,
        **values,
    )
    record_event(
        actor=None,
        action="notice.objection_received",
        obj=n,
        data={
            "objection": objection.pk,
            "channel": Channel.ONLINE,
            "anonymous": objection.is_anonymous,
        },
    )
    return objection


@transaction.atomic
def objection_register(
    *, actor, notice: Notice, channel: str, received_on: dt.date, data: dict, now=None
) -> Objection:
    """An objection that came by phone, letter or in person, entered by staff. It must have
    been received within the period (a letter may be entered after the last day when it was
    received in time), and before the result is recorded."""
    n = locked(notice)
    require(actor, "notice.objections", n)
    require_status(
        n,
        (Status.PUBLISHED,),
        _("Objections can be entered until the result of the notice is recorded."),
    )
    now, today = moment(now)
    errors: dict[str, list[str]] = {}
    if channel not in Channel.values or channel == Channel.ONLINE:
        errors["channel"] = [_("Choose how the objection was received.")]
    if received_on is None:
        errors["received_on"] = [_("Enter the day the objection was received.")]
    elif received_on > today:
        errors["received_on"] = [_("The day received cannot be in the future.")]
    elif not (n.starts_on <= received_on <= n.ends_on):
        errors["received_on"] = [
            _(
                "Only objections received during the period (%(start)s to %(end)s) are "
                "objections to this notice; answer a later one as an ordinary letter."
            )
            % {"start": format_cn_date(n.starts_on), "end": format_cn_date(n.ends_on)}
        ]
    values, problems = clean_objection(data)
    for field, messages in problems.items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    objection = Objection.objects.create(
        notice=n,
        channel=channel,
        received_on=received_on,
        submitted_at=now,
        registered_by=actor,
        **values,
    )
    record_event(
        actor=actor,
        action="notice.objection_registered",
        obj=n,
        data={"objection": objection.pk, "channel": channel, "received_on": received_on},
    )
    return objection


@transaction.atomic
def objection_reveal(*, actor, objection: Objection) -> Objection:
    """Read one objection with the name and phone its sender gave: audited each time."""
    require(actor, "notice.objections", objection.notice)
    record_event(
        actor=actor,
        action="notice.objection_viewed",
        obj=objection.notice,
        data={"objection": objection.pk},
    )
    return objection


@transaction.atomic
def objection_handle(
    *, actor, objection: Objection, finding: str, reply_note: str, now=None
) -> Objection:
    """Record what the verification found and how the sender was answered. May be done again
    (a later correction) until the notice is closed."""
    n = locked(objection.notice)
    require(actor, "notice.objections", n)
    require_status(
        n,
        (Status.PUBLISHED, Status.RESULT),
        _("The notice is closed: its objections cannot be changed any more."),
    )
    now, _today = moment(now)
    errors: dict[str, list[str]] = {}
    if finding not in Finding.values:
        errors["finding"] = [_("Choose what the verification found.")]
    reply_note = (reply_note or "").strip()
    if not reply_note:
        errors["reply_note"] = [
            _("Note how the objection was verified and how the sender was answered.")
        ]
    if errors:
        raise ValidationError(errors)
    o = Objection.objects.select_for_update().get(pk=objection.pk)
    again = o.is_handled
    o.finding = finding
    o.reply_note = reply_note
    o.handled_at = now
    o.handled_by = actor
    o.save(update_fields=["finding", "reply_note", "handled_at", "handled_by"])
    record_event(
        actor=actor,
        action="notice.objection_handled",
        obj=n,
        data={"objection": o.pk, "finding": finding, "again": again},
    )
    return o
