"""办事公开: service matters (政务服务事项) and their guides (办事指南) with every element, versions under review, the one-page handout (一次性告知单), the directory by agency, life event and who it serves, fee lists and the comparison of promised and statutory time limits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "gongkai.services"
    label = "services"
    verbose_name = _("Service guides")

    def ready(self) -> None:
        from gongkai.search import registry
        from gongkai.services.search_provider import KIND, MatterProvider

        registry.register(KIND, MatterProvider())
