"""人大代表建议 and 政协委员提案 (proposals) handled by the county's agencies.

A proposal is registered with its number and session, assigned to a handler of its lead
agency (主办单位); the co-handling agencies (协办单位) send their opinions (协办意见) to the lead
agency, which drafts the reply, has it signed off by a 领导 and sends it to the delegates. The
delegates answer with their feedback (满意/基本满意/不满意); a 不满意 may be handled once more
(a second round with its own reply). Each round is a ``Reply`` row, so the history stays.
Replies that concern the public interest and were approved for publication are public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProposalKind(models.TextChoices):
    NPC = "npc", _("NPC deputy's suggestion")  # 人大代表建议
    CPPCC = "cppcc", _("CPPCC member's proposal")  # 政协委员提案


class ProposalStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")  # 已登记, not yet assigned
    ASSIGNED = "assigned", _("Being handled")  # 已交办, 办理中
    DRAFTED = "drafted", _("Reply drafted, awaiting sign-off")  # 答复已起草, 待领导签发
    APPROVED = "approved", _("Reply signed off, to be sent")  # 领导已签发
    REPLIED = "replied", _("Replied")  # 已答复
    FEEDBACK = "feedback", _("Feedback received")  # 代表委员已反馈
    CLOSED = "closed", _("Closed")  # 已办结


# Before the reply is sent: the deadline runs and reminders go out.
OPEN_STATUSES = (
    ProposalStatus.REGISTERED,
    ProposalStatus.ASSIGNED,
    ProposalStatus.DRAFTED,
    ProposalStatus.APPROVED,
)


class ReplyCategory(models.TextChoices):
    """The usual classification of replies (答复类别)."""

    A = "A", _("A: the matter has been solved or the proposal adopted")  # 已经解决或采纳
    B = "B", _("B: being solved or included in plans")  # 正在解决或列入计划
    C = "C", _("C: cannot be solved for now because of conditions or other reasons")  # 暂时不能解决


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY = "basically", _("Basically satisfied")  # 基本满意
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")  # 不满意


MAX_ROUNDS = 2  # the first reply, and once more after a 不满意


class Proposal(models.Model):
    """One 人大代表建议 or 政协委员提案, with its lead agency (主办单位) as ``agency``."""

    kind = models.CharField(_("kind"), max_length=10, choices=ProposalKind.choices)
    number = models.PositiveIntegerField(_("number"))  # 第0123号 → 123
    session = models.CharField(
        _("session"), max_length=100, help_text=_("For example 县十八届人大三次会议.")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"))
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("lead agency"),
        on_delete=models.PROTECT,
        related_name="proposals_led",
    )
    registered_on = models.DateField(_("registered on"))
    deadline = models.DateField(_("deadline"))  # of the current round
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.REGISTERED,
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when a reply approved for publication is sent; cleared when the publication is
    # withdrawn. Only proposals with a date here are public.
    published_on = models.DateField(_("published on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-year", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "session", "number"], name="proposal_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=F("registered_on")), name="proposal_deadline_after"
            ),
            models.CheckConstraint(
                condition=Q(round__gte=1, round__lte=MAX_ROUNDS), name="proposal_round_range"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "year"], name="proposal_agency_year"),
            models.Index(fields=["status", "deadline"], name="proposal_status_deadline"),
            models.Index(
                fields=["-published_on", "-id"],
                condition=Q(published_on__isnull=False),
                name="proposal_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number_label}"

    def get_absolute_url(self) -> str:
        return reverse("proposals:detail", args=[self.pk])

    @property
    def number_label(self) -> str:
        """第0123号, as the offices write it."""
        return f"第{self.number:04d}号"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_public(self) -> bool:
        return self.published_on is not None


class Delegate(models.Model):
    """A deputy (人大代表) or member (政协委员) who made the proposal: one lead, co-signers.

    They act as public figures here: their names and 代表团/界别 may appear on published
    replies; no contact data is kept."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="delegates"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    group = models.CharField(
        _("delegation or sector"),
        max_length=100,
        blank=True,
        help_text=_("代表团 of a deputy, 界别 of a CPPCC member."),
    )
    lead = models.BooleanField(_("lead delegate"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")
        ordering = ["proposal", "-lead", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"], condition=Q(lead=True), name="delegate_one_lead"
            )
        ]

    def __str__(self) -> str:
        return self.name


class CoHandling(models.Model):
    """A co-handling agency (协办单位) of a proposal and the opinion it sent the lead agency."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="cohandlings"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("co-handling agency"),
        on_delete=models.PROTECT,
        related_name="proposals_cohandled",
    )
    opinion = models.TextField(_("opinion"), blank=True)  # 协办意见
    opinion_on = models.DateField(_("opinion sent on"), null=True, blank=True)
    opinion_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opinion sent by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("co-handling agency")
        verbose_name_plural = _("co-handling agencies")
        ordering = ["proposal", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "agency"], name="cohandling_unique")
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.agency}"


def reply_document_path(instance: Reply, filename: str) -> str:
    return f"proposals/replies/{instance.proposal.year}/{instance.proposal_id}-{filename}"


class Reply(models.Model):
    """The reply of one round: drafted, signed off by a 领导, sent, and the feedback to it."""

    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.CASCADE, related_name="replies"
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    due_on = models.DateField(_("due on"))  # the deadline of this round
    category = models.CharField(_("category"), max_length=1, choices=ReplyCategory.choices)
    text = models.TextField(_("reply text"))
    document = models.FileField(
        _("reply document"), upload_to=reply_document_path, blank=True, max_length=300
    )
    public_interest = models.BooleanField(_("concerns the public interest"), default=False)
    publish = models.BooleanField(_("approved for publication"), default=False)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    return_comment = models.TextField(_("comment when returned"), blank=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    satisfaction = models.CharField(
        _("feedback"), max_length=20, choices=Satisfaction.choices, blank=True
    )
    feedback_comment = models.TextField(_("feedback comment"), blank=True)
    feedback_on = models.DateField(_("feedback received on"), null=True, blank=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["proposal", "round"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "round"], name="reply_one_per_round"),
            models.CheckConstraint(
                condition=Q(publish=False) | Q(public_interest=True),
                name="reply_published_only_public_interest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.round}"

    @property
    def on_time(self) -> bool | None:
        if self.replied_on is None:
            return None
        return self.replied_on <= self.due_on


class ReminderKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """One reminder e-mail, sent once per proposal, kind and deadline (the tick is idempotent;
    a new deadline — a second round, an edited date — earns fresh reminders)."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    deadline = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind", "deadline"], name="proposal_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.proposal} · {self.kind} · {self.deadline}"
