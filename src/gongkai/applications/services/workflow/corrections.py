"""补正 (Art. 30): the one-time correction notice, the supplement that restarts the clock, and
the lapse when no supplement came."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.clock import correction_notice_deadline
from gongkai.applications.models import Application, Correction, Status
from gongkai.applications.outcomes import Outcome
from gongkai.applications.services.clock import calendar_for, refresh_clock
from gongkai.applications.services.workflow._common import (
    WorkflowError,
    _calendar_error,
    _locked,
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


@transaction.atomic
def correction_send(
    *,
    actor,
    application: Application,
    what: str,
    deadline: dt.date,
    sent_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Correction:
    """Record the one-time 补正 notice: status → CORRECTION and the clock stops (it restarts
    from the day the supplement arrives).

    Allowed once per application, on or before the 7th working day after receipt
    (``correction_notice_deadline``), with a supplement deadline on or after the notice day.
    """
    today, now = _today(today), _now(now)
    sent_on = sent_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.REGISTERED, Status.HANDLING),
        _("This application is “%(status)s”; a correction notice cannot be sent now."),
    )
    if _related(application, "correction") is not None:
        raise WorkflowError(
            _("A correction notice was already sent; the law allows only one (一次性告知)."),
            code="correction_once",
        )
    if not what.strip():
        raise WorkflowError({"what": _("Say what the applicant must supplement.")}, code="required")
    _not_before_receipt(application, sent_on, "sent_on")
    _not_future(sent_on, today, "sent_on")
    try:
        last_day = correction_notice_deadline(
            application.received_on,
            calendar_for(application.received_on),
            count_start_day=getattr(settings, "GONGKAI_COUNT_START_DAY", False),
        )
    except CalendarMissing as exc:
        raise _calendar_error(exc) from exc
    if sent_on > last_day:
        raise WorkflowError(
            {
                "sent_on": _(
                    "A correction notice must be sent within 7 working days of receipt, that is on "
                    "or before %(date)s."
                )
                % {"date": format_cn_date(last_day)}
            },
            code="correction_too_late",
        )
    if deadline < sent_on:
        raise WorkflowError(
            {"deadline": _("The supplement deadline cannot be before the notice is sent.")},
            code="deadline_before_notice",
        )
    correction = Correction.objects.create(
        application=application, sent_on=sent_on, what=what.strip(), deadline=deadline
    )
    application.status = Status.CORRECTION
    _save(application, ["status"])
    refresh_clock(application)
    _step(
        application,
        kind="correction_sent",
        text=_public(
            lambda: (
                _(
                    "Your application needs to be supplemented (补正). Please send the supplement by "
                    "%(deadline)s. The time limit for the answer starts again on the day the "
                    "supplemented application is received."
                )
                % {"deadline": format_cn_date(deadline)}
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.correction_send",
        obj=application,
        data={"sent_on": sent_on, "deadline": deadline, "what": correction.what},
    )
    return correction


@transaction.atomic
def correction_supplement(
    *,
    actor,
    application: Application,
    received_on: dt.date,
    text: str = "",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Correction:
    """Record that the supplement arrived: the 20 working days run again from ``received_on``;
    status → HANDLING (REGISTERED when nobody is assigned yet).

    A supplement after the deadline is accepted as long as the lapse has not been recorded
    (the agency may accept a good reason for the delay).
    """
    today, now = _today(today), _now(now)
    application = _locked(application)
    _require(actor, "application.handle", application)
    _require_status(
        application,
        (Status.CORRECTION,),
        _("This application is “%(status)s”; it is not waiting for a supplement."),
    )
    correction = application.correction
    if received_on < correction.sent_on:
        raise WorkflowError(
            {"received_on": _("The supplement cannot arrive before the notice was sent.")},
            code="before_notice",
        )
    _not_future(received_on, today, "received_on")
    correction.supplemented_on = received_on
    correction.supplement_text = text
    correction.save(update_fields=["supplemented_on", "supplement_text"])
    application.status = Status.HANDLING if application.handler_id else Status.REGISTERED
    _save(application, ["status"])
    state = refresh_clock(application)
    due = state.due_date if state else None
    _step(
        application,
        kind="correction_supplemented",
        text=_public(
            lambda: (
                _("Your supplement was received on %(date)s. The answer is due by %(due)s.")
                % {"date": format_cn_date(received_on), "due": format_cn_date(due)}
                if due
                else _("Your supplement was received on %(date)s.")
                % {"date": format_cn_date(received_on)}
            )
        ),
        actor=actor,
        now=now,
        public=True,
    )
    record_event(
        actor=actor,
        action="application.correction_supplement",
        obj=application,
        data={"received_on": received_on, "due_date": application.due_date},
    )
    return correction


def correction_lapse(
    *, actor, application: Application, today: dt.date | None = None, now=None
) -> Application:
    """The supplement deadline passed without a supplement: the application is deemed
    abandoned and decided as 其他处理 1 (``Outcome.OTHER_NO_CORRECTION``) on ``today``.
    The reply letter is then issued by the letters module."""
    today = _today(today)
    return application_decide(
        actor=actor,
        application=application,
        outcome=Outcome.OTHER_NO_CORRECTION,
        decided_on=today,
        today=today,
        now=now,
    )
