"""Mailboxes (信箱) and the letters written to them (来信, ``Message``; "letter" is taken by the
reply letters of applications, GLOSSARY.md).

A message is one case: received → accepted (受理) or not → assigned to a department and a
handler (交办) → reply drafted → reply reviewed → replied → rated by the writer; a 不满意 may be
reopened once. It can be transferred to another agency (转办; it moves, with its history) or
merged into an earlier message (并单). Its time limit runs in working days from the day after
acceptance (``interaction.clock``). Calls and visits registered by staff become messages too
(``channel``), so every case follows one workflow.

What the writer typed is kept as typed; the published version (``public_*``) is a separate,
reviewed copy with personal data removed. The writer's identity of a 举报 (report) is shown
only to the assigned handler and the agency's 领导, after an audited reveal.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.casework.models import TimelineStep


class MailboxKind(models.TextChoices):
    AGENCY = "agency", _("Agency mailbox")
    LEADER = "leader", _("Leader's mailbox")


class Mailbox(models.Model):
    """Every agency has one mailbox (created on first use); leaders may have their own."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="mailboxes"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MailboxKind.choices)
    leader = models.ForeignKey(
        "agencies.Leader",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mailboxes",
        verbose_name=_("leader"),
    )
    name = models.CharField(_("name"), max_length=60)
    description = models.TextField(_("what it takes"), blank=True)
    is_open = models.BooleanField(_("open for letters"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ["agency__sort_order", "agency_id", "kind", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(kind="agency"),
                name="interaction_one_agency_mailbox",
            ),
            models.CheckConstraint(
                condition=Q(kind="agency", leader__isnull=True)
                | Q(kind="leader", leader__isnull=False),
                name="interaction_mailbox_leader_iff_leader_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MessageKind(models.TextChoices):
    INQUIRY = "inquiry", _("Inquiry")  # 咨询
    SUGGESTION = "suggestion", _("Suggestion")  # 建议
    COMPLAINT = "complaint", _("Complaint")  # 投诉
    HELP = "help", _("Request for help")  # 求助
    REPORT = "report", _("Report")  # 举报
    PRAISE = "praise", _("Praise")  # 表扬


class MessageChannel(models.TextChoices):
    ONLINE = "online", _("Online mailbox")
    HOTLINE = "hotline", _("Hotline call")
    VISIT = "visit", _("Visit")
    POST = "post", _("Letter by post")
    API = "api", _("Platform interface")


class MessageStatus(models.TextChoices):
    RECEIVED = "received", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Being handled")
    REVIEW = "review", _("Reply awaiting review")
    REPLIED = "replied", _("Replied")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    MERGED = "merged", _("Merged into an earlier letter")


OPEN_STATUSES = (
    MessageStatus.RECEIVED,
    MessageStatus.ACCEPTED,
    MessageStatus.ASSIGNED,
    MessageStatus.REVIEW,
)
# The time limit runs in these (from the day after acceptance until the reply).
CLOCK_STATUSES = (MessageStatus.ACCEPTED, MessageStatus.ASSIGNED, MessageStatus.REVIEW)


class NotAcceptedReason(models.TextChoices):
    OUT_OF_SCOPE = "out_of_scope", _("Not a matter for any agency on this site")
    ABUSIVE = "abusive", _("Abusive or unlawful content")
    UNCLEAR = "unclear", _("No matter that can be handled")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY = "basically", _("Basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", _("Dissatisfied")  # 不满意


class PublicationStatus(models.TextChoices):
    NONE = "", _("Not published")
    PROPOSED = "proposed", _("Proposed for publication")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Message(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="messages",
        verbose_name=_("agency"),
    )
    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.PROTECT, related_name="messages", verbose_name=_("mailbox")
    )
    number = models.CharField(_("number"), max_length=40, unique=True)
    query_code_hash = models.CharField(max_length=64, blank=True)
    kind = models.CharField(_("type"), max_length=12, choices=MessageKind.choices)
    channel = models.CharField(
        _("channel"), max_length=10, choices=MessageChannel.choices, default=MessageChannel.ONLINE
    )
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=MessageStatus.choices,
        default=MessageStatus.RECEIVED,
        db_index=True,
    )
    title = models.CharField(_("title"), max_length=100)
    content = models.TextField(_("content"))
    # The writer (personal data: never public, never indexed).
    writer_name = models.CharField(_("name"), max_length=50)
    writer_mobile = models.CharField(_("mobile"), max_length=20)
    writer_email = models.EmailField(_("e-mail"), blank=True)
    writer_address = models.CharField(_("address"), max_length=200, blank=True)
    publish_consent = models.BooleanField(_("may be published"), default=False)
    attachments = models.JSONField(default=list, blank=True)  # stored paths

    submitted_at = models.DateTimeField(_("submitted at"))
    received_on = models.DateField(_("received on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    not_accepted_reason = models.CharField(
        _("reason not accepted"), max_length=14, choices=NotAcceptedReason.choices, blank=True
    )
    not_accepted_note = models.TextField(_("explanation"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
        verbose_name=_("merged into"),
    )

    # Assignment (交办).
    department = models.ForeignKey(
        "agencies.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("department"),
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interaction_messages",
        verbose_name=_("handler"),
    )
    instructions = models.TextField(_("instructions"), blank=True)

    # The clock (stored so that lists, reminders and figures read it without recomputing).
    time_limit_days = models.PositiveSmallIntegerField(_("time limit (working days)"), default=0)
    clock_start = models.DateField(null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    extension_days = models.PositiveSmallIntegerField(default=0)

    # The reply.
    reply = models.TextField(_("reply"), blank=True)
    reply_drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reply_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True, db_index=True)
    # Working days from acceptance to reply (stored at the reply, for the figures).
    reply_working_days = models.PositiveSmallIntegerField(null=True, blank=True)
    replied_on_time = models.BooleanField(null=True, blank=True)

    # The writer's rating and the one reopening it allows.
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("comment"), blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    reopened_on = models.DateField(_("reopened on"), null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    # Publication (only with the writer's consent and a reviewer's approval).
    publication = models.CharField(
        max_length=10, choices=PublicationStatus.choices, default="", blank=True
    )
    public_title = models.CharField(_("public title"), max_length=100, blank=True)
    public_content = models.TextField(_("public content"), blank=True)
    public_reply = models.TextField(_("public reply"), blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-submitted_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"]),
            models.Index(fields=["agency", "received_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="report") | ~Q(publication="published"),
                name="interaction_reports_never_published",
            ),
            models.CheckConstraint(
                condition=Q(publication="") | Q(publish_consent=True),
                name="interaction_published_only_with_consent",
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=True)
                | Q(clock_start__isnull=True)
                | Q(due_date__gte=models.F("clock_start")),
                name="interaction_due_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_report(self) -> bool:
        return self.kind == MessageKind.REPORT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class MessageSequence(models.Model):
    """The last number given out per year (gap-free, like applications')."""

    year = models.PositiveIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class MessageStep(TimelineStep):
    """A line of the letter's timeline; ``public`` steps show on the tracking page."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering = ["message", "at", "pk"]


class Transfer(models.Model):
    """A letter moved to another agency (转办): the receiving agency sees it with its history."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="transfers")
    from_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    to_agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["message", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id}: {self.from_agency_id} → {self.to_agency_id}"


class Extension(models.Model):
    """An extension of the time limit, approved or refused by a 领导."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("working days"))
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(null=True, blank=True)
    approved = models.BooleanField(null=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["message", "requested_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["message"],
                condition=Q(approved__isnull=True),
                name="interaction_one_pending_extension",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.message_id} +{self.days}"


class TimeLimit(models.Model):
    """An agency's own time limit for one type of letter (else the site's setting)."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="message_time_limits"
    )
    kind = models.CharField(_("type"), max_length=12, choices=MessageKind.choices)
    working_days = models.PositiveSmallIntegerField(_("working days"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind"], name="interaction_one_limit"),
            models.CheckConstraint(
                condition=Q(working_days__gte=1), name="interaction_limit_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind}: {self.working_days}"


class ReminderKind(models.TextChoices):
    DUE_IN_2 = "due_in_2", _("Due in 2 working days")
    DUE_TODAY = "due_today", _("Due today")
    OVERDUE = "overdue", _("Overdue")
    OVERDUE_OFFICE = "overdue_office", _("Overdue (disclosure office)")


class ReminderSent(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["message", "kind", "due_date"], name="interaction_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.message_id} {self.kind} {self.due_date}"
