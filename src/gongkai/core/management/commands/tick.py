"""``gongkai tick``: run every registered clock job once (idempotent; cron it every few minutes
or at least daily)."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from gongkai.core.tick import jobs


class Command(BaseCommand):
    help = _("Run the clock jobs: scheduled publication, deadline reminders and the like.")

    def add_arguments(self, parser):
        parser.add_argument("--now", help=_("Pretend the time is this ISO datetime (for testing)."))
        parser.add_argument(
            "--only", action="append", default=[], help=_("Run only this job (repeatable).")
        )

    def handle(self, *args, **options):
        now = timezone.now()
        if options["now"]:
            parsed = parse_datetime(options["now"])
            if parsed is None:
                raise CommandError(_("Not a date and time: %(value)s") % {"value": options["now"]})
            now = parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
        selected = jobs()
        if options["only"]:
            unknown = set(options["only"]) - set(selected)
            if unknown:
                raise CommandError(
                    _("Unknown job: %(names)s") % {"names": ", ".join(sorted(unknown))}
                )
            selected = {k: v for k, v in selected.items() if k in options["only"]}
        for name, job in selected.items():
            started = dt.datetime.now()
            summary = job(now)
            seconds = (dt.datetime.now() - started).total_seconds()
            self.stdout.write(f"{name}: {summary} ({seconds:.2f}s)")
