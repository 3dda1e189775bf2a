"""Pure rules of solicitations: the period and its length, the phase a published solicitation is
in on a given day, and the checks of what the public types. ``today`` is always a parameter;
nothing here reads the clock or the database."""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gongkai.core.dates import format_cn_date
from gongkai.solicitation.models import Kind, Status

# 《重大行政决策程序暂行条例》: the public is normally given at least 30 days to comment.
MIN_PERIOD_DAYS = 30

TEXT_MAX_CHARS = 5000

_MOBILE_RE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")


def period_days(opens_on: dt.date, closes_on: dt.date) -> int:
    """Length of the period in natural days, counting both the first and the last day."""
    return (closes_on - opens_on).days + 1


def needs_period_reason(kind: str, opens_on: dt.date, closes_on: dt.date) -> bool:
    """A solicitation open for fewer than 30 days needs a recorded reason (a hearing's
    registration period has no such norm)."""
    return kind == Kind.SOLICITATION and period_days(opens_on, closes_on) < MIN_PERIOD_DAYS


class Phase(enum.StrEnum):
    DRAFT = "draft"
    UPCOMING = "upcoming"  # published, before opens_on
    OPEN = "open"  # published, opens_on ≤ today ≤ closes_on
    ENDED = "ended"  # published, after closes_on, not yet marked closed
    CLOSED = "closed"  # closed, feedback not yet published
    FEEDBACK = "feedback"  # feedback published


PHASE_LABELS = {
    Phase.DRAFT: gettext_lazy("Draft"),
    Phase.UPCOMING: gettext_lazy("Published, not yet open"),
    Phase.OPEN: gettext_lazy("Open for comments"),
    Phase.ENDED: gettext_lazy("Period over, to be closed"),
    Phase.CLOSED: gettext_lazy("Closed, feedback being prepared"),
    Phase.FEEDBACK: gettext_lazy("Feedback published"),
}


def phase(status: str, opens_on: dt.date, closes_on: dt.date, today: dt.date) -> Phase:
    if status == Status.DRAFT:
        return Phase.DRAFT
    if status == Status.CLOSED:
        return Phase.CLOSED
    if status == Status.FEEDBACK_PUBLISHED:
        return Phase.FEEDBACK
    if today < opens_on:
        return Phase.UPCOMING
    if today <= closes_on:
        return Phase.OPEN
    return Phase.ENDED


def phase_of(solicitation, today: dt.date) -> Phase:
    return phase(solicitation.status, solicitation.opens_on, solicitation.closes_on, today)


def days_remaining(closes_on: dt.date, today: dt.date) -> int:
    """Days left to comment, today included (1 on the last day, 0 once it has passed)."""
    return max(0, (closes_on - today).days + 1)


def input_refusal(solicitation, today: dt.date) -> str:
    """Why the public cannot send a comment or sign up today ("" when it can)."""
    current = phase_of(solicitation, today)
    if current == Phase.OPEN:
        return ""
    if current == Phase.UPCOMING:
        if solicitation.kind == Kind.HEARING:
            return _("Registration for this hearing opens on %(date)s.") % {
                "date": display_date(solicitation.opens_on)
            }
        return _("This solicitation opens on %(date)s; comments can be sent from that day.") % {
            "date": display_date(solicitation.opens_on)
        }
    if current == Phase.DRAFT:
        return _("This solicitation has not been published.")
    if solicitation.kind == Kind.HEARING:
        return _("Registration closed on %(date)s.") % {
            "date": display_date(solicitation.closes_on)
        }
    return _("The period ended on %(date)s; nothing more can be sent.") % {
        "date": display_date(solicitation.closes_on)
    }


def display_date(value: dt.date) -> str:
    """2026年5月15日 in Chinese, 2026-05-15 in English (as the ``cn_date`` filter)."""
    if (get_language() or "").startswith("en"):
        return value.isoformat()
    return format_cn_date(value)


def normalize_phone(phone: str) -> str:
    """Digits, ``+`` and ``-`` only (spaces, brackets and full-width characters removed)."""
    return re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", phone or ""))


def clean_phone(value: str) -> tuple[str, str]:
    """(normalised phone, error message or "")."""
    phone = normalize_phone(value)
    if not phone:
        return "", _("Enter a phone number so that the office can contact you.")
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


def clean_contact(data: dict, errors: dict[str, list[str]]) -> dict[str, str]:
    """Name, phone (both required) and e-mail (optional) of a comment or a registration."""
    name = " ".join(str(data.get("name") or "").split())
    if not name:
        errors.setdefault("name", []).append(_("Enter your name."))
    elif len(name) > 50:
        errors.setdefault("name", []).append(_("A name has at most 50 characters."))
    phone, problem = clean_phone(str(data.get("phone") or ""))
    if problem:
        errors.setdefault("phone", []).append(problem)
    email = str(data.get("email") or "").strip()
    email = email.lower() if "@" in email else email
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.setdefault("email", []).append(
                _("Enter a valid e-mail address, e.g. name@example.com.")
            )
    return {"name": name, "phone": phone, "email": email}


def clean_text(value: str, field: str, errors: dict[str, list[str]], *, required: bool) -> str:
    text = str(value or "").replace("\r\n", "\n").strip()
    if required and not text:
        errors.setdefault(field, []).append(_("Write your comment."))
    elif len(text) > TEXT_MAX_CHARS:
        errors.setdefault(field, []).append(
            _("The text has %(n)s characters; at most %(max)s are accepted.")
            % {"n": len(text), "max": TEXT_MAX_CHARS}
        )
    return text
