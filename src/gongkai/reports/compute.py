"""The annual report's figures, computed from the records of one agency and year.

Definitions (RULES.md §2, issue 8), for the year Y from 1 January to 31 December:

- Table 1 规章 / 行政规范性文件: the agency's published items in the catalog columns
  ``policy.rules`` and ``policy.normative``. *Issued* = 成文日期 (or, without one, the date
  published) in Y; *abolished* = marked 失效 or 废止 (``validity_changed_on``) in Y; *valid* =
  issued by 31 December and not yet expired or repealed on that day. The other four cells are
  the agency's entered figures (``EnteredFigures``).
- Table 2, per applicant column: 一 = received (``received_on``) in Y; 二 = received before Y and
  not replied before Y (open on 31 December of Y-1); 三 = replied (``replied_on``) in Y, by
  outcome; 四 = received by 31 December and not replied by then. For every case received by the
  end of the year and not closed before it, 一 + 二 = 三（七） + 四 holds by construction; the
  cases that would break it (replied before they were received, closed without an outcome,
  replied without a receipt date) are listed as problems, and so are the differences between row
  二 and the 四 of last year's frozen report.
- Table 3: the agency's reconsiderations and lawsuits filed in Y; a result counts only when
  concluded by 31 December, otherwise the case is 尚未审结.

Everything is a handful of grouped queries, so a report over 1,000,000 items and 100,000
applications costs no more than the indexes' scans (see ``benchmarks/report_bench.py``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from gongkai.reports import layout
from gongkai.reports.document import Figures

RULES = "policy.rules"  # 规章
NORMATIVE = "policy.normative"  # 行政规范性文件
TABLE1_CATEGORIES = {RULES: "规章", NORMATIVE: "行政规范性文件"}

COLUMN_OF_KIND = {kind.value: i for i, kind in enumerate(layout.COLUMN_KINDS)}


@dataclass
class Problem:
    """Something that makes the report disagree with itself or with last year's report."""

    message: str  # Chinese, names the row and column
    cases: list[str] = field(default_factory=list)  # application numbers behind it


@dataclass
class Computation:
    figures: Figures
    carry_over: list[str]  # numbers of the cases in row 四
    fee_yuan: Decimal  # 信息处理费 paid in the year (part 六)
    problems: list[Problem] = field(default_factory=list)
    entered: object | None = None  # the EnteredFigures row, when there is one


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _row(counts: dict[int, int]) -> list[int]:
    cells = [counts.get(i, 0) for i in range(6)]
    return [*cells, sum(cells)]


def _by_kind(queryset) -> list[int]:
    counts: dict[int, int] = {}
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from an index holding the columns
    # filtered on, without visiting the rows (docs/performance.md, "Annual report").
    for kind, n in queryset.values_list("applicant_kind").annotate(n=Count("*")).order_by():
        column = COLUMN_OF_KIND.get(kind, 5)  # an unknown kind counts as 其他
        counts[column] = counts.get(column, 0) + n
    return _row(counts)


def table1(agency, year: int) -> tuple[dict, object | None]:
    from gongkai.catalog.models import Item, ItemStatus, Validity
    from gongkai.reports.models import EnteredFigures

    start, end = year_bounds(year)
    issued_on = Coalesce("written_date", "published_date")
    ended = Q(validity__in=[Validity.EXPIRED, Validity.REPEALED])
    rows = (
        # ``category__agency`` lets the planner start from the agency's two categories and
        # their index instead of every item of the agency (SQLite: 11.9 s → 0.36 s at
        # 1,000,000 items, docs/performance.md).
        Item.objects.filter(
            agency=agency,
            status=ItemStatus.PUBLISHED,
            category__agency=agency,
            category__code__in=TABLE1_CATEGORIES,
        )
        .annotate(issued_on=issued_on)
        .values_list("category__code")
        .annotate(
            issued=Count("pk", filter=Q(issued_on__range=(start, end))),
            abolished=Count("pk", filter=ended & Q(validity_changed_on__range=(start, end))),
            valid=Count(
                "pk",
                filter=Q(issued_on__lte=end)
                & ~(ended & Q(validity_changed_on__lte=end))
                & ~(ended & Q(validity_changed_on__isnull=True)),
            ),
        )
        .order_by()
    )
    result: dict = {label: [0, 0, 0] for label in TABLE1_CATEGORIES.values()}
    for code, issued, abolished, valid in rows:
        cells = result[TABLE1_CATEGORIES[code]]
        cells[0] += issued
        cells[1] += abolished
        cells[2] += valid
    entered = EnteredFigures.objects.filter(agency=agency, year=year).first()
    result["行政许可"] = entered.licensing if entered else 0
    result["行政处罚"] = entered.penalties if entered else 0
    result["行政强制"] = entered.enforcement if entered else 0
    result[layout.TABLE1_FEE_KEY] = float(entered.fees_wan) if entered else 0.0
    return result, entered


