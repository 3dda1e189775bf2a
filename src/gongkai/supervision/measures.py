"""What each target measures, computed from the records, and where a target stands.

Every measure is computed for many targets at once (a handful of grouped queries whatever the
number of targets and agencies), so the dashboard, the targets pages and the assessment table
never query per target:

- items published: public items (主动公开) with a publication date in the year;
- items in a catalog category: the same, in the category or any category below it;
- share of items published on time: on time / (on time + late), items without a date formed
  left out (Art. 26: within 20 working days of being formed);
- share of applications answered on time: cases replied in the year by their due date, among
  those replied in the year that have a due date;
- share of normative documents with an interpretation (政策解读率): published 行政规范性文件 of
  the year that a published 政策解读 points to.

A percentage without any case to judge is ``None`` and counts as met ("every application
answered on time" holds when none had to be answered).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from gongkai.applications.models import Application
from gongkai.catalog.models import PUBLIC_CONDITION, Category, Item, ItemStatus
from gongkai.supervision.models import Measure, Target

NORMATIVE = "policy.normative"  # 行政规范性文件
BAR_LEFT, BAR_WIDTH = 4, 552  # the progress bar inside its 560-pixel SVG


@dataclass(frozen=True)
class Value:
    """A measure's value: a count, or a percentage ``numerator / denominator × 100``."""

    value: float | None  # None: a percentage with nothing to judge
    numerator: int
    denominator: int | None = None  # percentages only

    @property
    def text(self) -> str:
        if self.denominator is None:
            return str(self.numerator)
        if self.value is None:
            return "—"
        return f"{self.value:.1f}%"


def _year_range(years: set[int]) -> tuple[dt.date, dt.date]:
    return dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)


def _subtrees(agency_ids: set[int]) -> dict[int, list[int]]:
    """Every category of these agencies with the ids of itself and all categories below."""
    children: dict[int, list[int]] = defaultdict(list)
    pks = []
    for pk, parent_id in Category.objects.filter(agency__in=agency_ids).values_list(
        "pk", "parent_id"
    ):
        pks.append(pk)
        if parent_id is not None:
            children[parent_id].append(pk)
    result = {}
    for pk in pks:
        ids, stack = [], [pk]
        while stack:
            node = stack.pop()
            ids.append(node)
            stack.extend(children.get(node, ()))
        result[pk] = ids
    return result


def _percent(numerator: int, denominator: int) -> Value:
    return Value(numerator * 100 / denominator if denominator else None, numerator, denominator)


