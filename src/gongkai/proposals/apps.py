from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "gongkai.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from gongkai.core import tick
        from gongkai.proposals import jobs
        from gongkai.proposals.search_provider import ProposalProvider
        from gongkai.search import registry

        registry.register("proposal", ProposalProvider())
        tick.register("proposals.reminders", jobs.reminders)
