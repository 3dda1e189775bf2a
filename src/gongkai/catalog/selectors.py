"""Public reads of the disclosure catalog.

Every list here walks one of the partial indexes ``item_public_*`` (newest first) from a
keyset cursor and stops after a page: no OFFSET and no COUNT, so a page costs the same with a
thousand items or a million. The filters always start with ``PUBLIC_CONDITION`` (published
AND 主动公开) literally, which is what lets SQLite and PostgreSQL match the partial indexes.

A list over several categories (a category with its subcategories) is the union of one
index walk per category, merged in Python: the newest N of a union are among the newest N
of each part, so the result is exact and each part stops after N rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.db import connections
from django.db.models import Prefetch, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.catalog.models import (
    PUBLIC_CONDITION,
    Category,
    CategoryTemplate,
    DisclosureAttribute,
    Guide,
    Item,
    ItemStatus,
    Validity,
)

PAGE_SIZE = 20
# Parts of one UNION ALL statement; well below SQLite's limits on compound terms (500) and
# bound parameters (32766), so a catalog of any realistic size needs one statement.
UNION_CHUNK = 100
NEWEST_FIRST = ("-published_date", "-pk")


def public_items() -> QuerySet[Item]:
    """Items the public may see: published and 主动公开 (never 内部公开, drafts or withdrawn)."""
    return Item.objects.filter(PUBLIC_CONDITION)


# --- keyset cursors ---------------------------------------------------------------------


@dataclass(frozen=True)
class Cursor:
    """The position after the last item of a page: its 发布日期 and id (``2026-05-15_1234``)."""

    published_date: dt.date
    pk: int

    def encode(self) -> str:
        return f"{self.published_date.isoformat()}_{self.pk}"

    @classmethod
    def decode(cls, value: str | None) -> Cursor | None:
        """The cursor in ``value``, or None for a missing or malformed one (= first page)."""
        if not value:
            return None
        day, _sep, pk = value.partition("_")
        try:
            return cls(dt.date.fromisoformat(day), int(pk))
        except ValueError:
            return None

    @classmethod
    def of(cls, item: Item) -> Cursor:
        return cls(item.published_date, item.pk)

    def q(self) -> Q:
        """Items after this position, newest first. ``published_date <= d`` is a range the index
        can seek to; the OR then skips at most the items of that one day."""
        return Q(published_date__lte=self.published_date) & (
            Q(published_date__lt=self.published_date) | Q(pk__lt=self.pk)
        )


@dataclass(frozen=True)
class ListFilter:
    """The reader's filters of a list: 发布年份 and 有效性 (both optional)."""

    year: int | None = None
    validity: str = ""

    @classmethod
    def from_query(cls, params) -> ListFilter:
        year: int | None
        try:
            year = int(params.get("year") or "")
        except ValueError:
            year = None
        if year is not None and not 1949 <= year <= 9999:
            year = None
        validity = params.get("validity") or ""
        if validity not in Validity.values:
            validity = ""
        return cls(year=year, validity=validity)

    def apply(self, qs: QuerySet[Item]) -> QuerySet[Item]:
        if self.year is not None:
            # A range on the indexed column, not an extract() the index cannot serve.
            qs = qs.filter(
                published_date__gte=dt.date(self.year, 1, 1),
                published_date__lte=dt.date(self.year, 12, 31),
            )
        if self.validity:
            qs = qs.filter(validity=self.validity)
        return qs

    @property
    def active(self) -> bool:
        return self.year is not None or bool(self.validity)


@dataclass
class ItemPage:
    items: list[Item]
    next_after: str | None  # the cursor of the next page, None on the last one
    is_first: bool


def _sort_newest_first(items: Iterable[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.published_date, i.pk), reverse=True)


def _union_pks(querysets: Sequence[QuerySet]) -> list[int]:
    """The primary keys of several sliced ``values_list("pk")`` querysets in one UNION ALL
    statement per ``UNION_CHUNK`` (each part keeps its own ORDER BY … LIMIT, so each is one
    short index walk). Both SQLite and PostgreSQL accept a limited subquery in FROM."""
    pks: list[int] = []
    it = iter(querysets)
    while chunk := list(islice(it, UNION_CHUNK)):
        parts: list[str] = []
        params: list[Any] = []
        db = chunk[0].db
        for n, qs in enumerate(chunk):
            sql, part_params = qs.query.get_compiler(using=db).as_sql()
            parts.append(f"SELECT * FROM ({sql}) AS part{n}")
            params.extend(part_params)
        with connections[db].cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            pks.extend(row[0] for row in cursor.fetchall())
    return pks


