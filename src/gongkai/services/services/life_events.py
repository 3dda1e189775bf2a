"""Life events (人生事件: 出生, 上学, 就业, 开办企业 …), the topics of the service directory.

The list is kept by whoever may change the directory data of its owning agency
("agency.change": the 公开办, which supervises the agencies below, and the agency's
机关管理员); it normally belongs to the county government and holds matters of every bureau.
A bureau's drafters ("service.draft") file their own matters under the events.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.audit.services import diff, record_event, snapshot
from gongkai.services.models import LifeEvent, Matter
from gongkai.services.search_provider import sync_search
from gongkai.services.services.common import require

EVENT_FIELDS = (
    "name",
    "slug",
    "description",
    "for_natural_persons",
    "for_organizations",
    "sort_order",
    "is_active",
)
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _apply(event: LifeEvent, fields: dict) -> None:
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise TypeError(f"Not a life event field: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("name", "slug", "description"):
            value = (value or "").strip()
        setattr(event, name, value)
    errors: dict[str, list[str]] = {}
    if not event.name:
        errors["name"] = [_("Enter the name of the life event.")]
    if not _SLUG_RE.match(event.slug or ""):
        errors["slug"] = [
            _(
                "The address is lowercase letters, digits and hyphens, e.g. “birth” or “start-a-business”."
            )
        ]
    elif LifeEvent.objects.filter(slug=event.slug).exclude(pk=event.pk).exists():
        errors["slug"] = [_("Another life event already has this address.")]
    if not (event.for_natural_persons or event.for_organizations):
        errors["for_natural_persons"] = [
            _("Say whether it is for natural persons, legal persons or both.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def life_event_create(*, actor, agency, **fields) -> LifeEvent:
    require(actor, "agency.change", agency)
    event = LifeEvent(agency=agency)
    _apply(event, fields)
    event.save()
    record_event(
        actor=actor, action="service.life_event_create", obj=event, data={"name": event.name}
    )
    return event


@transaction.atomic
def life_event_update(*, actor, event: LifeEvent, matters=None, **fields) -> LifeEvent:
    """Change the event; ``matters`` (when given) replaces the matters filed under it."""
    event = LifeEvent.objects.select_for_update().select_related("agency").get(pk=event.pk)
    require(actor, "agency.change", event.agency)
    before = snapshot(event, list(EVENT_FIELDS))
    _apply(event, fields)
    event.save()
    data = {"changes": diff(before, snapshot(event, list(EVENT_FIELDS)))}
    old = set(event.matters.values_list("pk", flat=True))
    touched = set(old) if data["changes"] else set()
    if matters is not None:
        new = {m.pk for m in matters}
        event.matters.set(new)
        data["added"] = sorted(new - old)
        data["removed"] = sorted(old - new)
        touched |= old ^ new
    record_event(actor=actor, action="service.life_event_update", obj=event, data=data)
    _reindex(touched)
    return event


def _reindex(matter_ids) -> None:
    """The search entry of a matter holds the names of its life events."""
    for matter in Matter.objects.filter(pk__in=matter_ids):
        sync_search(matter)


def _set_events(*, actor, matter: Matter, events) -> None:
    old = set(matter.life_events.values_list("pk", flat=True))
    new = {e.pk for e in events}
    if old == new:
        return
    matter.life_events.set(new)
    sync_search(matter)
    record_event(
        actor=actor,
        action="service.matter_life_events",
        obj=matter,
        data={"added": sorted(new - old), "removed": sorted(old - new)},
    )


@transaction.atomic
def matter_set_life_events(*, actor, matter: Matter, events) -> Matter:
    """File ``matter`` under exactly ``events`` (by its drafters; a classification, not part
    of the reviewed guide, so it applies at once)."""
    if not (
        can(actor, "service.draft", agency=matter.agency)
        or can(actor, "agency.change", agency=matter.agency)
    ):
        raise PermissionDenied
    events = list(events)
    if any(not e.is_active for e in events):
        raise ValidationError({"life_events": [_("Choose life events that are shown.")]})
    _set_events(actor=actor, matter=matter, events=events)
    return matter