def table2(
    agency, year: int, *, with_cases: bool = True
) -> tuple[dict[str, list[int]], list[str], list[Problem]]:
    from gongkai.applications.models import Application

    start, end = year_bounds(year)
    cases = Application.objects.filter(agency=agency)
    rows: dict[str, list[int]] = {}
    rows["一"] = _by_kind(cases.filter(received_on__range=(start, end)))
    rows["二"] = _by_kind(
        cases.filter(received_on__lt=start).filter(
            Q(replied_on__isnull=True) | Q(replied_on__gte=start)
        )
    )
    leaf: dict[str, dict[int, int]] = {}
    closed = (
        cases.filter(replied_on__range=(start, end), received_on__lte=end)
        .exclude(outcome="")
        .values_list("outcome", "applicant_kind")
        .annotate(n=Count("*"))
        .order_by()
    )
    for outcome, kind, n in closed:
        key = layout.OUTCOME_ROW.get(outcome)
        if key is None:
            continue
        column = COLUMN_OF_KIND.get(kind, 5)
        cells = leaf.setdefault(key, {})
        cells[column] = cells.get(column, 0) + n
    for key in layout.TABLE2_LEAF_KEYS:
        rows[key] = _row(leaf.get(key, {}))
    rows["三.七"] = [sum(rows[key][c] for key in layout.TABLE2_LEAF_KEYS) for c in range(7)]
    still_open = cases.filter(received_on__lte=end).filter(
        Q(replied_on__isnull=True) | Q(replied_on__gt=end)
    )
    rows["四"] = _by_kind(still_open)
    ordered = {key: rows[key] for key in layout.TABLE2_ROW_KEYS}
    if not with_cases:
        return ordered, [], []
    carry_over = sorted(still_open.order_by().values_list("number", flat=True))
    return ordered, carry_over, _table2_problems(cases, start, end)


def _numbers(queryset, limit: int = 200) -> list[str]:
    # Sorted here, not by ORDER BY number LIMIT: with that, PostgreSQL walks the whole unique
    # index of numbers (every agency's cases) looking for the few that match (352 → 67 ms at
    # 198,000 cases, docs/performance.md).
    return sorted(queryset.order_by().values_list("number", flat=True))[:limit]


def _table2_problems(cases, start: dt.date, end: dt.date) -> list[Problem]:
    """Cases that break 一 + 二 = 三（七） + 四 (the figures above leave them out of one side)."""
    from django.db.models import F

    problems = []
    backwards = cases.filter(replied_on__lt=F("received_on")).filter(
        Q(received_on__range=(start, end), replied_on__lt=start)
        | Q(replied_on__range=(start, end), received_on__gt=end)
    )
    if numbers := _numbers(backwards):
        problems.append(
            Problem(
                "答复日期早于收到申请日期的申请：它们计入一或二，却不在三或四中，"
                "表二勾稽关系不成立。请更正这些申请的日期。",
                numbers,
            )
        )
    no_outcome = cases.filter(replied_on__range=(start, end), outcome="")
    if numbers := _numbers(no_outcome):
        problems.append(
            Problem("本年已答复但没有办理结果的申请：它们不在三（七）中。请补记办理结果。", numbers)
        )
    no_receipt = cases.filter(replied_on__range=(start, end), received_on__isnull=True)
    if numbers := _numbers(no_receipt):
        problems.append(
            Problem(
                "本年已答复但没有收到申请日期的申请：它们不在一或二中。请补记收到日期。", numbers
            )
        )
    return problems


