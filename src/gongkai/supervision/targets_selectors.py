"""Reads for the targets pages and the staff dashboard: targets with their progress and a link
to the records each one counts, scoped by permission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.accounts.models import Role, RoleAssignment
from gongkai.accounts.permissions import agencies_where, can, descendant_ids
from gongkai.agencies.models import Agency
from gongkai.catalog.models import Category
from gongkai.supervision.measures import NORMATIVE, Progress, Result, progress
from gongkai.supervision.models import Measure, Target
from gongkai.supervision.stats.links import Linker
from gongkai.supervision.stats.period import Period

DASHBOARD_AGENCIES = 3


def targets_of(agencies, year: int):
    return (
        Target.objects.filter(agency__in=agencies, year=year)
        .select_related("agency", "category")
        .order_by("agency__sort_order", "agency__name", "sort_order", "pk")
    )


def progress_for(user, targets, *, today: dt.date) -> list[Progress]:
    """Progress of ``targets``, each with a link to the records it counts (where ``user`` may
    open that list): the items counted, the late ones for a timeliness share, the late
    replies for an on-time share, the normative documents for the interpretation share."""
    targets = list(targets)
    linkers: dict[int, Linker] = {}
    normative = dict(
        Category.objects.filter(
            agency__in={t.agency_id for t in targets if t.measure == Measure.INTERPRETED},
            code=NORMATIVE,
        ).values_list("agency_id", "pk")
    )

    def url_for(target: Target) -> str:
        if target.year not in linkers:
            linkers[target.year] = Linker.for_user(
                user, period=Period(target.year), scope_ids=[target.agency_id]
            )
        linker = linkers[target.year]
        pk = target.agency_id
        if target.measure == Measure.ITEMS:
            return linker.items(pk)
        if target.measure == Measure.CATEGORY_ITEMS:
            return linker.items(pk, category_id=target.category_id, subtree=True)
        if target.measure == Measure.ITEMS_ON_TIME:
            return linker.items(pk, timeliness="late")
        if target.measure == Measure.REPLIES_ON_TIME:
            return linker.replied(pk, timely="late")
        if target.measure == Measure.INTERPRETED and pk in normative:
            return linker.items(pk, category_id=normative[pk])
        return ""

    return progress(targets, today=today, url_for=url_for)


@dataclass
class AgencyTargets:
    agency: Agency
    rows: list[Progress] = field(default_factory=list)

    def _count(self, *states: str) -> int:
        return sum(1 for p in self.rows if p.state in states)

    @property
    def reached(self) -> int:
        return self._count(Result.MET, Result.AIMED)

    @property
    def behind(self) -> int:
        return self._count(Result.BEHIND, Result.BELOW, Result.NOT_MET)


def overview(user, agencies: list[Agency], year: int, *, today: dt.date) -> list[AgencyTargets]:
    """Every agency of ``agencies`` with its targets for ``year`` and where they stand."""
    by_agency = {a.pk: AgencyTargets(agency=a) for a in agencies}
    for p in progress_for(user, targets_of(agencies, year), today=today):
        by_agency[p.target.agency_id].rows.append(p)
    return list(by_agency.values())


def supervising_agencies(user) -> list[Agency]:
    """Agencies whose assessment table ``user`` may see: those with agencies below them among
    the agencies of "stats.view", the topmost of them first."""
    visible = list(agencies_where(user, "stats.view").order_by("sort_order", "name"))
    ids = {a.pk for a in visible}
    parents = set(
        Agency.objects.filter(parent__in=ids).values_list("parent_id", flat=True).distinct()
    )
    return [a for a in visible if a.pk in parents]


@dataclass
class Dashboard:
    """The staff home's targets panel."""

    year: int
    agencies: list[AgencyTargets]  # the user's own agencies, with their targets
    supervised: int = 0  # agencies below the user's 公开办 agencies with targets this year
    supervised_behind: int = 0  # … of which with a target behind pace or not met
    supervisor: Agency | None = None  # where the overview and assessment are
    has_own: bool = False  # the user works for an agency (a system administrator may not)


def dashboard(user, *, today: dt.date) -> Dashboard | None:
    """Targets of this year for the agencies ``user`` works for (the ones granted to him or
    her, at most ``DASHBOARD_AGENCIES``), and for a 公开办 how the agencies below it stand.
    None when the user may see no statistics."""
    visible = agencies_where(user, "stats.view")
    if not visible.exists():
        return None
    own_ids = list(
        RoleAssignment.objects.filter(user=user, agency__in=visible)
        .order_by("agency__sort_order", "agency__name")
        .values_list("agency_id", flat=True)
        .distinct()
    )
    own = list(Agency.objects.filter(pk__in=own_ids[:DASHBOARD_AGENCIES]).order_by("sort_order"))
    result = Dashboard(year=today.year, agencies=[], has_own=bool(own))
    if own:
        result.agencies = [a for a in overview(user, own, today.year, today=today) if a.rows]
    offices = list(
        RoleAssignment.objects.filter(user=user, role=Role.DISCLOSURE_OFFICE, agency__isnull=False)
        .select_related("agency")
        .order_by("agency__sort_order")
    )
    if offices:
        office = offices[0].agency
        below = descendant_ids([office.pk]) - {office.pk}
        rows = overview(user, list(Agency.objects.filter(pk__in=below)), today.year, today=today)
        rows = [r for r in rows if r.rows]
        result.supervised = len(rows)
        result.supervised_behind = sum(1 for r in rows if r.behind)
        if can(user, "stats.view", agency=office):
            result.supervisor = office
    return result
