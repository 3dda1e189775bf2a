"""``gongkai report``: the annual report from the command line.

- ``gongkai report annual --agency CODE --year YYYY --format json|docx|xlsx|pdf|html [-o FILE]``
  prints or writes the report: the published (frozen) version when there is one, otherwise the
  figures computed from the records now (nothing is saved).
- ``gongkai report check FILE`` checks a report given as our JSON, our XLSX or a DOCX in the
  official layout, prints every violation and exits 1 when there is one.
- ``gongkai report import FILE --agency CODE --year YYYY [--published-on DATE]`` records a
  report published before Gongkai, for next year's comparison.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from gongkai.reports.rendering import FORMATS, render


class Command(BaseCommand):
    help = "The annual report: compute it (annual), check a report file (check), import one."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="verb", required=True)
        annual = sub.add_parser("annual", help="Print or write an agency's report for a year.")
        annual.add_argument("--agency", required=True, metavar="CREDIT_CODE")
        annual.add_argument("--year", required=True, type=int)
        annual.add_argument("--format", choices=FORMATS, default="json")
        annual.add_argument("-o", "--output", metavar="FILE", help="Write here (default: stdout).")
        check = sub.add_parser("check", help="Check a report file (JSON, XLSX or DOCX).")
        check.add_argument("file")
        imp = sub.add_parser("import", help="Record a report published before Gongkai.")
        imp.add_argument("file")
        imp.add_argument("--agency", required=True, metavar="CREDIT_CODE")
        imp.add_argument("--year", required=True, type=int)
        imp.add_argument("--published-on", metavar="YYYY-MM-DD")

    def handle(self, *args, verb: str, **options):
        return getattr(self, f"do_{verb}")(**options)

    @staticmethod
    def _agency(code: str):
        from gongkai.agencies.credit_code import normalize
        from gongkai.agencies.models import Agency

        agency = Agency.objects.filter(credit_code=normalize(code)).first()
        if agency is None:
            raise CommandError(
                _("There is no agency with the credit code %(code)s.") % {"code": code}
            )
        return agency

    def do_annual(self, *, agency: str, year: int, format: str, output: str | None, **_o):
        from gongkai.reports.selectors import frozen_report
        from gongkai.reports.services.live import live_document

        target = self._agency(agency)
        report = frozen_report(target, year)
        if report is not None:
            from gongkai.reports.services import document_for

            doc = document_for(report)
        else:
            doc = live_document(target, year)
        data = render(doc, format)
        if output:
            Path(output).write_bytes(data)
            self.stderr.write(_("Written to %(file)s.") % {"file": output})
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    def do_check(self, *, file: str, **_o):
        from gongkai.reports.readers import ReportReadError, check_file

        try:
            result = check_file(Path(file))
        except (ReportReadError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for problem in result.problems:
            self.stdout.write(_("Reading: %(problem)s") % {"problem": problem})
        for violation in result.violations:
            self.stdout.write(violation.message)
        if result.violations or result.problems:
            self.stdout.write(
                _("%(n)d violation(s), %(m)d reading problem(s).")
                % {"n": len(result.violations), "m": len(result.problems)}
            )
            raise CommandError(_("The report does not pass the check."), returncode=1)
        self.stdout.write(_("The report passes every check."))

    def do_import(self, *, file: str, agency: str, year: int, published_on: str | None, **_o):
        from django.db import transaction

        from gongkai.reports.readers import ReportReadError, check_file
        from gongkai.reports.services import report_import

        target = self._agency(agency)
        try:
            result = check_file(Path(file))
        except (ReportReadError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        if result.problems:
            raise CommandError("；".join(str(p) for p in result.problems))
        day = dt.date.fromisoformat(published_on) if published_on else None
        try:
            with transaction.atomic():
                report_import(
                    actor=None,
                    agency=target,
                    year=year,
                    figures=result.figures,
                    filename=Path(file).name,
                    published_on=day,
                )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(
            _("Imported the %(year)d report of %(agency)s.") % {"year": year, "agency": target.name}
        )
