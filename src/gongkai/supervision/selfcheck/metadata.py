"""Public items without a publish date or 索引号, or dated in the future.

Publishing through the workflow always sets both (and the database refuses a published item
without them), but an empty 索引号 can still arrive from an old site's data moved in by hand,
and an item dated in the future sits on top of every "newest first" list, making the site look
updated when it is not, which the 2019 indicators treat as forging publish dates (伪造发稿日期,
a single-veto item). The first two are 扣分, the future date 单项否决 risk.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Q
from django.db.models.functions import Trim

from gongkai.catalog.selectors import public_items
from gongkai.supervision.models.selfcheck import Rule, Severity
from gongkai.supervision.selfcheck.base import CheckScope, Found, iso, item_page_url

NO_DATE, NO_INDEX, FUTURE_DATE = "no_date", "no_index_number", "future_date"


def items_without_metadata(scope: CheckScope) -> Iterator[Found]:
    """One finding per public item and missing fact (one query)."""
    rows = (
        public_items()
        .filter(agency_id__in=scope.agency_ids)
        .annotate(trimmed=Trim("index_number"))
        .filter(
            Q(published_date__isnull=True)
            | Q(published_date__gt=scope.today)
            | Q(index_number__isnull=True)
            | Q(trimmed="")
        )
        .values_list("pk", "agency_id", "title", "published_date", "index_number")
        .order_by("pk")
    )
    for pk, agency_id, title, published, index_number in rows:
        problems = []
        if published is None:
            problems.append((NO_DATE, Severity.DEDUCTION))
        elif published > scope.today:
            problems.append((FUTURE_DATE, Severity.VETO))
        if not (index_number or "").strip():
            problems.append((NO_INDEX, Severity.DEDUCTION))
        for what, severity in problems:
            yield Found(
                agency_id=agency_id,
                rule=Rule.METADATA,
                key=f"item:{pk}:{what}",
                severity=severity,
                object_type="catalog.item",
                object_id=str(pk),
                label=title,
                params={"what": what, "published": iso(published)},
                fix_url=item_page_url(pk),
            )
