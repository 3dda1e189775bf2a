from __future__ import annotations

from django.conf import settings
from django.utils import translation


class LanguageParameterMiddleware:
    """``?lang=en`` / ``?lang=zh-hans`` switches the language and remembers it in a cookie.

    Runs before LocaleMiddleware, which then reads the cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.GET.get("lang", "").strip().lower()
        aliases = {"zh": "zh-hans", "zh-cn": "zh-hans", "cn": "zh-hans"}
        lang = aliases.get(lang, lang)
        if lang in self.codes:
            request.COOKIES[settings.LANGUAGE_COOKIE_NAME] = lang
            translation.activate(lang)
        response = self.get_response(request)
        if lang in self.codes:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                lang,
                max_age=365 * 24 * 3600,
                samesite="Lax",
            )
        return response
