"""办事公开: service matters (政务服务事项) and the versions of their guides (办事指南).

A ``Matter`` is the stable identity of one service an agency provides (its implementation
code, 实施编码, never changes); everything a citizen reads is in a ``MatterVersion``. A change
is made in a new draft version, submitted and approved by a 审核员; the approved version becomes
``Matter.current_version`` and stays public until the next one is approved. Every version is
kept with its materials, steps, legal bases and FAQ, so staff can read and compare any of them.

Time limits are a value and a unit (working days or natural days). Where a promised limit
(承诺办结时限) and a statutory limit (法定办结时限) use different units they are compared in
working days, a natural-day limit counted as 5 working days per 7 natural days (see
``gongkai.services.limits``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy


class MatterStatus(models.TextChoices):
    DRAFT = "draft", _("Not yet published")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")  # 事项取消 / 停止办理


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted for review")
    RETURNED = "returned", _("Returned")
    PUBLISHED = "published", _("Published (current)")
    SUPERSEDED = "superseded", _("Superseded")


class MatterType(models.TextChoices):
    """事项类型 of the national basic catalogue."""

    LICENSING = "licensing", _("Administrative licensing")  # 行政许可
    CONFIRMATION = "confirmation", _("Administrative confirmation")  # 行政确认
    PAYMENT = "payment", _("Administrative payment")  # 行政给付
    LEVY = "levy", _("Administrative levy")  # 行政征收
    AWARD = "award", _("Administrative award")  # 行政奖励
    ADJUDICATION = "adjudication", _("Administrative adjudication")  # 行政裁决
    OTHER_POWER = "other_power", _("Other administrative power")  # 其他行政权力
    PUBLIC_SERVICE = "public_service", _("Public service")  # 公共服务


class PowerSource(models.TextChoices):
    """权力来源."""

    STATUTORY = "statutory", _("Exercised by this level by law")  # 法定本级行使
    DEVOLVED = "devolved", _("Devolved from a higher level")  # 上级下放
    AUTHORIZED_HIGHER = "authorized_higher", _("Authorized by a higher level")  # 上级授权
    AUTHORIZED_PEER = "authorized_peer", _("Authorized by the same level")  # 同级授权
    ENTRUSTED_HIGHER = "entrusted_higher", _("Entrusted by a higher level")  # 上级委托
    ENTRUSTED_PEER = "entrusted_peer", _("Entrusted by the same level")  # 同级委托


class CaseKind(models.TextChoices):
    """办件类型."""

    IMMEDIATE = "immediate", _("Handled on the spot")  # 即办件
    PROMISED = "promised", _("Handled within a promised time")  # 承诺件


class LimitUnit(models.TextChoices):
    # A context of their own: elsewhere "working days" reads 工作日数 (a count).
    WORKING_DAYS = "working", pgettext_lazy("time limit unit", "working days")  # 工作日
    NATURAL_DAYS = "natural", pgettext_lazy("time limit unit", "natural days")  # 自然日


class OnlineDepth(models.TextChoices):
    """网上办理深度."""

    INFORMATION = "information", _("Level 1: information online, handled at the window")
    BOOKING = "booking", _("Level 2: booking and form download online")
    PRE_REVIEW = "pre_review", _("Level 3: application and pre-review online")
    FULL = "full", _("Level 4: handled entirely online")


class ResultType(models.TextChoices):
    """办理结果类型."""

    CERTIFICATE = "certificate", _("Certificate or licence")  # 证照
    APPROVAL = "approval", _("Approval document")  # 批文
    PROOF = "proof", _("Proof or record")  # 证明 / 备案
    PAYMENT = "payment", _("Payment or benefit")  # 给付
    OTHER = "other", _("Other")


class MaterialForm(models.TextChoices):
    """The form in which a material is handed in (原件 / 复印件 / 电子件)."""

    ORIGINAL = "original", _("Original")  # 原件
    COPY = "copy", _("Copy")  # 复印件
    ORIGINAL_AND_COPY = "original_and_copy", _("Original and copy")  # 原件和复印件
    ELECTRONIC = "electronic", _("Electronic")  # 电子件


def limit_text(value: int | None, unit: str) -> str:
    """ "15个工作日" / "60个自然日" (translated); "" when there is no limit."""
    if value is None:
        return ""
    if unit == LimitUnit.NATURAL_DAYS:
        return ngettext("%(n)d natural day", "%(n)d natural days", value) % {"n": value}
    return ngettext("%(n)d working day", "%(n)d working days", value) % {"n": value}


def material_file_path(instance: MaterialFile, filename: str) -> str:
    return f"services/{instance.agency_id}/{instance.sha256[:16]}/{filename}"


class MaterialFile(models.Model):
    """An uploaded blank form (空白表格) or filled-in sample (示例样表) of a material.

    Files are shared by the versions that use them: a new draft refers to the same file until
    somebody uploads another one, so nothing is copied.
    """

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("agency"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=material_file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    mime = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material file")
        verbose_name_plural = _("material files")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:file", args=[self.pk, self.name])


class FeeItem(models.Model):
    """One line of an agency's fee list (收费项目及标准)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="service_fee_items",
    )
    name = models.CharField(_("fee"), max_length=200)  # 收费项目
    standard = models.CharField(_("rate"), max_length=300)  # 收费标准, e.g. 每件10元
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("charged per"), max_length=40, blank=True)  # 件 / 次 / 平方米
    basis = models.TextField(_("basis"), blank=True)  # 收费依据
    basis_item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("published basis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("notes"), blank=True)  # 减免说明 etc.
    is_active = models.BooleanField(_("in force"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fee list entry")
        verbose_name_plural = _("fee list")
        ordering = ["agency", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="services_fee_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Matter(models.Model):
    """One service matter (政务服务事项) of an agency; its guide is ``current_version``.

    ``name``, ``department`` and ``basic_code`` repeat the current version's (or, before the
    first publication, the latest draft's) so lists and other apps need no join.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="service_matters",
    )
    department = models.ForeignKey(
        "agencies.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="service_matters",
    )
    name = models.CharField(_("matter name"), max_length=200)  # 事项名称
    basic_code = models.CharField(_("basic code"), max_length=60, blank=True)  # 基本编码
    implementation_code = models.CharField(
        _("implementation code"), max_length=80, unique=True
    )  # 实施编码
    status = models.CharField(
        _("status"), max_length=12, choices=MatterStatus.choices, default=MatterStatus.DRAFT
    )
    current_version = models.OneToOneField(
        "MatterVersion",
        verbose_name=_("current version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_on = models.DateField(_("last changed on"), null=True, blank=True)  # 最近更新
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason for withdrawal"), blank=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service matter")
        verbose_name_plural = _("service matters")
        ordering = ["agency", "sort_order", "implementation_code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(current_version__isnull=False),
                name="services_published_matter_has_version",
            )
        ]
        indexes = [models.Index(fields=["agency", "status"], name="services_matter_agency")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:matter", args=[self.implementation_code])

    @property
    def is_public(self) -> bool:
        return self.status == MatterStatus.PUBLISHED and self.current_version_id is not None


class MatterVersion(models.Model):
    """One version of a matter's guide with every element (RULES.md §4.1)."""

    matter = models.ForeignKey(Matter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    # Identity and classification
    name = models.CharField(_("matter name"), max_length=200)
    basic_code = models.CharField(_("basic code"), max_length=60, blank=True)
    department = models.ForeignKey(
        "agencies.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    matter_type = models.CharField(_("matter type"), max_length=20, choices=MatterType.choices)
    power_source = models.CharField(
        _("source of power"), max_length=20, choices=PowerSource.choices
    )
    implementing_body = models.CharField(_("implementing body"), max_length=200)  # 实施主体
    serves_natural_persons = models.BooleanField(_("serves natural persons"), default=False)
    serves_organizations = models.BooleanField(_("serves legal persons"), default=False)

    # Conditions and procedure
    conditions = models.TextField(_("conditions"))  # 受理条件
    case_kind = models.CharField(_("case kind"), max_length=10, choices=CaseKind.choices)

    # Time limits
    statutory_limit = models.PositiveSmallIntegerField(
        _("statutory time limit"), null=True, blank=True
    )
    statutory_unit = models.CharField(
        _("unit of the statutory limit"),
        max_length=10,
        choices=LimitUnit.choices,
        default=LimitUnit.WORKING_DAYS,
    )
    statutory_note = models.CharField(_("notes on the statutory limit"), max_length=300, blank=True)
    promised_limit = models.PositiveSmallIntegerField(_("promised time limit"), default=0)
    promised_unit = models.CharField(
        _("unit of the promised limit"),
        max_length=10,
        choices=LimitUnit.choices,
        default=LimitUnit.WORKING_DAYS,
    )
    promised_note = models.CharField(_("notes on the promised limit"), max_length=300, blank=True)
    special_procedures = models.TextField(
        _("special procedures (not counted in the limit)"), blank=True
    )  # 特别程序
    visits = models.PositiveSmallIntegerField(_("visits to the service site"), default=1)

    # Fees
    charges_fee = models.BooleanField(_("charges a fee"), default=False)
    fee_basis = models.TextField(_("fee basis"), blank=True)
    fee_standard = models.TextField(_("fee rate"), blank=True)
    fee_items = models.ManyToManyField(
        FeeItem, verbose_name=_("fee list entries"), blank=True, related_name="versions"
    )

    # Where and when
    place = models.CharField(_("place"), max_length=300)  # 办理地点
    hours = models.CharField(_("hours"), max_length=300)  # 办理时间
    consultation_phone = models.CharField(_("consultation phone"), max_length=100)
    consultation_other = models.CharField(_("other ways to ask"), max_length=300, blank=True)
    complaint_phone = models.CharField(_("complaint phone"), max_length=100)
    complaint_other = models.CharField(_("other ways to complain"), max_length=300, blank=True)
    online_url = models.URLField(_("online handling address"), max_length=300, blank=True)
    mobile_url = models.URLField(_("mobile handling address"), max_length=300, blank=True)
    online_depth = models.CharField(
        _("online handling depth"),
        max_length=12,
        choices=OnlineDepth.choices,
        default=OnlineDepth.INFORMATION,
    )

    # Result
    result_name = models.CharField(_("result"), max_length=200)  # 办理结果名称
    result_type = models.CharField(_("result type"), max_length=12, choices=ResultType.choices)
    result_sample = models.ForeignKey(
        MaterialFile,
        verbose_name=_("sample of the result"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    # Review
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField(_("reason for returning"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_on = models.DateField(_("date published"), null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)  # import idempotence

    class Meta:
        verbose_name = _("guide version")
        verbose_name_plural = _("guide versions")
        ordering = ["matter", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["matter", "number"], name="services_version_unique"),
            models.UniqueConstraint(
                fields=["matter"],
                condition=Q(status__in=["draft", "submitted", "returned"]),
                name="services_one_open_version",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_on__isnull=False),
                name="services_published_version_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.number}"

    @property
    def statutory_text(self) -> str:
        return limit_text(self.statutory_limit, self.statutory_unit)

    @property
    def promised_text(self) -> str:
        if self.case_kind == CaseKind.IMMEDIATE:
            return str(CaseKind.IMMEDIATE.label)
        return limit_text(self.promised_limit, self.promised_unit)

    @property
    def audience_labels(self) -> list[str]:
        labels = []
        if self.serves_natural_persons:
            labels.append(str(_("Natural persons")))
        if self.serves_organizations:
            labels.append(str(_("Legal persons")))
        return labels

    @property
    def agency(self):
        """The matter's agency (for the permission rule and the audit record)."""
        return self.matter.agency

    @property
    def is_open(self) -> bool:
        """Still being worked on (draft, submitted or returned)."""
        return self.status in (VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.RETURNED)


class LegalBasis(models.Model):
    """设定依据 / 实施依据: a law or regulation and the article, linked to the catalog item where
    the document is published, when there is one."""

    version = models.ForeignKey(MatterVersion, on_delete=models.CASCADE, related_name="bases")
    title = models.CharField(_("law or regulation"), max_length=200)
    article = models.CharField(_("articles"), max_length=200, blank=True)
    excerpt = models.TextField(_("text of the provision"), blank=True)
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("published item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")
        ordering = ["version", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.article}".strip()


class Material(models.Model):
    """申请材料: one document an applicant hands in."""

    version = models.ForeignKey(MatterVersion, on_delete=models.CASCADE, related_name="materials")
    name = models.CharField(_("material"), max_length=200)
    form = models.CharField(_("form"), max_length=20, choices=MaterialForm.choices)
    copies = models.PositiveSmallIntegerField(_("copies"), default=1)
    required = models.BooleanField(_("required"), default=True)
    source = models.CharField(_("where it comes from"), max_length=200, blank=True)  # 来源渠道
    requirements = models.TextField(_("requirements"), blank=True)
    blank_form = models.ForeignKey(
        MaterialFile,
        verbose_name=_("blank form"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sample = models.ForeignKey(
        MaterialFile,
        verbose_name=_("filled-in sample"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials")
        ordering = ["version", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    """办理流程: one step, drawn as a box of the flowchart."""

    version = models.ForeignKey(MatterVersion, on_delete=models.CASCADE, related_name="steps")
    title = models.CharField(_("step"), max_length=60)  # 申请 / 受理 / 审查 / 决定 / 送达
    description = models.TextField(_("what happens"), blank=True)
    time_limit = models.CharField(_("time for this step"), max_length=100, blank=True)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("procedure step")
        verbose_name_plural = _("procedure steps")
        ordering = ["version", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """常见问题: one question and its answer."""

    version = models.ForeignKey(MatterVersion, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=300)
    answer = models.TextField(_("answer"))
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("frequently asked question")
        verbose_name_plural = _("frequently asked questions")
        ordering = ["version", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.question


class FindingDecision(models.TextChoices):
    PENDING = "pending", _("Not yet looked at")
    ALLOWED = "allowed", _("May stay")


class VersionFinding(models.Model):
    """Something the privacy check (``catalog.privacy.scan``) found in a version's texts; a
    version cannot be approved while one is pending."""

    version = models.ForeignKey(MatterVersion, on_delete=models.CASCADE, related_name="findings")
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

    class Meta:
        verbose_name = _("review finding")
        verbose_name_plural = _("review findings")
        ordering = ["version", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "fingerprint"], name="services_finding_unique"
            ),
            models.CheckConstraint(
                condition=~Q(decision="allowed") | ~Q(reason=""),
                name="services_finding_allowed_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.masked}"


class LifeEvent(models.Model):
    """人生事件 / 主题 (出生, 上学, 就业, 开办企业 …): a topic of the service directory, kept by the
    公开办 or 机关管理员 of its owning agency (normally the county government)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("kept by"),
        on_delete=models.PROTECT,
        related_name="service_life_events",
    )
    name = models.CharField(_("life event"), max_length=60)
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)
    for_natural_persons = models.BooleanField(_("for natural persons"), default=True)
    for_organizations = models.BooleanField(_("for legal persons"), default=False)
    matters = models.ManyToManyField(
        Matter, verbose_name=_("matters"), blank=True, related_name="life_events"
    )
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("life event")
        verbose_name_plural = _("life events")
        ordering = ["sort_order", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("services:life_event", args=[self.slug])
