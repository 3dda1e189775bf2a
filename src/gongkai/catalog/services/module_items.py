"""Items that another module writes for the catalog (e.g. a published annual report).

The other module's service has already checked its own permission (``report.prepare``); the
item it hands over then takes the catalog's normal road: the privacy and secrecy check runs and
a 审核员 approves and publishes it, or returns it.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.audit.services import record_event
from gongkai.catalog.models import Category, FindingDecision, Item, ItemStatus
from gongkai.catalog.services.items import (
    WorkflowError,
    _apply_fields,
    _locked,
    _rescan,
    _store_attachment,
    _texts,
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
    fixed_phrases: tuple[str, ...] = (),
) -> Item:
    """Create (or, when it was returned, refresh) ``item`` with this text and these files and
    submit it for review. ``source`` names the module in the audit event (e.g. "report").

    ``fixed_phrases`` are wordings an official format prescribes (the annual report's row
    “1.属于国家秘密”): a sensitive word found *only* inside them is recorded as allowed, with
    that reason, instead of waiting for the reviewer; the same word anywhere else in the text
    or the files still stops the item."""
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
    allowed = _allow_fixed_phrases(item, findings, fixed_phrases) if fixed_phrases else 0
    record_event(
        actor=actor,
        action="item.submit_from_module",
        obj=item,
        data={
            "source": source,
            "title": item.title,
            "findings": len(findings),
            "allowed_fixed_phrases": allowed,
        },
    )
    return item


def _allow_fixed_phrases(item: Item, findings, phrases: tuple[str, ...]) -> int:
    texts = _texts(item)
    rest = {}
    for location, text in texts.items():
        for phrase in phrases:
            text = text.replace(phrase, "")
        rest[location] = text.casefold()
    allowed = 0
    for finding in findings:
        if finding.kind != "word" or finding.decision != FindingDecision.PENDING:
            continue
        word = finding.masked.casefold()
        if any(word in text for text in rest.values()):
            continue
        used = "、".join(f"“{p}”" for p in phrases if word in p.casefold())
        finding.decision = FindingDecision.ALLOWED
        finding.reason = _("Only in the wording the official format prescribes: %(phrases)s") % {
            "phrases": used
        }
        finding.decided_at = timezone.now()
        finding.save(update_fields=["decision", "reason", "decided_at"])
        allowed += 1
    return allowed
