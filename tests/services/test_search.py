"""Matters in the search index: the current version of published matters only, kept in step
by the services, rebuilt and verified like every other kind; the sitemap section."""

from __future__ import annotations

import pytest

from gongkai.search.models import SearchEntry
from gongkai.search.services import reindex, verify
from gongkai.services import services
from gongkai.services.search_provider import KIND
from gongkai.services.sitemaps import MatterSitemap
from tests.services.conftest import create, publish

pytestmark = pytest.mark.django_db


def entry(matter):
    return SearchEntry.objects.filter(kind=KIND, object_id=matter.pk).first()


def test_only_public_current_versions_are_indexed(county, published):
    draft = create(county, name="食品经营许可")
    assert entry(draft) is None
    assert "个体工商户设立登记" in entry(published).title
    new = services.matter_new_draft(actor=county.officer_a, matter=published)
    services.version_update(actor=county.officer_a, version=new, name="个体工商户变更登记")
    services.version_submit(actor=county.officer_a, version=new)
    assert entry(published).title == "个体工商户设立登记"  # the draft is not in the index
    services.version_approve(actor=county.reviewer_a, version=new)
    assert entry(published).title == "个体工商户变更登记"
    services.matter_withdraw(actor=county.reviewer_a, matter=published, reason="取消")
    assert entry(published) is None


def test_reindex_and_verify_agree(county, published):
    publish(county, create(county, agency=county.b, name="结婚登记"))
    SearchEntry.objects.filter(kind=KIND).delete()
    reindex(kind=KIND)
    assert SearchEntry.objects.filter(kind=KIND).count() == 2
    assert verify(kind=KIND) == []


def test_sitemap_lists_public_matters(county, published):
    create(county, name="草稿事项")
    sitemap = MatterSitemap()
    assert [sitemap.location(m) for m in sitemap.items()] == [published.get_absolute_url()]
    assert sitemap.lastmod(published) == published.changed_on


def test_life_event_names_are_searchable(client, county, published):
    event = services.life_event_create(
        actor=county.office, agency=county.government, name="开办小店", slug="shop"
    )
    services.life_event_update(actor=county.office, event=event, matters=[published])
    assert "开办小店" in entry(published).body
    services.life_event_update(actor=county.office, event=event, name="开办门店")
    assert "开办门店" in entry(published).body
    services.matter_set_life_events(actor=county.officer_a, matter=published, events=[])
    assert "开办门店" not in entry(published).body
