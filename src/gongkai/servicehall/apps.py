from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicehallConfig(AppConfig):
    name = "gongkai.servicehall"
    label = "servicehall"
    verbose_name = _("Service hall")
