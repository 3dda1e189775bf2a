from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "gongkai.reports"
    label = "reports"
    verbose_name = _("Annual reports")

    def ready(self) -> None:
        from gongkai.catalog import followers
        from gongkai.catalog.standard_template import ANNUAL_REPORTS
        from gongkai.core import tick
        from gongkai.reports.services import report_follow_item, reports_sync_all

        # Published or returned by a 审核员: the report follows in the same transaction; the
        # tick job catches anything that changed some other way.
        followers.follow(ANNUAL_REPORTS, report_follow_item)
        tick.register("reports.follow_items", reports_sync_all)
