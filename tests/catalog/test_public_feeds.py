"""RSS/Atom feeds and the sitemap: only published 主动公开 items, bounded queries."""

from __future__ import annotations

import datetime as dt
import re
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.catalog.models import Category
from gongkai.catalog.services import item_revise, item_withdraw
from gongkai.catalog.services.items import item_create
from gongkai.catalog.sitemaps import ITEMS_PER_PAGE
from tests.factories import AgencyFactory, published_item, staff

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def world():
    agency = AgencyFactory(name="订阅测试局")
    other = AgencyFactory(name="另一个局")
    shown = published_item(
        agency,
        title="可以订阅的通知",
        summary="这是内容概述。",
        now=dt.datetime(2026, 3, 5, 9, tzinfo=SHANGHAI),
    )
    long_text = "长" * 300
    no_summary = published_item(
        agency, category_code="news.work", title="没有概述的动态", body_html=f"<p>{long_text}</p>"
    )
    elsewhere = published_item(other, title="另一个局的通知")
    internal = published_item(agency, title="内部公开的纪要", disclosure_attribute="internal")
    gone = published_item(agency, title="已经撤回的通知")
    item_withdraw(actor=staff(Role.REVIEWER, agency), item=gone, reason="有误")
    officer = staff(Role.OFFICER, agency)
    draft = item_create(
        actor=officer,
        agency=agency,
        category=Category.objects.get(agency=agency, code="policy.normative"),
        title="还是草稿的通知",
        body_html="<p>x</p>",
    )
    return {
        "agency": agency,
        "other": other,
        "shown": shown,
        "no_summary": no_summary,
        "elsewhere": elsewhere,
        "hidden": [internal, gone, draft],
    }


def _rss_titles(content: bytes) -> list[str]:
    root = ElementTree.fromstring(content)
    return [e.findtext("title") for e in root.iter("item")]


def _atom_titles(content: bytes) -> list[str]:
    root = ElementTree.fromstring(content)
    return [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]


