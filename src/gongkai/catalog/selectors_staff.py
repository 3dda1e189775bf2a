"""Reads for the staff screens of proactive disclosure: item lists scoped by permission, the
timeliness list (Art. 26: 20 working days) and the catalog flags (空白栏目, 长期未更新).

Every function here takes the user (or the agencies already scoped for the user) and returns
prefetched data, so a template never issues a query per row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet

from gongkai.accounts.permissions import agencies_where, can
from gongkai.agencies.models import Agency
from gongkai.audit.models import Event
from gongkai.catalog.models import (
    PUBLIC_CONDITION,
    Category,
    Item,
    ItemStatus,
    ItemVersion,
)

# Statuses of an item that is not (yet) on the site: its due date still matters.
OPEN_STATUSES = (ItemStatus.DRAFT, ItemStatus.SUBMITTED, ItemStatus.RETURNED, ItemStatus.APPROVED)
AT_RISK_WORKING_DAYS = 5
# Five working days never span more than this many calendar days (the longest Chinese
# holiday with its weekends is under two weeks); only items due this soon are counted exactly.
AT_RISK_CALENDAR_WINDOW = 31

TABS = ("mine", "review", "scheduled", "published", "withdrawn")


def staff_agencies(user) -> QuerySet[Agency]:
    """Agencies whose items ``user`` may see on the staff screens."""
    return agencies_where(user, "item.view_staff").order_by("sort_order", "name")


def staff_items(user) -> QuerySet[Item]:
    """Every item of the agencies where ``user`` may "item.view_staff", newest change first."""
    return (
        Item.objects.filter(agency__in=agencies_where(user, "item.view_staff").values("pk"))
        .select_related("agency", "category", "created_by")
        .order_by("-updated_at", "-pk")
    )


def filter_items(
    items: QuerySet[Item],
    *,
    user,
    tab: str = "",
    agency: Agency | None = None,
    status: str = "",
    category: Category | None = None,
    text: str = "",
    mine: bool = False,
    subtree: bool = False,
    section: str = "",
    attribute: str = "",
    published_from: dt.date | None = None,
    published_to: dt.date | None = None,
    timeliness: str = "",
) -> QuerySet[Item]:
    """Apply the list's quick tab and filters to ``items`` (already scoped for ``user``).

    ``subtree``: the category with every category below it. ``timeliness``: ``on_time``,
    ``late`` or ``unknown`` (no date formed), as stored when the item was published.
    """
    if tab == "mine":
        items = items.filter(created_by=user, status__in=[ItemStatus.DRAFT, ItemStatus.RETURNED])
    elif tab == "review":
        items = items.filter(
            status=ItemStatus.SUBMITTED, agency__in=agencies_where(user, "item.review").values("pk")
        )
    elif tab == "scheduled":
        items = items.filter(status=ItemStatus.APPROVED, publish_at__isnull=False)
    elif tab == "published":
        items = items.filter(status=ItemStatus.PUBLISHED)
    elif tab == "withdrawn":
        items = items.filter(status=ItemStatus.WITHDRAWN)
    if agency is not None:
        items = items.filter(agency=agency)
    if status:
        items = items.filter(status=status)
    if category is not None and subtree:
        items = items.filter(category__in=_category_and_below(category))
    elif category is not None:
        items = items.filter(category=category)
    if section:
        items = items.filter(section=section)
    if attribute:
        items = items.filter(disclosure_attribute=attribute)
    if published_from is not None:
        items = items.filter(published_date__gte=published_from)
    if published_to is not None:
        items = items.filter(published_date__lte=published_to)
    if timeliness in ("on_time", "late"):
        items = items.filter(published_late=timeliness == "late")
    elif timeliness == "unknown":
        items = items.filter(published_late__isnull=True)
    if text:
        items = items.filter(
            Q(title__icontains=text)
            | Q(doc_number__icontains=text)
            | Q(index_number__icontains=text)
        )
    if mine:
        items = items.filter(created_by=user)
    return items


def _category_and_below(category: Category) -> list[int]:
    children: dict[int | None, list[int]] = defaultdict(list)
    for pk, parent_id in Category.objects.filter(agency_id=category.agency_id).values_list(
        "pk", "parent_id"
    ):
        children[parent_id].append(pk)
    ids, stack = [], [category.pk]
    while stack:
        pk = stack.pop()
        ids.append(pk)
        stack.extend(children.get(pk, ()))
    return ids


def is_late(item: Item, today: dt.date) -> bool:
    """Published after its due date, or still not published and past it."""
    if item.published_late:
        return True
    return bool(item.status in OPEN_STATUSES and item.due_date and item.due_date < today)


def mark_late(items: Iterable[Item], today: dt.date) -> list[Item]:
    rows = list(items)
    for item in rows:
        item.is_late = is_late(item, today)
    return rows


# --- one item -------------------------------------------------------------------------------


def staff_item(pk: int) -> Item | None:
    """One item with everything its staff page shows (the caller checks permission)."""
    return (
        Item.objects.filter(pk=pk)
        .select_related("agency", "category", "category__parent", "replaced_by", "created_by")
        .prefetch_related("publishers", "attachments", "interprets", "interpretations")
        .first()
    )


def item_findings(item: Item):
    return list(item.findings.select_related("decided_by").order_by("-still_present", "pk"))


def item_versions(item: Item) -> QuerySet[ItemVersion]:
    return item.versions.select_related("published_by").order_by("-number")


def item_events(item: Item, *, limit: int = 200) -> list[Event]:
    return list(
        Event.objects.filter(object_type="catalog.item", object_id=str(item.pk)).order_by(
            "-created_at", "-pk"
        )[:limit]
    )


def interpretable_items(agency: Agency, *, limit: int = 200) -> QuerySet[Item]:
    """Published policy documents of ``agency`` that a 政策解读 can point to, newest first."""
    return (
        Item.objects.filter(agency=agency, status=ItemStatus.PUBLISHED, section="policy")
        .exclude(category__code="policy.interpretation")
        .only("pk", "title", "index_number", "published_date")
        .order_by("-published_date", "-pk")[:limit]
    )


def replacing_candidates(item: Item, *, limit: int = 200) -> QuerySet[Item]:
    """Public items of the same agency that may be named as replacing ``item`` (废止)."""
    return (
        Item.objects.filter(PUBLIC_CONDITION, agency_id=item.agency_id)
        .exclude(pk=item.pk)
        .only("pk", "title", "index_number", "published_date")
        .order_by("-published_date", "-pk")[:limit]
    )


# --- categories as an indented tree -----------------------------------------------------------


def category_tree(agency: Agency, *, only_shown: bool = False) -> list[tuple[Category, int]]:
    """(category, depth) pairs of ``agency``'s catalog in tree order (one query)."""
    qs = Category.objects.filter(agency=agency).order_by("sort_order", "pk")
    if only_shown:
        qs = qs.filter(is_active=True)
    categories = list(qs)
    children: dict[int | None, list[Category]] = defaultdict(list)
    ids = {c.pk for c in categories}
    for c in categories:
        children[c.parent_id if c.parent_id in ids else None].append(c)
    out: list[tuple[Category, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for c in children.get(parent_id, []):
            out.append((c, depth))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return out


# --- timeliness ----------------------------------------------------------------------------


@dataclass
class AgencyTimeliness:
    agency: Agency
    at_risk: int = 0
    late_open: int = 0
    late_published: int = 0

    @property
    def total(self) -> int:
        return self.at_risk + self.late_open + self.late_published


@dataclass
class Timeliness:
    per_agency: list[AgencyTimeliness]
    at_risk: list[Item] = field(default_factory=list)
    late_open: list[Item] = field(default_factory=list)
    late_published: list[Item] = field(default_factory=list)


def _working_days_until(today: dt.date, dates: Iterable[dt.date]) -> dict[dt.date, int | None]:
    """``count_working_days(today, d)`` for each date, over one loaded calendar (two queries
    in all instead of two per date); None where the calendar has no data for that year."""
    from gongkai.workdays.calendar import CalendarMissing
    from gongkai.workdays.selectors import load_calendar

    dates = sorted(set(dates))
    if not dates:
        return {}
    calendar = load_calendar(range(today.year, dates[-1].year + 1))
    count_start = settings.GONGKAI_COUNT_START_DAY
    result: dict[dt.date, int | None] = {}
    for d in dates:
        try:
            result[d] = calendar.count_working_days(today, d, count_start_day=count_start)
        except CalendarMissing:
            result[d] = None
    return result


def timeliness(agencies: QuerySet[Agency], *, today: dt.date) -> Timeliness:
    """Items at risk (not published, due within 5 working days) and late (not published and
    past due, or published late this year) in ``agencies``, with counts per agency.

    A fixed number of queries whatever the number of items and agencies.
    """
    agency_list = list(agencies)
    base = Item.objects.filter(agency__in=[a.pk for a in agency_list]).select_related(
        "agency", "category"
    )
    late_open = list(
        base.filter(status__in=OPEN_STATUSES, due_date__lt=today).order_by("due_date", "pk")
    )
    late_published = list(
        base.filter(
            status=ItemStatus.PUBLISHED, published_late=True, published_date__year=today.year
        ).order_by("-published_date", "-pk")
    )
    candidates = list(
        base.filter(
            status__in=OPEN_STATUSES,
            due_date__gte=today,
            due_date__lte=today + dt.timedelta(days=AT_RISK_CALENDAR_WINDOW),
        ).order_by("due_date", "pk")
    )
    remaining = _working_days_until(today, [i.due_date for i in candidates])
    at_risk = []
    for item in candidates:
        days = remaining.get(item.due_date)
        if days is None:  # no calendar for that year: count calendar days, to be safe
            days = (item.due_date - today).days
        if days <= AT_RISK_WORKING_DAYS:
            item.working_days_left = days
            at_risk.append(item)
    rows = {a.pk: AgencyTimeliness(agency=a) for a in agency_list}
    for item in at_risk:
        rows[item.agency_id].at_risk += 1
    for item in late_open:
        rows[item.agency_id].late_open += 1
    for item in late_published:
        rows[item.agency_id].late_published += 1
    return Timeliness(
        per_agency=[r for r in rows.values()],
        at_risk=at_risk,
        late_open=late_open,
        late_published=late_published,
    )


# --- catalog flags -------------------------------------------------------------------------


@dataclass
class CategoryRow:
    category: Category
    depth: int
    own_count: int = 0
    count: int = 0  # public items in the category and every category below it
    latest: dt.date | None = None
    is_leaf: bool = True
    empty: bool = False  # 空白栏目
    stale: bool = False  # 长期未更新
    days_since: int | None = None


def _public_stats(agency_ids: list[int]) -> dict[int, tuple[int, dt.date | None]]:
    rows = (
        Item.objects.filter(PUBLIC_CONDITION, agency__in=agency_ids)
        .values("category_id")
        .annotate(n=Count("pk"), latest=Max("published_date"))
        .order_by()
    )
    return {r["category_id"]: (r["n"], r["latest"]) for r in rows}


def _catalog_rows(
    categories: list[Category], stats: dict[int, tuple[int, dt.date | None]], today: dt.date
) -> list[CategoryRow]:
    children: dict[int | None, list[Category]] = defaultdict(list)
    ids = {c.pk for c in categories}
    for c in sorted(categories, key=lambda c: (c.sort_order, c.pk)):
        children[c.parent_id if c.parent_id in ids else None].append(c)
    rows: list[CategoryRow] = []

    def walk(parent_id: int | None, depth: int) -> tuple[int, dt.date | None]:
        total, latest = 0, None
        for c in children.get(parent_id, []):
            row = CategoryRow(category=c, depth=depth)
            rows.append(row)
            own_n, own_latest = stats.get(c.pk, (0, None))
            sub_n, sub_latest = walk(c.pk, depth + 1)
            row.own_count = own_n
            row.count = own_n + sub_n
            row.latest = max([d for d in (own_latest, sub_latest) if d], default=None)
            row.is_leaf = not children.get(c.pk)
            if row.latest:
                row.days_since = (today - row.latest).days
            if c.is_active:
                row.empty = row.count == 0
                row.stale = bool(
                    c.update_period_days and row.latest and row.days_since > c.update_period_days
                )
            total += row.count
            if row.latest and (latest is None or row.latest > latest):
                latest = row.latest
        return total, latest

    walk(None, 0)
    return rows


def catalog_overview(agency: Agency, *, today: dt.date) -> list[CategoryRow]:
    """The agency's categories in tree order with public item counts (own subtree), the date
    of the latest publication and the 空白栏目 / 长期未更新 flags (two queries)."""
    categories = list(Category.objects.filter(agency=agency))
    return _catalog_rows(categories, _public_stats([agency.pk]), today)


@dataclass
class SupervisionRow:
    agency: Agency
    categories: int = 0
    empty: int = 0
    stale: int = 0
    late_open: int = 0
    late_published: int = 0


def supervision(agencies: QuerySet[Agency], *, today: dt.date) -> list[SupervisionRow]:
    """Per agency: shown leaf categories, how many are empty and stale, and late items
    (open past due, or published late this year). Four queries whatever the size."""
    agency_list = list(agencies)
    ids = [a.pk for a in agency_list]
    by_agency: dict[int, list[Category]] = defaultdict(list)
    for c in Category.objects.filter(agency__in=ids):
        by_agency[c.agency_id].append(c)
    stats = _public_stats(ids)
    late_open = dict(
        Item.objects.filter(agency__in=ids, status__in=OPEN_STATUSES, due_date__lt=today)
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    late_published = dict(
        Item.objects.filter(
            agency__in=ids,
            status=ItemStatus.PUBLISHED,
            published_late=True,
            published_date__year=today.year,
        )
        .values_list("agency_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result = []
    for agency in agency_list:
        row = SupervisionRow(agency=agency)
        # Count leaves only, so a first-level column is not counted again with its children.
        for r in _catalog_rows(by_agency.get(agency.pk, []), stats, today):
            if not r.is_leaf or not r.category.is_active:
                continue
            row.categories += 1
            row.empty += r.empty
            row.stale += r.stale
        row.late_open = late_open.get(agency.pk, 0)
        row.late_published = late_published.get(agency.pk, 0)
        result.append(row)
    return result


def may_see_catalog(user, agency: Agency) -> bool:
    return any(
        can(user, action, agency=agency)
        for action in ("catalog.manage", "catalog.supervise", "item.view_staff")
    )
