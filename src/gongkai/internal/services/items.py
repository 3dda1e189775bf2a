"""Drafting, tables, files, posting and withdrawing internal items.

Each function runs in one transaction, checks the actor again (``internal.permissions``) and
writes one audit event. The audit data name the fields that changed, never their content:
the 公开办 above the agency reads the audit trail, and internal items are not for it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency, Department
from gongkai.audit.services import record_event
from gongkai.catalog import files
from gongkai.catalog.html import sanitize, to_text
from gongkai.internal.models import (
    TABLE_KINDS,
    InternalAttachment,
    InternalItem,
    InternalKind,
    InternalStatus,
    ReadReceipt,
    SpendingCategory,
    StatementRow,
)
from gongkai.internal.permissions import can_edit, can_post
from gongkai.internal.tables import MAX_ROWS, RowData, category_for, category_label, read_workbook

EDITABLE = ("kind", "title", "year", "month", "body_html", "departments")
FIRST_YEAR = 2000


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def _locked(item: InternalItem) -> InternalItem:
    return (
        InternalItem.objects.select_for_update()
        .select_related("agency")
        .prefetch_related("departments")
        .get(pk=item.pk)
    )


def _require_edit(actor, item: InternalItem) -> None:
    if not can_edit(actor, item):
        raise PermissionDenied


def _require_draft(item: InternalItem) -> None:
    if item.status != InternalStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be changed; withdraw the item and post a corrected one."),
            code="not_draft",
        )


def period_label(year: int, month: int | None) -> str:
    """The period as stored in audit data: ``2026-05`` or ``2026``."""
    return f"{year}-{month:02d}" if month else str(year)


def period_text(year: int, month: int | None) -> str:
    """The period for people: “2026年5月” (“May 2026” in English)."""
    if month:
        return _("%(month)d/%(year)d") % {"year": year, "month": month}
    return _("%(year)d") % {"year": year}


def default_title(kind: str, year: int, month: int | None) -> str:
    """The usual title of an item, e.g. “2026年5月收支情况”."""
    names = {
        InternalKind.FINANCE: "收支情况",
        InternalKind.SPENDING: "“三公”经费及差旅费支出情况",
        InternalKind.INTEGRITY: "领导干部廉洁自律情况报告",
        InternalKind.SALARY: "工资及岗位调整情况",
        InternalKind.DECISION: "重大事项议事决定",
        InternalKind.EVALUATION: "年度考核结果",
        InternalKind.OTHER: "内部公开事项",
    }
    period = f"{year}年{month}月" if month else f"{year}年"
    return f"{period}{names.get(kind, names[InternalKind.OTHER])}"


def _clean(agency: Agency, values: dict[str, Any]) -> dict[str, Any]:
    """Check and normalise the editable fields; a ValidationError names each bad field."""
    errors: dict[str, str] = {}
    kind = values.get("kind")
    if kind not in InternalKind.values:
        errors["kind"] = _("Choose what kind of internal matter this is.")
    year = values.get("year")
    this_year = timezone.localdate().year
    if not isinstance(year, int) or not FIRST_YEAR <= year <= this_year + 1:
        errors["year"] = _("Give a year between %(first)d and %(last)d.") % {
            "first": FIRST_YEAR,
            "last": this_year + 1,
        }
    month = values.get("month") or None
    if month is not None and (not isinstance(month, int) or not 1 <= month <= 12):
        errors["month"] = _("A month is a number from 1 to 12.")
    elif month is None and kind in TABLE_KINDS:
        errors["month"] = _("A monthly statement needs the month it is for.")
    title = (values.get("title") or "").strip()
    if len(title) > 200:
        errors["title"] = _("A title may be at most 200 characters.")
    departments = list(values.get("departments") or [])
    if any(d.agency_id != agency.pk for d in departments):
        errors["departments"] = _("Choose departments of this agency only.")
    if errors:
        raise ValidationError(errors)
    if not title:
        title = default_title(kind, year, month)
    body_html = sanitize(values.get("body_html") or "")
    return {
        "kind": kind,
        "year": year,
        "month": month,
        "title": title,
        "body_html": body_html,
        "body_text": to_text(body_html),
        "departments": departments,
    }


@transaction.atomic
def internal_item_create(
    *,
    actor,
    agency: Agency,
    kind: str,
    year: int,
    month: int | None = None,
    title: str = "",
    body_html: str = "",
    departments: Iterable[Department] = (),
    now: dt.datetime | None = None,
) -> InternalItem:
    """A new draft for ``agency``; audited as ``internal.create``."""
    if not can_post(actor, agency):
        raise PermissionDenied
    clean = _clean(
        agency,
        {
            "kind": kind,
            "year": year,
            "month": month,
            "title": title,
            "body_html": body_html,
            "departments": departments,
        },
    )
    chosen = clean.pop("departments")
    at = _now(now)
    item = InternalItem.objects.create(
        agency=agency, created_by=actor, created_at=at, updated_at=at, **clean
    )
    item.departments.set(chosen)
    record_event(
        actor=actor,
        action="internal.create",
        obj=item,
        data={"kind": item.kind, "period": period_label(item.year, item.month)},
    )
    return item


@transaction.atomic
def internal_item_update(*, actor, item: InternalItem, now: dt.datetime | None = None, **fields):
    """Change a draft's fields (any of ``EDITABLE``); audited as ``internal.update`` with the
    names of the fields that changed."""
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"internal_item_update() got unexpected fields {sorted(unknown)}")
    item = _locked(item)
    _require_edit(actor, item)
    _require_draft(item)
    current = {
        "kind": item.kind,
        "year": item.year,
        "month": item.month,
        "title": item.title,
        "body_html": item.body_html,
        "departments": list(item.departments.all()),
    }
    clean = _clean(item.agency, {**current, **fields})
    chosen = clean.pop("departments")
    changed = [name for name, value in clean.items() if getattr(item, name) != value]
    if {d.pk for d in chosen} != {d.pk for d in current["departments"]}:
        changed.append("departments")
    for name, value in clean.items():
        setattr(item, name, value)
    if "kind" in changed:  # a table of one kind does not fit another
        item.rows.all().delete()
    item.updated_at = _now(now)
    item.save()
    item.departments.set(chosen)
    record_event(
        actor=actor,
        action="internal.update",
        obj=item,
        data={"changed": sorted(c for c in changed if c != "body_text")},
    )
    return item


# --- Tables --------------------------------------------------------------------------------


def _clean_rows(item: InternalItem, rows: Iterable[RowData]) -> list[RowData]:
    kept = [row for row in rows if not row.is_blank()]
    if item.kind == InternalKind.SPENDING:  # a spending line without any figure is not given
        kept = [row for row in kept if row.has_amounts() or row.note.strip()]
    errors: list[str] = []
    seen: set[str] = set()
    for number, row in enumerate(kept, start=1):
        row.label = row.label.strip()[:100]
        row.note = row.note.strip()[:200]
        if item.kind == InternalKind.SPENDING:
            row.category = row.category or category_for(row.label)
            if row.category not in SpendingCategory.values:
                errors.append(
                    _("Row %(n)d: “%(label)s” is not one of the spending lines.")
                    % {"n": number, "label": row.label}
                )
                continue
            if row.category in seen:
                errors.append(
                    _("Row %(n)d: “%(label)s” appears twice.")
                    % {"n": number, "label": category_label(row.category)}
                )
            seen.add(row.category)
            row.label = row.label or category_label(row.category)
        else:
            row.category = ""
            if not row.label:
                errors.append(_("Row %(n)d: the account or item is missing.") % {"n": number})
    if len(kept) > MAX_ROWS:
        errors.append(_("A table may have at most %(max)d rows.") % {"max": MAX_ROWS})
    if errors:
        raise ValidationError(errors, code="rows")
    return kept


def _store_rows(item: InternalItem, rows: list[RowData]) -> None:
    item.rows.all().delete()
    StatementRow.objects.bulk_create(
        StatementRow(
            item=item,
            position=position,
            label=row.label,
            category=row.category,
            this_month=row.this_month,
            year_to_date=row.year_to_date,
            budget=row.budget,
            note=row.note,
        )
        for position, row in enumerate(rows, start=1)
    )


@transaction.atomic
def internal_item_set_rows(
    *, actor, item: InternalItem, rows: Iterable[RowData], now: dt.datetime | None = None
) -> list[StatementRow]:
    """Replace the table of a draft statement (blank rows are dropped); audited as
    ``internal.table`` with the number of rows."""
    item = _locked(item)
    _require_edit(actor, item)
    _require_draft(item)
    if not item.has_table:
        raise ValidationError(_("Only statements and spending reports have a table."))
    kept = _clean_rows(item, list(rows))
    _store_rows(item, kept)
    item.updated_at = _now(now)
    item.save(update_fields=["updated_at"])
    record_event(actor=actor, action="internal.table", obj=item, data={"rows": len(kept)})
    return list(item.rows.all())


@transaction.atomic
def internal_item_import_table(
    *, actor, item: InternalItem, content: bytes, name: str, now: dt.datetime | None = None
) -> list[StatementRow]:
    """Read the table of a draft from an XLSX workbook and keep the workbook as an attachment.

    Nothing changes when the file has a problem: the ValidationError lists every bad cell
    with its spreadsheet line. Audited as ``internal.table`` (with the file name)."""
    item = _locked(item)
    _require_edit(actor, item)
    _require_draft(item)
    if not item.has_table:
        raise ValidationError(_("Only statements and spending reports have a table."))
    kind = _checked_kind(content, name)
    if kind.code != "xlsx":
        raise ValidationError(
            _("The table must be an Excel workbook (XLSX); “%(name)s” is of type “%(kind)s”.")
            % {"name": name, "kind": kind.label},
            code="attachment",
        )
    result = read_workbook(content, item.kind)
    if result.errors:
        raise ValidationError(result.errors, code="workbook")
    kept = _clean_rows(item, result.rows)
    _store_rows(item, kept)
    if not item.attachments.filter(sha256=hashlib.sha256(content).hexdigest()).exists():
        _store_attachment(item, content, name, kind)
    item.updated_at = _now(now)
    item.save(update_fields=["updated_at"])
    record_event(
        actor=actor,
        action="internal.table",
        obj=item,
        data={"rows": len(kept), "file": name[:200]},
    )
    return list(item.rows.all())


# --- Files ---------------------------------------------------------------------------------


def max_attachment_bytes() -> int:
    megabytes = getattr(settings, "GONGKAI_INTERNAL_ATTACHMENT_MAX_MB", 20)
    return int(megabytes * 1024 * 1024)


def _checked_kind(content: bytes, name: str) -> files.FileKind:
    try:
        return files.check_upload(BytesIO(content), name, max_bytes=max_attachment_bytes())
    except files.RejectedFile as exc:
        raise ValidationError(exc.message, code="attachment") from exc


def _store_attachment(
    item: InternalItem, content: bytes, name: str, kind: files.FileKind
) -> InternalAttachment:
    name = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    order = item.attachments.aggregate(m=Max("sort_order"))["m"] or 0
    return InternalAttachment.objects.create(
        item=item,
        name=name,
        kind=kind.code,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        sort_order=order + 1,
    )


@transaction.atomic
def internal_item_attach(
    *, actor, item: InternalItem, content: bytes, name: str
) -> InternalAttachment:
    """Add a file to a draft, checked by content like the catalog's attachments
    (``catalog.files.check_upload``); audited as ``internal.attach``."""
    item = _locked(item)
    _require_edit(actor, item)
    _require_draft(item)
    attachment = _store_attachment(item, content, name, _checked_kind(content, name))
    record_event(
        actor=actor,
        action="internal.attach",
        obj=item,
        data={"type": attachment.kind, "size": attachment.size},
    )
    return attachment


@transaction.atomic
def internal_item_detach(*, actor, attachment: InternalAttachment) -> None:
    item = _locked(attachment.item)
    _require_edit(actor, item)
    _require_draft(item)
    attachment.delete()
    record_event(actor=actor, action="internal.detach", obj=item, data={})


# --- Posting and withdrawing ---------------------------------------------------------------


def _check_complete(item: InternalItem) -> None:
    if item.has_table:
        if not item.rows.exclude(this_month=None, year_to_date=None, budget=None).exists():
            raise ValidationError(
                _("Enter the table (or upload it as an XLSX workbook) before posting."),
                code="no_rows",
            )
        taken = InternalItem.objects.filter(
            agency=item.agency,
            kind=item.kind,
            year=item.year,
            month=item.month,
            status=InternalStatus.POSTED,
        ).exclude(pk=item.pk)
        if taken.exists():
            raise ValidationError(
                _(
                    "The %(kind)s of %(period)s is already posted. Withdraw it first if this "
                    "one replaces it."
                )
                % {"kind": item.get_kind_display(), "period": period_text(item.year, item.month)},
                code="period_taken",
            )
    elif not item.body_text.strip() and not item.attachments.exists():
        raise ValidationError(_("Write the text or attach a file before posting."), code="empty")


@transaction.atomic
def internal_item_post(
    *, actor, item: InternalItem, now: dt.datetime | None = None
) -> InternalItem:
    """Post a draft to the staff it is for (the poster counts as having read it); audited as
    ``internal.post``."""
    item = _locked(item)
    _require_edit(actor, item)
    _require_draft(item)
    _check_complete(item)
    at = _now(now)
    item.status = InternalStatus.POSTED
    item.posted_by = actor
    item.posted_at = at
    item.updated_at = at
    try:
        with transaction.atomic():
            item.save()
    except IntegrityError as exc:  # another poster got there first
        raise ValidationError(
            _("A statement of this month was posted meanwhile; reload the page."),
            code="period_taken",
        ) from exc
    # The poster has read what he or she posts.
    ReadReceipt.objects.get_or_create(item=item, user=actor, defaults={"read_at": at})
    record_event(
        actor=actor,
        action="internal.post",
        obj=item,
        data={
            "kind": item.kind,
            "period": period_label(item.year, item.month),
            "departments": sorted(d.pk for d in item.departments.all()),
        },
    )
    return item


@transaction.atomic
def internal_item_withdraw(
    *, actor, item: InternalItem, reason: str, now: dt.datetime | None = None
) -> InternalItem:
    """Take a posted item back (its read receipts and questions stay on record); audited as
    ``internal.withdraw``."""
    item = _locked(item)
    _require_edit(actor, item)
    if item.status != InternalStatus.POSTED:
        raise ValidationError(_("Only a posted item can be withdrawn."), code="not_posted")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the item is withdrawn.")})
    at = _now(now)
    item.status = InternalStatus.WITHDRAWN
    item.withdrawn_by = actor
    item.withdrawn_at = at
    item.withdraw_reason = reason
    item.updated_at = at
    item.save()
    record_event(actor=actor, action="internal.withdraw", obj=item, data={})
    return item
