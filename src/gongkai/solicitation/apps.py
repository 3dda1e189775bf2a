from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolicitationConfig(AppConfig):
    name = "gongkai.solicitation"
    label = "solicitation"
    verbose_name = _("Opinion solicitation")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.search import registry
        from gongkai.solicitation import jobs
        from gongkai.solicitation.search_provider import KIND, SolicitationProvider

        registry.register(KIND, SolicitationProvider())
        tick.register("solicitation.close_due", jobs.close_due)
