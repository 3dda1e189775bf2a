"""``gongkai search reindex|verify``: rebuild the search index, or check it against the database.

``reindex`` rebuilds every kind (or ``--kind K``) batch by batch, with a progress line on stderr;
the index is derived data, so it needs no ``--commit``. ``verify`` lists every entry that is
missing, extra (indexed though no longer public) or stale, and exits with status 1 if there is
any; ``--fix`` repairs what it lists.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext

from gongkai.search import registry
from gongkai.search.services import fulltext_problems, reindex, verify


class ProgressLine:
    """``agency  1500/4000  37%`` rewritten in place on a terminal, one line per 10% otherwise."""

    def __init__(self, stream, label: str):
        self.stream, self.label = stream, label
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self.last_decile = -1
        self.started = time.monotonic()

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        line = f"{self.label}  {done}/{total}  {percent}%  {time.monotonic() - self.started:.0f}s"
        if self.tty:
            self.stream.write("\r" + line)
            if done >= total:
                self.stream.write("\n")
        elif percent // 10 != self.last_decile or done >= total:
            self.last_decile = percent // 10
            self.stream.write(line + "\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "The search index: reindex (rebuild) or verify (compare with the database)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        rebuild = sub.add_parser("reindex", help="rebuild the index from the providers")
        rebuild.add_argument("--kind", action="append", help="only this kind (repeatable)")
        check = sub.add_parser("verify", help="report entries that disagree with the database")
        check.add_argument("--kind", action="append", help="only this kind (repeatable)")
        check.add_argument("--fix", action="store_true", help="repair what is reported")

    def _kinds(self, options) -> list[str]:
        kinds = options.get("kind") or registry.kinds()
        unknown = sorted(set(kinds) - set(registry.kinds()))
        if unknown:
            raise CommandError(
                gettext("Unknown kind %(kinds)s; known kinds: %(known)s.")
                % {"kinds": ", ".join(unknown), "known": ", ".join(registry.kinds())}
            )
        return kinds

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            getattr(self, f"do_{options['subcommand']}")(options)

    def do_reindex(self, options):
        for kind in self._kinds(options):
            stats = reindex(kind=kind, progress=ProgressLine(self.stderr._out, kind))
            self.stdout.write(
                gettext("%(kind)s: %(indexed)d indexed, %(removed)d removed.")
                % {"kind": kind, **stats}
            )
        if options.get("kind") is None:
            fulltext_problems(fix=True)

    def do_verify(self, options):
        fix = options["fix"]
        problems = 0
        messages = {
            "missing": gettext("missing  %(kind)s %(id)s: public but not in the index"),
            "extra": gettext("extra    %(kind)s %(id)s: in the index but not public"),
            "stale": gettext("stale    %(kind)s %(id)s: differs in %(fields)s"),
        }
        for kind in self._kinds(options):
            for item in verify(kind=kind, fix=fix):
                problems += 1
                self.stdout.write(
                    messages[item.problem]
                    % {"kind": kind, "id": item.object_id, "fields": ", ".join(item.fields)}
                )
        for text in fulltext_problems(fix=fix):
            problems += 1
            self.stdout.write(gettext("full-text table: %(error)s") % {"error": text})
        if not problems:
            self.stdout.write(gettext("The search index agrees with the database."))
        elif fix:
            self.stdout.write(gettext("%(n)d disagreements found and repaired.") % {"n": problems})
        else:
            raise CommandError(
                gettext("%(n)d disagreements found; run with --fix to repair them.")
                % {"n": problems},
                returncode=1,
            )
