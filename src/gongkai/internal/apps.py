"""内部公开: items visible only to signed-in staff of the agency (or named departments), with read receipts and questions to the poster."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InternalConfig(AppConfig):
    name = "gongkai.internal"
    label = "internal"
    verbose_name = _("Internal disclosure")

    def ready(self) -> None:
        # Nothing here registers with the search index, the sitemap or the feeds: internal
        # items are never public (tests/internal/test_public_surfaces.py holds that).
        from gongkai.core import tick
        from gongkai.internal.jobs import remind_missing_statements

        tick.register("internal.statement_reminder", remind_missing_statements)
