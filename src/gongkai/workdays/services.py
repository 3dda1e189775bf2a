"""Changes to the working-day calendar. Each function runs in one transaction and writes its
audit event in it; views, the admin and the ``workdays`` command call these only.

The DB-backed arithmetic (``add_working_days`` and friends) lives in ``selectors`` and is
re-exported here for callers that think of it as "the workdays service".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext

from gongkai.accounts.permissions import can
from gongkai.audit.services import record_event
from gongkai.workdays.arrangement_text import MAX_NAME_LENGTH, weekday_name
from gongkai.workdays.models import CalendarDay, CalendarSource, CalendarYear, DayKind
from gongkai.workdays.package import package_arrangement, package_version, package_years
from gongkai.workdays.selectors import (  # noqa: F401  (re-exported)
    add_working_days,
    count_working_days,
    is_working_day,
    load_calendar,
    next_working_day,
)

MIN_YEAR = 1949
MAX_YEAR = 2200

# {date: (kind, name)}: the rows of one year, for comparing and auditing.
Days = dict[dt.date, tuple[str, str]]


def _days_of(year: int) -> Days:
    return {
        d: (kind, name)
        for d, kind, name in CalendarDay.objects.filter(year_id=year).values_list(
            "date", "kind", "name"
        )
    }


def _as_days(holidays: Mapping[dt.date, str], workdays: Mapping[dt.date, str]) -> Days:
    days: Days = {d: (DayKind.HOLIDAY.value, (name or "").strip()) for d, name in holidays.items()}
    days.update({d: (DayKind.WORKDAY.value, (name or "").strip()) for d, name in workdays.items()})
    return days


def days_diff(before: Days, after: Days) -> dict[str, Any]:
    """Which dates were added, removed or changed (kind or name), as ISO strings."""
    return {
        "added": [[d.isoformat(), *after[d]] for d in sorted(after.keys() - before.keys())],
        "removed": [[d.isoformat(), *before[d]] for d in sorted(before.keys() - after.keys())],
        "changed": [
            [d.isoformat(), list(before[d]), list(after[d])]
            for d in sorted(before.keys() & after.keys())
            if before[d] != after[d]
        ],
    }


def _summary(days: Days) -> dict[str, int]:
    return {
        "rest_days": sum(1 for kind, _ in days.values() if kind == DayKind.HOLIDAY),
        "rest_weekdays": sum(
            1 for d, (kind, _) in days.items() if kind == DayKind.HOLIDAY and d.weekday() < 5
        ),
        "make_up_days": sum(1 for kind, _ in days.values() if kind == DayKind.WORKDAY),
    }


def validate_arrangement(
    *, year: int, holidays: Mapping[dt.date, str], workdays: Mapping[dt.date, str]
) -> None:
    """Raise ValidationError (all problems at once) unless the arrangement is consistent."""
    errors: list[str] = []
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            gettext("The year must be between %(min)s and %(max)s.")
            % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    if not holidays:
        errors.append(gettext("Enter at least one rest day."))
    for d, name in sorted(holidays.items()):
        if d.year != year:
            errors.append(
                gettext("%(date)s is not in %(year)s.") % {"date": d.isoformat(), "year": year}
            )
        if not (name or "").strip():
            errors.append(
                gettext("The rest day %(date)s has no holiday name.") % {"date": d.isoformat()}
            )
        elif len(name.strip()) > MAX_NAME_LENGTH:
            errors.append(
                gettext("The holiday name of %(date)s is longer than %(max)s characters.")
                % {"date": d.isoformat(), "max": MAX_NAME_LENGTH}
            )
    for d, name in sorted(workdays.items()):
        if d.year != year:
            errors.append(
                gettext("%(date)s is not in %(year)s.") % {"date": d.isoformat(), "year": year}
            )
        if d.weekday() < 5:
            errors.append(
                gettext(
                    "%(date)s is a %(weekday)s; a make-up working day must be a Saturday or "
                    "a Sunday."
                )
                % {"date": d.isoformat(), "weekday": weekday_name(d)}
            )
        if d in holidays:
            errors.append(
                gettext("%(date)s is entered both as a rest day and as a make-up working day.")
                % {"date": d.isoformat()}
            )
        if len((name or "").strip()) > MAX_NAME_LENGTH:
            errors.append(
                gettext("The holiday name of %(date)s is longer than %(max)s characters.")
                % {"date": d.isoformat(), "max": MAX_NAME_LENGTH}
            )
    if errors:
        raise ValidationError(errors)


def _write_days(year: int, days: Days) -> None:
    CalendarDay.objects.filter(year_id=year).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(year_id=year, date=d, kind=kind, name=name)
            for d, (kind, name) in sorted(days.items())
        ]
    )


@transaction.atomic
def calendar_year_set(
    *,
    actor,
    year: int,
    holidays: Mapping[dt.date, str],
    workdays: Mapping[dt.date, str],
    note: str = "",
) -> CalendarYear:
    """Enter (or replace) the State Council arrangement of ``year``.

    ``holidays`` maps every rest day (法定节假日 and 调休休息日; weekend days of the period may be
    included) to its holiday name; ``workdays`` maps every 调休 make-up working day (a Saturday
    or Sunday) to its holiday name. Replaces all CalendarDay rows of the year, marks the year
    ``source=manual`` and writes the audit event ``workdays.year_set`` with the diff, all in
    one transaction. Raises PermissionDenied unless ``actor`` may ``workdays.change`` (system
    administrators only) and ValidationError for an inconsistent arrangement.
    """
    if not can(actor, "workdays.change"):
        raise PermissionDenied(gettext("Only a system administrator may change the calendar."))
    validate_arrangement(year=year, holidays=holidays, workdays=workdays)
    after = _as_days(holidays, workdays)
    note = (note or "").strip()

    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    created = calendar_year is None
    before: Days = {} if created else _days_of(year)
    before_meta = {} if created else {"source": calendar_year.source, "note": calendar_year.note}
    if created:
        calendar_year = CalendarYear(year=year)
    calendar_year.source = CalendarSource.MANUAL
    calendar_year.note = note
    calendar_year.updated_by = actor
    calendar_year.save(force_insert=created)
    _write_days(year, after)

    record_event(
        actor=actor,
        action="workdays.year_set",
        obj=calendar_year,
        data={
            "year": year,
            "created": created,
            "source": [before_meta.get("source"), CalendarSource.MANUAL.value],
            "note": [before_meta.get("note"), note],
            "before": _summary(before),
            "after": _summary(after),
            "days": days_diff(before, after),
        },
    )
    return calendar_year


# --- seeding from the chinesecalendar package ------------------------------------------


class SeedAction:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP_MANUAL = "skip_manual"


@dataclass(frozen=True)
class SeedPlan:
    """What seeding one year from the package does (or would do)."""

    year: int
    action: str  # a SeedAction value
    diff: dict[str, Any] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)


class PackageHasNoYear(ValueError):
    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(year)

    def __str__(self) -> str:
        first, last = (package_years() or [0])[0], (package_years() or [0])[-1]
        return gettext(
            "The chinesecalendar package (version %(version)s) has no data for %(year)s; it "
            "knows %(first)s to %(last)s."
        ) % {"version": package_version(), "year": self.year, "first": first, "last": last}


def calendar_seed_plan(
    *, years: Iterable[int] | None = None, force: bool = False
) -> list[SeedPlan]:
    """What ``calendar_seed_from_package`` would do (reads only)."""
    wanted = sorted(set(years)) if years is not None else package_years()
    existing = dict(CalendarYear.objects.filter(year__in=wanted).values_list("year", "source"))
    plans: list[SeedPlan] = []
    for year in wanted:
        arrangement = package_arrangement(year)
        if arrangement is None:
            raise PackageHasNoYear(year)
        after = _as_days(arrangement.rest_days, arrangement.make_up_days)
        if year not in existing:
            plans.append(SeedPlan(year, SeedAction.CREATE, days_diff({}, after), _summary(after)))
            continue
        before = _days_of(year)
        changes = days_diff(before, after)
        differs = any(changes.values()) or existing[year] != CalendarSource.PACKAGE
        if existing[year] == CalendarSource.MANUAL and not force:
            plans.append(SeedPlan(year, SeedAction.SKIP_MANUAL, changes, _summary(after)))
        elif differs:
            plans.append(SeedPlan(year, SeedAction.UPDATE, changes, _summary(after)))
        else:
            plans.append(SeedPlan(year, SeedAction.UNCHANGED, changes, _summary(after)))
    return plans


@transaction.atomic
def calendar_seed_from_package(
    *, actor=None, years: Iterable[int] | None = None, force: bool = False
) -> list[SeedPlan]:
    """Write the package's arrangement of ``years`` (default: every year it knows).

    Creates missing years and updates package-sourced years that differ; a year entered by
    hand (``source=manual``) is left alone unless ``force``. Each written year gets
    ``source=package`` and one audit event ``workdays.seed``. ``actor`` None means the
    operator at the command line; a user must be allowed ``workdays.change``.
    """
    if actor is not None and not can(actor, "workdays.change"):
        raise PermissionDenied(gettext("Only a system administrator may change the calendar."))
    plans = calendar_seed_plan(years=years, force=force)
    note = f"chinesecalendar {package_version()}"
    for plan in plans:
        if plan.action not in (SeedAction.CREATE, SeedAction.UPDATE):
            continue
        arrangement = package_arrangement(plan.year)
        assert arrangement is not None
        calendar_year, _created = CalendarYear.objects.update_or_create(
            year=plan.year,
            defaults={
                "source": CalendarSource.PACKAGE,
                "note": note,
                "updated_by": actor,
            },
        )
        _write_days(plan.year, _as_days(arrangement.rest_days, arrangement.make_up_days))
        record_event(
            actor=actor,
            action="workdays.seed",
            obj=calendar_year,
            data={"year": plan.year, "action": plan.action, "package": note, "days": plan.diff},
        )
    return plans
