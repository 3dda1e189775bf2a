"""RSS 2.0 and Atom feeds of the newest public items: the whole site, one agency, one category
(with its subcategories). Only published 主动公开 items, so a withdrawn or 内部公开 item
leaves every feed with the transaction that changes it."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.catalog import selectors
from gongkai.catalog.models import Item
from gongkai.portal.selectors import site_name

FEED_SIZE = 50
DESCRIPTION_CHARS = 200


def item_description_text(item: Item) -> str:
    """The summary (内容概述), or the start of the text when there is none."""
    if item.summary.strip():
        return item.summary.strip()
    text = " ".join(item.body_text.split())
    return text if len(text) <= DESCRIPTION_CHARS else text[:DESCRIPTION_CHARS] + "…"


class _ItemFeed(Feed):
    def items(self, obj):
        return selectors.latest_items(limit=FEED_SIZE)

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item_description_text(item)

    def item_link(self, item: Item) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Item):
        return item.published_at

    def item_updateddate(self, item: Item):
        return item.revised_at or item.published_at

    def item_author_name(self, item: Item) -> str:
        return item.agency.name

    def item_categories(self, item: Item):
        return [item.category.name]


class SiteRssFeed(_ItemFeed):
    def title(self) -> str:
        return _("%(site)s: latest information") % {"site": site_name()}

    def link(self) -> str:
        return reverse("portal:disclosure")

    def description(self) -> str:
        return _("The newest information published by the agencies of this site.")


class SiteAtomFeed(SiteRssFeed):
    feed_type = Atom1Feed
    subtitle = SiteRssFeed.description


class AgencyRssFeed(_ItemFeed):
    def get_object(self, request, credit_code: str):
        agency = selectors.public_agency(credit_code)
        if agency is None:
            raise Http404
        return agency

    def title(self, agency) -> str:
        return _("%(agency)s: latest information") % {"agency": agency.name}

    def link(self, agency) -> str:
        return reverse("catalog:agency", args=[agency.credit_code])

    def description(self, agency) -> str:
        return _("The newest information published by %(agency)s.") % {"agency": agency.name}

    def items(self, agency):
        return selectors.agency_item_page(agency, size=FEED_SIZE).items


class AgencyAtomFeed(AgencyRssFeed):
    feed_type = Atom1Feed
    subtitle = AgencyRssFeed.description


class CategoryRssFeed(_ItemFeed):
    def get_object(self, request, credit_code: str, pk: int):
        agency = selectors.public_agency(credit_code)
        if agency is None:
            raise Http404
        _roots, nodes = selectors.catalog_tree(agency)
        node = nodes.get(pk)
        if node is None:
            raise Http404
        return node

    def title(self, node) -> str:
        return _("%(agency)s · %(category)s: latest information") % {
            "agency": node.category.agency.name,
            "category": node.category.name,
        }

    def link(self, node) -> str:
        return node.category.get_absolute_url()

    def description(self, node) -> str:
        return _("The newest information in the column “%(category)s” of %(agency)s.") % {
            "agency": node.category.agency.name,
            "category": node.category.name,
        }

    def items(self, node):
        return selectors.category_item_page(node.categories, size=FEED_SIZE).items


class CategoryAtomFeed(CategoryRssFeed):
    feed_type = Atom1Feed
    subtitle = CategoryRssFeed.description
