"""依申请公开 (on-request disclosure): applications and everything that happens to them.

The legal dates (receipt, 补正, consultation, extension, fee, reply) are stored as recorded
events; the clock (start, due date, pauses) is recomputed from them by ``clock.compute_clock``
and the result stored on the application, so lists can filter and sort by due date.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.applications.fees import FeeMethod
from gongkai.applications.outcomes import Outcome
from gongkai.casework.models import TimelineStep


class ApplicantKind(models.TextChoices):
    NATURAL_PERSON = "natural_person", _("Natural person")  # 自然人
    COMMERCIAL = "commercial", _("Commercial enterprise")  # 商业企业
    RESEARCH = "research", _("Research institution")  # 科研机构
    NONPROFIT = "nonprofit", _("Social welfare organisation")  # 社会公益组织
    LEGAL_SERVICE = "legal_service", _("Legal service institution")  # 法律服务机构
    OTHER = "other", _("Other organisation")  # 其他


class IdType(models.TextChoices):
    RESIDENT_ID = "resident_id", _("Resident identity card")  # 居民身份证
    PASSPORT = "passport", _("Passport")
    HK_MACAO = "hk_macao", _("Mainland travel permit for Hong Kong and Macao residents")
    TAIWAN = "taiwan", _("Mainland travel permit for Taiwan residents")
    FOREIGN_PERMANENT = "foreign_permanent", _("Foreign permanent resident ID card")
    CREDIT_CODE = "credit_code", _("Unified social credit code")  # organisations
    OTHER = "other", _("Other document")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")  # 网上申请: receipt = the day both sides confirm
    IN_PERSON = "in_person", _("In person")  # 当面提交: receipt = the day submitted
    POST = "post", _("Registered post")  # 邮寄 (需签收): receipt = the day signed for
    ORDINARY_MAIL = "ordinary_mail", _("Ordinary mail")  # 平常信函: receipt = the confirmation day
    FAX = "fax", _("Fax")  # 传真: receipt = the day both sides confirm
    EMAIL = "email", _("E-mail")  # 电子邮件 (数据电文): receipt = the day both sides confirm
    ORAL = "oral", _("Orally, form filled in by the office")  # 口头提出, 代为填写


class FormWanted(models.TextChoices):
    PAPER = "paper", _("Paper")  # 纸质
    EMAIL = "email", _("E-mail")  # 电子邮件
    DISC = "disc", _("Disc")  # 光盘
    OTHER = "other", _("Other")


class DeliveryWanted(models.TextChoices):
    POST = "post", _("By post")  # 邮寄
    COLLECT = "collect", _("Collect in person")  # 自行领取
    EMAIL = "email", _("By e-mail")  # 电子邮件
    ONLINE = "online", _("Online")  # 网上获取


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, awaiting confirmation")  # 待确认 (online)
    REGISTERED = "registered", _("Registered")  # 登记
    HANDLING = "handling", _("Being handled")  # 审核/办理
    CORRECTION = "correction", _("Waiting for the applicant's correction")  # 待补正
    FEE = "fee", _("Waiting for the fee")  # 待缴费
    DECIDED = "decided", _("Decided, reply being prepared")  # 已决定
    REPLIED = "replied", _("Replied")  # 已答复
    ARCHIVED = "archived", _("Archived")  # 已归档


OPEN_STATUSES = (Status.REGISTERED, Status.HANDLING, Status.CORRECTION, Status.FEE, Status.DECIDED)


class Application(models.Model):
    """One application for government information (政府信息公开申请)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    # 申请编号. An imported case gets ``L<agency id>-<ledger number>`` (see ``ledger.py``), so
    # ledger numbers of different agencies, or like our own, never collide.
    number = models.CharField(_("application number"), max_length=40, unique=True)
    query_code_hash = models.CharField(max_length=64)  # 查询码, stored as a keyed hash only
    # A case brought in from an agency's past ledger (台账) by ``gongkai import applications``:
    # ``ledger_number`` is its number there, unique per agency (re-running the import updates).
    imported = models.BooleanField(_("imported"), default=False)
    ledger_number = models.CharField(_("ledger number"), max_length=60, blank=True)
    # Applicant (申请人) — personal data: never on a public page, feed, index or public API.
    # Name and ID may be blank only for an imported case whose ledger does not have them.
    applicant_kind = models.CharField(_("applicant"), max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField(_("name"), max_length=100, blank=True)
    id_type = models.CharField(
        _("identity document"), max_length=20, choices=IdType.choices, blank=True
    )
    id_number = models.CharField(_("Identity document number"), max_length=40, blank=True)
    contact_person = models.CharField(
        _("contact person"), max_length=50, blank=True
    )  # for organisations
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.CharField(_("postal address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    # What is asked for (所需信息)
    info_title = models.CharField(_("information requested"), max_length=300)
    info_doc_number = models.CharField(
        _("document number of the information"), max_length=100, blank=True
    )
    info_description = models.TextField(_("description"), blank=True)
    purpose = models.TextField(
        _("purpose"), blank=True
    )  # optional; never required by the Regulation
    form_wanted = models.CharField(
        _("form"), max_length=10, choices=FormWanted.choices, blank=True
    )  # blank only for an imported case
    delivery_wanted = models.CharField(
        _("how to receive it"), max_length=10, choices=DeliveryWanted.choices, blank=True
    )
    # Receipt (Art. 31)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(_("date received"), null=True, blank=True)  # 收到申请之日
    receipt_note = models.CharField(
        _("receipt details"), max_length=200, blank=True
    )  # e.g. 挂号信签收
    received_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Handling
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_applications",
    )
    # The clock (stored, recomputed by services from the events below)
    clock_start = models.DateField(_("time limit runs from"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    paused_working_days = models.PositiveIntegerField(default=0)
    # Decision (办理结果)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reasons"), blank=True)
    provided = models.TextField(_("what was provided and how"), blank=True)
    referral_agency = models.CharField(
        _("agency that holds the information"), max_length=200, blank=True
    )
    referral_contact = models.CharField(_("its contact details"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    # Art. 44: released information turned into a proactive item
    proactive_item = models.ForeignKey(
        "catalog.Item", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(
                fields=["agency", "status", "due_date"], name="application_agency_status_due"
            ),
            models.Index(fields=["agency", "received_on"], name="application_agency_received"),
            # Table 2 of the annual report, counted from the index alone.
            models.Index(
                fields=[
                    "agency",
                    "received_on",
                    "replied_on",
                    "applicant_kind",
                    "outcome",
                    "due_date",
                ],
                name="application_agency_report",
            ),
            models.Index(fields=["id_number"], name="application_applicant_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(received_on__isnull=False, due_date__gte=models.F("received_on")),
                name="application_due_after_receipt",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["replied", "archived"]) | ~Q(outcome=""),
                name="application_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(imported=True) | (~Q(applicant_name="") & ~Q(id_number="")),
                name="application_native_has_applicant",
            ),
            models.CheckConstraint(
                condition=Q(imported=True) | Q(ledger_number=""),
                name="application_ledger_number_imported",
            ),
            models.UniqueConstraint(
                fields=["agency", "ledger_number"],
                condition=~Q(ledger_number=""),
                name="application_ledger_number_per_agency",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_organization(self) -> bool:
        return self.applicant_kind != ApplicantKind.NATURAL_PERSON


class Step(TimelineStep):
    """A line of the case's timeline (``casework.models.TimelineStep``: at, kind, text,
    public, actor). ``public`` steps are shown to the applicant on the tracking page
    (addressed to them, without staff names)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering = ["application", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.kind}"


class Correction(models.Model):
    """The one-time 补正 notice (Art. 30)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="correction"
    )
    sent_on = models.DateField(_("notice sent on"))
    what = models.TextField(_("what to supplement"))
    deadline = models.DateField(_("supplement by"))
    supplemented_on = models.DateField(_("supplement received on"), null=True, blank=True)
    supplement_text = models.TextField(_("supplement"), blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("sent_on")),
                name="correction_deadline_after_notice",
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} 补正"


class ConsultationKind(models.TextChoices):
    THIRD_PARTY = "third_party", _("Third party")  # 第三方 (Art. 32)
    AGENCY = "agency", _("Co-producing agency")  # 其他机关 (Art. 34; silence = consent)


class Consultation(models.Model):
    """A written consultation; the time from sending to the reply (or the end of the reply
    period) is not counted in the answer period."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    kind = models.CharField(_("consulted"), max_length=20, choices=ConsultationKind.choices)
    party = models.CharField(_("name"), max_length=200)
    sent_on = models.DateField(_("letter sent on"))
    party_received_on = models.DateField(_("received by them on"), null=True, blank=True)
    reply_due = models.DateField(_("reply due"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    agrees = models.BooleanField(_("agrees to disclosure"), null=True, blank=True)
    reply_summary = models.TextField(_("reply"), blank=True)

    class Meta:
        ordering = ["application", "sent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.party}"


class Extension(models.Model):
    """延期答复: at most once, up to 20 working days, approved by a 领导 before the due date."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="extension"
    )
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_on = models.DateField(null=True, blank=True)
    refused = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(days__gte=1, days__lte=20), name="extension_at_most_20_days"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} +{self.days}"


class FeeNotice(models.Model):
    """收费通知: one method per application; payment within 20 working days of receipt."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE, related_name="fee")
    method = models.CharField(_("method"), max_length=10, choices=FeeMethod.choices)
    units = models.PositiveIntegerField(_("items or pages"))
    earlier_items = models.PositiveIntegerField(default=0)  # per-item: counted earlier this month
    amount = models.DecimalField(_("amount (yuan)"), max_digits=10, decimal_places=2)
    sent_on = models.DateField(_("notice sent on"))
    received_on = models.DateField(_("notice received on"), null=True, blank=True)
    pay_by = models.DateField(_("pay by"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    lapsed_on = models.DateField(_("lapsed on"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.application} ¥{self.amount}"


class LetterKind(models.TextChoices):
    ACKNOWLEDGMENT = "acknowledgment", _("Acknowledgment of receipt")  # 受理回执
    CORRECTION = "correction", _("Correction notice")  # 补正告知书
    EXTENSION = "extension", _("Extension notice")  # 延期答复告知书
    FEE = "fee", _("Fee notice")  # 收费通知书
    CONSULTATION = "consultation", _("Consultation letter")  # 征求意见函
    REPLY = "reply", _("Reply")  # 政府信息公开申请答复书/告知书


class Letter(models.Model):
    """A formal letter (告知书). Once issued, its text and files are stored unchanged."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("letter"), max_length=20, choices=LetterKind.choices)
    reference = models.CharField(
        _("letter number"), max_length=60, blank=True
    )  # e.g. 蓝政公开〔2026〕12号
    body = models.TextField(_("text"))
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    docx = models.FileField(upload_to="letters/%Y/", blank=True)
    pdf = models.FileField(upload_to="letters/%Y/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)  # of the PDF as issued
    to_applicant = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["application", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} {self.get_kind_display()}"


class DeliveryMethod(models.TextChoices):
    POST = "post", _("Post")
    IN_PERSON = "in_person", _("Handed over in person")
    EMAIL = "email", _("E-mail")
    ONLINE = "online", _("Online (tracking page)")


class Delivery(models.Model):
    """送达 of an issued letter."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="deliveries")
    method = models.CharField(_("method"), max_length=10, choices=DeliveryMethod.choices)
    delivered_on = models.DateField(_("delivered on"))
    receipt = models.CharField(_("receipt or tracking number"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.letter} {self.delivered_on}"


class RemedyKind(models.TextChoices):
    RECONSIDERATION = "reconsideration", _("Administrative reconsideration")  # 行政复议
    LITIGATION = "litigation", _("Administrative litigation")  # 行政诉讼


class RemedyResult(models.TextChoices):
    UPHELD = "upheld", _("Upheld")  # 结果维持
    CORRECTED = "corrected", _("Corrected")  # 结果纠正
    OTHER = "other", _("Other result")  # 其他结果
    PENDING = "pending", _("Not yet concluded")  # 尚未审结


class Remedy(models.Model):
    """行政复议 / 行政诉讼 over a case (annual-report Table 3), counted by ``agency``.

    ``application`` is empty only for an imported remedy whose ledger names no application.
    An imported remedy (``gongkai import remedies``) is matched on re-runs by ``import_key``.
    """

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="remedies",
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="remedies",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=RemedyKind.choices)
    after_reconsideration = models.BooleanField(_("filed after reconsideration"), default=False)
    filed_on = models.DateField(_("filed on"))
    body = models.CharField(_("reconsideration body or court"), max_length=200, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=RemedyResult.choices, default=RemedyResult.PENDING
    )
    concluded_on = models.DateField(_("concluded on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    reference = models.CharField(_("case number"), max_length=100, blank=True)  # 案号
    imported = models.BooleanField(_("imported"), default=False)
    import_key = models.CharField(max_length=120, blank=True)

    class Meta:
        indexes = [models.Index(fields=["agency", "filed_on"], name="remedy_agency_filed")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="litigation") | Q(after_reconsideration=False),
                name="remedy_only_lawsuits_follow_review",
            ),
            models.CheckConstraint(
                condition=Q(imported=True) | Q(application__isnull=False),
                name="remedy_native_has_application",
            ),
            models.UniqueConstraint(
                fields=["agency", "import_key"],
                condition=~Q(import_key=""),
                name="remedy_import_key_per_agency",
            ),
        ]

    def __str__(self) -> str:
        subject = self.application or self.reference or self.filed_on
        return f"{subject} {self.get_kind_display()}"


class ReminderKind(models.TextChoices):
    DUE_IN_5 = "due_in_5", _("Due in 5 working days")
    DUE_IN_2 = "due_in_2", _("Due in 2 working days")
    OVERDUE = "overdue", _("Overdue (handler)")
    OVERDUE_OFFICE = "overdue_office", _("Overdue (disclosure office)")


class ReminderSent(models.Model):
    """A reminder sent once per application, kind and due date (a moved due date earns new ones)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind", "due_date"], name="reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.kind} {self.due_date}"


class ApplicationSequence(models.Model):
    """The last application number serial used per year (gap-free like 索引号)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"
