"""The search providers that this app owns. Other apps register theirs in their own
``AppConfig.ready`` (the catalog registers "item")."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency, Leader
from gongkai.search.services import refresh_object, remove_entry


class AgencyProvider:
    """Active agencies: name, functions, address, office hours, credit code and the duties of
    each leadership post. Only the agency's published contact data goes in; a leader's title
    and duties, not his or her name or biography."""

    label = _("Agency")

    def public_objects(self):
        return Agency.objects.filter(is_active=True).prefetch_related("leaders").order_by("pk")

    def get(self, object_id: int):
        return Agency.objects.filter(pk=object_id).prefetch_related("leaders").first()

    def entry_for(self, agency: Agency) -> dict | None:
        if not agency.is_active:
            return None
        parts = [
            agency.functions,
            agency.address,
            agency.office_hours,
            agency.disclosure_office_name,
            agency.credit_code,
        ]
        parts += [f"{leader.title}：{leader.duties}" for leader in agency.leaders.all()]
        return {
            "agency_id": agency.pk,
            "title": agency.name,
            "url": agency.get_absolute_url(),
            "body": "\n".join(p.strip() for p in parts if p and p.strip()),
        }


# Search-index upkeep is the one thing signals are used for (STYLE.md): the agencies app knows
# nothing of search, and every save of an agency or a leader refreshes the agency's entry in the
# same transaction.


def _agency_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh_object(kind="agency", object_id=instance.pk)


def _agency_deleted(sender, instance, **kwargs):
    remove_entry(kind="agency", object_id=instance.pk)


def _leader_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    refresh_object(kind="agency", object_id=instance.agency_id)


def connect_signals() -> None:
    post_save.connect(_agency_saved, sender=Agency, dispatch_uid="search_agency_saved")
    post_delete.connect(_agency_deleted, sender=Agency, dispatch_uid="search_agency_deleted")
    post_save.connect(_leader_changed, sender=Leader, dispatch_uid="search_leader_saved")
    post_delete.connect(_leader_changed, sender=Leader, dispatch_uid="search_leader_deleted")
