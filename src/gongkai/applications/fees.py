"""信息处理费 (information processing fee), 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号).

Two methods; an application uses one of them, never both.

- Per item (按件计收), counted per applicant per natural month: items 1–10 free, items 11–30
  ¥100 each, then bands of 10 items, each band ¥100 more per item (31–40 ¥200, 41–50 ¥300 …).
- By volume (按量计收), per application: pages 1–30 free, 31–100 ¥10 a page, 101–200 ¥20 a
  page, from 201 ¥40 a page.

Both are progressive over the thresholds (超额累进): each unit is charged at the rate of the
band it falls in. Pure functions; amounts are whole yuan as ``Decimal``.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeeMethod(models.TextChoices):
    PER_ITEM = "per_item", _("Per item (counted per applicant per month)")  # 按件计收
    PER_PAGE = "per_page", _("By volume (pages per application)")  # 按量计收


def item_rate(n: int) -> int:
    """The fee for the n-th item of the applicant in the month (1-based)."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 * (2 + (n - 31) // 10)


def page_rate(n: int) -> int:
    """The fee for the n-th page of an application (1-based)."""
    if n <= 30:
        return 0
    if n <= 100:
        return 10
    if n <= 200:
        return 20
    return 40


def per_item_fee(*, earlier_items_this_month: int, items: int) -> Decimal:
    """Fee for ``items`` new items when the applicant already had ``earlier_items_this_month``
    items counted in the same natural month."""
    if earlier_items_this_month < 0 or items < 0:
        raise ValueError("counts cannot be negative")
    start = earlier_items_this_month + 1
    return Decimal(sum(item_rate(n) for n in range(start, start + items)))


def per_page_fee(pages: int) -> Decimal:
    if pages < 0:
        raise ValueError("pages cannot be negative")
    # Closed form per band, so a 100,000-page request costs nothing to compute.
    total = 0
    for low, high, rate in ((31, 100, 10), (101, 200, 20), (201, None, 40)):
        if pages >= low:
            top = pages if high is None else min(pages, high)
            total += (top - low + 1) * rate
    return Decimal(total)
