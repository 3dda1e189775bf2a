"""Clock jobs of the catalog (registered with ``gongkai tick``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.catalog.models import Item, ItemStatus
from gongkai.catalog.services.items import item_publish_due
from gongkai.catalog.timeliness import publish_due_date


def publish_scheduled(now: dt.datetime) -> str:
    return f"published {item_publish_due(now=now)}"


def refresh_due_dates(now: dt.datetime) -> str:
    """Recompute the publish-by date of every unpublished item from the current calendar: an
    item whose date could not be computed (next year's calendar missing) gets one, and an
    edit of the calendar moves the others. Published items keep their dates and late flag."""
    changed = 0
    pending = Item.objects.filter(formed_on__isnull=False).exclude(
        status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN]
    )
    for pk, formed_on, due_date in pending.values_list("pk", "formed_on", "due_date").iterator():
        due = publish_due_date(formed_on)
        if due != due_date:
            with transaction.atomic():
                Item.objects.filter(pk=pk).update(due_date=due)
            changed += 1
    return f"due dates changed {changed}"
