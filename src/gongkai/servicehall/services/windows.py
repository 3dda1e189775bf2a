"""Service windows and the cards of the people at them (挂牌上岗), kept by the agency's
机关管理员 (``window.manage``)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import diff, record_event, snapshot
from gongkai.servicehall.models import Window, WindowStaff
from gongkai.servicehall.photos import checked_photo
from gongkai.services.models import Matter

from ._common import ServiceHallError, public_text_errors, require, strip

WINDOW_FIELDS = ("number", "name", "location", "is_active", "sort_order")
STAFF_FIELDS = (
    "window_id",
    "name",
    "staff_number",
    "post",
    "duties",
    "supervision_phone",
    "is_active",
    "sort_order",
)
PHONE_RE = re.compile(r"^[0-9０-９+()（）\- ]{5,30}$")
LIMITS = {"number": 20, "name": 100, "location": 200}
STAFF_LIMITS = {"name": 50, "staff_number": 20, "post": 100, "supervision_phone": 50}


def _too_long(data: dict[str, Any], limits: dict[str, int], errors: dict[str, list[str]]) -> None:
    for key, limit in limits.items():
        if len(data[key]) > limit:
            errors.setdefault(key, []).append(_("At most %(n)d characters, please.") % {"n": limit})


def _clean_window(agency, data: dict[str, Any], *, exclude: int | None = None) -> dict[str, Any]:
    for key in ("number", "name", "location"):
        data[key] = strip(data.get(key))
    errors: dict[str, list[str]] = {}
    if not data["number"]:
        errors["number"] = [_("Give the window's number, for example 3号窗口.")]
    elif Window.objects.filter(agency=agency, number=data["number"]).exclude(pk=exclude).exists():
        errors["number"] = [_("The agency already has a window with this number.")]
    if not data["name"]:
        errors["name"] = [_("Give the window's name.")]
    _too_long(data, LIMITS, errors)
    for field, messages in public_text_errors(
        {"name": data["name"], "location": data["location"]}
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ServiceHallError(errors)
    return data


def _set_matters(window: Window, matters: Iterable[Matter] | None) -> list[int] | None:
    if matters is None:
        return None
    matters = list(matters)
    if any(m.agency_id != window.agency_id for m in matters):
        raise ServiceHallError({"matters": [_("Choose matters of the same agency.")]})
    window.matters.set(matters)
    return sorted(m.pk for m in matters)


@transaction.atomic
def window_create(
    *,
    actor,
    agency,
    number: str,
    name: str,
    location: str = "",
    matters: Iterable[Matter] = (),
    is_active: bool = True,
    sort_order: int = 100,
) -> Window:
    """A new window of ``agency`` with the matters handled there. Event ``window.create``."""
    require(actor, "window.manage", agency)
    data = _clean_window(agency, {"number": number, "name": name, "location": location})
    window = Window.objects.create(
        agency=agency, is_active=is_active, sort_order=sort_order, **data
    )
    handled = _set_matters(window, matters)
    record_event(actor=actor, action="window.create", obj=window, data={"matters": handled})
    return window


@transaction.atomic
def window_update(
    *, actor, window: Window, matters: Iterable[Matter] | None = None, **fields
) -> Window:
    """Change a window; ``matters`` replaces the matters handled there. A window that closes
    (``is_active`` false) leaves the public page with its cards. Event ``window.update``."""
    window = Window.objects.select_for_update().get(pk=window.pk)
    require(actor, "window.manage", window.agency)
    unknown = set(fields) - set(WINDOW_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(window, list(WINDOW_FIELDS))
    data = _clean_window(
        window.agency,
        {key: getattr(window, key) for key in WINDOW_FIELDS} | fields,
        exclude=window.pk,
    )
    for key in WINDOW_FIELDS:
        setattr(window, key, data[key])
    window.save()
    old = sorted(window.matters.values_list("pk", flat=True))
    new = _set_matters(window, matters)
    changes = diff(before, snapshot(window, list(WINDOW_FIELDS)))
    if new is not None and new != old:
        changes["matters"] = [old, new]
    record_event(actor=actor, action="window.update", obj=window, data=changes)
    return window


def _clean_staff(agency, data: dict[str, Any]) -> dict[str, Any]:
    for key in ("name", "staff_number", "post", "duties", "supervision_phone"):
        data[key] = strip(data.get(key))
    errors: dict[str, list[str]] = {}
    window = Window.objects.filter(pk=data.get("window_id"), agency=agency).first()
    if window is None:
        errors["window"] = [_("Choose a window of the agency.")]
    if not data["name"]:
        errors["name"] = [_("Give the name shown on the card.")]
    if not data["post"]:
        errors["post"] = [_("Give the post, for example 综合受理员.")]
    if not data["duties"]:
        errors["duties"] = [_("Say what the person does at the window.")]
    if not data["supervision_phone"]:
        errors["supervision_phone"] = [_("Give the phone number for supervision and complaints.")]
    elif not PHONE_RE.match(data["supervision_phone"]):
        errors["supervision_phone"] = [_("Give a phone number, for example 0570-12345678.")]
    _too_long(data, STAFF_LIMITS, errors)
    for field, messages in public_text_errors(
        {key: data[key] for key in ("name", "staff_number", "post", "duties")}
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ServiceHallError(errors)
    return data


@transaction.atomic
def window_staff_create(
    *,
    actor,
    agency,
    window: Window,
    name: str,
    post: str,
    duties: str,
    supervision_phone: str,
    staff_number: str = "",
    photo=None,
    is_active: bool = True,
    sort_order: int = 100,
) -> WindowStaff:
    """A new card of a person at ``window`` (of ``agency``), public at once when
    ``is_active``. ``photo`` is an upload, stored as a checked, re-encoded copy
    (``photos.checked_photo``). Event ``window_staff.create``."""
    require(actor, "window.manage", agency)
    data = _clean_staff(
        agency,
        {
            "window_id": window.pk if window else None,
            "name": name,
            "staff_number": staff_number,
            "post": post,
            "duties": duties,
            "supervision_phone": supervision_phone,
        },
    )
    stored = checked_photo(photo) if photo is not None else None
    card = WindowStaff(agency=agency, is_active=is_active, sort_order=sort_order, **data)
    if stored is not None:
        card.photo.save(stored.name, stored, save=False)
    card.save()
    record_event(
        actor=actor,
        action="window_staff.create",
        obj=card,
        data={"window": card.window_id, "photo": bool(card.photo)},
    )
    return card


@transaction.atomic
def window_staff_update(
    *, actor, card: WindowStaff, photo=None, remove_photo: bool = False, **fields
) -> WindowStaff:
    """Change a card: any field, ``window`` to move the person, a new ``photo`` upload or
    ``remove_photo``. Event ``window_staff.update`` with the changes."""
    card = WindowStaff.objects.select_for_update().get(pk=card.pk)
    require(actor, "window.manage", card.agency)
    if "window" in fields:
        window = fields.pop("window")
        fields["window_id"] = window.pk if window else None
    unknown = set(fields) - set(STAFF_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(card, list(STAFF_FIELDS))
    data = _clean_staff(card.agency, {key: getattr(card, key) for key in STAFF_FIELDS} | fields)
    stored = checked_photo(photo) if photo is not None else None
    for key in STAFF_FIELDS:
        setattr(card, key, data[key])
    old_photo = card.photo.name
    if stored is not None:
        card.photo.save(stored.name, stored, save=False)
    elif remove_photo:
        card.photo = ""
    card.save()
    changes = diff(before, snapshot(card, list(STAFF_FIELDS)))
    if card.photo.name != old_photo:
        changes["photo"] = [bool(old_photo), bool(card.photo)]
    record_event(actor=actor, action="window_staff.update", obj=card, data=changes)
    return card
