"""The public figures of the ratings (好差评) for one year, site-wide with a row per agency, or
for one agency with a row per matter; both by month.

What is counted (the figures page and the API state the same):

- *ratings*: the ratings given in the year (by the day of the rating), by level;
- *satisfaction rate*: (非常满意 + 满意 + 基本满意) / all ratings;
- *bad ratings* (差评): 不满意 + 非常不满意; each opens a rectification case;
- *rectified*: bad ratings whose case was closed as rectified; *not substantiated*: closed
  because the verification found the rating unfounded;
- *closed on time*: cases closed (either way) by their due date;
- *open* / *overdue*: cases not yet closed, and those of them past their due date today.

A rating counts for the agency and the matter it was given to. One grouped query per page,
whatever the number of ratings.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth

from gongkai.agencies.models import Agency
from gongkai.servicehall import rules
from gongkai.servicehall.models import Rating, RatingLevel, RectificationStatus
from gongkai.services.models import Matter

LEVEL_FIELDS = {
    RatingLevel.VERY_SATISFIED: "very_satisfied",
    RatingLevel.SATISFIED: "satisfied",
    RatingLevel.BASICALLY: "basically",
    RatingLevel.DISSATISFIED: "dissatisfied",
    RatingLevel.VERY_DISSATISFIED: "very_dissatisfied",
}


@dataclass
class Tally:
    """The figures of one slice (a year, a month, an agency, a matter)."""

    very_satisfied: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0
    very_dissatisfied: int = 0
    rectified: int = 0
    unfounded: int = 0
    on_time: int = 0
    open: int = 0
    overdue: int = 0

    def add(self, other: Tally) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def count(self, level: str) -> int:
        return getattr(self, LEVEL_FIELDS[level])

    @property
    def ratings(self) -> int:
        return sum(getattr(self, name) for name in LEVEL_FIELDS.values())

    @property
    def good(self) -> int:
        return self.very_satisfied + self.satisfied + self.basically

    @property
    def bad(self) -> int:
        return self.dissatisfied + self.very_dissatisfied

    @property
    def closed(self) -> int:
        return self.rectified + self.unfounded

    @property
    def satisfaction_rate(self) -> float | None:
        return rules.satisfaction_rate(self.good, self.ratings)

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.closed if self.closed else None


@dataclass
class Figures:
    year: int
    agency: Agency | None  # None: the whole site
    total: Tally = field(default_factory=Tally)
    by_month: dict[int, Tally] = field(default_factory=lambda: {m: Tally() for m in range(1, 13)})
    by_agency: dict[int, Tally] = field(default_factory=dict)
    by_matter: dict[int, Tally] = field(default_factory=dict)
    agencies: dict[int, Agency] = field(default_factory=dict)
    matters: dict[int, Matter] = field(default_factory=dict)

    def agency_rows(self) -> list[tuple[Agency, Tally]]:
        rows = [(self.agencies[pk], tally) for pk, tally in self.by_agency.items()]
        return sorted(rows, key=lambda row: (row[0].sort_order, row[0].name))

    def matter_rows(self) -> list[tuple[Matter, Tally]]:
        rows = [(self.matters[pk], tally) for pk, tally in self.by_matter.items()]
        return sorted(rows, key=lambda row: (row[0].sort_order, row[0].implementation_code))


def _tally(row: dict) -> Tally:
    tally = Tally()
    setattr(tally, LEVEL_FIELDS[row["level"]], row["n"])
    status = row["rectification__status"]
    if status == RectificationStatus.RECTIFIED:
        tally.rectified = row["n"]
    elif status == RectificationStatus.UNFOUNDED:
        tally.unfounded = row["n"]
    elif status == RectificationStatus.OPEN:
        tally.open = row["n"]
    tally.on_time = row["on_time"]
    tally.overdue = row["overdue"]
    return tally


def rating_figures(*, year: int, agency: Agency | None = None, today: dt.date) -> Figures:
    """The figures of ``year``, for ``agency`` (with a row per matter) or the whole site
    (with a row per agency); ``today`` decides which open cases are overdue."""
    qs = Rating.objects.filter(rated_on__year=year)
    if agency is not None:
        qs = qs.filter(agency=agency)
    rows = (
        qs.order_by()
        .annotate(month=ExtractMonth("rated_on"))
        .values("agency_id", "matter_id", "month", "level", "rectification__status")
        .annotate(
            n=Count("pk"),
            on_time=Count(
                "pk",
                filter=Q(
                    rectification__closed_on__isnull=False,
                    rectification__closed_on__lte=F("rectification__due_date"),
                ),
            ),
            overdue=Count(
                "pk",
                filter=Q(
                    rectification__status=RectificationStatus.OPEN,
                    rectification__due_date__lt=today,
                ),
            ),
        )
    )
    figures = Figures(year=year, agency=agency)
    for row in rows:
        tally = _tally(row)
        figures.total.add(tally)
        figures.by_month[row["month"]].add(tally)
        if agency is None:
            figures.by_agency.setdefault(row["agency_id"], Tally()).add(tally)
        else:
            figures.by_matter.setdefault(row["matter_id"], Tally()).add(tally)
    if figures.by_agency:
        figures.agencies = Agency.objects.in_bulk(list(figures.by_agency))
    if figures.by_matter:
        figures.matters = Matter.objects.in_bulk(list(figures.by_matter))
    return figures


def first_year() -> int | None:
    first = Rating.objects.order_by("rated_on").values_list("rated_on", flat=True).first()
    return first.year if first else None
