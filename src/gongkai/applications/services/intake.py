"""How an application comes in (Art. 29, Art. 31): online submission by the applicant, staff
registration of applications received offline, and the confirmation that starts the clock.
The contents are checked by ``application_data.clean_application_data`` (re-exported here).

Numbers (申请编号) are ``<year>-<serial:06d>``, e.g. ``2026-000123``: one gap-free series per
calendar year for the whole site (``ApplicationSequence``), taken inside the creating
transaction (``casework.numbers.allocate_serial``) the way 索引号 are
(``catalog.services.numbering``), so a failed submission rolls its number back and no number
is lost or used twice. The year is that of the submission in local time.

The query code (查询码, ``casework.codes``) is 8 characters from an alphabet without
look-alikes (no 0/O, 1/I/L), drawn with ``secrets``. It is returned once to the caller (shown
on the page, put into the acknowledgment e-mail) and stored only as ``salted_hmac`` of number
and code, keyed with ``SECRET_KEY``: the database alone cannot reveal it, and a code only
opens the application it was made for. Rotating ``SECRET_KEY`` makes earlier codes stop
working (the office can issue a new one).

Receipt dates (Art. 31), the one rule every channel follows:

- online (``application_submit_online``): status SUBMITTED, no receipt date yet; the receipt
  date is the day the office confirms it (``application_confirm_receipt``: 双方确认之日);
- in person, orally (the office fills in the form): the day it was handed in or made;
- registered post: the day the office signed for it (``receipt_note`` records it);
- ordinary mail (平常信函): the day the office confirmed it with the applicant, which must be
  the day it arrived, so it is registered on that day, with that day;
- fax, e-mail: the day both sides confirmed it.

No receipt date lies in the future or before the submission.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.applications.models import (
    Application,
    ApplicationSequence,
    Channel,
    Status,
    Step,
)
from gongkai.applications.notify import send_after_commit
from gongkai.applications.services.application_data import (
    APPLICATION_FIELDS,
    clean_application_data,
    normalize_phone,
    resident_id_problem,
)
from gongkai.applications.services.clock import refresh_clock
from gongkai.audit.services import record_event
from gongkai.casework import codes
from gongkai.casework.codes import (
    QUERY_CODE_ALPHABET,
    QUERY_CODE_LENGTH,
    new_query_code,
    normalize_number,
    normalize_query_code,
)
from gongkai.casework.numbers import allocate_serial
from gongkai.core.dates import format_cn_date

__all__ = [
    "APPLICATION_FIELDS",
    "QUERY_CODE_ALPHABET",
    "QUERY_CODE_LENGTH",
    "allocate_number",
    "application_by_number_and_code",
    "application_confirm_receipt",
    "application_register",
    "application_submit_online",
    "clean_application_data",
    "hash_query_code",
    "new_query_code",
    "normalize_number",
    "normalize_phone",
    "normalize_query_code",
    "resident_id_problem",
]

# Stored hashes are keyed with this salt: changing it would make every query code stop working.
QUERY_CODE_SALT = "gongkai.applications.query_code"
NUMBER_FORMAT = "{year}-{serial:06d}"
CONFIRMABLE_CHANNELS = (Channel.ONLINE, Channel.FAX, Channel.EMAIL)

# --- Numbers and query codes --------------------------------------------------------------


def allocate_number(year: int) -> str:
    """Take the next number of ``year``. Call inside the creating transaction."""
    return NUMBER_FORMAT.format(year=year, serial=allocate_serial(ApplicationSequence, year=year))


def hash_query_code(number: str, code: str) -> str:
    """The stored form of a query code: an HMAC (SHA-256, keyed with SECRET_KEY) of number
    and code, 64 hex characters."""
    return codes.hash_query_code(number, code, salt=QUERY_CODE_SALT)


def application_by_number_and_code(number: str, code: str) -> Application | None:
    """The application with this number if ``code`` is its query code, else None — the same
    None for an unknown number and for a wrong code, after the same work (a hash and a
    constant-time comparison), so neither answer nor timing tells them apart."""
    return codes.find_by_number_and_code(
        Application.objects.filter(imported=False).select_related("agency"),  # imported: no code
        number,
        code,
        salt=QUERY_CODE_SALT,
    )


# --- Shared steps --------------------------------------------------------------------------


def _site_text(message: str, **values: Any) -> str:
    """``message`` (marked with ``gettext_noop``) translated into the site's language: the
    text is stored, and the applicant reads it whatever language a staff member uses."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {key: str(value) for key, value in values.items()}
        return _(message) % values if values else _(message)


def _due_text(application: Application) -> str:
    if application.due_date:
        return _site_text(
            gettext_noop(
                "The agency will answer by %(due)s (20 working days, as the Regulation provides)."
            ),
            due=format_cn_date(application.due_date),
        )
    return _site_text(gettext_noop("The due date will be shown here once it has been calculated."))


