"""意见征集 and 听证: a draft published for comments (or a hearing announced for participants),
the comments received, and the feedback report (采纳情况) published after closing.

One model, ``Solicitation``, with a ``kind``: a hearing (听证) has the same life — announced
with dates, input collected (registrations of participants and the opinions heard), closed,
answered with a feedback report — plus its time, place, seats and the record (听证笔录).

States: draft → published → closed → feedback published. While published, the dates decide
what the public sees: "upcoming" before ``opens_on``, "open" from ``opens_on`` to
``closes_on`` (both days count, natural days), "ended" after it until the daily job (or a staff
member) closes it.

What the public typed (name, phone, e-mail) stays here and never reaches a public page, the
search index or the public API: a comment is shown only after moderation, as its
``public_text`` (the text with personal data removed), under "公众意见" or a nickname.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Kind(models.TextChoices):
    SOLICITATION = "solicitation", _("Opinion solicitation")  # 意见征集
    HEARING = "hearing", _("Hearing")  # 听证


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed, feedback being prepared")
    FEEDBACK_PUBLISHED = "feedback_published", _("Feedback published")


PUBLIC_STATUSES = (Status.PUBLISHED, Status.CLOSED, Status.FEEDBACK_PUBLISHED)


class Solicitation(models.Model):
    """One draft put out for comments (征求意见稿), or one hearing (听证会)."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="solicitations",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.SOLICITATION
    )
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    draft_html = models.TextField(_("draft text"), blank=True)  # sanitised (nh3)
    draft_text = models.TextField(blank=True)  # plain text of draft_html: search, privacy check
    explanation_html = models.TextField(_("drafting explanation"), blank=True)  # 起草说明
    explanation_text = models.TextField(blank=True)
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    # Why the period is shorter than 30 days (the norm for major administrative decisions).
    short_period_reason = models.TextField(
        _("reason for a period shorter than 30 days"), blank=True
    )
    accepts_online = models.BooleanField(_("comments through this website"), default=True)
    comment_email = models.EmailField(_("e-mail address for comments"), blank=True)
    comment_address = models.CharField(_("postal address for comments"), max_length=200, blank=True)
    comment_postcode = models.CharField(_("postcode"), max_length=6, blank=True)
    contact_department = models.CharField(_("contact department"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    # A hearing (听证会): when and where, how many participants, how to sign up.
    hearing_at = models.DateTimeField(_("time of the hearing"), null=True, blank=True)
    hearing_place = models.CharField(_("place of the hearing"), max_length=200, blank=True)
    seats = models.PositiveIntegerField(_("seats for participants"), null=True, blank=True)
    signup_instructions = models.TextField(_("how to sign up"), blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_early_reason = models.TextField(_("reason for closing early"), blank=True)

    # The feedback report (采纳情况); its figures are computed from the comments, never typed.
    feedback_summary = models.TextField(_("summary of the feedback"), blank=True)
    hearing_record = models.TextField(_("summary of the hearing record"), blank=True)  # 听证笔录
    attended_count = models.PositiveIntegerField(
        _("participants who attended"), null=True, blank=True
    )
    final_item = models.ForeignKey(
        "catalog.Item",
        verbose_name=_("final document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="solicitations",
    )
    feedback_published_at = models.DateTimeField(_("feedback published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("opinion solicitation")
        verbose_name_plural = _("opinion solicitations")
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="solicitation_period_in_order"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "closes_on"], name="solicitation_status_closes"),
            models.Index(fields=["agency", "status"], name="solicitation_agency_status"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("solicitation:detail", args=[self.pk])

    @property
    def is_hearing(self) -> bool:
        return self.kind == Kind.HEARING

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES


class FileRole(models.TextChoices):
    DRAFT = "draft", _("Draft for comments")  # 征求意见稿
    EXPLANATION = "explanation", _("Drafting explanation")  # 起草说明
    OTHER = "other", _("Other material")


def file_path(instance: SolicitationFile, filename: str) -> str:
    s = instance.solicitation
    return f"solicitations/{s.agency_id}/{s.pk}/{instance.sha256[:16]}/{filename}"


class SolicitationFile(models.Model):
    """A published file of a solicitation: the draft as PDF/DOCX, the explanation, material."""

    solicitation = models.ForeignKey(Solicitation, on_delete=models.CASCADE, related_name="files")
    role = models.CharField(_("kind of file"), max_length=20, choices=FileRole.choices)
    file = models.FileField(_("file"), upload_to=file_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True)  # extracted: search and the privacy check
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["solicitation", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    ONLINE = "online", _("Online form")
    EMAIL = "email", pgettext_lazy("channel", "E-mail")
    POST = "post", pgettext_lazy("channel", "Letter")
    HEARING = "hearing", _("Statement at the hearing")  # 听证会发言
    OTHER = "other", _("Other (in person, phone)")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    APPROVED = "approved", _("Shown publicly")
    REJECTED = "rejected", _("Not shown")


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")  # 采纳
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")  # 部分采纳
    NOT_ADOPTED = "not_adopted", _("Not adopted")  # 未采纳


class FeedbackEntry(models.Model):
    """One line of the feedback report: an opinion (one comment, or several similar ones grouped
    under one summary), the decision on it and the reason."""

    solicitation = models.ForeignKey(Solicitation, on_delete=models.CASCADE, related_name="entries")
    summary = models.TextField(_("the opinion"))  # as the office sums it up; public
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)  # required unless adopted
    sort_order = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback entry")
        verbose_name_plural = _("feedback entries")
        ordering = ["solicitation", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.summary[:60]


class Comment(models.Model):
    """One comment (意见) from the public, or an opinion heard at a hearing. The contact details
    are for the office only; what the public sees is ``public_text`` once approved."""

    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, related_name="comments"
    )
    channel = models.CharField(
        _("received by"), max_length=10, choices=Channel.choices, default=Channel.ONLINE
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    nickname = models.CharField(_("public nickname"), max_length=30, blank=True)
    section = models.CharField(_("article or section concerned"), max_length=100, blank=True)
    text = models.TextField(_("comment"))  # as received, never shown publicly
    public_text = models.TextField(_("text shown publicly"), blank=True)  # set on approval
    redacted = models.BooleanField(default=False)  # public_text differs from text
    findings_confirmed = models.BooleanField(default=False)  # moderator let findings stay
    status = models.CharField(
        _("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    rejection_reason = models.TextField(_("reason for not showing it"), blank=True)
    received_on = models.DateField(_("received on"))
    submitted_at = models.DateTimeField(_("submitted at"))
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entry = models.ForeignKey(
        FeedbackEntry,
        verbose_name=_("feedback entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["solicitation", "submitted_at", "pk"]
        indexes = [
            models.Index(fields=["solicitation", "status"], name="solicitation_comment_status"),
        ]

    def __str__(self) -> str:
        return f"{self.solicitation_id}/{self.pk}"


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("hearing", "Registered")
    SELECTED = "selected", _("Selected as participant")
    NOT_SELECTED = "not_selected", _("Not selected")


class Registration(models.Model):
    """Someone who signed up to take part in a hearing (听证参加人报名); private."""

    solicitation = models.ForeignKey(
        Solicitation, on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"), blank=True)
    organisation = models.CharField(_("work unit or community"), max_length=100, blank=True)
    standpoint = models.TextField(_("main points you intend to make"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["solicitation", "submitted_at", "pk"]

    def __str__(self) -> str:
        return f"{self.solicitation_id}/{self.pk}"
