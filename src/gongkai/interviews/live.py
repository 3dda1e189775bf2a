"""The live page's updates: short polling of a small JSON answer keyed by version.

Why polling and not server-sent events: a stream holds a connection and, in gunicorn's sync
or threaded workers, a worker thread for as long as the viewer watches. Five hundred viewers
would need five hundred threads (or an async worker class the rest of the project does not
use), and every reverse proxy in between must be told not to buffer. A poll is one ordinary,
short request: it works through gunicorn, nginx and any proxy as they are, a viewer who loses
the network simply asks again, and the cost of a poll can be made tiny:

- every change the page shows raises ``Interview.version`` in the transaction that makes the
  change, and stamps the changed row with it (``seq``);
- a poll says which version it has (``?since=N``). The current version and status come from
  the cache (Redis in production; ``VERSION_TTL`` seconds, forgotten by the writer after it
  commits), so a poll with nothing new reads one cache key and no database row;
- the page itself keeps its two lists (rendered HTML) in the cache per version too, so the
  crowd that opens the page when the event starts costs one rendering of the lists;
- what changed from N to the current version V is built once — two queries and the rendered
  HTML of each entry — and kept in the cache under (interview, language, N, V); the hundreds
  of viewers who were all at N get the same stored bytes.

The client waits ``interval`` milliseconds between polls (2 s while live, so an answer
reaches a viewer within about 2 s plus one request; slower before and after the event;
none once archived). Entries are rendered by the same template as the page, so the script
only puts them in place. Without JavaScript the page refreshes itself while live.

A version read from the database just before a writer commits may be cached after the
writer's delete; ``VERSION_TTL`` bounds how long that stale version can hide the change.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from gongkai.interviews.figures import figures_for
from gongkai.interviews.models import PUBLIC_STATUSES, Interview, Status
from gongkai.interviews.stream import public_entries, split

DIFF_TTL = 600  # seconds a built change set is kept


def version_ttl() -> float:
    return float(getattr(settings, "GONGKAI_INTERVIEW_VERSION_TTL", 1))


def poll_interval(status: str) -> int:
    """Milliseconds the page waits between polls in this state (0: stop polling)."""
    if status == Status.LIVE:
        return int(getattr(settings, "GONGKAI_INTERVIEW_POLL_LIVE_MS", 2000))
    if status in (Status.ANNOUNCED, Status.ENDED):
        return int(getattr(settings, "GONGKAI_INTERVIEW_POLL_IDLE_MS", 15000))
    return 0


def _version_key(pk: int) -> str:
    return f"gk:iv:{pk}:v"


def forget(pk: int) -> None:
    """Drop the cached version of interview ``pk`` (writers call this after commit)."""
    cache.delete(_version_key(pk))


def state(pk: int) -> tuple[int, str] | None:
    """(version, status) of interview ``pk``, from the cache when it can; None if there is no
    such interview."""
    key = _version_key(pk)
    found = cache.get(key)
    if found is not None:
        return tuple(found)
    row = Interview.objects.filter(pk=pk).values_list("version", "status").first()
    if row is None:
        return None
    cache.set(key, tuple(row), version_ttl())
    return tuple(row)


def _dumps(data: dict) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _head(version: int, status: str) -> dict:
    return {
        "v": version,
        "status": status,
        "status_label": str(Status(status).label),
        "interval": poll_interval(status),
    }


def build_changes(pk: int, since: int, version: int, status: str) -> bytes:
    """The JSON of everything public that changed after ``since`` up to ``version``, with the
    figures as they are now. ``since`` 0 is the whole page (``reset``)."""
    entries = public_entries(pk, since=since, upto=version)
    data = _head(version, status)
    data["reset"] = since == 0
    data["entries"] = [{"id": e.key, "list": e.list, "html": e.html()} for e in entries]
    data["figures"] = figures_for(pk).public()
    return _dumps(data)


def poll(pk: int, since: int) -> bytes | None:
    """The poll answer for a client at version ``since``; None when the interview is not
    public (the view answers 404). Nothing new: a few bytes from the cached version; else
    the change set, built once per (language, since, version)."""
    current = state(pk)
    if current is None or current[1] not in PUBLIC_STATUSES:
        return None
    version, status = current
    if since == version:
        return _dumps(_head(version, status))
    if since < 0 or since > version:
        since = 0  # a client from another world (a restored database): start again
    key = f"gk:iv:{pk}:d:{get_language()}:{since}:{version}"
    body = cache.get(key)
    if body is None:
        body = build_changes(pk, since, version, status)
        cache.set(key, body, DIFF_TTL)
    return body


def page_lists(pk: int, version: int) -> dict:
    """The rendered stream and waiting list of the page at ``version`` (built once per
    language and version): ``{"stream": html, "waiting": html, "n_stream": n, "n_waiting": n}``."""
    key = f"gk:iv:{pk}:p:{get_language()}:{version}"
    found = cache.get(key)
    if found is None:
        stream, waiting = split(public_entries(pk, upto=version))
        found = {
            "stream": "".join(e.html() for e in stream),
            "waiting": "".join(e.html() for e in waiting),
            "n_stream": len(stream),
            "n_waiting": len(waiting),
        }
        cache.set(key, found, DIFF_TTL)
    return found