def table3(agency, year: int) -> list[int]:
    from gongkai.applications.models import Remedy, RemedyKind

    start, end = year_bounds(year)
    cells = [0] * 15
    rows = (
        Remedy.objects.filter(agency=agency, filed_on__range=(start, end))
        .values_list("kind", "after_reconsideration", "result", "concluded_on")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for kind, after_review, result, concluded_on, n in rows:
        if kind == RemedyKind.RECONSIDERATION:
            group = 0
        else:
            group = 2 if after_review else 1
        if result == "pending" or concluded_on is None or concluded_on > end:
            result = "pending"
        cells[group * 5 + layout.RESULT_COLUMN.get(result, 2)] += n
        cells[group * 5 + 4] += n
    return cells


def fee_collected(agency, year: int) -> Decimal:
    """信息处理费 paid in the year (part 六 of the text)."""
    from gongkai.applications.models import FeeNotice

    start, end = year_bounds(year)
    total = FeeNotice.objects.filter(
        application__agency=agency, paid_on__range=(start, end)
    ).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


def reconcile_carry_over(rows: dict[str, list[int]], agency, year: int) -> list[Problem]:
    """Row 二 against row 四 of last year's frozen report, case by case."""
    from gongkai.applications.models import Application
    from gongkai.reports.selectors import frozen_report

    last = frozen_report(agency, year - 1)
    if last is None or last.source != "computed" or not last.figures.get("table2"):
        return []
    then = last.figures["table2"].get("四")
    if then == rows["二"]:
        return []
    start, _ = year_bounds(year)
    now = set(
        Application.objects.filter(agency=agency, received_on__lt=start)
        .filter(Q(replied_on__isnull=True) | Q(replied_on__gte=start))
        .values_list("number", flat=True)
    )
    before = set(last.carry_over)
    columns = [
        f"{layout.TABLE2_COLUMNS[i]}列：{then[i]} → {rows['二'][i]}"
        for i in range(7)
        if then and then[i] != rows["二"][i]
    ]
    return [
        Problem(
            f"本年“二、上年结转”与{year - 1}年已发布报告的“四、结转下年度继续办理”不一致"
            f"（{'；'.join(columns)}）。{year - 1}年报告发布后，下列申请的收到或答复日期被改动：",
            sorted(now ^ before),
        )
    ]


def figures_only(agency, year: int) -> Figures:
    """The figures alone (for the roll-up): no case lists, no reconciliation."""
    return {
        "agency": agency.name,
        "year": year,
        "table1": table1(agency, year)[0],
        "table2": table2(agency, year, with_cases=False)[0],
        "table3": table3(agency, year),
    }


def compute_figures(agency, year: int) -> Computation:
    t1, entered = table1(agency, year)
    t2, carry_over, problems = table2(agency, year)
    problems += reconcile_carry_over(t2, agency, year)
    figures = {
        "agency": agency.name,
        "year": year,
        "table1": t1,
        "table2": t2,
        "table3": table3(agency, year),
    }
    return Computation(
        figures=figures,
        carry_over=carry_over,
        fee_yuan=fee_collected(agency, year),
        problems=problems,
        entered=entered,
    )


def sum_figures(agency_name: str, year: int, parts: list[Figures]) -> Figures:
    """The county-wide roll-up: every cell added up over the agencies' figures."""
    t1: dict = {label: [0, 0, 0] for label in layout.TABLE1_DOCUMENT_ROWS}
    for key in layout.TABLE1_COUNT_KEYS:
        t1[key] = 0
    t1[layout.TABLE1_FEE_KEY] = 0.0
    t2 = {key: [0] * 7 for key in layout.TABLE2_ROW_KEYS}
    t3 = [0] * 15
    for part in parts:
        for label in layout.TABLE1_DOCUMENT_ROWS:
            t1[label] = [a + b for a, b in zip(t1[label], part["table1"][label], strict=True)]
        for key in layout.TABLE1_COUNT_KEYS:
            t1[key] += part["table1"][key]
        t1[layout.TABLE1_FEE_KEY] = round(
            t1[layout.TABLE1_FEE_KEY] + float(part["table1"][layout.TABLE1_FEE_KEY]), 4
        )
        for key in layout.TABLE2_ROW_KEYS:
            t2[key] = [a + b for a, b in zip(t2[key], part["table2"][key], strict=True)]
        t3 = [a + b for a, b in zip(t3, part["table3"], strict=True)]
    return {"agency": agency_name, "year": year, "table1": t1, "table2": t2, "table3": t3}
