"""The public figures of the letters for one year, site-wide and per agency.

What is counted (the figures page states the same):

- *received*: letters whose ``received_on`` lies in the year, except those merged into an
  earlier letter (并单: a duplicate is the same matter, counted once); letters not accepted
  count as received and are shown besides as *not accepted*;
- *replied*: letters whose reply went out in the year (``replied_on``), status replied — a
  letter merged into another gets that letter's reply but is not counted again; a letter
  reopened and replied again counts once, with its last reply;
- *replied on time*: of those, the ones replied by their due date (``replied_on_time``); the
  on-time rate is on time / replies with a due date;
- *average working days*: the mean of the stored working days from acceptance to reply;
- *satisfaction*: the writers' ratings of the replies of the year; the satisfaction rate is
  (satisfied + basically satisfied) / rated.

A letter counts for the agency it now lies with (after a transfer, the receiving agency). A
report (举报) is counted like every letter; only its content is never public.

Two grouped queries per page, whatever the number of letters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth

from gongkai.agencies.models import Agency
from gongkai.interaction.models import Message, MessageKind, MessageStatus, Rating


@dataclass
class Tally:
    """The figures of one slice (a year, a month, a type, an agency)."""

    received: int = 0
    not_accepted: int = 0
    replied: int = 0
    on_time: int = 0
    timed: int = 0  # replies with a due date (the on-time rate's denominator)
    days_sum: int = 0
    days_count: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0

    def add(self, other: Tally) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def late(self) -> int:
        return self.timed - self.on_time

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.timed if self.timed else None

    @property
    def average_working_days(self) -> float | None:
        return self.days_sum / self.days_count if self.days_count else None

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        return (self.satisfied + self.basically) / self.rated if self.rated else None


@dataclass
class Figures:
    year: int
    agency: Agency | None  # None: the whole site
    total: Tally = field(default_factory=Tally)
    by_month: dict[int, Tally] = field(default_factory=lambda: {m: Tally() for m in range(1, 13)})
    by_kind: dict[str, Tally] = field(
        default_factory=lambda: {k: Tally() for k in MessageKind.values}
    )
    by_agency: dict[int, Tally] = field(default_factory=dict)
    agencies: list[Agency] = field(default_factory=list)  # those in by_agency, in site order

    def kind_rows(self) -> list[tuple[str, Tally]]:
        return [(MessageKind(k).label, t) for k, t in self.by_kind.items()]

    def agency_rows(self) -> list[tuple[Agency, Tally]]:
        return [(a, self.by_agency[a.pk]) for a in self.agencies]


def received_in(year: int):
    """The letters the figures count as received in ``year``."""
    return Message.objects.filter(received_on__year=year).exclude(status=MessageStatus.MERGED)


def replied_in(year: int):
    """The letters the figures count as replied in ``year``."""
    return Message.objects.filter(replied_on__year=year, status=MessageStatus.REPLIED)


def letter_figures(*, year: int, agency: Agency | None = None) -> Figures:
    """The figures of ``year`` for ``agency`` (its letters only) or, without it, for the whole
    site with a tally per agency."""
    figures = Figures(year=year, agency=agency)
    received = received_in(year)
    replied = replied_in(year)
    if agency is not None:
        received = received.filter(agency=agency)
        replied = replied.filter(agency=agency)
    by_agency: dict[int, Tally] = defaultdict(Tally)

    rows = (
        received.order_by()
        .annotate(month=ExtractMonth("received_on"))
        .values("agency_id", "kind", "month")
        .annotate(
            n=Count("pk"),
            not_accepted=Count("pk", filter=Q(status=MessageStatus.NOT_ACCEPTED)),
        )
    )
    for row in rows:
        tally = Tally(received=row["n"], not_accepted=row["not_accepted"])
        _spread(figures, by_agency, row, tally)

    rows = (
        replied.order_by()
        .annotate(month=ExtractMonth("replied_on"))
        .values("agency_id", "kind", "month")
        .annotate(
            n=Count("pk"),
            on_time=Count("pk", filter=Q(replied_on_time=True)),
            timed=Count("pk", filter=Q(replied_on_time__isnull=False)),
            days_sum=Sum("reply_working_days"),
            days_count=Count("reply_working_days"),
            satisfied=Count("pk", filter=Q(rating=Rating.SATISFIED)),
            basically=Count("pk", filter=Q(rating=Rating.BASICALLY)),
            dissatisfied=Count("pk", filter=Q(rating=Rating.DISSATISFIED)),
        )
    )
    for row in rows:
        tally = Tally(
            replied=row["n"],
            on_time=row["on_time"],
            timed=row["timed"],
            days_sum=row["days_sum"] or 0,
            days_count=row["days_count"],
            satisfied=row["satisfied"],
            basically=row["basically"],
            dissatisfied=row["dissatisfied"],
        )
        _spread(figures, by_agency, row, tally)

    if agency is None and by_agency:
        figures.agencies = list(
            Agency.objects.filter(pk__in=by_agency).order_by("sort_order", "name", "pk")
        )
        figures.by_agency = dict(by_agency)
    return figures


def _spread(figures: Figures, by_agency: dict[int, Tally], row: dict, tally: Tally) -> None:
    figures.total.add(tally)
    figures.by_month[row["month"]].add(tally)
    figures.by_kind[row["kind"]].add(tally)
    by_agency[row["agency_id"]].add(tally)


def first_year() -> int | None:
    """The earliest year any letter was received (the figures pages offer it onwards)."""
    first = Message.objects.order_by("received_on").values_list("received_on", flat=True).first()
    return first.year if first else None
