"""Public pages of the disclosure catalog (主动公开): agency catalogs, category lists, item
pages, print view, QR code, attachment downloads and the disclosure guide (指南).

Who sees an item: everybody when it is published and 主动公开; signed-in staff who may
"item.view_internal" for its agency when it is published and 内部公开; a withdrawn item that
was public answers 410 Gone with the date and reason; everything else is 404, so nobody can
probe for drafts or other agencies' internal items.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from gongkai.accounts.permissions import can
from gongkai.catalog import selectors
from gongkai.catalog.models import Item, Validity
from gongkai.catalog.qr import qr_svg

NAV = "disclosure"


class _Withdrawn(Exception):
    def __init__(self, item: Item):
        self.item = item


def _agency_or_404(credit_code: str):
    agency = selectors.public_agency(credit_code)
    if agency is None:
        raise Http404
    return agency


def _visible_item(request, pk: int, *, full: bool = True) -> Item:
    """The item if this reader may see it; raises ``_Withdrawn`` or ``Http404`` otherwise."""
    item = selectors.item_for_page(pk, full=full)
    if item is None:
        raise Http404
    if item.is_public:
        return item
    if selectors.is_internal_published(item) and can(
        request.user, "item.view_internal", agency=item.agency
    ):
        return item
    if selectors.is_withdrawn_public(item):
        raise _Withdrawn(item)
    raise Http404


def _private_if_internal(response: HttpResponse, item: Item) -> HttpResponse:
    if not item.is_public:
        patch_cache_control(response, private=True, no_store=True)
    return response


def _withdrawn_page(request, item: Item) -> HttpResponse:
    return render(
        request,
        "catalog/public/item_withdrawn.html",
        {"item": item, "nav_active": NAV},
        status=410,
    )


def _list_context(request, agency, filters: selectors.ListFilter, page: selectors.ItemPage) -> dict:
    this_year = timezone.localdate().year
    oldest = selectors.first_year(agency) or this_year
    return {
        "filters": filters,
        "page": page,
        "years": list(range(max(this_year, oldest), oldest - 1, -1)),
        "validities": Validity.choices,
        "nav_active": NAV,
    }


@require_safe
def agency_catalog(request, credit_code: str):
    """An agency's catalog: each first-level category with its newest items (its whole
    subtree), empty ones greyed, and links to the guide, the full list and the feeds."""
    agency = _agency_or_404(credit_code)
    roots, _nodes = selectors.catalog_tree(agency)
    selectors.fill_latest(roots, limit=5)
    return render(
        request,
        "catalog/public/agency.html",
        {"agency": agency, "roots": roots, "nav_active": NAV},
    )


@require_safe
def agency_items(request, credit_code: str):
    agency = _agency_or_404(credit_code)
    filters = selectors.ListFilter.from_query(request.GET)
    page = selectors.agency_item_page(agency, after=request.GET.get("after"), filters=filters)
    return render(
        request,
        "catalog/public/agency_items.html",
        {"agency": agency, **_list_context(request, agency, filters, page)},
    )


@require_safe
def category(request, credit_code: str, pk: int):
    """A category with its subcategories' items, newest first, a page at a time."""
    agency = _agency_or_404(credit_code)
    _roots, nodes = selectors.catalog_tree(agency)
    node = nodes.get(pk)
    if node is None:
        raise Http404
    filters = selectors.ListFilter.from_query(request.GET)
    page = selectors.category_item_page(
        node.categories, after=request.GET.get("after"), filters=filters
    )
    return render(
        request,
        "catalog/public/category.html",
        {
            "agency": agency,
            "node": node,
            "category": node.category,
            "ancestors": selectors.category_ancestors(pk, nodes),
            "has_subcategories": bool(node.children),
            **_list_context(request, agency, filters, page),
        },
    )


@require_safe
def item(request, pk: int):
    try:
        item = _visible_item(request, pk)
    except _Withdrawn as gone:
        return _withdrawn_page(request, gone.item)
    ancestors = []
    if item.category.parent_id:
        ancestors = [item.category.parent]
    response = render(
        request,
        "catalog/public/item.html",
        {
            "item": item,
            "agency": item.agency,
            "ancestors": ancestors,
            "replaced_by": item.replaced_by
            if item.replaced_by and item.replaced_by.is_public
            else None,
            "nav_active": NAV,
        },
    )
    return _private_if_internal(response, item)


@require_safe
def item_print(request, pk: int):
    try:
        item = _visible_item(request, pk)
    except _Withdrawn as gone:
        return _withdrawn_page(request, gone.item)
    response = render(
        request,
        "catalog/public/item_print.html",
        {
            "item": item,
            "replaced_by": item.replaced_by
            if item.replaced_by and item.replaced_by.is_public
            else None,
            "page_url": request.build_absolute_uri(item.get_absolute_url()),
        },
    )
    return _private_if_internal(response, item)


@require_safe
def item_qr(request, pk: int):
    """The QR code (SVG) of the item page's absolute URL, for print-outs and notice boards."""
    try:
        item = _visible_item(request, pk, full=False)
    except _Withdrawn:
        raise Http404 from None
    response = HttpResponse(
        qr_svg(request.build_absolute_uri(item.get_absolute_url())), content_type="image/svg+xml"
    )
    if item.is_public:
        patch_cache_control(response, public=True, max_age=86400)
    return _private_if_internal(response, item)


@require_safe
def attachment(request, pk: int, attachment_pk: int):
    """Stream an attachment of a visible item as a download named as uploaded (UTF-8)."""
    try:
        item = _visible_item(request, pk, full=False)
    except _Withdrawn:
        raise Http404 from None
    found = item.attachments.filter(pk=attachment_pk).first()
    if found is None or not found.file:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=found.name)
    if item.is_public:
        patch_cache_control(response, public=True, max_age=3600)
    return _private_if_internal(response, item)


@require_safe
def guide(request, credit_code: str):
    """The agency's disclosure guide (政府信息公开指南): the text staff wrote where they wrote
    it, otherwise text generated from the agency's record and the Regulation."""
    agency = _agency_or_404(credit_code)
    guide = selectors.guide_of(agency)
    roots, _nodes = selectors.catalog_tree(agency)
    office = {
        "name": agency.disclosure_office_name or agency.name,
        "address": agency.disclosure_address or agency.address,
        "postcode": agency.disclosure_postcode or agency.postcode,
        "office_hours": agency.disclosure_office_hours or agency.office_hours,
        "phone": agency.disclosure_phone or agency.phone,
        "fax": agency.disclosure_fax or agency.fax,
        "email": agency.disclosure_email or agency.email,
    }
    return render(
        request,
        "catalog/public/guide.html",
        {
            "agency": agency,
            "guide": guide,
            "roots": roots,
            "office": office,
            "updated": guide.updated_at if guide and _has_text(guide) else None,
            "nav_active": NAV,
        },
    )


def _has_text(guide) -> bool:
    return any(
        getattr(guide, name)
        for name in (
            "introduction",
            "proactive_text",
            "on_request_text",
            "fees_text",
            "remedies_text",
        )
    )
