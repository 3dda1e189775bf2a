"""Pure rules of notices: the default period of each kind, the last day of a period in natural
or working days, the phase a notice is in on a given day, the days left, and the checks of an
objection typed by the public. ``today`` and the working-day ``Calendar`` are parameters;
nothing here reads the clock or the database.

Counting rule (stated on every notice page): the first day of the period counts. In natural
days a period of N days ends on first day + N − 1. In working days only working days count
(weekends and statutory holidays do not, 调休 make-up working days do), the first day
included when it is a working day; the period ends on its N-th working day.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.notices.models import Counting, Kind, Outcome, Status
from gongkai.workdays.calendar import Calendar

# Default length and counting of each kind's period (``settings.GONGKAI_NOTICE_PERIODS``
# overrides them kind by kind). 任前公示 at least 5 working days follows the national rules on
# selecting leading cadres as commonly quoted; the others are local practice. All UNVERIFIED:
# an agency sets its own in the settings.
DEFAULT_PERIODS: dict[str, tuple[int, str]] = {
    Kind.APPOINTMENT: (5, Counting.WORKING),
    Kind.PROJECT: (7, Counting.NATURAL),
    Kind.AWARD: (7, Counting.NATURAL),
    Kind.EXPROPRIATION: (10, Counting.NATURAL),
    Kind.SUBSIDY: (7, Counting.NATURAL),
    Kind.OTHER: (7, Counting.NATURAL),
}
MAX_PERIOD_DAYS = 90
TEXT_MAX_CHARS = 3000

_MOBILE_RE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")


def kind_period(kind: str) -> tuple[int, str]:
    """(days, counting) of a kind: the setting ``GONGKAI_NOTICE_PERIODS`` (a dict from kind to
    ``(days, "natural" | "working")``) where it names the kind, else the default."""
    configured = getattr(settings, "GONGKAI_NOTICE_PERIODS", None) or {}
    days, counting = configured.get(kind) or DEFAULT_PERIODS.get(kind, DEFAULT_PERIODS[Kind.OTHER])
    if counting not in Counting.values:
        raise ValueError(f"GONGKAI_NOTICE_PERIODS[{kind!r}]: counting must be natural or working")
    return int(days), counting


def computed_end(starts_on: dt.date, days: int, counting: str, calendar: Calendar) -> dt.date:
    """The last day of a period of ``days`` from ``starts_on``, the first day counted (see the
    module docstring). Raises ``CalendarMissing`` for working days in a year not entered."""
    if days < 1:
        raise ValueError("a period has at least one day")
    if counting == Counting.NATURAL:
        return starts_on + dt.timedelta(days=days - 1)
    return calendar.add_working_days(starts_on, days, count_start_day=True)


def counted_days(starts_on: dt.date, ends_on: dt.date, counting: str, calendar: Calendar) -> int:
    """How many days of the kind counted the period from ``starts_on`` to ``ends_on`` has."""
    if counting == Counting.NATURAL:
        return (ends_on - starts_on).days + 1
    return calendar.count_working_days(starts_on, ends_on, count_start_day=True)


class Phase(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    UPCOMING = "upcoming"  # published, before starts_on: not yet on the public site
    IN_PERIOD = "in_period"  # published, starts_on ≤ today ≤ ends_on
    OVER = "over"  # published, after ends_on, result not yet recorded
    RESULT = "result"
    CLOSED = "closed"


PHASE_LABELS = {
    Phase.DRAFT: gettext_lazy("Draft"),
    Phase.SUBMITTED: gettext_lazy("Waiting for review"),
    Phase.UPCOMING: gettext_lazy("Published, period not yet begun"),
    Phase.IN_PERIOD: gettext_lazy("In its notice period"),
    Phase.OVER: gettext_lazy("Period over, result to be recorded"),
    Phase.RESULT: gettext_lazy("Result published"),
    Phase.CLOSED: gettext_lazy("Closed"),
}


def phase(status: str, starts_on: dt.date, ends_on: dt.date, today: dt.date) -> Phase:
    if status == Status.DRAFT:
        return Phase.DRAFT
    if status == Status.SUBMITTED:
        return Phase.SUBMITTED
    if status == Status.RESULT:
        return Phase.RESULT
    if status == Status.CLOSED:
        return Phase.CLOSED
    if today < starts_on:
        return Phase.UPCOMING
    if today <= ends_on:
        return Phase.IN_PERIOD
    return Phase.OVER


def phase_of(notice, today: dt.date) -> Phase:
    return phase(notice.status, notice.starts_on, notice.ends_on, today)


def is_publicly_visible(status: str, starts_on: dt.date, today: dt.date) -> bool:
    """A notice is on the public site from its first day on, once published."""
    return status in (Status.PUBLISHED, Status.RESULT, Status.CLOSED) and starts_on <= today


def days_remaining(
    counting: str, starts_on: dt.date, ends_on: dt.date, today: dt.date, calendar: Calendar
) -> int:
    """Days of the period still to run, today included (0 once it is over). Before the period
    it is the whole period. Raises ``CalendarMissing`` for working days outside the calendar."""
    if today > ends_on:
        return 0
    first = max(today, starts_on)
    return counted_days(first, ends_on, counting, calendar)


def result_problem(outcome: str, received: int, unhandled: int) -> str:
    """Why ``outcome`` cannot be recorded with ``received`` objections of which ``unhandled``
    are not yet verified ("" when it can)."""
    if outcome not in Outcome.values:
        return _("Choose the result.")
    if outcome == Outcome.NO_OBJECTION and received:
        return _("%(n)s objections were received: the result cannot be “no objection”.") % {
            "n": received
        }
    if outcome != Outcome.NO_OBJECTION and not received:
        return _("No objection was received: the result is “no objection”.")
    if unhandled:
        return _("%(n)s objections have not been verified and answered yet: handle them first.") % {
            "n": unhandled
        }
    return ""


# --- what the public types -----------------------------------------------------------------


def normalize_phone(phone: str) -> str:
    """Digits, ``+`` and ``-`` only (spaces, brackets and full-width characters removed)."""
    return re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", phone or ""))


def clean_phone(value: str) -> tuple[str, str]:
    """(normalised phone, error message or ""); an empty phone is allowed."""
    phone = normalize_phone(value)
    if not phone:
        return "", ""
    mobile = _MOBILE_RE.match(phone.replace("-", ""))
    if mobile:
        return mobile.group(1), ""
    if phone.replace("-", "").lstrip("+").startswith(("1", "861")):
        return phone, _("A mobile number has 11 digits and begins with 13 to 19, e.g. 13812345678.")
    if not _LANDLINE_RE.match(phone):
        return phone, _(
            "Enter a mobile number (11 digits) or a landline number with its area code, e.g. 0579-80000000."
        )
    return phone, ""


def clean_objection(data: dict) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(cleaned values, errors by field) of an objection: name and phone optional (anonymous
    objections are accepted), the text required and at most ``TEXT_MAX_CHARS`` characters."""
    errors: dict[str, list[str]] = {}
    name = " ".join(str(data.get("name") or "").split())
    if len(name) > 50:
        errors.setdefault("name", []).append(_("A name has at most 50 characters."))
    phone, problem = clean_phone(str(data.get("phone") or ""))
    if problem:
        errors.setdefault("phone", []).append(problem)
    text = str(data.get("text") or "").replace("\r\n", "\n").strip()
    if not text:
        errors.setdefault("text", []).append(
            _("Write your objection: what you know and why it concerns this notice.")
        )
    elif len(text) > TEXT_MAX_CHARS:
        errors.setdefault("text", []).append(
            _("The text has %(n)s characters; at most %(max)s are accepted.")
            % {"n": len(text), "max": TEXT_MAX_CHARS}
        )
    return {"name": name, "phone": phone, "text": text}, errors
