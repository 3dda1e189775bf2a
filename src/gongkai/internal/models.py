"""内部公开 (internal disclosure): what an agency discloses to its own staff only.

An internal item is posted by the agency's 信息员 or 机关管理员 for the staff of that agency
(or of some of its departments) and is never on a public page, feed, sitemap, the public API
or the search index; who may read it is ``gongkai.internal.permissions.can_view_internal``.
Monthly financial statements (收支情况) and official spending (三公经费, 差旅费 …) carry a table of
rows; every item records who read it first when (已阅), and staff may ask the poster
questions about it.

``__str__`` of these models never shows a title or text: the audit trail, which the 公开办 of a
supervising agency reads, stores ``str(obj)``.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InternalKind(models.TextChoices):
    FINANCE = "finance", _("Monthly financial statement")  # 收支情况
    SPENDING = "spending", _("Official spending")  # 三公经费及接待费、差旅费
    INTEGRITY = "integrity", _("Leaders' integrity report")  # 领导干部廉洁自律情况
    SALARY = "salary", _("Salary and post adjustment")  # 工资和岗位调整
    DECISION = "decision", _("Major decision of the leadership meeting")  # 重大事项议事
    EVALUATION = "evaluation", _("Staff evaluation results")  # 考核结果
    OTHER = "other", _("Other internal matter")  # 其他


# Kinds whose content is a table of amounts for one month.
TABLE_KINDS = frozenset({InternalKind.FINANCE, InternalKind.SPENDING})


class InternalStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("internal item", "Draft")  # 草稿
    POSTED = "posted", _("Posted")  # 已发布
    WITHDRAWN = "withdrawn", pgettext_lazy("internal item", "Withdrawn")  # 已撤回


class SpendingCategory(models.TextChoices):
    """The rows of an official-spending table. The first four are the 三公经费."""

    RECEPTION = "reception", _("Official reception")  # 公务接待费
    VEHICLE_PURCHASE = "vehicle_purchase", _("Official vehicle purchase")  # 公务用车购置费
    VEHICLE_RUNNING = "vehicle_running", _("Official vehicle running")  # 公务用车运行维护费
    OVERSEAS = "overseas", _("Official trips abroad")  # 因公出国（境）费
    TRAVEL = "travel", _("Domestic business travel")  # 差旅费
    MEETING = "meeting", _("Meetings")  # 会议费
    TRAINING = "training", _("Training")  # 培训费


# 三公经费: trips abroad, official vehicles (purchase and running) and official reception.
THREE_PUBLIC = (
    SpendingCategory.OVERSEAS,
    SpendingCategory.VEHICLE_PURCHASE,
    SpendingCategory.VEHICLE_RUNNING,
    SpendingCategory.RECEPTION,
)


class InternalItem(models.Model):
    """One internal item (一条内部公开事项) of an agency."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="internal_items",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InternalKind.choices)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    body_html = models.TextField(_("text"), blank=True)  # sanitised (catalog.html)
    body_text = models.TextField(blank=True)
    # Empty: every staff member of the agency may read it; else only the members of these.
    departments = models.ManyToManyField(
        "agencies.Department",
        verbose_name=_("departments"),
        blank=True,
        related_name="internal_items",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=InternalStatus.choices, default=InternalStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        verbose_name = _("internal item")
        verbose_name_plural = _("internal items")
        ordering = ["-year", "-month", "-posted_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "kind", "year"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12),
                name="internal_item_month_range",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["finance", "spending"]) | Q(month__isnull=False),
                name="internal_item_table_has_month",
            ),
            # One posted statement (and one spending table) per agency and month.
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "month"],
                condition=Q(status="posted", kind__in=["finance", "spending"]),
                name="internal_item_one_posted_table_a_month",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def has_table(self) -> bool:
        return self.kind in TABLE_KINDS

    @property
    def is_posted(self) -> bool:
        return self.status == InternalStatus.POSTED


class StatementRow(models.Model):
    """One row of an item's table (科目/项目, 本月, 本年累计, 预算, 备注), amounts in yuan."""

    item = models.ForeignKey(InternalItem, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveSmallIntegerField()
    label = models.CharField(_("account or item"), max_length=100)  # 科目/项目
    # Only in an official-spending table: which spending the row is.
    category = models.CharField(
        _("spending category"), max_length=20, choices=SpendingCategory.choices, blank=True
    )
    this_month = models.DecimalField(
        _("this month"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    year_to_date = models.DecimalField(
        _("year to date"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget = models.DecimalField(
        _("budget"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("table row")
        verbose_name_plural = _("table rows")
        ordering = ["item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="statement_row_position"),
            models.UniqueConstraint(
                fields=["item", "category"],
                condition=~Q(category=""),
                name="statement_row_one_per_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.label}"

    @property
    def is_total(self) -> bool:
        """A total line (…合计, …总计), shown in bold."""
        return self.label.rstrip().endswith(("合计", "总计", "小计"))

    @property
    def remaining(self) -> Decimal | None:
        """Budget not yet spent (预算 − 本年累计), when both are given."""
        if self.budget is None or self.year_to_date is None:
            return None
        return self.budget - self.year_to_date


class InternalAttachment(models.Model):
    """A file of an internal item. The content is kept in the database, not under MEDIA_ROOT:
    ``/media/`` is served by the reverse proxy without any permission check
    (docs/deployment.md), and an internal file must be reachable only through the
    permission-checked download view."""

    item = models.ForeignKey(InternalItem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField()
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["item", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class DepartmentMembership(models.Model):
    """Staff member P works in department D (科室人员) — for the items restricted to
    departments. Kept by the agency's 机关管理员; a person may belong to several."""

    department = models.ForeignKey(
        "agencies.Department",
        verbose_name=_("department"),
        on_delete=models.CASCADE,
        related_name="internal_memberships",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="department_memberships",
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")
        ordering = ["department", "user"]
        constraints = [
            models.UniqueConstraint(fields=["department", "user"], name="department_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.department}"


class ReadReceipt(models.Model):
    """The first time a staff member opened an item (已阅)."""

    item = models.ForeignKey(InternalItem, on_delete=models.CASCADE, related_name="receipts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="internal_receipts",
    )
    read_at = models.DateTimeField(_("read at"))

    class Meta:
        verbose_name = _("read receipt")
        verbose_name_plural = _("read receipts")
        ordering = ["item", "read_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="read_receipt_once")]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"


class InternalQuestion(models.Model):
    """A question of a staff member about an item, and the poster's (or admin's) answer."""

    item = models.ForeignKey(InternalItem, on_delete=models.CASCADE, related_name="questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"))
    text = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["item", "asked_at", "pk"]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} #{self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None


class StatementReminder(models.Model):
    """The reminder sent once because an agency's statement of a month was missing."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="statement_reminders"
    )
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("statement reminder")
        verbose_name_plural = _("statement reminders")
        ordering = ["-year", "-month", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "month"], name="statement_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}-{self.month:02d}"
