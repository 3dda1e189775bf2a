"""sitemap.xml: agencies' catalog and guide pages, catalog categories and public items.

Items are paged by primary-key range, not by OFFSET: page n holds the public items with
``(n-1)·limit < id <= n·limit``, so every page is one short walk of the primary key and the
index needs only ``MAX(id)`` — a million items cost the same per page as a thousand. A page
may hold fewer URLs than the limit (ids of drafts and withdrawn items are gaps), which
sitemaps allow.
"""

from __future__ import annotations

import math

from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.urls import reverse
from django.utils.functional import cached_property

from gongkai.agencies.models import Agency
from gongkai.catalog.models import PUBLIC_CONDITION, Category, Item

ITEMS_PER_PAGE = 5000


class _Page:
    def __init__(self, object_list):
        self.object_list = object_list


class PrimaryKeyRangePaginator:
    """The part of Django's ``Paginator`` that sitemaps use (``num_pages``, ``page(n)``)."""

    def __init__(self, queryset, per_page: int):
        self.queryset = queryset
        self.per_page = per_page

    @cached_property
    def num_pages(self) -> int:
        # The newest row of the table, not of the filtered set: a backward step on the primary key.
        last = Item.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return max(1, math.ceil(last / self.per_page))

    def page(self, number) -> _Page:
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger("That page number is not an integer") from None
        if number < 1 or number > self.num_pages:
            raise EmptyPage("That page contains no results")
        low = (number - 1) * self.per_page
        return _Page(self.queryset.filter(pk__gt=low, pk__lte=low + self.per_page).order_by("pk"))


class AgencySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return Agency.objects.filter(is_active=True).order_by("pk").only("pk", "credit_code")

    def location(self, agency):
        return reverse("catalog:agency", args=[agency.credit_code])


class GuideSitemap(AgencySitemap):
    changefreq = "monthly"
    priority = 0.5

    def location(self, agency):
        return reverse("catalog:guide", args=[agency.credit_code])


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        # Categories of hidden parents stay out too: their pages are 404.
        return (
            Category.objects.filter(agency__is_active=True, is_active=True)
            .exclude(parent__is_active=False)
            .select_related("agency")
            .only("pk", "agency__credit_code")
            .order_by("pk")
        )


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = ITEMS_PER_PAGE

    def items(self):
        return Item.objects.filter(PUBLIC_CONDITION).only("pk", "published_at", "revised_at")

    @property
    def paginator(self):
        return PrimaryKeyRangePaginator(self.items(), self.limit)

    def location(self, item):
        return reverse("catalog:item", args=[item.pk])

    def lastmod(self, item):
        return item.revised_at or item.published_at

    def get_latest_lastmod(self):
        # Django's default takes the max over every item; the index lists pages without it.
        return None


SITEMAPS = {
    "agencies": AgencySitemap,
    "guides": GuideSitemap,
    "categories": CategorySitemap,
    "items": ItemSitemap,
}
