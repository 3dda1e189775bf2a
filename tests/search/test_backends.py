"""The window of newest matches behind every search, on either backend. PostgreSQL looks for
the matches in a range of the newest ids first and widens it when they are older; the count,
the relevance page and the date page must come out as if it had looked everywhere."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from gongkai.search.backends import COUNT_CAP, PostgresBackend, Sort
from gongkai.search.models import SearchEntry, Validity
from gongkai.search.selectors import search
from gongkai.search.services import entry_values


@pytest.fixture(params=["estimated", "too-narrow"])
def first_range(request, monkeypatch):
    if request.param == "too-narrow":
        # A first id range that holds almost nothing: the search must widen it, never return
        # the short result of the narrow range.
        monkeypatch.setattr(PostgresBackend, "ID_RANGE_MARGIN", 0.001)
    return request.param


def bulk(start: int, count: int, *, title: str, validity: str, day0: dt.date) -> None:
    SearchEntry.objects.bulk_create(
        SearchEntry(
            kind="doc",
            object_id=n,
            **entry_values(
                kind="doc",
                title=title,
                validity=validity,
                published_date=day0 + dt.timedelta(days=(n * 7919) % 700),
                url=f"/doc/{n}/",
            ),
        )
        for n in range(start, start + count)
    )


@pytest.fixture
def old_matches(db):
    """300 valid 公开 entries, then 1,100 newer expired ones, then 2,500 newer entries that do
    not match at all: the valid matches lie far below the newest ids."""
    bulk(0, 300, title="预算公开", validity=Validity.VALID, day0=dt.date(2020, 1, 1))
    bulk(300, 1100, title="预算公开", validity=Validity.EXPIRED, day0=dt.date(2021, 1, 1))
    bulk(1400, 2500, title="其他事项", validity=Validity.VALID, day0=dt.date(2023, 1, 1))
    if connection.vendor == "postgresql":  # the planner's estimates, as after autovacuum
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_entry")


def object_ids(result) -> list[int]:
    return [r.entry.object_id for r in result.results]


def test_count_and_pages_of_old_filtered_matches(old_matches, first_range):
    matching = SearchEntry.objects.filter(title="预算公开", validity=Validity.VALID)
    result = search("公开", validity=Validity.VALID)
    assert (result.total, result.capped) == (300, False)
    # Equal texts score alike, and equal scores go by id: page 2 is the 21st to 40th entry.
    page2 = search("公开", validity=Validity.VALID, page=2)
    assert object_ids(page2) == list(range(20, 40))
    by_date = matching.order_by("-published_date", "-id").values_list("object_id", flat=True)
    for page in (1, 4):
        result = search("公开", validity=Validity.VALID, sort=Sort.DATE, page=page)
        assert object_ids(result) == list(by_date[(page - 1) * 20 : page * 20])


def test_relevance_ranks_the_newest_matches_when_newer_entries_do_not_match(
    old_matches, first_range
):
    result = search("公开")
    assert result.capped and result.total == COUNT_CAP
    # The newest COUNT_CAP matches are object ids 400..1399; equal scores go by id.
    assert object_ids(result) == list(range(400, 420))
    last = search("公开", page=COUNT_CAP // 20)
    assert object_ids(last) == list(range(1380, 1400))
