"""How a letter comes in: written online to a mailbox, or registered by staff (a call, a
visit, a letter by post). Either way it gets a number and a query code, a first public step
and an audit event without personal data; the writer's e-mail (if given) gets the number and
the code after the commit.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.casework import codes
from gongkai.casework.notify import send_after_commit
from gongkai.casework.numbers import allocate_serial
from gongkai.interaction.models import (
    Mailbox,
    MailboxKind,
    Message,
    MessageChannel,
    MessageKind,
    MessageSequence,
)
from gongkai.interaction.services._common import step

QUERY_CODE_SALT = "gongkai.interaction.query_code"
NUMBER_FORMAT = "XJ{year}-{serial:06d}"
MESSAGE_FIELDS = (
    "kind",
    "title",
    "content",
    "writer_name",
    "writer_mobile",
    "writer_email",
    "writer_address",
)
MAX_TITLE = 100
MAX_CONTENT = 5000
MAX_ATTACHMENTS = 5
_MOBILE_RE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def clean_message_data(data: Mapping[str, Any], *, phone_required: bool = True) -> dict[str, Any]:
    """The letter's fields checked and normalised; ``ValidationError`` with {field: [messages]}
    naming each problem. Reads and writes nothing."""
    c: dict[str, Any] = {name: _text(data, name) for name in MESSAGE_FIELDS}
    # Title and content stay as typed (NFKC would turn Chinese full-width punctuation into
    # ASCII); only the outer whitespace goes.
    c["title"] = str(data.get("title") or "").strip()
    c["content"] = str(data.get("content") or "").strip()
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if c["kind"] not in MessageKind.values:
        error("kind", _("Choose the type of your letter."))
    if not c["title"]:
        error("title", _("Give your letter a title."))
    elif len(c["title"]) > MAX_TITLE:
        error("title", _("The title may be at most %(n)d characters long.") % {"n": MAX_TITLE})
    if not c["content"]:
        error("content", _("Write what your letter is about."))
    elif len(c["content"]) > MAX_CONTENT:
        error("content", _("The letter may be at most %(n)d characters long.") % {"n": MAX_CONTENT})
    if not c["writer_name"]:
        error("writer_name", _("Enter your name."))
    elif len(c["writer_name"]) > 50:
        error("writer_name", _("The name may be at most 50 characters long."))
    mobile = re.sub(r"[\s()（）-]", "", c["writer_mobile"])
    match = _MOBILE_RE.match(mobile)
    if match:
        c["writer_mobile"] = match.group(1)
    elif mobile or phone_required:
        error(
            "writer_mobile",
            _("Enter a mainland mobile number of 11 digits starting with 1, e.g. 13812345678."),
        )
    if c["writer_email"]:
        try:
            validate_email(c["writer_email"])
        except ValidationError:
            error("writer_email", _("This e-mail address is not valid."))
    if len(c["writer_address"]) > 200:
        error("writer_address", _("The address may be at most 200 characters long."))
    c["publish_consent"] = str(data.get("publish_consent") or "").lower() in (
        "1",
        "true",
        "on",
        "yes",
    )
    if c["kind"] == MessageKind.REPORT:
        c["publish_consent"] = False  # a 举报 is never published
    if errors:
        raise ValidationError(errors)
    return c


def mailbox_for_agency(agency: Agency) -> Mailbox:
    """The agency's own mailbox, created on first use."""
    mailbox = Mailbox.objects.filter(agency=agency, kind=MailboxKind.AGENCY).first()
    if mailbox is not None:
        return mailbox
    with translation.override(settings.LANGUAGE_CODE):
        name = _("Mailbox of %(agency)s") % {"agency": agency.short_name or agency.name}
        description = _(
            "Inquiries, suggestions, complaints, requests for help, reports and praise about "
            "the work of %(agency)s."
        ) % {"agency": agency.name}
    mailbox, _created = Mailbox.objects.get_or_create(
        agency=agency,
        kind=MailboxKind.AGENCY,
        defaults={"name": name[:60], "description": description},
    )
    return mailbox


def allocate_number(year: int) -> str:
    return NUMBER_FORMAT.format(year=year, serial=allocate_serial(MessageSequence, year=year))


def hash_query_code(number: str, code: str) -> str:
    return codes.hash_query_code(number, code, salt=QUERY_CODE_SALT)


def message_by_number_and_code(number: str, code: str) -> Message | None:
    """The letter with this number if ``code`` is its query code, else None (the same None,
    after the same work, for an unknown number and a wrong code)."""
    return codes.find_by_number_and_code(
        Message.objects.select_related("agency", "mailbox"), number, code, salt=QUERY_CODE_SALT
    )


