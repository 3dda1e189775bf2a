"""Consultation of third parties (Art. 32) and co-producing agencies (Art. 34): the letter,
its receipt, the reply or the deemed consent. The time of a consultation does not count."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.clock import consultation_reply_due
from gongkai.applications.models import Application, Consultation, ConsultationKind
from gongkai.applications.services.clock import calendar_for, refresh_clock
from gongkai.applications.services.workflow._common import (
    ACTIVE,
    WorkflowError,
    _calendar_error,
    _locked,
    _locked_child,
    _not_before_receipt,
    _not_future,
    _now,
    _public,
    _require,
    _require_status,
    _step,
    _today,
)
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date
from gongkai.workdays.calendar import CalendarMissing


def _reply_due(day: dt.date) -> dt.date:
    try:
        return consultation_reply_due(day, calendar_for(day))
    except CalendarMissing as exc:
        raise _calendar_error(exc) from exc


@transaction.atomic
def consultation_send(
    *,
    actor,
    application: Application,
    kind: str,
    party: str,
    sent_on: dt.date | None = None,
    party_received_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Record a written consultation of a third party (Art. 32) or a co-producing agency
    (Art. 34). The reply is due 15 working days after the party received the letter (after
    ``sent_on`` until the receipt is known); from ``sent_on`` to the reply, or to the end of the
    reply period, the answer period does not run. Overlapping consultations count once."""
    today, now = _today(today), _now(now)
    sent_on = sent_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        ACTIVE,
        _("This application is “%(status)s”; a consultation cannot be started now."),
    )
    if kind not in ConsultationKind.values:
        raise WorkflowError({"kind": _("Choose whom you consult.")}, code="invalid")
    if not party.strip():
        raise WorkflowError({"party": _("Name the party consulted.")}, code="required")
    _not_before_receipt(application, sent_on, "sent_on")
    _not_future(sent_on, today, "sent_on")
    if party_received_on is not None and party_received_on < sent_on:
        raise WorkflowError(
            {"party_received_on": _("The letter cannot be received before it was sent.")},
            code="before_sent",
        )
    consultation = Consultation.objects.create(
        application=application,
        kind=kind,
        party=party.strip(),
        sent_on=sent_on,
        party_received_on=party_received_on,
        reply_due=_reply_due(party_received_on or sent_on),
    )
    refresh_clock(application)
    _step(
        application,
        kind="consultation_sent",
        text=_public(
            lambda: _(
                "Your application concerns a third party or another agency, whose opinion has "
                "been asked in writing. The time of the consultation is not counted in the time "
                "limit for the answer."
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.consultation_send",
        obj=application,
        data={
            "consultation": consultation.pk,
            "kind": kind,
            "party": consultation.party,
            "sent_on": sent_on,
            "reply_due": consultation.reply_due,
        },
    )
    return consultation


@transaction.atomic
def consultation_party_received(
    *,
    actor,
    consultation: Consultation,
    party_received_on: dt.date,
    now: dt.datetime | None = None,
) -> Consultation:
    """Record when the party received the letter: the reply period is recounted from then."""
    now = _now(now)
    consultation, application = _locked_child(consultation)
    _require(actor, "application.handle", application)
    if consultation.replied_on is not None:
        raise WorkflowError(_("The party has already replied."), code="replied")
    if party_received_on < consultation.sent_on:
        raise WorkflowError(
            {"party_received_on": _("The letter cannot be received before it was sent.")},
            code="before_sent",
        )
    consultation.party_received_on = party_received_on
    consultation.reply_due = _reply_due(party_received_on)
    consultation.save(update_fields=["party_received_on", "reply_due"])
    refresh_clock(application)
    _step(
        application,
        kind="consultation_received",
        text=_("%(party)s received the consultation letter on %(date)s; reply due %(due)s.")
        % {
            "party": consultation.party,
            "date": format_cn_date(party_received_on),
            "due": format_cn_date(consultation.reply_due),
        },
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.consultation_party_received",
        obj=application,
        data={"consultation": consultation.pk, "party_received_on": party_received_on},
    )
    return consultation


@transaction.atomic
def consultation_record_reply(
    *,
    actor,
    consultation: Consultation,
    replied_on: dt.date,
    agrees: bool | None,
    summary: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Record the party's reply; the pause ends on ``replied_on`` (or at the end of the reply
    period if the reply came later)."""
    today, now = _today(today), _now(now)
    consultation, application = _locked_child(consultation)
    _require(actor, "application.handle", application)
    if consultation.replied_on is not None:
        raise WorkflowError(_("The reply was already recorded."), code="replied")
    if replied_on < consultation.sent_on:
        raise WorkflowError(
            {"replied_on": _("The reply cannot come before the letter was sent.")},
            code="before_sent",
        )
    _not_future(replied_on, today, "replied_on")
    consultation.replied_on = replied_on
    consultation.agrees = agrees
    consultation.reply_summary = summary
    consultation.save(update_fields=["replied_on", "agrees", "reply_summary"])
    refresh_clock(application)
    _step(
        application,
        kind="consultation_replied",
        text=_("%(party)s replied on %(date)s.")
        % {"party": consultation.party, "date": format_cn_date(replied_on)},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.consultation_reply",
        obj=application,
        data={"consultation": consultation.pk, "replied_on": replied_on, "agrees": agrees},
    )
    return consultation


@transaction.atomic
def consultation_deem_consent(
    *,
    actor,
    consultation: Consultation,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Consultation:
    """Art. 34: a co-producing agency that has not replied by the end of the reply period is
    deemed to consent (``agrees=True``; the pause ends on ``reply_due``). Not for third
    parties: for them the agency decides (Art. 32)."""
    today, now = _today(today), _now(now)
    consultation, application = _locked_child(consultation)
    _require(actor, "application.handle", application)
    if consultation.kind != ConsultationKind.AGENCY:
        raise WorkflowError(
            _("Only a co-producing agency's silence counts as consent."), code="third_party"
        )
    if consultation.replied_on is not None or consultation.agrees is not None:
        raise WorkflowError(_("The reply was already recorded."), code="replied")
    if consultation.reply_due is None or today <= consultation.reply_due:
        raise WorkflowError(
            _("The reply period has not ended yet (%(date)s).")
            % {"date": format_cn_date(consultation.reply_due)},
            code="not_yet",
        )
    consultation.agrees = True
    consultation.reply_summary = _("No reply within the reply period: deemed to consent.")
    consultation.save(update_fields=["agrees", "reply_summary"])
    _step(
        application,
        kind="consultation_consent",
        text=_("%(party)s did not reply by %(date)s and is deemed to consent to disclosure.")
        % {"party": consultation.party, "date": format_cn_date(consultation.reply_due)},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.consultation_deem_consent",
        obj=application,
        data={"consultation": consultation.pk, "reply_due": consultation.reply_due},
    )
    return consultation
