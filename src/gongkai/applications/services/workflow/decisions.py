"""The decision (Arts. 36–39): exactly one outcome of annual-report Table 2, the transfer to
the agency that holds the information, and the checks of the lapses (其他处理 1/2)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.applications.models import Application, Status
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.services.clock import refresh_clock
from gongkai.applications.services.workflow._common import (
    ACTIVE,
    WorkflowError,
    _locked,
    _not_before_receipt,
    _not_future,
    _now,
    _related,
    _require,
    _require_status,
    _save,
    _step,
    _today,
)
from gongkai.audit.services import record_event
from gongkai.core.dates import format_cn_date


def _check_lapse(application: Application, outcome: str, decided_on: dt.date) -> None:
    """其他处理 1/2 are reached only from a notice whose period has ended unanswered."""
    if outcome == Outcome.OTHER_NO_CORRECTION:
        correction = _related(application, "correction")
        if application.status != Status.CORRECTION or correction is None:
            raise WorkflowError(
                _("Only an application waiting for a supplement can lapse for want of it."),
                code="bad_transition",
            )
        if decided_on <= correction.deadline:
            raise WorkflowError(
                _("The supplement deadline (%(date)s) has not passed yet.")
                % {"date": format_cn_date(correction.deadline)},
                code="not_yet",
            )
        correction.lapsed_on = decided_on
        correction.save(update_fields=["lapsed_on"])
    else:
        fee = _related(application, "fee")
        if application.status != Status.FEE or fee is None:
            raise WorkflowError(
                _("Only an application waiting for a fee can lapse for want of payment."),
                code="bad_transition",
            )
        if fee.pay_by is None or decided_on <= fee.pay_by:
            raise WorkflowError(
                _(
                    "The payment period has not ended yet; record when the applicant received "
                    "the fee notice first if that is not done."
                ),
                code="not_yet",
            )
        fee.lapsed_on = decided_on
        fee.save(update_fields=["lapsed_on"])


@transaction.atomic
def application_decide(
    *,
    actor,
    application: Application,
    outcome: str,
    reason: str | None = None,
    provided: str = "",
    referral_agency: str = "",
    referral_contact: str = "",
    decided_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """Decide the case with exactly one outcome of annual-report Table 2: status → DECIDED.

    ``reason`` defaults to the outcome's standard sentence (``outcomes.RULES``); where that
    sentence ends with a colon (部分公开, 公开出版物) or is empty (其他处理 3) the handler must
    complete it. 予以公开/部分公开 need ``provided`` (what was provided and how). 本机关不掌握
    may name the agency that holds the information (name and contact, both or neither).
    其他处理 1/2 need a 补正 / fee notice whose period has ended (see ``correction_lapse``,
    ``fee_lapse``). The reply letter is issued by the letters module.
    """
    today, now = _today(today), _now(now)
    decided_on = decided_on or today
    application = _locked(application)
    _require(actor, "application.handle", application)
    if outcome not in Outcome.values:
        raise WorkflowError({"outcome": _("Choose an outcome.")}, code="invalid")
    rule = RULES[outcome]
    lapse = outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID)
    if not lapse:
        _require_status(
            application,
            ACTIVE,
            _("This application is “%(status)s”; it cannot be decided now."),
        )
    _not_before_receipt(application, decided_on, "decided_on")
    _not_future(decided_on, today, "decided_on")
    errors: dict[str, str] = {}
    reason = (rule.reason if reason is None else reason).strip()
    if not reason or (rule.reason.endswith("：") and reason == rule.reason):
        errors["reason"] = _("Complete the reasons for this outcome.")
    provided = provided.strip()
    if rule.provides_information and not provided:
        errors["provided"] = _("Say what information is provided, and how.")
    if provided and not rule.provides_information:
        errors["provided"] = _("Nothing is provided with this outcome.")
    referral_agency, referral_contact = referral_agency.strip(), referral_contact.strip()
    if referral_agency or referral_contact:
        if not rule.needs_referral:
            errors["referral_agency"] = _(
                "Another agency is named only when this agency does not hold the information."
            )
        elif not referral_agency:
            errors["referral_agency"] = _("Name the agency that holds the information.")
        elif not referral_contact:
            errors["referral_contact"] = _("Give that agency's contact details.")
    if outcome == Outcome.UNAVAILABLE_UNCLEAR:
        correction = _related(application, "correction")
        if correction is None or correction.supplemented_on is None:
            errors["outcome"] = _(
                "This outcome applies only after a correction notice has been answered."
            )
    if errors:
        raise WorkflowError(errors, code="invalid")
    if lapse:
        _check_lapse(application, outcome, decided_on)
    before = application.status
    application.outcome = outcome
    application.outcome_reason = reason
    application.provided = provided
    application.referral_agency = referral_agency
    application.referral_contact = referral_contact
    application.decided_on = decided_on
    application.status = Status.DECIDED
    _save(
        application,
        [
            "outcome",
            "outcome_reason",
            "provided",
            "referral_agency",
            "referral_contact",
            "decided_on",
            "status",
        ],
    )
    refresh_clock(application)
    _step(
        application,
        kind="decided",
        text=_("Decided: %(outcome)s.") % {"outcome": application.get_outcome_display()},
        actor=actor,
        now=now,
        public=False,
    )
    record_event(
        actor=actor,
        action="application.decide",
        obj=application,
        data={
            "outcome": outcome,
            "decided_on": decided_on,
            "status": [before, Status.DECIDED],
            "referral_agency": referral_agency,
        },
    )
    return application


def application_transfer(
    *,
    actor,
    application: Application,
    agency_name: str,
    contact: str,
    reason: str | None = None,
    decided_on: dt.date | None = None,
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> Application:
    """“Transfer”: the information is held by another agency, which the applicant is told
    about with its contact details (Art. 36(5)); decided as 无法提供 1 (本机关不掌握)."""
    if not agency_name.strip() or not contact.strip():
        raise WorkflowError(
            _("Name the agency that holds the information and give its contact details."),
            code="required",
        )
    return application_decide(
        actor=actor,
        application=application,
        outcome=Outcome.UNAVAILABLE_NOT_HELD,
        reason=reason,
        referral_agency=agency_name,
        referral_contact=contact,
        decided_on=decided_on,
        today=today,
        now=now,
    )
