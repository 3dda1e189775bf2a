"""The end of a notice: its result (公示结果) recorded and published after the period by staff
holding "notice.objections" (they have read and verified the objections), corrected with a
reason if need be, and the notice closed once every objection has been handled.

The result must agree with the records: "no objection" only when none was received, any other
result only when some were and every one of them has been verified and answered. The text goes
through the same privacy check as the notice.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import record_event
from gongkai.notices.models import Notice, Status
from gongkai.notices.rules import Phase, phase_of, result_problem
from gongkai.notices.search_provider import sync_search
from gongkai.notices.selectors import objection_counts
from gongkai.notices.services.common import (
    check_findings,
    locked,
    moment,
    require,
    require_status,
)


@transaction.atomic
def notice_record_result(
    *,
    actor,
    notice: Notice,
    outcome: str,
    text: str,
    correction_reason: str = "",
    confirm_findings: bool = False,
    now=None,
) -> Notice:
    """Published (period over) → result published; or, on a notice whose result is already
    published, a correction, which needs a reason shown next to the result."""
    n = locked(notice)
    require(actor, "notice.objections", n)
    require_status(
        n,
        (Status.PUBLISHED, Status.RESULT),
        _("The result can be recorded once the notice is published and its period is over."),
    )
    now, today = moment(now)
    if phase_of(n, today) in (Phase.UPCOMING, Phase.IN_PERIOD):
        raise ValidationError(
            _("The period is not over yet: the result can be recorded from the day after it."),
            code="in_period",
        )
    errors: dict[str, list[str]] = {}
    counts = objection_counts(n)
    problem = result_problem(outcome, counts["received"], counts["unhandled"])
    if problem:
        errors["outcome"] = [problem]
    text = (text or "").strip()
    if not text:
        errors["text"] = [_("Write the result as it is to be published.")]
    correcting = n.status == Status.RESULT
    correction_reason = (correction_reason or "").strip()
    if correcting and not correction_reason:
        errors["correction_reason"] = [
            _("The result is already published: give the reason for correcting it.")
        ]
    if errors:
        raise ValidationError(errors)
    found = check_findings({"result": text}, confirm=confirm_findings, field="text")
    before = {"outcome": n.outcome, "text": n.result_text}
    n.outcome = outcome
    n.result_text = text
    if correcting:
        n.result_correction = correction_reason
    else:
        n.result_on = today
    n.status = Status.RESULT
    n.save(
        update_fields=[
            "outcome",
            "result_text",
            "result_on",
            "result_correction",
            "status",
            "updated_at",
        ]
    )
    sync_search(n, today)
    record_event(
        actor=actor,
        action="notice.result_corrected" if correcting else "notice.result",
        obj=n,
        data={
            "outcome": outcome,
            "objections": counts["received"],
            "findings_confirmed": len(found),
            **({"before": before, "reason": correction_reason} if correcting else {}),
        },
    )
    return n


@transaction.atomic
def notice_close(*, actor, notice: Notice, now=None) -> Notice:
    """Result published → closed (办结): nothing about it changes any more. Every objection
    must have been handled."""
    n = locked(notice)
    require(actor, "notice.objections", n)
    require_status(n, (Status.RESULT,), _("Only a notice whose result is published can be closed."))
    now, today = moment(now)
    unhandled = objection_counts(n)["unhandled"]
    if unhandled:
        raise ValidationError(
            _("%(n)s objections have not been verified and answered yet: handle them first.")
            % {"n": unhandled},
            code="unhandled",
        )
    n.status = Status.CLOSED
    n.closed_at = now
    n.save(update_fields=["status", "closed_at", "updated_at"])
    sync_search(n, today)
    record_event(actor=actor, action="notice.close", obj=n)
    return n
