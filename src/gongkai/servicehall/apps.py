from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicehallConfig(AppConfig):
    name = "gongkai.servicehall"
    label = "servicehall"
    verbose_name = _("Service hall")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.servicehall import jobs

        tick.register("servicehall.refresh_due_dates", jobs.refresh_due_dates)
        tick.register("servicehall.reminders", jobs.reminders)
