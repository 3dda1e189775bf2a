"""Personal data in comments: what the moderator is shown before approving, and the redaction.

``spots`` runs the catalog's check (``catalog.privacy.scan``: ID numbers, mobile numbers, bank
cards, e-mail addresses, sensitive words) over a text and adds the commenter's own name, phone
and e-mail address wherever they occur in it. The commenter's own contact details can never be
let through; the other findings may stay when the moderator confirms they are not personal
data (an office's published number, a quoted word). Reads nothing but settings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gongkai.catalog import privacy


@dataclass(frozen=True)
class Spot:
    start: int
    end: int
    message: str
    masked: str
    own_contact: bool  # the commenter's own name, phone or e-mail: never shown


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    found, start = [], 0
    while needle:
        at = text.find(needle, start)
        if at < 0:
            break
        found.append((at, at + len(needle)))
        start = at + 1
    return found


def _digits(value: str) -> str:
    return re.sub(r"\D", "", unicodedata.normalize("NFKC", value))


def _mask(value: str) -> str:
    """As the catalog's check masks: 139****5678, l***@example.com, 李*."""
    if "@" in value:
        local, domain = value.split("@", 1)
        return f"{local[:1]}***@{domain}"
    digits = _digits(value)
    if len(digits) >= 7:
        return digits[:3] + "****" + digits[-4:]
    return value[0] + "*" * (len(value) - 1) if value else ""


def spots(text: str, *, name: str = "", phone: str = "", email: str = "") -> list[Spot]:
    """Everything in ``text`` that looks like personal data, in order of position."""
    result: list[Spot] = []
    own: list[tuple[str, str]] = []
    if len(name) >= 2:
        own.append((name, _("This is the commenter's name.")))
    if phone:
        own.append((phone, _("This is the commenter's phone number.")))
    if email:
        own.append((email, _("This is the commenter's e-mail address.")))
    for needle, message in own:
        for start, end in _occurrences(text, needle):
            result.append(Spot(start, end, message, _mask(needle), True))
    for finding in privacy.scan({"text": text}):
        if any(s.start <= finding.start and finding.end <= s.end for s in result):
            continue
        own_contact = bool(phone) and _digits(phone) in _digits(finding.matched)
        result.append(
            Spot(finding.start, finding.end, finding.message, finding.masked, own_contact)
        )
    result.sort(key=lambda s: (s.start, s.end))
    return result


def redaction_mark() -> str:
    return _("[personal data removed]")


def redact(text: str, found: list[Spot]) -> str:
    """``text`` with every spot replaced by the redaction mark (overlaps merged)."""
    spans: list[list[int]] = []
    for s in sorted(found, key=lambda s: s.start):
        if spans and s.start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], s.end)
        else:
            spans.append([s.start, s.end])
    mark = redaction_mark()
    for start, end in reversed(spans):
        text = text[:start] + mark + text[end:]
    return text


def nickname_problem(nickname: str, *, name: str = "") -> str:
    """Why ``nickname`` may not be shown publicly ("" when it may)."""
    if not nickname:
        return ""
    if privacy.scan({"nickname": nickname}):
        return _("The nickname looks like it contains personal data; choose another one.")
    if len(name) >= 2 and (name in nickname or (len(nickname) >= 2 and nickname in name)):
        return _("The nickname must not contain your name: your name is never shown publicly.")
    return ""
