"""信息处理费 (RULES.md §1.5): the fee notice, its receipt by the applicant, the payment, and
the lapse when the payment period ends unpaid."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from gongkai.applications.clock import fee_payment_due
from gongkai.applications.fees import FeeMethod, per_item_fee, per_page_fee
from gongkai.applications.models import Application, FeeNotice, Status
from gongkai.applications.outcomes import Outcome
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
    _related,
    _require,
    _require_status,
    _save,
    _step,
    _today,
)
from gongkai.applications.services.workflow.decisions import application_decide
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date
from gongkai.workdays.calendar import CalendarMissing


def earlier_items_this_month(application: Application) -> int:
    """Items of the same applicant counted earlier in the natural month of receipt, for the
    per-item fee.

    Decision (RULES.md §1.5 counts "per applicant per natural month"; the rules say nothing
    more): an applicant is one ``(id_type, id_number)`` at one agency (each agency charges
    its own fee), the month is that of ``received_on``, and "earlier" means received before
    this application (same day: lower id). Each earlier application counts as the units of
    its per-item fee notice, or as 1 item when it had none (free items count too).
    """
    if application.received_on is None:
        return 0
    month_start = application.received_on.replace(day=1)
    earlier = Application.objects.filter(
        agency_id=application.agency_id,
        id_type=application.id_type,
        id_number=application.id_number,
        received_on__gte=month_start,
    ).filter(
        Q(received_on__lt=application.received_on)
        | Q(received_on=application.received_on, pk__lt=application.pk)
    )
    charged = earlier.filter(fee__method=FeeMethod.PER_ITEM)
    units = charged.aggregate(n=Sum("fee__units"))["n"] or 0
    return units + earlier.exclude(pk__in=charged.values("pk")).count()


@transaction.atomic
def fee_notice_send(
    *,
    actor,
    application: Application,
    method: str,
    units: int,
    sent_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FeeNotice:
    """Record the fee notice (收费通知): one method, once per application, within the
    answer period, and only when there is something to pay. Status → FEE."""
    today, now = _today(today), _now(now)
    sent_on = sent_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        ACTIVE,
        _("This application is “%(status)s”; a fee notice cannot be sent now."),
    )
    if _related(application, "fee") is not None:
        raise WorkflowError(
            _("A fee notice was already sent for this application."), code="fee_once"
        )
    if method not in FeeMethod.values:
        raise WorkflowError({"method": _("Choose how the fee is counted.")}, code="invalid")
    if units < 1:
        raise WorkflowError({"units": _("Give at least one item or page.")}, code="invalid")
    _not_before_receipt(application, sent_on, "sent_on")
    _not_future(sent_on, today, "sent_on")
    if application.due_date and sent_on > application.due_date:
        raise WorkflowError(
            {
                "sent_on": _("A fee notice must be sent within the answer period (by %(date)s).")
                % {"date": format_cn_date(application.due_date)}
            },
            code="after_due",
        )
    earlier = 0
    if method == FeeMethod.PER_ITEM:
        earlier = earlier_items_this_month(application)
        amount = per_item_fee(earlier_items_this_month=earlier, items=units)
    else:
        amount = per_page_fee(units)
    if amount <= Decimal(0):
        raise WorkflowError(
            {
                "units": _(
                    "Nothing is payable for this number of items or pages; no fee notice is needed."
                )
            },
            code="free",
        )
    fee = FeeNotice.objects.create(
        application=application,
        method=method,
        units=units,
        earlier_items=earlier,
        amount=amount,
        sent_on=sent_on,
    )
    application.status = Status.FEE
    _save(application, ["status"])
    refresh_clock(application)
    _step(
        application,
        kind="fee_sent",
        text=_public(
            lambda: (
                _(
                    "A fee notice for an information processing fee of %(amount)s yuan has been "
                    "sent to you. Please pay within 20 working days from the day after you receive "
                    "it; otherwise the application is deemed withdrawn."
                )
                % {"amount": amount}
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.fee_notice_send",
        obj=application,
        data={"method": method, "units": units, "earlier_items": earlier, "amount": amount},
    )
    return fee


def _locked_fee(actor, fee: FeeNotice, day: dt.date, field: str, before_sent: str, today):
    """The fee notice and its application, locked, after the checks that receiving and paying
    share: a handler, a case waiting for its fee, ``day`` neither before the notice was sent
    nor in the future."""
    fee, application = _locked_child(fee)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.FEE,),
        _("This application is “%(status)s”; it is not waiting for a fee."),
    )
    if day < fee.sent_on:
        raise WorkflowError({field: before_sent}, code="before_sent")
    _not_future(day, today, field)
    return fee, application


@transaction.atomic
def fee_notice_received(
    *,
    actor,
    fee: FeeNotice,
    received_on: dt.date,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FeeNotice:
    """Record when the applicant received the fee notice: ``pay_by`` = 20 working days from
    the day after (``fee_payment_due``)."""
    today, now = _today(today), _now(now)
    fee, application = _locked_fee(
        actor,
        fee,
        received_on,
        "received_on",
        _("The notice cannot be received before it was sent."),
        today,
    )
    try:
        pay_by = fee_payment_due(received_on, calendar_for(received_on))
    except CalendarMissing as exc:
        raise _calendar_error(exc) from exc
    fee.received_on, fee.pay_by = received_on, pay_by
    fee.save(update_fields=["received_on", "pay_by"])
    refresh_clock(application)
    _step(
        application,
        kind="fee_received",
        text=_public(
            lambda: _("Please pay the fee by %(date)s.") % {"date": format_cn_date(pay_by)}
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.fee_notice_received",
        obj=application,
        data={"received_on": received_on, "pay_by": pay_by},
    )
    return fee


@transaction.atomic
def fee_paid(
    *,
    actor,
    fee: FeeNotice,
    paid_on: dt.date,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> FeeNotice:
    """Record the payment: status → HANDLING."""
    today, now = _today(today), _now(now)
    fee, application = _locked_fee(
        actor,
        fee,
        paid_on,
        "paid_on",
        _("The fee cannot be paid before the notice was sent."),
        today,
    )
    fee.paid_on = paid_on
    fee.save(update_fields=["paid_on"])
    application.status = Status.HANDLING
    _save(application, ["status"])
    refresh_clock(application)
    _step(
        application,
        kind="fee_paid",
        text=_public(
            lambda: _("Your payment of %(date)s was received.") % {"date": format_cn_date(paid_on)}
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.fee_paid",
        obj=application,
        data={"paid_on": paid_on, "amount": fee.amount},
    )
    return fee


def fee_lapse(*, actor, fee: FeeNotice, today: dt.date | None = None, now=None) -> Application:
    """The payment period ended unpaid: the application is deemed abandoned and decided as
    其他处理 2 (``Outcome.OTHER_FEE_UNPAID``) on ``today``."""
    today = _today(today)
    return application_decide(
        actor=actor,
        application=fee.application,
        outcome=Outcome.OTHER_FEE_UNPAID,
        decided_on=today,
        today=today,
        now=now,
    )
