"""The reads behind the public API. Every item query starts from the catalog's
``public_items()`` (``PUBLIC_CONDITION``: published and 主动公开), so an internal, unfinished or withdrawn item cannot be listed,
found or fetched through any endpoint; each function runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from gongkai.agencies.models import Agency
from gongkai.api.cursors import Keyset, Offset
from gongkai.catalog.models import Attachment, Category, Item
from gongkai.catalog.selectors import public_items
from gongkai.search.selectors import MAX_PAGE, PAGE_SIZE, search

# A search page whose hits are mostly filtered out (filters the index does not know, such as
# ``since``) is topped up from the next search pages, but only this many, so one request stays
# cheap; the page may then be short, and ``next`` says where to go on.
SEARCH_ROUNDS = 3


@dataclass(frozen=True)
class ItemFilters:
    agency: str = ""  # credit code of the lead agency
    category: int | None = None
    section: str = ""  # first-level catalog code, e.g. "policy"
    year: int | None = None  # of the published date
    validity: str = ""
    doc_number: str = ""  # 文号, exactly as published
    index_number: str = ""  # 索引号
    since: dt.date | None = None  # published on or after


def _with_relations(qs: QuerySet[Item]) -> QuerySet[Item]:
    """Everything the item list shows, in three queries for a whole page."""
    return (
        qs.select_related("agency", "category")
        .prefetch_related(
            Prefetch("publishers", queryset=Agency.objects.only("pk", "name", "credit_code"))
        )
        .annotate(
            # 废止 → the replacing document, shown only while that one is public itself.
            replaced_by_public=Exists(public_items().filter(pk=OuterRef("replaced_by_id")))
        )
    )


def _filtered(filters: ItemFilters, agency_id: int | None) -> QuerySet[Item]:
    qs = public_items()
    if agency_id is not None:
        qs = qs.filter(agency_id=agency_id)
    if filters.category is not None:
        qs = qs.filter(category_id=filters.category)
    if filters.section:
        qs = qs.filter(section=filters.section)
    if filters.year is not None:
        # A range, not __year, so the (published_date, id) indexes serve it.
        qs = qs.filter(
            published_date__gte=dt.date(filters.year, 1, 1),
            published_date__lt=dt.date(filters.year + 1, 1, 1),
        )
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    if filters.doc_number:
        qs = qs.filter(doc_number=filters.doc_number.strip())
    if filters.index_number:
        qs = qs.filter(index_number=filters.index_number.strip().upper())
    if filters.since is not None:
        qs = qs.filter(published_date__gte=filters.since)
    return qs


def _agency_id(credit_code: str) -> int | None:
    return (
        Agency.objects.filter(credit_code=credit_code.strip().upper())
        .values_list("pk", flat=True)
        .first()
    )


def items_by_date(
    filters: ItemFilters, *, after: Keyset | None, limit: int
) -> tuple[list[Item], Keyset | None]:
    """A page of public items, newest first (ties broken by id, newest first), starting after
    the ``after`` position; and the position to continue from, or None on the last page.

    Keyset pagination over the partial indexes ``item_public_*``: page 1,000 costs what page 1
    costs.
    """
    agency_id = None
    if filters.agency:
        agency_id = _agency_id(filters.agency)
        if agency_id is None:
            return [], None
    qs = _filtered(filters, agency_id)
    if after is not None:
        # "published_date <= d" first lets the index seek; the OR only sorts out ties.
        qs = qs.filter(published_date__lte=after.published_date).filter(
            Q(published_date__lt=after.published_date) | Q(pk__lt=after.id)
        )
    rows = list(_with_relations(qs.order_by("-published_date", "-pk"))[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    last = rows[limit - 1]
    return rows[:limit], Keyset(last.published_date, last.pk)


def items_by_search(
    q: str, filters: ItemFilters, *, sort: str, start: Offset | None, limit: int
) -> tuple[list[Item], Offset | None]:
    """A page of public items that match ``q``, in the search engine's order (relevance or
    date), from position ``start`` of its result list; and the position of the next page.

    The search index is asked with the filters it knows (agency, category, year, validity);
    the hits are then read from the item table under ``PUBLIC_CONDITION`` and every filter
    again, so an index that lags behind a withdrawal still cannot show the item.
    """
    agency_ids: tuple[int, ...] = ()
    agency_id = None
    if filters.agency:
        agency_id = _agency_id(filters.agency)
        if agency_id is None:
            return [], None
        agency_ids = (agency_id,)
    position = start.offset if start else 0
    # The search pages are at least PAGE_SIZE long, so that its MAX_PAGE pages reach the
    # first COUNT_CAP hits whatever ``limit`` the client chose.
    size = max(limit, PAGE_SIZE)
    found: list[Item] = []
    for _round in range(SEARCH_ROUNDS):
        page = position // size + 1
        if page > MAX_PAGE:
            return found, None
        result = search(
            q,
            kind="item",
            agency_ids=agency_ids,
            category_id=filters.category,
            year=filters.year,
            validity=filters.validity,
            sort=sort,
            page=page,
            page_size=size,
        )
        page_start = (page - 1) * size
        hit_ids = [r.entry.object_id for r in result.results][position - page_start :]
        by_id = _with_relations(_filtered(filters, agency_id)).in_bulk(hit_ids)
        for object_id in hit_ids:
            position += 1
            if object_id in by_id:
                found.append(by_id[object_id])
                if len(found) == limit:
                    break
        exhausted = (
            result.page != page
            or len(result.results) < size
            or page_start + len(result.results) >= result.total
        )
        if exhausted and position >= page_start + len(result.results):
            return found, None
        if len(found) == limit:
            break
    return found, Offset(position)


def public_item(pk: int) -> Item | None:
    """One public item with its attachments and its public links to policy documents and
    interpretations (seven queries), or None when there is no public item with this id."""
    linked = Prefetch("interprets", queryset=public_items().only("pk").order_by("pk"))
    linked_back = Prefetch("interpretations", queryset=public_items().only("pk").order_by("pk"))
    return (
        _with_relations(public_items().filter(pk=pk))
        .prefetch_related(
            Prefetch("attachments", queryset=Attachment.objects.order_by("sort_order", "pk")),
            linked,
            linked_back,
        )
        .first()
    )


def category_paths(agency_ids) -> dict[int, list[str]]:
    """Category id → the names from the top of its catalog down to it (one query)."""
    rows = {
        pk: (parent_id, name)
        for pk, parent_id, name in Category.objects.filter(
            agency_id__in=set(agency_ids)
        ).values_list("pk", "parent_id", "name")
    }
    paths: dict[int, list[str]] = {}
    for pk in rows:
        path, node, seen = [], pk, set()
        while node is not None and node in rows and node not in seen:
            seen.add(node)
            parent_id, name = rows[node]
            path.append(name)
            node = parent_id
        paths[pk] = path[::-1]
    return paths


def public_categories(agency: Agency) -> list[Category]:
    """The shown categories of an agency's catalog, parents before children in sort order; a
    category under a hidden one is hidden too (one query)."""
    categories = list(Category.objects.filter(agency=agency).order_by("sort_order", "pk"))
    by_id = {c.pk: c for c in categories}

    def shown(category: Category) -> bool:
        seen = set()
        while category is not None and category.pk not in seen:
            if not category.is_active:
                return False
            seen.add(category.pk)
            category = by_id.get(category.parent_id) if category.parent_id else None
        return True

    visible = [c for c in categories if shown(c)]
    children: dict[int | None, list[Category]] = {}
    for c in visible:
        children.setdefault(c.parent_id, []).append(c)
    ordered: list[Category] = []

    def walk(parent_id):
        for c in children.get(parent_id, []):
            ordered.append(c)
            walk(c.pk)

    walk(None)
    return ordered
