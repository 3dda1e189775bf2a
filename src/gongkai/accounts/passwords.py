"""Password rules, with messages that read naturally in Chinese."""

from __future__ import annotations

import re

from django.contrib.auth import password_validation as base
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator:
    def __init__(self, min_length: int = 10):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length:
            raise ValidationError(
                ngettext(
                    "The password is too short: use at least %(min_length)d character.",
                    "The password is too short: use at least %(min_length)d characters.",
                    self.min_length,
                )
                % {"min_length": self.min_length},
                code="password_too_short",
            )

    def get_help_text(self):
        return ngettext(
            "At least %(min_length)d character.",
            "At least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


class CharacterClassValidator:
    """At least three of: capital letters, small letters, digits, other characters."""

    CLASSES = (r"[A-Z]", r"[a-z]", r"[0-9]", r"[^A-Za-z0-9]")

    def validate(self, password, user=None):
        if sum(1 for pattern in self.CLASSES if re.search(pattern, password)) < 3:
            raise ValidationError(
                _(
                    "The password must mix at least three of these: capital letters, "
                    "small letters, digits and symbols."
                ),
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("At least three of: capital letters, small letters, digits and symbols.")


class UserAttributeSimilarityValidator(base.UserAttributeSimilarityValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                _("The password is too similar to your user name or other personal details."),
                code="password_too_similar",
            ) from exc

    def get_help_text(self):
        return _("It must not resemble your user name or other personal details.")


class CommonPasswordValidator(base.CommonPasswordValidator):
    def validate(self, password, user=None):
        try:
            super().validate(password, user)
        except ValidationError as exc:
            raise ValidationError(
                _("This password is too common; choose one that is harder to guess."),
                code="password_too_common",
            ) from exc

    def get_help_text(self):
        return _("It must not be a commonly used password.")
