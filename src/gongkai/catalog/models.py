"""主动公开 (proactive disclosure): catalog, guide, items, versions, attachments, review findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# 主题分类 used on gov.cn policy pages; offered as suggestions, stored as text.
SUBJECT_SUGGESTIONS = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "人口与计划生育、妇女儿童工作",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "民族、宗教",
    "对外事务",
    "港澳台侨工作",
    "国防",
    "其他",
]


class CategoryTemplate(models.Model):
    """A node of the site-wide standard catalog template, from which agencies' catalogs are made."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=60)
    basis = models.CharField(_("statutory basis"), max_length=200, blank=True)
    update_period_days = models.PositiveIntegerField(
        _("expected update period (days)"),
        null=True,
        blank=True,
        help_text=_(
            "Flag the column when nothing was published for this many days; empty = no schedule."
        ),
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("catalog template node")
        verbose_name_plural = _("catalog template")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """A node of one agency's disclosure catalog (政府信息公开目录)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    template = models.ForeignKey(
        CategoryTemplate,
        verbose_name=_("template node"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
    )
    code = models.CharField(_("code"), max_length=60, blank=True)
    name = models.CharField(_("name"), max_length=60)
    basis = models.CharField(_("statutory basis"), max_length=200, blank=True)
    update_period_days = models.PositiveIntegerField(
        _("expected update period (days)"), null=True, blank=True
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("catalog category")
        verbose_name_plural = _("catalog categories")
        ordering = ["agency", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], condition=~Q(code=""), name="category_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:category", args=[self.agency.credit_code, self.pk])


class Guide(models.Model):
    """An agency's disclosure guide (政府信息公开指南); its facts come from the agency record."""

    agency = models.OneToOneField(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.CASCADE, related_name="guide"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    proactive_text = models.TextField(
        _("how to obtain proactively disclosed information"), blank=True
    )
    on_request_text = models.TextField(_("how to apply"), blank=True)
    fees_text = models.TextField(_("fees"), blank=True)
    remedies_text = models.TextField(_("relief channels"), blank=True)  # 复议/诉讼
    reconsideration_body = models.CharField(
        _("administrative reconsideration body"), max_length=200, blank=True
    )
    court = models.CharField(_("competent court"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    def __str__(self) -> str:
        return f"{self.agency} · {self._meta.verbose_name}"


class ItemStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved, waiting to be published")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Validity(models.TextChoices):
    VALID = "valid", _("In force")  # 有效
    EXPIRED = "expired", _("Expired")  # 失效
    REPEALED = "repealed", _("Repealed")  # 废止


class DisclosureAttribute(models.TextChoices):
    PUBLIC = "public", _("Proactive disclosure")  # 主动公开
    INTERNAL = "internal", _("Internal disclosure")  # 内部公开


PUBLIC_CONDITION = Q(status=ItemStatus.PUBLISHED, disclosure_attribute=DisclosureAttribute.PUBLIC)


class Item(models.Model):
    """One piece of disclosed information (一条公开信息)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="items"
    )
    publishers = models.ManyToManyField(
        "agencies.Agency",
        verbose_name=_("issuing agencies"),
        related_name="published_items",
        blank=True,
    )  # 发布机构 (joint documents list every agency; the lead is ``agency``)
    category = models.ForeignKey(
        Category, verbose_name=_("catalog category"), on_delete=models.PROTECT, related_name="items"
    )
    section = models.CharField(
        max_length=60, blank=True, db_index=True
    )  # first-level template code
    title = models.CharField(_("title"), max_length=300)
    doc_number = models.CharField(_("document number"), max_length=100, blank=True)  # 文号
    index_number = models.CharField(
        _("index number"), max_length=60, null=True, blank=True, unique=True
    )  # 索引号
    index_year = models.PositiveSmallIntegerField(null=True, blank=True)
    index_serial = models.PositiveIntegerField(null=True, blank=True)
    written_date = models.DateField(_("date written"), null=True, blank=True)  # 成文日期
    published_date = models.DateField(_("date published"), null=True, blank=True)  # 发布日期
    subject = models.CharField(_("subject"), max_length=60, blank=True)  # 主题分类
    keywords = models.CharField(_("keywords"), max_length=200, blank=True)  # 主题词
    summary = models.TextField(_("summary"), blank=True)  # 内容概述
    validity = models.CharField(
        _("validity"), max_length=10, choices=Validity.choices, default=Validity.VALID
    )
    validity_changed_on = models.DateField(_("validity changed on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    formed_on = models.DateField(
        _("date formed or changed"),
        null=True,
        blank=True,
        help_text=_("The information must be published within 20 working days of this date."),
    )
    due_date = models.DateField(_("publish by"), null=True, blank=True)
    published_late = models.BooleanField(_("published late"), null=True, blank=True)
    body_html = models.TextField(_("text"), blank=True)
    body_text = models.TextField(blank=True)  # plain text of body_html, for search and checks
    disclosure_attribute = models.CharField(
        _("disclosure attribute"),
        max_length=10,
        choices=DisclosureAttribute.choices,
        default=DisclosureAttribute.PUBLIC,
    )
    interprets = models.ManyToManyField(
        "self",
        verbose_name=_("interprets"),
        symmetrical=False,
        blank=True,
        related_name="interpretations",
    )  # 政策解读 → the policy documents it explains
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.DRAFT
    )
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    revised_at = models.DateTimeField(_("revised at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    return_comment = models.TextField(_("reviewer's comments"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    import_key = models.CharField(max_length=64, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["-published_date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "index_year", "index_serial"], name="item_unique_serial"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["published", "withdrawn"]) | Q(index_number__isnull=True),
                name="item_index_number_only_when_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="published")
                | Q(index_number__isnull=False, published_date__isnull=False),
                name="item_published_has_index_number",
            ),
        ]
        indexes = [
            # Keyset pagination of public lists, newest first: per category, per agency, site-wide.
            models.Index(
                fields=["category", "-published_date", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_public_category",
            ),
            models.Index(
                fields=["agency", "-published_date", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_public_agency",
            ),
            models.Index(
                fields=["section", "-published_date", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_public_section",
            ),
            models.Index(
                fields=["-published_date", "-id"],
                condition=PUBLIC_CONDITION,
                name="item_public_all",
            ),
            models.Index(fields=["agency", "status"], name="item_agency_status"),
            # The annual report's counts of an agency's year (reports.drafting), answered from
            # the index alone; status and attribute are in it because SQLite treats a partial
            # index as covering only when it holds its condition's columns.
            models.Index(
                fields=[
                    "agency",
                    "published_date",
                    "section",
                    "category",
                    "published_late",
                    "status",
                    "disclosure_attribute",
                ],
                condition=PUBLIC_CONDITION,
                name="item_public_agency_report",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("catalog:item", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return (
            self.status == ItemStatus.PUBLISHED
            and self.disclosure_attribute == DisclosureAttribute.PUBLIC
        )


class ItemVersion(models.Model):
    """Every published version of an item, kept unchanged (staff can view each one)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    data = models.JSONField(_("content"))

    class Meta:
        verbose_name = _("published version")
        verbose_name_plural = _("published versions")
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item} v{self.number}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"items/{instance.item.agency_id}/{instance.item_id}/{instance.sha256[:16]}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)  # extracted for search and the privacy check
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["item", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class FindingDecision(models.TextChoices):
    PENDING = "pending", _("Not yet looked at")
    FIXED = "fixed", _("Fixed in the text")
    ALLOWED = "allowed", _("May stay")


class ReviewFinding(models.Model):
    """Something the privacy and secrecy check found; the reviewer decides on each one."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="findings")
    fingerprint = models.CharField(max_length=64)
    kind = models.CharField(_("kind"), max_length=20)
    location = models.CharField(_("where"), max_length=220)
    masked = models.CharField(_("found"), max_length=200)
    message = models.CharField(_("what it is"), max_length=300)
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=FindingDecision.choices,
        default=FindingDecision.PENDING,
    )
    reason = models.TextField(_("why it may stay"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    still_present = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        ordering = ["item", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "fingerprint"], name="finding_unique_fingerprint"
            ),
            models.CheckConstraint(
                condition=~Q(decision="allowed") | ~Q(reason=""),
                name="finding_allowed_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display() if hasattr(self, 'get_kind_display') else self.kind}: {self.masked}"


class IndexSequence(models.Model):
    """The last 索引号 serial used per agency and year; incremented inside the publishing
    transaction, so a rolled-back publication gives its number back (no gaps)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="index_sequence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last_serial}"
