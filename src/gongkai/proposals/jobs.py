"""The tick job of proposals (registered in ``apps.py``; run by ``gongkai tick``).

``reminders`` e-mails the handler of an open proposal ``GONGKAI_PROPOSAL_REMIND_DAYS`` (10)
working days before its deadline, with the co-handling agencies that have not sent their
opinion yet, and once more when the deadline has passed (then the 公开办 above the lead agency
too). Each reminder is sent once per proposal, kind and deadline (``ReminderSent``): running
the tick twice sends nothing new, skipping a day still sends what is due, and a new deadline (a
second handling, an edited date) earns fresh reminders.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.applications.notify import send_after_commit
from gongkai.applications.services.clock import calendar_for
from gongkai.core.dates import format_cn_date
from gongkai.proposals import rules
from gongkai.proposals.models import OPEN_STATUSES, Proposal, ReminderKind, ReminderSent
from gongkai.workdays.calendar import CalendarMissing

log = logging.getLogger(__name__)


def _emails(agency_ids: list[int], role: str) -> set[str]:
    return {
        email
        for email in RoleAssignment.objects.filter(
            agency_id__in=agency_ids, role=role, user__is_active=True
        ).values_list("user__email", flat=True)
        if email
    }


def recipients(proposal: Proposal, kind: str) -> list[str]:
    """Who is reminded: the handler (every 办理人 of the lead agency while nobody is
    assigned); the 办理人 of co-handling agencies whose opinion is missing; when overdue, the
    公开办 of the lead agency and of the agencies above it."""
    if proposal.handler_id and proposal.handler.email:
        to = {proposal.handler.email}
    else:
        to = _emails([proposal.agency_id], Role.HANDLER)
    missing = (
        [c.agency_id for c in proposal.cohandlings.all() if c.opinion_on is None]
        if proposal.round == 1
        else []
    )
    if missing:
        to |= _emails(missing, Role.HANDLER)
    if kind == ReminderKind.OVERDUE:
        to |= _emails([proposal.agency_id, *proposal.agency.ancestor_ids()], Role.DISCLOSURE_OFFICE)
    return sorted(to)


def _message(proposal: Proposal, kind: str, left: int) -> tuple[str, str]:
    values = {
        "proposal": str(proposal),
        "title": proposal.title,
        "agency": proposal.agency.name,
        "deadline": format_cn_date(proposal.deadline),
        "n": left,
    }
    if kind == ReminderKind.OVERDUE:
        return (
            _("Overdue: %(proposal)s") % values,
            _(
                "%(proposal)s (“%(title)s”), led by %(agency)s, was due to be answered by "
                "%(deadline)s and has not been replied to."
            )
            % values,
        )
    return (
        _("Reply due by %(deadline)s: %(proposal)s") % values,
        _(
            "%(proposal)s (“%(title)s”), led by %(agency)s, must be answered by %(deadline)s, "
            "in %(n)d working days. Co-handling agencies send their opinions to the lead "
            "agency before then."
        )
        % values,
    )


def _send_once(proposal: Proposal, kind: str, left: int, now: dt.datetime) -> bool:
    to = recipients(proposal, kind)
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                proposal=proposal,
                kind=kind,
                deadline=proposal.deadline,
                sent_at=now,
                recipients=", ".join(to),
            )
            subject, body = _message(proposal, kind, left)
            send_after_commit(to=to, subject=subject, body=body)
    except IntegrityError:  # another tick got there first
        return False
    return True


def reminders(now: dt.datetime) -> str:
    today = timezone.localdate(now)
    remind_days = rules.remind_working_days()
    qs = (
        Proposal.objects.filter(status__in=OPEN_STATUSES)
        .select_related("agency", "handler")
        .prefetch_related("cohandlings")
    )
    done = set(
        ReminderSent.objects.filter(proposal__status__in=OPEN_STATUSES).values_list(
            "proposal_id", "kind", "deadline"
        )
    )
    calendar = calendar_for(today)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for proposal in qs.iterator(chunk_size=200):
            try:
                kinds = rules.reminders_due(today, proposal.deadline, calendar, remind_days)
                left = rules.working_days_left(today, proposal.deadline, calendar)
            except CalendarMissing:
                log.warning(
                    "No calendar to count the days to %s of %s", proposal.deadline, proposal
                )
                continue
            for kind in kinds:
                if (proposal.pk, kind, proposal.deadline) in done:
                    continue
                if _send_once(proposal, kind, left, now):
                    sent += 1
    return f"{sent} proposal reminders sent"
