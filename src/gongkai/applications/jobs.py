"""Tick jobs of the applications app (registered in ``apps.py``; run by ``gongkai tick``).

Both are idempotent: ``refresh_clocks`` recomputes stored clocks from the events and the
calendar as it is now; ``reminders`` sends each reminder once per application, kind and due
date (``ReminderSent``), so running the tick twice sends nothing new, skipping a day still
sends what is due, and a due date moved by a calendar edit earns fresh reminders.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.applications.models import OPEN_STATUSES, Application, ReminderKind, ReminderSent
from gongkai.applications.notify import send_after_commit
from gongkai.applications.services.clock import refresh_clock
from gongkai.casework.recipients import office_addresses, staff_addresses
from gongkai.casework.reminders import reminder_kinds, run_reminders
from gongkai.core.dates import format_cn_date

# Working days before the due date at which the handler is reminded (largest first).
REMINDER_DAYS = ((5, ReminderKind.DUE_IN_5), (2, ReminderKind.DUE_IN_2))
OVERDUE_KINDS = (ReminderKind.OVERDUE, ReminderKind.OVERDUE_OFFICE)


def refresh_clocks(now: dt.datetime) -> str:
    """Recompute the clock of every open case, so that an edited calendar moves open due
    dates and a case whose due date was empty (calendar year missing) gets one. Cases
    imported from a ledger keep no clock (their events were never recorded) and are left
    alone: without a due date they earn no reminders either."""
    changed = 0
    qs = (
        Application.objects.filter(
            status__in=OPEN_STATUSES, received_on__isnull=False, imported=False
        )
        .select_related("correction", "extension", "fee")
        .prefetch_related("consultations")
    )
    for application in qs.iterator(chunk_size=200):
        before = application.due_date
        with transaction.atomic():
            refresh_clock(application)
        if application.due_date != before:
            changed += 1
    return f"{changed} due dates changed"


def _reminder_kinds(left: int, late: bool) -> list[str]:
    """The reminders due with ``left`` working days to go (``late``: past the due date)."""
    return reminder_kinds(left, late, REMINDER_DAYS, overdue=OVERDUE_KINDS)


def _handler_addresses(application: Application) -> list[str]:
    if application.handler_id:
        return [application.handler.email] if application.handler.email else []
    # Nobody assigned yet: every handler of the agency.
    return staff_addresses(application.agency, [Role.HANDLER])


def _office_addresses(application: Application) -> list[str]:
    """The 公开办 of the agency or of any agency above it."""
    return office_addresses(application.agency)


def _message(application: Application, kind: str, left: int) -> tuple[str, str]:
    values = {
        "number": application.number,
        "agency": application.agency.name,
        "title": application.info_title,
        "due": format_cn_date(application.due_date),
        "n": left,
        "late": -left,
    }
    if kind in (ReminderKind.OVERDUE, ReminderKind.OVERDUE_OFFICE):
        subject = _("Overdue: application %(number)s") % values
        body = (
            _(
                "Application %(number)s to %(agency)s (“%(title)s”) was due on %(due)s and has not "
                "been answered; it is %(late)d working days late."
            )
            % values
        )
    else:
        subject = _("Due in %(n)d working days: application %(number)s") % values
        body = (
            _(
                "Application %(number)s to %(agency)s (“%(title)s”) must be answered by %(due)s, "
                "in %(n)d working days."
            )
            % values
        )
    return subject, body


def _send_once(application: Application, kind: str, left: int, now: dt.datetime) -> bool:
    to = (
        _office_addresses(application)
        if kind == ReminderKind.OVERDUE_OFFICE
        else _handler_addresses(application)
    )
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                application=application,
                kind=kind,
                due_date=application.due_date,
                sent_at=now,
                recipients=", ".join(to),
            )
            subject, body = _message(application, kind, left)
            send_after_commit(to=to, subject=subject, body=body)
    except IntegrityError:  # another tick got there first
        return False
    return True


def reminders(now: dt.datetime) -> str:
    """E-mail the handler 5 and 2 working days before the due date and once it is overdue
    (the 公开办 too when overdue); each once per due date, recorded in ``ReminderSent``."""
    qs = Application.objects.filter(
        status__in=OPEN_STATUSES, due_date__isnull=False
    ).select_related("agency", "handler")
    done = set(
        ReminderSent.objects.filter(application__in=qs).values_list(
            "application_id", "kind", "due_date"
        )
    )
    with translation.override(settings.LANGUAGE_CODE):
        sent = run_reminders(
            now=now,
            cases=qs.iterator(chunk_size=200),
            already_sent=done,
            send_once=lambda application, kind, left: _send_once(application, kind, left, now),
            kinds_for=_reminder_kinds,
        )
    return f"{sent} reminders sent"
