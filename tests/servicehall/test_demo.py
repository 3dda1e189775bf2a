"""The demo: every agency gets commitments, windows and staff cards with photos; the agencies
with published matters get a year of ratings, the bad ones closed on time except one overdue
and one open case; a second run changes nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency
from gongkai.core.demo.county import build_county
from gongkai.servicehall.demo import build_servicehall
from gongkai.servicehall.models import (
    STANDARD_KINDS,
    Commitment,
    Rating,
    Rectification,
    RectificationStatus,
    Window,
    WindowStaff,
)
from gongkai.servicehall.selectors import public_matters
from gongkai.services import services as matter_services
from gongkai.services.demo import build_services
from tests.factories import staff

from .conftest import guide

pytestmark = pytest.mark.django_db


def _ensure_matters():
    """The services demo's matters, or — while it builds none — two per bureau for a few
    bureaus, taken through the services app's write path."""
    build_services()
    if public_matters().exists():
        return
    bureaus = Agency.objects.filter(parent__isnull=False, kind="department").order_by("sort_order")
    for n, agency in enumerate(bureaus[:3]):
        officer, reviewer = staff(Role.OFFICER, agency), staff(Role.REVIEWER, agency)
        for k in range(2):
            matter = matter_services.matter_create(
                actor=officer,
                agency=agency,
                implementation_code=f"DEMO{n:02d}{k:02d}0000000001",
                **guide(f"{agency.short_name}事项{k + 1}"),
            )
            version = matter.versions.get()
            matter_services.version_submit(actor=officer, version=version)
            matter_services.version_approve(actor=reviewer, version=version)


def test_the_demo_builds_a_service_hall_and_a_second_run_does_nothing():
    build_county()
    _ensure_matters()
    result = build_servicehall()
    assert result.created
    today = timezone.localdate()
    agencies = list(Agency.objects.filter(is_active=True))
    for agency in agencies:
        kinds = set(Commitment.objects.filter(agency=agency).values_list("kind", flat=True))
        assert set(STANDARD_KINDS) <= kinds, agency
        assert Commitment.objects.filter(agency=agency, kind="own").exists(), agency
        assert Window.objects.filter(agency=agency).count() >= 2, agency
        assert WindowStaff.objects.filter(agency=agency).exclude(photo="").count() >= 2, agency
    rated = {a.pk for a in agencies if public_matters(a).exists()}
    assert rated and set(Rating.objects.values_list("agency_id", flat=True)) == rated
    first = Rating.objects.order_by("rated_on").first().rated_on
    assert (today - first).days > 200  # spread over the year
    bad = Rectification.objects.all()
    assert bad.filter(status=RectificationStatus.RECTIFIED).exists()
    assert bad.filter(status=RectificationStatus.UNFOUNDED).exists()
    closed = bad.exclude(status=RectificationStatus.OPEN)
    assert all(c.on_time for c in closed if c.due_date)
    open_cases = list(bad.filter(status=RectificationStatus.OPEN))
    assert len(open_cases) == 2
    assert sorted(c.is_overdue(today) for c in open_cases) == [False, True]
    assert (
        closed.filter(rater_told_by="phone").exists()
        and closed.filter(rater_told_by="email").exists()
    )
    good = Rating.objects.exclude(level__in=["dissatisfied", "very_dissatisfied"]).count()
    assert good / Rating.objects.count() > 0.8  # mostly good
    counts = (Commitment.objects.count(), WindowStaff.objects.count(), Rating.objects.count())
    again = build_servicehall()
    assert not again.created
    assert (again.commitments, again.cards, again.ratings) == counts
    assert all(c.closed_on <= today and c.closed_on >= c.opened_on for c in closed)
    assert not Rating.objects.filter(rated_on__gte=today).exists()
