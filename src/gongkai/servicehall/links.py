"""Addresses the service hall pages link to: a matter's guide (the ``services`` app's page),
the rating form of a window or matter, and the absolute form of an address for QR codes."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import NoReverseMatch, reverse


def matter_url(matter) -> str:
    """The public guide of ``matter``, or "" while the services pages are not mounted."""
    try:
        return matter.get_absolute_url()
    except NoReverseMatch:
        return ""


def rate_url(*, window=None, matter=None, agency=None) -> str:
    """The rating form, prefilled for a window (``?window=<id>``), a matter
    (``?matter=<implementation code>``) or an agency (``?agency=<credit code>``)."""
    query: dict[str, str] = {}
    if window is not None:
        query["window"] = str(window.pk)
    if matter is not None:
        query["matter"] = matter.implementation_code
    if agency is not None and not query:
        query["agency"] = agency.credit_code
    path = reverse("servicehall:rate")
    return f"{path}?{urlencode(query)}" if query else path


def absolute(request, path: str) -> str:
    """``path`` on the public site (``GONGKAI_SITE_URL`` when staff work on another host)."""
    base = getattr(settings, "GONGKAI_SITE_URL", "")
    return f"{base}{path}" if base else request.build_absolute_uri(path)
