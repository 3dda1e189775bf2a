"""Changing staff accounts, roles and second-factor devices: the only write path.

Every function runs in ``transaction.atomic``, re-checks the actor's permission, and writes
its audit event in the same transaction. Errors a person can fix are ``ValidationError``
(Chinese messages through gettext); forbidden actions are ``PermissionDenied``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts.models import Role, RoleAssignment, User
from gongkai.accounts.permissions import (
    can,
    can_grant_role,
    can_manage_user,
    forget_cached_roles,
    home_agency,
    is_system_admin,
)
from gongkai.agencies.models import Agency
from gongkai.audit.services import diff, record_event, snapshot

# Fields a manager may change with ``user_update`` (never username, password or flags).
PROFILE_FIELDS = ("full_name", "phone", "email")


def _require_manage_user(actor, user: User) -> None:
    if not can_manage_user(actor, user):
        raise PermissionDenied(_("You may not manage this staff member."))


def _require_grant(actor, agency: Agency | None, role: str) -> None:
    if role not in Role.values:
        raise ValidationError(_("Unknown role."), code="unknown_role")
    if not can_grant_role(actor, role, agency=agency):
        if role in (Role.SYSTEM_ADMIN, Role.DISCLOSURE_OFFICE):
            raise PermissionDenied(_("Only a system administrator may grant this role."))
        raise PermissionDenied(_("You may not grant roles for this agency."))


def _validate_password(password: str, user: User) -> None:
    """Apply AUTH_PASSWORD_VALIDATORS; their messages are translated when raised."""
    password_validation.validate_password(password, user)


@transaction.atomic
def user_create(
    *,
    actor,
    agency: Agency,
    username: str,
    full_name: str,
    phone: str = "",
    email: str = "",
    password: str,
    roles: Iterable[str],
) -> User:
    """Create a staff member holding ``roles`` for ``agency``; audited as ``staff.create``."""
    roles = list(dict.fromkeys(roles))
    if not can(actor, "staff.manage", agency=agency):
        raise PermissionDenied(_("You may not add staff to this agency."))
    if not roles:
        raise ValidationError(_("Choose at least one role."), code="no_roles")
    for role in roles:
        _require_grant(actor, agency, role)
        if role == Role.SYSTEM_ADMIN:
            raise ValidationError(
                _("A system administrator is not tied to an agency: grant that role separately."),
                code="system_admin_for_agency",
            )
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("This user name is already taken.")}, code="username_taken"
        )
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip(), email=email)
    try:
        _validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        RoleAssignment.objects.create(user=user, agency=agency, role=role, granted_by=actor)
    record_event(
        actor=actor,
        action="staff.create",
        obj=user,
        agency=agency,
        data={"username": user.username, "roles": roles},
    )
    return user


@transaction.atomic
def user_update(*, actor, user: User, full_name: str, phone: str = "", email: str = "") -> User:
    """Change a staff member's name and contact data; audited as ``staff.update``."""
    _require_manage_user(actor, user)
    before = snapshot(user, list(PROFILE_FIELDS))
    user.full_name = full_name.strip()
    user.phone = phone.strip()
    user.email = email.strip()
    user.full_clean(exclude=["password"])
    changes = diff(before, snapshot(user, list(PROFILE_FIELDS)))
    if changes:
        user.save(update_fields=list(PROFILE_FIELDS))
        record_event(
            actor=actor,
            action="staff.update",
            obj=user,
            agency=home_agency(user),
            data={"changes": changes},
        )
    return user


@transaction.atomic
def user_deactivate(*, actor, user: User) -> User:
    """Switch an account off. Staff are never deleted: audit events point to them."""
    _require_manage_user(actor, user)
    if actor is not None and actor.pk == user.pk:
        raise ValidationError(_("You cannot deactivate your own account."), code="self")
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])
        record_event(actor=actor, action="staff.deactivate", obj=user, agency=home_agency(user))
    return user


@transaction.atomic
def user_reactivate(*, actor, user: User) -> User:
    """Switch a deactivated account back on; audited as ``staff.reactivate``."""
    _require_manage_user(actor, user)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
        record_event(actor=actor, action="staff.reactivate", obj=user, agency=home_agency(user))
    return user


