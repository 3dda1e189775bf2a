"""The stacked columns of the spending year: segments stacked in order, heights in
proportion, a month without a report marked, the same figures as the table."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.internal.charts import ColumnData, stacked_columns
from gongkai.internal.spending import spending_year, year_chart, year_table

from .conftest import spending_item

SEGMENTS = [("a", "甲"), ("b", "乙")]


def test_segments_stack_upwards_in_proportion():
    chart = stacked_columns(
        "c",
        "标题",
        "说明",
        SEGMENTS,
        [
            ColumnData("1月", {"a": Decimal(3000), "b": Decimal(1000)}),
            ColumnData("2月", {"a": Decimal(2000)}),
            ColumnData("3月", {}, present=False),
        ],
    )
    first, second, missing = chart.columns
    a, b = first.pieces
    assert (a.key, b.key) == ("a", "b")
    assert a.y + a.height == pytest.approx(chart.baseline)  # the first sits on the baseline
    assert b.y + b.height == pytest.approx(a.y, abs=0.2)  # the second on top of it
    assert a.height == pytest.approx(3 * b.height, rel=0.01)
    assert second.pieces[0].height == pytest.approx(2 * b.height, rel=0.01)
    assert first.total_text == "4,000" and missing.total_text == "—" and not missing.pieces
    assert [t.text for t in chart.ticks][-1] in ("4,000", "5,000")
    assert [entry.label for entry in chart.legend] == ["甲", "乙"]
    assert not chart.empty


def test_an_empty_year_says_so():
    chart = stacked_columns("c", "t", "d", SEGMENTS, [ColumnData("1月", {}, present=False)])
    assert chart.empty


@pytest.mark.django_db
def test_the_chart_and_the_table_of_a_year_agree(w):
    spending_item(w, 1, {"reception": "2600", "vehicle_running": "400", "travel": "9000"})
    spending_item(w, 3, {"overseas": "5000", "training": "1000"})
    figures = spending_year(w.a_leader, w.a, 2026)
    chart = year_chart(figures)
    january, february, march = chart.columns[:3]
    assert january.total_text == "12,000" and march.total_text == "6,000"
    assert february.total_text == "—" and not february.present
    assert {p.key for p in january.pieces} == {"reception", "vehicles", "travel"}
    table = year_table(figures)
    assert table.rows[1].missing
    total = next(r for r in table.rows if r.total)
    assert total.cells[-2:] == ["8,000.00", "18,000.00"]  # 三公 subtotal, all spending
