from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency

SITE_NAME_CACHE_KEY = "portal:root-agency"


def root_agency() -> Agency | None:
    """The top agency of the installation (a county government), if any."""
    return (
        Agency.objects.filter(parent__isnull=True, is_active=True)
        .order_by("sort_order", "pk")
        .first()
    )


def site_name() -> str:
    if settings.GONGKAI_SITE_NAME:
        return settings.GONGKAI_SITE_NAME
    name = cache.get(SITE_NAME_CACHE_KEY)
    if name is None:
        root = root_agency()
        name = root.name if root else ""
        cache.set(SITE_NAME_CACHE_KEY, name, 300)
    return name or _("Government Information Disclosure")
