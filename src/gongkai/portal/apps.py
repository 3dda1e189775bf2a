from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"
    verbose_name = _("portal")


# Django's forms put _(":") after every label; our catalogue gives it the full-width "：" that
# Chinese text uses (this line only makes makemessages keep the entry).
LABEL_SUFFIX = gettext_noop(":")
