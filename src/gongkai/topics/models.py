"""点题公开 (topic requests): the public proposes what an agency should disclose.

A topic is moderated by a 审核员 of the agency it is addressed to before anyone else sees it;
an approved topic is public, others may support it (附议), and the agency answers it publicly:
it will publish by a date, it has already published (with the link), or it cannot (with the
reason). The proposer's name, mobile number and e-mail are for the staff only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TopicStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting moderation")  # 待审核
    APPROVED = "approved", _("Awaiting the agency's answer")  # 已通过, 待答复
    REJECTED = "rejected", _("Not accepted")  # 未通过
    ANSWERED = "answered", pgettext_lazy("topic", "Answered")  # 已答复


PUBLIC_STATUSES = (TopicStatus.APPROVED, TopicStatus.ANSWERED)


class AnswerKind(models.TextChoices):
    WILL_PUBLISH = "will_publish", _("Will be published")  # 将于某日前公开
    PUBLISHED = "published", _("Already published")  # 已公开
    CANNOT = "cannot", _("Cannot be published")  # 不予公开


class TopicRequest(models.Model):
    """One 点题: what a member of the public wants disclosed, and the agency's answer."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="topic_requests",
    )
    # The proposer did not know which agency: it went to the top agency, whose 公开办 routes it.
    agency_unsure = models.BooleanField(_("agency not chosen by the proposer"), default=False)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    routed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("what should be disclosed"))
    reason = models.TextField(_("why"), blank=True)
    # Personal data: never on a public page, in the API or the search index.
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    mobile = models.CharField(_("mobile phone"), max_length=20)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TopicStatus.choices, default=TopicStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    answer_kind = models.CharField(
        _("answer"), max_length=20, choices=AnswerKind.choices, blank=True
    )
    answer_text = models.TextField(_("answer text"), blank=True)  # the reason for "cannot"
    promised_by = models.DateField(_("to be published by"), null=True, blank=True)
    item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("published item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Set by the daily tick when a promised date passed without a link (once per promise).
    overdue_flagged_on = models.DateField(_("flagged as overdue on"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("topic request")
        verbose_name_plural = _("topic requests")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(answer_kind="will_publish") | Q(promised_by__isnull=False),
                name="topic_will_publish_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind="published") | Q(item__isnull=False) | ~Q(url=""),
                name="topic_published_has_link",
            ),
            models.CheckConstraint(
                condition=~Q(answer_kind="cannot") | ~Q(answer_text=""),
                name="topic_cannot_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="answered", answered_on__isnull=False, answer_kind__gt="")
                | (~Q(status="answered") & Q(answer_kind="")),
                name="topic_answer_with_status",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-support_count"], name="topic_status_support"),
            models.Index(fields=["agency", "status"], name="topic_agency_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("topics:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def promise_overdue(self, today) -> bool:
        """Promised to be published by a date that has passed, and no link yet."""
        return (
            self.answer_kind == AnswerKind.WILL_PUBLISH
            and self.promised_by is not None
            and self.promised_by < today
        )

    @property
    def link(self) -> str:
        if self.item_id and self.item is not None and self.item.is_public:
            return self.item.get_absolute_url()
        return self.url


class TopicSupport(models.Model):
    """One support (附议) from one browser: only a keyed hash of the browser's random token,
    never an address or a cookie value in clear."""

    topic = models.ForeignKey(TopicRequest, on_delete=models.CASCADE, related_name="supports")
    token_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["topic", "token_hash"], name="topic_support_once")
        ]

    def __str__(self) -> str:
        return f"{self.topic} · {self.created_at:%Y-%m-%d}"
