"""Time limits: promised ≤ statutory enforced (also across units), 即办件 promised 0, and the
comparison page's figures equal to what the records say."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from gongkai.services import services
from gongkai.services.limits import check_limits, compare, days, in_working_days, percent
from gongkai.services.models import MatterVersion, VersionStatus
from gongkai.services.selectors import limit_rows
from tests.services.conftest import create, publish


def limits(**kw):
    base = dict(
        case_kind="promised",
        statutory_limit=20,
        statutory_unit="working",
        promised_limit=5,
        promised_unit="working",
    )
    base.update(kw)
    return check_limits(**base)


def test_promised_may_not_exceed_statutory():
    assert limits() == {}
    assert limits(promised_limit=20) == {}
    assert "promised_limit" in limits(promised_limit=21)
    # Mixed units: 60 natural days are 42 6/7 working days.
    assert limits(statutory_limit=60, statutory_unit="natural", promised_limit=42) == {}
    assert "promised_limit" in limits(
        statutory_limit=60, statutory_unit="natural", promised_limit=43
    )
    assert "promised_limit" in limits(statutory_limit=5, promised_limit=8, promised_unit="natural")
    assert limits(statutory_limit=None, promised_limit=300) == {}


def test_immediate_and_promised_cases():
    assert limits(case_kind="immediate", promised_limit=0) == {}
    assert "promised_limit" in limits(case_kind="immediate", promised_limit=2)
    assert "promised_limit" in limits(case_kind="promised", promised_limit=0)
    assert "statutory_limit" in limits(statutory_limit=0)


def test_conversion_and_display():
    assert in_working_days(7, "natural") == 5
    assert in_working_days(10, "working") == 10
    assert days(Fraction(30, 7)) == "4.3"
    assert days(Fraction(12)) == "12"
    assert days(Fraction(-1, 4)) == "-0.3"
    assert percent(Fraction(4, 5)) == "80%"


@pytest.mark.django_db
def test_the_service_refuses_a_promise_longer_than_the_law(county):
    with pytest.raises(ValidationError) as exc:
        create(county, statutory_limit=10, promised_limit=12)
    assert "promised_limit" in exc.value.message_dict


@pytest.mark.django_db
def test_comparison_figures_equal_the_records(client, county):
    a1 = publish(county, create(county, statutory_limit=20, promised_limit=5))
    a2 = publish(
        county, create(county, statutory_limit=60, statutory_unit="natural", promised_limit=20)
    )
    publish(county, create(county, statutory_limit=None, promised_limit=3))  # not compared
    publish(county, create(county, case_kind="immediate", statutory_limit=10, promised_limit=0))
    publish(
        county,
        create(
            county,
            agency=county.b,
            statutory_limit=30,
            statutory_unit="natural",
            promised_limit=10,
            promised_unit="natural",
        ),
    )
    create(county, statutory_limit=100, promised_limit=1)  # a draft: not counted
    agencies = compare(limit_rows())
    assert {a.agency_id for a in agencies} == {county.a.pk, county.b.pk}
    by_agency = {a.agency_id: a for a in agencies}
    for agency_id, figures in by_agency.items():
        versions = MatterVersion.objects.filter(
            status=VersionStatus.PUBLISHED, matter__agency_id=agency_id
        )
        compared = [v for v in versions if v.statutory_limit is not None]
        statutory = sum(in_working_days(v.statutory_limit, v.statutory_unit) for v in compared)
        promised = sum(in_working_days(v.promised_limit, v.promised_unit) for v in compared)
        assert figures.matters == versions.count()
        assert figures.compared == len(compared)
        assert figures.statutory_total == statutory
        assert figures.promised_total == promised
        assert figures.reduction_total == statutory - promised
        assert figures.reduction_average == (statutory - promised) / len(compared)
        assert figures.immediate == sum(1 for v in versions if v.case_kind == "immediate")
    a = by_agency[county.a.pk]
    # 20 + 60·5/7 + 10 statutory; 5 + 20 + 0 promised (working days).
    assert a.statutory_total == 20 + Fraction(300, 7) + 10
    assert a.promised_total == 25
    # Same unit: the reduction of one matter is in that unit (natural days stay natural).
    b_row = by_agency[county.b.pk].rows[0]
    assert b_row.reduction == 20 and b_row.reduction_unit == "natural"
    page = client.get(reverse("services:limits")).content.decode()
    assert days(a.reduction_total) in page and days(a.reduction_average) in page
    assert "7个自然日按5个工作日计" in page
    assert a1.name in page and a2.name in page
    # Approving a new version with a shorter promise changes the figures at once.
    draft = services.matter_new_draft(actor=county.officer_a, matter=a1)
    services.version_update(actor=county.officer_a, version=draft, promised_limit=2)
    publish(county, a1)
    assert {a.agency_id: a for a in compare(limit_rows())}[county.a.pk].promised_total == 22
