"""Published items (主动公开的信息): the filtered, searchable list and one item in full.

Only items that are published and 主动公开 exist here (``gongkai.api.selectors``); for any other
id the answer is the same 404 as for an id that was never used.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.decorators import decorate_view

from gongkai.api import cursors, schemas
from gongkai.api.caching import public_read
from gongkai.api.errors import NotFound, bad_cursor
from gongkai.api.selectors import (
    ItemFilters,
    category_paths,
    items_by_date,
    items_by_search,
    public_item,
)
from gongkai.catalog.models import Item

router = Router(tags=["items"])

DISCLOSURE = "主动公开"  # the only 公开属性 an item of the public API can have


def _local(value: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(value) if value else None


def item_path(pk: int) -> str:
    return reverse("catalog:item", args=[pk])  # /items/<pk>/


def item_summary(request, item: Item, paths: dict[int, list[str]]) -> dict:
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "doc_number": item.doc_number,
        "agency": {"credit_code": item.agency.credit_code, "name": item.agency.name},
        "publishers": [
            {"credit_code": a.credit_code, "name": a.name} for a in item.publishers.all()
        ],
        "category": {
            "id": item.category_id,
            "name": item.category.name,
            "path": paths.get(item.category_id, [item.category.name]),
        },
        "section": item.section,
        "subject": item.subject,
        "keywords": item.keywords,
        "written_date": item.written_date,
        "published_date": item.published_date,
        "revised_at": _local(item.revised_at),
        "validity": item.validity,
        "validity_changed_on": item.validity_changed_on,
        "replaced_by": item.replaced_by_id if item.replaced_by_public else None,
        "disclosure": DISCLOSURE,
        "url": request.build_absolute_uri(item_path(item.pk)),
    }


@router.get(
    "/items",
    operation_id="listItems",
    response={200: schemas.ItemPage, 400: schemas.Error},
    summary="已公开信息列表：筛选、全文检索、游标分页",
    description=(
        "不带 q 时按发布日期从新到旧（同日按 id 从大到小）排列，用游标分页，翻到多深都一样快。"
        "带 q 时在全文索引中检索（中文分词，也可直接输入文号或索引号），"
        "按相关度（sort=relevance，默认）或发布日期（sort=date）排列，最多翻阅前 1000 条结果；"
        "检索时一页可能少于 limit 条，请一直跟随 next 直到其为 null。"
    ),
)
@decorate_view(public_read)
def list_items(request, params: Query[schemas.ItemListParams]):
    filters = ItemFilters(
        agency=params.agency,
        category=params.category,
        section=params.section.strip(),
        year=params.year,
        validity=params.validity or "",
        doc_number=params.doc_number,
        index_number=params.index_number,
        since=params.since,
    )
    q, cursor, limit = params.q.strip(), params.cursor, params.limit
    try:
        if q:
            start = cursors.decode_offset(cursor) if cursor else None
            items, position = items_by_search(
                q, filters, sort=params.sort or "relevance", start=start, limit=limit
            )
        else:
            after = cursors.decode_keyset(cursor) if cursor else None
            items, position = items_by_date(filters, after=after, limit=limit)
    except cursors.InvalidCursor:
        raise bad_cursor() from None
    paths = category_paths({item.agency_id for item in items})
    return {
        "items": [item_summary(request, item, paths) for item in items],
        "next": cursors.encode(position) if position is not None else None,
    }


@router.get(
    "/items/{item_id}",
    operation_id="getItem",
    response={200: schemas.ItemDetail, 404: schemas.Error},
    summary="一条已公开信息的全部元数据、正文和附件",
)
def get_item(request, item_id: int):
    item = public_item(item_id) if 0 < item_id < 2**63 else None
    if item is None:
        raise NotFound(_("There is no public item with this id"))
    paths = category_paths([item.agency_id])
    return {
        **item_summary(request, item, paths),
        "summary": item.summary,
        "body_html": item.body_html,
        "attachments": [
            {
                "name": a.name,
                "type": a.kind,
                "size": a.size,
                "sha256": a.sha256,
                "url": request.build_absolute_uri(
                    reverse("catalog:attachment", args=[item.pk, a.pk])
                ),
            }
            for a in item.attachments.all()
        ],
        "interprets": [other.pk for other in item.interprets.all()],
        "interpretations": [other.pk for other in item.interpretations.all()],
    }
