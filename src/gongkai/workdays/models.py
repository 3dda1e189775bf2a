"""The working-day calendar as data: one row per year whose arrangement is known, and one row
per exceptional day of that year (a rest day of a statutory holiday, or a 调休 make-up
working day). Every other day is a working day when it is Monday to Friday.

A year "has data" if and only if its ``CalendarYear`` row exists; a date in any other year is
an error for deadline arithmetic (see ``gongkai.workdays.calendar.CalendarMissing``).
Rows are written by ``gongkai.workdays.services`` only.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarSource(models.TextChoices):
    PACKAGE = "package", _("chinese-calendar package")
    MANUAL = "manual", _("Entered by an administrator")


class DayKind(models.TextChoices):
    # 法定节假日 / 调休休息日: a day off of a holiday period (weekend days inside it may be
    # stored too, for display).
    HOLIDAY = "holiday", _("Rest day")
    # 调休上班日: a Saturday or Sunday that is a working day.
    WORKDAY = "workday", _("Make-up working day")


class CalendarYear(models.Model):
    """The State Council's holiday arrangement for one year is recorded."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    source = models.CharField(
        _("source"), max_length=20, choices=CalendarSource.choices, default=CalendarSource.MANUAL
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(source__in=CalendarSource.values),
                name="workdays_year_source_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1949, year__lte=2200),
                name="workdays_year_range",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One exceptional day: a rest day on a weekday, or a working day on a weekend."""

    # ``year_id`` is the calendar year as an int (the FK's target key is the year itself).
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("year"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=DayKind.choices)
    name = models.CharField(_("holiday"), max_length=50, blank=True)  # e.g. 春节, 国庆节

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=DayKind.values), name="workdays_day_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()