def measure_values(targets: Iterable[Target]) -> dict[int, Value]:
    """The value of each target's measure for its agency and year, by target id."""
    targets = list(targets)
    if not targets:
        return {}
    agencies = {t.agency_id for t in targets}
    years = {t.year for t in targets}
    measures = {t.measure for t in targets}
    start, end = _year_range(years)

    item_counts: dict[tuple[int, int], dict[int, list[int]]] = defaultdict(dict)
    item_measures = {Measure.ITEMS, Measure.CATEGORY_ITEMS, Measure.ITEMS_ON_TIME}
    if measures & item_measures:
        rows = (
            Item.objects.filter(
                PUBLIC_CONDITION, agency__in=agencies, published_date__range=(start, end)
            )
            .annotate(year=ExtractYear("published_date"))
            .values_list("agency_id", "year", "category_id")
            .annotate(
                n=Count("pk"),
                on_time=Count("pk", filter=Q(published_late=False)),
                late=Count("pk", filter=Q(published_late=True)),
            )
            .order_by()
        )
        for agency_id, year, category_id, n, on_time, late in rows:
            item_counts[(agency_id, year)][category_id] = [n, on_time, late]

    replies: dict[tuple[int, int], tuple[int, int]] = {}
    if Measure.REPLIES_ON_TIME in measures:
        for agency_id, year, on_time, late in (
            Application.objects.filter(agency__in=agencies, replied_on__range=(start, end))
            .annotate(year=ExtractYear("replied_on"))
            .values_list("agency_id", "year")
            .annotate(
                on_time=Count("pk", filter=Q(replied_on__lte=F("due_date"))),
                late=Count("pk", filter=Q(replied_on__gt=F("due_date"))),
            )
            .order_by()
        ):
            replies[(agency_id, year)] = (on_time, late)

    interpreted: dict[tuple[int, int], tuple[int, int]] = {}
    if Measure.INTERPRETED in measures:
        for agency_id, year, n, done in (
            Item.objects.filter(
                PUBLIC_CONDITION,
                agency__in=agencies,
                category__code=NORMATIVE,
                published_date__range=(start, end),
            )
            .annotate(year=ExtractYear("published_date"))
            .values_list("agency_id", "year")
            .annotate(
                n=Count("pk", distinct=True),
                done=Count(
                    "pk",
                    distinct=True,
                    filter=Q(
                        interpretations__status=ItemStatus.PUBLISHED,
                        interpretations__disclosure_attribute="public",
                    ),
                ),
            )
            .order_by()
        ):
            interpreted[(agency_id, year)] = (done, n)

    subtrees = (
        _subtrees({t.agency_id for t in targets if t.measure == Measure.CATEGORY_ITEMS})
        if Measure.CATEGORY_ITEMS in measures
        else {}
    )
    result: dict[int, Value] = {}
    for target in targets:
        key = (target.agency_id, target.year)
        counts = item_counts.get(key, {})
        if target.measure == Measure.ITEMS:
            n = sum(c[0] for c in counts.values())
            result[target.pk] = Value(n, n)
        elif target.measure == Measure.CATEGORY_ITEMS:
            ids = subtrees.get(target.category_id, [target.category_id])
            n = sum(counts.get(pk, [0])[0] for pk in ids)
            result[target.pk] = Value(n, n)
        elif target.measure == Measure.ITEMS_ON_TIME:
            on_time = sum(c[1] for c in counts.values())
            late = sum(c[2] for c in counts.values())
            result[target.pk] = _percent(on_time, on_time + late)
        elif target.measure == Measure.REPLIES_ON_TIME:
            on_time, late = replies.get(key, (0, 0))
            result[target.pk] = _percent(on_time, on_time + late)
        elif target.measure == Measure.INTERPRETED:
            done, n = interpreted.get(key, (0, 0))
            result[target.pk] = _percent(done, n)
    return result


# --- where a target stands -------------------------------------------------------------------


class Result:
    """The year-end result of a target, and its state during the year."""

    AIMED = "aimed"  # 力争目标完成
    MET = "met"  # 达到最低目标
    NOT_MET = "not_met"  # 未完成
    LABELS = {
        AIMED: _("Aimed value reached"),
        MET: _("Met"),
        NOT_MET: _("Not met"),
    }
    # During the year
    NOT_STARTED = "not_started"
    ON_PACE = "on_pace"
    BEHIND = "behind"  # a count below an even pace to its minimum
    BELOW = "below"  # a percentage below its minimum so far
    STATE_LABELS = {
        AIMED: _("Aimed value already reached"),
        MET: _("Minimum already reached"),
        NOT_STARTED: _("The year has not begun"),
        ON_PACE: _("On pace"),
        BEHIND: _("Behind pace"),
        BELOW: _("Below the minimum so far"),
    }


