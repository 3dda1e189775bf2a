"""The case of a bad rating (差评整改): verified by a 办理人 or 机关管理员 (``rating.rectify``),
closed as rectified (what was done) or not substantiated (why), and the result told to the
rater: by e-mail when an address was left, else by a phone call the staff record."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.audit.services import record_event
from gongkai.casework.notify import send_after_commit
from gongkai.core.dates import format_cn_date
from gongkai.servicehall.models import (
    CLOSED_STATUSES,
    Rating,
    Rectification,
    RectificationStatus,
    ToldBy,
)

from ._common import ServiceHallError, moment, require, strip
from .ratings import due_for

TEXT_MAX = 2000


def locked(case: Rectification) -> Rectification:
    return (
        Rectification.objects.select_for_update(of=("self",))
        .select_related("agency", "rating__matter", "rating__window", "handler")
        .get(pk=case.pk)
    )


def _require_open(case: Rectification) -> None:
    if not case.is_open:
        raise ServiceHallError(_("This case is already closed."), code="bad_transition")


@transaction.atomic
def rectification_assign(*, actor, case: Rectification, handler) -> Rectification:
    """Give the case to ``handler`` (who must be able to rectify for the agency; None takes
    it back). Event ``rectification.assign``."""
    case = locked(case)
    require(actor, "rating.rectify", case.agency)
    _require_open(case)
    if handler is not None and not can(handler, "rating.rectify", agency=case.agency):
        raise ServiceHallError({"handler": [_("This person cannot verify ratings of the agency.")]})
    before = case.handler_id
    case.handler = handler
    case.save(update_fields=["handler"])
    record_event(
        actor=actor,
        action="rectification.assign",
        obj=case,
        data={"handler": [before, handler.pk if handler else None]},
    )
    return case


def _tell_rater(case: Rectification) -> bool:
    """E-mail the result to the rater if an address was left; True when one is queued."""
    rating = case.rating
    if not rating.contact_email:
        return False
    values = {
        "agency": case.agency.name,
        "matter": rating.matter.name,
        "date": format_cn_date(rating.rated_on),
        "level": rating.get_level_display(),
        "result": case.result,
        "verification": case.verification,
    }
    if case.status == RectificationStatus.RECTIFIED:
        body = _(
            "You rated “%(matter)s” at %(agency)s as “%(level)s” on %(date)s. The agency has "
            "verified your rating.\n\nWhat was found: %(verification)s\n\nWhat was done: "
            "%(result)s\n\nThank you for helping us improve our service.\n"
        )
    else:
        body = _(
            "You rated “%(matter)s” at %(agency)s as “%(level)s” on %(date)s. The agency has "
            "verified your rating and found it not substantiated.\n\nWhat was found: "
            "%(verification)s\n\nWhy: %(result)s\n\nIf you disagree, call the supervision "
            "phone of the service hall.\n"
        )
    send_after_commit(
        to=[rating.contact_email],
        subject=_("The result of your rating of “%(matter)s”") % values,
        body=body % values,
    )
    return True


@transaction.atomic
def rectification_close(
    *,
    actor,
    case: Rectification,
    outcome: str,
    verification: str,
    result: str,
    now: dt.datetime | None = None,
) -> Rectification:
    """Close the case: ``outcome`` is ``rectified`` (``result`` says what was done) or
    ``unfounded`` (``result`` says why the rating is not substantiated); ``verification`` is
    what the check found. The rater is e-mailed the result after commit when an address was
    left (the case then records it as told). Event ``rectification.close``."""
    case = locked(case)
    require(actor, "rating.rectify", case.agency)
    _require_open(case)
    verification, result = strip(verification), strip(result)
    errors: dict[str, list[str]] = {}
    if outcome not in CLOSED_STATUSES:
        errors["outcome"] = [_("Choose whether the rating was rectified or not substantiated.")]
    if not verification:
        errors["verification"] = [_("Say what the verification found.")]
    if not result:
        errors["result"] = [
            _("Say what was done.")
            if outcome == RectificationStatus.RECTIFIED
            else _("Say why the rating is not substantiated.")
        ]
    for key, text in (("verification", verification), ("result", result)):
        if len(text) > TEXT_MAX:
            errors.setdefault(key, []).append(
                _("At most %(n)d characters, please.") % {"n": TEXT_MAX}
            )
    if errors:
        raise ServiceHallError(errors)
    now, today = moment(now)
    if today < case.opened_on:
        raise ServiceHallError(_("A case cannot be closed before it was opened."))
    case.status = outcome
    case.verification = verification
    case.result = result
    case.closed_on = today
    case.closed_at = now
    case.closed_by = actor
    if case.handler_id is None:
        case.handler = actor
    if _tell_rater(case):
        case.rater_told_at = now
        case.rater_told_by = ToldBy.EMAIL
    case.save()
    record_event(
        actor=actor,
        action="rectification.close",
        obj=case,
        data={
            "outcome": outcome,
            "closed_on": today,
            "due_date": case.due_date,
            "on_time": case.on_time,
            "rater_emailed": case.rater_told_by == ToldBy.EMAIL,
        },
    )
    return case


@transaction.atomic
def rectification_record_callback(
    *, actor, case: Rectification, note: str = "", now: dt.datetime | None = None
) -> Rectification:
    """Record that the rater, who left a phone number, was called back and told the result
    (there is no SMS). Event ``rectification.callback``."""
    case = locked(case)
    require(actor, "rating.rectify", case.agency)
    if case.is_open:
        raise ServiceHallError(
            _("Close the case first: the rater is told the result."), code="bad_transition"
        )
    if not case.rating.contact_phone:
        raise ServiceHallError(_("The rater left no phone number."), code="bad_transition")
    if case.rater_told_at is not None:
        raise ServiceHallError(_("The rater has already been told."), code="bad_transition")
    note = strip(note)
    if len(note) > 300:
        raise ServiceHallError({"note": [_("At most %(n)d characters, please.") % {"n": 300}]})
    now, _today = moment(now)
    case.rater_told_at = now
    case.rater_told_by = ToldBy.PHONE
    case.callback_note = note
    case.save(update_fields=["rater_told_at", "rater_told_by", "callback_note"])
    record_event(actor=actor, action="rectification.callback", obj=case, data={"note": bool(note)})
    return case


@transaction.atomic
def rating_contact_view(*, actor, rating: Rating) -> dict[str, str]:
    """The rater's contact details, for those who verify the agency's ratings; every look
    is audited (``rating.contact_view``)."""
    if not can(actor, "rating.rectify", agency=rating.agency):
        raise PermissionDenied
    record_event(actor=actor, action="rating.contact_view", obj=rating, data={})
    return {"phone": rating.contact_phone, "email": rating.contact_email}


def rectification_refresh_due(case: Rectification) -> bool:
    """Store the due date the rules give now for an open case (after the calendar of its
    year was entered or changed); a closed case keeps the one it was judged by. Returns
    whether it changed. Call inside a transaction."""
    if not case.is_open:
        return False
    due = due_for(case.opened_on, case.time_limit_days)
    if due == case.due_date:
        return False
    Rectification.objects.filter(pk=case.pk).update(due_date=due)
    case.due_date = due
    return True
