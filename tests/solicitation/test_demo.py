"""The demo county's solicitations: a year of them in every state, built once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from gongkai.audit.models import Event
from gongkai.core.demo import BUILDERS
from gongkai.core.demo.county import build_county
from gongkai.solicitation.demo import build_solicitation
from gongkai.solicitation.models import CommentStatus, Kind, Solicitation, Status
from gongkai.solicitation.rules import Phase, needs_period_reason, phase_of
from gongkai.solicitation.selectors import figures

pytestmark = pytest.mark.django_db


def test_demo_covers_every_state_and_builds_once(client):
    assert build_solicitation in BUILDERS
    assert not build_solicitation().created  # no county yet
    build_county()
    result = build_solicitation()
    assert result.created and result.solicitations == 10
    today = timezone.localdate()
    phases = {phase_of(s, today) for s in Solicitation.objects.all()}
    assert phases == {Phase.DRAFT, Phase.UPCOMING, Phase.OPEN, Phase.CLOSED, Phase.FEEDBACK}
    assert Solicitation.objects.filter(kind=Kind.HEARING).count() == 2
    oldest = Solicitation.objects.order_by("opens_on").first()
    assert (today - oldest.opens_on).days >= 300  # a year of them

    running = [s for s in Solicitation.objects.all() if phase_of(s, today) == Phase.OPEN]
    statuses = {c.status for s in running for c in s.comments.all()}
    assert {CommentStatus.PENDING, CommentStatus.APPROVED} <= statuses
    short = [s for s in running if needs_period_reason(s.kind, s.opens_on, s.closes_on)]
    assert len(short) == 1 and short[0].short_period_reason
    assert Event.objects.filter(action="solicitation.short_period").count() == 1

    closed = Solicitation.objects.get(status=Status.CLOSED)
    assert figures(closed).undecided > 0  # the feedback is still being prepared
    answered = Solicitation.objects.filter(status=Status.FEEDBACK_PUBLISHED)
    assert answered.count() == 4
    linked = answered.exclude(final_item=None)
    assert linked.count() == 3 and all(s.final_item.is_public for s in linked)
    hearing = answered.get(kind=Kind.HEARING)
    assert hearing.attended_count == 5 and hearing.hearing_record
    for s in answered:
        f = figures(s)
        assert f.pending == 0 and f.undecided == 0 and f.decided == f.approved
    # Someone wrote his phone number into a comment: it is shown redacted.
    assert Solicitation.objects.filter(comments__redacted=True).exists()
    # The public pages of every published one render without a name or phone number.
    for s in Solicitation.objects.exclude(status=Status.DRAFT):
        html = client.get(s.get_absolute_url()).content.decode()
        for c in s.comments.all():
            if c.name:
                assert c.name not in html
            if c.phone:
                assert c.phone not in html

    events = Event.objects.count()
    assert not build_solicitation().created
    assert Event.objects.count() == events


def test_every_staff_page_of_the_demo_renders(client):
    from django.urls import reverse

    from gongkai.accounts.models import User

    build_county()
    build_solicitation()
    officer = User.objects.get(username="czj_officer")
    reviewer = User.objects.get(username="czj_reviewer")
    office = User.objects.get(username="gkb")
    for user in (officer, reviewer, office):
        client.force_login(user)
        assert client.get(reverse("solicitation_staff:list")).status_code == 200
        assert client.get(reverse("solicitation_staff:moderation")).status_code == 200
        for s in Solicitation.objects.all():
            detail = client.get(reverse("solicitation_staff:detail", args=[s.pk]))
            if s.agency.name != "蓝湾县财政局" and user != office:
                assert detail.status_code == 404
                continue
            assert detail.status_code == 200, s.title
            if s.status in (Status.CLOSED, Status.FEEDBACK_PUBLISHED):
                url = reverse("solicitation_staff:feedback", args=[s.pk])
                assert client.get(url).status_code == 200
            for c in s.comments.all()[:3]:
                url = reverse("solicitation_staff:comment", args=[c.pk])
                assert client.get(url).status_code == 200
            if user == officer and s.status in (Status.DRAFT, Status.PUBLISHED):
                url = reverse("solicitation_staff:edit", args=[s.pk])
                assert client.get(url).status_code == 200
        client.logout()
    html = client.get(reverse("solicitation:list"), {"phase": "closed"}).content.decode()
    assert "采纳情况" in html
