"""Online interviews (在线访谈): the event, its guests, the public's questions, the answers,
the host's messages and the distinct viewers counted for the participants figure.

An interview runs draft → announced (questions open before the event) → live → ended (the
rest of the approved questions are answered) → archived (the transcript is fixed as stored
HTML and text). Only approved questions are ever public; a question's contact is private.

``Interview.version`` goes up by one with every change the live page or the staff console
shows (a question submitted, approved or rejected, an answer, a host message, a change of
state or of the interview's facts). A question or host message stores in ``seq`` the
version at which its public form last changed, so "what changed since version N" is
``seq > N`` (see ``gongkai.interviews.live``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")  # 草稿
    ANNOUNCED = "announced", _("Announced")  # 预告，征集问题
    LIVE = "live", _("Live")  # 正在直播
    ENDED = "ended", _("Ended")  # 已结束，答复剩余问题
    ARCHIVED = "archived", _("Archived")  # 已归档，实录固定


PUBLIC_STATUSES = (Status.ANNOUNCED, Status.LIVE, Status.ENDED, Status.ARCHIVED)
# The public may ask before and during the event.
QUESTIONS_OPEN = (Status.ANNOUNCED, Status.LIVE)


def _image_path(instance, filename: str) -> str:
    return f"interviews/{instance.agency_id}/{filename}"


class Interview(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    topic = models.CharField(_("topic"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    host = models.CharField(_("host"), max_length=50)  # 主持人
    scheduled_start = models.DateTimeField(_("scheduled start"))
    scheduled_end = models.DateTimeField(_("scheduled end"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    image = models.FileField(_("picture"), upload_to=_image_path, blank=True)
    version = models.PositiveBigIntegerField(default=0)
    announced_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # The transcript as archived (文字实录), stored once and shown unchanged afterwards.
    transcript_html = models.TextField(blank=True)
    transcript_text = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("online interview")
        verbose_name_plural = _("online interviews")
        ordering = ["-scheduled_start", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scheduled_end__gt=models.F("scheduled_start")),
                name="interview_end_after_start",
            )
        ]
        indexes = [
            models.Index(fields=["status", "scheduled_start"], name="interview_status_start"),
            models.Index(fields=["agency", "status"], name="interview_agency_status"),
        ]

    def __str__(self) -> str:
        return self.topic

    def get_absolute_url(self) -> str:
        return reverse("interviews:detail", args=[self.pk])

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def questions_open(self) -> bool:
        return self.status in QUESTIONS_OPEN


class Guest(models.Model):
    """A guest of an interview (usually a leader of the agency): name and post as shown."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="guests")
    leader = models.ForeignKey(
        "agencies.Leader",
        verbose_name=_("leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interview_guests",
    )
    name = models.CharField(_("name"), max_length=50)
    post = models.CharField(_("post"), max_length=100)  # 职务
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("guest")
        verbose_name_plural = _("guests")
        ordering = ["interview", "sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.post} {self.name}".strip()


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class Question(models.Model):
    """A question from the public. ``contact`` is private: it never reaches a public page, the
    poll, the public API or the search index, and staff see it only on request (audited)."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="questions")
    nickname = models.CharField(_("nickname"), max_length=30, blank=True)
    text = models.TextField(_("question"))
    contact = models.CharField(_("contact"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    asked_live = models.BooleanField(default=False)  # submitted while the interview was live
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reject_reason = models.CharField(_("reason"), max_length=200, blank=True)  # internal
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["submitted_at", "pk"]
        indexes = [
            models.Index(fields=["interview", "status"], name="iv_question_status"),
            models.Index(fields=["interview", "seq"], name="iv_question_seq"),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class AnswerPhase(models.TextChoices):
    LIVE = "live", _("Answered live")  # 现场答复
    AFTERWARDS = "afterwards", _("Answered afterwards")  # 会后答复


class Answer(models.Model):
    """A guest's answer to one approved question; ``entered_by`` is who typed it (the guest or
    an 信息员 on the guest's behalf)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="answer")
    guest = models.ForeignKey(Guest, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(_("answer"))
    phase = models.CharField(_("when"), max_length=20, choices=AnswerPhase.choices)
    answered_at = models.DateTimeField(_("answered at"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    corrected_at = models.DateTimeField(null=True, blank=True)
    # The version at which the answer was posted: its place in the stream (a correction
    # changes the question's ``seq`` so viewers get it, but not this place).
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return self.text[:40]


class HostMessage(models.Model):
    """An announcement of the host (主持人) in the stream."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="messages")
    text = models.TextField(_("message"))
    posted_at = models.DateTimeField()
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("host message")
        verbose_name_plural = _("host messages")
        ordering = ["seq", "pk"]
        indexes = [models.Index(fields=["interview", "seq"], name="iv_message_seq")]

    def __str__(self) -> str:
        return self.text[:40]


class Viewer(models.Model):
    """One distinct browser that followed the interview while it was announced or live.

    ``token`` is an HMAC of a random cookie id and the interview: nothing about the person,
    and the same browser cannot be linked across interviews."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="viewers")
    token = models.CharField(max_length=32)
    first_seen = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "token"], name="iv_viewer_unique")
        ]

    def __str__(self) -> str:
        return self.token
