"""Writing audit events. Every service that changes state calls ``record_event`` inside its
own transaction, so the change and its record commit or roll back together."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import connection, models

from gongkai.audit.context import client_ip
from gongkai.audit.models import Event


class AuditOutsideTransaction(RuntimeError):
    """record_event was called outside transaction.atomic: the record could outlive a
    failed change, or a change could commit without its record."""


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "repr": str(value)[:200]}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for the fields whose value changed."""
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def snapshot(obj: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``obj`` (foreign keys as ids), for ``diff``."""
    names = fields or [f.attname for f in obj._meta.concrete_fields]
    return {name: getattr(obj, name) for name in names}


def record_event(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    agency=None,
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> Event:
    """Append one audit event. Must run inside the caller's ``transaction.atomic`` block."""
    if not connection.in_atomic_block:
        raise AuditOutsideTransaction(
            f"record_event({action!r}) must be called inside transaction.atomic()."
        )
    if agency is None and obj is not None:
        from gongkai.agencies.models import Agency

        agency = obj if isinstance(obj, Agency) else getattr(obj, "agency", None)
    actor_obj = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    event = Event(
        actor=actor_obj,
        actor_name=(actor_obj.get_full_name() if actor_obj else "")[:150],
        agency=agency,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        data=_jsonable(data or {}),
        ip_address=ip_address or client_ip.get(),
    )
    event.save(force_insert=True)
    return event
