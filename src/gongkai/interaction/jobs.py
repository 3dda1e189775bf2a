"""Tick jobs of the letters (registered in ``apps.py``; run by ``gongkai tick``).

``refresh_clocks`` fills and moves due dates when the calendar changes; ``reminders`` e-mails
the handler 2 working days before the due date and on it, and once overdue the handler and the
公开办 that supervises the agency — each once per letter, kind and due date (``ReminderSent``),
so running the tick twice sends nothing new and a skipped day still sends what is due.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.casework.notify import send_after_commit
from gongkai.casework.recipients import office_addresses, staff_addresses
from gongkai.casework.reminders import reminder_kinds, run_reminders
from gongkai.core.dates import format_cn_date
from gongkai.interaction.models import CLOCK_STATUSES, Message, ReminderKind, ReminderSent
from gongkai.interaction.services.clock import refresh_clock

THRESHOLDS = ((2, ReminderKind.DUE_IN_2), (0, ReminderKind.DUE_TODAY))
OVERDUE = (ReminderKind.OVERDUE, ReminderKind.OVERDUE_OFFICE)


def refresh_clocks(now: dt.datetime) -> str:
    changed = 0
    for message in Message.objects.filter(
        status__in=CLOCK_STATUSES, clock_start__isnull=False
    ).iterator(chunk_size=200):
        before = message.due_date
        with transaction.atomic():
            refresh_clock(message)
        if message.due_date != before:
            changed += 1
    return f"{changed} due dates changed"


def kinds_for(left: int, late: bool) -> list[str]:
    return reminder_kinds(left, late, THRESHOLDS, overdue=OVERDUE)


def _recipients(message: Message, kind: str) -> list[str]:
    if kind == ReminderKind.OVERDUE_OFFICE:
        return office_addresses(message.agency)
    if message.handler_id and message.handler.email:
        return [message.handler.email]
    return staff_addresses(message.agency, [Role.HANDLER])


def _text(message: Message, kind: str, left: int) -> tuple[str, str]:
    values = {
        "number": message.number,
        "title": message.title,
        "agency": message.agency.name,
        "due": format_cn_date(message.due_date),
        "n": left,
    }
    if kind in OVERDUE:
        subject = _("Letter %(number)s is overdue") % values
        body = (
            _(
                "Letter %(number)s “%(title)s” to %(agency)s was due for a reply on %(due)s and "
                "has not been answered.\n"
            )
            % values
        )
    elif kind == ReminderKind.DUE_TODAY:
        subject = _("Letter %(number)s is due today") % values
        body = _("Letter %(number)s “%(title)s” must be answered today (%(due)s).\n") % values
    else:
        subject = _("Letter %(number)s is due in %(n)d working days") % values
        body = _("Letter %(number)s “%(title)s” must be answered by %(due)s.\n") % values
    return subject, body


def reminders(now: dt.datetime) -> str:
    cases = Message.objects.filter(
        status__in=CLOCK_STATUSES, due_date__isnull=False
    ).select_related("agency", "handler")
    done = set(
        ReminderSent.objects.filter(message__in=cases).values_list("message_id", "kind", "due_date")
    )

    def send_once(message: Message, kind: str, left: int) -> bool:
        to = _recipients(message, kind)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    message=message,
                    kind=kind,
                    due_date=message.due_date,
                    sent_at=now,
                    recipients=", ".join(to),
                )
                subject, body = _text(message, kind, left)
                send_after_commit(to=to, subject=subject, body=body)
        except IntegrityError:
            return False
        return True

    with translation.override(settings.LANGUAGE_CODE):
        sent = run_reminders(
            now=timezone.localtime(now),
            cases=cases.iterator(chunk_size=200),
            already_sent=done,
            send_once=send_once,
            kinds_for=kinds_for,
        )
    return f"{sent} reminders sent"
