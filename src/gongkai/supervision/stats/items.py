"""Statistics of proactive disclosure: public items published in a period per agency, catalog
category and month, and whether each was published within 20 working days of being formed
(Art. 26; ``Item.published_late`` as stored when it was published).

One grouped query gives every figure; the category tree costs one more query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import ExtractMonth

from gongkai.agencies.models import Agency
from gongkai.catalog.models import PUBLIC_CONDITION, Category, CategoryTemplate, Item
from gongkai.supervision.stats.period import Period

ON_TIME = "on_time"
LATE = "late"
UNKNOWN = "unknown"  # no date formed (or no calendar for its year): cannot be judged


def timeliness_key(published_late: bool | None) -> str:
    if published_late is None:
        return UNKNOWN
    return LATE if published_late else ON_TIME


@dataclass
class Timeliness:
    on_time: int = 0
    late: int = 0
    unknown: int = 0

    def add(self, key: str, n: int) -> None:
        setattr(self, key, getattr(self, key) + n)

    def merge(self, other: Timeliness) -> None:
        self.on_time += other.on_time
        self.late += other.late
        self.unknown += other.unknown

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.unknown

    @property
    def judged(self) -> int:
        return self.on_time + self.late

    @property
    def share_on_time(self) -> float | None:
        """On time among the items that can be judged (None when there is none)."""
        return self.on_time / self.judged if self.judged else None


@dataclass
class AgencyRow:
    agency: Agency
    timeliness: Timeliness = field(default_factory=Timeliness)

    @property
    def total(self) -> int:
        return self.timeliness.total


@dataclass
class CategoryRow:
    """One node of a catalog (one agency) or one first-level section (several agencies)."""

    name: str
    depth: int = 0
    category_id: int | None = None
    section: str | None = None
    own: Timeliness = field(default_factory=Timeliness)  # items in this very node
    subtree: Timeliness = field(default_factory=Timeliness)  # with every node below it
    has_children: bool = False

    @property
    def total(self) -> int:
        return self.subtree.total


@dataclass
class ItemStats:
    period: Period
    agencies: list[AgencyRow]
    by_month: dict[int, int]
    categories: list[CategoryRow]  # tree of one agency, or sections over several
    by_section: bool  # categories are first-level sections (several agencies)
    timeliness: Timeliness

    @property
    def total(self) -> int:
        return self.timeliness.total


def item_stats(agencies: list[Agency], period: Period) -> ItemStats:
    """Public items (主动公开, published) of ``agencies`` with a publication date in ``period``.

    With one agency the categories are its catalog tree (each node with its own items and its
    subtree's); with several they are the first-level sections of the standard catalog.
    """
    ids = [a.pk for a in agencies]
    rows = (
        Item.objects.filter(
            PUBLIC_CONDITION, agency__in=ids, published_date__range=(period.start, period.end)
        )
        .annotate(month=ExtractMonth("published_date"))
        .values_list("agency_id", "category_id", "section", "month", "published_late")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_agency = {a.pk: AgencyRow(agency=a) for a in agencies}
    by_month = {m: 0 for m in period.months}
    by_category: dict[int, Timeliness] = defaultdict(Timeliness)
    by_section: dict[str, Timeliness] = defaultdict(Timeliness)
    total = Timeliness()
    for agency_id, category_id, section, month, late, n in rows:
        key = timeliness_key(late)
        per_agency[agency_id].timeliness.add(key, n)
        by_month[month] = by_month.get(month, 0) + n
        by_category[category_id].add(key, n)
        by_section[section or ""].add(key, n)
        total.add(key, n)
    if len(agencies) == 1:
        categories = _category_tree(agencies[0], by_category)
    else:
        categories = _sections(by_section)
    return ItemStats(
        period=period,
        agencies=list(per_agency.values()),
        by_month=by_month,
        categories=categories,
        by_section=len(agencies) != 1,
        timeliness=total,
    )


def _category_tree(agency: Agency, counts: dict[int, Timeliness]) -> list[CategoryRow]:
    categories = list(Category.objects.filter(agency=agency).order_by("sort_order", "pk"))
    ids = {c.pk for c in categories}
    children: dict[int | None, list[Category]] = defaultdict(list)
    for c in categories:
        children[c.parent_id if c.parent_id in ids else None].append(c)
    out: list[CategoryRow] = []

    def walk(parent_id: int | None, depth: int) -> Timeliness:
        total = Timeliness()
        for c in children.get(parent_id, []):
            row = CategoryRow(name=c.name, depth=depth, category_id=c.pk)
            out.append(row)
            row.own.merge(counts.get(c.pk, Timeliness()))
            row.subtree.merge(row.own)
            row.subtree.merge(walk(c.pk, depth + 1))
            row.has_children = bool(children.get(c.pk))
            total.merge(row.subtree)
        return total

    walk(None, 0)
    return out


def _sections(counts: dict[str, Timeliness]) -> list[CategoryRow]:
    """The first-level sections in the standard template's order; a section code the template
    does not know (a catalog of the agency's own) comes after them under its code."""
    names = {
        code: name
        for code, name in CategoryTemplate.objects.filter(parent__isnull=True)
        .order_by("sort_order", "pk")
        .values_list("code", "name")
    }
    rows = []
    for code, name in names.items():
        rows.append(CategoryRow(name=name, section=code, subtree=counts.get(code, Timeliness())))
    for code in sorted(set(counts) - set(names)):
        rows.append(CategoryRow(name=code or "—", section=code, subtree=counts[code]))
    for row in rows:
        row.own = row.subtree
    return rows
