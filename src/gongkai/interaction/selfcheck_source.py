"""The letters' part of the site self-check: inquiries (咨询) still unanswered, for the rule
互动回应差 (``supervision.selfcheck.consultations``). Registered in ``apps.py``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from django.urls import reverse

from gongkai.interaction.models import OPEN_STATUSES, Message, MessageKind
from gongkai.supervision.selfcheck.consultations import UnansweredConsultation


def unanswered_inquiries(
    *, agency_ids: Iterable[int], received_from: dt.date, received_before: dt.date
) -> Iterator[UnansweredConsultation]:
    """Inquiries of those agencies received in the window and still without a reply (a
    letter not accepted or merged has had its answer; reports and complaints are not
    consultations in the indicator's sense)."""
    rows = Message.objects.filter(
        agency_id__in=list(agency_ids),
        kind=MessageKind.INQUIRY,
        status__in=OPEN_STATUSES,
        received_on__gte=received_from,
        received_on__lt=received_before,
    ).values_list("pk", "agency_id", "number", "title", "received_on")
    for pk, agency_id, number, title, received_on in rows.iterator():
        yield UnansweredConsultation(
            agency_id=agency_id,
            key=f"interaction.message:{pk}",
            title=f"{number} {title}",
            received_on=received_on,
            url=reverse("interaction_staff:detail", args=[number]),
        )
