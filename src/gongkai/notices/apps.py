"""公示: notices published for an objection period (natural or working days), objections received privately, and the result after the period."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "gongkai.notices"
    label = "notices"
    verbose_name = _("Public notices")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.notices import jobs
        from gongkai.notices.search_provider import KIND, NoticeProvider
        from gongkai.search import registry

        registry.register(KIND, NoticeProvider())
        tick.register("notices.index_started", jobs.index_started)
