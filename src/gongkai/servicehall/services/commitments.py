"""Service commitments (服务承诺): kept by the agency's 机关管理员 (``commitment.manage``)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.audit.services import diff, record_event, snapshot
from gongkai.servicehall.models import STANDARD_KINDS, Commitment, CommitmentKind
from gongkai.services.models import LimitUnit, Matter

from ._common import ServiceHallError, public_text_errors, require, strip

FIELDS = ("kind", "title", "text", "limit_value", "limit_unit", "limit_note", "is_active")
SNAPSHOT = (*FIELDS, "sort_order")


def _clean(agency, values: dict[str, Any], *, exclude: int | None = None) -> dict[str, Any]:
    data = dict(values)
    for key in ("title", "text", "limit_note"):
        data[key] = strip(data.get(key))
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if kind not in CommitmentKind.values:
        errors["kind"] = [_("Choose the kind of commitment.")]
    if not data["title"] and kind in STANDARD_KINDS:
        with translation.override(settings.LANGUAGE_CODE):  # stored in the site's language
            data["title"] = str(CommitmentKind(kind).label)
    if not data["title"]:
        errors["title"] = [_("Give the commitment a title.")]
    elif len(data["title"]) > 100:
        errors["title"] = [_("At most %(n)d characters, please.") % {"n": 100}]
    if not data["text"]:
        errors["text"] = [_("Say what the agency promises.")]
    if len(data["limit_note"]) > 200:
        errors["limit_note"] = [_("At most %(n)d characters, please.") % {"n": 200}]
    limit = data.get("limit_value")
    if limit is not None and not (0 < int(limit) <= 365):
        errors["limit_value"] = [_("A promised limit is between 1 and 365 days.")]
    if data.get("limit_unit") not in LimitUnit.values:
        data["limit_unit"] = LimitUnit.WORKING_DAYS
    if kind in STANDARD_KINDS:
        taken = Commitment.objects.filter(agency=agency, kind=kind).exclude(pk=exclude)
        if taken.exists():
            errors["kind"] = [
                _("This agency already has its “%(kind)s” commitment: change that one.")
                % {"kind": CommitmentKind(kind).label}
            ]
    for field, messages in public_text_errors(
        {"title": data["title"], "text": data["text"], "limit_note": data["limit_note"]}
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise ServiceHallError(errors)
    return data


def _set_matters(commitment: Commitment, matters: Iterable[Matter] | None) -> None:
    if matters is None:
        return
    matters = list(matters)
    if any(m.agency_id != commitment.agency_id for m in matters):
        raise ServiceHallError({"matters": [_("Choose matters of the same agency.")]})
    commitment.matters.set(matters)


@transaction.atomic
def commitment_create(
    *,
    actor,
    agency,
    kind: str,
    title: str = "",
    text: str,
    limit_value: int | None = None,
    limit_unit: str = LimitUnit.WORKING_DAYS,
    limit_note: str = "",
    matters: Iterable[Matter] = (),
    is_active: bool = True,
    sort_order: int = 100,
) -> Commitment:
    """A new commitment of ``agency`` (public at once when ``is_active``). At most one of each
    standard kind per agency. Event ``commitment.create``."""
    require(actor, "commitment.manage", agency)
    data = _clean(
        agency,
        {
            "kind": kind,
            "title": title,
            "text": text,
            "limit_value": limit_value,
            "limit_unit": limit_unit,
            "limit_note": limit_note,
        },
    )
    try:
        with transaction.atomic():
            commitment = Commitment.objects.create(
                agency=agency,
                created_by=actor,
                is_active=is_active,
                sort_order=sort_order,
                **{key: data[key] for key in FIELDS if key in data},
            )
    except IntegrityError:  # two people adding the same standard kind at the same time
        raise ServiceHallError({"kind": [_("This agency already has this commitment.")]}) from None
    _set_matters(commitment, matters)
    record_event(
        actor=actor,
        action="commitment.create",
        obj=commitment,
        data={"kind": commitment.kind, "matters": [m.pk for m in commitment.matters.all()]},
    )
    return commitment


@transaction.atomic
def commitment_update(
    *, actor, commitment: Commitment, matters: Iterable[Matter] | None = None, **fields
) -> Commitment:
    """Change a commitment (any of its fields; ``matters`` replaces the linked matters).
    Event ``commitment.update`` with the changes."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    require(actor, "commitment.manage", commitment.agency)
    unknown = set(fields) - set(SNAPSHOT)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    before = snapshot(commitment, list(SNAPSHOT))
    values = {key: getattr(commitment, key) for key in SNAPSHOT} | fields
    data = _clean(commitment.agency, values, exclude=commitment.pk)
    for key in SNAPSHOT:
        setattr(commitment, key, data[key] if key in data else values[key])
    commitment.save()
    old_matters = sorted(commitment.matters.values_list("pk", flat=True))
    _set_matters(commitment, matters)
    changes = diff(before, snapshot(commitment, list(SNAPSHOT)))
    new_matters = sorted(commitment.matters.values_list("pk", flat=True))
    if new_matters != old_matters:
        changes["matters"] = [old_matters, new_matters]
    record_event(actor=actor, action="commitment.update", obj=commitment, data=changes)
    return commitment


@transaction.atomic
def commitment_delete(*, actor, commitment: Commitment) -> None:
    """Remove a commitment entered by mistake (one that no longer applies is better set
    not shown: its history stays). Event ``commitment.delete`` with what it said."""
    commitment = Commitment.objects.select_for_update().get(pk=commitment.pk)
    require(actor, "commitment.manage", commitment.agency)
    record_event(
        actor=actor,
        action="commitment.delete",
        obj=commitment,
        data={"kind": commitment.kind, "title": commitment.title, "text": commitment.text},
    )
    commitment.delete()
