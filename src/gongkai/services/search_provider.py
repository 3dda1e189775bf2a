"""How service matters appear in the search index: the current version of each published
matter — its name, codes, conditions, materials, steps, bases, fees, place, result and FAQ.
Drafts, versions under review and withdrawn matters are never in the index."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.services.models import Matter, MatterVersion
from gongkai.services.selectors import public_matters, with_content

KIND = "matter"


def entry_for(matter: Matter) -> dict[str, Any] | None:
    if not matter.is_public or not matter.agency.is_active:
        return None
    v = matter.current_version
    parts = [
        matter.implementation_code,
        v.basic_code,
        v.implementing_body,
        v.get_matter_type_display(),
        v.conditions,
        v.special_procedures,
        v.fee_standard,
        v.fee_basis,
        v.place,
        v.result_name,
    ]
    parts += [f"{b.title} {b.article}" for b in v.bases.all()]
    parts += [f"{m.name} {m.requirements}" for m in v.materials.all()]
    parts += [f"{s.title} {s.description}" for s in v.steps.all()]
    parts += [f"{q.question} {q.answer}" for q in v.questions.all()]
    parts += [e.name for e in matter.life_events.all()]
    return {
        "agency_id": matter.agency_id,
        "category_id": None,
        "year": v.published_on.year if v.published_on else None,
        "validity": "",
        "published_date": v.published_on,
        "title": v.name,
        "doc_number": "",
        "index_number": "",
        "url": matter.get_absolute_url(),
        "body": "\n".join(p for p in parts if p),
    }


def _loaded(matter: Matter) -> Matter:
    if matter.current_version_id:
        matter.current_version = with_content(MatterVersion.objects).get(
            pk=matter.current_version_id
        )
    return matter


def sync_search(matter: Matter) -> None:
    """Index the matter exactly while it is public; inside the caller's transaction."""
    from gongkai.search.services import index_entry, remove_entry

    matter = Matter.objects.select_related("agency").get(pk=matter.pk)
    entry = entry_for(_loaded(matter)) if matter.is_public else None
    if entry is None:
        remove_entry(kind=KIND, object_id=matter.pk)
    else:
        index_entry(kind=KIND, object_id=matter.pk, **entry)


class MatterProvider:
    label = _("Service guide")

    def public_objects(self):
        return (
            public_matters()
            .prefetch_related(
                "life_events",
                "current_version__bases",
                "current_version__materials",
                "current_version__steps",
                "current_version__questions",
            )
            .order_by("pk")
        )

    def entry_for(self, obj: Matter):
        return entry_for(obj)

    def get(self, object_id: int):
        matter = Matter.objects.filter(pk=object_id).select_related("agency").first()
        return _loaded(matter) if matter is not None else None