def _store_attachments(number: str, files: Iterable[Any]) -> list[str]:
    """Save uploads under ``applications/<number>/`` with random names; the caller has
    checked their type. Returns the stored paths."""
    from gongkai.catalog.files import check_upload

    stored = []
    for upload in files:
        kind = check_upload(upload, upload.name)
        name = f"applications/{number}/{secrets.token_hex(8)}.{kind.extensions[0]}"
        stored.append(default_storage.save(name, upload))
    return stored


def _acknowledgment(application: Application, code: str) -> None:
    if not application.email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your application %(number)s has been submitted") % {
            "number": application.number
        }
        body = _(
            "Dear applicant,\n\n"
            "%(agency)s has received your application for government information "
            "“%(title)s”.\n\n"
            "Application number: %(number)s\n"
            "Query code: %(code)s\n\n"
            "Keep the number and the query code: with them you can follow the application "
            "and download the replies on the tracking page. The query code is not stored in "
            "readable form and cannot be shown again.\n\n"
            "%(status)s\n"
        ) % {
            "agency": application.agency.name,
            "title": application.info_title,
            "number": application.number,
            "code": code,
            "status": (
                _(
                    "An application made online counts as received on the day the agency "
                    "confirms it; you will be told that date."
                )
                if application.received_on is None
                else _("It was received on %(date)s.")
                % {"date": format_cn_date(application.received_on)}
            ),
        }
    send_after_commit(to=[application.email], subject=subject, body=body)


# --- Services ------------------------------------------------------------------------------


def application_submit_online(
    *,
    agency: Agency,
    data: Mapping[str, Any],
    now: dt.datetime | None = None,
    attachments: Iterable[Any] = (),
) -> tuple[Application, str]:
    """An applicant submits an application on the website. Returns it and its query code.

    Validates ``data`` (``clean_application_data``); in one transaction takes the next
    number, creates the application (status SUBMITTED, no receipt date: Art. 31(3)), a public
    step, an audit event without personal data (actor None), and stores the attachments
    (already type-checked by the form; re-checked here) under ``applications/<number>/`` with
    a private step listing them. After the commit the applicant's e-mail address (if given)
    gets the number and the query code.
    """
    now = now or timezone.now()
    if not agency.is_active:
        raise ValidationError(_("This agency does not accept applications."))
    cleaned = clean_application_data(data, today=timezone.localdate(now))
    files = list(attachments)
    code = new_query_code()
    stored: list[str] = []
    try:
        with transaction.atomic():
            number = allocate_number(timezone.localdate(now).year)
            application = Application.objects.create(
                agency=agency,
                number=number,
                query_code_hash=hash_query_code(number, code),
                channel=Channel.ONLINE,
                submitted_at=now,
                status=Status.SUBMITTED,
                **cleaned,
            )
            Step.objects.create(
                application=application,
                at=now,
                kind="submitted",
                text=_site_text(
                    gettext_noop(
                        "Application submitted; waiting for the agency to confirm receipt."
                    )
                ),
                public=True,
            )
            if files:
                stored = _store_attachments(number, files)
                Step.objects.create(
                    application=application,
                    at=now,
                    kind="attachments",
                    text="\n".join(stored),
                    public=False,
                )
            record_event(
                actor=None,
                action="application.submit",
                obj=application,
                data={"channel": Channel.ONLINE, "attachments": len(stored)},
            )
            _acknowledgment(application, code)
    except Exception:
        for path in stored:
            default_storage.delete(path)
        raise
    return application, code


