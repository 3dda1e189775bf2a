"""sitemap.xml section of the service guides: the page of every public matter, dated with its
last change. For ``portal.sitemaps.SITEMAPS`` (key ``"matters"``)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap

from gongkai.services.selectors import public_matters


class MatterSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return public_matters().order_by("pk")

    def location(self, obj):
        return obj.get_absolute_url()

    def lastmod(self, obj):
        return obj.changed_on
