"""Counts of calls and visits for a period (month, quarter, year), by agency and by kind.

What is counted, as the counts page states it:

- a call or visit counts in the period of the day it came (``started_at``, local time);
- *answered on the spot* and *work orders* are its two outcomes; *dispatched* are the work
  orders whose letter now lies with another agency than the office that registered it (转办);
- *concluded* are the ones answered on the spot plus the work orders replied (also through the
  letter they were merged into) — as of now, so a period's figure can still grow;
- *follow-ups done* are those whose caller was reached in the follow-up call; the satisfaction
  counts are theirs, and the satisfaction rate is (satisfied + basically satisfied) / rated.

The same figures give the sentence for the annual work summary, in the style of the seeds'
"接待来访34件，查处结案32件".
"""

from __future__ import annotations

import calendar as _calendar
import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.hotline import rules
from gongkai.hotline.models import Contact, ContactKind, ContactStatus, FollowUpState
from gongkai.hotline.selectors import CONCLUDED
from gongkai.interaction.models import Rating

PERIOD_KINDS = {
    "year": gettext_lazy("Year"),
    "quarter": gettext_lazy("Quarter"),
    "month": gettext_lazy("Month"),
}


@dataclass(frozen=True)
class Period:
    """A year, one of its quarters or one of its months."""

    kind: str  # "year" | "quarter" | "month"
    year: int
    number: int = 1  # the quarter (1–4) or the month (1–12)

    def __post_init__(self) -> None:
        limit = {"year": 1, "quarter": 4, "month": 12}.get(self.kind)
        if limit is None or not 1 <= self.number <= limit:
            raise ValueError(f"bad period {self.kind} {self.number}")

    @property
    def start(self) -> dt.date:
        if self.kind == "year":
            return dt.date(self.year, 1, 1)
        if self.kind == "quarter":
            return dt.date(self.year, 3 * self.number - 2, 1)
        return dt.date(self.year, self.number, 1)

    @property
    def end(self) -> dt.date:
        last_month = {"year": 12, "quarter": 3 * self.number, "month": self.number}[self.kind]
        return dt.date(self.year, last_month, _calendar.monthrange(self.year, last_month)[1])

    @property
    def label(self) -> str:
        if self.kind == "year":
            return _("%(year)d") % {"year": self.year}
        if self.kind == "quarter":
            return _("%(year)d, quarter %(n)d") % {"year": self.year, "n": self.number}
        return _("%(year)d, month %(n)d") % {"year": self.year, "n": self.number}

    def query(self) -> dict[str, str]:
        params = {"period": self.kind, "year": str(self.year)}
        if self.kind != "year":
            params["n"] = str(self.number)
        return params

    @classmethod
    def from_query(cls, params, today: dt.date) -> Period | None:
        """The period of the counts page's query (default: this year); None when invalid."""
        kind = params.get("period") or "year"
        try:
            year = int(params.get("year") or today.year)
            number = int(params.get("n") or 1)
            if not 2000 <= year <= today.year + 1:
                return None
            return cls(kind, year, number if kind != "year" else 1)
        except (TypeError, ValueError):
            return None


@dataclass
class Counts:
    received: int = 0
    visitors: int = 0  # people: 1 per call, the visitors of each visit
    group_visits: int = 0
    answered: int = 0
    work_orders: int = 0
    dispatched: int = 0
    concluded: int = 0
    followed_up: int = 0
    unreachable: int = 0
    satisfied: int = 0
    basically: int = 0
    dissatisfied: int = 0

    @property
    def rated(self) -> int:
        return self.satisfied + self.basically + self.dissatisfied

    @property
    def satisfaction_rate(self) -> float | None:
        return (self.satisfied + self.basically) / self.rated if self.rated else None

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class CountRow:
    agency: object
    kind: str
    counts: Counts

    @property
    def kind_label(self) -> str:
        return ContactKind(self.kind).label


@dataclass
class CountsPage:
    period: Period
    rows: list[CountRow] = field(default_factory=list)  # per agency and kind
    calls: Counts = field(default_factory=Counts)
    visits: Counts = field(default_factory=Counts)
    total: Counts = field(default_factory=Counts)

    @property
    def sentence(self) -> str:
        return summary_sentence(self.calls, self.visits, self.total)


def _aggregates() -> dict:
    return {
        "n_received": Count("pk"),
        "n_visitors": Sum("visitors"),
        "n_group_visits": Count(
            "pk", filter=Q(kind=ContactKind.VISIT, visitors__gte=rules.group_visit_min())
        ),
        "n_answered": Count("pk", filter=Q(status=ContactStatus.ANSWERED)),
        "n_work_orders": Count("pk", filter=Q(status=ContactStatus.WORK_ORDER)),
        "n_dispatched": Count(
            "pk", filter=Q(status=ContactStatus.WORK_ORDER) & ~Q(message__agency=F("agency"))
        ),
        "n_concluded": Count("pk", filter=CONCLUDED),
        "n_followed_up": Count("pk", filter=Q(follow_up=FollowUpState.DONE)),
        "n_unreachable": Count("pk", filter=Q(follow_up=FollowUpState.UNREACHABLE)),
        "n_satisfied": Count("pk", filter=Q(satisfaction=Rating.SATISFIED)),
        "n_basically": Count("pk", filter=Q(satisfaction=Rating.BASICALLY)),
        "n_dissatisfied": Count("pk", filter=Q(satisfaction=Rating.DISSATISFIED)),
    }


def in_period(contacts: QuerySet[Contact], period: Period) -> QuerySet[Contact]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return contacts.filter(started_at__gte=start, started_at__lt=end)


def contact_counts(contacts: QuerySet[Contact], period: Period) -> CountsPage:
    """The counts of ``contacts`` (already scoped to what the reader may see) in ``period``:
    a row per agency and kind, totals for calls, visits and both."""
    from gongkai.agencies.models import Agency

    page = CountsPage(period=period)
    grouped = (
        in_period(contacts, period).order_by().values("agency_id", "kind").annotate(**_aggregates())
    )
    agencies = {}
    values = list(grouped)
    if values:
        agencies = Agency.objects.in_bulk({v["agency_id"] for v in values})
    for value in values:
        counts = Counts(**{name: value[f"n_{name}"] or 0 for name in Counts.__dataclass_fields__})
        page.rows.append(CountRow(agencies[value["agency_id"]], value["kind"], counts))
        (page.calls if value["kind"] == ContactKind.CALL else page.visits).add(counts)
        page.total.add(counts)
    page.rows.sort(key=lambda r: (r.agency.sort_order, r.agency.name, r.kind != ContactKind.CALL))
    return page


def _rate(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def summary_sentence(calls: Counts, visits: Counts, total: Counts) -> str:
    """The counts as one sentence for the annual work summary (e.g. 受理来电120件，接待来访34件
    （56人次），查处结案150件，其中当场答复98件；回访140件，满意率96.4%。)."""
    return _(
        "%(calls)d calls received and %(visits)d visits (%(people)d visitors); "
        "%(concluded)d concluded, %(answered)d of them answered on the spot; "
        "%(followed)d follow-up calls, satisfaction %(rate)s."
    ) % {
        "calls": calls.received,
        "visits": visits.received,
        "people": visits.visitors,
        "concluded": total.concluded,
        "answered": total.answered,
        "followed": total.followed_up,
        "rate": _rate(total.satisfaction_rate),
    }
