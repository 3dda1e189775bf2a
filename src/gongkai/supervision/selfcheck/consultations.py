"""互动回应差 (b): a consultation received in the year before the check and unanswered for
more than 3 months (single-veto item 5 of the 2019 indicators, RULES.md §3.1).

The consultations themselves belong to the interaction module (政民互动), which registers a
source here when it exists::

    from gongkai.supervision.selfcheck.consultations import register_consultation_source
    register_consultation_source(my_unanswered_messages)

A source is called with the agencies in scope and the received-date window, and returns the
consultation messages (咨询类留言; not petitions, discipline reports, interviews or surveys,
which the indicator excludes) that are still unanswered. No source is registered today, so
the rule finds nothing until one is.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings

from gongkai.supervision.models.selfcheck import Rule, Severity
from gongkai.supervision.selfcheck.base import CheckScope, Found, iso


@dataclass(frozen=True)
class UnansweredConsultation:
    """One consultation message still without an answer, as a source reports it."""

    agency_id: int
    key: str  # stable and unique across sources, e.g. "interaction.message:42"
    title: str
    received_on: dt.date
    url: str  # the staff page where it is answered


# source(agency_ids=…, received_from=…, received_before=…) -> the unanswered messages of those
# agencies received on or after ``received_from`` and before ``received_before``.
ConsultationSource = Callable[..., Iterable[UnansweredConsultation]]

_sources: list[ConsultationSource] = []


def register_consultation_source(source: ConsultationSource) -> None:
    """Add a source of unanswered consultations (once; registering it again does nothing)."""
    if source not in _sources:
        _sources.append(source)


def unregister_consultation_source(source: ConsultationSource) -> None:
    if source in _sources:
        _sources.remove(source)


def consultation_sources() -> list[ConsultationSource]:
    return list(_sources)


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the month's last day if shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def consultations_unanswered(scope: CheckScope) -> Iterator[Found]:
    """Every registered source's unanswered messages received in the window: within
    ``GONGKAI_SELFCHECK_CONSULTATION_WINDOW_MONTHS`` months of the check and more than
    ``GONGKAI_SELFCHECK_CONSULTATION_MONTHS`` months before it."""
    if not _sources:
        return
    months = settings.GONGKAI_SELFCHECK_CONSULTATION_MONTHS
    received_before = months_before(scope.today, months)
    received_from = months_before(
        scope.today, settings.GONGKAI_SELFCHECK_CONSULTATION_WINDOW_MONTHS
    )
    in_scope = set(scope.agency_ids)
    for source in list(_sources):
        for message in source(
            agency_ids=sorted(in_scope),
            received_from=received_from,
            received_before=received_before,
        ):
            # A source may be lax about the window or the agencies: the rule is not.
            if message.agency_id not in in_scope:
                continue
            if not received_from <= message.received_on < received_before:
                continue
            yield Found(
                agency_id=message.agency_id,
                rule=Rule.CONSULTATION,
                key=f"consultation:{message.key}",
                severity=Severity.VETO,
                object_type="consultation",
                object_id=message.key[:40],
                label=message.title,
                params={
                    "title": message.title,
                    "received": iso(message.received_on),
                    "days": (scope.today - message.received_on).days,
                    "months": months,
                },
                fix_url=message.url,
            )
