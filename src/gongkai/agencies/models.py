"""Agencies (机关), their departments (科室) and leaders (领导分工)."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.credit_code import validate_credit_code


class AgencyKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government")  # 人民政府
    DEPARTMENT = "department", _("Government department")  # 政府工作部门
    TOWN = "town", _("Town or township")  # 乡镇人民政府 / 街道办事处
    INSTITUTION = "institution", _("Public institution")  # 事业单位 / 法律法规授权组织


DISCLOSURE_OFFICE_FIELDS = (
    "disclosure_office_name",
    "disclosure_address",
    "disclosure_postcode",
    "disclosure_office_hours",
    "disclosure_phone",
    "disclosure_fax",
    "disclosure_email",
)


class Agency(models.Model):
    """An agency (机关) that discloses information in its own name."""

    name = models.CharField(_("full name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("18 characters, as on the agency's registration certificate."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AgencyKind.choices)
    functions = models.TextField(_("functions"), blank=True)  # 机关职能
    address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("A postcode has six digits."))],
    )
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # The body that receives applications and runs disclosure work (政府信息公开工作机构), when
    # its name or contact data differ from the agency's own; the disclosure guide (指南) and the
    # application pages print these, falling back to the agency's fields when blank.
    disclosure_office_name = models.CharField(
        _("disclosure office name"),
        max_length=100,
        blank=True,
        help_text=_("The body that handles disclosure work, e.g. the general office."),
    )
    disclosure_address = models.CharField(
        _("disclosure office address"), max_length=200, blank=True
    )
    disclosure_postcode = models.CharField(
        _("disclosure office postcode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", _("A postcode has six digits."))],
    )
    disclosure_office_hours = models.CharField(
        _("disclosure office hours"), max_length=200, blank=True
    )
    disclosure_phone = models.CharField(_("disclosure office phone"), max_length=100, blank=True)
    disclosure_fax = models.CharField(_("disclosure office fax"), max_length=50, blank=True)
    disclosure_email = models.EmailField(_("disclosure office e-mail"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["sort_order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="agency_not_own_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agencies:detail", args=[self.credit_code])

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def has_disclosure_office(self) -> bool:
        """Whether any contact fact of the disclosure office (公开工作机构) was filled in."""
        return any(getattr(self, name) for name in DISCLOSURE_OFFICE_FIELDS)

    def ancestor_ids(self) -> list[int]:
        """Ids of the agencies above this one, nearest first (one query per level)."""
        ids: list[int] = []
        parent_id = self.parent_id
        seen = {self.pk}
        while parent_id is not None and parent_id not in seen:
            ids.append(parent_id)
            seen.add(parent_id)
            parent_id = (
                Agency.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
            )
        return ids


class Department(models.Model):
    """A department (科室) inside an agency."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=100)
    duties = models.TextField(_("duties"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["agency", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """A leader of an agency and the work he or she is in charge of (领导分工)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="leaders"
    )
    name = models.CharField(_("name"), max_length=50)
    title = models.CharField(_("position"), max_length=100)  # 职务, e.g. 局长
    duties = models.TextField(_("responsibilities"), blank=True)  # 分工
    biography = models.TextField(_("biography"), blank=True)  # 简历
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")
        ordering = ["agency", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"
