"""Limits on how often one client or one contact may submit or try query codes, kept in
Django's cache (Redis in production, per-process memory in development).

A rule is (number of events, window in seconds). Each key keeps the times of its recent
events (a sliding window), so the refusal can say exactly when the next attempt is allowed.
Keys are HMACs of the client address or the contact, so no phone number or e-mail address
sits in the cache in clear. Counting is not atomic across processes: two simultaneous
requests may both pass at the limit, which is acceptable for abuse protection.

Settings (rule = ``(limit, seconds)``):

- ``GONGKAI_APPLY_LIMIT_PER_IP`` (default ``(5, 3600)``): submissions per client address;
- ``GONGKAI_APPLY_LIMIT_PER_CONTACT`` (default ``(3, 86400)``): submissions per phone number
  and per e-mail address;
- ``GONGKAI_TRACK_LIMIT_FAILURES`` (default ``(10, 3600)``): wrong number/code pairs per client
  address before the tracking page refuses to look;
- ``GONGKAI_TRACK_CAPTCHA_AFTER`` (default ``3``): wrong pairs after which the tracking page
  asks for the CAPTCHA too.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from gongkai.core.dates import format_cn_date

DEFAULTS = {
    "GONGKAI_APPLY_LIMIT_PER_IP": (5, 3600),
    "GONGKAI_APPLY_LIMIT_PER_CONTACT": (3, 86400),
    "GONGKAI_TRACK_LIMIT_FAILURES": (10, 3600),
}


@dataclass(frozen=True)
class Rule:
    limit: int
    window: int  # seconds


def rule(setting: str) -> Rule:
    limit, window = getattr(settings, setting, DEFAULTS[setting])
    return Rule(int(limit), int(window))


class RateLimited(Exception):
    """Too many events; ``retry_at`` is the first moment another one is allowed."""

    def __init__(self, retry_at: dt.datetime) -> None:
        self.retry_at = retry_at
        super().__init__(retry_at)

    @property
    def message(self) -> str:
        local = timezone.localtime(self.retry_at)
        if local.date() == timezone.localdate():
            when = local.strftime("%H:%M")
        else:
            when = f"{format_cn_date(local)} {local:%H:%M}"
        return _("There have been too many attempts. Please try again after %(time)s.") % {
            "time": when
        }


def _key(scope: str, ident: str) -> str:
    digest = salted_hmac("gongkai.applications.ratelimit", f"{scope}\x1f{ident}").hexdigest()
    return f"gk:rl:{scope}:{digest[:32]}"


def _recent(key: str, window: int, now: float) -> list[float]:
    return [t for t in cache.get(key, []) if t > now - window]


def check(scope: str, ident: str, limit: Rule, *, now: float | None = None) -> None:
    """Raise ``RateLimited`` if ``ident`` already had ``limit.limit`` events in the window."""
    if not ident:
        return
    now = time.time() if now is None else now
    recent = _recent(_key(scope, ident), limit.window, now)
    if len(recent) >= limit.limit:
        first_to_expire = sorted(recent)[len(recent) - limit.limit]
        retry = first_to_expire + limit.window
        raise RateLimited(dt.datetime.fromtimestamp(retry, tz=dt.UTC))


def record(scope: str, ident: str, limit: Rule, *, now: float | None = None) -> int:
    """Count one event for ``ident``; returns the number of events in the window."""
    if not ident:
        return 0
    now = time.time() if now is None else now
    key = _key(scope, ident)
    recent = _recent(key, limit.window, now)
    recent.append(now)
    # At most ``limit`` times matter; keep a few more for the count shown in tests and logs.
    recent = recent[-(limit.limit + 5) :]
    cache.set(key, recent, timeout=limit.window)
    return len(recent)


def count(scope: str, ident: str, limit: Rule, *, now: float | None = None) -> int:
    if not ident:
        return 0
    now = time.time() if now is None else now
    return len(_recent(_key(scope, ident), limit.window, now))


def contact_idents(phone: str, email: str) -> list[str]:
    """The identities an application's contact details count against."""
    idents = []
    if phone:
        idents.append("phone:" + "".join(ch for ch in phone if ch.isdigit())[-11:])
    if email:
        idents.append("email:" + email.strip().lower())
    return idents
