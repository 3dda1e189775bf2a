"""Writes to agencies (机关), departments (科室) and leaders (领导分工).

Every function here is the one write path for its change: it re-checks the actor's
permission with ``gongkai.accounts.permissions.can``, validates the row with ``full_clean``
(so a wrong credit code fails with a message that names the expected check character),
saves, and records an audit event with the changed fields in the same ``transaction.atomic``
block. A failure leaves neither the change nor its event behind.

``actor`` is the staff member doing the change. ``actor=None`` is accepted only together with
``system=True``: that is the path for trusted callers that act for the installation itself
(the ``gongkai import`` command, the demo builder); their events are recorded without an
actor. Views and the admin always pass ``request.user`` and never ``system=True``.

Permission errors raise ``django.core.exceptions.PermissionDenied``; invalid data raises
``django.core.exceptions.ValidationError`` with field-keyed messages.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import can, descendant_ids
from gongkai.agencies.credit_code import normalize
from gongkai.agencies.models import Agency, Department, Leader
from gongkai.audit.services import diff, record_event, snapshot

# Fields a caller may set; everything else (ids, timestamps) is the system's.
AGENCY_FIELDS = frozenset(
    {
        "name",
        "short_name",
        "credit_code",
        "parent",
        "kind",
        "functions",
        "address",
        "postcode",
        "office_hours",
        "phone",
        "fax",
        "email",
        "website",
        "disclosure_office_name",
        "disclosure_address",
        "disclosure_postcode",
        "disclosure_office_hours",
        "disclosure_phone",
        "disclosure_fax",
        "disclosure_email",
        "sort_order",
        "is_active",
    }
)
DEPARTMENT_FIELDS = frozenset({"name", "duties", "phone", "sort_order"})
LEADER_FIELDS = frozenset({"name", "title", "duties", "biography", "sort_order"})


# --- helpers ------------------------------------------------------------------------------
def _require(actor, action: str, *, agency: Agency | None, system: bool) -> None:
    """Refuse unless ``actor`` may do ``action`` (or this is a trusted system call)."""
    if system:
        if actor is not None:
            raise ValueError("system=True is for calls without an actor; pass actor=None.")
        return
    if actor is None:
        raise PermissionDenied("An actor is required (actor=None needs system=True).")
    if not can(actor, action, agency=agency):
        raise PermissionDenied(_("You may not do this for this agency."))


def _check_fields(model: type[models.Model], allowed: frozenset[str], fields: dict[str, Any]):
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise TypeError(f"{model.__name__} has no settable field(s): {', '.join(unknown)}")


def _audit_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.name not in {"updated_at"}]


def _normalize_agency_fields(fields: dict[str, Any]) -> dict[str, Any]:
    fields = dict(fields)
    if "credit_code" in fields:
        fields["credit_code"] = normalize(fields["credit_code"])
    for name, value in list(fields.items()):
        if isinstance(value, str) and name not in {"functions"}:
            fields[name] = value.strip()
    return fields


def agency_changes(agency: Agency, fields: dict[str, Any]) -> dict[str, Any]:
    """The subset of ``fields`` whose value differs from ``agency``'s current value."""
    fields = _normalize_agency_fields(fields)
    changed = {}
    for name, value in fields.items():
        try:
            field = Agency._meta.get_field(name)
        except FieldDoesNotExist:
            changed[name] = value
            continue
        if field.is_relation:
            new_id = value.pk if isinstance(value, models.Model) else value
            if getattr(agency, field.attname) != new_id:
                changed[name] = value
        elif getattr(agency, name) != value:
            changed[name] = value
    return changed


def parent_error(agency: Agency | None, parent: Agency | None) -> str | None:
    """Why ``parent`` cannot be ``agency``'s parent (a cycle), or None when it can.

    Used by the services and by the admin form, so the admin shows the same message on the
    field instead of failing on save.
    """
    if agency is None or agency.pk is None or parent is None:
        return None
    if parent.pk == agency.pk or parent.pk in descendant_ids([agency.pk]):
        return _("An agency cannot be placed under itself or under one of the agencies below it.")
    return None


def _require_parent(actor, parent: Agency | None, *, system: bool) -> None:
    """Placing an agency at the top needs ``agency.create_root`` (a site action); placing it
    under a parent needs ``agency.change`` on that parent."""
    if parent is None:
        _require(actor, "agency.create_root", agency=None, system=system)
    else:
        _require(actor, "agency.change", agency=parent, system=system)


# --- agencies ------------------------------------------------------------------------------
@transaction.atomic
def agency_create(*, actor, system: bool = False, source: str = "", **fields: Any) -> Agency:
    """Create an agency under ``fields["parent"]`` (or at the top when there is none).

    Writes the agency and one ``agency.create`` event. ``source`` (e.g. ``"import"``) is
    stored in the event to tell where the change came from.
    """
    _check_fields(Agency, AGENCY_FIELDS, fields)
    fields = _normalize_agency_fields(fields)
    _require_parent(actor, fields.get("parent"), system=system)
    agency = Agency(**fields)
    agency.full_clean()
    agency.save()
    data: dict[str, Any] = {"changes": diff({}, snapshot(agency, _audit_fields(Agency)))}
    if source:
        data["source"] = source
    record_event(actor=actor, action="agency.create", obj=agency, data=data)
    return agency