def _fetch(pks: Iterable[int]) -> list[Item]:
    pks = list(pks)
    if not pks:
        return []
    return list(public_items().filter(pk__in=pks).select_related("agency", "category"))


def _page(
    querysets: Sequence[QuerySet[Item]], *, after: str | None, filters: ListFilter, size: int
) -> ItemPage:
    cursor = Cursor.decode(after)
    filtered = []
    for qs in querysets:
        qs = filters.apply(qs)
        if cursor is not None:
            qs = qs.filter(cursor.q())
        filtered.append(qs.order_by(*NEWEST_FIRST))
    if len(filtered) == 1:
        rows = list(filtered[0].select_related("agency", "category")[: size + 1])
    else:
        parts = [qs.values_list("pk", flat=True)[: size + 1] for qs in filtered]
        rows = _sort_newest_first(_fetch(_union_pks(parts)))[: size + 1]
    has_next = len(rows) > size
    rows = rows[:size]
    return ItemPage(
        items=rows,
        next_after=Cursor.of(rows[-1]).encode() if has_next and rows else None,
        is_first=cursor is None,
    )


def agency_item_page(
    agency: Agency,
    *,
    after: str | None = None,
    filters: ListFilter | None = None,
    size: int = PAGE_SIZE,
) -> ItemPage:
    """One page of all public items of ``agency``, newest first (index ``item_public_agency``)."""
    return _page(
        [public_items().filter(agency=agency)],
        after=after,
        filters=filters or ListFilter(),
        size=size,
    )


def category_item_page(
    categories: Sequence[Category],
    *,
    after: str | None = None,
    filters: ListFilter | None = None,
    size: int = PAGE_SIZE,
) -> ItemPage:
    """One page of the public items in ``categories`` (a category and its subcategories),
    newest first: one walk of ``item_public_category`` per category, in one statement."""
    return _page(
        [public_items().filter(category_id=c.pk) for c in categories],
        after=after,
        filters=filters or ListFilter(),
        size=size,
    )


def latest_items(*, limit: int = 10) -> list[Item]:
    """The newest public items of the whole site (index ``item_public_all``)."""
    return list(public_items().select_related("agency", "category").order_by(*NEWEST_FIRST)[:limit])


def latest_by(field_name: str, values: Iterable[Any], *, limit: int) -> dict[Any, list[Item]]:
    """The newest ``limit`` public items for each value of ``field_name`` ("category_id",
    "agency_id" or "section", each with its own partial index): two queries in all."""
    values = list(dict.fromkeys(values))
    if not values:
        return {}
    parts = [
        public_items()
        .filter(**{field_name: value})
        .order_by(*NEWEST_FIRST)
        .values_list("pk", flat=True)[:limit]
        for value in values
    ]
    grouped: dict[Any, list[Item]] = {value: [] for value in values}
    for item in _sort_newest_first(_fetch(_union_pks(parts))):
        grouped[getattr(item, field_name)].append(item)
    return grouped


def first_year(agency: Agency | None = None) -> int | None:
    """The year of the oldest public item (of ``agency``): one step from the end of an index."""
    qs = public_items()
    if agency is not None:
        qs = qs.filter(agency=agency)
    oldest = qs.order_by("published_date", "pk").values_list("published_date", flat=True).first()
    return oldest.year if oldest else None


# --- agencies and their catalogs ----------------------------------------------------------


def public_agency(credit_code: str) -> Agency | None:
    return (
        Agency.objects.filter(credit_code=credit_code, is_active=True)
        .select_related("parent")
        .first()
    )


@dataclass
class CategoryNode:
    category: Category
    children: list[CategoryNode] = field(default_factory=list)
    latest: list[Item] = field(default_factory=list)  # newest items of the whole subtree

    def walk(self) -> Iterable[CategoryNode]:
        yield self
        for child in self.children:
            yield from child.walk()

    @property
    def categories(self) -> list[Category]:
        return [node.category for node in self.walk()]


