"""The life of an item: draft → submitted → returned | approved → published → revised → withdrawn.

Each function checks the actor's permission with the one rule of ``accounts.permissions``,
refuses an illegal transition with ``WorkflowError`` (a translated message), runs in one
transaction, writes its audit event in that transaction and keeps the search index in step
(an item is in the index exactly while it is published and 主动公开).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can
from gongkai.agencies.models import Agency
from gongkai.audit.services import diff, record_event, snapshot
from gongkai.catalog import followers, privacy
from gongkai.catalog.doc_numbers import validate_doc_number
from gongkai.catalog.html import sanitize, text_to_html, to_text
from gongkai.catalog.models import (
    Attachment,
    Category,
    DisclosureAttribute,
    FindingDecision,
    Item,
    ItemStatus,
    ItemVersion,
    ReviewFinding,
    Validity,
)
from gongkai.catalog.services.numbering import allocate_index_number
from gongkai.catalog.timeliness import publish_due_date

EDITABLE_FIELDS = (
    "title",
    "doc_number",
    "written_date",
    "subject",
    "keywords",
    "summary",
    "validity",
    "validity_changed_on",
    "formed_on",
    "body_html",
    "disclosure_attribute",
    "category",
)


class WorkflowError(ValidationError):
    """An action that the item's state does not allow (e.g. publishing a draft)."""


def _require(actor, action: str, item: Item) -> None:
    if not can(actor, action, agency=item.agency):
        raise PermissionDenied


def _require_status(item: Item, allowed: Iterable[str], doing: str) -> None:
    if item.status not in allowed:
        raise WorkflowError(
            _("This item is “%(status)s”; it cannot be %(doing)s now.")
            % {"status": item.get_status_display(), "doing": doing},
            code="bad_transition",
        )


def _locked(item: Item) -> Item:
    """Re-read the item with a row lock (PostgreSQL) so two reviewers cannot race."""
    return Item.objects.select_for_update().select_related("agency", "category").get(pk=item.pk)


def _apply_fields(item: Item, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"publishers", "interprets", "replaced_by"}
    if unknown:
        raise TypeError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        if name in {"publishers", "interprets"}:
            continue
        if name == "body_html":
            value = sanitize(value)
            item.body_text = to_text(value)
        setattr(item, name, value)
    if "category" in fields:
        item.section = _section_of(item.category)
    if item.doc_number:
        item.doc_number = item.doc_number.strip()
        validate_doc_number(item.doc_number)
    item.due_date = publish_due_date(item.formed_on) if item.formed_on else None


def _section_of(category: Category) -> str:
    node = category
    while node.parent_id is not None:
        node = node.parent
    return node.code or ""


def _check_category(item: Item) -> None:
    if item.category.agency_id != item.agency_id:
        raise ValidationError(
            {"category": _("Choose a category of this agency's own catalog.")},
            code="category_agency",
        )


def _set_relations(item: Item, fields: dict[str, Any]) -> None:
    if "publishers" in fields:
        publishers = {a.pk for a in fields["publishers"] or []} | {item.agency_id}
        item.publishers.set(publishers)
    elif not item.publishers.exists():
        item.publishers.set([item.agency_id])
    if "interprets" in fields:
        item.interprets.set(fields["interprets"] or [])


# --- drafting -------------------------------------------------------------------------


@transaction.atomic
def item_create(*, actor, agency: Agency, category: Category, title: str, **fields) -> Item:
    """A new draft of ``agency`` written by a 信息员 (or anyone who may draft there)."""
    if not can(actor, "item.draft", agency=agency):
        raise PermissionDenied
    item = Item(agency=agency, category=category, title=title, created_by=actor)
    _apply_fields(item, {"category": category, **fields})
    _check_category(item)
    item.full_clean(exclude=["index_number"])
    item.save()
    _set_relations(item, fields)
    record_event(actor=actor, action="item.create", obj=item, data={"title": item.title})
    return item