def test_site_rss_lists_public_items_only(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("catalog:rss"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    titles = _rss_titles(response.content)
    assert {world["shown"].title, world["no_summary"].title, world["elsewhere"].title} <= set(
        titles
    )
    for hidden in world["hidden"]:
        assert hidden.title not in titles
    root = ElementTree.fromstring(response.content)
    descriptions = {e.findtext("title"): e.findtext("description") for e in root.iter("item")}
    assert descriptions[world["shown"].title] == "这是内容概述。"
    assert descriptions[world["no_summary"].title] == "长" * 200 + "…"
    links = [e.findtext("link") for e in root.iter("item")]
    assert "http://testserver" + world["shown"].get_absolute_url() in links


def test_site_atom_lists_public_items_only(client, world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(reverse("catalog:atom"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    titles = _atom_titles(response.content)
    assert world["shown"].title in titles
    for hidden in world["hidden"]:
        assert hidden.title not in titles


def test_agency_feeds(client, world, django_assert_max_num_queries):
    agency = world["agency"]
    for name, parse in (("catalog:agency_rss", _rss_titles), ("catalog:agency_atom", _atom_titles)):
        with django_assert_max_num_queries(4):
            response = client.get(reverse(name, args=[agency.credit_code]))
        titles = parse(response.content)
        assert set(titles) == {world["shown"].title, world["no_summary"].title}
    assert client.get(reverse("catalog:agency_rss", args=["91110000000000000X"])).status_code == 404


def test_category_feeds_cover_the_subtree(client, world, django_assert_max_num_queries):
    agency = world["agency"]
    policy = Category.objects.get(agency=agency, code="policy")
    for name, parse in (
        ("catalog:category_rss", _rss_titles),
        ("catalog:category_atom", _atom_titles),
    ):
        with django_assert_max_num_queries(6):
            response = client.get(reverse(name, args=[agency.credit_code, policy.pk]))
        assert parse(response.content) == [world["shown"].title]
    news = Category.objects.get(agency=agency, code="news.work")
    assert _rss_titles(
        client.get(reverse("catalog:category_rss", args=[agency.credit_code, news.pk])).content
    ) == [world["no_summary"].title]
    foreign = Category.objects.get(agency=world["other"], code="policy")
    assert (
        client.get(
            reverse("catalog:category_rss", args=[agency.credit_code, foreign.pk])
        ).status_code
        == 404
    )


def test_feed_holds_the_latest_50(client):
    agency = AgencyFactory()
    for n in range(52):
        published_item(
            agency,
            title=f"第{n:02d}条",
            now=dt.datetime(2026, 1, 1, 9, tzinfo=SHANGHAI) + dt.timedelta(days=n),
        )
    titles = _rss_titles(client.get(reverse("catalog:rss")).content)
    assert len(titles) == 50
    assert titles[0] == "第51条" and titles[-1] == "第02条"


def test_sitemap_index_and_sections(client, world, django_assert_max_num_queries):
    # A fixed number of queries, none per item: the catalog's sections (6) and one count for
    # each section of the other modules (portal.sitemaps: letters, solicitations, interviews,
    # proposals, topics, matters, notices).
    with django_assert_max_num_queries(6 + 7):
        response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    index = ElementTree.fromstring(response.content)
    sections = [e.findtext(f"{SITEMAP}loc") for e in index.iter(f"{SITEMAP}sitemap")]
    assert any("sitemap-items.xml" in s for s in sections)
    assert any("sitemap-categories.xml" in s for s in sections)
    assert any("sitemap-agencies.xml" in s for s in sections)

    locs = {}
    for section in ("agencies", "guides", "categories", "items"):
        with django_assert_max_num_queries(4):
            response = client.get(reverse("sitemap-section", args=[section]))
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        locs[section] = [e.findtext(f"{SITEMAP}loc") for e in root.iter(f"{SITEMAP}url")]
    agency = world["agency"]
    assert (
        "http://testserver" + reverse("catalog:agency", args=[agency.credit_code])
        in locs["agencies"]
    )
    assert (
        "http://testserver" + reverse("catalog:guide", args=[agency.credit_code]) in locs["guides"]
    )
    policy = Category.objects.get(agency=agency, code="policy")
    assert "http://testserver" + policy.get_absolute_url() in locs["categories"]
    item_urls = {u.removeprefix("http://testserver") for u in locs["items"]}
    assert {
        world["shown"].get_absolute_url(),
        world["no_summary"].get_absolute_url(),
        world["elsewhere"].get_absolute_url(),
    } <= item_urls
    for hidden in world["hidden"]:
        assert hidden.get_absolute_url() not in item_urls


def test_sitemap_lastmod_is_revision_or_publication(client, world):
    shown = world["shown"]
    xml = client.get(reverse("sitemap-section", args=["items"])).content.decode()
    entry = re.search(
        rf"<loc>http://testserver{shown.get_absolute_url()}</loc>\s*<lastmod>([^<]+)</lastmod>", xml
    )
    assert entry and entry.group(1).startswith("2026-03-0")  # published 2026-03-05 09:00 Shanghai
    item_revise(
        actor=staff(Role.REVIEWER, shown.agency),
        item=shown,
        note="更正",
        now=dt.datetime(2026, 4, 2, 9, tzinfo=SHANGHAI),
        title="可以订阅的通知（更正）",
    )
    xml = client.get(reverse("sitemap-section", args=["items"])).content.decode()
    entry = re.search(
        rf"<loc>http://testserver{shown.get_absolute_url()}</loc>\s*<lastmod>([^<]+)</lastmod>", xml
    )
    assert entry.group(1).startswith("2026-04-02")


def test_item_sitemap_pages_by_id_range(client, world, settings):
    from gongkai.catalog.models import Item
    from gongkai.catalog.sitemaps import ItemSitemap, PrimaryKeyRangePaginator

    last = Item.objects.order_by("-pk").first().pk
    paginator = PrimaryKeyRangePaginator(ItemSitemap().items(), 2)
    assert paginator.num_pages == -(-last // 2)
    seen = [i.pk for n in range(1, paginator.num_pages + 1) for i in paginator.page(n).object_list]
    public = list(
        Item.objects.filter(status="published", disclosure_attribute="public")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    assert seen == public
    assert ITEMS_PER_PAGE <= 50_000
    assert client.get(reverse("sitemap-section", args=["items"]) + "?p=999").status_code == 404
    assert client.get(reverse("sitemap-section", args=["items"]) + "?p=x").status_code == 404
