"""Second factor enforcement: with GONGKAI_REQUIRE_2FA=1, a 系统管理员 or 公开办 who has not
passed a TOTP check in this session can reach only the 2FA pages and logout."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import is_system_admin, roles_of

ROLES_NEEDING_2FA = {Role.SYSTEM_ADMIN, Role.DISCLOSURE_OFFICE}


def needs_second_factor(user) -> bool:
    if not settings.GONGKAI_REQUIRE_2FA or not user.is_authenticated:
        return False
    return is_system_admin(user) or bool(roles_of(user) & ROLES_NEEDING_2FA)


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user) and not user.is_verified():
            allowed = {
                reverse("accounts:otp_setup"),
                reverse("accounts:otp_verify"),
                reverse("accounts:logout"),
            }
            path = request.path
            if path not in allowed and not path.startswith(settings.STATIC_URL):
                return redirect(f"{reverse('accounts:otp_verify')}?next={path}")
        return self.get_response(request)
