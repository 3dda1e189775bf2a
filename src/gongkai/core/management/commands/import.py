"""``gongkai import <what> FILE [--dry-run]``: load data from a CSV or JSON Lines file.

Each kind of data has an importer, a function ``(path, *, dry_run) -> ImportResult`` named in
``IMPORTERS``; a module adds its own line there. An import only creates and updates (never
deletes), so it writes by default; ``--dry-run`` reports what it would do and saves nothing.
Bad rows are reported as “第N行：…” on stderr while the good rows are still imported, and the
command then exits with status 1.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from gongkai.core.importing import ImportFileError, ImportResult, line_message

IMPORTERS = {
    "agencies": "gongkai.agencies.importers.import_agencies",
    "items": "gongkai.catalog.importers.import_items",
    "applications": "gongkai.applications.ledger.import_applications",
    "remedies": "gongkai.applications.ledger_remedies.import_remedies",
    "matters": "gongkai.services.importers.import_matters",
    "proposals": "gongkai.proposals.importers.import_proposals",
}


class Command(BaseCommand):
    help = "Import data from a CSV or JSON Lines file, e.g. gongkai import agencies FILE."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=sorted(IMPORTERS), help="What the file holds.")
        parser.add_argument("file", help="A .csv (UTF-8 or GBK) or .jsonl/.ndjson/.json file.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what the import would do without saving anything.",
        )
        # An importer may need options of its own (``arguments``: [(flags, kwargs)], passed on
        # by their dest) and may report progress (``wants_progress``: a (done, total) callback).
        added: set[str] = set()
        for dotted in IMPORTERS.values():
            for flags, kwargs in getattr(import_string(dotted), "arguments", ()):
                if flags[0] not in added:
                    added.add(flags[0])
                    parser.add_argument(*flags, **kwargs)

    def handle(self, *args, what: str, file: str, dry_run: bool, verbosity: int, **options):
        importer = import_string(IMPORTERS[what])
        extra = {}
        for flags, kwargs in getattr(importer, "arguments", ()):
            dest = kwargs.get("dest") or flags[0].lstrip("-").replace("-", "_")
            extra[dest] = options.get(dest)
        if getattr(importer, "wants_progress", False) and verbosity >= 1:
            from gongkai.search.management.commands.search import ProgressLine

            extra["progress"] = ProgressLine(self.stderr._out, what)
        try:
            result: ImportResult = importer(Path(file), dry_run=dry_run, **extra)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc

        for warning in result.warnings:
            self.stderr.write(self.style.WARNING(warning))
        if dry_run or verbosity >= 2:
            for action in sorted(result.actions, key=lambda a: a.line):
                self.stdout.write(line_message(action.line, self._describe(action, dry_run)))
        for problem in result.sorted_errors():
            self.stderr.write(self.style.ERROR(line_message(problem.line, problem.message)))

        counts = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
            "errors": len(result.errors),
        }
        if dry_run:
            summary = _(
                "Dry run, nothing was saved. Would create %(created)d, update %(updated)d, "
                "leave unchanged %(unchanged)d; lines with errors: %(errors)d."
            )
        else:
            summary = _(
                "Created %(created)d, updated %(updated)d, unchanged %(unchanged)d; "
                "lines with errors: %(errors)d."
            )
        self.stdout.write(summary % counts)
        if result.errors:
            raise CommandError(
                result.failure_message
                or _("Some lines were not imported; correct them and run the import again."),
                returncode=1,
            )

    @staticmethod
    def _describe(action, dry_run: bool) -> str:
        fields = ", ".join(action.fields)
        if action.outcome == "created":
            text = _("would create %(name)s") if dry_run else _("created %(name)s")
        elif action.outcome == "updated":
            text = (
                _("would update %(name)s (%(fields)s)")
                if dry_run
                else _("updated %(name)s (%(fields)s)")
            )
        else:
            text = _("%(name)s is unchanged")
        return text % {"name": action.label, "fields": fields}
