"""Site self-check (自查): runs of the check and the findings they keep.

A finding is one problem the check can judge by itself (RULES.md §3.1): a column not updated, an
empty column, a link that does not resolve… It is identified by ``(rule, key)``; while it is
open (``resolved_on`` empty) a later run that sees it again only moves ``last_seen_on``, so the
first-seen date survives, and a run that no longer sees it marks it resolved.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Rule(models.TextChoices):
    HOME_STALE = "home_stale", _("Home page not updated")  # 首页不更新
    NEWS_STALE = "news_stale", _("News column not updated")  # 动态类栏目不更新
    COLUMN_STALE = "column_stale", _("Column not updated")  # 栏目不更新
    COLUMN_EMPTY = "column_empty", _("Empty column")  # 空白栏目
    CONSULTATION = "consultation", _("Consultation unanswered")  # 互动回应差
    BROKEN_LINK = "broken_link", _("Broken internal link")  # 链接不可用
    MISSING_FILE = "missing_file", _("Attachment file missing")  # 附件不可下载
    METADATA = "metadata", _("Publish date or index number missing")  # 发布日期、索引号


class Severity(models.TextChoices):
    VETO = "veto", _("Single-veto risk")  # 单项否决
    DEDUCTION = "deduction", _("Deduction")  # 扣分


class RunTrigger(models.TextChoices):
    SCHEDULED = "scheduled", _("Daily check")
    MANUAL = "manual", _("Run by hand")


class SelfCheckRun(models.Model):
    """One run of the self-check, over the whole site or one agency and those below it."""

    run_on = models.DateField(_("date of the check"))
    trigger = models.CharField(_("started by"), max_length=10, choices=RunTrigger.choices)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: the whole site."),
    )  # the scope: this agency and every agency below it
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"))
    agencies_checked = models.PositiveIntegerField(_("agencies checked"), default=0)
    new_count = models.PositiveIntegerField(_("new findings"), default=0)
    resolved_count = models.PositiveIntegerField(_("resolved findings"), default=0)
    open_count = models.PositiveIntegerField(_("open findings"), default=0)

    class Meta:
        verbose_name = _("self-check run")
        verbose_name_plural = _("self-check runs")
        ordering = ["-started_at", "-pk"]
        constraints = [
            # The daily check runs once a day, however often ``gongkai tick`` is called.
            models.UniqueConstraint(
                fields=["run_on"],
                condition=Q(trigger="scheduled"),
                name="selfcheck_one_scheduled_run_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_on} {self.get_trigger_display()}"


class Finding(models.Model):
    """One problem found by the self-check, open until a run no longer finds it."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="selfcheck_findings",
    )  # empty: the site as a whole (its home page)
    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices)
    key = models.CharField(max_length=255)  # what the problem is about, unique per rule
    object_type = models.CharField(max_length=40, blank=True)  # "catalog.item", …
    object_id = models.CharField(max_length=40, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    params = models.JSONField(default=dict)  # the figures the message is written from
    fix_url = models.CharField(_("where to fix it"), max_length=500, blank=True)
    first_seen_on = models.DateField(_("first found on"))
    last_seen_on = models.DateField(_("last found on"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    first_run = models.ForeignKey(
        SelfCheckRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_run = models.ForeignKey(
        SelfCheckRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("self-check finding")
        verbose_name_plural = _("self-check findings")
        ordering = ["agency", "rule", "first_seen_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "key"],
                condition=Q(resolved_on__isnull=True),
                name="selfcheck_one_open_finding",
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True)
                | Q(resolved_on__gte=models.F("first_seen_on")),
                name="selfcheck_resolved_after_found",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "resolved_on"], name="selfcheck_agency_open"),
        ]

    def __str__(self) -> str:
        return f"{self.get_rule_display()}: {self.object_label}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None
