"""sitemap.xml: the catalog's sections (``catalog.sitemaps``) and the public pages of the other
modules — published letters, solicitations, interviews, proposal replies, topic requests, service
matters (``services.sitemaps``) and public notices.

Each section lists only what its module's public selector returns, so nothing that is not on a
public page (a letter without consent, a 举报, an unapproved topic) can appear here.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.catalog.sitemaps import SITEMAPS as CATALOG_SITEMAPS
from gongkai.services.sitemaps import MatterSitemap


class _PublicSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5
    limit = 5000
    url_name = ""
    key = "pk"

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset().order_by("pk")

    def location(self, obj):
        return reverse(self.url_name, args=[getattr(obj, self.key)])


class LetterSitemap(_PublicSitemap):
    url_name = "interaction:published_detail"
    key = "number"

    def queryset(self):
        from gongkai.interaction.selectors import published_messages

        return published_messages()


class SolicitationSitemap(_PublicSitemap):
    url_name = "solicitation:detail"

    def queryset(self):
        from gongkai.solicitation.selectors import public_solicitations

        return public_solicitations()


class InterviewSitemap(_PublicSitemap):
    url_name = "interviews:detail"

    def queryset(self):
        from gongkai.interviews.selectors import public_interviews

        return public_interviews()


class ProposalSitemap(_PublicSitemap):
    url_name = "proposals:detail"

    def queryset(self):
        from gongkai.proposals.selectors import published_proposals

        return published_proposals()


class TopicSitemap(_PublicSitemap):
    url_name = "topics:detail"

    def queryset(self):
        from gongkai.topics.selectors import public_topics

        return public_topics()


class NoticeSitemap(_PublicSitemap):
    def queryset(self):
        from django.utils import timezone

        from gongkai.notices.selectors import public_notices

        return public_notices(timezone.localdate())

    def location(self, obj):
        return obj.get_absolute_url()


SITEMAPS = {
    **CATALOG_SITEMAPS,
    "letters": LetterSitemap,
    "solicitations": SolicitationSitemap,
    "interviews": InterviewSitemap,
    "proposals": ProposalSitemap,
    "topics": TopicSitemap,
    "matters": MatterSitemap,
    "notices": NoticeSitemap,
}
