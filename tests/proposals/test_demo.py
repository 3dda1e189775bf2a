"""The demo builds a year of proposals of both kinds across the bureaus, in every state, once."""

from __future__ import annotations

import pytest
from django.db.models import F

from gongkai.proposals import counts
from gongkai.proposals.demo import build_proposals
from gongkai.proposals.models import Proposal, ProposalKind, ProposalStatus, Reply, Satisfaction
from gongkai.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_county():
    from gongkai.core.demo.county import build_county

    build_county()


def test_demo_proposals_in_every_state_and_only_once(demo_county):
    result = build_proposals()
    assert result.created and result.proposals > 50
    assert set(Proposal.objects.values_list("status", flat=True)) == set(ProposalStatus.values)
    assert set(Proposal.objects.values_list("kind", flat=True)) == set(ProposalKind.values)
    assert Proposal.objects.values("agency").distinct().count() >= 10
    assert Proposal.objects.filter(round=2).exists()
    assert Reply.objects.filter(round=2, satisfaction__gt="").exists()  # handled again, answered
    feedback = set(Reply.objects.exclude(satisfaction="").values_list("satisfaction", flat=True))
    assert feedback == set(Satisfaction.values)
    assert (
        Reply.objects.filter(replied_on__isnull=False).exclude(replied_on__lte=F("due_on")).exists()
    )  # some late
    published = Proposal.objects.filter(published_on__isnull=False)
    assert (
        published.exists()
        and published.count()
        < Proposal.objects.exclude(
            status__in=["registered", "assigned", "drafted", "approved"]
        ).count()
    )
    assert SearchEntry.objects.filter(kind="proposal").count() == published.count()
    years = counts.years_with_proposals()
    assert len(years) == 2
    for year in years:
        rows = counts.yearly_counts(year)
        assert counts.totals(rows).lead == Proposal.objects.filter(year=year).count()
    again = build_proposals()
    assert not again.created and again.proposals == result.proposals
