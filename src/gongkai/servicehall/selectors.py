"""Reads of servicehall: the public commitments, windows and cards of an agency, the matters
a citizen may rate, and the ratings and cases a staff member may see."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency
from gongkai.servicehall.models import (
    Commitment,
    Rating,
    Rectification,
    RectificationStatus,
    Window,
    WindowStaff,
)
from gongkai.services.models import Matter, MatterStatus

PUBLIC_MATTER = Q(status=MatterStatus.PUBLISHED, current_version__isnull=False)

# The states a staff list of cases can show.
CASE_STATES = ("open", "overdue", "closed", "all")


def public_matters(agency: Agency | None = None) -> QuerySet[Matter]:
    """Published matters (of one agency) that can be rated, in the agency's order."""
    qs = Matter.objects.filter(PUBLIC_MATTER, agency__is_active=True)
    if agency is not None:
        qs = qs.filter(agency=agency)
    return qs.order_by("agency__sort_order", "sort_order", "implementation_code")


def public_commitments(agency: Agency) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(agency=agency, is_active=True)
        .prefetch_related(Prefetch("matters", queryset=Matter.objects.filter(PUBLIC_MATTER)))
        .order_by("sort_order", "pk")
    )


def public_windows(agency: Agency) -> list[Window]:
    """The open windows of ``agency`` with their public matters and the cards of the people
    at work there."""
    return list(
        Window.objects.filter(agency=agency, is_active=True)
        .prefetch_related(
            Prefetch("matters", queryset=Matter.objects.filter(PUBLIC_MATTER)),
            Prefetch(
                "staff",
                queryset=WindowStaff.objects.filter(is_active=True).order_by("sort_order", "pk"),
                to_attr="cards",
            ),
        )
        .order_by("sort_order", "number")
    )


def public_card(pk: int) -> WindowStaff | None:
    """A card the public may see (person at work, window open, agency active)."""
    return (
        WindowStaff.objects.filter(
            pk=pk, is_active=True, window__is_active=True, agency__is_active=True
        )
        .select_related("window", "agency")
        .first()
    )


def hall_agencies() -> list[Agency]:
    """Active agencies with something on the service hall pages: a public matter, a
    commitment or an open window."""
    with_matters = Matter.objects.filter(PUBLIC_MATTER).values("agency_id")
    with_commitments = Commitment.objects.filter(is_active=True).values("agency_id")
    with_windows = Window.objects.filter(is_active=True).values("agency_id")
    return list(
        Agency.objects.filter(is_active=True)
        .filter(Q(pk__in=with_matters) | Q(pk__in=with_commitments) | Q(pk__in=with_windows))
        .order_by("sort_order", "name")
    )


# --- Staff ----------------------------------------------------------------------------------


def ratings_visible_to(user) -> QuerySet[Rating]:
    return Rating.objects.filter(
        agency__in=agencies_where(user, "rating.view").values("pk")
    ).select_related("agency", "matter", "window", "rectification")


def cases_visible_to(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(
        agency__in=agencies_where(user, "rating.view").values("pk")
    ).select_related("agency", "rating__matter", "rating__window", "handler")


def filter_cases(qs: QuerySet[Rectification], *, state: str, today: dt.date):
    """``open`` (being verified), ``overdue`` (open past the due date), ``closed``, ``all``."""
    if state == "open":
        return qs.filter(status=RectificationStatus.OPEN)
    if state == "overdue":
        return qs.filter(status=RectificationStatus.OPEN, due_date__lt=today)
    if state == "closed":
        return qs.exclude(status=RectificationStatus.OPEN)
    return qs


def case_counts(qs: QuerySet[Rectification], today: dt.date) -> dict[str, int]:
    return {
        "open": qs.filter(status=RectificationStatus.OPEN).count(),
        "overdue": qs.filter(status=RectificationStatus.OPEN, due_date__lt=today).count(),
        "closed": qs.exclude(status=RectificationStatus.OPEN).count(),
    }


def commitments_managed_by(user) -> QuerySet[Commitment]:
    return (
        Commitment.objects.filter(agency__in=agencies_where(user, "commitment.manage").values("pk"))
        .select_related("agency")
        .prefetch_related("matters")
        .order_by("agency__sort_order", "agency__name", "sort_order", "pk")
    )


def windows_managed_by(user) -> QuerySet[Window]:
    return (
        Window.objects.filter(agency__in=agencies_where(user, "window.manage").values("pk"))
        .select_related("agency")
        .prefetch_related("matters", "staff")
        .order_by("agency__sort_order", "agency__name", "sort_order", "number")
    )


def cards_managed_by(user) -> QuerySet[WindowStaff]:
    return WindowStaff.objects.filter(
        agency__in=agencies_where(user, "window.manage").values("pk")
    ).select_related("agency", "window")
