"""首页不更新, 栏目不更新 and 空白栏目: single-veto items 3 and 4 of the 2019 indicators.

- Home page (RULES.md §3.1 item 3): nothing new on the home page for 2 weeks. The site's home
  page lists the newest items site-wide, and each agency's catalog page is that agency's home,
  so both are checked: the newest public item of the site, and of each agency. Only items
  dated today or earlier count (a date in the future is a metadata finding, not an update);
  following the 2015 census, an item without a publish date never counts as an update
  [UNVERIFIED whether 2019 keeps that note; it is the safe default].
- Columns (item 4): the shown leaf categories of each catalog, each against its own
  ``update_period_days``. 动态 columns (the ``news`` section with a period of at most
  ``GONGKAI_SELFCHECK_NEWS_DAYS``, or none) are the news rule; 通知公告 and 政策文件 columns
  count with them towards (a), ≥ 5 in total; every other column with a period counts towards
  (b), ≥ 10; empty columns towards (c), ≥ 5. A finding carries 单项否决 risk once its group
  reaches the number, 扣分 before that.

"Stale" means more days since the newest item than the period, as the catalog's own
"长期未更新" flag counts it, so the two pages never disagree.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Count, Max, Q

from gongkai.catalog.models import Category
from gongkai.catalog.selectors import public_items
from gongkai.supervision.models.selfcheck import Rule, Severity
from gongkai.supervision.selfcheck.base import (
    CheckScope,
    Found,
    category_fix_url,
    iso,
    new_item_url,
)

NEWS_SECTION = "news"
NOTICE_SECTIONS = ("news", "policy")  # 通知公告、政策文件类 columns count towards (a)
GROUP_RECENT, GROUP_LONG, GROUP_EMPTY = "a", "b", "c"


def veto_at(group: str) -> int:
    """How many findings of a column group make indicator 4 a single veto."""
    return {
        GROUP_RECENT: settings.GONGKAI_SELFCHECK_STALE_COLUMNS_VETO,
        GROUP_LONG: settings.GONGKAI_SELFCHECK_LONG_STALE_COLUMNS_VETO,
        GROUP_EMPTY: settings.GONGKAI_SELFCHECK_EMPTY_COLUMNS_VETO,
    }[group]


# --- home pages ------------------------------------------------------------------------------


def home_not_updated(scope: CheckScope) -> Iterator[Found]:
    """The site (when ``scope.site``) and every agency in scope whose newest public item is
    older than ``GONGKAI_SELFCHECK_HOME_DAYS`` days, or that never published anything."""
    limit = settings.GONGKAI_SELFCHECK_HOME_DAYS
    dated = public_items().filter(published_date__lte=scope.today)

    def params(latest):
        days = (scope.today - latest).days if latest else None
        return {"latest": iso(latest), "days": days, "limit": limit}, days

    if scope.site:
        latest = (
            dated.order_by("-published_date", "-pk")
            .values_list("published_date", flat=True)
            .first()
        )
        values, days = params(latest)
        if days is None or days > limit:
            yield Found(
                agency_id=None,
                rule=Rule.HOME_STALE,
                key="site",
                severity=Severity.VETO,
                object_type="site",
                params=values,
                fix_url=new_item_url(),
            )
    newest = dict(
        dated.filter(agency_id__in=scope.agency_ids)
        .values_list("agency_id")
        .annotate(latest=Max("published_date"))
        .order_by()
    )
    for agency in scope.agencies:
        values, days = params(newest.get(agency.pk))
        if days is None or days > limit:
            yield Found(
                agency_id=agency.pk,
                rule=Rule.HOME_STALE,
                key=f"agency:{agency.pk}",
                severity=Severity.VETO,
                object_type="agencies.agency",
                object_id=str(agency.pk),
                label=agency.name,
                params=values,
                fix_url=new_item_url(agency),
            )


# --- columns ---------------------------------------------------------------------------------


def shown_leaves(agency_ids: list[int]) -> list[tuple[Category, str, str]]:
    """(category, section code, path name) of every leaf category the public sees: shown, with
    every ancestor shown, and without a shown child. One query."""
    categories = list(
        Category.objects.filter(agency_id__in=agency_ids).order_by("agency_id", "sort_order", "pk")
    )
    children: dict[int | None, list[Category]] = defaultdict(list)
    ids = {c.pk for c in categories}
    for c in categories:
        children[c.parent_id if c.parent_id in ids else None].append(c)
    leaves: list[tuple[Category, str, str]] = []

    def walk(category: Category, section: str, path: str) -> None:
        shown = [c for c in children.get(category.pk, []) if c.is_active]
        if not shown:
            leaves.append((category, section, path))
        for child in shown:
            walk(child, section, f"{path} › {child.name}")

    for root in children.get(None, []):
        if root.is_active:
            walk(root, root.code or "", root.name)
    return leaves


def _classify(category: Category, section: str) -> tuple[str, str, int] | None:
    """(rule, group, period in days) of a column with an update schedule, None without one."""
    news_days = settings.GONGKAI_SELFCHECK_NEWS_DAYS
    period = category.update_period_days
    if section == NEWS_SECTION and (period is None or period <= news_days):
        return Rule.NEWS_STALE, GROUP_RECENT, period or news_days
    if not period:
        return None
    group = GROUP_RECENT if section in NOTICE_SECTIONS else GROUP_LONG
    return Rule.COLUMN_STALE, group, period


def columns_not_updated(scope: CheckScope) -> Iterator[Found]:
    """Stale and empty columns of every agency in scope, with their severity (see the module
    docstring). Two queries whatever the number of agencies, columns and items."""
    leaves = shown_leaves(scope.agency_ids)
    stats = {
        row["category_id"]: (row["n"], row["latest"])
        for row in public_items()
        .filter(agency_id__in=scope.agency_ids)
        .values("category_id")
        .annotate(
            n=Count("pk"),
            latest=Max("published_date", filter=Q(published_date__lte=scope.today)),
        )
        .order_by()
    }
    found: list[tuple[Found, str]] = []
    for category, section, path in leaves:
        agency = scope.agency(category.agency_id)
        n, latest = stats.get(category.pk, (0, None))
        common = {
            "agency_id": agency.pk,
            "object_type": "catalog.category",
            "object_id": str(category.pk),
            "label": path,
            "fix_url": category_fix_url(agency, category.pk),
        }
        if n == 0:
            found.append(
                (
                    Found(
                        rule=Rule.COLUMN_EMPTY,
                        key=f"category:{category.pk}",
                        params={"name": category.name},
                        **common,
                    ),
                    GROUP_EMPTY,
                )
            )
            continue
        schedule = _classify(category, section)
        if schedule is None:
            continue
        rule, group, period = schedule
        days = (scope.today - latest).days if latest else None
        if days is not None and days <= period:
            continue
        found.append(
            (
                Found(
                    rule=rule,
                    key=f"category:{category.pk}",
                    params={
                        "name": category.name,
                        "latest": iso(latest),
                        "days": days,
                        "limit": period,
                    },
                    **common,
                ),
                group,
            )
        )
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for finding, group in found:
        counts[(finding.agency_id, group)] += 1
    for finding, group in found:
        count, limit = counts[(finding.agency_id, group)], veto_at(group)
        finding.params.update({"group": group, "count": count, "veto_at": limit})
        finding.severity = Severity.VETO if count >= limit else Severity.DEDUCTION
        yield finding