@transaction.atomic
def item_update(*, actor, item: Item, **fields) -> Item:
    """Change a draft (信息员) or an item under review (审核员 fixing findings)."""
    item = _locked(item)
    if item.status in (ItemStatus.DRAFT, ItemStatus.RETURNED):
        if not (
            can(actor, "item.draft", agency=item.agency)
            or can(actor, "item.review", agency=item.agency)
        ):
            raise PermissionDenied
    elif item.status == ItemStatus.SUBMITTED:
        _require(actor, "item.review", item)
    else:
        _require_status(
            item, (ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.SUBMITTED), _("edited")
        )
    before = snapshot(item, list(EDITABLE_FIELDS))
    _apply_fields(item, fields)
    _check_category(item)
    item.full_clean(exclude=["index_number"])
    item.save()
    _set_relations(item, fields)
    if item.status == ItemStatus.SUBMITTED:
        _rescan(item)
    record_event(
        actor=actor,
        action="item.update",
        obj=item,
        data={"changes": diff(before, snapshot(item, list(EDITABLE_FIELDS)))},
    )
    return item


@transaction.atomic
def item_attach(*, actor, item: Item, content: bytes, name: str) -> Attachment:
    """Add a file to an item that is still being drafted or reviewed. The type is checked by
    content (``files.check_upload``) and its text extracted for search and the privacy check."""
    item = _locked(item)
    if not (
        can(actor, "item.draft", agency=item.agency)
        or can(actor, "item.review", agency=item.agency)
    ):
        raise PermissionDenied
    _require_status(
        item, (ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.SUBMITTED), _("edited")
    )
    attachment = _store_attachment(item, content, name)
    if item.status == ItemStatus.SUBMITTED:
        _rescan(item)
    record_event(
        actor=actor,
        action="item.attach",
        obj=item,
        data={"file": name, "type": attachment.kind, "size": len(content)},
    )
    return attachment


