"""年度报告 (annual report): the figures an agency enters, and each version of its report.

A report's figures are computed from the records (``compute.compute_figures``) and never typed
in; the only figures an agency enters are the Table 1 decision counts and the fee total, which
the records do not hold (``EnteredFigures``). A draft's figures are recomputed whenever it is
looked at; submitting it for publication freezes them, with the list of cases behind the
carry-over, so that later edits of cases never change a report that went out. A correction is
a new version with its reason.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class EnteredFigures(models.Model):
    """Table 1's 行政许可, 行政处罚, 行政强制 (decision counts) and 行政事业性收费 (万元) for one
    agency and year, entered by the agency or imported, with who entered them and when."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    licensing = models.PositiveIntegerField(
        _("administrative licensing decisions"), default=0
    )  # 行政许可
    penalties = models.PositiveIntegerField(
        _("administrative penalty decisions"), default=0
    )  # 行政处罚
    enforcement = models.PositiveIntegerField(
        _("administrative enforcement decisions"), default=0
    )  # 行政强制
    fees_wan = models.DecimalField(
        _("administrative fees collected (10,000 yuan)"),
        max_digits=14,
        decimal_places=4,
        default=0,
        validators=[MinValueValidator(0)],
    )  # 行政事业性收费（万元）
    source = models.CharField(
        _("source"), max_length=100, blank=True
    )  # e.g. "导入：2025年报告.docx"
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"))

    class Meta:
        verbose_name = _("entered figures")
        verbose_name_plural = _("entered figures")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="entered_figures_once"),
            models.CheckConstraint(condition=Q(fees_wan__gte=0), name="entered_fees_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}"


class Source(models.TextChoices):
    COMPUTED = "computed", _("Computed from the records")
    IMPORTED = "imported", _("Imported from a published report")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In review")  # the catalog item is under review
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded by a correction")


class AnnualReport(models.Model):
    """One version of an agency's report for a year.

    ``figures`` is the JSON form of ``docs/annual-report-json.md``; for a draft it is the last
    computation (recomputed by the services), from submission on it is frozen. ``carry_over``
    holds the numbers of the cases in row 四 (open on 31 December) at freezing time, so next
    year's row 二 can be reconciled case by case.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="annual_reports",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.COMPUTED
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    figures = models.JSONField(_("figures"), default=dict)
    previous = models.JSONField(_("last year's figures"), null=True, blank=True)
    sections = models.JSONField(_("text"), default=dict)  # layout.SECTION_KEYS → text
    edited_sections = models.JSONField(default=list)  # keys the agency rewrote by hand
    carry_over = models.JSONField(default=list)  # application numbers in row 四 when frozen
    fee_yuan = models.DecimalField(
        _("processing fees collected (yuan)"), max_digits=12, decimal_places=2, default=0
    )  # 信息处理费, part 六
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("catalog item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_file = models.CharField(_("imported from"), max_length=200, blank=True)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["agency", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "version"], name="annual_report_version_unique"
            ),
            # At most one version of a year is being worked on at a time.
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=Q(status__in=["draft", "submitted"]),
                name="annual_report_one_open_version",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(correction_reason=""),
                name="annual_report_correction_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["agency", "year", "status"], name="report_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} v{self.version}"

    @property
    def is_frozen(self) -> bool:
        return self.status != ReportStatus.DRAFT

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"
