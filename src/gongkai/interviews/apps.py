"""在线访谈: events with guests, questions from the public, moderation, live answers and the archived transcript."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    name = "gongkai.interviews"
    label = "interviews"
    verbose_name = _("Online interviews")

    def ready(self) -> None:
        from gongkai.interviews.search_provider import InterviewProvider
        from gongkai.search import registry

        registry.register("interview", InterviewProvider())
