"""Keyset pagination of the public lists: every item exactly once, newest first, filters."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.catalog import selectors
from gongkai.catalog.models import Category, Item
from gongkai.catalog.services import catalog_create_from_template, item_set_validity
from gongkai.catalog.services.items import item_approve, item_create, item_submit
from tests.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
CURSOR_LINK = re.compile(r'href="\?([^"]*after=[^"]*)"[^>]*>下一页')


class Publisher:
    """Publishes through the real workflow with one officer and one reviewer (fast enough for
    a few dozen items)."""

    def __init__(self, agency):
        catalog_create_from_template(actor=None, agency=agency)
        self.agency = agency
        self.officer = staff(Role.OFFICER, agency)
        self.reviewer = staff(Role.REVIEWER, agency)

    def __call__(self, title: str, day: dt.date, code: str = "policy.normative", **fields) -> Item:
        category = Category.objects.get(agency=self.agency, code=code)
        item = item_create(
            actor=self.officer,
            agency=self.agency,
            category=category,
            title=title,
            body_html=f"<p>{title}的正文。</p>",
            **fields,
        )
        item_submit(actor=self.officer, item=item)
        now = dt.datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI)
        return item_approve(actor=self.reviewer, item=item, now=now)


@pytest.fixture
def agency():
    return AgencyFactory(name="分页测试局")


@pytest.fixture
def many(agency):
    """47 public items over 2024–2026, several on the same day, in two subcategories, plus
    items the public must never see."""
    publish = Publisher(agency)
    items = []
    days = [dt.date(2024, 12, 30), dt.date(2025, 6, 1), dt.date(2025, 6, 1), dt.date(2026, 1, 5)]
    for n in range(47):
        day = days[n % len(days)] + dt.timedelta(days=(n // len(days)) * 3)
        code = "policy.normative" if n % 3 else "policy.other"
        items.append(publish(f"分页信息第{n:02d}号", day, code))
    publish("内部信息不可见", dt.date(2025, 6, 1), disclosure_attribute="internal")
    return items


def _walk(client, url: str, query: str = "") -> list[list[str]]:
    """Follow the 下一页 links from the first page; the titles on each page."""
    pages = []
    next_query = query
    for _ in range(20):
        html = client.get(url + ("?" + next_query if next_query else "")).content.decode()
        pages.append(re.findall(r"分页信息第\d\d号|内部信息不可见", html))
        match = CURSOR_LINK.search(html)
        if not match:
            return pages
        next_query = match.group(1).replace("&amp;", "&")
    raise AssertionError("pagination does not end")


def _expected(items, *, year=None, validity=None, codes=None) -> list[str]:
    chosen = [
        i
        for i in items
        if (year is None or i.published_date.year == year)
        and (validity is None or i.validity == validity)
        and (codes is None or i.category.code in codes)
    ]
    chosen.sort(key=lambda i: (i.published_date, i.pk), reverse=True)
    return [i.title for i in chosen]


def test_agency_list_pages_through_every_item_once_newest_first(
    client, agency, many, django_assert_max_num_queries
):
    url = reverse("catalog:agency_items", args=[agency.credit_code])
    pages = _walk(client, url)
    assert [len(p) for p in pages] == [20, 20, 7]
    assert [t for p in pages for t in p] == _expected(many)
    # A later page costs the same as the first.
    first = client.get(url).content.decode()
    query = CURSOR_LINK.search(first).group(1).replace("&amp;", "&")
    with django_assert_max_num_queries(7):
        response = client.get(url + "?" + query)
    html = response.content.decode()
    assert "首页" in html or "第一页" in html


def test_category_list_pages_through_its_subtree(client, agency, many):
    root = Category.objects.get(agency=agency, code="policy")
    pages = _walk(client, root.get_absolute_url())
    assert [t for p in pages for t in p] == _expected(
        many, codes={"policy.normative", "policy.other"}
    )
    leaf = Category.objects.get(agency=agency, code="policy.other")
    pages = _walk(client, leaf.get_absolute_url())
    assert [t for p in pages for t in p] == _expected(many, codes={"policy.other"})


def test_year_filter_pages_through_that_year_only(client, agency, many):
    url = reverse("catalog:agency_items", args=[agency.credit_code])
    pages = _walk(client, url, "year=2025")
    titles = [t for p in pages for t in p]
    assert titles == _expected(many, year=2025)
    assert 0 < len(titles) < len(many)
    root = Category.objects.get(agency=agency, code="policy")
    pages = _walk(client, root.get_absolute_url(), "year=2025")
    assert [t for p in pages for t in p] == _expected(many, year=2025)


def test_validity_filter(client, agency, many):
    reviewer = staff(Role.REVIEWER, agency)
    for item in many[::5]:
        item_set_validity(
            actor=reviewer, item=item, validity="repealed", changed_on=dt.date(2026, 2, 1)
        )
    many = [Item.objects.select_related("category").get(pk=i.pk) for i in many]
    url = reverse("catalog:agency_items", args=[agency.credit_code])
    assert [t for p in _walk(client, url, "validity=repealed") for t in p] == _expected(
        many, validity="repealed"
    )
    assert [t for p in _walk(client, url, "validity=valid&year=2025") for t in p] == _expected(
        many, validity="valid", year=2025
    )
    root = Category.objects.get(agency=agency, code="policy")
    assert [
        t for p in _walk(client, root.get_absolute_url(), "validity=repealed") for t in p
    ] == _expected(many, validity="repealed")


def test_selector_pages_are_exact_across_same_day_ties(agency, many):
    seen = []
    after = None
    while True:
        page = selectors.agency_item_page(agency, after=after, size=6)
        seen.extend(page.items)
        if not page.next_after:
            break
        after = page.next_after
    assert [i.pk for i in seen] == [
        i.pk for i in sorted(many, key=lambda i: (i.published_date, i.pk), reverse=True)
    ]


def test_cursor_round_trip_and_garbage():
    cursor = selectors.Cursor(dt.date(2026, 5, 15), 1234)
    assert cursor.encode() == "2026-05-15_1234"
    assert selectors.Cursor.decode("2026-05-15_1234") == cursor
    for bad in ("", None, "x", "2026-05-15", "2026-13-01_3", "2026-05-15_x"):
        assert selectors.Cursor.decode(bad) is None


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="plan text is SQLite's; PostgreSQL plans by statistics"
)
def test_list_queries_walk_the_partial_indexes(agency, many):
    category = Category.objects.get(agency=agency, code="policy.other")
    cursor = selectors.Cursor.of(many[-1])
    plans = {
        "item_public_category": selectors.public_items()
        .filter(category_id=category.pk)
        .filter(cursor.q())
        .order_by(*selectors.NEWEST_FIRST)[:21],
        "item_public_agency": selectors.public_items()
        .filter(agency=agency)
        .filter(cursor.q())
        .order_by(*selectors.NEWEST_FIRST)[:21],
        "item_public_all": selectors.public_items().order_by(*selectors.NEWEST_FIRST)[:10],
        "item_public_section": selectors.public_items()
        .filter(section="policy")
        .order_by(*selectors.NEWEST_FIRST)[:5],
    }
    for index, qs in plans.items():
        plan = qs.explain()
        assert index in plan, plan
        assert "TEMP B-TREE" not in plan, plan  # no sort: the index gives the order
