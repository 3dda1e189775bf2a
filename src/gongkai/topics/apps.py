from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TopicsConfig(AppConfig):
    name = "gongkai.topics"
    label = "topics"
    verbose_name = _("Topic requests")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.search import registry
        from gongkai.topics.search_provider import TopicProvider
        from gongkai.topics.services import flag_overdue

        registry.register("topic", TopicProvider())
        tick.register("topics.flag_overdue", flag_overdue)
