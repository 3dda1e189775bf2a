from __future__ import annotations

from django.conf import settings

from gongkai.portal.selectors import site_name

LARGE_FONT_COOKIE = "gk_large"
CONTRAST_COOKIE = "gk_contrast"


def site(request):
    """Site name, footer facts and the reader's display preferences (set by the toggles)."""
    return {
        "site_name": site_name(),
        "site_icp": settings.GONGKAI_ICP,
        "site_code": settings.GONGKAI_SITE_CODE,
        "site_psb": settings.GONGKAI_PSB,
        "pref_large_font": request.COOKIES.get(LARGE_FONT_COOKIE) == "1",
        "pref_high_contrast": request.COOKIES.get(CONTRAST_COOKIE) == "1",
    }
