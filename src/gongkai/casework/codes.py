"""Query codes (查询码) and case numbers as the public types them, for anonymous tracking.

Used by ``applications`` (依申请公开) and ``interaction`` (来信): a case gets a number and a
query code; the code is shown once and stored only as ``hash_query_code`` (HMAC-SHA256 keyed
with ``SECRET_KEY`` through ``salted_hmac`` and a salt per app), so the database alone cannot
reveal it and a code only opens the case it was made for. ``find_by_number_and_code`` is the
lookup of the public tracking pages: an unknown number and a wrong code give the same None
after the same work.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.db.models import Model, QuerySet
from django.utils.crypto import constant_time_compare, salted_hmac

# No look-alikes: no 0/O, 1/I/L.
QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8
NUMBER_MAX_LENGTH = 40  # longer input is cut before the lookup
_NO_HASH = "0" * 64


def new_query_code() -> str:
    """A fresh query code drawn with ``secrets``."""
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))


def normalize_query_code(code: str) -> str:
    """As typed: case, spaces, hyphens and full-width characters do not matter."""
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", code or "")).upper()


def normalize_number(number: str) -> str:
    """A case number as typed: spaces and full-width characters removed, upper case."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", number or "")).upper()


def hash_query_code(number: str, code: str, *, salt: str) -> str:
    """The stored form of a query code: an HMAC (SHA-256, keyed with SECRET_KEY and
    ``salt``) of number and code, 64 hex characters."""
    value = f"{number}\x1f{normalize_query_code(code)}"
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()


def find_by_number_and_code(
    queryset: QuerySet, number: str, code: str, *, salt: str
) -> Model | None:
    """The row of ``queryset`` with this ``number`` if ``code`` is its query code, else None.

    The same None for an unknown number and for a wrong code, after the same work (a hash and
    a constant-time comparison), so neither answer nor timing tells them apart. The queryset
    says which rows qualify (e.g. not imported ones); its model has the fields ``number`` and
    ``query_code_hash``.
    """
    number = normalize_number(number)[:NUMBER_MAX_LENGTH]
    obj = queryset.filter(number=number).first() if number else None
    stored = obj.query_code_hash if obj is not None else _NO_HASH
    matches = constant_time_compare(hash_query_code(number, code, salt=salt), stored)
    return obj if obj is not None and matches else None
