"""The statutory clock (Arts. 30, 32–34) on the real 2026 calendar (seeded from the package):
Spring Festival 15–23 Feb with make-up days 14 and 28 Feb; National Day 1–7 Oct with rest
25–27 Sep and make-up days 20 Sep and 10 Oct."""

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.applications import jobs
from gongkai.applications.clock import ClockInput, Pause, compute_clock
from gongkai.applications.models import ConsultationKind, Status
from gongkai.applications.services.clock import calendar_for
from gongkai.applications.services.workflow import (
    WorkflowError,
    application_assign,
    consultation_deem_consent,
    consultation_party_received,
    consultation_record_reply,
    consultation_send,
    correction_send,
    correction_supplement,
    extension_approve,
    extension_request,
)
from gongkai.workdays.models import CalendarDay, CalendarYear, DayKind
from gongkai.workdays.services import calendar_year_set
from tests.applications.conftest import registered_application
from tests.workdays.conftest import MAKE_UP_2027, REST_2027

D = dt.date.fromisoformat
NOW = timezone.make_aware(dt.datetime(2026, 3, 2, 9, 0))


def handling(county, received_on):
    application = registered_application(county.a, received_on=received_on)
    return application_assign(
        actor=county.handler_a, application=application, handler=county.handler_a, now=NOW
    )


# --- due dates across holidays --------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "extended"),
    [
        # 20 working days over the Spring Festival (the make-up Saturdays 14 and 28 Feb count)
        ("2026-02-10", "2026-03-16", "2026-04-14"),
        # 20 working days over National Day (make-up Sunday 20 Sep and Saturday 10 Oct count)
        ("2026-09-15", "2026-10-19", "2026-11-16"),
    ],
)
def test_due_dates_across_holidays(db, received, due, extended):
    calendar = calendar_for(D(received))
    assert compute_clock(ClockInput(received_on=D(received)), calendar).due_date == D(due)
    state = compute_clock(ClockInput(received_on=D(received), extension_days=20), calendar)
    assert state.due_date == D(extended)


@pytest.mark.parametrize(
    ("received", "due", "extended", "approve_on"),
    [
        ("2026-02-10", "2026-03-16", "2026-04-14", "2026-03-16"),
        ("2026-09-15", "2026-10-19", "2026-11-16", "2026-10-09"),
    ],
)
def test_stored_due_date_and_extension_through_services(
    county, received, due, extended, approve_on
):
    application = handling(county, received)
    assert application.due_date == D(due)
    assert application.clock_start == D(received)
    extension = extension_request(
        actor=county.handler_a,
        application=application,
        days=20,
        reason="需要调取档案",
        today=D(approve_on),
    )
    extension_approve(actor=county.leader_a, extension=extension, today=D(approve_on))
    application.refresh_from_db()
    assert application.due_date == D(extended)


def test_clock_explains_itself(db):
    state = compute_clock(ClockInput(received_on=D("2026-02-10")), calendar_for(D("2026-02-10")))
    assert "2026年3月16日" in state.explanation[-1]


# --- 补正 restarts the clock ------------------------------------------------------------------


def test_correction_stops_and_restarts_the_clock_from_the_supplement(county):
    application = handling(county, "2026-03-02")
    assert application.due_date == D("2026-03-30")
    correction_send(
        actor=county.handler_a,
        application=application,
        what="请明确所需信息的年份",
        deadline=D("2026-03-20"),
        sent_on=D("2026-03-05"),
        today=D("2026-03-05"),
    )
    application.refresh_from_db()
    assert application.status == Status.CORRECTION
    assert application.due_date is None  # the clock stopped: no due date runs
    correction_supplement(
        actor=county.handler_a,
        application=application,
        received_on=D("2026-03-05"),
        text="2025年",
        today=D("2026-03-05"),
    )
    application.refresh_from_db()
    assert application.status == Status.HANDLING
    assert application.clock_start == D("2026-03-05")
    # 20 working days from 5 March (not from 2 March): 2 April, before 清明 (4–6 April)
    assert application.due_date == D("2026-04-02")


