"""Forms for logging in, the second factor, and managing staff. They validate input only;
changes go through ``gongkai.accounts.services``."""

from __future__ import annotations

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_otp import match_token, user_has_device

from gongkai.accounts.models import Role
from gongkai.accounts.permissions import is_system_admin


def _clean_token(value: str) -> str:
    token = "".join((value or "").split())
    if token and (not token.isdigit() or len(token) != 6):
        raise ValidationError(_("Enter the 6-digit code shown in your authenticator app."))
    return token


class LoginForm(forms.Form):
    """User name and password, plus the TOTP code for people who have set up a device.

    ``authenticate`` runs through django-axes, which counts failures per user name and IP
    address and locks the pair out; a wrong code counts as a failure too.
    """

    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("Verification code"),
        required=False,
        max_length=12,
        help_text=_("Only if you have set up two-factor authentication: the 6-digit code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9 ]*"}
        ),
    )

    error_messages = {
        "invalid_login": _("The user name or password is wrong, or the account is switched off."),
        "token_required": _(
            "Your account uses two-factor authentication: enter the 6-digit code from your "
            "authenticator app."
        ),
        "invalid_token": _("The verification code is wrong or has expired."),
    }

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user_cache = None
        self.device = None
        super().__init__(*args, **kwargs)

    def clean_otp_token(self):
        return _clean_token(self.cleaned_data.get("otp_token", ""))

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        user = authenticate(self.request, username=username, password=password)
        if user is None:
            raise ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        if user_has_device(user, confirmed=True):
            token = self.cleaned_data.get("otp_token")
            if not token:
                if "otp_token" in self.errors:
                    return self.cleaned_data
                raise ValidationError(self.error_messages["token_required"], code="token_required")
            device = match_token(user, token)
            if device is None:
                # Count a wrong code like a wrong password, so that axes locks out guessing.
                user_login_failed.send(
                    sender=__name__,
                    credentials={"username": username},
                    request=self.request,
                )
                raise ValidationError(self.error_messages["invalid_token"], code="invalid_token")
            self.device = device
        self.user_cache = user
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self):
        return _clean_token(self.cleaned_data["token"])


class NewPasswordMixin(forms.Form):
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html,
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_new_password2(self):
        one = self.cleaned_data.get("new_password1")
        two = self.cleaned_data.get("new_password2")
        if one and two and one != two:
            raise ValidationError(_("The two passwords are not the same."))
        return two


class PasswordChangeForm(NewPasswordMixin):
    old_password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise ValidationError(_("The current password is wrong."))
        return value


class PasswordResetForm(NewPasswordMixin):
    """A manager sets a new password for someone else."""


def role_choices_for(actor, *, include_system_admin: bool) -> list[tuple[str, str]]:
    """The roles ``actor`` may hand out (系统管理员 and 公开办 need a system administrator)."""
    admin = is_system_admin(actor)
    choices = []
    for value, label in Role.choices:
        if value == Role.SYSTEM_ADMIN and not (admin and include_system_admin):
            continue
        if value == Role.DISCLOSURE_OFFICE and not admin:
            continue
        choices.append((value, label))
    return choices


class StaffCreateForm(NewPasswordMixin):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, empty_label=None)
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to log in."),
    )
    full_name = forms.CharField(label=pgettext_lazy("person", "Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    field_order = [
        "agency",
        "username",
        "full_name",
        "phone",
        "email",
        "roles",
        "new_password1",
        "new_password2",
    ]

    def __init__(self, *args, actor, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["roles"].choices = role_choices_for(actor, include_system_admin=False)
        self.fields["new_password1"].label = _("Initial password")
        self.fields["new_password2"].label = _("Initial password again")


class StaffProfileForm(forms.Form):
    full_name = forms.CharField(label=pgettext_lazy("person", "Full name"), max_length=50)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class RoleGrantForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=())
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=None,
        required=False,
        help_text=_("Leave empty only for the system administrator role, which covers the site."),
    )

    def __init__(self, *args, actor, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["role"].choices = role_choices_for(actor, include_system_admin=True)
        if not is_system_admin(actor):
            self.fields["agency"].help_text = ""
            self.fields["agency"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("role") and data["role"] != Role.SYSTEM_ADMIN and not data.get("agency"):
            self.add_error("agency", _("Choose the agency the role is for."))
        return data
