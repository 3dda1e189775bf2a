"""The public figures of the ratings equal the counts taken from the records themselves, on
the page, in the tables and in the public API."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from gongkai.servicehall.figures import rating_figures
from gongkai.servicehall.models import (
    GOOD_LEVELS,
    Rating,
    RatingLevel,
    Rectification,
    RectificationStatus,
)
from gongkai.servicehall.services import rectification_close

from .conftest import D, at, published_matter, rate

pytestmark = pytest.mark.django_db

TODAY = D("2026-12-01")


@pytest.fixture
def year_of_ratings(county, matter, matter_b, window):
    """Ratings of 2026 (and one of 2025) for two agencies and three matters, with cases closed
    on time, late and not substantiated, one open and overdue, one open and not yet due."""
    second = published_matter(county, county.a, "失业保险金申领")
    plan = [
        (county.a, matter, RatingLevel.VERY_SATISFIED, "2026-01-12"),
        (county.a, matter, RatingLevel.SATISFIED, "2026-01-20"),
        (county.a, matter, RatingLevel.BASICALLY, "2026-02-03"),
        (county.a, second, RatingLevel.SATISFIED, "2026-03-09"),
        (county.a, second, RatingLevel.VERY_SATISFIED, "2026-03-09"),
        (county.b, matter_b, RatingLevel.SATISFIED, "2026-04-14"),
        (county.b, matter_b, RatingLevel.BASICALLY, "2026-06-01"),
        (county.a, matter, RatingLevel.VERY_SATISFIED, "2025-12-30"),  # another year
    ]
    for agency, m, level, day in plan:
        rate(agency, m, level, day=day, window=window if m == matter else None)
    bad = {
        "on_time": rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-03-02"),
        "late": rate(county.a, second, RatingLevel.VERY_DISSATISFIED, day="2026-05-06"),
        "unfounded": rate(county.b, matter_b, RatingLevel.DISSATISFIED, day="2026-07-01"),
        "overdue": rate(county.a, matter, RatingLevel.VERY_DISSATISFIED, day="2026-11-02"),
        "open": rate(county.a, second, RatingLevel.DISSATISFIED, day="2026-11-30"),
    }

    def close(rating, outcome, day, who):
        rectification_close(
            actor=who,
            case=rating.rectification,
            outcome=outcome,
            verification="已核实。",
            result="已处理。",
            now=at(day),
        )

    close(bad["on_time"], RectificationStatus.RECTIFIED, "2026-03-10", county.handler_a)
    close(bad["late"], RectificationStatus.RECTIFIED, "2026-06-30", county.handler_a)
    close(bad["unfounded"], RectificationStatus.UNFOUNDED, "2026-07-08", county.handler_b)
    return {"second": second, **bad}


def counted(qs, today=TODAY) -> dict[str, int]:
    """The figures of a set of ratings, counted one record at a time."""
    ratings = list(qs.select_related("rectification"))
    cases = [r.rectification for r in ratings if r.is_bad]
    return {
        "ratings": len(ratings),
        "good": sum(r.level in GOOD_LEVELS for r in ratings),
        "bad": len(cases),
        **{level.value: sum(r.level == level for r in ratings) for level in RatingLevel},
        "rectified": sum(c.status == RectificationStatus.RECTIFIED for c in cases),
        "unfounded": sum(c.status == RectificationStatus.UNFOUNDED for c in cases),
        "on_time": sum(c.on_time is True for c in cases),
        "open": sum(c.is_open for c in cases),
        "overdue": sum(c.is_overdue(today) for c in cases),
    }


def as_dict(tally) -> dict[str, int]:
    return {
        "ratings": tally.ratings,
        "good": tally.good,
        "bad": tally.bad,
        **{level.value: tally.count(level) for level in RatingLevel},
        "rectified": tally.rectified,
        "unfounded": tally.unfounded,
        "on_time": tally.on_time,
        "open": tally.open,
        "overdue": tally.overdue,
    }


def test_the_site_figures_equal_the_counts_of_the_records(county, year_of_ratings):
    figures = rating_figures(year=2026, today=TODAY)
    of_year = Rating.objects.filter(rated_on__year=2026)
    assert as_dict(figures.total) == counted(of_year)
    assert figures.total.ratings == 12 and figures.total.bad == 5
    assert (figures.total.rectified, figures.total.unfounded, figures.total.on_time) == (2, 1, 2)
    assert (figures.total.open, figures.total.overdue) == (2, 1)
    for agency, tally in figures.agency_rows():
        assert as_dict(tally) == counted(of_year.filter(agency=agency)), agency
    for month, tally in figures.by_month.items():
        assert as_dict(tally) == counted(of_year.filter(rated_on__month=month)), month
    assert figures.total.satisfaction_rate == pytest.approx(7 / 12)


def test_the_agency_figures_have_a_row_per_matter(county, matter, year_of_ratings):
    figures = rating_figures(year=2026, agency=county.a, today=TODAY)
    of_year = Rating.objects.filter(rated_on__year=2026, agency=county.a)
    assert as_dict(figures.total) == counted(of_year)
    rows = figures.matter_rows()
    assert {m.pk for m, _t in rows} == {matter.pk, year_of_ratings["second"].pk}
    for m, tally in rows:
        assert as_dict(tally) == counted(of_year.filter(matter=m)), m


def test_an_overdue_case_stops_counting_as_overdue_once_closed(county, year_of_ratings):
    before = rating_figures(year=2026, today=TODAY).total.overdue
    rectification_close(
        actor=county.admin_a,
        case=year_of_ratings["overdue"].rectification,
        outcome=RectificationStatus.RECTIFIED,
        verification="核实。",
        result="整改。",
        now=at("2026-12-01"),
    )
    after = rating_figures(year=2026, today=TODAY).total
    assert (before, after.overdue, after.open, after.rectified) == (1, 0, 1, 3)
    assert after.on_time == 2  # closed late


def test_the_page_shows_the_same_numbers(client, county, year_of_ratings, settings):
    response = client.get(reverse("servicehall:figures"), {"year": 2026})
    figures = response.context["figures"]
    total = counted(Rating.objects.filter(rated_on__year=2026), dt.date.today())
    assert as_dict(figures.total) == total
    html = response.content.decode()
    assert f'<dd id="fig-ratings">{total["ratings"]}</dd>' in html
    assert f'<dd id="fig-bad">{total["bad"]}</dd>' in html
    assert f'<dd id="fig-rectified">{total["rectified"]}</dd>' in html
    rate_text = f"{total['good'] / total['ratings'] * 100:.1f}%"
    assert f'<dd id="fig-satisfaction">{rate_text}</dd>' in html
    table = response.context["tables"]["agencies"]
    by_name = {row.label: row for row in table.rows}
    for agency in (county.a, county.b):
        row = by_name[agency.name]
        own = counted(Rating.objects.filter(rated_on__year=2026, agency=agency), dt.date.today())
        assert row.cells[0].value == own["ratings"]
        assert row.cells[7].value == own["bad"]
        assert row.cells[8].value == own["rectified"]
    assert "<svg" in html and 'id="ratings-by-agency"' in html
    page = client.get(reverse("servicehall:agency_figures", args=[county.a.credit_code]))
    assert 'id="ratings-by-matter"' in page.content.decode()


def test_the_public_api_gives_the_same_numbers(client, county, year_of_ratings):
    body = json.loads(client.get("/api/v1/servicehall/figures", {"year": 2026}).content)
    today = dt.date.today()
    total = counted(Rating.objects.filter(rated_on__year=2026), today)
    for key in ("ratings", "bad", "rectified", "unfounded", "on_time", "open", "overdue"):
        assert body["total"][key] == total[key], key
    assert body["total"]["satisfaction_rate"] == pytest.approx(total["good"] / total["ratings"])
    rows = {row["agency"]["credit_code"]: row["figures"] for row in body["agencies"]}
    assert (
        rows[county.b.credit_code]["ratings"]
        == Rating.objects.filter(rated_on__year=2026, agency=county.b).count()
    )
    assert sum(m["figures"]["ratings"] for m in body["months"]) == total["ratings"]
    agency = json.loads(
        client.get(f"/api/v1/servicehall/figures/{county.a.credit_code}", {"year": 2026}).content
    )
    assert (
        sum(m["figures"]["ratings"] for m in agency["matters"])
        == Rating.objects.filter(rated_on__year=2026, agency=county.a).count()
    )
    assert client.get("/api/v1/servicehall/figures/NOSUCH").status_code == 404
    assert client.get("/api/v1/servicehall/figures", {"year": 1990}).status_code == 422


def test_the_previous_year_is_counted_on_its_own(county, year_of_ratings):
    figures = rating_figures(year=2025, today=TODAY)
    assert figures.total.ratings == 1 and figures.total.bad == 0
    assert not Rectification.objects.filter(opened_on__year=2025).exists()
