"""The year of official spending (三公经费, 差旅费, 会议费, 培训费) of one agency, month by month,
from the posted spending tables the reader may see, as a stacked-column chart and a table.

The figures are the tables' ``this_month`` amounts; the budget of the year is the budget
column of the latest month that gives one. Months without a posted table are shown as such,
never as zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency
from gongkai.internal import charts
from gongkai.internal.models import (
    THREE_PUBLIC,
    InternalItem,
    InternalKind,
    InternalStatus,
    SpendingCategory,
)
from gongkai.internal.selectors import items_visible_to
from gongkai.internal.tables import category_label, format_amount
from gongkai.supervision.stats.page import month_label

ZERO = Decimal("0.00")

# The chart's segments: the two vehicle lines together, so six patterns tell them apart.
CHART_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("reception", (SpendingCategory.RECEPTION,)),
    ("vehicles", (SpendingCategory.VEHICLE_PURCHASE, SpendingCategory.VEHICLE_RUNNING)),
    ("overseas", (SpendingCategory.OVERSEAS,)),
    ("travel", (SpendingCategory.TRAVEL,)),
    ("meeting", (SpendingCategory.MEETING,)),
    ("training", (SpendingCategory.TRAINING,)),
]


def group_label(key: str) -> str:
    if key == "vehicles":
        return "公务用车购置及运行维护费"
    return category_label(key)


@dataclass
class MonthSpending:
    month: int
    item: InternalItem | None = None
    amounts: dict[str, Decimal] = field(default_factory=dict)  # category → this month

    @property
    def posted(self) -> bool:
        return self.item is not None

    def amount(self, code: str) -> Decimal:
        return self.amounts.get(code) or ZERO

    @property
    def three_public(self) -> Decimal:
        return sum((self.amount(code) for code in THREE_PUBLIC), ZERO)

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), ZERO)


@dataclass
class SpendingYear:
    agency: Agency
    year: int
    months: list[MonthSpending]
    budgets: dict[str, Decimal]

    def category_total(self, code: str) -> Decimal:
        return sum((m.amount(code) for m in self.months), ZERO)

    @property
    def three_public(self) -> Decimal:
        return sum((m.three_public for m in self.months), ZERO)

    @property
    def total(self) -> Decimal:
        return sum((m.total for m in self.months), ZERO)

    @property
    def posted_months(self) -> int:
        return sum(1 for m in self.months if m.posted)


def spending_year(user, agency: Agency, year: int) -> SpendingYear:
    """The posted spending tables of ``agency`` in ``year`` that ``user`` may read."""
    items = (
        items_visible_to(user)
        .filter(agency=agency, year=year, kind=InternalKind.SPENDING, status=InternalStatus.POSTED)
        .prefetch_related("rows")
    )
    months = {m: MonthSpending(month=m) for m in range(1, 13)}
    budgets: dict[str, Decimal] = {}
    for item in sorted(items, key=lambda i: i.month or 0):
        entry = months[item.month]
        entry.item = item
        for row in item.rows.all():
            if row.category:
                entry.amounts[row.category] = row.this_month or ZERO
                if row.budget is not None:
                    budgets[row.category] = row.budget
    return SpendingYear(agency=agency, year=year, months=list(months.values()), budgets=budgets)


def month_name(month: int) -> str:
    return month_label(month)


def year_chart(figures: SpendingYear) -> charts.StackedColumns:
    """Official spending per month, the segments by kind of spending."""
    columns = []
    for entry in figures.months:
        url = reverse("internal_staff:detail", args=[entry.item.pk]) if entry.item else ""
        values = {
            key: sum((entry.amount(code) for code in codes), ZERO) for key, codes in CHART_GROUPS
        }
        columns.append(charts.ColumnData(month_name(entry.month), values, entry.posted, url))
    return charts.stacked_columns(
        f"spending-{figures.agency.pk}-{figures.year}",
        _("Official spending per month, %(year)d") % {"year": figures.year},
        _(
            "One column per month, divided by kind of spending; the number above each column "
            "is the month's total in yuan. A month without a posted table has no column."
        ),
        [(key, group_label(key)) for key, _codes in CHART_GROUPS],
        columns,
    )


@dataclass
class TableRow:
    label: str
    cells: list[str]
    url: str = ""
    total: bool = False
    missing: bool = False


@dataclass
class YearTable:
    columns: list[str]
    rows: list[TableRow]


def year_table(figures: SpendingYear) -> YearTable:
    """The chart's figures with every spending line: one row per month, the year's total and
    the budget."""
    codes = list(SpendingCategory.values)
    columns = [
        _("Month"),
        *[category_label(c) for c in codes],
        _("“Three public” subtotal"),
        _("Total"),
    ]
    rows = []
    for entry in figures.months:
        if not entry.posted:
            rows.append(TableRow(month_name(entry.month), [], missing=True))
            continue
        cells = [format_amount(entry.amount(c)) for c in codes]
        cells += [format_amount(entry.three_public), format_amount(entry.total)]
        url = reverse("internal_staff:detail", args=[entry.item.pk])
        rows.append(TableRow(month_name(entry.month), cells, url=url))
    totals = [format_amount(figures.category_total(c)) for c in codes]
    totals += [format_amount(figures.three_public), format_amount(figures.total)]
    rows.append(TableRow(_("Year to date"), totals, total=True))
    if figures.budgets:
        budget_three = sum((figures.budgets.get(c, ZERO) for c in THREE_PUBLIC), ZERO)
        budget_all = sum(figures.budgets.values(), ZERO)
        cells = [format_amount(figures.budgets.get(c)) for c in codes]
        cells += [format_amount(budget_three), format_amount(budget_all)]
        rows.append(TableRow(_("Budget"), cells))
    return YearTable(columns=columns, rows=rows)


def three_public_subtotal(rows) -> dict[str, Decimal | None]:
    """The 三公经费 line of one spending table: the sum of its four lines per column (None
    where none of them gives an amount)."""
    lines = [row for row in rows if row.category in THREE_PUBLIC]

    def total(name: str) -> Decimal | None:
        values = [getattr(row, name) for row in lines if getattr(row, name) is not None]
        return sum(values, ZERO) if values else None

    result = {name: total(name) for name in ("this_month", "year_to_date", "budget")}
    spent, budget = result["year_to_date"], result["budget"]
    result["remaining"] = budget - spent if spent is not None and budget is not None else None
    return result
