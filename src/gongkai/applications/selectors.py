"""Reads of applications: permission-scoped lists, open cases, due dates and the flags shown
on a case (possible duplicates, how many applications the applicant made this month)."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from django.db.models import QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency
from gongkai.applications.models import OPEN_STATUSES, Application
from gongkai.workdays.selectors import add_working_days

# How many of the applicant's other applications are compared for duplicates (newest first).
DUPLICATE_SCAN_LIMIT = 200
DUPLICATE_RATIO = 0.6


def applications_visible_to(user) -> QuerySet[Application]:
    """Every application ``user`` may see (``application.view``: 办理人 and 领导 of the agency,
    公开办 of it or an agency above), with agency and handler joined."""
    return Application.objects.filter(
        agency__in=agencies_where(user, "application.view")
    ).select_related("agency", "handler")


def open_cases(agency: Agency | None = None) -> QuerySet[Application]:
    """Applications received and not yet replied (登记 … 已决定), soonest due first."""
    qs = Application.objects.filter(status__in=OPEN_STATUSES).select_related("agency", "handler")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("due_date", "received_on", "pk")


def due_within(qs: QuerySet[Application], n: int, today: dt.date) -> QuerySet[Application]:
    """Those of ``qs`` due from ``today`` up to ``n`` working days after it (not yet late).
    Raises CalendarMissing when the calendar does not reach that far."""
    return qs.filter(due_date__gte=today, due_date__lte=add_working_days(today, n))


def overdue(qs: QuerySet[Application], today: dt.date) -> QuerySet[Application]:
    """Those of ``qs`` that are still open after their due date."""
    return qs.filter(status__in=OPEN_STATUSES, due_date__lt=today)


def _same_applicant(application: Application) -> QuerySet[Application]:
    # One applicant = one identity document at one agency (the agency's own count; the
    # fee rules and Art. 35 are applied by each agency to the applications it receives).
    # An imported case without an ID number is nobody's in particular.
    if not application.id_number:
        return Application.objects.none()
    return Application.objects.filter(
        agency_id=application.agency_id,
        id_type=application.id_type,
        id_number=application.id_number,
    ).exclude(pk=application.pk)


def _bigrams(text: str) -> set[str]:
    text = "".join(text.split())
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similar_titles(a: str, b: str) -> bool:
    """Do two requested-information titles look alike? difflib ratio ≥ 0.6, or at least 60% of
    the shorter title's two-character pieces appear in the other (Chinese has no spaces, so
    pieces of two characters stand in for words)."""
    a, b = a.strip(), b.strip()
    if not a or not b:
        return False
    if difflib.SequenceMatcher(None, a, b).ratio() >= DUPLICATE_RATIO:
        return True
    x, y = _bigrams(a), _bigrams(b)
    if not x or not y:
        return False
    return len(x & y) / min(len(x), len(y)) >= DUPLICATE_RATIO


def possible_duplicates(application: Application) -> list[Application]:
    """The same applicant's other applications at this agency asking for similar
    information (a hint for 重复申请, Art. 36(6); the handler decides). Looks at most at the
    ``DUPLICATE_SCAN_LIMIT`` newest ones."""
    candidates = _same_applicant(application).order_by("-submitted_at", "-pk")[
        :DUPLICATE_SCAN_LIMIT
    ]
    return [
        other
        for other in candidates.only(
            "pk", "number", "info_title", "status", "received_on", "submitted_at", "outcome"
        )
        if similar_titles(application.info_title, other.info_title)
    ]


def monthly_count(application: Application) -> int:
    """Applications of the same applicant at this agency received in the same natural month,
    this one included (Art. 35: number and frequency; the fee counts per natural month)."""
    if application.received_on is None:
        return 0
    first = application.received_on.replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return (
        _same_applicant(application)
        .filter(received_on__gte=first, received_on__lt=next_month)
        .count()
        + 1
    )


@dataclass(frozen=True)
class Flags:
    duplicates: list[Application]
    monthly_count: int

    @property
    def many_this_month(self) -> bool:
        # More than the 10 free items a month suggests looking at Art. 35 and the fee rules.
        return self.monthly_count > 10


def application_flags(application: Application) -> Flags:
    return Flags(
        duplicates=possible_duplicates(application),
        monthly_count=monthly_count(application),
    )
