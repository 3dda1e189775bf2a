"""The way of a letter through its agency: accept or not, transfer, merge, assign, reply,
review, rating and the one reopening — each allowed to the right role of the right agency
and refused to everybody else."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.interaction.models import Message, MessageStatus, Rating
from gongkai.interaction.selectors import messages_visible_to
from gongkai.interaction.services import handling
from gongkai.interaction.services.intake import message_by_number_and_code
from tests.interaction.conftest import LETTER, D, accepted, assigned, at, replied, write_letter

pytestmark = pytest.mark.django_db


def others(county, *keep):
    """Staff who must be refused: every role of the other bureau, the 公开办, and the roles of
    the letter's own bureau not in ``keep``."""
    a = county.a
    own = {
        "handler": a.handler,
        "reviewer": a.reviewer,
        "leader": a.leader,
        "admin": a.admin,
        "officer": a.officer,
    }
    return [u for k, u in own.items() if k not in keep] + [
        county.b.handler,
        county.b.leader,
        county.b.reviewer,
        county.office,
    ]


def test_a_letter_written_online_gets_a_number_and_a_query_code(county):
    message, code = write_letter(county.a.agency)
    assert message.number.startswith("XJ2026-") and message.status == MessageStatus.RECEIVED
    assert message_by_number_and_code(message.number, code.lower()) == message
    assert message_by_number_and_code(message.number, "WRONGCODE") is None
    assert message.steps.get(public=True).kind == "received"
    assert message.content == LETTER["content"]  # full-width punctuation kept as typed
    event = Event.objects.get(action="message.submit")
    assert LETTER["writer_name"] not in str(event.data) and LETTER["writer_mobile"] not in str(
        event.data
    )


def test_bad_letters_are_refused_with_a_message_per_field(county):
    with pytest.raises(ValidationError) as exc:
        write_letter(
            county.a.agency,
            kind="rant",
            title="",
            content="",
            writer_name="",
            writer_mobile="123",
            writer_email="x@",
        )
    assert set(exc.value.message_dict) == {
        "kind",
        "title",
        "content",
        "writer_name",
        "writer_mobile",
        "writer_email",
    }
    assert not Message.objects.exists()


def test_accept_is_for_the_agencys_handlers(county):
    message, _ = write_letter(county.a.agency)
    for user in others(county, "handler"):
        with pytest.raises(PermissionDenied):
            handling.message_accept(actor=user, message=message, today=D("2026-09-22"))
    handling.message_accept(actor=county.a.handler2, message=message, today=D("2026-09-22"))
    with pytest.raises(ValidationError):  # only once
        handling.message_accept(actor=county.a.handler, message=message, today=D("2026-09-22"))


