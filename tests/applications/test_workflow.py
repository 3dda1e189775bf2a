"""Handling an application (services/workflow.py), the shared reads (selectors.py) and the tick
jobs (jobs.py): the issue's "done means", one test (or one parametrised test) each."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gongkai.applications import jobs
from gongkai.applications.fees import FeeMethod
from gongkai.applications.models import (
    Application,
    RemedyKind,
    RemedyResult,
    ReminderKind,
    ReminderSent,
    Status,
    Step,
)
from gongkai.applications.outcomes import RULES, Outcome
from gongkai.applications.selectors import (
    application_flags,
    applications_visible_to,
    due_within,
    monthly_count,
    open_cases,
    overdue,
    possible_duplicates,
    similar_titles,
)
from gongkai.applications.services.workflow import (
    WorkflowError,
    application_archive,
    application_assign,
    application_decide,
    application_reassign,
    application_transfer,
    correction_lapse,
    correction_send,
    correction_supplement,
    extension_approve,
    extension_refuse,
    extension_request,
    fee_notice_received,
    fee_notice_send,
    remedy_add,
    remedy_update,
)
from gongkai.audit.models import Event
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind
from tests.applications.conftest import registered_application

D = dt.date.fromisoformat
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))
ID = "110101199003077777"


def at(day: str, hour: int = 8) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(D(day), dt.time(hour)))


def assign(county, application):
    return application_assign(
        actor=county.handler_a, application=application, handler=county.handler_a, now=NOW
    )


@pytest.fixture
def case(county, application):
    """Bureau A's case received 2 March 2026 (due 30 March), assigned to handler_a."""
    return assign(county, application)