@transaction.atomic
def agency_update(
    *, actor, agency: Agency, system: bool = False, source: str = "", **fields: Any
) -> Agency:
    """Change the given fields of ``agency``.

    Needs ``agency.change`` on the agency; moving it needs the right to place it under the
    new parent (see ``_require_parent``), and a move under the agency itself or one of its
    descendants is refused. Writes nothing (and no event) when no value changes; otherwise
    saves and records one ``agency.update`` event with the diff.
    """
    _check_fields(Agency, AGENCY_FIELDS, fields)
    _require(actor, "agency.change", agency=agency, system=system)
    changes = agency_changes(agency, fields)
    if not changes:
        return agency
    if "parent" in changes:
        parent = changes["parent"]
        _require_parent(actor, parent, system=system)
        message = parent_error(agency, parent)
        if message:
            raise ValidationError({"parent": message})
    before = snapshot(agency, _audit_fields(Agency))
    for name, value in changes.items():
        setattr(agency, name, value)
    try:
        agency.full_clean()
        agency.save()
    except Exception:
        # Leave the caller's object as it was, matching the rolled-back row.
        for attname, value in before.items():
            setattr(agency, attname, value)
        raise
    data: dict[str, Any] = {"changes": diff(before, snapshot(agency, _audit_fields(Agency)))}
    if source:
        data["source"] = source
    record_event(actor=actor, action="agency.update", obj=agency, data=data)
    return agency


# --- departments and leaders: rows of one agency, changed under ``agency.change`` ----------
def _part_create(model, allowed, action: str, *, actor, agency: Agency, system: bool, fields):
    _check_fields(model, allowed, fields)
    _require(actor, "agency.change", agency=agency, system=system)
    obj = model(agency=agency, **fields)
    obj.full_clean()
    obj.save()
    record_event(
        actor=actor,
        action=action,
        obj=obj,
        agency=agency,
        data={"changes": diff({}, snapshot(obj))},
    )
    return obj


def _part_update(allowed, action: str, *, actor, obj, system: bool, fields):
    _check_fields(type(obj), allowed, fields)
    _require(actor, "agency.change", agency=obj.agency, system=system)
    before = snapshot(obj)
    for name, value in fields.items():
        setattr(obj, name, value)
    changes = diff(before, snapshot(obj))
    if not changes:
        return obj
    obj.full_clean()
    obj.save()
    record_event(actor=actor, action=action, obj=obj, agency=obj.agency, data={"changes": changes})
    return obj


def _part_delete(action: str, *, actor, obj, system: bool) -> None:
    agency = obj.agency
    _require(actor, "agency.change", agency=agency, system=system)
    record_event(
        actor=actor, action=action, obj=obj, agency=agency, data={"deleted": snapshot(obj)}
    )
    obj.delete()


@transaction.atomic
def department_create(*, actor, agency: Agency, system: bool = False, **fields: Any) -> Department:
    """Add a department (科室) to ``agency``; needs ``agency.change`` on it. Audited."""
    return _part_create(
        Department,
        DEPARTMENT_FIELDS,
        "department.create",
        actor=actor,
        agency=agency,
        system=system,
        fields=fields,
    )


@transaction.atomic
def department_update(
    *, actor, department: Department, system: bool = False, **fields: Any
) -> Department:
    """Change a department; needs ``agency.change`` on its agency. Audited when anything
    changed."""
    return _part_update(
        DEPARTMENT_FIELDS,
        "department.update",
        actor=actor,
        obj=department,
        system=system,
        fields=fields,
    )


@transaction.atomic
def department_delete(*, actor, department: Department, system: bool = False) -> None:
    """Remove a department; needs ``agency.change`` on its agency. The event keeps a copy."""
    _part_delete("department.delete", actor=actor, obj=department, system=system)


@transaction.atomic
def leader_create(*, actor, agency: Agency, system: bool = False, **fields: Any) -> Leader:
    """Add a leader and his or her duties (领导分工) to ``agency``. Audited."""
    return _part_create(
        Leader,
        LEADER_FIELDS,
        "leader.create",
        actor=actor,
        agency=agency,
        system=system,
        fields=fields,
    )


@transaction.atomic
def leader_update(*, actor, leader: Leader, system: bool = False, **fields: Any) -> Leader:
    """Change a leader's name, title, duties or order. Audited when anything changed."""
    return _part_update(
        LEADER_FIELDS, "leader.update", actor=actor, obj=leader, system=system, fields=fields
    )


@transaction.atomic
def leader_delete(*, actor, leader: Leader, system: bool = False) -> None:
    """Remove a leader (e.g. after a change of post). The event keeps a copy of the row."""
    _part_delete("leader.delete", actor=actor, obj=leader, system=system)
