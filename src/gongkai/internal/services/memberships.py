"""Who works in which department (科室人员), kept by the agency's 机关管理员, for the internal
items restricted to departments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.agencies.models import Department
from gongkai.audit.services import record_event
from gongkai.internal.models import DepartmentMembership
from gongkai.internal.permissions import can_manage, is_staff_of


@transaction.atomic
def membership_add(*, actor, department: Department, user: User) -> DepartmentMembership:
    """Put a staff member of the agency into one of its departments; audited as
    ``internal.member_add``."""
    agency = department.agency
    if not can_manage(actor, agency):
        raise PermissionDenied
    if not is_staff_of(user, agency):
        raise ValidationError(
            {"user": _("%(name)s does not work for this agency.") % {"name": user}},
            code="not_staff",
        )
    if DepartmentMembership.objects.filter(department=department, user=user).exists():
        raise ValidationError(
            {
                "user": _("%(name)s is already in %(department)s.")
                % {"name": user, "department": department}
            },
            code="already_member",
        )
    membership = DepartmentMembership.objects.create(
        department=department, user=user, added_by=actor
    )
    record_event(
        actor=actor,
        action="internal.member_add",
        obj=membership,
        agency=agency,
        data={"department": department.pk, "user": user.pk},
    )
    return membership


@transaction.atomic
def membership_remove(*, actor, membership: DepartmentMembership) -> None:
    """Take a staff member out of a department; audited as ``internal.member_remove``."""
    agency = membership.department.agency
    if not can_manage(actor, agency):
        raise PermissionDenied
    data = {"department": membership.department_id, "user": membership.user_id}
    record_event(
        actor=actor, action="internal.member_remove", obj=membership, agency=agency, data=data
    )
    membership.delete()
