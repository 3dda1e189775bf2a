"""The contents of an application (Art. 29), checked and normalised: the one validation that
the public form, the staff registration and the API share (``clean_application_data``).

What is checked: the applicant (name; for an organisation its contact person and unified
social credit code; for a natural person a personal document, a resident ID number with its
province code, date of birth and check digit), at least one way to reach the applicant, the
information sought, the form and delivery wanted, and the lengths the model allows. Each
problem is named in words next to its field. Nothing here reads or writes the database; the
``services.intake`` module re-exports these names.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.credit_code import normalize as normalize_credit_code
from gongkai.agencies.credit_code import validate_credit_code
from gongkai.applications.models import (
    ApplicantKind,
    Application,
    DeliveryWanted,
    FormWanted,
    IdType,
)
from gongkai.catalog.privacy import ID_CHECK_CHARS, ID_WEIGHTS, PROVINCE_CODES, is_valid_id_number

__all__ = [
    "APPLICATION_FIELDS",
    "clean_application_data",
    "normalize_phone",
    "resident_id_problem",
]

# The fields an application form fills in (the model's names).
APPLICATION_FIELDS = (
    "applicant_kind",
    "applicant_name",
    "id_type",
    "id_number",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "info_title",
    "info_doc_number",
    "info_description",
    "purpose",
    "form_wanted",
    "delivery_wanted",
)

_MOBILE_RE = re.compile(r"^(?:\+?86)?(1[3-9]\d{9})$")
_LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$")
_POSTCODE_RE = re.compile(r"^\d{6}$")
_ORGANIZATION_KINDS = frozenset(ApplicantKind.values) - {ApplicantKind.NATURAL_PERSON}


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return unicodedata.normalize("NFKC", str(value)).strip() if value is not None else ""


def resident_id_problem(number: str, *, today: dt.date | None = None) -> str | None:
    """What is wrong with a resident ID number, in words, or None when it is valid."""
    s = number.upper()
    if len(s) == 15 and s.isdigit():
        return _(
            "First-generation 15-digit identity cards are no longer valid; "
            "please enter the 18-character number of your current card."
        )
    if len(s) != 18:
        return _("A resident identity card number has 18 characters; this one has %(n)d.") % {
            "n": len(s)
        }
    if not (s[:17].isdigit() and s.isascii() and (s[17].isdigit() or s[17] == "X")):
        return _(
            "A resident identity card number consists of 17 digits followed by a digit or the letter X."
        )
    if int(s[:2]) not in PROVINCE_CODES:
        return _(
            "The number begins with “%(code)s”, which is not a province code: please check the first digits."
        ) % {"code": s[:2]}
    try:
        born = dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        born = None
    if born is None or born.year < 1900 or born > (today or timezone.localdate()):
        return _(
            "The date of birth in the number (digits 7 to 14, “%(digits)s”) is not a valid date."
        ) % {"digits": s[6:14]}
    total = sum(int(c) * w for c, w in zip(s[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK_CHARS[total % 11] != s[17]:
        return _(
            "The check digit (the last character) of this resident identity card number does "
            "not match the other digits. Please check the number for typing errors."
        )
    if not is_valid_id_number(s, today=today):  # the one definition of a valid number
        return _("This is not a valid resident identity card number.")
    return None


def normalize_phone(phone: str) -> str:
    """Digits, ``+`` and ``-`` only (spaces and full-width characters removed)."""
    return re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", phone or ""))


def clean_application_data(
    data: Mapping[str, Any], *, today: dt.date | None = None
) -> dict[str, str]:
    """The contents of an application (Art. 29) checked and normalised.

    Returns a dict with every name in ``APPLICATION_FIELDS``. Raises ``ValidationError`` with
    a dict {field: [messages]} naming each problem in words (in the active language).
    Reads and writes nothing.
    """
    c = {name: _text(data, name) for name in APPLICATION_FIELDS}
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    # 1. The applicant: name, proof of identity, contact details.
    if c["applicant_kind"] not in ApplicantKind.values:
        error(
            "applicant_kind", _("Choose whether you apply as a natural person or an organisation.")
        )
    organization = c["applicant_kind"] in _ORGANIZATION_KINDS
    if not c["applicant_name"]:
        error(
            "applicant_name",
            _("Enter the organisation's full name.") if organization else _("Enter your name."),
        )
    if organization:
        c["id_type"] = IdType.CREDIT_CODE
        if not c["contact_person"]:
            error("contact_person", _("Enter the name of the organisation's contact person."))
    elif c["id_type"] == IdType.CREDIT_CODE:
        error(
            "id_type",
            _(
                "A natural person proves his or her identity with a personal document, not a unified social credit code."
            ),
        )
    elif c["id_type"] not in IdType.values:
        error("id_type", _("Choose the type of your identity document."))

    number = re.sub(r"[\s-]", "", c["id_number"]).upper()
    c["id_number"] = number
    if not number:
        error(
            "id_number",
            _("Enter the organisation's unified social credit code.")
            if organization
            else _("Enter the number of your identity document."),
        )
    elif c["id_type"] == IdType.CREDIT_CODE:
        c["id_number"] = normalize_credit_code(number)
        try:
            validate_credit_code(c["id_number"])
        except ValidationError as e:
            for message in e.messages:
                error("id_number", message)
    elif c["id_type"] == IdType.RESIDENT_ID:
        problem = resident_id_problem(number, today=today)
        if problem:
            error("id_number", problem)
    elif not re.fullmatch(r"[0-9A-Z]{5,40}", number):
        error("id_number", _("A document number consists of 5 to 40 letters and digits."))

    phone = normalize_phone(c["phone"])
    c["phone"] = phone
    if phone:
        mobile = _MOBILE_RE.match(phone.replace("-", ""))
        if mobile:
            c["phone"] = mobile.group(1)
        elif phone.replace("-", "").lstrip("+").startswith(("1", "861")):
            error(
                "phone",
                _("A mobile number has 11 digits and begins with 13 to 19, e.g. 13812345678."),
            )
        elif not _LANDLINE_RE.match(phone):
            error(
                "phone",
                _(
                    "Enter a mobile number (11 digits) or a landline number with its area code, e.g. 0579-80000000."
                ),
            )
    c["email"] = c["email"].lower() if "@" in c["email"] else c["email"]
    if c["email"]:
        try:
            validate_email(c["email"])
        except ValidationError:
            error("email", _("Enter a valid e-mail address, e.g. name@example.com."))
    if c["postcode"] and not _POSTCODE_RE.match(c["postcode"]):
        error("postcode", _("A postcode has six digits."))
    if not (c["phone"] or c["email"] or c["address"]):
        error(
            "phone",
            _(
                "Give at least one way to reach you: a phone number, an e-mail address or a postal address."
            ),
        )

    # 2. The information sought.
    if not c["info_title"]:
        error(
            "info_title",
            _("Describe the information you are asking for: its title, or what it is about."),
        )

    # 3. Form and delivery.
    if c["form_wanted"] not in FormWanted.values:
        error("form_wanted", _("Choose the form in which you want the information."))
    if c["delivery_wanted"] not in DeliveryWanted.values:
        error("delivery_wanted", _("Choose how you want to receive the information."))
    if c["delivery_wanted"] == DeliveryWanted.POST and not c["address"]:
        error("address", _("You asked for delivery by post: enter your postal address."))
    wants_email = (
        DeliveryWanted.EMAIL == c["delivery_wanted"] or c["form_wanted"] == FormWanted.EMAIL
    )
    if wants_email and not c["email"]:
        error("email", _("You asked for the information by e-mail: enter your e-mail address."))

    # Lengths the model allows (a form shows them too; a direct caller meets them here).
    for name in APPLICATION_FIELDS:
        field = Application._meta.get_field(name)
        if field.max_length and len(c[name]) > field.max_length:
            error(
                name,
                _("At most %(max)d characters (this has %(n)d).")
                % {"max": field.max_length, "n": len(c[name])},
            )
    if errors:
        raise ValidationError(errors)
    return c
