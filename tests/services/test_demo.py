"""The demo county's service guides: every bureau has matters with full guides (at least 60
in all, with materials, blank forms, samples and flowcharts), fee lists, life events, a few
changes waiting; built once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.demo import BUILDERS
from gongkai.core.demo.county import BUREAUS, build_county
from gongkai.services.demo import build_services
from gongkai.services.models import (
    FeeItem,
    LifeEvent,
    Matter,
    MatterStatus,
    MatterVersion,
    VersionStatus,
)
from gongkai.services.services import missing_elements

pytestmark = pytest.mark.django_db


def test_demo_gives_every_bureau_full_guides_and_builds_once(client):
    assert build_services in BUILDERS
    assert not build_services().created  # no county yet
    build_county()
    result = build_services()
    assert result.created and result.matters >= 60
    assert Matter.objects.filter(status=MatterStatus.PUBLISHED).count() == result.matters
    for _key, name, *_rest in BUREAUS:
        assert (
            Matter.objects.filter(agency__name=name, status=MatterStatus.PUBLISHED).count() >= 6
        ), name
    for matter in Matter.objects.select_related("current_version"):
        v = matter.current_version
        assert missing_elements(v) == [], matter.name
        assert v.conditions and v.place and v.hours and v.consultation_phone and v.complaint_phone
        assert v.steps.count() >= 3
        first = v.materials.order_by("sort_order").first()
        assert first.blank_form is not None and first.sample is not None
        assert (
            v.promised_limit <= (v.statutory_limit or 10**6) or v.statutory_unit != v.promised_unit
        )
    assert FeeItem.objects.exists()
    assert MatterVersion.objects.filter(status=VersionStatus.PUBLISHED, charges_fee=True).exists()
    assert MatterVersion.objects.filter(status=VersionStatus.SUPERSEDED).count() >= 5
    assert MatterVersion.objects.filter(status=VersionStatus.SUBMITTED).count() == 3
    assert MatterVersion.objects.filter(status=VersionStatus.RETURNED).count() == 1
    assert LifeEvent.objects.count() >= 10
    assert all(e.matters.exists() for e in LifeEvent.objects.all())
    # A second run changes nothing.
    assert not build_services().created
    assert Matter.objects.count() == result.matters
    # The pages work with the demo data.
    matter = Matter.objects.filter(status=MatterStatus.PUBLISHED).first()
    page = client.get(matter.get_absolute_url())
    assert page.status_code == 200 and "<svg" in page.content.decode()
    blank = matter.current_version.materials.order_by("sort_order").first().blank_form
    download = client.get(blank.get_absolute_url())
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert client.get(reverse("services:limits")).status_code == 200
    assert client.get(reverse("services:directory")).status_code == 200
