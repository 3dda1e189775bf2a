"""The public side of 好差评: a citizen rates a matter; a bad rating opens a rectification
case with its due date, and the agency's handlers are told by e-mail."""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.models import Role
from gongkai.audit.services import record_event
from gongkai.casework.calendars import calendar_for
from gongkai.casework.notify import send_after_commit
from gongkai.casework.recipients import staff_addresses
from gongkai.core.dates import format_cn_date
from gongkai.servicehall import rules
from gongkai.servicehall.models import Rating, RatingLevel, Rectification, Window
from gongkai.services.models import Matter, MatterStatus
from gongkai.workdays.calendar import CalendarMissing

from ._common import ServiceHallError, moment, strip

COMMENT_MAX = 500
MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}\d{7,8}$")
# Who is told of a new case and reminded of its due date when nobody is assigned.
CASE_ROLES = (Role.HANDLER, Role.AGENCY_ADMIN)


def normalize_phone(value: str) -> str:
    """Digits only; a leading +86/86 dropped from a mobile number."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit())
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def public_matter_for(agency, matter: Matter | None) -> bool:
    return (
        matter is not None
        and matter.agency_id == agency.pk
        and matter.status == MatterStatus.PUBLISHED
        and matter.current_version_id is not None
    )


def clean_rating_data(
    *, agency, matter: Matter | None, window: Window | None, raw: dict[str, str]
) -> dict:
    """The rater's input, stripped and checked; a ValidationError names the fields."""
    errors: dict[str, list[str]] = {}
    level = strip(raw.get("level"))
    comment = strip(raw.get("comment"))
    phone = normalize_phone(raw.get("contact_phone") or "")
    email = strip(raw.get("contact_email")).lower()
    if not public_matter_for(agency, matter):
        errors["matter"] = [_("Choose the matter you came for.")]
    if window is not None and (window.agency_id != agency.pk or not window.is_active):
        errors["window"] = [_("Choose a window of this agency.")]
    if level not in RatingLevel.values:
        errors["level"] = [_("Choose how satisfied you are.")]
    if len(comment) > COMMENT_MAX:
        errors["comment"] = [_("At most %(n)d characters, please.") % {"n": COMMENT_MAX}]
    if raw.get("contact_phone") and not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        errors["contact_phone"] = [
            _("Give an 11-digit mobile number or a landline number with its area code.")
        ]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["contact_email"] = [_("This e-mail address is not valid.")]
    if errors:
        raise ServiceHallError(errors)
    return {
        "matter": matter,
        "window": window,
        "level": level,
        "comment": comment,
        "contact_phone": phone,
        "contact_email": email,
    }


def due_for(rated_on: dt.date, days: int) -> dt.date | None:
    """The due date of a case opened on ``rated_on``; None while the calendar does not
    reach it (``jobs.refresh_due_dates`` fills it in once the year is entered)."""
    try:
        return rules.rectification_due(
            rated_on=rated_on, days=days, calendar=calendar_for(rated_on)
        )
    except CalendarMissing:
        return None


def case_recipients(case: Rectification) -> list[str]:
    if case.handler_id and case.handler.email and case.handler.is_active:
        return [case.handler.email]
    return staff_addresses(case.agency, CASE_ROLES)


def _tell_staff(case: Rectification) -> None:
    rating = case.rating
    values = {
        "matter": rating.matter.name,
        "level": rating.get_level_display(),
        "date": format_cn_date(rating.rated_on),
        "due": format_cn_date(case.due_date) if case.due_date else _("not yet known"),
    }
    send_after_commit(
        to=case_recipients(case),
        subject=_("A bad rating to verify: %(matter)s") % values,
        body=_(
            "A citizen rated “%(matter)s” as “%(level)s” on %(date)s. Verify the rating and "
            "rectify, or record why it is not substantiated, by %(due)s.\n"
        )
        % values,
    )


@transaction.atomic
def rating_submit(
    *,
    agency,
    matter: Matter | None,
    window: Window | None = None,
    data: dict[str, str],
    now: dt.datetime | None = None,
) -> Rating:
    """Record a citizen's rating of ``matter`` (at ``window``, or not at a window). A bad
    rating (不满意 / 非常不满意) opens a ``Rectification`` due ``rules.rectify_days()`` working
    days after the day of the rating, and the agency's handlers are e-mailed after commit.
    Events ``rating.submit`` (no personal data) and ``rectification.open``."""
    cleaned = clean_rating_data(agency=agency, matter=matter, window=window, raw=data)
    now, today = moment(now)
    rating = Rating.objects.create(agency=agency, rated_at=now, rated_on=today, **cleaned)
    record_event(
        actor=None,
        action="rating.submit",
        obj=rating,
        data={
            "matter": rating.matter_id,
            "window": rating.window_id,
            "level": rating.level,
            "contact_given": rating.has_contact,
        },
    )
    if rules.is_bad(rating.level):
        days = rules.rectify_days()
        case = Rectification.objects.create(
            agency=agency,
            rating=rating,
            opened_on=today,
            time_limit_days=days,
            due_date=due_for(today, days),
        )
        record_event(
            actor=None,
            action="rectification.open",
            obj=case,
            data={"rating": rating.pk, "days": days, "due_date": case.due_date},
        )
        _tell_staff(case)
    return rating
