"""The fee list (收费项目及标准) of an agency. It is public as soon as it is saved, so it is kept
by the agency's 审核员 ("service.review"), who also publishes the guides that link to it. An
entry that matters still link to is retired (no longer in force), never deleted."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.audit.services import diff, record_event, snapshot
from gongkai.services.models import FeeItem
from gongkai.services.services.common import require

FEE_FIELDS = (
    "name",
    "standard",
    "amount",
    "unit",
    "basis",
    "basis_item",
    "note",
    "is_active",
    "sort_order",
)


def _apply(item: FeeItem, fields: dict) -> None:
    unknown = set(fields) - set(FEE_FIELDS)
    if unknown:
        raise TypeError(f"Not a fee list field: {sorted(unknown)}")
    for name, value in fields.items():
        if name in ("name", "standard", "unit", "basis", "note"):
            value = (value or "").strip()
        if name == "amount" and value not in (None, ""):
            try:
                value = Decimal(str(value))
            except InvalidOperation as exc:
                raise ValidationError(
                    {"amount": [_("Enter the amount in yuan, e.g. 10 or 2.50.")]}
                ) from exc
        if name == "amount" and value == "":
            value = None
        setattr(item, name, value)
    errors: dict[str, list[str]] = {}
    if item.amount is not None and item.amount < 0:
        errors["amount"] = [_("An amount cannot be negative.")]
    if item.basis_item_id and not item.basis_item.is_public:
        errors["basis_item"] = [_("The linked item is not published.")]
    clash = FeeItem.objects.filter(agency=item.agency, name=item.name)
    if item.pk:
        clash = clash.exclude(pk=item.pk)
    if item.name and clash.exists():
        errors["name"] = [_("The fee list already has an entry with this name.")]
    try:
        item.full_clean(exclude=["agency", *errors])
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def fee_item_create(*, actor, agency, **fields) -> FeeItem:
    require(actor, "service.review", agency)
    item = FeeItem(agency=agency)
    _apply(item, fields)
    item.save()
    record_event(
        actor=actor,
        action="service.fee_create",
        obj=item,
        data={"name": item.name, "standard": item.standard},
    )
    return item


@transaction.atomic
def fee_item_update(*, actor, item: FeeItem, **fields) -> FeeItem:
    item = FeeItem.objects.select_for_update().select_related("agency").get(pk=item.pk)
    require(actor, "service.review", item.agency)
    before = snapshot(item, [f if f != "basis_item" else "basis_item_id" for f in FEE_FIELDS])
    _apply(item, fields)
    item.save()
    after = snapshot(item, [f if f != "basis_item" else "basis_item_id" for f in FEE_FIELDS])
    record_event(
        actor=actor, action="service.fee_update", obj=item, data={"changes": diff(before, after)}
    )
    return item
