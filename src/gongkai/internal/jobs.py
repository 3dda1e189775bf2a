"""The monthly reminder of a missing statement (收支情况), run by ``gongkai tick``.

From day ``GONGKAI_INTERNAL_REMINDER_DAY`` (default 10) of a month, an agency that posts
monthly statements (it has posted one for an earlier month) and has not posted last month's
gets one e-mail to its 机关管理员 and 信息员. The reminder is recorded
(``StatementReminder``, unique per agency and month) before the mail is queued, so a tick run
twice sends nothing new and a tick skipped for some days still sends it, as long as the month
lasts. A statement posted later simply ends the matter.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.casework.notify import send_after_commit
from gongkai.casework.recipients import staff_addresses
from gongkai.internal.models import InternalItem, InternalKind, InternalStatus, StatementReminder
from gongkai.internal.services.items import period_text

RECIPIENT_ROLES = (Role.AGENCY_ADMIN, Role.OFFICER)


def reminder_day() -> int:
    day = int(getattr(settings, "GONGKAI_INTERNAL_REMINDER_DAY", 10))
    return min(max(day, 1), 28)


def month_due(today: dt.date, day: int) -> tuple[int, int] | None:
    """The (year, month) whose statement should be there by ``today``: last month, from
    ``day`` of this month on; before that day, none."""
    if today.day < day:
        return None
    first = today.replace(day=1) - dt.timedelta(days=1)
    return first.year, first.month


def agencies_missing(year: int, month: int):
    """Active agencies that posted a statement for a month before (year, month), have none
    posted for it, and were not yet reminded of it."""
    statements = InternalItem.objects.filter(
        kind=InternalKind.FINANCE, status=InternalStatus.POSTED
    )
    earlier = statements.filter(Q(year__lt=year) | Q(year=year, month__lt=month))
    present = statements.filter(year=year, month=month)
    reminded = StatementReminder.objects.filter(year=year, month=month)
    return (
        Agency.objects.filter(is_active=True, pk__in=earlier.values("agency_id"))
        .exclude(pk__in=present.values("agency_id"))
        .exclude(pk__in=reminded.values("agency_id"))
        .order_by("pk")
    )


def _remind(agency: Agency, year: int, month: int, now: dt.datetime) -> bool:
    to = staff_addresses(agency, RECIPIENT_ROLES)
    try:
        with transaction.atomic():
            StatementReminder.objects.create(
                agency=agency, year=year, month=month, sent_at=now, recipients=len(to)
            )
            record_event(
                actor=None,
                action="internal.statement_reminder",
                agency=agency,
                data={"period": f"{year}-{month:02d}", "recipients": len(to)},
            )
            period = period_text(year, month)
            query = urlencode(
                {"agency": agency.credit_code, "kind": "finance", "year": year, "month": month}
            )
            link = f"{settings.GONGKAI_SITE_URL}{reverse('internal_staff:create')}?{query}"
            send_after_commit(
                to=to,
                subject=_("The statement of %(period)s is not posted yet") % {"period": period},
                body=_(
                    "The monthly financial statement of %(agency)s for %(period)s has not been "
                    "posted for the staff yet. Please enter it (or upload it as an XLSX "
                    "workbook) and post it: %(link)s\n\nThis reminder is sent once."
                )
                % {"agency": agency.name, "period": period, "link": link},
            )
    except IntegrityError:  # another tick recorded it first
        return False
    return True


def remind_missing_statements(now: dt.datetime) -> str:
    """The tick job: remind every agency whose last month's statement is missing."""
    due = month_due(timezone.localdate(now), reminder_day())
    if due is None:
        return "not yet this month"
    year, month = due
    sent = sum(_remind(agency, year, month, now) for agency in agencies_missing(year, month))
    return f"{sent} reminders for {year}-{month:02d}"
