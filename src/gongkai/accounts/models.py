"""Staff accounts and the roles a person holds for agencies."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class User(AbstractUser):
    """A staff member. Citizens use the public site without an account."""

    full_name = models.CharField(
        pgettext_lazy("person", "full name"), max_length=50, blank=True
    )  # 姓名
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    def get_short_name(self) -> str:
        return self.full_name or self.username


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")  # 系统管理员
    DISCLOSURE_OFFICE = "disclosure_office", pgettext_lazy("role", "Disclosure office")  # 公开办
    AGENCY_ADMIN = "agency_admin", _("Agency administrator")  # 机关管理员
    OFFICER = "officer", _("Information officer")  # 信息员
    REVIEWER = "reviewer", _("Reviewer")  # 审核员
    HANDLER = "handler", _("Handler")  # 办理人
    LEADER = "leader", _("Leader")  # 领导


class RoleAssignment(models.Model):
    """Person P holds role R for agency A (系统管理员 holds it for the whole site: no agency)."""

    user = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="roles"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="role_assignments",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    granted_by = models.ForeignKey(
        User,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user", "agency", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"], name="role_assignment_unique"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(agency__isnull=True),
                name="role_assignment_unique_sitewide",
            ),
            # 系统管理员 is site-wide; every other role belongs to one agency.
            models.CheckConstraint(
                condition=(
                    models.Q(role="system_admin", agency__isnull=True)
                    | (~models.Q(role="system_admin") & models.Q(agency__isnull=False))
                ),
                name="role_assignment_scope",
            ),
        ]

    def __str__(self) -> str:
        if self.agency_id is None:
            return f"{self.user} · {self.get_role_display()}"
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A per-person token for the staff API (``gongkai token create USERNAME``). Only a keyed
    hash of the token is stored; the token itself is shown once, when it is created."""

    user = models.ForeignKey(
        User, verbose_name=_("staff member"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(_("begins with"), max_length=8)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.prefix}…"
