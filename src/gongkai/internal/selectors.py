"""Reads of internal disclosure, every one scoped by the rule in ``internal.permissions``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from gongkai.accounts.models import RoleAssignment, User
from gongkai.agencies.models import Agency
from gongkai.internal.models import (
    DepartmentMembership,
    InternalItem,
    InternalStatus,
    ReadReceipt,
)
from gongkai.internal.permissions import roles_with, visible_condition


def items_visible_to(user) -> QuerySet[InternalItem]:
    """Every internal item ``user`` may read (``can_view_internal``), with what lists show."""
    return (
        InternalItem.objects.filter(visible_condition(user))
        .select_related("agency", "posted_by", "created_by")
        .prefetch_related("departments")
    )


def with_read_flag(qs: QuerySet[InternalItem], user) -> QuerySet[InternalItem]:
    """``is_read``: whether ``user`` has opened the item."""
    return qs.annotate(is_read=Exists(ReadReceipt.objects.filter(item=OuterRef("pk"), user=user)))


def staff_list(
    user,
    *,
    agency: Agency | None = None,
    kind: str = "",
    year: int | None = None,
    status: str = "",
    unread: bool = False,
) -> QuerySet[InternalItem]:
    """The workbench list: posted items first by period, with the read flag."""
    qs = with_read_flag(items_visible_to(user), user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    if unread:
        qs = qs.filter(status=InternalStatus.POSTED, is_read=False)
    return qs.annotate(question_count=Count("questions", distinct=True)).order_by(
        "-year", "-month", "-posted_at", "-pk"
    )


def staff_agencies(user) -> QuerySet[Agency]:
    """The agencies ``user`` works for (holds a role granted for the agency itself)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    ids = RoleAssignment.objects.filter(user=user, agency__isnull=False).values("agency_id")
    return Agency.objects.filter(pk__in=ids, is_active=True).order_by("sort_order", "name")


def agencies_for(user, action: str) -> QuerySet[Agency]:
    """The agencies where ``user`` holds, directly, a role that may do ``action``."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Agency.objects.none()
    ids = RoleAssignment.objects.filter(
        user=user, agency__isnull=False, role__in=roles_with(action)
    ).values("agency_id")
    return Agency.objects.filter(pk__in=ids, is_active=True).order_by("sort_order", "name")


def staff_of(agency: Agency) -> QuerySet[User]:
    """The active staff members of ``agency`` (any role held for it)."""
    holds = RoleAssignment.objects.filter(agency=agency, user=OuterRef("pk"))
    return User.objects.filter(Exists(holds), is_active=True).order_by("full_name", "username")


def viewers_of(item: InternalItem) -> QuerySet[User]:
    """Everyone ``can_view_internal`` lets read ``item``, as a queryset of users."""
    people = staff_of(item.agency)
    own = Q(pk__in=[pk for pk in (item.created_by_id, item.posted_by_id) if pk])

    def holding(action: str):
        return Exists(
            RoleAssignment.objects.filter(
                agency=item.agency, user=OuterRef("pk"), role__in=roles_with(action)
            )
        )

    if item.status == InternalStatus.DRAFT:
        return people.filter(own | Q(holding("internal.post")))
    if item.status == InternalStatus.WITHDRAWN:
        return people.filter(own | Q(holding("internal.manage")))
    departments = [d.pk for d in item.departments.all()]
    if not departments:
        return people
    member = Exists(
        DepartmentMembership.objects.filter(user=OuterRef("pk"), department_id__in=departments)
    )
    return people.filter(own | Q(member))


@dataclass
class ReadList:
    receipts: list[ReadReceipt]
    not_read: list[User]

    @property
    def total(self) -> int:
        return len(self.receipts) + len(self.not_read)


def read_list(item: InternalItem) -> ReadList:
    """Who has read ``item`` and when (first read), and who of those who may read it has not.

    A receipt of someone who may no longer read the item (moved to another agency) stays in
    the list: it records what happened."""
    receipts = list(item.receipts.select_related("user").order_by("read_at", "pk"))
    readers = {r.user_id for r in receipts}
    not_read = [u for u in viewers_of(item) if u.pk not in readers]
    return ReadList(receipts=receipts, not_read=not_read)


def unread_count(user) -> int:
    """The posted items ``user`` may read and has not opened yet."""
    return (
        InternalItem.objects.filter(visible_condition(user), status=InternalStatus.POSTED)
        .exclude(Exists(ReadReceipt.objects.filter(item=OuterRef("pk"), user=user)))
        .count()
    )


@dataclass
class Workbench:
    """What the workbench card shows: unread items, own drafts, whether the person posts."""

    unread: int
    drafts: int
    posts: bool
    manages: bool

    @property
    def shown(self) -> bool:
        return bool(self.unread or self.drafts or self.posts or self.manages)


def workbench(user) -> Workbench | None:
    """The workbench card of internal disclosure, or ``None`` for someone who works for no
    agency."""
    if not staff_agencies(user).exists():
        return None
    drafts = InternalItem.objects.filter(
        visible_condition(user), status=InternalStatus.DRAFT
    ).count()
    return Workbench(
        unread=unread_count(user),
        drafts=drafts,
        posts=agencies_for(user, "internal.post").exists(),
        manages=agencies_for(user, "internal.manage").exists(),
    )
