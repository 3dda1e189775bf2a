"""Demo data of the targets (目标考核) and the assessment table of the demo county.

Every agency below the county government gets targets for last year (their year-end results
show) and for this year (their progress shows), set by the county's 公开办 through the real
services: items published in all (minimum and a value aimed for), items in 部门动态, the share
published on time, and for the agencies that receive applications the share answered on time.
The figures follow what each agency published last year, scaled by a fixed factor per agency,
so some targets are met and some are not. The 公开办's assessment table gets the standard
indicators for last year and a copy for this year whose self-check deduction is half a
point per open finding (the demo site has many empty columns).

Deterministic; leaves a ``demo.targets`` audit event, and when that event exists a second run
does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gongkai.accounts.models import Role, User
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.audit.models import Event
from gongkai.audit.services import record_event
from gongkai.catalog.models import PUBLIC_CONDITION, Category, Item
from gongkai.supervision.models import Indicator, IndicatorKind, Measure, Target

MARKER = "demo.targets"
# Per agency in directory order: how far the minimum is set from last year's figure.
FACTORS = [0.8, 1.15, 0.9, 1.3, 0.85, 1.0, 1.2, 0.75, 1.1, 0.95, 1.25, 0.9, 1.05]
NEWS = "news"  # 部门动态


@dataclass
class TargetsDemoResult:
    created: bool
    targets: int = 0
    indicators: int = 0


def build_targets() -> TargetsDemoResult:
    from gongkai.core.demo.county import root_code

    gov = Agency.objects.filter(credit_code=root_code()).first()
    office = (
        User.objects.filter(roles__role=Role.DISCLOSURE_OFFICE, roles__agency=gov)
        .order_by("pk")
        .first()
        if gov
        else None
    )
    if gov is None or office is None or Event.objects.filter(action=MARKER).exists():
        return TargetsDemoResult(
            created=False, targets=Target.objects.count(), indicators=Indicator.objects.count()
        )
    today = timezone.localdate()
    with transaction.atomic():
        targets = _targets(office, gov, today.year)
        indicators = _indicators(office, gov, today.year)
        record_event(
            actor=None,
            action=MARKER,
            agency=gov,
            data={"targets": targets, "indicators": indicators},
        )
    return TargetsDemoResult(created=True, targets=targets, indicators=indicators)


def _counts(agencies: list[Agency], years: list[int]) -> tuple[dict, dict, set[int]]:
    """Public items per (agency, year), 部门动态 items per (agency, year), and the agencies
    that received applications."""
    ids = [a.pk for a in agencies]
    items, news = {}, {}
    for agency_id, year, n, in_news in (
        Item.objects.filter(PUBLIC_CONDITION, agency__in=ids, published_date__year__in=years)
        .annotate(year=ExtractYear("published_date"))
        .values_list("agency_id", "year")
        .annotate(n=Count("pk"), in_news=Count("pk", filter=Q(section=NEWS)))
        .order_by()
    ):
        items[(agency_id, year)] = n
        news[(agency_id, year)] = in_news
    receiving = set(
        Application.objects.filter(agency__in=ids).values_list("agency_id", flat=True).distinct()
    )
    return items, news, receiving


def _targets(office: User, gov: Agency, year: int) -> int:
    from gongkai.supervision.services.targets import target_save

    agencies = list(Agency.objects.filter(parent=gov).order_by("sort_order", "pk"))
    items, news, receiving = _counts(agencies, [year - 1])
    news_categories = dict(
        Category.objects.filter(agency__in=agencies, code=NEWS).values_list("agency_id", "pk")
    )
    categories = {c.pk: c for c in Category.objects.filter(pk__in=news_categories.values())}
    made = 0
    for i, agency in enumerate(agencies):
        factor = FACTORS[i % len(FACTORS)]
        base = items.get((agency.pk, year - 1), 0) or 40
        in_news = news.get((agency.pk, year - 1), 0) or 10
        for target_year in (year - 1, year):
            # Last year's targets are a little below or above what was done, this year's a
            # step up, so both results and progress vary.
            step = 1.0 if target_year < year else 1.1
            minimum = max(1, round(base * factor * step))
            lines = [
                {"measure": Measure.ITEMS, "minimum": minimum, "aimed": round(minimum * 1.25)},
                {"measure": Measure.ITEMS_ON_TIME, "minimum": 90, "aimed": 100},
            ]
            if agency.pk in news_categories:
                lines.append(
                    {
                        "measure": Measure.CATEGORY_ITEMS,
                        "category": categories[news_categories[agency.pk]],
                        "minimum": max(1, round(in_news * factor * step)),
                        "aimed": None,
                        "note": "县政务公开考核细则：部门动态类信息",
                    }
                )
            if agency.pk in receiving:
                lines.append({"measure": Measure.REPLIES_ON_TIME, "minimum": 100, "aimed": None})
            for line in lines:
                target_save(actor=office, agency=agency, year=target_year, **line)
                made += 1
    return made


def _indicators(office: User, gov: Agency, year: int) -> int:
    from gongkai.supervision.services.targets import indicator_save, indicators_set_up

    indicators_set_up(actor=office, supervisor=gov, year=year - 1)
    created = indicators_set_up(actor=office, supervisor=gov, year=year)
    selfcheck = next(i for i in created if i.kind == IndicatorKind.SELFCHECK)
    indicator_save(
        actor=office,
        supervisor=gov,
        year=year,
        kind=selfcheck.kind,
        weight=selfcheck.weight,
        params={"deduction": 0.5},
        indicator=selfcheck,
    )
    return Indicator.objects.filter(supervisor=gov).count()