def catalog_tree(agency: Agency) -> tuple[list[CategoryNode], dict[int, CategoryNode]]:
    """The shown categories of ``agency`` as a forest, and every node by category id (one
    query). A hidden category hides its subtree."""
    categories = list(
        Category.objects.filter(agency=agency, is_active=True).order_by("sort_order", "pk")
    )
    for category in categories:
        category.agency = agency  # URLs need the credit code: no query per category
    nodes = {c.pk: CategoryNode(c) for c in categories}
    roots: list[CategoryNode] = []
    for node in nodes.values():
        parent_id = node.category.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].children.append(node)
    reachable: dict[int, CategoryNode] = {}
    for root in roots:
        for node in root.walk():
            reachable[node.category.pk] = node
    return roots, reachable


def fill_latest(nodes: Iterable[CategoryNode], *, limit: int) -> None:
    """Set ``latest`` on each node: the newest ``limit`` items of its subtree (two queries)."""
    nodes = list(nodes)
    ids = {c.pk for node in nodes for c in node.categories}
    by_category = latest_by("category_id", ids, limit=limit)
    for node in nodes:
        merged = [item for c in node.categories for item in by_category.get(c.pk, [])]
        node.latest = _sort_newest_first(merged)[:limit]


def category_ancestors(node_id: int, nodes: dict[int, CategoryNode]) -> list[Category]:
    chain: list[Category] = []
    category = nodes[node_id].category
    seen = {category.pk}
    while (
        category.parent_id is not None
        and category.parent_id in nodes
        and category.parent_id not in seen
    ):
        category = nodes[category.parent_id].category
        seen.add(category.pk)
        chain.append(category)
    return list(reversed(chain))


def guide_of(agency: Agency) -> Guide | None:
    return Guide.objects.filter(agency=agency).first()


# --- one item -----------------------------------------------------------------------------


def item_for_page(pk: int, *, full: bool = True) -> Item | None:
    """Any item with what its page shows (the caller decides who may see it): issuing
    agencies, attachments, and the public items it interprets or that interpret it. Without
    ``full`` just the item and its agency (for the QR code and downloads)."""
    if not full:
        return Item.objects.filter(pk=pk).select_related("agency").first()
    public_only = Item.objects.filter(PUBLIC_CONDITION).only(
        "pk", "title", "published_date", "doc_number"
    )
    return (
        Item.objects.filter(pk=pk)
        .select_related("agency", "category", "category__parent", "replaced_by")
        .prefetch_related(
            Prefetch("publishers", queryset=Agency.objects.order_by("sort_order", "pk")),
            "attachments",
            Prefetch(
                "interpretations",
                queryset=public_only.order_by(*NEWEST_FIRST),
                to_attr="public_interpretations",
            ),
            Prefetch(
                "interprets",
                queryset=public_only.order_by(*NEWEST_FIRST),
                to_attr="public_interprets",
            ),
        )
        .first()
    )


def is_internal_published(item: Item) -> bool:
    return (
        item.status == ItemStatus.PUBLISHED
        and item.disclosure_attribute == DisclosureAttribute.INTERNAL
    )


def is_withdrawn_public(item: Item) -> bool:
    """Withdrawn after having been public: its URL answers 410 with the reason."""
    return (
        item.status == ItemStatus.WITHDRAWN
        and item.disclosure_attribute == DisclosureAttribute.PUBLIC
    )


# --- home page ----------------------------------------------------------------------------


@dataclass
class SectionBlock:
    code: str
    name: str
    items: list[Item]


@dataclass
class AgencyBlock:
    agency: Agency
    items: list[Item]


def home_sections(*, limit: int = 5) -> list[SectionBlock]:
    """The first-level columns of the standard template with their newest items site-wide
    (index ``item_public_section``); columns with nothing published are left out."""
    top = list(
        CategoryTemplate.objects.filter(parent__isnull=True)
        .order_by("sort_order", "pk")
        .values_list("code", "name")
    )
    latest = latest_by("section", [code for code, _name in top], limit=limit)
    return [SectionBlock(code, name, latest[code]) for code, name in top if latest.get(code)]


def home_agencies(*, agencies: int = 8, limit: int = 4, lookback: int = 200) -> list[AgencyBlock]:
    """The agencies that published most recently (among the newest ``lookback`` items) with
    their newest items: a bounded number of agencies, whatever the size of the site."""
    recent = public_items().order_by(*NEWEST_FIRST).values_list("agency_id", flat=True)[:lookback]
    agency_ids = list(islice(dict.fromkeys(recent), agencies))
    latest = latest_by("agency_id", agency_ids, limit=limit)
    blocks = []
    for agency_id in agency_ids:
        items = latest.get(agency_id) or []
        if items:
            blocks.append(AgencyBlock(items[0].agency, items))
    return blocks