def test_correction_deadline_is_seven_working_days_across_spring_festival(county):
    # received Tue 10 Feb: 11, 12, 13, 14 (make-up Sat), [15–23 rest], 24, 25, 26 → 26 Feb
    application = handling(county, "2026-02-10")
    with pytest.raises(WorkflowError) as exc:
        correction_send(
            actor=county.handler_a,
            application=application,
            what="请说明",
            deadline=D("2026-03-10"),
            sent_on=D("2026-02-27"),
            today=D("2026-02-27"),
        )
    assert "sent_on" in exc.value.message_dict
    correction_send(
        actor=county.handler_a,
        application=application,
        what="请说明",
        deadline=D("2026-03-10"),
        sent_on=D("2026-02-26"),
        today=D("2026-02-26"),
    )


# --- consultation pauses ------------------------------------------------------------------


def test_third_party_pause_runs_fifteen_working_days_from_their_receipt(county):
    application = handling(county, "2026-03-02")
    consultation = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.THIRD_PARTY,
        party="某某有限公司",
        sent_on=D("2026-03-04"),
        party_received_on=D("2026-03-06"),
        today=D("2026-03-04"),
    )
    # 15 working days from their receipt on 6 March
    assert consultation.reply_due == D("2026-03-27")
    application.refresh_from_db()
    # paused 5 March … 27 March = 17 working days; 37 working days from 2 March (清明 skipped)
    assert application.paused_working_days == 17
    assert application.due_date == D("2026-04-23")

    consultation_record_reply(
        actor=county.handler_a,
        consultation=consultation,
        replied_on=D("2026-03-13"),
        agrees=False,
        summary="涉及商业秘密，不同意公开",
        today=D("2026-03-13"),
    )
    application.refresh_from_db()
    # the pause ends with the reply: 5 March … 13 March = 7 working days
    assert application.paused_working_days == 7
    assert application.due_date == D("2026-04-09")


def test_reply_due_counts_from_sending_until_the_receipt_is_known(county):
    application = handling(county, "2026-03-02")
    consultation = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.THIRD_PARTY,
        party="李四",
        sent_on=D("2026-03-04"),
        today=D("2026-03-04"),
    )
    assert consultation.reply_due == D("2026-03-25")
    consultation_party_received(
        actor=county.handler_a, consultation=consultation, party_received_on=D("2026-03-06")
    )
    consultation.refresh_from_db()
    assert consultation.reply_due == D("2026-03-27")
    application.refresh_from_db()
    assert application.due_date == D("2026-04-23")


def test_a_late_reply_does_not_extend_the_pause(county):
    application = handling(county, "2026-03-02")
    consultation = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.THIRD_PARTY,
        party="某某有限公司",
        sent_on=D("2026-03-04"),
        party_received_on=D("2026-03-06"),
        today=D("2026-03-04"),
    )
    consultation_record_reply(
        actor=county.handler_a,
        consultation=consultation,
        replied_on=D("2026-04-02"),
        agrees=True,
        today=D("2026-04-02"),
    )
    application.refresh_from_db()
    assert application.due_date == D("2026-04-23")  # as if no reply: the pause ends 27 March


def test_overlapping_consultations_are_counted_once(county):
    application = handling(county, "2026-03-02")
    third = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.THIRD_PARTY,
        party="某某有限公司",
        sent_on=D("2026-03-04"),
        party_received_on=D("2026-03-06"),
        today=D("2026-03-04"),
    )
    consultation_record_reply(
        actor=county.handler_a,
        consultation=third,
        replied_on=D("2026-03-13"),
        agrees=True,
        today=D("2026-03-13"),
    )
    agency = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.AGENCY,
        party="测试县财政局",
        sent_on=D("2026-03-10"),
        today=D("2026-03-10"),
    )
    assert agency.reply_due == D("2026-03-31")
    application.refresh_from_db()
    # 4–13 March and 10–31 March merge into 4–31 March: 19 working days, not 7 + 15
    assert application.paused_working_days == 19
    assert application.due_date == D("2026-04-27")


