from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from gongkai.accounts.permissions import can
from gongkai.audit.services import diff, record_event, snapshot
from gongkai.catalog.models import Guide

EDITABLE = (
    "introduction",
    "proactive_text",
    "on_request_text",
    "fees_text",
    "remedies_text",
    "reconsideration_body",
    "court",
)


@transaction.atomic
def guide_update(*, actor, guide: Guide, **fields) -> Guide:
    """Change the editable text of an agency's disclosure guide; audited with a diff."""
    if not can(actor, "guide.change", agency=guide.agency):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    before = snapshot(guide, list(EDITABLE))
    for name, value in fields.items():
        setattr(guide, name, value)
    guide.full_clean()
    guide.save()
    record_event(
        actor=actor,
        action="guide.update",
        obj=guide,
        agency=guide.agency,
        data={"changes": diff(before, snapshot(guide, list(EDITABLE)))},
    )
    return guide
