"""The steps of a proposal and who may take them (by role and by agency)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.proposals.models import (
    Proposal,
    ProposalKind,
    ProposalStatus,
    ReplyCategory,
    Satisfaction,
)
from gongkai.proposals.services import (
    cohandling_opinion_send,
    default_deadline,
    feedback_record,
    proposal_assign,
    proposal_close,
    proposal_edit,
    proposal_reopen,
    reply_approve,
    reply_draft,
    reply_return,
    reply_send,
)

from .conftest import D, register_proposal
from .steps import advance

pytestmark = pytest.mark.django_db


# --- registration ---------------------------------------------------------------------------


def test_register_records_delegates_cohandlers_default_deadline_and_audit(county):
    proposal = register_proposal(county, number=123)
    assert proposal.status == ProposalStatus.REGISTERED
    assert proposal.number_label == "第0123号"
    assert proposal.deadline == D("2026-06-02")  # registered_on + 3 months
    lead = proposal.delegates.get(lead=True)
    assert (lead.name, lead.group) == ("周明", "青石镇代表团")
    assert list(proposal.delegates.filter(lead=False).values_list("name", flat=True)) == ["李华"]
    assert [c.agency for c in proposal.cohandlings.all()] == [county.b]
    event = Event.objects.get(action="proposal.register")
    assert event.object_id == str(proposal.pk) and event.agency == county.a


def test_default_deadline_moves_off_a_holiday_and_follows_the_setting(settings):
    # 2026-07-01 + 3 months = 1 October, National Day: the next working day is 8 October.
    assert default_deadline(D("2026-07-01")) == D("2026-10-08")
    settings.GONGKAI_PROPOSAL_DEFAULT_MONTHS = 2
    assert default_deadline(D("2026-03-02")) == D("2026-05-06")  # 2 May is in the holiday
    # The last day of a shorter month.
    settings.GONGKAI_PROPOSAL_DEFAULT_MONTHS = 3
    assert default_deadline(D("2025-11-30")) == D("2026-02-28")  # a make-up working Saturday


def test_number_is_unique_per_kind_and_session(county):
    register_proposal(county, number=7)
    with pytest.raises(ValidationError) as exc:
        register_proposal(county, number=7)
    assert "number" in exc.value.message_dict
    # Another kind, or another session, may use the same number.
    register_proposal(county, number=7, kind=ProposalKind.CPPCC, session="测试县政协十届三次会议")
    register_proposal(county, number=7, session="测试县十八届人大四次会议", year=2027)
    assert Proposal.objects.filter(number=7).count() == 3


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"delegates": [("", "")]}, "delegates"),
        ({"title": "  "}, "title"),
        ({"deadline": D("2026-03-01")}, "deadline"),
        ({"registered_on": D("2026-03-03")}, "registered_on"),
        ({"cohandlers": "lead"}, "cohandlers"),
    ],
)
def test_register_refuses_bad_input_and_writes_nothing(county, fields, field):
    if fields.get("cohandlers") == "lead":
        fields = {"cohandlers": [county.a]}
    with pytest.raises(ValidationError) as exc:
        register_proposal(county, **fields)
    assert field in exc.value.message_dict
    assert not Proposal.objects.exists()


def test_who_may_register(county):
    register_proposal(county, actor=county.office)  # 公开办 above the lead agency
    register_proposal(county, actor=county.admin_a)  # 机关管理员 of the lead agency
    for actor in (county.admin_b, county.handler_a, county.leader_a, county.officer_a):
        with pytest.raises(PermissionDenied):
            register_proposal(county, actor=actor)


def test_edit_keeps_a_cohandler_that_has_sent_its_opinion(county):
    proposal = advance(
        county, register_proposal(county, cohandlers=[county.b, county.c]), "assigned"
    )
    with pytest.raises(ValidationError):
        proposal_edit(
            actor=county.office,
            proposal=proposal,
            title=proposal.title,
            content=proposal.content,
            deadline=proposal.deadline,
            delegates=[("周明", "青石镇代表团")],
            cohandlers=[county.c],
        )
    proposal = proposal_edit(
        actor=county.admin_a,
        proposal=proposal,
        title="关于加快农村学校校舍改造的建议（修订）",
        content=proposal.content,
        deadline=D("2026-06-15"),
        delegates=[("周明", "青石镇代表团")],
        cohandlers=[county.b, county.c],
    )
    assert proposal.deadline == D("2026-06-15")
    assert proposal.delegates.count() == 1
    with pytest.raises(PermissionDenied):
        proposal_edit(
            actor=county.admin_b,
            proposal=proposal,
            title="x",
            content="y",
            deadline=proposal.deadline,
            delegates=[("周明", "")],
            cohandlers=[],
        )


# --- assignment and co-handling -------------------------------------------------------------


def test_assign_to_a_handler_of_the_lead_agency_only(
    county, mail_outbox, django_capture_on_commit_callbacks
):
    proposal = register_proposal(county)
    with pytest.raises(ValidationError):
        proposal_assign(actor=county.office, proposal=proposal, handler=county.handler_b)
    for actor in (county.handler_a, county.leader_a, county.admin_b):
        with pytest.raises(PermissionDenied):
            proposal_assign(actor=actor, proposal=proposal, handler=county.handler_a)
    with django_capture_on_commit_callbacks(execute=True):
        proposal = proposal_assign(
            actor=county.admin_a, proposal=proposal, handler=county.handler_a
        )
    assert proposal.status == ProposalStatus.ASSIGNED
    assert [m.to for m in mail_outbox] == [["handler.a@example.com"]]


def test_cohandler_sends_its_opinion_but_cannot_reply(county):
    proposal = register_proposal(county)
    proposal_assign(actor=county.office, proposal=proposal, handler=county.handler_a)
    cohandling = proposal.cohandlings.get()
    # Only a 办理人 of the co-handling agency sends its opinion.
    for actor in (county.handler_a, county.handler_c, county.leader_b):
        with pytest.raises(PermissionDenied):
            cohandling_opinion_send(actor=actor, cohandling=cohandling, opinion="同意。")
    with pytest.raises(ValidationError):
        cohandling_opinion_send(actor=county.handler_b, cohandling=cohandling, opinion=" ")
    cohandling_opinion_send(
        actor=county.handler_b,
        cohandling=cohandling,
        opinion="同意主办单位意见。",
        sent_on=D("2026-03-10"),
        today=D("2026-03-10"),
    )
    cohandling.refresh_from_db()
    assert cohandling.opinion_on == D("2026-03-10") and cohandling.opinion_by == county.handler_b
    # The co-handling agency's handler may not draft, approve or send the reply.
    with pytest.raises(PermissionDenied):
        reply_draft(
            actor=county.handler_b, proposal=proposal, category=ReplyCategory.A, text="答复。"
        )
    reply_draft(actor=county.handler_a, proposal=proposal, category=ReplyCategory.A, text="答复。")
    with pytest.raises(PermissionDenied):
        reply_approve(actor=county.leader_b, proposal=proposal)
    # Once the lead agency has drafted, no more opinions.
    with pytest.raises(ValidationError):
        cohandling_opinion_send(actor=county.handler_b, cohandling=cohandling, opinion="补充。")


def test_reply_waits_for_every_cohandling_opinion(county):
    proposal = register_proposal(county, cohandlers=[county.b, county.c])
    proposal_assign(actor=county.office, proposal=proposal, handler=county.handler_a)
    cohandling_opinion_send(
        actor=county.handler_b,
        cohandling=proposal.cohandlings.get(agency=county.b),
        opinion="同意。",
    )
    with pytest.raises(ValidationError) as exc:
        reply_draft(
            actor=county.handler_a, proposal=proposal, category=ReplyCategory.A, text="答复。"
        )
    assert county.c.name in exc.value.messages[0]


def test_draft_before_assignment_is_refused(county):
    proposal = register_proposal(county, cohandlers=[])
    with pytest.raises(ValidationError):
        reply_draft(
            actor=county.handler_a, proposal=proposal, category=ReplyCategory.A, text="答复。"
        )


# --- sign-off, sending, feedback ------------------------------------------------------------


def test_leader_of_the_lead_agency_signs_off_or_returns(county):
    proposal = advance(county, register_proposal(county), "drafted")
    for actor in (county.handler_a, county.leader_b, county.office, county.admin_a):
        with pytest.raises(PermissionDenied):
            reply_approve(actor=actor, proposal=proposal)
    with pytest.raises(PermissionDenied):
        reply_return(actor=county.leader_b, proposal=proposal, comment="请补充。")
    with pytest.raises(ValidationError):
        reply_return(actor=county.leader_a, proposal=proposal, comment="")
    reply = reply_return(actor=county.leader_a, proposal=proposal, comment="请补充资金来源。")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ASSIGNED and reply.return_comment
    # Sending before the sign-off is refused.
    with pytest.raises(ValidationError):
        reply_send(actor=county.handler_a, proposal=proposal)
    reply_draft(
        actor=county.handler_a,
        proposal=proposal,
        category=ReplyCategory.A,
        text="资金由县财政安排。",
    )
    reply = reply_approve(actor=county.leader_a, proposal=proposal)
    assert reply.approved_by == county.leader_a and reply.return_comment == ""
    with pytest.raises(ValidationError):  # signed off: no more drafting
        reply_draft(
            actor=county.handler_a, proposal=proposal, category=ReplyCategory.A, text="改。"
        )


def test_send_records_date_on_time_and_only_the_lead_handler_sends(county):
    proposal = advance(county, register_proposal(county), "approved")
    for actor in (county.handler_b, county.leader_a, county.office):
        with pytest.raises(PermissionDenied):
            reply_send(actor=actor, proposal=proposal, today=D("2026-05-01"))
    with pytest.raises(ValidationError):  # in the future
        reply_send(
            actor=county.handler_a,
            proposal=proposal,
            replied_on=D("2026-05-02"),
            today=D("2026-05-01"),
        )
    reply = reply_send(
        actor=county.handler_a,
        proposal=proposal,
        replied_on=D("2026-06-03"),
        today=D("2026-06-03"),
    )
    assert reply.on_time is False  # the deadline was 2 June
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED
    assert proposal.published_on is None  # not approved for publication


def test_feedback_rules(county):
    proposal = advance(county, register_proposal(county), "replied")
    with pytest.raises(PermissionDenied):
        feedback_record(
            actor=county.handler_b, proposal=proposal, satisfaction=Satisfaction.SATISFIED
        )
    with pytest.raises(ValidationError) as exc:  # a 不满意 needs the reasons
        feedback_record(
            actor=county.handler_a,
            proposal=proposal,
            satisfaction=Satisfaction.NOT_SATISFIED,
            today=D("2026-06-01"),
        )
    assert "comment" in exc.value.message_dict
    with pytest.raises(ValidationError):  # before the reply
        feedback_record(
            actor=county.handler_a,
            proposal=proposal,
            satisfaction=Satisfaction.SATISFIED,
            received_on=D("2026-05-19"),
            today=D("2026-06-01"),
        )
    reply = feedback_record(
        actor=county.admin_a,
        proposal=proposal,
        satisfaction=Satisfaction.BASICALLY,
        received_on=D("2026-05-25"),
        today=D("2026-06-01"),
    )
    assert reply.satisfaction == Satisfaction.BASICALLY
    with pytest.raises(ValidationError):  # only once per reply
        feedback_record(
            actor=county.handler_a, proposal=proposal, satisfaction=Satisfaction.SATISFIED
        )


# --- handling again after 不满意, and closing -------------------------------------------------


def test_not_satisfied_is_handled_again_once(county):
    proposal = advance(
        county, register_proposal(county), "feedback", satisfaction=Satisfaction.NOT_SATISFIED
    )
    with pytest.raises(PermissionDenied):
        proposal_reopen(actor=county.handler_a, proposal=proposal, today=D("2026-06-05"))
    proposal = proposal_reopen(actor=county.office, proposal=proposal, today=D("2026-06-05"))
    assert proposal.round == 2
    assert proposal.status == ProposalStatus.ASSIGNED
    assert proposal.deadline == D("2026-07-06")  # a month later; 5 July is a Sunday
    # The second round needs no new co-handling opinion and has its own reply.
    reply_draft(
        actor=county.handler_a,
        proposal=proposal,
        category=ReplyCategory.A,
        text="已于今年完成第一批改造。",
    )
    reply_approve(actor=county.leader_a, proposal=proposal)
    reply_send(
        actor=county.handler_a, proposal=proposal, replied_on=D("2026-07-01"), today=D("2026-07-01")
    )
    feedback_record(
        actor=county.handler_a,
        proposal=proposal,
        satisfaction=Satisfaction.NOT_SATISFIED,
        comment="仍不满意。",
        received_on=D("2026-07-08"),
        today=D("2026-07-08"),
    )
    assert proposal.replies.count() == 2
    with pytest.raises(ValidationError) as exc:  # only once
        proposal_reopen(actor=county.office, proposal=proposal, today=D("2026-07-09"))
    assert "second time" in exc.value.messages[0] or "第二次" in exc.value.messages[0]
    proposal = proposal_close(actor=county.office, proposal=proposal, today=D("2026-07-09"))
    assert proposal.status == ProposalStatus.CLOSED


def test_satisfied_feedback_cannot_be_reopened(county):
    proposal = advance(county, register_proposal(county), "feedback")
    with pytest.raises(ValidationError):
        proposal_reopen(actor=county.office, proposal=proposal, today=D("2026-06-05"))


def test_close_rules(county):
    proposal = advance(county, register_proposal(county), "approved")
    with pytest.raises(ValidationError):  # not replied yet
        proposal_close(actor=county.office, proposal=proposal)
    advance(county, proposal, "replied")
    with pytest.raises(PermissionDenied):
        proposal_close(actor=county.handler_b, proposal=proposal, today=D("2026-06-01"))
    # Closed without feedback, by the lead agency's handler.
    proposal = proposal_close(actor=county.handler_a, proposal=proposal, today=D("2026-06-01"))
    assert proposal.closed_on == D("2026-06-01")


def test_every_step_is_audited(county):
    advance(county, register_proposal(county), "closed")
    actions = set(Event.objects.values_list("action", flat=True))
    assert {
        "proposal.register",
        "proposal.assign",
        "proposal.cohandling_opinion",
        "proposal.reply_draft",
        "proposal.reply_approve",
        "proposal.reply_send",
        "proposal.feedback",
        "proposal.close",
    } <= actions


def test_system_admin_may_do_every_step(county):
    proposal = register_proposal(county, actor=county.sysadmin, cohandlers=[])
    proposal_assign(actor=county.sysadmin, proposal=proposal, handler=county.handler_a)
    reply_draft(actor=county.sysadmin, proposal=proposal, category=ReplyCategory.C, text="答复。")
    reply_approve(actor=county.sysadmin, proposal=proposal)
    reply_send(actor=county.sysadmin, proposal=proposal, today=dt.date.today())
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.REPLIED
