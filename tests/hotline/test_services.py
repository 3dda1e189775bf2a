"""Calls and visits: registered, answered on the spot or turned into a work order that follows
the letter workflow (with dispatch to another agency), and followed up with the caller's
satisfaction."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.hotline import rules
from gongkai.hotline.models import Contact, ContactStatus, FollowUpState
from gongkai.hotline.services import (
    contact_answer,
    contact_make_work_order,
    contact_register,
    follow_up_record,
)
from gongkai.interaction.models import MessageChannel, MessageStatus, Transfer
from gongkai.interaction.services import handling
from tests.hotline.conftest import CALL, VISIT, D, answered, at, register, reply_letter, work_order

pytestmark = pytest.mark.django_db


def test_a_call_is_registered_with_a_number_and_an_audit_event_without_personal_data(county):
    contact = register(county.a)
    assert contact.number == "RX2026-000001"
    assert contact.status == ContactStatus.REGISTERED
    assert contact.caller_phone == "13912345678"  # spaces removed
    assert contact.duration_minutes == 6 and contact.visitors == 1
    second = register(county.b, now=at("2026-09-21", 11))
    assert second.number == "RX2026-000002"  # one sequence for the site, per year
    event = Event.objects.get(action="hotline.register", object_id=str(contact.pk))
    text = str(event.data)
    assert "王五" not in text and "13912345678" not in text


def test_a_visit_keeps_its_visitors_and_a_landline(county):
    contact = register(county.a, VISIT, now=at("2026-09-21", 14), visitors=7)
    assert contact.kind == "visit"
    assert contact.visitors == 7 and contact.duration_minutes is None
    assert contact.caller_phone == "0579-82345678"
    assert rules.is_group_visit(contact.kind, contact.visitors)
    assert not rules.is_group_visit("visit", 4)


def test_an_anonymous_call_is_allowed_but_a_visit_needs_a_name(county):
    contact = register(county.a, caller_name="", caller_phone="")
    assert contact.is_anonymous
    with pytest.raises(ValidationError) as exc:
        register(county.a, VISIT, caller_name="")
    assert "caller_name" in exc.value.error_dict


def test_bad_input_names_each_field_and_saves_nothing(county):
    with pytest.raises(ValidationError) as exc:
        register(
            county.a,
            kind="call",
            caller_phone="12",
            category="gossip",
            summary="",
            duration_minutes=900,
        )
    assert set(exc.value.error_dict) == {"caller_phone", "category", "summary", "duration_minutes"}
    with pytest.raises(ValidationError) as exc:
        register(county.a, VISIT, visitors=0)
    assert set(exc.value.error_dict) == {"visitors"}
    assert not Contact.objects.exists()


def test_a_call_in_the_future_is_refused(county):
    with pytest.raises(ValidationError) as exc:
        contact_register(
            actor=county.a.handler,
            agency=county.a.agency,
            data={**CALL, "started_at": at("2026-09-22")},
            now=at("2026-09-21"),
        )
    assert "started_at" in exc.value.error_dict


def test_answered_on_the_spot_is_concluded_and_cannot_be_answered_again(county):
    contact = answered(county.a)
    assert contact.status == ContactStatus.ANSWERED
    assert rules.concluded_at(contact) == at("2026-09-21", 9, 10)
    with pytest.raises(ValidationError):
        contact_answer(actor=county.a.handler, contact=contact, answer="再答一次")
    with pytest.raises(ValidationError):
        contact_make_work_order(actor=county.a.handler, contact=contact, title="工单")


def test_an_empty_answer_is_refused(county):
    contact = register(county.a)
    with pytest.raises(ValidationError) as exc:
        contact_answer(actor=county.a.handler, contact=contact, answer="  ")
    assert "answer" in exc.value.error_dict
    contact.refresh_from_db()
    assert contact.status == ContactStatus.REGISTERED


def test_a_work_order_is_a_letter_with_the_channel_and_the_time_of_the_call(county):
    contact, message = work_order(county.a)
    assert contact.status == ContactStatus.WORK_ORDER and contact.message == message
    assert message.channel == MessageChannel.HOTLINE
    assert message.received_on == D("2026-09-21")
    assert message.submitted_at == at("2026-09-21", 9)
    assert message.agency == county.a.agency
    assert message.status == MessageStatus.RECEIVED
    assert message.kind == "inquiry"  # the contact's category
    assert message.writer_name == "王五" and message.writer_mobile == "13912345678"
    assert message.content == CALL["summary"]
    assert not message.publish_consent
    # From here on the letter workflow applies.
    message = reply_letter(county.a, message)
    assert message.status == MessageStatus.REPLIED
    contact.refresh_from_db()
    assert rules.concluded_at(contact) == message.replied_at


def test_a_visit_becomes_a_letter_with_the_visit_channel_even_from_a_landline(county):
    contact, message = work_order(county.a, VISIT)
    assert message.channel == MessageChannel.VISIT
    assert message.writer_name == "赵六"
    assert message.writer_mobile == ""  # a landline is not a mobile; the contact keeps it
    assert contact.caller_phone == "0579-82345678"


def test_an_anonymous_call_can_become_a_work_order(county):
    contact, message = work_order(county.a, caller_name="", caller_phone="")
    assert message.writer_name == "匿名来电"
    assert message.writer_mobile == ""


def test_dispatch_to_another_agency_is_the_letters_transfer(county):
    contact, message = work_order(county.a, VISIT, to=county.b)
    assert message.agency == county.b.agency
    transfer = Transfer.objects.get(message=message)
    assert transfer.from_agency == county.a.agency and transfer.to_agency == county.b.agency
    assert transfer.reason == "施工许可由住建局管理"
    # The other agency handles it; the registering office still holds the contact.
    message = reply_letter(county.b, message)
    contact.refresh_from_db()
    assert contact.agency == county.a.agency
    assert rules.follow_up_pending(contact)


def test_dispatch_needs_a_reason_and_leaves_nothing_behind(county):
    contact = register(county.a)
    with pytest.raises(ValidationError) as exc:
        contact_make_work_order(
            actor=county.a.handler, contact=contact, title="工单", to_agency=county.b.agency
        )
    assert "dispatch_reason" in exc.value.error_dict
    contact.refresh_from_db()
    assert contact.status == ContactStatus.REGISTERED and contact.message is None


def test_a_letter_refused_by_its_rules_leaves_the_contact_unchanged(county):
    contact = register(county.a)
    with pytest.raises(ValidationError) as exc:
        contact_make_work_order(actor=county.a.handler, contact=contact, title="")
    assert "title" in exc.value.error_dict
    contact.refresh_from_db()
    assert contact.status == ContactStatus.REGISTERED


def test_follow_up_comes_after_the_conclusion(county):
    contact, message = work_order(county.a)
    assert not rules.follow_up_pending(contact)
    with pytest.raises(ValidationError):
        follow_up_record(
            actor=county.a.handler, contact=contact, reached=True, satisfaction="satisfied"
        )


def test_a_follow_up_of_an_answer_records_the_satisfaction(county):
    contact = answered(county.a)
    assert rules.follow_up_pending(contact)
    with pytest.raises(ValidationError) as exc:
        follow_up_record(actor=county.a.handler, contact=contact, reached=True)
    assert "satisfaction" in exc.value.error_dict
    follow_up_record(
        actor=county.a.handler,
        contact=contact,
        reached=True,
        satisfaction="basically",
        note="基本满意",
        now=at("2026-09-22", 10),
    )
    contact.refresh_from_db()
    assert contact.follow_up == FollowUpState.DONE and contact.satisfaction == "basically"
    assert not rules.follow_up_pending(contact)
    with pytest.raises(ValidationError):
        follow_up_record(
            actor=county.a.handler, contact=contact, reached=True, satisfaction="satisfied"
        )


def test_the_follow_up_of_a_work_order_rates_its_letter(county):
    contact, message = work_order(county.a)
    message = reply_letter(county.a, message)
    contact.refresh_from_db()
    follow_up_record(
        actor=county.a.handler,
        contact=contact,
        reached=True,
        satisfaction="dissatisfied",
        now=at("2026-09-25", 10),
    )
    message.refresh_from_db()
    assert message.rating == "dissatisfied"
    # A 不满意 lets the letter be handled again; its new reply needs a new follow-up call.
    handling.message_reopen(
        actor=county.a.handler, message=message, reason="回访不满意", today=D("2026-09-28")
    )
    contact.refresh_from_db()
    assert not rules.follow_up_pending(contact)  # not concluded while reopened
    message.refresh_from_db()
    message = handling.message_reply_draft(
        actor=county.a.handler, message=message, reply="已再次督促施工单位整改。"
    )
    handling.message_reply_review(
        actor=county.a.reviewer, message=message, approve=True, now=at("2026-09-29", 15)
    )
    contact.refresh_from_db()
    assert rules.follow_up_pending(contact)
    follow_up_record(
        actor=county.a.handler,
        contact=contact,
        reached=True,
        satisfaction="satisfied",
        now=at("2026-09-30", 10),
    )
    contact.refresh_from_db()
    assert contact.satisfaction == "satisfied" and contact.follow_ups.count() == 2


def test_a_caller_never_reached_closes_the_follow_up_after_the_set_attempts(county, settings):
    settings.GONGKAI_HOTLINE_FOLLOW_UP_ATTEMPTS = 2
    contact = answered(county.a)
    follow_up_record(actor=county.a.handler, contact=contact, reached=False, now=at("2026-09-22"))
    contact.refresh_from_db()
    assert contact.follow_up == "" and rules.follow_up_pending(contact)
    with pytest.raises(ValidationError):
        follow_up_record(
            actor=county.a.handler,
            contact=contact,
            reached=False,
            satisfaction="satisfied",
            now=at("2026-09-22", 15),
        )
    follow_up_record(actor=county.a.handler, contact=contact, reached=False, now=at("2026-09-23"))
    contact.refresh_from_db()
    assert contact.follow_up == FollowUpState.UNREACHABLE and contact.satisfaction == ""
    assert not rules.follow_up_pending(contact)


def test_an_anonymous_caller_cannot_be_called_back(county):
    contact = answered(county.a, caller_name="", caller_phone="")
    assert not rules.follow_up_pending(contact)
    with pytest.raises(ValidationError):
        follow_up_record(
            actor=county.a.handler, contact=contact, reached=True, satisfaction="satisfied"
        )


@pytest.mark.parametrize("who", ["reviewer", "leader", "officer"])
def test_only_a_handler_registers(county, who):
    with pytest.raises(PermissionDenied):
        contact_register(
            actor=getattr(county.a, who),
            agency=county.a.agency,
            data={**CALL, "started_at": at("2026-09-21")},
            now=at("2026-09-21"),
        )


def test_the_disclosure_office_reads_but_does_not_register(county):
    with pytest.raises(PermissionDenied):
        contact_register(
            actor=county.office,
            agency=county.a.agency,
            data={**CALL, "started_at": at("2026-09-21")},
            now=at("2026-09-21"),
        )


def test_another_agencys_handler_may_do_nothing_with_a_contact(county):
    contact = register(county.a)
    with pytest.raises(PermissionDenied):
        contact_register(
            actor=county.b.handler,
            agency=county.a.agency,
            data={**CALL, "started_at": at("2026-09-21")},
            now=at("2026-09-21"),
        )
    with pytest.raises(PermissionDenied):
        contact_answer(actor=county.b.handler, contact=contact, answer="答复")
    with pytest.raises(PermissionDenied):
        contact_make_work_order(actor=county.b.handler, contact=contact, title="工单")
    answered_contact = answered(county.a)
    with pytest.raises(PermissionDenied):
        follow_up_record(
            actor=county.b.handler,
            contact=answered_contact,
            reached=True,
            satisfaction="satisfied",
        )


def test_the_follow_up_due_date_counts_working_days(county, settings):
    from gongkai.workdays.selectors import load_calendar

    calendar = load_calendar([2026])
    # Thursday 24 September: next working day is Monday 28 September (25–27 are rest days).
    assert rules.follow_up_due(D("2026-09-24"), calendar) == D("2026-09-28")
    settings.GONGKAI_HOTLINE_FOLLOW_UP_DAYS = 2
    # 30 September + 2 working days: 1–7 October are rest, 8 October is the first.
    assert rules.follow_up_due(D("2026-09-30"), calendar) == D("2026-10-09")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+86 139-1234-5678", "13912345678"),
        ("0579 8234 5678", "0579-82345678"),
        ("(010)12345678转123", "010-12345678转123"),
        ("12345", "12345"),
        ("1391234567", None),
        ("abc", None),
    ],
)
def test_phone_numbers(raw, expected):
    assert rules.normalize_phone(raw) == expected


def test_free_text_keeps_chinese_punctuation_as_typed(county):
    from gongkai.hotline.services import contact_answer, contact_register

    contact = contact_register(
        actor=county.a.handler,
        agency=county.a.agency,
        data={**CALL, "summary": "咨询医保缴费，截止时间？", "started_at": at("2026-09-21")},
        now=at("2026-09-21", 11),
    )
    assert contact.summary == "咨询医保缴费，截止时间？"
    contact = contact_answer(
        actor=county.a.handler, contact=contact, answer="截止到12月31日，可在手机上缴费。"
    )
    assert contact.answer == "截止到12月31日，可在手机上缴费。"
