"""Abstract models shared by the case apps (``applications``, ``interaction``).

``TimelineStep`` is one line of a case's timeline: what happened, when, by whom, and whether
the member of the public who follows the case sees it (``public``). Each app subclasses it with
the foreign key to its own case model and its own ``Meta.ordering``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimelineStep(models.Model):
    """A line of a case's timeline. ``public`` steps are shown on the public tracking page
    (addressed to the person who wrote in, without staff names)."""

    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("step"), max_length=40)
    text = models.TextField(_("text"))
    public = models.BooleanField(default=False)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
