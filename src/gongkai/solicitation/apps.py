from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SolicitationConfig(AppConfig):
    name = "gongkai.solicitation"
    label = "solicitation"
    verbose_name = _("Opinion solicitation")
