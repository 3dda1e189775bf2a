"""``gongkai demo``: build the fictional demo county (once) and print the staff accounts."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from gongkai.core.demo import BUILDERS


class Command(BaseCommand):
    help = _("Build the demo county (if not built yet) and print the demo staff accounts.")

    def handle(self, *args, **options):
        results = [builder() for builder in BUILDERS]
        county = results[0]
        if county.created:
            self.stdout.write(_("Demo county created: %(n)d agencies.") % {"n": county.agencies})
        else:
            self.stdout.write(
                _("Demo county already present: %(n)d agencies.") % {"n": county.agencies}
            )
        self.stdout.write("")
        self.stdout.write(
            _("Demo staff accounts (password: %(pw)s)") % {"pw": settings.GONGKAI_DEMO_PASSWORD}
        )
        from gongkai.accounts.models import RoleAssignment

        rows = RoleAssignment.objects.select_related("user", "agency").order_by(
            "agency__sort_order", "user__username"
        )
        for assignment in rows:
            agency = assignment.agency.name if assignment.agency else "—"
            self.stdout.write(
                f"  {assignment.user.username:<14} {assignment.get_role_display()}\t{agency}"
            )
        self.stdout.write("")
        self.stdout.write(
            _(
                "Public site: http://127.0.0.1:8000/   Staff login: http://127.0.0.1:8000/accounts/login/"
            )
        )
