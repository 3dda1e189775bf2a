"""Statistics of on-request disclosure for a period.

Two sets of cases, as in the annual report: those *received* in the period (``received_on``),
counted by current status, applicant kind, channel and month; and those *replied* in it
(``replied_on``), counted by outcome (the groups and rows of Table 2), whether the reply went
out by the due date (``replied_on <= due_date``; the due date already carries the extension and
the paused time), and how many working days passed from receipt to reply, counted with the
working-day calendar (loaded once for the whole page).

Three grouped queries and the calendar's two, whatever the number of cases.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth

from gongkai.agencies.models import Agency
from gongkai.applications.models import ApplicantKind, Application, Channel, Status
from gongkai.applications.outcomes import GROUPS, Outcome
from gongkai.supervision.stats.period import Period
from gongkai.workdays.selectors import load_calendar

ON_TIME = "on_time"
LATE = "late"
NO_DUE = "no_due"  # no due date recorded (an imported case): cannot be judged


def outcome_group_key(outcomes: list[Outcome]) -> str:
    """The filter value of a Table 2 group: the common prefix of its outcome codes
    (``granted``, ``partial``, ``withheld``, ``unavailable``, ``not_handled``, ``other``)."""
    return outcomes[0].value.rsplit("_", 1)[0] if len(outcomes) > 1 else outcomes[0].value


class WorkingDayCounter:
    """``Calendar.count_working_days`` for many date pairs over one loaded calendar: one pass
    over the span builds running totals, then every pair costs two lookups."""

    def __init__(self, first: dt.date, last: dt.date, *, count_start_day: bool | None = None):
        self.count_start_day = (
            settings.GONGKAI_COUNT_START_DAY if count_start_day is None else count_start_day
        )
        self.first = first
        calendar = load_calendar(range(first.year, last.year + 1))
        self.years = calendar.years
        self.running = [0]  # running[k + 1] = working days from ``first`` to ``first + k``
        self.working: list[bool] = []
        d = first
        while d <= last:
            working = calendar.covers(d.year) and calendar.is_working_day(d)
            self.working.append(working)
            self.running.append(self.running[-1] + working)
            d += dt.timedelta(days=1)

    def count(self, a: dt.date, b: dt.date) -> int | None:
        """Working days d with a < d <= b (a <= d <= b when the start day counts); None when
        a year in between has no calendar data."""
        if any(year not in self.years for year in range(a.year, b.year + 1)):
            return None
        if b < a:
            return 0
        i, j = (a - self.first).days, (b - self.first).days
        n = self.running[j + 1] - self.running[i + 1]
        if self.count_start_day and self.working[i]:
            n += 1
        return n


@dataclass
class Replies:
    """Cases replied in the period: on time, late, without a due date; working days."""

    on_time: int = 0
    late: int = 0
    no_due: int = 0
    working_days: int = 0  # summed over the cases counted in ``counted``
    counted: int = 0
    uncounted: int = 0  # no calendar for a year between receipt and reply

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.no_due

    @property
    def judged(self) -> int:
        return self.on_time + self.late

    @property
    def share_on_time(self) -> float | None:
        return self.on_time / self.judged if self.judged else None

    @property
    def average_working_days(self) -> float | None:
        return self.working_days / self.counted if self.counted else None

    def merge(self, other: Replies) -> None:
        for name in ("on_time", "late", "no_due", "working_days", "counted", "uncounted"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class AgencyRow:
    agency: Agency
    received: int = 0
    replies: Replies = field(default_factory=Replies)


@dataclass
class Tally:
    key: str
    label: str
    n: int


@dataclass
class OutcomeGroup:
    key: str
    label: str
    rows: list[Tally]

    @property
    def n(self) -> int:
        return sum(r.n for r in self.rows)


@dataclass
class ApplicationStats:
    period: Period
    agencies: list[AgencyRow]
    received: int
    by_status: list[Tally]
    by_kind: list[Tally]
    by_channel: list[Tally]
    received_by_month: dict[int, int]
    replied_by_month: dict[int, int]
    outcome_groups: list[OutcomeGroup]
    no_outcome: int  # replied without an outcome recorded (should not happen)
    replies: Replies

    @property
    def replied(self) -> int:
        return self.replies.total


def application_stats(agencies: list[Agency], period: Period) -> ApplicationStats:
    ids = [a.pk for a in agencies]
    cases = Application.objects.filter(agency__in=ids)
    per_agency = {a.pk: AgencyRow(agency=a) for a in agencies}

    status_n: dict[str, int] = defaultdict(int)
    kind_n: dict[str, int] = defaultdict(int)
    channel_n: dict[str, int] = defaultdict(int)
    received_by_month = {m: 0 for m in period.months}
    received = 0
    for agency_id, status, kind, channel, month, n in (
        cases.filter(received_on__range=(period.start, period.end))
        .annotate(month=ExtractMonth("received_on"))
        .values_list("agency_id", "status", "applicant_kind", "channel", "month")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_agency[agency_id].received += n
        status_n[status] += n
        kind_n[kind] += n
        channel_n[channel] += n
        received_by_month[month] = received_by_month.get(month, 0) + n
        received += n

    replied = cases.filter(replied_on__range=(period.start, period.end))
    outcome_n: dict[str, int] = defaultdict(int)
    replied_by_month = {m: 0 for m in period.months}
    for agency_id, outcome, month, on_time, late, n in (
        replied.annotate(month=ExtractMonth("replied_on"))
        .values_list("agency_id", "outcome", "month")
        .annotate(
            on_time=Count("pk", filter=Q(due_date__isnull=False, replied_on__lte=F("due_date"))),
            late=Count("pk", filter=Q(replied_on__gt=F("due_date"))),
            n=Count("pk"),
        )
        .order_by()
    ):
        row = per_agency[agency_id].replies
        row.on_time += on_time
        row.late += late
        row.no_due += n - on_time - late
        outcome_n[outcome] += n
        replied_by_month[month] = replied_by_month.get(month, 0) + n

    _add_working_days(replied, per_agency)

    totals = Replies()
    for row in per_agency.values():
        totals.merge(row.replies)
    groups = [
        OutcomeGroup(
            key=outcome_group_key(outcomes),
            label=str(label),
            rows=[Tally(o.value, o.label, outcome_n.get(o.value, 0)) for o in outcomes],
        )
        for label, outcomes in GROUPS
    ]
    return ApplicationStats(
        period=period,
        agencies=list(per_agency.values()),
        received=received,
        by_status=[Tally(s.value, s.label, status_n.get(s.value, 0)) for s in Status],
        by_kind=[Tally(k.value, k.label, kind_n.get(k.value, 0)) for k in ApplicantKind],
        by_channel=[Tally(c.value, c.label, channel_n.get(c.value, 0)) for c in Channel],
        received_by_month=received_by_month,
        replied_by_month=replied_by_month,
        outcome_groups=groups,
        no_outcome=outcome_n.get("", 0),
        replies=totals,
    )


def _add_working_days(replied, per_agency: dict[int, AgencyRow]) -> None:
    """Working days from receipt to reply, per distinct pair of dates (one query), over one
    calendar for the whole span."""
    pairs = list(
        replied.filter(received_on__isnull=False)
        .values_list("agency_id", "received_on", "replied_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    if not pairs:
        return
    first = min(p[1] for p in pairs)
    last = max(max(p[1], p[2]) for p in pairs)
    counter = WorkingDayCounter(first, last)
    for agency_id, received_on, replied_on, n in pairs:
        days = counter.count(received_on, replied_on)
        row = per_agency[agency_id].replies
        if days is None:
            row.uncounted += n
        else:
            row.working_days += days * n
            row.counted += n