def test_not_accepted_needs_a_reason_the_writer_reads(county):
    message, _ = write_letter(county.a.agency)
    with pytest.raises(ValidationError):
        handling.message_not_accept(
            actor=county.a.handler, message=message, reason="abusive", note=""
        )
    handling.message_not_accept(
        actor=county.a.handler, message=message, reason="abusive", note="来信含有侮辱性语言。"
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.NOT_ACCEPTED
    assert "来信含有侮辱性语言。" in message.steps.get(kind="not_accepted", public=True).text


def test_transfer_moves_the_letter_into_the_other_agencys_queue_with_its_history(county):
    message = accepted(county.a)
    handling.message_transfer(
        actor=county.a.handler, message=message, to_agency=county.b.agency, reason="属交通局职责"
    )
    message.refresh_from_db()
    assert message.agency == county.b.agency and message.mailbox.agency == county.b.agency
    assert message.status == MessageStatus.RECEIVED and message.due_date is None
    assert message in messages_visible_to(county.b.handler)
    assert message not in messages_visible_to(county.a.handler)
    assert message.transfers.get().from_agency == county.a.agency
    assert [s.kind for s in message.steps.all()] == ["received", "accepted", "transferred"]
    # The receiving agency accepts it and its own clock starts.
    handling.message_accept(actor=county.b.handler, message=message, today=D("2026-09-24"))
    message.refresh_from_db()
    assert message.accepted_on == D("2026-09-24") and message.due_date == D("2026-10-20")
    assert Event.objects.filter(action="message.transfer", agency=county.a.agency).exists()
    assert Event.objects.filter(action="message.transfer", agency=county.b.agency).exists()


def test_transfer_is_refused_to_other_staff_and_after_assignment(county):
    message = accepted(county.a)
    for user in others(county, "handler"):
        with pytest.raises(PermissionDenied):
            handling.message_transfer(
                actor=user, message=message, to_agency=county.b.agency, reason="x"
            )
    with pytest.raises(ValidationError):
        handling.message_transfer(
            actor=county.a.handler, message=message, to_agency=county.a.agency, reason="x"
        )
    message = assigned(county.a)
    with pytest.raises(ValidationError):
        handling.message_transfer(
            actor=county.a.handler, message=message, to_agency=county.b.agency, reason="x"
        )


def test_a_duplicate_is_merged_into_the_earlier_letter_and_answered_with_it(
    county, mailoutbox, django_capture_on_commit_callbacks
):
    first = assigned(county.a)
    duplicate, _ = write_letter(
        county.a.agency,
        now=at("2026-09-23"),
        writer_name="王五",
        writer_mobile="13600001111",
        writer_email="dup@example.com",
    )
    handling.message_merge(actor=county.a.handler, message=duplicate, into=first, reason="同一路灯")
    duplicate.refresh_from_db()
    assert duplicate.status == MessageStatus.MERGED and duplicate.merged_into == first
    with pytest.raises(ValidationError):  # never into a later one
        later, _ = write_letter(county.a.agency, now=at("2026-09-25"))
        handling.message_merge(actor=county.a.handler, message=first, into=later, reason="x")
    first = handling.message_reply_draft(actor=county.a.handler, message=first, reply="已修复。")
    with django_capture_on_commit_callbacks(execute=True):
        handling.message_reply_review(
            actor=county.a.reviewer, message=first, approve=True, now=at("2026-09-24", 15)
        )
    duplicate.refresh_from_db()
    assert duplicate.reply == "已修复。" and duplicate.replied_on == D("2026-09-24")
    assert duplicate.steps.filter(kind="replied", public=True).exists()
    assert {m.to[0] for m in mailoutbox} >= {"dup@example.com", LETTER["writer_email"]}


def test_merge_across_agencies_only_into_a_letter_by_the_same_writer(county):
    at_b = accepted(county.b, day="2026-09-21")
    stranger, _ = write_letter(county.a.agency, now=at("2026-09-22"), writer_mobile="13700002222")
    with pytest.raises(ValidationError):  # a's handler cannot see b's letter of another writer
        handling.message_merge(actor=county.a.handler, message=stranger, into=at_b, reason="x")
    same, _ = write_letter(county.a.agency, now=at("2026-09-22"))
    handling.message_merge(actor=county.a.handler, message=same, into=at_b, reason="同一人重复来信")
    same.refresh_from_db()
    assert same.merged_into == at_b and same.agency == county.a.agency


def test_assignment_goes_to_a_handler_of_the_agency(county):
    message = accepted(county.a)
    with pytest.raises(ValidationError):
        handling.message_assign(actor=county.a.handler, message=message, handler=county.b.handler)
    with pytest.raises(ValidationError):
        handling.message_assign(
            actor=county.a.handler,
            message=message,
            handler=county.a.handler,
            department=county.b.department,
        )
    for user in others(county, "handler"):
        with pytest.raises(PermissionDenied):
            handling.message_assign(actor=user, message=message, handler=county.a.handler)
    handling.message_assign(
        actor=county.a.handler,
        message=message,
        handler=county.a.handler2,
        department=county.a.department,
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.ASSIGNED and message.handler == county.a.handler2
    assert message in messages_visible_to(county.a.handler2)


def test_only_the_assigned_handler_drafts_and_someone_else_reviews(
    county, mailoutbox, django_capture_on_commit_callbacks
):
    message = assigned(county.a)  # assigned to county.a.handler
    with pytest.raises(PermissionDenied):
        handling.message_reply_draft(actor=county.a.handler2, message=message, reply="x")
    message = handling.message_reply_draft(actor=county.a.handler, message=message, reply="初稿")
    assert message.status == MessageStatus.REVIEW
    for user in (
        county.a.handler,
        county.a.admin,
        county.a.officer,
        county.b.reviewer,
        county.b.leader,
        county.office,
    ):
        with pytest.raises(PermissionDenied):
            handling.message_reply_review(actor=user, message=message, approve=True)
    with pytest.raises(ValidationError):  # returning needs a note
        handling.message_reply_review(actor=county.a.reviewer, message=message, approve=False)
    handling.message_reply_review(
        actor=county.a.reviewer, message=message, approve=False, note="补充维修时间"
    )
    message.refresh_from_db()
    assert message.status == MessageStatus.ASSIGNED
    message = handling.message_reply_draft(
        actor=county.a.handler, message=message, reply="路灯已于9月23日修复。"
    )
    with django_capture_on_commit_callbacks(execute=True):
        message = handling.message_reply_review(
            actor=county.a.leader, message=message, approve=True, now=at("2026-09-24", 16)
        )
    assert message.status == MessageStatus.REPLIED
    assert message.replied_on == D("2026-09-24") and message.replied_on_time is True
    assert message.reply_working_days == 2  # accepted 22 Sep, replied 24 Sep
    assert "路灯已于9月23日修复。" in message.steps.get(kind="replied").text
    assert any(
        "路灯已于9月23日修复。" in m.body for m in mailoutbox if m.to == [LETTER["writer_email"]]
    )


def test_a_reviewer_may_not_approve_a_reply_he_wrote(county):
    message = accepted(county.a)
    # A 领导 who also holds the 办理人 role drafts: he cannot approve his own reply.
    from gongkai.accounts.models import Role, RoleAssignment

    RoleAssignment.objects.create(user=county.a.leader, agency=county.a.agency, role=Role.HANDLER)
    message = handling.message_assign(
        actor=county.a.handler, message=message, handler=county.a.leader
    )
    message = handling.message_reply_draft(actor=county.a.leader, message=message, reply="答复")
    with pytest.raises(ValidationError):
        handling.message_reply_review(actor=county.a.leader, message=message, approve=True)


def test_a_late_reply_is_recorded_as_late(county):
    message = replied(county.a, day="2026-09-24", kind="inquiry", on="2026-10-08")  # due 30 Sep
    assert message.replied_on_time is False and message.reply_working_days == 4


def test_the_writer_rates_once_and_a_dissatisfied_reply_is_reopened_once(county):
    message = replied(county.a)
    with pytest.raises(ValidationError):  # only a 不满意 may be reopened
        handling.message_reopen(actor=county.a.handler, message=message, reason="x")
    handling.message_rate(message=message, rating=Rating.DISSATISFIED, comment="路灯还是不亮")
    with pytest.raises(ValidationError):
        handling.message_rate(message=message, rating=Rating.SATISFIED)
    for user in others(county, "handler"):
        with pytest.raises(PermissionDenied):
            handling.message_reopen(actor=user, message=message, reason="重新核实")
    message = handling.message_reopen(
        actor=county.a.handler, message=message, reason="重新核实", today=D("2026-09-28")
    )
    assert message.status == MessageStatus.ASSIGNED and message.rating == ""
    assert message.clock_start == D("2026-09-28") and message.due_date == D(
        "2026-10-21"
    )  # 13 working days from 29 Sep
    assert message.steps.filter(kind="rated").exists()  # the first rating stays in the timeline
    message = handling.message_reply_draft(
        actor=county.a.handler, message=message, reply="已更换灯具。"
    )
    message = handling.message_reply_review(
        actor=county.a.reviewer, message=message, approve=True, now=at("2026-09-29", 15)
    )
    handling.message_rate(message=message, rating=Rating.DISSATISFIED, comment="仍不满意")
    with pytest.raises(ValidationError):
        handling.message_reopen(
            actor=county.a.handler, message=message, reason="再次", today=D("2026-09-30")
        )


def test_rating_before_the_reply_is_refused(county):
    message = assigned(county.a)
    with pytest.raises(ValidationError):
        handling.message_rate(message=message, rating=Rating.SATISFIED)


def test_acceptance_mail_goes_to_the_writer_after_commit(
    county, mailoutbox, django_capture_on_commit_callbacks
):
    message, code = write_letter(county.a.agency)
    with django_capture_on_commit_callbacks(execute=True):
        handling.message_accept(actor=county.a.handler, message=message, today=D("2026-09-22"))
    mail = [m for m in mailoutbox if m.to == [LETTER["writer_email"]]]
    assert mail and message.number in mail[-1].subject and "2026年9月22日" in mail[-1].body


STEPS = {
    # step: (who may, how the letter is prepared, the call)
    "not_accept": (
        "handler",
        lambda county: write_letter(county.a.agency)[0],
        lambda u, m, county: handling.message_not_accept(
            actor=u, message=m, reason="abusive", note="含侮辱性语言"
        ),
    ),
    "merge": (
        "handler",
        lambda county: write_letter(county.a.agency, now=at("2026-09-23"))[0],
        lambda u, m, county: handling.message_merge(
            actor=u,
            message=m,
            into=write_letter(county.a.agency, now=at("2026-09-21", 8))[0],
            reason="重复",
        ),
    ),
    "extension_request": (
        "handler",
        lambda county: assigned(county.a),
        lambda u, m, county: handling.extension_request(
            actor=u, message=m, days=2, reason="核实", today=D("2026-09-23")
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(STEPS))
def test_each_step_is_refused_to_every_other_role_and_agency(county, name):
    who, prepare, call = STEPS[name]
    message = prepare(county)
    for user in others(county, who):
        with pytest.raises(PermissionDenied):
            call(user, message, county)
    call(getattr(county.a, who), message, county)