@transaction.atomic
def role_grant(*, actor, user: User, agency: Agency | None, role: str) -> RoleAssignment:
    """Give ``user`` ``role`` for ``agency`` (``None`` for 系统管理员); idempotent.

    Granting 系统管理员 or 公开办 needs a system administrator; a 机关管理员 grants roles for
    his or her own agency only. Audited as ``role.grant``.
    """
    if role == Role.SYSTEM_ADMIN:
        agency = None
    elif agency is None:
        raise ValidationError(_("Choose the agency the role is for."), code="no_agency")
    _require_grant(actor, agency, role)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, agency=agency, role=role, defaults={"granted_by": actor}
    )
    if created:
        record_event(
            actor=actor,
            action="role.grant",
            obj=user,
            agency=agency,
            data={"role": role, "agency": agency},
        )
        forget_cached_roles(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, user: User, agency: Agency | None, role: str) -> bool:
    """Take ``role`` for ``agency`` away from ``user``; returns whether anything changed.

    The same rule as for granting applies. Audited as ``role.revoke``.
    """
    if role == Role.SYSTEM_ADMIN:
        agency = None
    _require_grant(actor, agency, role)
    if (
        role == Role.SYSTEM_ADMIN
        and actor is not None
        and actor.pk == user.pk
        and not actor.is_superuser
    ):
        raise ValidationError(
            _("You cannot take the system administrator role away from yourself."), code="self"
        )
    deleted, _detail = RoleAssignment.objects.filter(user=user, agency=agency, role=role).delete()
    if deleted:
        record_event(
            actor=actor,
            action="role.revoke",
            obj=user,
            agency=agency,
            data={"role": role, "agency": agency},
        )
        forget_cached_roles(user)
    return bool(deleted)


@transaction.atomic
def password_set(*, actor, user: User, password: str) -> User:
    """Set a new password (own password, or a manager resetting someone else's).

    The password rules apply; every other session of ``user`` ends because the session hash
    changes. Audited as ``auth.password_change`` (own) or ``staff.password_reset``.
    """
    own = actor is not None and actor.pk == user.pk
    if not own:
        _require_manage_user(actor, user)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    record_event(
        actor=actor,
        action="auth.password_change" if own else "staff.password_reset",
        obj=user,
        agency=home_agency(user),
    )
    return user


# --- Logins -----------------------------------------------------------------------------


def login_record(*, user: User, second_factor: bool) -> None:
    """Audit a successful login (``auth.login``); call inside the login's transaction."""
    record_event(
        actor=user,
        action="auth.login",
        obj=user,
        agency=home_agency(user),
        data={"second_factor": second_factor},
    )


def logout_record(*, user: User) -> None:
    """Audit a logout (``auth.logout``); call inside a transaction, before the session ends."""
    record_event(actor=user, action="auth.logout", obj=user, agency=home_agency(user))


# --- Second factor (TOTP) -----------------------------------------------------------------


def totp_device_pending(*, user: User) -> TOTPDevice:
    """The user's unconfirmed TOTP device, created when there is none (not audited: it
    grants nothing until ``totp_device_confirm``)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` with a code from the app; audited as ``auth.2fa_enable``.

    Returns False (and changes nothing) when the code is wrong.
    """
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied
    if not device.verify_token(token.strip()):
        return False
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    record_event(actor=user, action="auth.2fa_enable", obj=user, agency=home_agency(user))
    return True


@transaction.atomic
def totp_device_reset(*, actor, user: User) -> int:
    """Remove every second-factor device of ``user`` (own, or by a system administrator).

    The person must set up a new device at the next login when 2FA is required. Audited as
    ``auth.2fa_remove`` (own) or ``auth.2fa_reset`` (someone else's).
    """
    own = actor is not None and actor.pk == user.pk
    if not own and not is_system_admin(actor):
        raise PermissionDenied(_("Only a system administrator may reset another person's device."))
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    static, _detail = StaticDevice.objects.filter(user=user).delete()
    if removed or static:
        record_event(
            actor=actor,
            action="auth.2fa_remove" if own else "auth.2fa_reset",
            obj=user,
            agency=home_agency(user),
        )
    return removed + static
