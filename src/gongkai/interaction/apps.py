from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = _("Public interaction")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.interaction import jobs
        from gongkai.interaction.selfcheck_source import unanswered_inquiries
        from gongkai.supervision.selfcheck.consultations import register_consultation_source

        tick.register("interaction.refresh_clocks", jobs.refresh_clocks)
        tick.register("interaction.reminders", jobs.reminders)
        register_consultation_source(unanswered_inquiries)

        from gongkai.interaction import search_provider

        search_provider.register()
