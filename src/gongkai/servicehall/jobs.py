"""Tick jobs of the rectification cases (registered in ``apps.py``; run by ``gongkai tick``).

``refresh_due_dates`` fills in and moves the due dates of open cases when the working-day
calendar is entered or changed; ``reminders`` e-mails whoever handles a case (the assigned
person, else the agency's 办理人 and 机关管理员) 2 working days before the due date and on it,
and once it is overdue also the 机关管理员 — each once per case, kind and due date
(``ReminderSent``), so running the tick twice sends nothing new and a skipped day still sends
what is due.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.casework.notify import send_after_commit
from gongkai.casework.recipients import staff_addresses
from gongkai.casework.reminders import reminder_kinds, run_reminders
from gongkai.core.dates import format_cn_date
from gongkai.servicehall import rules
from gongkai.servicehall.models import (
    Rectification,
    RectificationStatus,
    ReminderKind,
    ReminderSent,
)
from gongkai.servicehall.services.ratings import case_recipients
from gongkai.servicehall.services.rectification import rectification_refresh_due

THRESHOLDS = ((rules.REMINDER_DAYS_BEFORE, ReminderKind.DUE_IN_2), (0, ReminderKind.DUE_TODAY))
OVERDUE = (ReminderKind.OVERDUE,)


def refresh_due_dates(now: dt.datetime) -> str:
    changed = 0
    for case in Rectification.objects.filter(status=RectificationStatus.OPEN).iterator(
        chunk_size=200
    ):
        with transaction.atomic():
            if rectification_refresh_due(case):
                changed += 1
    return f"{changed} due dates changed"


def kinds_for(left: int, late: bool) -> list[str]:
    return reminder_kinds(left, late, THRESHOLDS, overdue=OVERDUE)


def _recipients(case: Rectification, kind: str) -> list[str]:
    to = case_recipients(case)
    if kind == ReminderKind.OVERDUE:
        to = sorted(set(to) | set(staff_addresses(case.agency, [Role.AGENCY_ADMIN])))
    return to


def _text(case: Rectification, kind: str, left: int) -> tuple[str, str]:
    values = {
        "matter": case.rating.matter.name,
        "agency": case.agency.name,
        "date": format_cn_date(case.opened_on),
        "due": format_cn_date(case.due_date),
        "n": left,
    }
    if kind == ReminderKind.OVERDUE:
        subject = _("A bad rating of “%(matter)s” is overdue") % values
        body = _(
            "The bad rating of “%(matter)s” (%(agency)s) given on %(date)s had to be verified "
            "and rectified by %(due)s and is still open.\n"
        )
    elif kind == ReminderKind.DUE_TODAY:
        subject = _("A bad rating of “%(matter)s” is due today") % values
        body = _(
            "The bad rating of “%(matter)s” (%(agency)s) given on %(date)s must be verified "
            "and rectified today (%(due)s).\n"
        )
    else:
        subject = _("A bad rating of “%(matter)s” is due in %(n)d working days") % values
        body = _(
            "The bad rating of “%(matter)s” (%(agency)s) given on %(date)s must be verified "
            "and rectified by %(due)s.\n"
        )
    return subject, body % values


def reminders(now: dt.datetime) -> str:
    cases = Rectification.objects.filter(
        status=RectificationStatus.OPEN, due_date__isnull=False
    ).select_related("agency", "rating__matter", "handler")
    done = set(
        ReminderSent.objects.filter(rectification__in=cases).values_list(
            "rectification_id", "kind", "due_date"
        )
    )

    def send_once(case: Rectification, kind: str, left: int) -> bool:
        to = _recipients(case, kind)
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    rectification=case,
                    kind=kind,
                    due_date=case.due_date,
                    sent_at=now,
                    recipients=", ".join(to),
                )
                subject, body = _text(case, kind, left)
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
