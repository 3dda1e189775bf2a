"""Targets (目标考核) and the assessment table (考核).

A ``Target`` is one line of an agency's yearly targets, of the kind the county sets: "at least
160 items published, 200 aimed for", "部门动态 at least 80", "every application answered on
time". Its measure is always computed from the records (``gongkai.supervision.measures``); the
target only holds the minimum (最低目标) and the value aimed for (力争目标).

An ``Indicator`` is one line of the assessment table a disclosure office (公开办) sets for a
year: what is scored, how many points it is worth, and its parameters. Every agency below the
office is scored with the same table (``gongkai.supervision.assessment``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    ITEMS = "items", _("Items published")  # 主动公开信息数
    CATEGORY_ITEMS = "category_items", _("Items published in a catalog category")  # 栏目信息数
    ITEMS_ON_TIME = "items_on_time", _("Share of items published on time (%)")  # 发布及时率
    REPLIES_ON_TIME = "replies_on_time", _("Share of applications answered on time (%)")
    # 政策解读率: normative documents (行政规范性文件) published with a 政策解读 that explains them
    INTERPRETED = "interpreted", _("Share of normative documents with an interpretation (%)")


PERCENT_MEASURES = frozenset({Measure.ITEMS_ON_TIME, Measure.REPLIES_ON_TIME, Measure.INTERPRETED})


class Target(models.Model):
    """One target of an agency for a year, with its minimum and the value aimed for."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("measure"), max_length=20, choices=Measure.choices)
    category = models.ForeignKey(
        "catalog.Category",
        verbose_name=_("catalog category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("The category counts with every category below it."),
    )
    minimum = models.PositiveIntegerField(_("minimum"))  # 最低目标
    aimed = models.PositiveIntegerField(_("aimed for"), null=True, blank=True)  # 力争目标
    note = models.CharField(_("note"), max_length=200, blank=True)  # e.g. the article of the rules
    sort_order = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["agency", "year", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "measure"],
                condition=Q(category__isnull=True),
                name="target_one_per_measure",
            ),
            models.UniqueConstraint(
                fields=["agency", "year", "measure", "category"],
                condition=Q(category__isnull=False),
                name="target_one_per_category",
            ),
            models.CheckConstraint(
                condition=Q(aimed__isnull=True) | Q(aimed__gte=models.F("minimum")),
                name="target_aimed_at_least_minimum",
            ),
            models.CheckConstraint(
                condition=Q(measure="category_items", category__isnull=False)
                | (~Q(measure="category_items") & Q(category__isnull=True)),
                name="target_category_iff_category_measure",
            ),
            models.CheckConstraint(
                condition=~Q(measure__in=["items_on_time", "replies_on_time", "interpreted"])
                | (Q(minimum__lte=100) & (Q(aimed__isnull=True) | Q(aimed__lte=100))),
                name="target_percent_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} {self.label}"

    @property
    def is_percent(self) -> bool:
        return self.measure in PERCENT_MEASURES

    @property
    def label(self) -> str:
        if self.measure == Measure.CATEGORY_ITEMS and self.category_id:
            return str(_("Items published in “%(category)s”") % {"category": self.category.name})
        return str(self.get_measure_display())


class IndicatorKind(models.TextChoices):
    ITEMS_ON_TIME = "items_on_time", _("Publication timeliness")  # 主动公开及时性
    REPLIES_ON_TIME = "replies_on_time", _("On-time replies")  # 依申请公开按时答复
    REPORT_ON_TIME = "report_on_time", _("Annual report on time")  # 年报按时发布
    SELFCHECK = "selfcheck", _("Self-check findings")  # 网站自查问题
    TARGETS = "targets", _("Targets met")  # 目标完成


class Indicator(models.Model):
    """One indicator of a disclosure office's assessment table for a year."""

    supervisor = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("assessing agency"),
        on_delete=models.CASCADE,
        related_name="assessment_indicators",
    )  # the agency of the 公开办; every agency below it is scored
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("indicator"), max_length=20, choices=IndicatorKind.choices)
    weight = models.PositiveSmallIntegerField(_("points"))
    # Parameters of the kind: {"deduction": points per open finding} for SELFCHECK,
    # {"missing_date_late": bool} for ITEMS_ON_TIME.
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("assessment indicator")
        verbose_name_plural = _("assessment indicators")
        ordering = ["supervisor", "year", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supervisor", "year", "kind"], name="indicator_one_per_kind"
            ),
            models.CheckConstraint(condition=Q(weight__gte=1), name="indicator_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} {self.year} {self.get_kind_display()} {self.weight}"