@dataclass
class Progress:
    target: Target
    value: Value
    today: dt.date
    url: str = ""

    @property
    def year_over(self) -> bool:
        return self.today.year > self.target.year

    @property
    def elapsed(self) -> float:
        """The share of the target's year gone by today (0 before it, 1 after it)."""
        year = self.target.year
        if self.today.year < year:
            return 0.0
        if self.today.year > year:
            return 1.0
        start = dt.date(year, 1, 1)
        days = (dt.date(year, 12, 31) - start).days + 1
        return ((self.today - start).days + 1) / days

    @property
    def reached(self) -> str:
        """AIMED, MET or NOT_MET for the value so far."""
        value = self.value.value
        if value is None:  # nothing to judge: nothing late
            return Result.AIMED if self.target.aimed is not None else Result.MET
        if self.target.aimed is not None and value >= self.target.aimed:
            return Result.AIMED
        if value >= self.target.minimum:
            return Result.MET
        return Result.NOT_MET

    @property
    def result(self) -> str | None:
        """The year-end result, once the year is over."""
        return self.reached if self.year_over else None

    @property
    def result_label(self) -> str:
        return str(Result.LABELS[self.result]) if self.result else ""

    @property
    def pace(self) -> float | None:
        """For a count, where the minimum's even spread over the year stands today."""
        if self.target.is_percent:
            return None
        return self.target.minimum * self.elapsed

    @property
    def state(self) -> str:
        if self.year_over:
            return self.reached
        if self.elapsed == 0:
            return Result.NOT_STARTED
        reached = self.reached
        if reached != Result.NOT_MET:
            return reached
        if self.pace is not None:
            return Result.ON_PACE if (self.value.value or 0) >= self.pace else Result.BEHIND
        return Result.BELOW

    @property
    def state_label(self) -> str:
        if self.year_over:
            return self.result_label
        return str(Result.STATE_LABELS[self.state])

    # Geometry of the progress bar (0…1 of its width)
    @property
    def scale(self) -> float:
        if self.target.is_percent:
            return 100.0
        top = max(self.target.aimed or 0, self.target.minimum, self.value.value or 0)
        return float(top) or 1.0

    def _x(self, value: float | None) -> float | None:
        return None if value is None else round(min(1.0, value / self.scale), 4)

    @property
    def done_x(self) -> float:
        return self._x(self.value.value or 0)

    @property
    def minimum_x(self) -> float:
        return self._x(self.target.minimum)

    @property
    def aimed_x(self) -> float | None:
        return self._x(self.target.aimed)

    @property
    def pace_x(self) -> float | None:
        return None if self.year_over or self.pace is None else self._x(self.pace)

    @property
    def bar(self) -> dict[str, float | None]:
        """Pixel positions on the progress bar (``BAR_WIDTH`` wide, ``BAR_LEFT`` in)."""

        def px(x: float | None) -> float | None:
            return None if x is None else round(BAR_LEFT + x * BAR_WIDTH, 1)

        def anchor(x: float | None) -> str:
            if x is None or x > BAR_LEFT + BAR_WIDTH - 40:
                return "end"
            return "start" if x < BAR_LEFT + 40 else "middle"

        minimum, aimed = px(self.minimum_x), px(self.aimed_x)
        return {
            "left": BAR_LEFT,
            "width": BAR_WIDTH,
            "right": BAR_LEFT + BAR_WIDTH,
            "done": round(self.done_x * BAR_WIDTH, 1),
            "minimum": minimum,
            "minimum_anchor": anchor(minimum),
            "aimed": aimed,
            "aimed_anchor": anchor(aimed),
            "pace": px(self.pace_x),
        }

    def _figure(self, value: float | int | None) -> str:
        if value is None:
            return "—"
        if self.target.is_percent:
            return f"{value:g}%"
        return f"{value:g}"

    @property
    def minimum_text(self) -> str:
        return self._figure(self.target.minimum)

    @property
    def aimed_text(self) -> str:
        return self._figure(self.target.aimed) if self.target.aimed is not None else ""

    @property
    def pace_text(self) -> str:
        return f"{self.pace:.0f}" if self.pace is not None else ""

    @property
    def share_of_minimum(self) -> float | None:
        if self.value.value is None or not self.target.minimum:
            return None
        return self.value.value / self.target.minimum


def progress(
    targets: Iterable[Target],
    *,
    today: dt.date,
    url_for: Callable[[Target], str] | None = None,
) -> list[Progress]:
    """Where each target stands on ``today`` (its year-end result once its year is over)."""
    targets = list(targets)
    values = measure_values(targets)
    return [
        Progress(
            target=t,
            value=values[t.pk],
            today=today,
            url=url_for(t) if url_for else "",
        )
        for t in targets
    ]