def application_confirm_receipt(
    *,
    actor,
    application: Application,
    received_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Application:
    """The office confirms an online (or fax / e-mail) application: Art. 31(3), the receipt
    date is the day both sides confirm (default: today).

    Checks ``application.register`` on the agency, that the application waits for
    confirmation, and that the date is neither before the submission nor in the future. Sets
    status REGISTERED, ``received_on``, ``received_confirmed_by``; recomputes the clock;
    writes a public step with the receipt and due dates and an audit event; e-mails the
    applicant the dates after the commit.
    """
    if not can(actor, "application.register", agency=application.agency):
        raise PermissionDenied
    today = today or timezone.localdate()
    received_on = received_on or today
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        if locked.status != Status.SUBMITTED or locked.channel not in CONFIRMABLE_CHANNELS:
            raise ValidationError(_("This application is not waiting for confirmation of receipt."))
        submitted_on = timezone.localdate(locked.submitted_at)
        if received_on < submitted_on:
            raise ValidationError(
                {
                    "received_on": _(
                        "The receipt cannot be confirmed for a day before the application was submitted (%(date)s)."
                    )
                    % {"date": format_cn_date(submitted_on)}
                }
            )
        if received_on > today:
            raise ValidationError({"received_on": _("The date received cannot be in the future.")})
        locked.status = Status.REGISTERED
        locked.received_on = received_on
        locked.received_confirmed_by = actor
        locked.save(update_fields=["status", "received_on", "received_confirmed_by", "updated_at"])
        refresh_clock(locked)
        Step.objects.create(
            application=locked,
            at=timezone.now(),
            kind="received",
            text=_site_text(
                gettext_noop("The agency confirmed receipt of your application on %(date)s."),
                date=format_cn_date(received_on),
            )
            + " "
            + _due_text(locked),
            public=True,
            actor=actor,
        )
        record_event(
            actor=actor,
            action="application.confirm_receipt",
            obj=locked,
            data={"received_on": received_on, "due_date": locked.due_date},
        )
        if locked.email:
            with translation.override(settings.LANGUAGE_CODE):
                send_after_commit(
                    to=[locked.email],
                    subject=_("Your application %(number)s has been received")
                    % {"number": locked.number},
                    body=_site_text(
                        gettext_noop(
                            "The agency confirmed receipt of your application on %(date)s."
                        ),
                        date=format_cn_date(received_on),
                    )
                    + "\n"
                    + _due_text(locked)
                    + "\n",
                )
    application.refresh_from_db()
    return locked


def _receipt_problem(
    channel: str, received_on: dt.date | None, today: dt.date
) -> dict[str, str] | None:
    if channel == Channel.ONLINE:
        return {"channel": _("Online applications are submitted by the applicant on the website.")}
    if channel not in Channel.values:
        return {"channel": _("Choose how the application was received.")}
    if received_on is None:
        return {"received_on": _("Enter the date the application was received.")}
    if received_on > today:
        return {"received_on": _("The date received cannot be in the future.")}
    if channel == Channel.ORDINARY_MAIL and received_on != today:
        return {
            "received_on": _(
                "An ordinary letter must be confirmed with the applicant on the day it arrives, "
                "and that day is the date received: register it on that day."
            )
        }
    return None


def _default_receipt_note(channel: str, received_on: dt.date) -> str:
    date = format_cn_date(received_on)
    texts = {
        Channel.IN_PERSON: gettext_noop("Handed in at the office on %(date)s."),
        Channel.POST: gettext_noop("Registered post signed for on %(date)s."),
        Channel.ORDINARY_MAIL: gettext_noop(
            "Ordinary letter; receipt confirmed with the applicant on %(date)s."
        ),
        Channel.FAX: gettext_noop("Fax; receipt confirmed by both sides on %(date)s."),
        Channel.EMAIL: gettext_noop("E-mail; receipt confirmed by both sides on %(date)s."),
        Channel.ORAL: gettext_noop(
            "Made orally on %(date)s; the form was filled in by the office."
        ),
    }
    return _site_text(texts[channel], date=date)


def application_register(
    *,
    actor,
    agency: Agency,
    data: Mapping[str, Any],
    channel: str,
    received_on: dt.date | None,
    receipt_note: str = "",
    now: dt.datetime | None = None,
) -> tuple[Application, str]:
    """The office registers an application it received offline. Returns it and its query
    code (for the receipt handed or sent to the applicant).

    ``received_on`` per Art. 31: in person or oral — the day; registered post — the day
    signed for; ordinary mail — the day confirmed with the applicant, which must be today;
    fax or e-mail — the day both sides confirmed. Never in the future. ``receipt_note`` is
    kept (a default describing the channel and date when empty). Checks
    ``application.register``; creates the application REGISTERED with the actor as the one
    who confirmed receipt, computes the clock, writes a public step and an audit event, and
    e-mails the applicant (if an address is known) the number and query code after commit.
    """
    if not can(actor, "application.register", agency=agency):
        raise PermissionDenied
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors: dict[str, list[str]] = {}
    try:
        cleaned = clean_application_data(data, today=today)
    except ValidationError as e:
        errors.update(e.message_dict)
    problem = _receipt_problem(channel, received_on, today)
    if problem:
        for field, message in problem.items():
            errors.setdefault(field, []).append(message)
    receipt_note = (receipt_note or "").strip()
    if len(receipt_note) > Application._meta.get_field("receipt_note").max_length:
        errors.setdefault("receipt_note", []).append(_("The receipt details are too long."))
    if errors:
        raise ValidationError(errors)
    assert received_on is not None
    # The time of day is known only when it came in today.
    submitted_at = (
        now
        if received_on == today
        else timezone.make_aware(dt.datetime.combine(received_on, dt.time.min))
    )
    code = new_query_code()
    with transaction.atomic():
        number = allocate_number(received_on.year)
        application = Application.objects.create(
            agency=agency,
            number=number,
            query_code_hash=hash_query_code(number, code),
            channel=channel,
            submitted_at=submitted_at,
            received_on=received_on,
            receipt_note=receipt_note or _default_receipt_note(channel, received_on),
            received_confirmed_by=actor,
            status=Status.REGISTERED,
            **cleaned,
        )
        refresh_clock(application)
        Step.objects.create(
            application=application,
            at=now,
            kind="received",
            text=_site_text(
                gettext_noop("The agency received your application on %(date)s (%(channel)s)."),
                date=format_cn_date(received_on),
                channel=Channel(channel).label,
            )
            + " "
            + _due_text(application),
            public=True,
            actor=actor,
        )
        record_event(
            actor=actor,
            action="application.register",
            obj=application,
            data={
                "channel": channel,
                "received_on": received_on,
                "due_date": application.due_date,
            },
        )
        _acknowledgment(application, code)
    return application, code