def check_attachments(files: Iterable[Any]) -> list[Any]:
    """The uploads, type- and size-checked as the catalog does; ValidationError naming the
    file otherwise."""
    from gongkai.catalog.files import RejectedFile, check_upload

    files = [f for f in files if f]
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": [_("At most %(n)d files may be attached.") % {"n": MAX_ATTACHMENTS}]}
        )
    for upload in files:
        try:
            check_upload(upload, upload.name)
        except RejectedFile as exc:
            raise ValidationError({"attachments": [exc.message]}) from exc
    return files


def _store_attachments(number: str, files: Iterable[Any]) -> list[str]:
    from gongkai.catalog.files import check_upload

    stored = []
    for upload in files:
        kind = check_upload(upload, upload.name)
        name = f"interaction/{number}/{secrets.token_hex(8)}.{kind.extensions[0]}"
        stored.append(default_storage.save(name, upload))
    return stored


def _acknowledgment(message: Message, code: str) -> None:
    if not message.writer_email:
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Your letter %(number)s has been received") % {"number": message.number}
        body = _(
            "Dear writer,\n\n"
            "%(agency)s has received your letter “%(title)s”.\n\n"
            "Letter number: %(number)s\n"
            "Query code: %(code)s\n\n"
            "Keep the number and the query code: with them you can follow your letter, read "
            "the reply and rate it on the tracking page. The query code is not stored in "
            "readable form and cannot be shown again.\n"
        ) % {
            "agency": message.agency.name,
            "title": message.title,
            "number": message.number,
            "code": code,
        }
    send_after_commit(to=[message.writer_email], subject=subject, body=body)


def _create(
    *,
    mailbox: Mailbox,
    cleaned: dict[str, Any],
    channel: str,
    now: dt.datetime,
    received_on: dt.date,
    files: list[Any],
    actor=None,
) -> tuple[Message, str]:
    code = codes.new_query_code()
    stored: list[str] = []
    try:
        with transaction.atomic():
            number = allocate_number(received_on.year)
            message = Message.objects.create(
                agency=mailbox.agency,
                mailbox=mailbox,
                number=number,
                query_code_hash=hash_query_code(number, code),
                channel=channel,
                submitted_at=now,
                received_on=received_on,
                **cleaned,
            )
            if files:
                stored = _store_attachments(number, files)
                message.attachments = stored
                message.save(update_fields=["attachments"])
            step(
                message,
                "received",
                _("Your letter was received by %(mailbox)s.") % {"mailbox": mailbox.name},
                public=True,
                actor=actor,
                at=now,
            )
            record_event(
                actor=actor,
                action="message.submit" if actor is None else "message.register",
                obj=message,
                data={"number": number, "kind": message.kind, "channel": channel},
            )
            _acknowledgment(message, code)
    except Exception:
        for path in stored:  # nothing half-written stays behind
            default_storage.delete(path)
        raise
    return message, code


def message_submit_online(
    *,
    mailbox: Mailbox,
    data: Mapping[str, Any],
    attachments: Iterable[Any] = (),
    now: dt.datetime | None = None,
) -> tuple[Message, str]:
    """A citizen writes to ``mailbox``. Returns the letter and its query code (shown once).
    A letter written online counts as received on the day it is written."""
    now = now or timezone.now()
    if not mailbox.is_open or not mailbox.agency.is_active:
        raise ValidationError(_("This mailbox does not take letters at the moment."))
    cleaned = clean_message_data(data)
    files = check_attachments(attachments)
    return _create(
        mailbox=mailbox,
        cleaned=cleaned,
        channel=MessageChannel.ONLINE,
        now=now,
        received_on=timezone.localdate(now),
        files=files,
    )


def message_register(
    *,
    actor,
    agency: Agency,
    data: Mapping[str, Any],
    channel: str,
    received_at: dt.datetime | None = None,
    mailbox: Mailbox | None = None,
    attachments: Iterable[Any] = (),
    phone_required: bool = True,
) -> tuple[Message, str]:
    """Staff register a letter that came by phone, visit or post (or a work order made from a
    call or visit): the same letter as one written online, with its channel. ``received_at``
    is when the call, visit or letter came (default now). ``phone_required=False`` lets a
    work order of an anonymous call or of a landline caller go without a mobile number."""
    if not can(actor, "message.handle", agency=agency):
        raise PermissionDenied
    if channel not in MessageChannel.values or channel == MessageChannel.ONLINE:
        raise ValidationError({"channel": [_("Choose how the letter came in.")]})
    now = timezone.now()
    received_at = received_at or now
    if received_at > now:
        raise ValidationError({"received_at": [_("The time of receipt lies in the future.")]})
    mailbox = mailbox or mailbox_for_agency(agency)
    if mailbox.agency_id != agency.pk:
        raise ValidationError({"mailbox": [_("Choose a mailbox of this agency.")]})
    cleaned = clean_message_data(data, phone_required=phone_required)
    files = check_attachments(attachments)
    return _create(
        mailbox=mailbox,
        cleaned=cleaned,
        channel=channel,
        now=received_at,
        received_on=timezone.localdate(received_at),
        files=files,
        actor=actor,
    )
