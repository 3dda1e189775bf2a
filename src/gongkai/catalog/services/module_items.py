"""Items that another module writes for the catalog (e.g. a published annual report).

The other module's service has already checked its own permission (``report.prepare``); the
item it hands over then takes the catalog's normal road: the privacy and secrecy check runs and
a 审核员 approves and publishes it, or returns it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.catalog.models import Category, Item, ItemStatus
from gongkai.catalog.services.items import (
    WorkflowError,
    _apply_fields,
    _locked,
    _rescan,
    _store_attachment,
)


@transaction.atomic
def item_submit_from_module(
    *,
    actor,
    agency: Agency,
    category_code: str,
    title: str,
    body_html: str,
    files: list[tuple[str, bytes]],
    formed_on: dt.date | None = None,
    summary: str = "",
    item: Item | None = None,
    source: str,
) -> Item:
    """Create (or, when it was returned, refresh) ``item`` with this text and these files and
    submit it for review. ``source`` names the module in the audit event (e.g. "report")."""
    from gongkai.catalog.services.categories import catalog_create_from_template

    catalog_create_from_template(actor=None, agency=agency)
    category = Category.objects.get(agency=agency, code=category_code)
    if item is None:
        item = Item(agency=agency, category=category, title=title[:300], created_by=actor)
    else:
        item = _locked(item)
        if item.status not in (ItemStatus.DRAFT, ItemStatus.RETURNED):
            raise WorkflowError(
                _("This item is in review or published; it cannot be submitted again."),
                code="bad_transition",
            )
        item.title = title[:300]
    _apply_fields(
        item,
        {
            "category": category,
            "body_html": body_html,
            "summary": summary,
            "formed_on": formed_on,
        },
    )
    item.full_clean(exclude=["index_number"])
    item.status = ItemStatus.SUBMITTED
    item.save()
    item.publishers.set([agency.pk])
    for attachment in list(item.attachments.all()):
        attachment.file.delete(save=False)
        attachment.delete()
    for name, content in files:
        _store_attachment(item, content, name)
    findings = _rescan(item)
    record_event(
        actor=actor,
        action="item.submit_from_module",
        obj=item,
        data={"source": source, "title": item.title, "findings": len(findings)},
    )
    return item
