"""Publishing replies of public interest, the yearly counts and the reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gongkai.proposals import counts, jobs
from gongkai.proposals.models import (
    CoHandling,
    Proposal,
    ProposalKind,
    ProposalStatus,
    ReminderSent,
    Reply,
    Satisfaction,
)
from gongkai.proposals.services import (
    proposal_publish,
    proposal_reopen,
    proposal_unpublish,
    reply_approve,
)
from gongkai.search.models import SearchEntry

from .conftest import D, register_proposal
from .steps import advance

pytestmark = pytest.mark.django_db


# --- publication ----------------------------------------------------------------------------


def test_reply_of_public_interest_approved_for_publication_is_published_when_sent(county):
    proposal = advance(county, register_proposal(county), "replied", publish=True)
    assert proposal.published_on == D("2026-05-20")
    entry = SearchEntry.objects.get(kind="proposal", object_id=proposal.pk)
    assert "农村学校校舍改造" in entry.body and "周明" in entry.body


def test_a_reply_not_of_public_interest_cannot_be_approved_for_publication(county):
    proposal = advance(county, register_proposal(county), "drafted", public_interest=False)
    with pytest.raises(ValidationError) as exc:
        reply_approve(actor=county.leader_a, proposal=proposal, publish=True)
    assert "publish" in exc.value.message_dict
    advance(county, proposal, "replied")
    proposal.refresh_from_db()
    assert proposal.published_on is None
    assert not SearchEntry.objects.filter(kind="proposal").exists()


def test_personal_data_in_the_reply_stops_publication(county):
    proposal = advance(
        county,
        register_proposal(county),
        "drafted",
        text="具体事宜请联系经办人，手机13912345678。",
    )
    with pytest.raises(ValidationError) as exc:
        reply_approve(actor=county.leader_a, proposal=proposal, publish=True)
    assert "手机号码" in exc.value.message_dict["publish"][0] or "mobile" in str(exc.value)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFTED  # nothing half-done
    reply_approve(actor=county.leader_a, proposal=proposal, publish=False)


def test_publish_later_and_withdraw(county):
    proposal = advance(county, register_proposal(county), "feedback", public_interest=False)
    for actor in (county.handler_a, county.office, county.leader_b):
        with pytest.raises(PermissionDenied):
            proposal_publish(actor=actor, proposal=proposal)
    proposal = proposal_publish(actor=county.leader_a, proposal=proposal, today=D("2026-06-10"))
    assert proposal.published_on == D("2026-06-10")
    assert Reply.objects.get(proposal=proposal).publish is True
    assert SearchEntry.objects.filter(kind="proposal", object_id=proposal.pk).exists()
    with pytest.raises(ValidationError):
        proposal_unpublish(actor=county.leader_a, proposal=proposal, reason="")
    for actor in (county.handler_a, county.office, county.leader_b):
        with pytest.raises(PermissionDenied):
            proposal_unpublish(actor=actor, proposal=proposal, reason="涉及调整。")
    proposal = proposal_unpublish(actor=county.leader_a, proposal=proposal, reason="涉及调整。")
    assert proposal.published_on is None
    assert not SearchEntry.objects.filter(kind="proposal").exists()
    assert not Reply.objects.filter(publish=True).exists()


def test_publish_is_refused_before_the_reply_is_sent(county):
    proposal = advance(county, register_proposal(county), "approved")
    with pytest.raises(ValidationError):
        proposal_publish(actor=county.leader_a, proposal=proposal)


# --- yearly counts --------------------------------------------------------------------------


def _record(county):
    """Bureau A leads four proposals of 2026 (three NPC, one CPPCC) and one of 2025; bureau B
    co-handles three of them; bureau C leads one."""
    on_time = advance(county, register_proposal(county), "closed", satisfaction="satisfied")
    late = advance(
        county,
        register_proposal(county),
        "feedback",
        replied_on="2026-06-03",
        satisfaction=Satisfaction.BASICALLY,
    )
    unhappy = advance(
        county,
        register_proposal(county, kind=ProposalKind.CPPCC, session="测试县政协十届三次会议"),
        "feedback",
        satisfaction=Satisfaction.NOT_SATISFIED,
    )
    # Handled again: the second feedback is the one counted; on time is the first reply's.
    proposal_reopen(actor=county.office, proposal=unhappy, today=D("2026-06-05"))
    advance(county, unhappy, "feedback", replied_on="2026-06-20", satisfaction="satisfied")
    open_one = advance(county, register_proposal(county, cohandlers=[]), "assigned")
    advance(
        county,
        register_proposal(
            county,
            year=2025,
            session="测试县十八届人大二次会议",
            registered_on=D("2025-03-03"),
            today=D("2025-03-03"),
        ),
        "registered",
    )
    advance(county, register_proposal(county, agency=county.c, cohandlers=[]), "registered")
    return on_time, late, unhappy, open_one


def test_yearly_counts_equal_the_records(county):
    _record(county)
    rows = {row.agency: row for row in counts.yearly_counts(2026)}
    a, b, c = rows[county.a], rows[county.b], rows[county.c]
    assert (a.lead_npc, a.lead_cppcc, a.lead) == (3, 1, 4)
    assert a.cohandled == 0
    assert (a.replied, a.on_time) == (3, 2)
    assert (a.satisfied, a.basically, a.not_satisfied) == (2, 1, 0)
    assert a.satisfaction_share == "100%"
    assert (b.lead, b.cohandled, b.replied) == (0, 3, 0)
    assert (c.lead, c.replied) == (1, 0)
    # The same figures straight from the rows.
    for agency, row in rows.items():
        led = Proposal.objects.filter(agency=agency, year=2026)
        assert row.lead == led.count()
        assert (
            row.cohandled == CoHandling.objects.filter(agency=agency, proposal__year=2026).count()
        )
        firsts = Reply.objects.filter(proposal__in=led, round=1, replied_on__isnull=False)
        assert row.replied == firsts.count()
        assert row.on_time == sum(1 for r in firsts if r.replied_on <= r.due_on)
    total = counts.totals(list(rows.values()))
    assert total.lead == Proposal.objects.filter(year=2026).count() == 5
    assert [r.agency for r in counts.yearly_counts(2025)] == [county.a, county.b]
    assert [r.agency for r in counts.yearly_counts(2026, agency_ids=[county.b.pk])] == [county.b]


# --- reminders ------------------------------------------------------------------------------


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(D(day), dt.time(7, 0)))


def test_reminders_before_the_deadline_and_when_late_once_each(
    county, mail_outbox, django_capture_on_commit_callbacks
):
    proposal = register_proposal(county, cohandlers=[county.b, county.c])
    advance(county, proposal, "registered")
    from gongkai.proposals.services import cohandling_opinion_send, proposal_assign

    proposal_assign(actor=county.office, proposal=proposal, handler=county.handler_a)
    cohandling_opinion_send(
        actor=county.handler_b,
        cohandling=proposal.cohandlings.get(agency=county.b),
        opinion="同意。",
    )
    mail_outbox.clear()
    # 2 June is the deadline; 10 working days before is 19 May.
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.reminders(_at("2026-05-18")) == "0 proposal reminders sent"
        assert jobs.reminders(_at("2026-05-19")) == "1 proposal reminders sent"
        assert jobs.reminders(_at("2026-05-20")) == "0 proposal reminders sent"
    assert len(mail_outbox) == 1
    # The handler, and the co-handling agency that has not sent its opinion (C, not B).
    assert mail_outbox[0].to == ["handler.a@example.com", "handler.c@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.reminders(_at("2026-06-02")) == "0 proposal reminders sent"
        assert jobs.reminders(_at("2026-06-04")) == "1 proposal reminders sent"
        assert jobs.reminders(_at("2026-06-05")) == "0 proposal reminders sent"
    assert "office@example.com" in mail_outbox[1].to  # the 公开办 when late
    assert ReminderSent.objects.filter(proposal=proposal).count() == 2


def test_a_new_deadline_earns_fresh_reminders_and_replied_ones_none(county):
    proposal = advance(
        county, register_proposal(county), "feedback", satisfaction=Satisfaction.NOT_SATISFIED
    )
    assert jobs.reminders(_at("2026-06-04")) == "0 proposal reminders sent"  # replied
    proposal_reopen(
        actor=county.office, proposal=proposal, deadline=D("2026-07-06"), today=D("2026-06-05")
    )
    assert jobs.reminders(_at("2026-07-07")) == "1 proposal reminders sent"
    assert ReminderSent.objects.get().deadline == D("2026-07-06")


def test_nobody_assigned_reminds_every_handler_of_the_lead_agency(county):
    proposal = register_proposal(county, cohandlers=[])
    assert jobs.recipients(proposal, "due_soon") == ["handler.a@example.com"]


def test_the_reminders_run_in_the_daily_tick():
    from gongkai.core import tick

    assert tick.jobs()["proposals.reminders"] is jobs.reminders
    assert "topics.flag_overdue" in tick.jobs()
