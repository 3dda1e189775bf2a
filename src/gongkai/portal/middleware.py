from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "cn": "zh-hans", "zh_hans": "zh-hans"}


class LanguageMiddleware:
    """Chinese first: the site speaks ``settings.LANGUAGE_CODE`` (简体中文) whatever the
    browser prefers, until the reader chooses English with ``?lang=en`` or the switcher; the
    choice is kept in a cookie. The API (``/api/``) follows the Accept-Language header, as
    programs expect.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def choose(self, request) -> tuple[str, bool]:
        asked = ALIASES.get(
            request.GET.get("lang", "").strip().lower(), request.GET.get("lang", "").strip().lower()
        )
        if asked in self.codes:
            return asked, True
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if cookie in self.codes:
            return cookie, False
        if request.path.startswith("/api/"):
            return translation.get_language_from_request(request), False
        return settings.LANGUAGE_CODE, False

    def __call__(self, request):
        language, remember = self.choose(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if remember:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax"
            )
        if request.path.startswith("/api/"):
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", language)
        return response
