"""The assessment table (考核): every agency below a disclosure office scored with the office's
indicators for a year.

How each indicator is scored (the page shows the same rules, ``SCORING_RULES``):

- publication timeliness: points × the share of the year's public items published within 20
  working days of being formed; items without a date formed are left out, or counted as late
  when the indicator says so; not applicable when there is no item to judge;
- on-time replies: points × the share of the applications replied in the year by their due
  date (cases without a due date left out); not applicable when none was replied;
- annual report on time: full points when the report on the previous year was published by its
  due date (31 January, governments 31 March, of the assessed year), 0 when it was not; not
  applicable while it is not yet due;
- self-check findings: full points minus the deduction for each open finding of the site
  self-check, never below 0;
- targets met: points × the share of the agency's targets for the year reached (year-end
  results once the year is over, the figures so far before); not applicable without targets.

An agency's total is the sum of its points; indicators that do not apply are left out of both
the total and its maximum, and agencies are ranked by total ÷ maximum.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.accounts.permissions import descendant_ids
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.catalog.models import PUBLIC_CONDITION, Item
from gongkai.supervision.measures import Result, progress
from gongkai.supervision.models import Indicator, IndicatorKind, Target

SCORING_RULES = {
    IndicatorKind.ITEMS_ON_TIME: gettext_lazy(
        "Points × the share of the year's public items published within 20 working days of "
        "being formed. Items without a date formed are left out, or counted as late where the "
        "indicator says so. Not applicable when there is no item to judge."
    ),
    IndicatorKind.REPLIES_ON_TIME: gettext_lazy(
        "Points × the share of the applications replied in the year that were replied by their "
        "due date (cases without a due date are left out). Not applicable when none was replied."
    ),
    IndicatorKind.REPORT_ON_TIME: gettext_lazy(
        "Full points when the annual report on the previous year was published by its due date "
        "(31 January; a people's government 31 March), none when it was not. Not applicable "
        "while it is not yet due."
    ),
    IndicatorKind.SELFCHECK: gettext_lazy(
        "Full points minus the deduction for each open finding of the site self-check, never "
        "below zero."
    ),
    IndicatorKind.TARGETS: gettext_lazy(
        "Points × the share of the agency's targets for the year that are reached: the year-end "
        "results once the year is over, the figures so far before. Not applicable when the "
        "agency has no targets."
    ),
}


@dataclass
class Score:
    indicator: Indicator
    points: float | None  # None: not applicable
    detail: str

    @property
    def applies(self) -> bool:
        return self.points is not None


@dataclass
class AgencyScore:
    agency: Agency
    scores: list[Score] = field(default_factory=list)
    rank: int = 0

    @property
    def total(self) -> float:
        return round(sum(s.points for s in self.scores if s.applies), 1)

    @property
    def maximum(self) -> int:
        return sum(s.indicator.weight for s in self.scores if s.applies)

    @property
    def percent(self) -> float | None:
        return round(self.total * 100 / self.maximum, 1) if self.maximum else None


@dataclass
class Assessment:
    supervisor: Agency
    year: int
    indicators: list[Indicator]
    rows: list[AgencyScore]

    @property
    def total_weight(self) -> int:
        return sum(i.weight for i in self.indicators)


def indicators_of(supervisor: Agency, year: int) -> list[Indicator]:
    return list(
        Indicator.objects.filter(supervisor=supervisor, year=year).order_by("sort_order", "pk")
    )


def assessed_agencies(supervisor: Agency) -> list[Agency]:
    """Every agency below ``supervisor`` (not the supervisor itself), in directory order."""
    ids = descendant_ids([supervisor.pk]) - {supervisor.pk}
    return list(Agency.objects.filter(pk__in=ids).order_by("sort_order", "name"))


def _share_points(weight: int, good: int, judged: int) -> float | None:
    return round(weight * good / judged, 1) if judged else None


def _items_on_time(ids, year) -> dict[int, tuple[int, int, int]]:
    rows = (
        Item.objects.filter(PUBLIC_CONDITION, agency__in=ids, published_date__year=year)
        .values_list("agency_id")
        .annotate(
            on_time=Count("pk", filter=Q(published_late=False)),
            late=Count("pk", filter=Q(published_late=True)),
            unknown=Count("pk", filter=Q(published_late__isnull=True)),
        )
        .order_by()
    )
    return {agency_id: (on_time, late, unknown) for agency_id, on_time, late, unknown in rows}


def _replies_on_time(ids, year) -> dict[int, tuple[int, int]]:
    rows = (
        Application.objects.filter(agency__in=ids, replied_on__year=year)
        .values_list("agency_id")
        .annotate(
            on_time=Count("pk", filter=Q(replied_on__lte=F("due_date"))),
            late=Count("pk", filter=Q(replied_on__gt=F("due_date"))),
        )
        .order_by()
    )
    return {agency_id: (on_time, late) for agency_id, on_time, late in rows}


def _targets(ids, year, today) -> dict[int, tuple[int, int]]:
    targets = Target.objects.filter(agency__in=ids, year=year).select_related("category")
    reached: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for p in progress(targets, today=today):
        counts = reached[p.target.agency_id]
        counts[1] += 1
        if p.reached != Result.NOT_MET:
            counts[0] += 1
    return {agency_id: (a, b) for agency_id, (a, b) in reached.items()}


def assessment(supervisor: Agency, year: int, *, today: dt.date) -> Assessment:
    """Score every agency below ``supervisor`` with its indicators for ``year``."""
    indicators = indicators_of(supervisor, year)
    agencies = assessed_agencies(supervisor)
    ids = [a.pk for a in agencies]
    kinds = {i.kind for i in indicators}
    items = _items_on_time(ids, year) if IndicatorKind.ITEMS_ON_TIME in kinds else {}
    replies = _replies_on_time(ids, year) if IndicatorKind.REPLIES_ON_TIME in kinds else {}
    targets = _targets(ids, year, today) if IndicatorKind.TARGETS in kinds else {}
    rows = []
    for agency in agencies:
        row = AgencyScore(agency=agency)
        for indicator in indicators:
            row.scores.append(
                _score(
                    indicator, agency, year, today, items=items, replies=replies, targets=targets
                )
            )
        rows.append(row)
    rows.sort(key=lambda r: (-(r.percent if r.percent is not None else -1), r.agency.sort_order))
    rank = 0
    previous = object()
    for position, row in enumerate(rows, start=1):
        if row.percent != previous:
            rank = position
            previous = row.percent
        row.rank = rank
    return Assessment(supervisor=supervisor, year=year, indicators=indicators, rows=rows)


def _score(indicator, agency, year, today, *, items, replies, targets) -> Score:
    weight = indicator.weight
    kind = indicator.kind
    if kind == IndicatorKind.ITEMS_ON_TIME:
        on_time, late, unknown = items.get(agency.pk, (0, 0, 0))
        if indicator.params.get("missing_date_late"):
            late += unknown
            note = ""
        else:
            note = _("%(n)s without a date formed left out") % {"n": unknown} if unknown else ""
        if not on_time + late:
            return Score(indicator, None, _("No item with a date formed was published"))
        detail = _("%(on_time)s of %(judged)s on time") % {
            "on_time": on_time,
            "judged": on_time + late,
        }
        return Score(indicator, _share_points(weight, on_time, on_time + late), _join(detail, note))
    if kind == IndicatorKind.REPLIES_ON_TIME:
        on_time, late = replies.get(agency.pk, (0, 0))
        if not on_time + late:
            return Score(indicator, None, _("No application with a due date was replied"))
        detail = _("%(on_time)s of %(judged)s replied on time") % {
            "on_time": on_time,
            "judged": on_time + late,
        }
        return Score(indicator, _share_points(weight, on_time, on_time + late), detail)
    if kind == IndicatorKind.REPORT_ON_TIME:
        from gongkai.reports.selectors import report_on_time

        on_time = report_on_time(agency, year - 1, today=today)
        if on_time is None:
            return Score(
                indicator, None, _("The report on %(year)s is not yet due") % {"year": year - 1}
            )
        detail = (
            _("The report on %(year)s was published on time")
            if on_time
            else _("The report on %(year)s was not published on time")
        ) % {"year": year - 1}
        return Score(indicator, float(weight) if on_time else 0.0, detail)
    if kind == IndicatorKind.SELFCHECK:
        from gongkai.supervision.selfcheck_selectors import open_findings_count

        count = open_findings_count(agency)
        deduction = float(indicator.params.get("deduction", 1))
        points = max(0.0, weight - deduction * count)
        detail = _("%(n)s open findings, %(points)s points off each") % {
            "n": count,
            "points": f"{deduction:g}",
        }
        return Score(indicator, round(points, 1), detail)
    if kind == IndicatorKind.TARGETS:
        reached, total = targets.get(agency.pk, (0, 0))
        if not total:
            return Score(indicator, None, _("No targets for the year"))
        detail = _("%(reached)s of %(total)s targets reached") % {
            "reached": reached,
            "total": total,
        }
        return Score(indicator, _share_points(weight, reached, total), detail)
    return Score(indicator, None, "")


def _join(*parts: str) -> str:
    return _("; ").join(p for p in parts if p)
