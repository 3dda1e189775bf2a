"""Reads of service matters: the public ones (current versions of published matters of active
agencies), the ones a staff member may see, the review queue, and the rows of the
comparison of time limits. Querysets come prefetched for the pages that use them."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from gongkai.accounts.permissions import agencies_where
from gongkai.agencies.models import Agency
from gongkai.services.limits import LimitRow, compare
from gongkai.services.models import (
    FeeItem,
    LifeEvent,
    Matter,
    MatterStatus,
    MatterVersion,
    VersionStatus,
)

CONTENT_PREFETCH = (
    "fee_items",
    "bases__item",
    "materials__blank_form",
    "materials__sample",
    "steps",
    "questions",
)


def with_content(qs: QuerySet[MatterVersion]) -> QuerySet[MatterVersion]:
    """Versions with every relation their content reads."""
    return qs.select_related("matter__agency", "department", "result_sample").prefetch_related(
        *CONTENT_PREFETCH
    )


def public_matters() -> QuerySet[Matter]:
    """Published matters of active agencies, with their current version."""
    return Matter.objects.filter(
        status=MatterStatus.PUBLISHED,
        current_version__isnull=False,
        agency__is_active=True,
    ).select_related("agency", "department", "current_version")


def public_matter(code: str) -> Matter | None:
    """One public matter by implementation code with its current version's content."""
    matter = public_matters().filter(implementation_code=code).first()
    if matter is None:
        return None
    matter.current_version = with_content(MatterVersion.objects).get(pk=matter.current_version_id)
    return matter


def for_audience(qs: QuerySet[Matter], audience: str) -> QuerySet[Matter]:
    """``audience``: "natural" (个人办事) or "organization" (法人办事)."""
    if audience == "natural":
        return qs.filter(current_version__serves_natural_persons=True)
    if audience == "organization":
        return qs.filter(current_version__serves_organizations=True)
    return qs


def agencies_with_matters() -> list[Agency]:
    """Active agencies with at least one public matter, each with ``n_matters``."""
    return list(
        Agency.objects.filter(is_active=True)
        .annotate(
            n_matters=Count(
                "service_matters",
                filter=Q(
                    service_matters__status=MatterStatus.PUBLISHED,
                    service_matters__current_version__isnull=False,
                ),
            )
        )
        .filter(n_matters__gt=0)
        .order_by("sort_order", "name")
    )


def life_events() -> list[LifeEvent]:
    """Shown life events, each with ``n_matters`` (public matters only)."""
    return list(
        LifeEvent.objects.filter(is_active=True)
        .annotate(
            n_matters=Count(
                "matters",
                filter=Q(
                    matters__status=MatterStatus.PUBLISHED,
                    matters__current_version__isnull=False,
                    matters__agency__is_active=True,
                ),
            )
        )
        .order_by("sort_order", "pk")
    )


def public_fee_items(agency: Agency) -> QuerySet[FeeItem]:
    return (
        FeeItem.objects.filter(agency=agency, is_active=True)
        .select_related("basis_item")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=MatterVersion.objects.filter(
                    status=VersionStatus.PUBLISHED, matter__status=MatterStatus.PUBLISHED
                ).select_related("matter"),
                to_attr="public_versions",
            )
        )
    )


def agencies_with_fees() -> list[Agency]:
    return list(
        Agency.objects.filter(is_active=True)
        .annotate(n_fees=Count("service_fee_items", filter=Q(service_fee_items__is_active=True)))
        .filter(n_fees__gt=0)
        .order_by("sort_order", "name")
    )


def limit_rows(qs: QuerySet[Matter] | None = None):
    """``(agency id, agency name, LimitRow)`` of every public matter, agencies in directory
    order — the input of ``limits.compare``."""
    qs = (qs if qs is not None else public_matters()).order_by(
        "agency__sort_order", "agency__name", "sort_order", "implementation_code"
    )
    for m in qs:
        v = m.current_version
        yield (
            m.agency_id,
            m.agency.name,
            LimitRow(
                matter_id=m.pk,
                name=m.name,
                url=m.get_absolute_url(),
                case_kind=v.case_kind,
                statutory_limit=v.statutory_limit,
                statutory_unit=v.statutory_unit,
                promised_limit=v.promised_limit,
                promised_unit=v.promised_unit,
            ),
        )


def comparison():
    return compare(limit_rows())


# --- staff ---------------------------------------------------------------------------------


def matters_visible_to(user) -> QuerySet[Matter]:
    return Matter.objects.filter(agency__in=agencies_where(user, "service.view")).select_related(
        "agency", "department", "current_version"
    )


def open_version(matter: Matter) -> MatterVersion | None:
    """The draft, submitted or returned version of ``matter`` (at most one)."""
    return (
        matter.versions.filter(
            status__in=[VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED]
        )
        .order_by("-number")
        .first()
    )


def review_queue(user) -> QuerySet[MatterVersion]:
    """Submitted versions the user may review, oldest first."""
    return (
        MatterVersion.objects.filter(
            status=VersionStatus.SUBMITTED,
            matter__agency__in=agencies_where(user, "service.review"),
        )
        .select_related("matter__agency", "submitted_by")
        .order_by("submitted_at", "pk")
    )
