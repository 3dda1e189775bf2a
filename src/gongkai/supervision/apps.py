from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "gongkai.supervision"
    label = "supervision"
    verbose_name = _("Supervision")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.supervision import jobs_selfcheck

        tick.register("supervision.selfcheck", jobs_selfcheck.daily_selfcheck)
