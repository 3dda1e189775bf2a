"""Pagination cursors: opaque, round-trip, and refused when forged or of the wrong kind."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.api import cursors


def test_keyset_round_trip_is_opaque_and_url_safe():
    position = cursors.Keyset(dt.date(2026, 3, 2), 12345)
    token = cursors.encode(position)
    assert "2026" not in token and "=" not in token and "/" not in token and "+" not in token
    assert cursors.decode_keyset(token) == position


def test_offset_round_trip():
    assert cursors.decode_offset(cursors.encode(cursors.Offset(40))) == cursors.Offset(40)


@pytest.mark.parametrize(
    "token",
    [
        "",
        "%%%",
        cursors._pack({"d": "2026-02-30", "i": 1}),
        cursors._pack({"d": "2026-02-03", "i": "1"}),
        cursors._pack({"d": "2026-02-03", "i": 0}),
        cursors._pack({"d": "2026-02-03", "i": True}),
        cursors._pack({"d": "2026-02-03", "i": 1, "x": 1}),
        cursors._pack({"o": 40}),
        "A" * 201,
    ],
)
def test_forged_keyset_cursors_are_refused(token):
    with pytest.raises(cursors.InvalidCursor):
        cursors.decode_keyset(token)


@pytest.mark.parametrize("data", [{"o": -1}, {"o": 1.5}, {"d": "2026-01-01", "i": 1}, []])
def test_forged_offset_cursors_are_refused(data):
    with pytest.raises(cursors.InvalidCursor):
        cursors.decode_offset(cursors._pack(data) if isinstance(data, dict) else "W10")
