"""Opaque pagination cursors.

A cursor is URL-safe base64 of a small JSON object. Two kinds exist:

- keyset (date order, no query): the (published_date, id) of the last item of the page; the
  next page starts strictly after it, so a page costs the same however deep it is and a
  newly published item never shifts what a client is walking through;
- offset (full-text search): the position in the search engine's result list, which is the
  only way to page through relevance order.

A cursor of the wrong kind or a forged one is refused with ``InvalidCursor``.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass


class InvalidCursor(ValueError):
    pass


@dataclass(frozen=True)
class Keyset:
    published_date: dt.date
    id: int


@dataclass(frozen=True)
class Offset:
    offset: int


def _pack(data: dict) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unpack(cursor: str) -> dict:
    if not cursor or len(cursor) > 200:
        raise InvalidCursor(cursor)
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        data = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor(cursor) from exc
    if not isinstance(data, dict):
        raise InvalidCursor(cursor)
    return data


def encode(position: Keyset | Offset) -> str:
    if isinstance(position, Keyset):
        return _pack({"d": position.published_date.isoformat(), "i": position.id})
    return _pack({"o": position.offset})


def decode_keyset(cursor: str) -> Keyset:
    data = _unpack(cursor)
    date, pk = data.get("d"), data.get("i")
    if set(data) != {"d", "i"} or not isinstance(date, str) or type(pk) is not int or pk < 1:
        raise InvalidCursor(cursor)
    try:
        return Keyset(dt.date.fromisoformat(date), pk)
    except ValueError as exc:
        raise InvalidCursor(cursor) from exc


def decode_offset(cursor: str) -> Offset:
    data = _unpack(cursor)
    offset = data.get("o")
    if set(data) != {"o"} or type(offset) is not int or offset < 0:
        raise InvalidCursor(cursor)
    return Offset(offset)
