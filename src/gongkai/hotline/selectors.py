"""Reads of calls and visits, scoped by the permission rule: ``message.view`` for the
contact's agency (the office that registered it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.accounts.permissions import agencies_where
from gongkai.hotline import rules
from gongkai.hotline.models import Contact, ContactStatus
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.selectors import load_calendar


def contacts_visible_to(user) -> QuerySet[Contact]:
    if not getattr(user, "is_authenticated", False):
        return Contact.objects.none()
    return Contact.objects.filter(agency__in=agencies_where(user, "message.view")).select_related(
        "agency", "registered_by", "message", "message__agency"
    )


def get_contact(user, pk: int) -> Contact:
    """The contact if ``user`` may see it; 404 for missing and forbidden alike."""
    contact = contacts_visible_to(user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def contacts_of_day(user, day: dt.date) -> QuerySet[Contact]:
    return contacts_visible_to(user).filter(started_at__date=day).order_by("started_at", "pk")


# A matter is concluded when answered on the spot, or when its work order was replied (also
# through the letter it was merged into).
CONCLUDED = Q(status=ContactStatus.ANSWERED) | Q(
    status=ContactStatus.WORK_ORDER, message__replied_at__isnull=False
)
CONCLUDED_AT_ANSWER = Q(status=ContactStatus.ANSWERED, answered_at__gt=F("follow_up_at"))
CONCLUDED_AT_REPLY = Q(status=ContactStatus.WORK_ORDER, message__replied_at__gt=F("follow_up_at"))
# A follow-up is pending when concluded, callable, and no round ended since the conclusion.
FOLLOW_UP_PENDING = (
    CONCLUDED & ~Q(caller_phone="") & (Q(follow_up="") | CONCLUDED_AT_ANSWER | CONCLUDED_AT_REPLY)
)


@dataclass
class DueFollowUp:
    contact: Contact
    concluded_on: dt.date
    due: dt.date | None  # None: beyond the entered working-day calendar
    overdue: bool


def follow_ups_due(user, today: dt.date, *, agency=None) -> list[DueFollowUp]:
    """The follow-up calls not yet made, the most overdue first; ``due`` is the set working
    days after the conclusion (``rules.follow_up_due``)."""
    qs = contacts_visible_to(user).filter(FOLLOW_UP_PENDING)
    if agency is not None:
        qs = qs.filter(agency=agency)
    contacts = list(qs.order_by("pk"))
    days = {timezone.localdate(rules.concluded_at(c)) for c in contacts}
    years = {d.year for d in days} | {today.year}
    calendar = load_calendar(range(min(years), max(years) + 2))
    rows = []
    for contact in contacts:
        day = timezone.localdate(rules.concluded_at(contact))
        try:
            due = rules.follow_up_due(day, calendar)
        except CalendarMissing:
            due = None
        rows.append(DueFollowUp(contact, day, due, due is not None and due < today))
    rows.sort(key=lambda r: (r.due is None, r.due or dt.date.max, r.contact.pk))
    return rows