def _store_attachment(item: Item, content: bytes, name: str) -> Attachment:
    """Check a file by its content, extract its text and store it as the item's attachment."""
    from io import BytesIO

    from django.conf import settings

    from gongkai.catalog import files

    max_bytes = int(getattr(settings, "GONGKAI_ATTACHMENT_MAX_MB", 50) * 1024 * 1024)
    try:
        kind = files.check_upload(BytesIO(content), name, max_bytes=max_bytes)
    except files.RejectedFile as exc:
        raise ValidationError(str(exc), code="attachment") from exc
    text = files.extract_text(BytesIO(content), kind)
    attachment = Attachment(
        item=item,
        name=name[:200],
        kind=kind.code,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        text=text,
        sort_order=(item.attachments.aggregate(m=Max("sort_order"))["m"] or 0) + 1,
    )
    attachment.file.save(name, ContentFile(content), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def item_detach(*, actor, attachment: Attachment) -> None:
    item = _locked(attachment.item)
    if not (
        can(actor, "item.draft", agency=item.agency)
        or can(actor, "item.review", agency=item.agency)
    ):
        raise PermissionDenied
    _require_status(
        item, (ItemStatus.DRAFT, ItemStatus.RETURNED, ItemStatus.SUBMITTED), _("edited")
    )
    name = attachment.name
    attachment.file.delete(save=False)
    attachment.delete()
    if item.status == ItemStatus.SUBMITTED:
        _rescan(item)
    record_event(actor=actor, action="item.detach", obj=item, data={"file": name})


# --- review ---------------------------------------------------------------------------


def _texts(item: Item) -> dict[str, str]:
    texts = {
        "title": item.title,
        "summary": item.summary,
        "body": item.body_text,
        "keywords": item.keywords,
    }
    for attachment in item.attachments.all():
        texts[f"attachment:{attachment.name}"] = attachment.text
    return {k: v for k, v in texts.items() if v}


def _rescan(item: Item) -> list[ReviewFinding]:
    """Run the privacy and secrecy check and reconcile the stored findings by fingerprint.

    A finding that is no longer in the text counts as fixed; a new one starts as pending.
    """
    found = privacy.scan(_texts(item))
    existing = {f.fingerprint: f for f in item.findings.all()}
    seen = set()
    for finding in found:
        if finding.fingerprint in seen:  # the same thing twice in one place: one finding
            continue
        seen.add(finding.fingerprint)
        stored = existing.get(finding.fingerprint)
        if stored is None:
            ReviewFinding.objects.create(
                item=item,
                fingerprint=finding.fingerprint,
                kind=finding.kind,
                location=finding.location[:220],
                masked=finding.masked[:200],
                message=str(finding.message)[:300],
            )
        elif not stored.still_present:
            stored.still_present = True
            if stored.decision == FindingDecision.FIXED:
                stored.decision = FindingDecision.PENDING
            stored.save(update_fields=["still_present", "decision"])
    for fingerprint, stored in existing.items():
        if fingerprint not in seen and stored.still_present:
            stored.still_present = False
            if stored.decision == FindingDecision.PENDING:
                stored.decision = FindingDecision.FIXED
            stored.save(update_fields=["still_present", "decision"])
    return list(item.findings.filter(still_present=True))


def open_findings(item: Item):
    return item.findings.filter(still_present=True).exclude(decision=FindingDecision.ALLOWED)


@transaction.atomic
def item_submit(*, actor, item: Item) -> Item:
    """信息员 sends a draft to review; the privacy check runs now."""
    item = _locked(item)
    _require(actor, "item.submit", item)
    _require_status(item, (ItemStatus.DRAFT, ItemStatus.RETURNED), _("submitted"))
    if not item.body_text and not item.attachments.exists():
        raise WorkflowError(
            _("Add the text or at least one attachment before submitting."), code="empty"
        )
    item.status = ItemStatus.SUBMITTED
    item.save(update_fields=["status", "updated_at"])
    findings = _rescan(item)
    record_event(actor=actor, action="item.submit", obj=item, data={"findings": len(findings)})
    return item


@transaction.atomic
def item_return(*, actor, item: Item, comment: str) -> Item:
    """审核员 sends the item back to the 信息员 with comments."""
    item = _locked(item)
    _require(actor, "item.review", item)
    _require_status(item, (ItemStatus.SUBMITTED, ItemStatus.APPROVED), _("returned"))
    if not (comment or "").strip():
        raise WorkflowError(
            _("Say what the information officer should change."), code="comment_required"
        )
    item.status = ItemStatus.RETURNED
    item.return_comment = comment.strip()
    item.publish_at = None
    item.save(update_fields=["status", "return_comment", "publish_at", "updated_at"])
    record_event(actor=actor, action="item.return", obj=item, data={"comment": item.return_comment})
    followers.item_changed(item)
    return item


@transaction.atomic
def finding_decide(*, actor, finding: ReviewFinding, reason: str) -> ReviewFinding:
    """The reviewer records why a finding may stay (a finding that is fixed disappears by itself
    when the text changes)."""
    item = _locked(finding.item)
    _require(actor, "item.review", item)
    _require_status(item, (ItemStatus.SUBMITTED,), _("reviewed"))
    if not (reason or "").strip():
        raise WorkflowError(_("Give the reason why this may be published."), code="reason_required")
    finding = ReviewFinding.objects.select_for_update().get(pk=finding.pk, item=item)
    finding.decision = FindingDecision.ALLOWED
    finding.reason = reason.strip()
    finding.decided_by = actor
    finding.decided_at = timezone.now()
    finding.save()
    record_event(
        actor=actor,
        action="item.finding_allowed",
        obj=item,
        data={
            "kind": finding.kind,
            "where": finding.location,
            "found": finding.masked,
            "reason": finding.reason,
        },
    )
    return finding


@transaction.atomic
def item_approve(
    *, actor, item: Item, publish_at: dt.datetime | None = None, now: dt.datetime | None = None
) -> Item:
    """审核员 approves: published at once, or at ``publish_at`` by ``gongkai tick``.

    Refused while any finding of the privacy check is neither fixed nor allowed with a reason.
    """
    now = now or timezone.now()
    item = _locked(item)
    _require(actor, "item.publish", item)
    _require_status(item, (ItemStatus.SUBMITTED,), _("approved"))
    _rescan(item)
    pending = open_findings(item).count()
    if pending:
        raise WorkflowError(
            _(
                "%(n)d finding(s) of the privacy and secrecy check still need a decision: fix the text or record why it may stay."
            )
            % {"n": pending},
            code="findings_open",
        )
    item.status = ItemStatus.APPROVED
    item.publish_at = publish_at if publish_at and publish_at > now else None
    item.save(update_fields=["status", "publish_at", "updated_at"])
    record_event(actor=actor, action="item.approve", obj=item, data={"publish_at": item.publish_at})
    if item.publish_at is None:
        _publish(actor=actor, item=item, now=now)
    return item


def _published_today(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date()


def _version_data(item: Item) -> dict[str, Any]:
    return version_data(
        **{name: getattr(item, name) for name in VERSIONED_FIELDS},
        category_name=item.category.name,
        attachments=item.attachments.all(),
    )


VERSIONED_FIELDS = (
    "title",
    "doc_number",
    "index_number",
    "written_date",
    "published_date",
    "subject",
    "keywords",
    "summary",
    "validity",
    "body_html",
)


def version_data(*, category_name: str, attachments, **values) -> dict[str, Any]:
    """What an ``ItemVersion`` keeps of a published item (``VERSIONED_FIELDS`` and the rest)."""
    written, published = values["written_date"], values["published_date"]
    return {
        "title": values["title"],
        "doc_number": values["doc_number"],
        "index_number": values["index_number"],
        "written_date": written.isoformat() if written else None,
        "published_date": published.isoformat() if published else None,
        "subject": values["subject"],
        "keywords": values["keywords"],
        "summary": values["summary"],
        "validity": values["validity"],
        "category": category_name,
        "body_html": values["body_html"],
        "attachments": [{"name": a.name, "sha256": a.sha256, "size": a.size} for a in attachments],
    }


def _publish(
    *, actor, item: Item, now: dt.datetime, published_date: dt.date | None = None, note: str = ""
) -> None:
    """Assign the 索引号, set the dates, keep the version, update the search index."""
    day = published_date or _published_today(now)
    serial, number = allocate_index_number(item.agency, day.year)
    item.index_year, item.index_serial, item.index_number = day.year, serial, number
    item.published_date = day
    item.published_at = now
    item.status = ItemStatus.PUBLISHED
    item.published_late = bool(item.due_date and day > item.due_date) if item.due_date else None
    item.version = 1
    item.save()
    ItemVersion.objects.create(
        item=item,
        number=1,
        published_at=now,
        published_by=actor,
        note=note,
        data=_version_data(item),
    )
    sync_search(item)
    record_event(
        actor=actor,
        action="item.publish",
        obj=item,
        data={"index_number": number, "published_date": day, "late": item.published_late},
    )
    followers.item_changed(item)


def item_publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish every approved item whose scheduled time has come (run by ``gongkai tick``).
    Each item in its own transaction; returns how many were published."""
    now = now or timezone.now()
    count = 0
    for pk in Item.objects.filter(status=ItemStatus.APPROVED, publish_at__lte=now).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            item = Item.objects.select_for_update().select_related("agency").get(pk=pk)
            if (
                item.status != ItemStatus.APPROVED
                or item.publish_at is None
                or item.publish_at > now
            ):
                continue
            _publish(actor=None, item=item, now=now)
            count += 1
    return count


@transaction.atomic
def item_publish_imported(
    *, item: Item, published_date: dt.date, now: dt.datetime | None = None
) -> Item:
    """Publish an imported item as of its own date (the index number joins that year's
    sequence). For ``gongkai import items`` only: the system is the actor."""
    item = _locked(item)
    _require_status(item, (ItemStatus.DRAFT,), _("published"))
    _publish(
        actor=None,
        item=item,
        now=now or timezone.now(),
        published_date=published_date,
        note="import",
    )
    return item


# --- after publication ----------------------------------------------------------------


@transaction.atomic
def item_revise(*, actor, item: Item, note: str, now: dt.datetime | None = None, **fields) -> Item:
    """审核员 corrects a published item. The previous version stays viewable by staff; the
    public sees a 'revised on' note. The privacy check must be clean for the new text."""
    now = now or timezone.now()
    item = _locked(item)
    _require(actor, "item.revise", item)
    _require_status(item, (ItemStatus.PUBLISHED,), _("revised"))
    if not (note or "").strip():
        raise WorkflowError(_("Say what was changed in this revision."), code="note_required")
    before = snapshot(item, list(EDITABLE_FIELDS))
    _apply_fields(item, fields)
    _check_category(item)
    item.full_clean()
    found = privacy.scan(_texts(item))
    allowed = set(
        item.findings.filter(decision=FindingDecision.ALLOWED).values_list("fingerprint", flat=True)
    )
    blocking = [f for f in found if f.fingerprint not in allowed]
    if blocking:
        raise WorkflowError(
            _(
                "The revised text contains %(what)s: remove it, or send the item through review again."
            )
            % {"what": "、".join(sorted({f.masked for f in blocking}))},
            code="findings_open",
        )
    item.version += 1
    item.revised_at = now
    item.save()
    _set_relations(item, fields)
    ItemVersion.objects.create(
        item=item,
        number=item.version,
        published_at=now,
        published_by=actor,
        note=note.strip(),
        data=_version_data(item),
    )
    sync_search(item)
    record_event(
        actor=actor,
        action="item.revise",
        obj=item,
        data={
            "note": note.strip(),
            "version": item.version,
            "changes": diff(before, snapshot(item, list(EDITABLE_FIELDS))),
        },
    )
    return item


@transaction.atomic
def item_set_validity(
    *, actor, item: Item, validity: str, changed_on: dt.date, replaced_by: Item | None = None
) -> Item:
    """Mark a published document 有效 / 失效 / 废止 (with the date and, when repealed, what replaced it)."""
    item = _locked(item)
    _require(actor, "item.revise", item)
    _require_status(item, (ItemStatus.PUBLISHED,), _("changed"))
    if validity not in Validity.values:
        raise WorkflowError(_("Unknown validity."), code="validity")
    if replaced_by is not None and (replaced_by.pk == item.pk or not replaced_by.is_public):
        raise WorkflowError(
            _("The replacing document must be another published item."), code="replaced_by"
        )
    before = {
        "validity": item.validity,
        "changed_on": item.validity_changed_on,
        "replaced_by": item.replaced_by_id,
    }
    item.validity = validity
    item.validity_changed_on = changed_on
    item.replaced_by = replaced_by if validity == Validity.REPEALED else None
    item.save(update_fields=["validity", "validity_changed_on", "replaced_by", "updated_at"])
    sync_search(item)
    record_event(
        actor=actor,
        action="item.validity",
        obj=item,
        data={
            "before": before,
            "validity": validity,
            "changed_on": changed_on,
            "replaced_by": replaced_by.pk if replaced_by else None,
        },
    )
    return item


@transaction.atomic
def item_withdraw(*, actor, item: Item, reason: str, now: dt.datetime | None = None) -> Item:
    """Take a published item off the site. Its URL then says it was withdrawn; it leaves the
    search index, the feeds, the sitemap and the API in this same transaction."""
    item = _locked(item)
    _require(actor, "item.withdraw", item)
    _require_status(item, (ItemStatus.PUBLISHED, ItemStatus.APPROVED), _("withdrawn"))
    if not (reason or "").strip():
        raise WorkflowError(_("Give the reason for withdrawing this item."), code="reason_required")
    was_published = item.status == ItemStatus.PUBLISHED
    item.status = ItemStatus.WITHDRAWN if was_published else ItemStatus.RETURNED
    item.withdrawn_at = (now or timezone.now()) if was_published else None
    item.withdraw_reason = reason.strip()
    if not was_published:
        # A scheduled item goes back to its officer, who must see why.
        item.return_comment = item.withdraw_reason
    item.publish_at = None
    item.save(
        update_fields=[
            "status",
            "withdrawn_at",
            "withdraw_reason",
            "return_comment",
            "publish_at",
            "updated_at",
        ]
    )
    sync_search(item)
    record_event(
        actor=actor, action="item.withdraw", obj=item, data={"reason": item.withdraw_reason}
    )
    return item


def sync_search(item: Item) -> None:
    """Put the item in the search index exactly when it is public; called inside the
    transaction that changed it."""
    from gongkai.catalog.search_provider import entry_for
    from gongkai.search.services import index_entry, remove_entry

    entry = entry_for(item)
    if entry is None:
        remove_entry(kind="item", object_id=item.pk)
    else:
        index_entry(kind="item", object_id=item.pk, **entry)


__all__ = [
    "DisclosureAttribute",
    "item_draft_from_application",
    "WorkflowError",
    "finding_decide",
    "item_approve",
    "item_attach",
    "item_create",
    "item_detach",
    "item_publish_due",
    "item_publish_imported",
    "item_return",
    "item_revise",
    "item_set_validity",
    "item_submit",
    "item_update",
    "item_withdraw",
    "open_findings",
    "sync_search",
]


@transaction.atomic
def item_draft_from_application(*, actor, application) -> Item:
    """Art. 44: information released on request becomes a proactive draft in the agency's
    依申请公开 column, created by the case's handler and then taken through the normal review
    (an officer completes and submits it, a reviewer approves it). Nothing about the applicant
    is copied: only the information requested and what was provided."""
    from gongkai.applications.models import Status
    from gongkai.applications.outcomes import Outcome
    from gongkai.catalog.services.categories import catalog_create_from_template
    from gongkai.catalog.standard_template import ON_REQUEST

    if not can(actor, "application.handle", agency=application.agency):
        raise PermissionDenied
    if application.status not in (Status.REPLIED, Status.ARCHIVED) or application.outcome not in (
        Outcome.GRANTED,
        Outcome.PARTIAL,
    ):
        raise WorkflowError(
            _(
                "Only information released in a reply (granted or partly granted) can be published proactively."
            ),
            code="not_released",
        )
    if application.proactive_item_id:
        raise WorkflowError(
            _("A proactive item was already made from this application."), code="exists"
        )
    catalog_create_from_template(actor=None, agency=application.agency)
    category = Category.objects.get(agency=application.agency, code=ON_REQUEST)
    item = Item(
        agency=application.agency,
        category=category,
        title=application.info_title[:300],
        created_by=actor,
    )
    _apply_fields(
        item,
        {
            "category": category,
            "doc_number": application.info_doc_number
            if _doc_number_ok(application.info_doc_number)
            else "",
            "summary": _("Released on request; made public under Art. 44 of the Regulation."),
            "body_html": text_to_html(application.provided),
            "formed_on": application.replied_on,
        },
    )
    item.full_clean(exclude=["index_number"])
    item.save()
    item.publishers.set([item.agency_id])
    type(application).objects.filter(pk=application.pk).update(proactive_item=item)
    application.proactive_item = item
    record_event(
        actor=actor,
        action="item.create_from_application",
        obj=item,
        data={"application": application.number, "title": item.title},
    )
    return item


def _doc_number_ok(value: str) -> bool:
    try:
        validate_doc_number(value)
    except ValidationError:
        return False
    return bool(value)
