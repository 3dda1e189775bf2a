"""Calls (热线来电) and visits (来访) registered by the letters office, and their follow-up calls
(回访).

A ``Contact`` is one call or one visit (a group visit, 集体访, is one contact with several
visitors). It is either answered on the spot (``answer`` recorded, concluded at once) or turned
into a work order: a letter of the interaction app (``message``, channel hotline or visit) that
from then on follows the letter workflow — acceptance, dispatch to another agency (转办),
assignment, reply. After the conclusion the office calls the caller back (``FollowUp``) and
records whether he or she was reached and how satisfied (the letters' ``Rating``).

The caller's name and phone are personal data: staff pages only, never an audit event, a public
page or the search index. A call may be anonymous (no name, no number).

The contact's ``category`` uses the letter types (``interaction.MessageKind``), so a work order
keeps the category it was registered with and the counts of calls, visits and letters speak
the same language.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.interaction.models import MessageKind, Rating


class ContactKind(models.TextChoices):
    CALL = "call", _("Call")  # 来电
    VISIT = "visit", _("Visit")  # 来访


class ContactStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered, not yet answered")
    ANSWERED = "answered", _("Answered on the spot")  # 当场答复 (concluded)
    WORK_ORDER = "work_order", _("Work order")  # 转为工单 (follows the letter workflow)


class FollowUpState(models.TextChoices):
    NONE = "", _("No follow-up yet")
    DONE = "done", _("Follow-up done")  # the caller was reached
    UNREACHABLE = "unreachable", _("Caller not reachable")  # every attempt failed


class ContactSequence(models.Model):
    """The last contact number given out per year (gap-free)."""

    year = models.PositiveIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class Contact(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="hotline_contacts",
        verbose_name=_("agency"),
    )
    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=ContactKind.choices)
    started_at = models.DateTimeField(_("time"), db_index=True)
    # Calls: how long the call took; visits: how many people came (集体访 from a setting on).
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), null=True, blank=True
    )
    visitors = models.PositiveSmallIntegerField(_("number of visitors"), default=1)
    # The caller (personal data: staff only; both empty for an anonymous call).
    caller_name = models.CharField(_("caller's name"), max_length=50, blank=True)
    caller_phone = models.CharField(_("phone"), max_length=20, blank=True)
    category = models.CharField(_("type of matter"), max_length=12, choices=MessageKind.choices)
    summary = models.TextField(_("summary"))
    urgent = models.BooleanField(_("urgent"), default=False)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registered by"),
    )

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ContactStatus.choices,
        default=ContactStatus.REGISTERED,
        db_index=True,
    )
    answer = models.TextField(_("answer given"), blank=True)  # 答复内容
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.OneToOneField(
        "interaction.Message",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hotline_contact",
        verbose_name=_("work order"),
    )
    work_order_at = models.DateTimeField(null=True, blank=True)

    # The follow-up call's result (the attempts are ``FollowUp`` rows).
    follow_up = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUpState.choices, default="", blank=True
    )
    # When the round of follow-up calls ended (reached, or given up as not reachable).
    follow_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Rating.choices, blank=True
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("call or visit")
        verbose_name_plural = _("calls and visits")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["agency", "started_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(visitors__gte=1), name="hotline_at_least_one_visitor"
            ),
            models.CheckConstraint(
                condition=Q(kind="call") | Q(duration_minutes__isnull=True),
                name="hotline_duration_only_for_calls",
            ),
            models.CheckConstraint(
                condition=Q(kind="visit") | Q(visitors=1), name="hotline_one_caller_per_call"
            ),
            models.CheckConstraint(
                condition=~Q(status="answered") | (Q(answered_at__isnull=False) & ~Q(answer="")),
                name="hotline_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=Q(status="work_order", message__isnull=False)
                | (~Q(status="work_order") & Q(message__isnull=True)),
                name="hotline_work_order_iff_message",
            ),
            models.CheckConstraint(
                condition=Q(follow_up="done") | Q(satisfaction=""),
                name="hotline_satisfaction_only_when_reached",
            ),
            models.CheckConstraint(
                condition=Q(follow_up="", follow_up_at__isnull=True)
                | (~Q(follow_up="") & Q(follow_up_at__isnull=False)),
                name="hotline_follow_up_state_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()}"

    @property
    def is_anonymous(self) -> bool:
        return not (self.caller_name or self.caller_phone)


class FollowUp(models.Model):
    """One attempt to call the caller back after the conclusion (回访)."""

    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="follow_ups")
    at = models.DateTimeField(_("time"))
    reached = models.BooleanField(_("caller reached"))
    satisfaction = models.CharField(
        _("satisfaction"), max_length=12, choices=Rating.choices, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["contact", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reached=True) | Q(satisfaction=""),
                name="hotline_followup_rating_needs_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact.number} {self.at:%Y-%m-%d %H:%M}"
