"""公示: a notice put up for a period in which anyone may object (拟任职前公示, 项目审批前公示,
评优评先公示, 征收补偿公示 …), the objections received, and the result after the period.

States: draft → submitted (待审核) → published → result published → closed; a reviewer may
send a submitted notice back to draft with a note. While published, the dates decide what the
public sees: nothing before ``starts_on`` (the notice goes up on its first day), "in period"
from ``starts_on`` to ``ends_on`` (both days count), "period over" after it until the result
is recorded.

Objections (异议) are private to the agency: what a person typed, with the name and phone they
chose to give (both optional: anonymous objections are accepted, as 任前公示 notices commonly
accept them), is read only by staff holding "notice.objections". The public sees only the
number received, and only once the result is published.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    APPOINTMENT = "appointment", _("Pre-appointment notice")  # 拟任职前公示 (任前公示)
    PROJECT = "project", _("Pre-approval notice of a project")  # 项目审批前公示
    AWARD = "award", _("Notice of commendations")  # 评优评先公示
    EXPROPRIATION = "expropriation", _("Notice of expropriation compensation")  # 征收补偿公示
    SUBSIDY = "subsidy", _("Notice of subsidy recipients")  # 补助、救助对象公示
    OTHER = "other", _("Other notice")  # 其他公示


class Counting(models.TextChoices):
    NATURAL = "natural", pgettext_lazy("counting", "Natural days")  # 自然日
    WORKING = "working", pgettext_lazy("counting", "Working days")  # 工作日


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for review")
    PUBLISHED = "published", _("Published")
    RESULT = "result", _("Result published")
    CLOSED = "closed", pgettext_lazy("notice", "Closed")


PUBLIC_STATUSES = (Status.PUBLISHED, Status.RESULT, Status.CLOSED)


class Outcome(models.TextChoices):
    """The result of a notice (公示结果), shown publicly after the period."""

    NO_OBJECTION = "no_objection", _("No objection received")  # 公示期内无异议
    NOT_UPHELD = "not_upheld", _("Objections received, verified and found groundless")
    UPHELD = "upheld", _("Objections received, verified and found valid")  # 异议属实
    PARTLY_UPHELD = "partly_upheld", _("Objections received, verified and found partly valid")


class Notice(models.Model):
    """One notice (一则公示) of an agency."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="notices",
    )
    kind = models.CharField(_("kind of notice"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    body_html = models.TextField(_("text of the notice"))  # sanitised (nh3)
    body_text = models.TextField(blank=True)  # plain text of body_html: search, privacy check
    starts_on = models.DateField(_("first day of the period"))
    period_days = models.PositiveSmallIntegerField(_("length of the period"))
    counting = models.CharField(
        _("days counted as"), max_length=10, choices=Counting.choices, default=Counting.NATURAL
    )
    ends_on = models.DateField(_("last day of the period"))
    # Why the last day is not the one computed from the first day and the length.
    end_reason = models.TextField(_("reason for a different last day"), blank=True)
    contact_department = models.CharField(_("department receiving objections"), max_length=100)
    objection_phone = models.CharField(_("phone for objections"), max_length=50, blank=True)
    objection_address = models.CharField(_("address for objections"), max_length=200, blank=True)
    accepts_online = models.BooleanField(_("objections through this website"), default=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    review_note = models.TextField(_("reviewer's note"), blank=True)  # why it was sent back
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.CharField(_("result"), max_length=20, choices=Outcome.choices, blank=True)
    result_text = models.TextField(_("text of the result"), blank=True)
    result_on = models.DateField(_("result published on"), null=True, blank=True)
    result_correction = models.TextField(_("reason for correcting the result"), blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="notice_period_in_order"
            ),
            models.CheckConstraint(condition=Q(period_days__gte=1), name="notice_period_positive"),
        ]
        indexes = [
            models.Index(fields=["status", "ends_on"], name="notice_status_ends"),
            models.Index(fields=["agency", "status"], name="notice_agency_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("notices:detail", args=[self.pk])

    @property
    def is_public_status(self) -> bool:
        return self.status in PUBLIC_STATUSES


class Channel(models.TextChoices):
    ONLINE = "online", _("Online form")
    PHONE = "phone", pgettext_lazy("channel", "Phone")
    LETTER = "letter", pgettext_lazy("channel", "Letter")
    VISIT = "visit", _("In person")


class Finding(models.TextChoices):
    """What the verification of one objection found (核实情况)."""

    UPHELD = "upheld", _("Valid")  # 属实
    PARTLY_UPHELD = "partly_upheld", _("Partly valid")  # 部分属实
    NOT_UPHELD = "not_upheld", _("Groundless")  # 不属实
    OUT_OF_SCOPE = "out_of_scope", _("Not about this notice")  # 不属于本次公示事项


class Objection(models.Model):
    """One objection (异议) to a notice; private to the agency (see the module docstring)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="objections")
    channel = models.CharField(
        _("received by"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    text = models.TextField(_("the objection"))
    received_on = models.DateField(_("received on"))
    submitted_at = models.DateTimeField(_("entered at"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    finding = models.CharField(_("finding"), max_length=20, choices=Finding.choices, blank=True)
    reply_note = models.TextField(_("how it was verified and answered"), blank=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["notice", "received_on", "pk"]

    def __str__(self) -> str:
        return f"{self.notice_id}/{self.pk}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None

    @property
    def is_anonymous(self) -> bool:
        return not (self.name or self.phone)