def test_pure_merge_of_overlapping_pauses(db):
    calendar = calendar_for(D("2026-03-02"))
    state = compute_clock(
        ClockInput(
            received_on=D("2026-03-02"),
            pauses=(
                Pause(D("2026-03-04"), D("2026-03-13"), "a"),
                Pause(D("2026-03-10"), D("2026-03-31"), "b"),
            ),
        ),
        calendar,
    )
    assert (state.paused_working_days, state.due_date) == (19, D("2026-04-27"))


def test_agency_silence_is_consent_only_after_the_reply_period(county):
    application = handling(county, "2026-03-02")
    consultation = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.AGENCY,
        party="测试县财政局",
        sent_on=D("2026-03-10"),
        today=D("2026-03-10"),
    )
    with pytest.raises(WorkflowError):
        consultation_deem_consent(
            actor=county.handler_a, consultation=consultation, today=D("2026-03-31")
        )
    consultation = consultation_deem_consent(
        actor=county.handler_a, consultation=consultation, today=D("2026-04-01")
    )
    assert consultation.agrees is True
    assert consultation.replied_on is None
    application.refresh_from_db()
    # the pause runs to the end of the reply period (11–31 March: 15 working days)
    assert application.paused_working_days == 15


def test_third_party_silence_is_not_consent(county):
    application = handling(county, "2026-03-02")
    consultation = consultation_send(
        actor=county.handler_a,
        application=application,
        kind=ConsultationKind.THIRD_PARTY,
        party="王五",
        sent_on=D("2026-03-04"),
        today=D("2026-03-04"),
    )
    with pytest.raises(WorkflowError):
        consultation_deem_consent(
            actor=county.handler_a, consultation=consultation, today=D("2026-05-01")
        )


# --- the calendar moves open due dates --------------------------------------------------------


def test_editing_the_calendar_moves_an_open_due_date(county):
    application = handling(county, "2026-03-02")
    assert application.due_date == D("2026-03-30")
    # An (invented) extra rest day on Friday 20 March pushes the due date by a working day.
    CalendarDay.objects.create(
        year=CalendarYear.objects.get(year=2026), date=D("2026-03-20"), kind=DayKind.HOLIDAY
    )
    application.refresh_from_db()
    assert application.due_date == D("2026-03-30")  # stored, until the tick runs
    assert jobs.refresh_clocks(NOW) == "1 due dates changed"
    application.refresh_from_db()
    assert application.due_date == D("2026-03-31")
    assert jobs.refresh_clocks(NOW) == "0 due dates changed"


def test_entering_next_years_calendar_gives_waiting_cases_a_due_date(county):
    application = handling(county, "2026-12-15")
    assert application.due_date is None  # 2027 is not entered: never guessed
    calendar_year_set(actor=county.admin, year=2027, holidays=REST_2027, workdays=MAKE_UP_2027)
    jobs.refresh_clocks(NOW)
    application.refresh_from_db()
    # 16–31 Dec 2026: 12 working days; 1 Jan 2027 is 元旦; 4–13 Jan: 8 more
    assert application.due_date == D("2027-01-13")


def test_closed_cases_are_not_recomputed(county):
    application = handling(county, "2026-03-02")
    type(application).objects.filter(pk=application.pk).update(
        status=Status.ARCHIVED, outcome="granted"
    )
    CalendarDay.objects.create(
        year=CalendarYear.objects.get(year=2026), date=D("2026-03-20"), kind=DayKind.HOLIDAY
    )
    jobs.refresh_clocks(NOW)
    application.refresh_from_db()
    assert application.due_date == D("2026-03-30")
