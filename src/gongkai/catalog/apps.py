from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    label = "catalog"
    verbose_name = _("Proactive disclosure")

    def ready(self):
        from gongkai.catalog.search_provider import ItemProvider
        from gongkai.search import registry

        registry.register("item", ItemProvider())

        from gongkai.catalog import jobs
        from gongkai.core import tick

        tick.register("catalog.publish_scheduled", jobs.publish_scheduled)
        tick.register("catalog.refresh_due_dates", jobs.refresh_due_dates)
