"""The demo county's catalog: a few thousand generated items in every state, built once."""

from __future__ import annotations

import pytest

from gongkai.catalog.demo import build_catalog
from gongkai.catalog.models import (
    Attachment,
    Category,
    DisclosureAttribute,
    Item,
    ItemStatus,
    ReviewFinding,
    Validity,
)
from gongkai.core.demo.county import build_county
from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db


def test_demo_catalog_has_items_in_every_state_and_builds_only_once():
    build_county()
    result = build_catalog()
    assert result.created
    items = Item.objects.all()
    assert 2500 <= items.count() <= 3500
    agencies = {a for a in items.values_list("agency_id", flat=True).distinct()}
    assert len(agencies) == Category.objects.values("agency").distinct().count() == 15
    assert items.filter(status=ItemStatus.WITHDRAWN).exclude(withdraw_reason="").count() == 30
    assert 40 <= items.filter(disclosure_attribute=DisclosureAttribute.INTERNAL).count() <= 70
    assert 15 <= items.filter(published_late=True).count() <= 40
    assert items.filter(published_late=False).exists()
    repealed = items.filter(validity=Validity.REPEALED)
    assert repealed.exists() and all(i.replaced_by_id for i in repealed)
    assert items.filter(validity=Validity.EXPIRED).exists()
    assert items.filter(interprets__isnull=False).count() > 50
    assert 30 <= Attachment.objects.count() <= 60
    assert items.filter(status=ItemStatus.DRAFT).exists()
    submitted = items.filter(status=ItemStatus.SUBMITTED)
    assert submitted.exists()
    assert ReviewFinding.objects.filter(item__in=submitted, kind="mobile").exists()
    # 文号 in the agency's own form, 索引号 gap-free per agency and year.
    assert items.filter(doc_number__regex=r"^蓝财发〔20(24|25|26)〕[1-9][0-9]*号$").exists()
    for agency_id, year in (
        items.filter(index_year__isnull=False).values_list("agency_id", "index_year").distinct()
    ):
        serials = sorted(
            items.filter(agency_id=agency_id, index_year=year).values_list(
                "index_serial", flat=True
            )
        )
        assert serials == list(range(1, len(serials) + 1))
    years = set(items.filter(status=ItemStatus.PUBLISHED).values_list("index_year", flat=True))
    assert {2024, 2025, 2026} <= years
    public = items.filter(
        status=ItemStatus.PUBLISHED, disclosure_attribute=DisclosureAttribute.PUBLIC
    )
    assert SearchEntry.objects.filter(kind="item").count() == public.count()

    count = items.count()
    again = build_catalog()
    assert not again.created
    assert Item.objects.count() == count
