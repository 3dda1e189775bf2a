"""Seed every year the installed chinesecalendar package knows (2004–2026 for 1.11.0).

Self-contained on purpose (a migration is history): it reads the package directly rather than
through gongkai.workdays.package. Later package upgrades are applied with
``gongkai workdays seed --commit``, which never overwrites a year entered by hand.
"""

from importlib.metadata import PackageNotFoundError, version

from django.db import migrations


def seed(apps, schema_editor):
    from chinese_calendar import constants

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")

    def chinese(english):
        try:
            return constants.Holiday(english).chinese
        except ValueError:
            return english or ""

    try:
        pkg_version = version("chinesecalendar")
    except PackageNotFoundError:
        pkg_version = "?"
    years = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
    existing = set(CalendarYear.objects.filter(year__in=years).values_list("year", flat=True))
    new_years = [y for y in years if y not in existing]
    CalendarYear.objects.bulk_create(
        [
            CalendarYear(year=y, source="package", note=f"chinesecalendar {pkg_version}")
            for y in new_years
        ]
    )
    wanted = set(new_years)
    days = [
        CalendarDay(year_id=d.year, date=d, kind="holiday", name=chinese(name))
        for d, name in sorted(constants.holidays.items())
        if d.year in wanted
    ] + [
        CalendarDay(year_id=d.year, date=d, kind="workday", name=chinese(name))
        for d, name in sorted(constants.workdays.items())
        if d.year in wanted
    ]
    CalendarDay.objects.bulk_create(days, batch_size=500)


def unseed(apps, schema_editor):
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    years = CalendarYear.objects.filter(source="package").values_list("year", flat=True)
    CalendarDay.objects.filter(year_id__in=list(years)).delete()
    CalendarYear.objects.filter(source="package").delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed, elidable=False)]
