"""A handler's personal calendar feed of due dates (RFC 5545), for calendar apps.

Calendar apps fetch a URL without logging in, so the URL itself is the secret: ``token_for``
is ``<user id>-<HMAC of the user id>`` (keyed with ``SECRET_KEY``), and ``user_for_token``
accepts it only with a matching HMAC (compared in constant time). The feed holds the
application number and due date only — never an applicant's name, ID, contact or request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.applications.models import Application

SALT = "gongkai.applications.ical"
PRODID = "-//Gongkai//Applications due dates//ZH"


def _mac(user_id: int) -> str:
    return salted_hmac(SALT, str(user_id)).hexdigest()[:32]


def token_for(user) -> str:
    return f"{user.pk}-{_mac(user.pk)}"


def user_for_token(token: str):
    """The active user whose token this is, or None."""
    user_id, _sep, mac = token.partition("-")
    if not user_id.isdigit() or not mac:
        return None
    if not constant_time_compare(mac, _mac(int(user_id))):
        return None
    return get_user_model().objects.filter(pk=int(user_id), is_active=True).first()


def escape_text(value: str) -> str:
    """TEXT value escaping (RFC 5545 §3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded with CRLF + space (RFC 5545 §3.1), never
    inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _date(value: dt.date) -> str:
    return value.strftime("%Y%m%d")


def feed(
    applications: Iterable[Application],
    *,
    calendar_name: str,
    summary: str,
    host: str,
    url_for,
    now: dt.datetime,
) -> str:
    """The VCALENDAR text: one all-day VEVENT on each case's due date.

    ``summary`` is a format string with ``%(number)s``; ``url_for(application)`` gives the
    absolute URL of the case page (staff only). ``now`` is the DTSTAMP (UTC).
    """
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(calendar_name)}",
    ]
    for application in applications:
        if application.due_date is None:
            continue
        lines += [
            "BEGIN:VEVENT",
            f"UID:application-{application.pk}-due@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(application.due_date)}",
            f"DTEND;VALUE=DATE:{_date(application.due_date + dt.timedelta(days=1))}",
            f"SUMMARY:{escape_text(summary % {'number': application.number})}",
            f"URL:{url_for(application)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
