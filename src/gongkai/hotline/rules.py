"""The hotline's rules as settings and pure functions (RULES.md §4.2).

- A follow-up call (回访) is due ``GONGKAI_HOTLINE_FOLLOW_UP_DAYS`` working days after the
  conclusion (default 1: the local 12345 rules RULES.md cites call back the day after closure);
  no national number exists, so it is a setting.
- After ``GONGKAI_HOTLINE_FOLLOW_UP_ATTEMPTS`` attempts without reaching the caller (default 3)
  the follow-up is closed as "not reachable".
- A visit of ``GONGKAI_HOTLINE_GROUP_VISIT_MIN`` or more people is a group visit (集体访; default
  5, the number of representatives a group of petitioners may send, 信访工作条例 practice —
  local rules differ, hence a setting).

Nothing here reads the clock or the database: ``today`` and the calendar are parameters.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings

from gongkai.hotline.models import Contact, ContactKind, ContactStatus
from gongkai.workdays.calendar import Calendar

DEFAULT_FOLLOW_UP_DAYS = 1
DEFAULT_FOLLOW_UP_ATTEMPTS = 3
DEFAULT_GROUP_VISIT_MIN = 5
MAX_CALL_MINUTES = 600
MAX_VISITORS = 500

_MOBILE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
# Area codes 010 and 020–029 have three digits (and eight-digit numbers); the others four.
_LANDLINE = re.compile(r"^(0[12]\d|0[3-9]\d{2})(\d{7,8})(?:(?:转|ext|x)(\d{1,6}))?$", re.IGNORECASE)
_SHORT = re.compile(r"^\d{5,6}$")  # a service number: 12345, 95598


def follow_up_days() -> int:
    return int(getattr(settings, "GONGKAI_HOTLINE_FOLLOW_UP_DAYS", DEFAULT_FOLLOW_UP_DAYS))


def follow_up_attempts() -> int:
    return int(getattr(settings, "GONGKAI_HOTLINE_FOLLOW_UP_ATTEMPTS", DEFAULT_FOLLOW_UP_ATTEMPTS))


def group_visit_min() -> int:
    return int(getattr(settings, "GONGKAI_HOTLINE_GROUP_VISIT_MIN", DEFAULT_GROUP_VISIT_MIN))


def is_group_visit(kind: str, visitors: int) -> bool:
    return kind == ContactKind.VISIT and visitors >= group_visit_min()


def follow_up_due(concluded_on: dt.date, calendar: Calendar) -> dt.date:
    """The day the follow-up call is due: the setting's working days after the conclusion
    (counted from the day after). Raises ``CalendarMissing`` beyond the entered calendar."""
    return calendar.add_working_days(concluded_on, follow_up_days())


def normalize_phone(value: str) -> str | None:
    """A mainland mobile (13812345678), a landline with area code (0579-12345678, with an
    extension 0579-12345678转123) or a short service number (12345); None when ``value`` is
    none of them. Spaces, brackets and dashes are ignored."""
    raw = re.sub(r"[\s()（）\-－—]", "", value or "")
    if match := _MOBILE.match(raw):
        return match.group(1)
    if match := _LANDLINE.match(raw):
        area, number, extension = match.groups()
        return f"{area}-{number}" + (f"转{extension}" if extension else "")
    if _SHORT.match(raw):
        return raw
    return None


def is_mobile(phone: str) -> bool:
    return bool(_MOBILE.match(phone or ""))


def concluded_at(contact: Contact) -> dt.datetime | None:
    """When the matter was concluded: the on-the-spot answer, or the work order's reply
    (also the reply of the letter it was merged into). None while open, and for a work order
    that was not accepted."""
    if contact.status == ContactStatus.ANSWERED:
        return contact.answered_at
    if contact.status == ContactStatus.WORK_ORDER and contact.message is not None:
        return contact.message.replied_at
    return None


def follow_up_pending(contact: Contact) -> bool:
    """Is a follow-up call due? The matter is concluded, there is a number to call, and no
    round of follow-up calls ended since the conclusion (a work order reopened and replied
    again after an earlier follow-up needs a new one)."""
    at = concluded_at(contact)
    if at is None or not contact.caller_phone:
        return False
    return not contact.follow_up or contact.follow_up_at < at
