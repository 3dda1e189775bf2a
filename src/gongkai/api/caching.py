"""Response headers of the public read endpoints."""

from __future__ import annotations

from functools import wraps

from django.utils.cache import patch_cache_control

PUBLIC_MAX_AGE = 60


def public_read(view):
    """A successful answer may be cached by anyone for a minute (a withdrawn item leaves
    shared caches within that time) and read by scripts on other sites: it is open data, and
    no cookie-bearing request can read it across origins because the origin is ``*``."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped
