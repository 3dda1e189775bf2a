"""Counting participants without personal data.

A browser that opens an interview page gets a random id in the cookie ``gk_viewer`` (no
name, address or anything else). While the interview is announced or live, a request that
carries the cookie counts that browser once: an HMAC of the id and the interview is stored as
a ``Viewer`` row (unique per interview), so the same browser cannot be linked across
interviews and the participants figure is a count of rows. A cache key in front keeps a
browser that polls every two seconds from asking the database again. Requests without the
cookie (the very first page load, robots that keep no cookies) are not counted: the first
poll or the next page load of a real browser is.
"""

from __future__ import annotations

import secrets

from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.interviews.models import QUESTIONS_OPEN, Interview, Viewer

COOKIE = "gk_viewer"
COOKIE_AGE = 365 * 24 * 3600
SEEN_TTL = 12 * 3600


def token_for(interview_id: int, cookie: str) -> str:
    return salted_hmac("gongkai.interviews.viewer", f"{interview_id}:{cookie}").hexdigest()[:32]


def count(interview_id: int, cookie: str, *, now=None) -> None:
    """Count the browser with ``cookie`` as a participant of ``interview_id``, once: the cache
    answers repeated visits; a row that exists already (the cache forgot) is left as it is."""
    if not cookie or len(cookie) > 64:
        return
    token = token_for(interview_id, cookie)
    if not cache.add(f"gk:iv:{interview_id}:seen:{token}", 1, SEEN_TTL):
        return
    Viewer.objects.bulk_create(
        [Viewer(interview_id=interview_id, token=token, first_seen=now or timezone.now())],
        ignore_conflicts=True,
    )


def visit(request, response, interview: Interview) -> None:
    """On a page of an announced or live ``interview``: give the browser its id if it has
    none, count it if it has one. Other pages set no cookie (an archived page may be kept by
    shared caches)."""
    if interview.status not in QUESTIONS_OPEN:
        return
    cookie = request.COOKIES.get(COOKIE, "")
    if not cookie:
        response.set_cookie(
            COOKIE,
            secrets.token_urlsafe(16),
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            path="/interaction/interviews/",
        )
        return
    count(interview.pk, cookie)
