from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.reports.services import reports_sync_all

        tick.register("reports.follow_items", reports_sync_all)