def events(application) -> list[str]:
    return list(
        Event.objects.filter(object_id=str(application.pk), object_type="applications.application")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- assignment -------------------------------------------------------------------------------


def test_assign_moves_registered_to_handling(county, application):
    assert application.status == Status.REGISTERED
    application = assign(county, application)
    assert application.status == Status.HANDLING
    assert application.handler == county.handler_a
    assert events(application) == ["application.assign"]
    with pytest.raises(WorkflowError):  # assigned once; afterwards it is a reassignment
        assign(county, application)


@pytest.mark.parametrize("who", ["leader_a", "officer_a", "handler_b"])
def test_only_a_handler_of_the_agency_can_be_given_the_case(county, application, who):
    with pytest.raises(WorkflowError) as exc:
        application_assign(
            actor=county.handler_a, application=application, handler=getattr(county, who)
        )
    assert "handler" in exc.value.message_dict


def test_reassign_keeps_the_status(county, case):
    case = application_reassign(actor=county.handler_a, application=case, handler=county.handler_a2)
    assert (case.status, case.handler) == (Status.HANDLING, county.handler_a2)
    assert events(case)[-1] == "application.reassign"
    with pytest.raises(WorkflowError):
        application_reassign(actor=county.handler_a, application=case, handler=county.handler_a2)


# --- permissions across agencies and roles ----------------------------------------------------


@pytest.mark.parametrize("who", ["handler_b", "officer_a", "leader_a", "leader_b", "office"])
def test_others_cannot_handle_bureau_as_case(county, case, who):
    actor = getattr(county, who)
    with pytest.raises(PermissionDenied):
        application_decide(
            actor=actor,
            application=case,
            outcome=Outcome.GRANTED,
            provided="电子邮件发送",
            decided_on=D("2026-03-10"),
            today=D("2026-03-10"),
        )
    with pytest.raises(PermissionDenied):
        correction_send(
            actor=actor,
            application=case,
            what="请说明",
            deadline=D("2026-03-20"),
            sent_on=D("2026-03-03"),
            today=D("2026-03-03"),
        )
    with pytest.raises(PermissionDenied):
        extension_request(
            actor=actor, application=case, days=5, reason="理由", today=D("2026-03-03")
        )


def test_handler_of_b_cannot_assign_as_case(county, application):
    with pytest.raises(PermissionDenied):
        application_assign(
            actor=county.handler_b, application=application, handler=county.handler_a
        )


def test_leader_approves_but_cannot_decide(county, case):
    extension = extension_request(
        actor=county.handler_a, application=case, days=10, reason="需协调", today=D("2026-03-20")
    )
    for actor in (county.handler_a, county.leader_b, county.office, county.officer_a):
        with pytest.raises(PermissionDenied):
            extension_approve(actor=actor, extension=extension, today=D("2026-03-20"))
    extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-20"))
    with pytest.raises(PermissionDenied):
        application_decide(
            actor=county.leader_a,
            application=case,
            outcome=Outcome.WITHHELD_STATE_SECRET,
            decided_on=D("2026-03-20"),
            today=D("2026-03-20"),
        )


def test_applications_visible_to(county):
    mine = registered_application(county.a)
    theirs = registered_application(county.b)
    assert set(applications_visible_to(county.handler_a)) == {mine}
    assert set(applications_visible_to(county.leader_b)) == {theirs}
    assert set(applications_visible_to(county.office)) == {mine, theirs}  # supervises below
    assert set(applications_visible_to(county.admin)) == {mine, theirs}
    assert not applications_visible_to(county.officer_a).exists()


# --- 补正 --------------------------------------------------------------------------------------


def _correction(county, case, **kwargs):
    values = {
        "what": "请明确所需信息的年份",
        "deadline": D("2026-03-16"),
        "sent_on": D("2026-03-04"),
        "today": D("2026-03-04"),
    }
    values.update(kwargs)
    return correction_send(actor=county.handler_a, application=case, **values)


def test_correction_only_within_seven_working_days(county, case):
    # received Mon 2 March: the 7th working day after is Wed 11 March
    with pytest.raises(WorkflowError) as exc:
        _correction(county, case, sent_on=D("2026-03-12"), today=D("2026-03-12"))
    assert "sent_on" in exc.value.message_dict
    _correction(county, case, sent_on=D("2026-03-11"), today=D("2026-03-11"))


def test_correction_deadline_not_before_the_notice(county, case):
    with pytest.raises(WorkflowError) as exc:
        _correction(county, case, deadline=D("2026-03-03"))
    assert "deadline" in exc.value.message_dict


def test_correction_only_once(county, case):
    _correction(county, case)
    correction_supplement(
        actor=county.handler_a,
        application=case,
        received_on=D("2026-03-06"),
        text="2025年",
        today=D("2026-03-06"),
    )
    with pytest.raises(WorkflowError):
        _correction(county, case, sent_on=D("2026-03-09"), today=D("2026-03-09"))


def test_correction_public_step_is_addressed_to_the_applicant(county, case):
    _correction(county, case)
    step = Step.objects.get(application=case, kind="correction_sent")
    assert step.public
    assert county.handler_a.full_name not in step.text
    assert "2026年3月16日" in step.text


def test_correction_lapses_to_other_1_after_the_deadline(county, case):
    _correction(county, case)
    with pytest.raises(WorkflowError):  # the deadline day itself is still open
        correction_lapse(actor=county.handler_a, application=case, today=D("2026-03-16"))
    case = correction_lapse(actor=county.handler_a, application=case, today=D("2026-03-17"))
    assert case.status == Status.DECIDED
    assert case.outcome == Outcome.OTHER_NO_CORRECTION  # 其他处理 1
    assert case.outcome_reason == RULES[Outcome.OTHER_NO_CORRECTION].reason
    assert case.decided_on == D("2026-03-17")
    assert case.due_date is None  # deemed abandoned: no answer period runs
    assert case.correction.lapsed_on == D("2026-03-17")
    with pytest.raises(WorkflowError):
        correction_supplement(
            actor=county.handler_a,
            application=case,
            received_on=D("2026-03-17"),
            today=D("2026-03-17"),
        )
    assert events(case) == [
        "application.assign",
        "application.correction_send",
        "application.decide",
    ]


def test_no_lapse_once_supplemented(county, case):
    _correction(county, case)
    correction_supplement(
        actor=county.handler_a,
        application=case,
        received_on=D("2026-03-10"),
        today=D("2026-03-10"),
    )
    with pytest.raises(WorkflowError):
        correction_lapse(actor=county.handler_a, application=case, today=D("2026-03-20"))


# --- extension -------------------------------------------------------------------------------


@pytest.mark.parametrize("days", [0, 21])
def test_extension_is_1_to_20_working_days(county, case, days):
    with pytest.raises(WorkflowError) as exc:
        extension_request(
            actor=county.handler_a,
            application=case,
            days=days,
            reason="理由",
            today=D("2026-03-20"),
        )
    assert "days" in exc.value.message_dict


def test_extension_approved_on_the_due_date_moves_it(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    extension = extension_request(
        actor=county.handler_a,
        application=case,
        days=20,
        reason="需调取档案",
        today=D("2026-03-30"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-30"))
    case.refresh_from_db()
    assert case.due_date == D("2026-04-28")  # 20 more working days, 清明 skipped
    step = Step.objects.get(application=case, kind="extension")
    assert step.public and "2026年4月28日" in step.text
    assert county.leader_a.full_name not in step.text
    assert len(mail_outbox) == 1
    assert mail_outbox[0].to == ["applicant@example.com"]
    assert "2026年4月28日" in mail_outbox[0].body
    assert events(case)[-2:] == ["application.extension_request", "application.extension_approve"]


def test_extension_refused_after_the_due_date(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    with pytest.raises(WorkflowError):
        extension_request(
            actor=county.handler_a, application=case, days=5, reason="理由", today=D("2026-03-31")
        )
    extension = extension_request(
        actor=county.handler_a, application=case, days=5, reason="理由", today=D("2026-03-30")
    )
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(WorkflowError):
            extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-31"))
    case.refresh_from_db()
    assert case.due_date == D("2026-03-30")
    assert mail_outbox == []


def test_extension_only_once(county, case):
    extension = extension_request(
        actor=county.handler_a, application=case, days=5, reason="理由", today=D("2026-03-10")
    )
    with pytest.raises(WorkflowError):  # a second request while one is pending
        extension_request(
            actor=county.handler_a, application=case, days=5, reason="理由", today=D("2026-03-10")
        )
    extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-10"))
    with pytest.raises(WorkflowError):  # approved once: no second approval …
        extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-11"))
    with pytest.raises(WorkflowError):  # … and no second extension
        extension_request(
            actor=county.handler_a, application=case, days=5, reason="再延", today=D("2026-03-11")
        )


def test_a_refused_extension_leaves_the_due_date_and_may_be_asked_again(county, case):
    extension = extension_request(
        actor=county.handler_a, application=case, days=20, reason="理由", today=D("2026-03-10")
    )
    extension_refuse(actor=county.leader_a, extension=extension, reason="理由不充分")
    case.refresh_from_db()
    assert case.due_date == D("2026-03-30")
    with pytest.raises(WorkflowError):
        extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-10"))
    again = extension_request(
        actor=county.handler_a,
        application=case,
        days=10,
        reason="需征求意见",
        today=D("2026-03-11"),
    )
    extension_approve(actor=county.leader_a, extension=again, today=D("2026-03-11"))
    case.refresh_from_db()
    assert case.due_date == D("2026-04-14")
    assert "application.extension_refuse" in events(case)


# --- decisions: every outcome with its required fields ---------------------------------------


def _prepare(county, case, outcome):
    """Bring the case to where ``outcome`` may be decided; return the decide() arguments."""
    today = D("2026-03-20")
    args = {"decided_on": today, "today": today}
    if outcome in (Outcome.GRANTED, Outcome.PARTIAL):
        args["provided"] = "以电子邮件方式提供《2025年度预算执行情况》"
    if outcome in (Outcome.PARTIAL, Outcome.NOT_HANDLED_PUBLICATION, Outcome.OTHER):
        args["reason"] = (RULES[outcome].reason or "其他原因：") + "补充说明。"
    if outcome == Outcome.UNAVAILABLE_UNCLEAR:
        _correction(county, case)
        correction_supplement(
            actor=county.handler_a,
            application=case,
            received_on=D("2026-03-06"),
            today=D("2026-03-06"),
        )
    if outcome == Outcome.OTHER_NO_CORRECTION:
        _correction(county, case, deadline=D("2026-03-13"))
    if outcome == Outcome.OTHER_FEE_UNPAID:
        fee = fee_notice_send(
            actor=county.handler_a,
            application=case,
            method=FeeMethod.PER_PAGE,
            units=50,
            sent_on=D("2026-03-03"),
            today=D("2026-03-03"),
        )
        fee_notice_received(
            actor=county.handler_a, fee=fee, received_on=D("2026-03-03"), today=D("2026-03-03")
        )
        args["decided_on"] = args["today"] = D("2026-04-01")  # pay_by 31 March
    return args


@pytest.mark.parametrize("outcome", Outcome.values)
def test_every_outcome_is_accepted_with_its_required_fields(county, case, outcome):
    args = _prepare(county, case, outcome)
    case = application_decide(actor=county.handler_a, application=case, outcome=outcome, **args)
    assert case.status == Status.DECIDED
    assert case.outcome == outcome
    assert case.decided_on == args["decided_on"]
    assert case.outcome_reason == args.get("reason", RULES[outcome].reason)
    assert events(case)[-1] == "application.decide"


@pytest.mark.parametrize("outcome", [Outcome.GRANTED, Outcome.PARTIAL])
def test_granted_and_partial_need_what_was_provided(county, case, outcome):
    with pytest.raises(WorkflowError) as exc:
        application_decide(
            actor=county.handler_a,
            application=case,
            outcome=outcome,
            reason="理由：部分内容涉及个人隐私。",
            today=D("2026-03-20"),
        )
    assert "provided" in exc.value.message_dict


@pytest.mark.parametrize("outcome", [Outcome.PARTIAL, Outcome.OTHER])
def test_reasons_must_be_completed(county, case, outcome):
    with pytest.raises(WorkflowError) as exc:
        application_decide(
            actor=county.handler_a,
            application=case,
            outcome=outcome,
            provided="提供了可以公开的部分" if outcome == Outcome.PARTIAL else "",
            today=D("2026-03-20"),
        )
    assert "reason" in exc.value.message_dict


def test_lapse_outcomes_need_their_notice(county, case):
    for outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID):
        with pytest.raises(WorkflowError):
            application_decide(
                actor=county.handler_a, application=case, outcome=outcome, today=D("2026-03-20")
            )
    with pytest.raises(WorkflowError):  # 补正后仍不明确 needs an answered 补正
        application_decide(
            actor=county.handler_a,
            application=case,
            outcome=Outcome.UNAVAILABLE_UNCLEAR,
            today=D("2026-03-20"),
        )


def test_transfer_records_the_agency_that_holds_the_information(county, case):
    case = application_transfer(
        actor=county.handler_a,
        application=case,
        agency_name="测试县自然资源局",
        contact="0579-80000001，测试县人民路3号",
        today=D("2026-03-20"),
    )
    assert case.outcome == Outcome.UNAVAILABLE_NOT_HELD
    assert case.referral_agency == "测试县自然资源局"
    assert case.referral_contact.startswith("0579")


def test_referral_needs_name_and_contact_and_only_for_not_held(county, case):
    with pytest.raises(WorkflowError) as exc:
        application_decide(
            actor=county.handler_a,
            application=case,
            outcome=Outcome.UNAVAILABLE_NOT_HELD,
            referral_agency="测试县自然资源局",
            today=D("2026-03-20"),
        )
    assert "referral_contact" in exc.value.message_dict
    with pytest.raises(WorkflowError) as exc:
        application_decide(
            actor=county.handler_a,
            application=case,
            outcome=Outcome.WITHHELD_INTERNAL,
            referral_agency="测试县自然资源局",
            referral_contact="0579-80000001",
            today=D("2026-03-20"),
        )
    assert "referral_agency" in exc.value.message_dict


def test_an_unassigned_case_is_not_decided(county, application):
    with pytest.raises(WorkflowError):
        application_decide(
            actor=county.handler_a,
            application=application,
            outcome=Outcome.WITHHELD_STATE_SECRET,
            today=D("2026-03-20"),
        )


def test_decision_cannot_be_in_the_future_or_before_receipt(county, case):
    for day in ("2026-03-01", "2026-03-21"):
        with pytest.raises(WorkflowError) as exc:
            application_decide(
                actor=county.handler_a,
                application=case,
                outcome=Outcome.WITHHELD_STATE_SECRET,
                decided_on=D(day),
                today=D("2026-03-20"),
            )
        assert "decided_on" in exc.value.message_dict


# --- archive and remedies --------------------------------------------------------------------


def _decided(county, case):
    return application_decide(
        actor=county.handler_a,
        application=case,
        outcome=Outcome.WITHHELD_PROCESS,
        today=D("2026-03-20"),
    )


def test_archive_only_after_the_reply(county, case):
    case = _decided(county, case)
    with pytest.raises(WorkflowError):
        application_archive(actor=county.handler_a, application=case)
    # The letters module marks a case replied when the reply is issued; stand in for it here.
    Application.objects.filter(pk=case.pk).update(status=Status.REPLIED, replied_on=D("2026-03-23"))
    with pytest.raises(PermissionDenied):
        application_archive(actor=county.handler_b, application=case)
    case = application_archive(actor=county.handler_a, application=case, now=at("2026-03-24"))
    assert case.status == Status.ARCHIVED
    assert case.archived_at == at("2026-03-24")
    assert events(case)[-1] == "application.archive"


def test_remedies(county, case):
    case = _decided(county, case)
    with pytest.raises(WorkflowError) as exc:
        remedy_add(
            actor=county.handler_a,
            application=case,
            kind=RemedyKind.RECONSIDERATION,
            filed_on=D("2026-04-01"),
            after_reconsideration=True,
            today=D("2026-04-01"),
        )
    assert "after_reconsideration" in exc.value.message_dict
    review = remedy_add(
        actor=county.handler_a,
        application=case,
        kind=RemedyKind.RECONSIDERATION,
        filed_on=D("2026-04-01"),
        body="测试县人民政府",
        today=D("2026-04-01"),
    )
    assert review.result == RemedyResult.PENDING
    with pytest.raises(WorkflowError) as exc:
        remedy_update(actor=county.handler_a, remedy=review, result=RemedyResult.UPHELD)
    assert "concluded_on" in exc.value.message_dict
    review = remedy_update(
        actor=county.handler_a,
        remedy=review,
        result=RemedyResult.UPHELD,
        concluded_on=D("2026-05-20"),
        today=D("2026-05-20"),
    )
    assert review.result == RemedyResult.UPHELD
    lawsuit = remedy_add(
        actor=county.handler_a,
        application=case,
        kind=RemedyKind.LITIGATION,
        filed_on=D("2026-06-01"),
        after_reconsideration=True,
        body="测试县人民法院",
        today=D("2026-06-01"),
    )
    assert lawsuit.after_reconsideration
    with pytest.raises(PermissionDenied):
        remedy_update(actor=county.handler_b, remedy=lawsuit, note="x")
    assert events(case)[-3:] == [
        "application.remedy_add",
        "application.remedy_update",
        "application.remedy_add",
    ]


# --- steps and audit -------------------------------------------------------------------------


def test_public_steps_never_name_staff(county, case):
    _correction(county, case)
    correction_supplement(
        actor=county.handler_a, application=case, received_on=D("2026-03-06"), today=D("2026-03-06")
    )
    extension = extension_request(
        actor=county.handler_a, application=case, days=5, reason="需要时间", today=D("2026-03-10")
    )
    extension_approve(actor=county.leader_a, extension=extension, today=D("2026-03-10"))
    public = Step.objects.filter(application=case, public=True)
    assert {s.kind for s in public} >= {
        "handling",
        "correction_sent",
        "correction_supplemented",
        "extension",
    }
    names = [u.full_name for u in (county.handler_a, county.leader_a)]
    for step in public:
        assert not any(name in step.text for name in names), step.text
    internal = Step.objects.filter(application=case, public=False, kind="assigned").get()
    assert county.handler_a.full_name in internal.text


def test_audit_trail_of_a_case(county, case):
    _correction(county, case)
    correction_supplement(
        actor=county.handler_a, application=case, received_on=D("2026-03-06"), today=D("2026-03-06")
    )
    application_decide(
        actor=county.handler_a,
        application=case,
        outcome=Outcome.GRANTED,
        provided="邮件发送",
        today=D("2026-03-20"),
    )
    assert events(case) == [
        "application.assign",
        "application.correction_send",
        "application.correction_supplement",
        "application.decide",
    ]
    decide = Event.objects.get(action="application.decide", object_id=str(case.pk))
    assert decide.actor == county.handler_a
    assert decide.agency == county.a
    assert decide.data["outcome"] == Outcome.GRANTED


# --- selectors -------------------------------------------------------------------------------


def test_similar_titles():
    assert similar_titles("2025年度本局预算执行情况", "2025年本局预算执行情况说明")
    assert similar_titles("关于某某小区拆迁补偿方案", "某某小区拆迁补偿的方案文件")
    assert not similar_titles("2025年度本局预算执行情况", "城东学校招生划片范围")


def test_possible_duplicates_and_monthly_count(county):
    first = registered_application(
        county.a, received_on="2026-03-02", id_number=ID, info_title="2025年度本局预算执行情况"
    )
    other_title = registered_application(
        county.a, received_on="2026-03-05", id_number=ID, info_title="城东学校招生划片范围"
    )
    registered_application(  # someone else
        county.a, received_on="2026-03-05", id_number="X1", info_title="2025年度本局预算执行情况"
    )
    registered_application(  # another agency
        county.b, received_on="2026-03-05", id_number=ID, info_title="2025年度本局预算执行情况"
    )
    registered_application(  # last month: a duplicate, but another month
        county.a, received_on="2026-02-27", id_number=ID, info_title="2025年本局预算执行情况"
    )
    new = registered_application(
        county.a, received_on="2026-03-09", id_number=ID, info_title="2025年本局预算执行情况说明"
    )
    duplicates = possible_duplicates(new)
    assert first in duplicates and other_title not in duplicates
    assert len(duplicates) == 2  # with February's
    assert monthly_count(new) == 3  # 2, 5 and 9 March at bureau A
    flags = application_flags(new)
    assert flags.monthly_count == 3 and not flags.many_this_month


def test_open_cases_due_within_and_overdue(county, case):
    done = _decided(
        county, assign(county, registered_application(county.a, received_on="2026-03-02"))
    )
    Application.objects.filter(pk=done.pk).update(status=Status.REPLIED)
    later = registered_application(county.a, received_on="2026-03-16")  # due 13 April
    assert list(open_cases(county.a)) == [case, later]
    assert list(due_within(open_cases(county.a), 5, D("2026-03-23"))) == [case]
    assert list(due_within(open_cases(county.a), 5, D("2026-03-31"))) == []
    assert list(overdue(open_cases(county.a), D("2026-03-31"))) == [case]


# --- reminders (tick) ------------------------------------------------------------------------


def run_tick(now, capture):
    with capture(execute=True):
        jobs.refresh_clocks(now)
        return jobs.reminders(now)


def test_reminders_are_sent_once_per_kind_and_due_date(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    registered_application(county.b, received_on="2026-03-20")  # not due soon: no mail
    # Monday 23 March: 5 working days to Monday 30 March
    assert run_tick(at("2026-03-23"), django_capture_on_commit_callbacks) == "1 reminders sent"
    assert run_tick(at("2026-03-23", 20), django_capture_on_commit_callbacks) == "0 reminders sent"
    assert [m.to for m in mail_outbox] == [["handler.a@example.com"]]
    assert "2026年3月30日" in mail_outbox[0].body
    # Thursday 26 March: 2 working days
    run_tick(at("2026-03-26"), django_capture_on_commit_callbacks)
    run_tick(at("2026-03-27"), django_capture_on_commit_callbacks)
    assert len(mail_outbox) == 2
    # Tuesday 31 March: overdue — the handler and the county's 公开办 (an ancestor agency)
    run_tick(at("2026-03-31"), django_capture_on_commit_callbacks)
    run_tick(at("2026-04-01"), django_capture_on_commit_callbacks)
    assert [m.to for m in mail_outbox[2:]] == [["handler.a@example.com"], ["office@example.com"]]
    assert set(ReminderSent.objects.filter(application=case).values_list("kind", flat=True)) == {
        ReminderKind.DUE_IN_5,
        ReminderKind.DUE_IN_2,
        ReminderKind.OVERDUE,
        ReminderKind.OVERDUE_OFFICE,
    }


def test_a_skipped_day_still_reminds_and_a_moved_due_date_reminds_again(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    # The tick did not run on 23 March; on the 24th (4 working days left) the 5-day reminder goes.
    run_tick(at("2026-03-24"), django_capture_on_commit_callbacks)
    assert len(mail_outbox) == 1
    # The calendar gains a rest day (25 March): the due date moves to 31 March …
    CalendarDay.objects.create(
        year=CalendarYear.objects.get(year=2026), date=D("2026-03-25"), kind=DayKind.HOLIDAY
    )
    run_tick(at("2026-03-24", 20), django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.due_date == D("2026-03-31")
    # … and the new due date earns its own reminder.
    assert len(mail_outbox) == 2
    assert "2026年3月31日" in mail_outbox[1].body
    assert ReminderSent.objects.filter(application=case, kind=ReminderKind.DUE_IN_5).count() == 2


def test_an_unassigned_case_reminds_every_handler_of_the_agency(
    county, application, mail_outbox, django_capture_on_commit_callbacks
):
    run_tick(at("2026-03-26"), django_capture_on_commit_callbacks)
    assert len(mail_outbox) == 1
    assert mail_outbox[0].to == ["handler.a2@example.com", "handler.a@example.com"]


def test_no_reminders_for_a_case_waiting_for_a_supplement(
    county, case, mail_outbox, django_capture_on_commit_callbacks
):
    _correction(county, case)
    run_tick(at("2026-04-30"), django_capture_on_commit_callbacks)
    assert mail_outbox == []


def test_both_jobs_run_with_the_tick():
    from gongkai.core import tick

    registered = tick.jobs()
    assert registered["applications.refresh_clocks"] is jobs.refresh_clocks
    assert registered["applications.reminders"] is jobs.reminders
    # the clocks are refreshed before the reminders look at the due dates
    names = list(registered)
    assert names.index("applications.refresh_clocks") < names.index("applications.reminders")
