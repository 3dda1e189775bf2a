"""服务大厅: service commitments (服务承诺), window staff cards (挂牌上岗), ratings of services
(好差评) and the rectification of bad ratings (差评整改).

- A ``Commitment`` is one promise an agency publishes: the three standard ones (首问负责制,
  限时办结制, 一次性告知制, at most one of each per agency) and any number of its own, with
  the promised limit and the matters it concerns.
- A ``Window`` is one service window (窗口) of an agency with the matters handled there; a
  ``WindowStaff`` is the card of one person working at it (photo, name, post, duties, the
  supervision phone). Cards are public: 挂牌上岗 means exactly that the public sees them.
- A ``Rating`` is one citizen's rating of a matter, at a window or not, on the five levels of
  the 好差评 scheme. The contact details a rater may leave are never public.
- A ``Rectification`` is the case a bad rating (不满意 / 非常不满意) opens: the agency verifies
  it and either rectifies (what was done) or finds it not substantiated (why), within a time
  limit in working days counted from the day after the rating (``servicehall.rules``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from gongkai.services.models import LimitUnit


class CommitmentKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("First-contact responsibility")  # 首问负责制
    TIME_LIMIT = "time_limit", _("Completion within the time limit")  # 限时办结制
    ONE_TIME_NOTICE = "one_time_notice", _("One-time notification")  # 一次性告知制
    OWN = "own", _("Other commitment")  # the agency's own (其他服务承诺)


STANDARD_KINDS = (
    CommitmentKind.FIRST_CONTACT,
    CommitmentKind.TIME_LIMIT,
    CommitmentKind.ONE_TIME_NOTICE,
)


class Commitment(models.Model):
    """One service commitment (服务承诺) of an agency, public while ``is_active``."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="service_commitments",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    title = models.CharField(_("title"), max_length=100)
    text = models.TextField(_("what is promised"))
    limit_value = models.PositiveSmallIntegerField(_("promised limit"), null=True, blank=True)
    limit_unit = models.CharField(
        _("unit of the promised limit"),
        max_length=10,
        choices=LimitUnit.choices,
        default=LimitUnit.WORKING_DAYS,
    )
    limit_note = models.CharField(_("notes on the limit"), max_length=200, blank=True)
    matters = models.ManyToManyField(
        "services.Matter", verbose_name=_("matters"), blank=True, related_name="commitments"
    )
    is_active = models.BooleanField(_("shown publicly"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service commitment")
        verbose_name_plural = _("service commitments")
        ordering = ["agency", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind"],
                condition=~Q(kind="own"),
                name="servicehall_one_standard_commitment",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def limit_text(self) -> str:
        """The promised limit as words, e.g. "5个工作日" ("" when there is none)."""
        n = self.limit_value
        if not n:
            return ""
        if self.limit_unit == LimitUnit.NATURAL_DAYS:
            return ngettext("%(n)d natural day", "%(n)d natural days", n) % {"n": n}
        return ngettext("%(n)d working day", "%(n)d working days", n) % {"n": n}


def staff_photo_path(instance: WindowStaff, filename: str) -> str:
    return f"servicehall/{instance.agency_id}/staff/{filename}"


class Window(models.Model):
    """One service window (窗口) of an agency, e.g. 3号窗口 社会保障综合窗口."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="service_windows",
    )
    number = models.CharField(_("window number"), max_length=20)  # 3号窗口
    name = models.CharField(_("window name"), max_length=100)
    location = models.CharField(_("where"), max_length=200, blank=True)
    matters = models.ManyToManyField(
        "services.Matter", verbose_name=_("matters handled"), blank=True, related_name="windows"
    )
    is_active = models.BooleanField(_("open"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service window")
        verbose_name_plural = _("service windows")
        ordering = ["agency", "sort_order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "number"], name="servicehall_window_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class WindowStaff(models.Model):
    """The card (挂牌上岗) of one person working at a window; public while ``is_active``."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="window_staff",
    )
    window = models.ForeignKey(
        Window, verbose_name=_("window"), on_delete=models.PROTECT, related_name="staff"
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    staff_number = models.CharField(_("staff number"), max_length=20, blank=True)  # 工号
    post = models.CharField(pgettext_lazy("window staff", "post"), max_length=100)  # 岗位
    duties = models.TextField(_("duties"))  # 岗位职责
    photo = models.FileField(_("photo"), upload_to=staff_photo_path, max_length=300, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=50)  # 监督电话
    is_active = models.BooleanField(_("at work"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("window staff card")
        verbose_name_plural = _("window staff cards")
        ordering = ["agency", "window__sort_order", "window__number", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.name


class RatingLevel(models.TextChoices):
    """The five levels of the 好差评 scheme, best first."""

    VERY_SATISFIED = "very_satisfied", _("Very satisfied")  # 非常满意
    SATISFIED = "satisfied", _("Satisfied")  # 满意
    BASICALLY = "basically", _("Basically satisfied")  # 基本满意
    DISSATISFIED = "dissatisfied", _("Dissatisfied")  # 不满意
    VERY_DISSATISFIED = "very_dissatisfied", _("Very dissatisfied")  # 非常不满意


GOOD_LEVELS = (RatingLevel.VERY_SATISFIED, RatingLevel.SATISFIED, RatingLevel.BASICALLY)
# 差评: each one opens a rectification case.
BAD_LEVELS = (RatingLevel.DISSATISFIED, RatingLevel.VERY_DISSATISFIED)


class Rating(models.Model):
    """One rating (评价) of a matter by a member of the public. ``contact_phone`` and
    ``contact_email`` are for the agency's answer only and never public."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="service_ratings",
    )
    matter = models.ForeignKey(
        "services.Matter",
        verbose_name=_("matter"),
        on_delete=models.PROTECT,
        related_name="ratings",
    )
    window = models.ForeignKey(
        Window,
        verbose_name=_("window"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ratings",
    )
    level = models.CharField(_("rating"), max_length=20, choices=RatingLevel.choices)
    comment = models.TextField(_("comment"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=30, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    rated_at = models.DateTimeField(_("rated at"))
    rated_on = models.DateField(_("date of the rating"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        ordering = ["-rated_at", "-pk"]
        indexes = [
            models.Index(fields=["agency", "rated_on"], name="servicehall_rating_agency"),
            models.Index(fields=["matter", "rated_on"], name="servicehall_rating_matter"),
        ]

    def __str__(self) -> str:
        return f"{self.matter} · {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level in BAD_LEVELS

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_phone or self.contact_email)


class RectificationStatus(models.TextChoices):
    OPEN = "open", _("Being verified")  # 待核实整改
    RECTIFIED = "rectified", _("Rectified")  # 已整改
    UNFOUNDED = "unfounded", _("Not substantiated")  # 经核实不属实


CLOSED_STATUSES = (RectificationStatus.RECTIFIED, RectificationStatus.UNFOUNDED)


class ToldBy(models.TextChoices):
    EMAIL = "email", _("By e-mail")
    PHONE = "phone", _("By phone")


class Rectification(models.Model):
    """The case a bad rating opens (差评整改). ``due_date`` is the last day of
    ``time_limit_days`` working days counted from the day after ``opened_on`` (the rating's
    date); it is empty while the working-day calendar of that time is not entered."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="rating_rectifications",
    )
    rating = models.OneToOneField(
        Rating, verbose_name=_("rating"), on_delete=models.PROTECT, related_name="rectification"
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
    )
    opened_on = models.DateField(_("opened on"))
    time_limit_days = models.PositiveSmallIntegerField(_("rectification period (working days)"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verification = models.TextField(_("what the verification found"), blank=True)  # 核实情况
    result = models.TextField(_("result"), blank=True)  # 整改措施 / why not substantiated
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rater_told_at = models.DateTimeField(_("rater told at"), null=True, blank=True)
    rater_told_by = models.CharField(
        _("rater told"), max_length=10, choices=ToldBy.choices, blank=True
    )
    callback_note = models.CharField(_("notes on the call"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rectification case")
        verbose_name_plural = _("rectification cases")
        ordering = ["-opened_on", "-pk"]
        indexes = [
            models.Index(fields=["agency", "status"], name="servicehall_case_agency"),
            models.Index(fields=["status", "due_date"], name="servicehall_case_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_date__isnull=True) | Q(due_date__gte=F("opened_on")),
                name="servicehall_case_due_after_opening",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="open", closed_on__isnull=True)
                    | (
                        Q(status__in=["rectified", "unfounded"], closed_on__isnull=False)
                        & ~Q(result="")
                    )
                ),
                name="servicehall_case_closed_with_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rating.matter} · {self.opened_on}"

    @property
    def is_open(self) -> bool:
        return self.status == RectificationStatus.OPEN

    @property
    def on_time(self) -> bool | None:
        """Closed by the due date (None while open or without a due date)."""
        if self.closed_on is None or self.due_date is None:
            return None
        return self.closed_on <= self.due_date

    def is_overdue(self, today) -> bool:
        return self.is_open and self.due_date is not None and today > self.due_date


class ReminderKind(models.TextChoices):
    DUE_IN_2 = "due_in_2", _("2 working days before the due date")
    DUE_TODAY = "due_today", _("On the due date")
    OVERDUE = "overdue", _("Overdue")


class ReminderSent(models.Model):
    """A reminder e-mailed for a case, once per kind and due date (so the daily tick can run
    twice, or skip a day, and a moved due date earns fresh reminders)."""

    rectification = models.ForeignKey(
        Rectification, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=12, choices=ReminderKind.choices)
    due_date = models.DateField()
    sent_at = models.DateTimeField()
    recipients = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rectification", "kind", "due_date"],
                name="servicehall_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.rectification_id} {self.kind} {self.due_date}"
