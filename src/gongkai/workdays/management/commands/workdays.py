"""``gongkai workdays due|count|check|seed``: the working-day calendar at the command line.

Results go to stdout in a form scripts can use (an ISO date, an integer); errors go to stderr
with exit status 1.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext

from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.models import DayKind
from gongkai.workdays.selectors import add_working_days, count_working_days, day_info
from gongkai.workdays.services import (
    PackageHasNoYear,
    SeedAction,
    calendar_seed_from_package,
    calendar_seed_plan,
)


class Failed(Exception):
    """A user error: the message is printed to stderr and the command exits with 1."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Failed(
            gettext("“%(text)s” is not a date; write it as YYYY-MM-DD, e.g. 2026-09-24.")
            % {"text": text}
        ) from None


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise Failed(
            gettext("“%(text)s” is not a number of working days (a whole number, 0 or more).")
            % {"text": text}
        )
    return value


class Command(BaseCommand):
    help = "Working-day arithmetic and the holiday calendar: due, count, check, seed."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        due = sub.add_parser("due", help="the date N working days after DATE")
        due.add_argument("date")
        due.add_argument("n")
        count = sub.add_parser("count", help="working days d with A < d <= B")
        count.add_argument("a")
        count.add_argument("b")
        check = sub.add_parser("check", help="whether DATE is a working day")
        check.add_argument("date")
        seed = sub.add_parser(
            "seed", help="load years from the chinesecalendar package (dry run unless --commit)"
        )
        seed.add_argument("--year", type=int, action="append", help="only this year (repeatable)")
        seed.add_argument("--commit", action="store_true", help="write the changes")
        seed.add_argument(
            "--force", action="store_true", help="also overwrite years entered by hand"
        )

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            try:
                getattr(self, f"do_{options['subcommand']}")(options)
            except (Failed, CalendarMissing, PackageHasNoYear) as exc:
                self.stderr.write(str(exc))
                raise SystemExit(1) from None

    def do_due(self, options) -> None:
        start, n = _date(options["date"]), _count(options["n"])
        self.stdout.write(add_working_days(start, n).isoformat())

    def do_count(self, options) -> None:
        a, b = _date(options["a"]), _date(options["b"])
        self.stdout.write(str(count_working_days(a, b)))

    def do_check(self, options) -> None:
        info = day_info(_date(options["date"]))
        values = {"date": info.date.isoformat(), "name": info.name}
        if info.kind == DayKind.WORKDAY:
            text = gettext("%(date)s is a working day (make-up working day, %(name)s).")
        elif info.kind == DayKind.HOLIDAY:
            text = gettext("%(date)s is a rest day (%(name)s).")
        elif info.is_working_day:
            text = gettext("%(date)s is a working day.")
        else:
            text = gettext("%(date)s is a rest day (weekend).")
        self.stdout.write(text % values)

    def do_seed(self, options) -> None:
        years, force, commit = options["year"], options["force"], options["commit"]
        if commit:
            plans = calendar_seed_from_package(actor=None, years=years, force=force)
        else:
            plans = calendar_seed_plan(years=years, force=force)
        for plan in plans:
            values = {
                "year": plan.year,
                "rest": plan.summary.get("rest_days", 0),
                "make_up": plan.summary.get("make_up_days", 0),
                "added": len(plan.diff.get("added", [])),
                "removed": len(plan.diff.get("removed", [])),
                "changed": len(plan.diff.get("changed", [])),
            }
            if plan.action == SeedAction.CREATE:
                text = gettext(
                    "%(year)s: new (%(rest)s rest days, %(make_up)s make-up working days)"
                )
            elif plan.action == SeedAction.UPDATE:
                text = gettext(
                    "%(year)s: update (%(added)s dates added, %(removed)s removed, %(changed)s changed)"
                )
            elif plan.action == SeedAction.SKIP_MANUAL:
                text = gettext(
                    "%(year)s: entered by hand, left alone (%(added)s dates added, %(removed)s "
                    "removed, %(changed)s changed in the package; use --force to overwrite)"
                )
            else:
                text = gettext("%(year)s: unchanged")
            self.stdout.write(text % values)
            for iso, kind, name in (
                plan.diff.get("added", []) if plan.action != SeedAction.CREATE else []
            ):
                self.stdout.write(f"  + {iso} {kind} {name}")
            for iso, kind, name in plan.diff.get("removed", []):
                self.stdout.write(f"  - {iso} {kind} {name}")
            for iso, old, new in plan.diff.get("changed", []):
                self.stdout.write(f"  ~ {iso} {' '.join(old)} -> {' '.join(new)}")
        if not commit:
            self.stdout.write(gettext("Nothing was written. Run again with --commit to apply."))
