"""Per-person API tokens for the staff API. The token is shown once; only a keyed hash is kept,
so a copy of the database does not give access."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.permissions import is_system_admin
from gongkai.audit.services import record_event

PREFIX = "gk_"


def _hash(raw: str) -> str:
    return salted_hmac("gongkai.accounts.api_token", raw, algorithm="sha256").hexdigest()


@transaction.atomic
def token_create(*, actor, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``. ``actor`` None is the command line (an administrator on the
    server); otherwise only the person themself or a system administrator may create one."""
    if actor is not None and actor != user and not is_system_admin(actor):
        raise PermissionDenied
    if not user.is_active:
        raise PermissionDenied
    raw = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name[:100], key_hash=_hash(raw), prefix=raw[:8])
    record_event(
        actor=actor, action="api_token.create", obj=user, data={"token": token.prefix, "name": name}
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor, token: ApiToken) -> ApiToken:
    if actor is not None and actor != token.user and not is_system_admin(actor):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_event(
            actor=actor, action="api_token.revoke", obj=token.user, data={"token": token.prefix}
        )
    return token


def user_for_token(raw: str) -> User | None:
    """The active staff member a token belongs to, or None (unknown, revoked, inactive)."""
    if not raw or not raw.startswith(PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 300:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
