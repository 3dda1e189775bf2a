"""The second factor: setting up a TOTP app, passing the check, removing one's device."""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device

from gongkai.accounts import services
from gongkai.accounts.forms import TokenForm
from gongkai.accounts.middleware import needs_second_factor
from gongkai.accounts.permissions import home_agency
from gongkai.accounts.views.auth import safe_next
from gongkai.audit.services import record_event


def qr_svg(text: str) -> str:
    """``text`` as a QR code in inline SVG (no script, no external image: fits the CSP)."""
    code = qrcode.QRCode(box_size=15, border=2)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(image_factory=qrcode.image.svg.SvgPathFillImage)
    svg = image.to_string(encoding="unicode")
    # The generator's output holds only our own path data and attributes.
    return mark_safe(svg)  # noqa: S308


def _with_next(url_name: str, request) -> str:
    target = request.GET.get("next") or request.POST.get("next")
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Show a new secret (QR code and base32 text) and confirm it with a code."""
    user = request.user
    if user_has_device(user, confirmed=True):
        if not user.is_verified():
            return redirect(_with_next("accounts:otp_verify", request))
        return render(request, "accounts/otp_setup.html", {"already": True})
    device = services.totp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.totp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on for your account."))
            return redirect(safe_next(request, "accounts:otp_manage"))
        form.add_error("token", _("The verification code is wrong or has expired."))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": qr_svg(device.config_url),
            "secret": secret,
            "secret_groups": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": request.GET.get("next") or request.POST.get("next", ""),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Pass the second factor in this session; people without a device are sent to set one
    up."""
    user = request.user
    if not user_has_device(user, confirmed=True):
        return redirect(_with_next("accounts:otp_setup", request))
    if user.is_verified():
        return redirect(safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            with transaction.atomic():
                otp_login(request, device)
                record_event(
                    actor=user, action="auth.2fa_verify", obj=user, agency=home_agency(user)
                )
            return redirect(safe_next(request))
        form.add_error("token", _("The verification code is wrong or has expired."))
    return render(
        request,
        "accounts/otp_verify.html",
        {
            "form": form,
            "next": request.GET.get("next") or request.POST.get("next", ""),
            "required": needs_second_factor(user),
        },
    )


@never_cache
@login_required
def manage(request):
    """One's own second-factor status, with a button to remove the device."""
    user = request.user
    return render(
        request,
        "accounts/otp_manage.html",
        {
            "has_device": user_has_device(user, confirmed=True),
            "required": needs_second_factor(user),
        },
    )


@login_required
@require_POST
def remove(request):
    """Remove one's own device (only from a session that passed the second factor)."""
    user = request.user
    if user_has_device(user, confirmed=True) and not user.is_verified():
        return redirect(_with_next("accounts:otp_verify", request))
    services.totp_device_reset(actor=user, user=user)
    messages.success(
        request, _("Your two-factor device has been removed. You can set up a new one now.")
    )
    return redirect("accounts:otp_manage")
