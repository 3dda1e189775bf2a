"""Table 1, 2 and 3 computed from the records (issue 8, "done means")."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.accounts.models import Role
from gongkai.reports import compute, layout
from tests.factories import published_item, staff
from tests.reports.conftest import D, case

pytestmark = pytest.mark.django_db

LEAVES = layout.TABLE2_LEAF_KEYS
OUTCOME_OF = {row.key: row.outcome for row in layout.TABLE2_ROWS if row.outcome}


def _year_of_cases(agency, other_agency):
    """A constructed 2025 whose expected Table 2 is counted from the plan, not the code."""
    expected = {key: [0] * 7 for key in layout.TABLE2_ROW_KEYS}

    def count(row, column):
        expected[row][column] += 1
        expected[row][6] += 1

    for c in range(6):
        # received and closed in 2025, (r + 2c) % 3 cases in every leaf row
        for r, key in enumerate(LEAVES):
            for i in range((r + 2 * c) % 3):
                case(
                    agency,
                    f"2025-03-{2 + i:02d}",
                    kind=c,
                    closed="2025-06-02",
                    outcome=OUTCOME_OF[key],
                )
                count("一", c)
                count(key, c)
        # received in 2025 and still open on 31 December (one closed only in 2026)
        for _ in range(c % 2 + 1):
            case(agency, "2025-11-03", kind=c)
            count("一", c)
            count("四", c)
        case(agency, "2025-12-22", kind=c, closed="2026-01-08", outcome="granted")
        count("一", c)
        count("四", c)
        # carried over from 2024: c + 1 closed in January 2025, one still open
        for _ in range(c + 1):
            key = LEAVES[(5 * c) % 20]
            case(agency, "2024-12-16", kind=c, closed="2025-01-09", outcome=OUTCOME_OF[key])
            count("二", c)
            count(key, c)
        case(agency, "2024-11-20", kind=c)
        count("二", c)
        count("四", c)
        # not in 2025 at all: closed within 2024, received in 2026, another agency's
        case(agency, "2024-02-05", kind=c, closed="2024-03-01", outcome="granted")
        case(agency, "2026-01-12", kind=c)
        case(other_agency, "2025-05-06", kind=c, closed="2025-05-20", outcome="granted")
    for c in range(7):
        expected["三.七"][c] = sum(expected[key][c] for key in LEAVES)
    return expected


def test_a_constructed_year_gives_exactly_the_175_cells(county):
    expected = _year_of_cases(county.a, county.b)
    rows, carry_over, problems = compute.table2(county.a, 2025)
    assert list(rows) == layout.TABLE2_ROW_KEYS
    assert sum(len(cells) for cells in rows.values()) == 175
    for key in layout.TABLE2_ROW_KEYS:
        assert rows[key] == expected[key], key
    # Spot checks worked out by hand: 自然人 received Σ r % 3 over the 21 outcome rows = 21,
    # plus one open and one closed only in 2026.
    assert rows["一"][0] == 23
    assert rows["二"][:6] == [2, 3, 4, 5, 6, 7]
    assert rows["四"][:6] == [3, 4, 3, 4, 3, 4]
    assert problems == []
    assert len(carry_over) == rows["四"][6]
    for c in range(7):
        assert rows["一"][c] + rows["二"][c] == rows["三.七"][c] + rows["四"][c]


def test_carry_over_across_two_years(county):
    december = case(county.a, "2025-12-22", kind=1, closed="2026-01-08", outcome="partial")
    rows_2025, carry_2025, _ = compute.table2(county.a, 2025)
    rows_2026, _, _ = compute.table2(county.a, 2026)
    assert rows_2025["一"][1] == 1 and rows_2025["四"][1] == 1
    assert rows_2025["三.七"][1] == 0
    assert carry_2025 == [december.number]
    assert rows_2026["一"][1] == 0
    assert rows_2026["二"][1] == 1
    assert rows_2026["三.二"][1] == 1 and rows_2026["三.七"][6] == 1
    assert rows_2026["四"][6] == 0


def test_cases_that_break_the_balance_are_listed(county):
    bad = case(county.a, "2025-01-06", closed="2024-12-19", outcome="granted")
    case(county.a, "2025-05-06", closed="2025-04-01", outcome="granted")  # wrong, but balances
    rows, _, problems = compute.table2(county.a, 2025)
    assert rows["一"][6] == 2 and rows["三.七"][6] + rows["四"][6] == 1
    assert len(problems) == 1
    assert problems[0].cases == [bad.number]
    assert "勾稽关系" in problems[0].message


def test_table1_from_validity_history(county):
    from gongkai.catalog.services import item_set_validity

    reviewer = staff(Role.REVIEWER, county.a)
    published_item(
        county.a, category_code="policy.rules", title="规章甲", written_date=D("2025-03-01")
    )
    repealed = published_item(
        county.a, category_code="policy.rules", title="规章乙", written_date=D("2023-05-01")
    )
    item_set_validity(
        actor=reviewer, item=repealed, validity="repealed", changed_on=D("2025-07-01")
    )
    later = published_item(
        county.a, category_code="policy.normative", title="文件丙", written_date=D("2024-02-01")
    )
    # repealed only in 2026: still in force on 31 December 2025
    item_set_validity(actor=reviewer, item=later, validity="repealed", changed_on=D("2026-02-01"))
    expired = published_item(
        county.a, category_code="policy.normative", title="文件丁", written_date=D("2025-01-10")
    )
    item_set_validity(actor=reviewer, item=expired, validity="expired", changed_on=D("2025-11-30"))
    published_item(
        county.a, category_code="policy.normative", title="文件戊", written_date=D("2026-01-05")
    )
    published_item(county.a, category_code="news.work", title="动态", written_date=D("2025-01-05"))
    published_item(
        county.b, category_code="policy.rules", title="别的局", written_date=D("2025-01-05")
    )
    t1, entered = compute.table1(county.a, 2025)
    assert t1["规章"] == [1, 1, 1]  # 甲 issued and valid; 乙 repealed in 2025
    assert t1["行政规范性文件"] == [1, 1, 1]  # 丁 issued and expired; 丙 valid at year end
    assert entered is None and t1["行政许可"] == 0
    t1_2026, _ = compute.table1(county.a, 2026)
    assert t1_2026["行政规范性文件"] == [1, 1, 1]  # 戊 issued; 丙 repealed in 2026


def test_table1_entered_figures_with_who_and_when(county):
    from decimal import Decimal

    from django.db import transaction

    from gongkai.audit.models import Event
    from gongkai.reports.services import entered_figures_set

    admin = staff(Role.AGENCY_ADMIN, county.a)
    with transaction.atomic():
        row = entered_figures_set(
            actor=admin,
            agency=county.a,
            year=2025,
            licensing=120,
            penalties=35,
            enforcement=4,
            fees_wan=Decimal("12.3456"),
        )
    t1, entered = compute.table1(county.a, 2025)
    assert (t1["行政许可"], t1["行政处罚"], t1["行政强制"]) == (120, 35, 4)
    assert t1["行政事业性收费_万元"] == pytest.approx(12.3456)
    assert entered.entered_by == admin and row.entered_at is not None
    assert Event.objects.filter(action="report.figures", agency=county.a).count() == 1


def test_entered_figures_refused_to_others_and_negative_values(county):
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.db import transaction

    from gongkai.reports.services import entered_figures_set

    officer = staff(Role.OFFICER, county.a)
    with pytest.raises(PermissionDenied), transaction.atomic():
        entered_figures_set(
            actor=officer,
            agency=county.a,
            year=2025,
            licensing=1,
            penalties=0,
            enforcement=0,
            fees_wan=0,
        )
    admin = staff(Role.AGENCY_ADMIN, county.a)
    with pytest.raises(ValidationError), transaction.atomic():
        entered_figures_set(
            actor=admin,
            agency=county.a,
            year=2025,
            licensing=-1,
            penalties=0,
            enforcement=0,
            fees_wan=0,
        )


def test_table3_by_filing_year(county):
    from django.db import transaction

    from gongkai.applications.services.workflow import remedy_add

    handler = county.handler_a
    app = case(county.a, "2024-03-04", closed="2024-03-20", outcome="withheld_4")

    def add(**kw):
        with transaction.atomic():
            return remedy_add(actor=handler, application=app, today=D("2026-06-30"), **kw)

    add(
        kind="reconsideration",
        filed_on=D("2025-02-03"),
        result="upheld",
        concluded_on=D("2025-04-01"),
    )
    add(
        kind="reconsideration",
        filed_on=D("2025-10-09"),
        result="corrected",
        concluded_on=D("2026-01-15"),
    )  # decided only after the year: 尚未审结 in 2025
    add(kind="litigation", filed_on=D("2025-05-06"))  # direct suit, pending
    add(
        kind="litigation",
        after_reconsideration=True,
        filed_on=D("2025-06-01"),
        result="other",
        concluded_on=D("2025-09-01"),
    )
    add(
        kind="litigation",
        filed_on=D("2024-12-30"),
        result="corrected",
        concluded_on=D("2025-03-01"),
    )  # filed in 2024: not in 2025
    assert compute.table3(county.a, 2025) == [1, 0, 0, 1, 2, 0, 0, 0, 1, 1, 0, 0, 1, 0, 1]
    # the suit filed in 2024 was decided only in 2025: 尚未审结 in the 2024 report
    assert compute.table3(county.a, 2024) == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert compute.table3(county.b, 2025) == [0] * 15


def test_processing_fees_of_the_year(county):
    from decimal import Decimal

    from gongkai.applications.models import FeeMethod, FeeNotice

    app = case(county.a, "2025-03-02")
    FeeNotice.objects.create(
        application=app,
        method=FeeMethod.PER_ITEM,
        units=12,
        amount=Decimal("200"),
        sent_on=D("2025-03-10"),
        paid_on=D("2025-03-20"),
    )
    later = case(county.a, "2025-12-01")
    FeeNotice.objects.create(
        application=later,
        method=FeeMethod.PER_PAGE,
        units=40,
        amount=Decimal("100"),
        sent_on=D("2025-12-10"),
        paid_on=D("2026-01-05"),
    )
    assert compute.fee_collected(county.a, 2025) == Decimal("200")
    assert compute.fee_collected(county.a, 2026) == Decimal("100")


def test_the_json_form_has_the_documented_shape(county):
    result = compute.compute_figures(county.a, 2025)
    figures = result.figures
    assert set(figures) == {"agency", "year", "table1", "table2", "table3"}
    assert figures["agency"] == county.a.name and figures["year"] == 2025
    assert set(figures["table1"]) == {
        "规章",
        "行政规范性文件",
        "行政许可",
        "行政处罚",
        "行政强制",
        "行政事业性收费_万元",
    }
    assert list(figures["table2"]) == [
        "一",
        "二",
        "三.一",
        "三.二",
        *[f"三.三.{i}" for i in range(1, 9)],
        *[f"三.四.{i}" for i in range(1, 4)],
        *[f"三.五.{i}" for i in range(1, 6)],
        *[f"三.六.{i}" for i in range(1, 4)],
        "三.七",
        "四",
    ]
    assert len(figures["table3"]) == 15


def test_sum_figures_adds_every_cell(county):
    case(county.a, "2025-03-02", closed="2025-03-20", outcome="granted")
    case(county.b, "2025-03-02", kind=2)
    a = compute.compute_figures(county.a, 2025).figures
    b = compute.compute_figures(county.b, 2025).figures
    total = compute.sum_figures("全县", 2025, [a, b])
    assert total["table2"]["一"] == [1, 0, 1, 0, 0, 0, 2]
    assert total["table2"]["三.一"][6] == 1 and total["table2"]["四"][6] == 1


def test_year_bounds():
    assert compute.year_bounds(2025) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
