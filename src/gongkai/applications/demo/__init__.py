"""Demo data of 依申请公开: a year of applications of the demo county in every state.

Applications are received on working days from ``FIRST_DAY`` to today at the county government
and three bureaus (each given a 办理人 and a 领导 account when it has none), from invented
natural persons (valid resident ID numbers) and organisations of every kind (valid credit
codes), through every channel. Every case goes through the real services with past dates
(``today=``/``now=``), so timelines, audit events, clocks and letters are the real ones:

- open cases: submitted online and waiting for confirmation, registered, being handled (some
  due soon, a few overdue), waiting for a 补正, with a consultation running, with an approved
  extension, waiting for a fee, decided with the reply still a draft;
- closed cases: every one of the 21 outcomes at least once, each with its reply letter issued
  (a real PDF: this is the slow part, so the number of closed cases is bounded), most of them
  delivered, most of those older than two months archived, a few with 行政复议 / 行政诉讼.

Deterministic (``random.Random(SEED)``; the dates follow today). One transaction; it leaves a
``demo.applications`` audit event, and when that event exists a second run does nothing. No
e-mail is sent (the invented applicants' addresses are not real).

The builder lives in one module per concern; this package re-exports every name, so
``from gongkai.applications.demo import build_applications`` (or ``FIRST_DAY``, ``_staff``,
...) works as it always has:

- ``plan``: seed, marker, period, the receiving agencies, the mix of outcomes and remedies;
- ``texts``: the invented words (places, requests, names, referrals, reasons);
- ``people``: the staff accounts of the receiving agencies, resident ID numbers;
- ``base``: the builder's state, date helpers, applicants and requests, intake;
- ``closed_cases``: the cases decided, replied to, delivered and archived;
- ``remedies``: 行政复议 and 行政诉讼;
- ``open_cases``: the cases in every open state.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.applications import notify
from gongkai.applications.demo.open_cases import _OpenCases
from gongkai.applications.demo.people import (
    _account,
    _demo_password_hash,
    _Desk,
    _staff,
    resident_id,
)
from gongkai.applications.demo.plan import (
    AGENCIES,
    DIVISION,
    EXTRA_CLOSED,
    EXTRA_OPEN,
    FIRST_DAY,
    MARKER,
    REMEDIES,
    REMEDY_OUTCOMES,
    SEED,
    STAFF_NAMES,
    WEIGHTS,
)
from gongkai.applications.demo.remedies import _Remedies
from gongkai.applications.demo.texts import (
    GIVEN,
    ORGANISATIONS,
    PROJECTS,
    PROVIDED,
    REASONS,
    REFERRALS,
    ROADS,
    SURNAMES,
    VILLAGES,
    _titles,
)
from gongkai.applications.models import Application
from gongkai.applications.outcomes import Outcome
from gongkai.audit.models import Event
from gongkai.audit.services import record_event

__all__ = [
    "AGENCIES",
    "ApplicationsDemoResult",
    "DIVISION",
    "EXTRA_CLOSED",
    "EXTRA_OPEN",
    "FIRST_DAY",
    "GIVEN",
    "MARKER",
    "ORGANISATIONS",
    "PROJECTS",
    "PROVIDED",
    "REASONS",
    "REFERRALS",
    "REMEDIES",
    "REMEDY_OUTCOMES",
    "ROADS",
    "SEED",
    "STAFF_NAMES",
    "SURNAMES",
    "VILLAGES",
    "WEIGHTS",
    "_Builder",
    "_Desk",
    "_account",
    "_demo_password_hash",
    "_staff",
    "_titles",
    "build_applications",
    "resident_id",
]


@dataclass
class ApplicationsDemoResult:
    created: bool
    applications: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def build_applications(scale: float = 1.0) -> ApplicationsDemoResult:
    """Give the demo county its applications, once (see the module docstring). ``scale``
    multiplies the number of ordinary cases; the cases that show each state, each outcome,
    overdue handling and the remedies are always made."""
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    if gov is None or Event.objects.filter(action=MARKER).exists():
        return ApplicationsDemoResult(created=False, applications=Application.objects.count())
    with notify.suppressed(), transaction.atomic():
        builder = _Builder(random.Random(SEED), gov, timezone.localdate())
        builder.build(scale)
        counts = builder.counts()
        record_event(actor=None, action=MARKER, agency=gov, data=counts)
    return ApplicationsDemoResult(
        created=True, applications=Application.objects.count(), counts=counts
    )


class _Builder(_OpenCases, _Remedies):
    # --- the whole year -------------------------------------------------------------------

    def build(self, scale: float) -> None:
        rng = self.rng
        # Closed cases are received at least 45 working days ago; the last months stay open.
        closable = [d for d in self.days[: max(1, len(self.days) - 45)]]
        # One case of each outcome; those that go on to 行政复议 or 行政诉讼 (``remedies``)
        # early in the year, so that the reviews had time to conclude.
        cases = [
            (outcome, rng.choice(self.days[:80] if outcome in REMEDY_OUTCOMES else closable))
            for outcome in Outcome.values
        ]
        pool = list(WEIGHTS)
        extra = rng.choices(pool, weights=[WEIGHTS[o] for o in pool], k=round(EXTRA_CLOSED * scale))
        cases += [(outcome, rng.choice(closable)) for outcome in extra]
        for outcome, day in sorted(cases, key=lambda case: case[1]):
            self.closed_case(outcome, day)
        self.remedies()
        self.archive()
        self.open_cases(scale)

    def counts(self) -> dict[str, int]:
        by_status = Counter(Application.objects.values_list("status", flat=True))
        by_outcome = Counter(
            Application.objects.exclude(outcome="").values_list("outcome", flat=True)
        )
        return {
            "applications": Application.objects.count(),
            **{f"status.{k}": v for k, v in sorted(by_status.items())},
            **{f"outcome.{k}": v for k, v in sorted(by_outcome.items())},
        }
