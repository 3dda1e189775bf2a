from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    label = "applications"
    verbose_name = _("On-request disclosure")

    def ready(self) -> None:
        from gongkai.applications import jobs
        from gongkai.core import tick

        tick.register("applications.refresh_clocks", jobs.refresh_clocks)
        tick.register("applications.reminders", jobs.reminders)
