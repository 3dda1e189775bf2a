from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "gongkai.search"
    label = "search"
    verbose_name = _("search")

    def ready(self):
        from gongkai.search import providers, registry

        registry.register("agency", providers.AgencyProvider())
        providers.connect_signals()
