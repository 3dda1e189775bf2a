"""A bad rating opens a rectification case whose time limit is counted in working days from
the day after the rating, across holidays; closing it, telling the rater, and who may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import Event
from gongkai.servicehall.jobs import refresh_due_dates
from gongkai.servicehall.models import (
    RatingLevel,
    Rectification,
    RectificationStatus,
    ToldBy,
)
from gongkai.servicehall.services import (
    rating_contact_view,
    rectification_assign,
    rectification_close,
    rectification_record_callback,
)
from gongkai.workdays.models import CalendarYear
from gongkai.workdays.services import calendar_year_set

from .conftest import RATER, D, at, rate

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("level", "opens"),
    [
        (RatingLevel.VERY_SATISFIED, False),
        (RatingLevel.SATISFIED, False),
        (RatingLevel.BASICALLY, False),
        (RatingLevel.DISSATISFIED, True),
        (RatingLevel.VERY_DISSATISFIED, True),
    ],
)
def test_only_dissatisfied_and_very_dissatisfied_open_a_case(county, matter, level, opens):
    rating = rate(county.a, matter, level)
    assert Rectification.objects.filter(rating=rating).exists() is opens
    assert Event.objects.filter(action="rating.submit", object_id=str(rating.pk)).exists()


def test_due_date_skips_national_day_and_counts_the_make_up_saturday(county, matter):
    # Rated Wednesday 30 September 2026. 1–7 October are holidays; Thursday 8 October is
    # working day 1, Friday 9 is 2, the make-up Saturday 10 October is 3, then Monday 12 …
    # Tuesday 20 October is the 10th.
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-09-30").rectification
    assert case.opened_on == D("2026-09-30")
    assert case.time_limit_days == 10
    assert case.due_date == D("2026-10-20")
    event = Event.objects.get(action="rectification.open", object_id=str(case.pk))
    assert event.data["due_date"] == "2026-10-20"


def test_the_period_starts_the_day_after_the_rating(county, matter):
    # Rated on Friday 13 March 2026: Monday 16 March is working day 1, Friday 27 March the 10th.
    case = rate(county.a, matter, RatingLevel.VERY_DISSATISFIED, day="2026-03-13").rectification
    assert case.due_date == D("2026-03-27")


def test_the_time_limit_is_a_setting(county, matter, settings):
    settings.GONGKAI_RATING_RECTIFY_DAYS = 3
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-09-30").rectification
    assert case.time_limit_days == 3
    assert case.due_date == D("2026-10-10")  # 8, 9 and the make-up Saturday 10 October


def test_a_due_date_in_a_year_without_calendar_waits_and_is_filled_in_later(county, matter):
    assert not CalendarYear.objects.filter(year=2027).exists()
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-12-25").rectification
    assert case.due_date is None  # 28–31 December are 4 working days; the rest is in 2027
    calendar_year_set(
        actor=county.sysadmin, year=2027, holidays={D("2027-01-01"): "元旦"}, workdays={}
    )
    assert refresh_due_dates(at("2027-01-02")) == "1 due dates changed"
    case.refresh_from_db()
    assert case.due_date == D("2027-01-11")
    assert refresh_due_dates(at("2027-01-02")) == "0 due dates changed"


def test_the_agency_is_told_of_a_new_case(
    county, matter, mail_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-09-30")
    assert len(mail_outbox) == 1
    assert set(mail_outbox[0].to) == {
        "admin.a@example.com",
        "handler.a@example.com",
        "handler.a2@example.com",
    }
    assert "2026年10月20日" in mail_outbox[0].body


def test_close_as_rectified_tells_the_rater_by_email(
    county, matter, mail_outbox, django_capture_on_commit_callbacks
):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-09-30", **RATER).rectification
    mail_outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = rectification_close(
            actor=county.handler_a,
            case=case,
            outcome=RectificationStatus.RECTIFIED,
            verification="窗口人员未一次性告知所需材料，情况属实。",
            result="已对窗口人员批评教育，并在窗口张贴材料清单。",
            now=at("2026-10-20", 16),
        )
    assert case.status == RectificationStatus.RECTIFIED
    assert case.closed_on == D("2026-10-20") and case.on_time is True
    assert case.handler == county.handler_a and case.closed_by == county.handler_a
    assert case.rater_told_by == ToldBy.EMAIL and case.rater_told_at is not None
    assert [m.to for m in mail_outbox] == [["rater@example.com"]]
    assert "已对窗口人员批评教育" in mail_outbox[0].body
    event = Event.objects.get(action="rectification.close", object_id=str(case.pk))
    assert event.data["on_time"] is True and event.data["rater_emailed"] is True
    assert "rater@example.com" not in str(event.data)


def test_closed_the_day_after_the_due_date_is_late(county, matter):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-09-30").rectification
    case = rectification_close(
        actor=county.admin_a,
        case=case,
        outcome=RectificationStatus.UNFOUNDED,
        verification="调取监控录像核实。",
        result="经核实，办理过程符合规定，评价所述情况不属实。",
        now=at("2026-10-21"),
    )
    assert case.on_time is False
    assert case.rater_told_at is None  # no contact left


def test_closing_needs_the_findings_and_the_result_and_happens_once(county, matter):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED).rectification
    with pytest.raises(ValidationError) as error:
        rectification_close(
            actor=county.handler_a, case=case, outcome="rectified", verification="", result=""
        )
    assert set(error.value.message_dict) == {"verification", "result"}
    with pytest.raises(ValidationError) as error:
        rectification_close(
            actor=county.handler_a, case=case, outcome="open", verification="查了", result="改了"
        )
    assert set(error.value.message_dict) == {"outcome"}
    case.refresh_from_db()
    assert case.status == RectificationStatus.OPEN and case.closed_on is None
    rectification_close(
        actor=county.handler_a,
        case=case,
        outcome="rectified",
        verification="查了",
        result="改了",
        now=at("2026-03-03"),
    )
    with pytest.raises(ValidationError):
        rectification_close(
            actor=county.handler_a,
            case=case,
            outcome="unfounded",
            verification="再查",
            result="不属实",
            now=at("2026-03-04"),
        )


@pytest.mark.parametrize(
    "who", ["reviewer_a", "leader_a", "officer_a", "admin_b", "handler_b", "office"]
)
def test_only_the_agency_s_handlers_and_admins_may_rectify(county, matter, who):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED).rectification
    actor = getattr(county, who)
    with pytest.raises(PermissionDenied):
        rectification_close(
            actor=actor, case=case, outcome="rectified", verification="查了", result="改了"
        )
    with pytest.raises(PermissionDenied):
        rectification_assign(actor=actor, case=case, handler=county.handler_a)
    with pytest.raises(PermissionDenied):
        rating_contact_view(actor=actor, rating=case.rating)
    case.refresh_from_db()
    assert case.is_open and case.handler is None


def test_assigning_to_someone_who_cannot_rectify_is_refused(county, matter):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED).rectification
    with pytest.raises(ValidationError):
        rectification_assign(actor=county.admin_a, case=case, handler=county.handler_b)
    with pytest.raises(ValidationError):
        rectification_assign(actor=county.admin_a, case=case, handler=county.reviewer_a)
    case = rectification_assign(actor=county.admin_a, case=case, handler=county.handler_a2)
    assert case.handler == county.handler_a2


def test_a_phone_only_rater_is_called_back_and_the_call_recorded_once(county, matter):
    case = rate(
        county.a, matter, RatingLevel.DISSATISFIED, contact_phone="0570-1234567"
    ).rectification
    assert case.rating.contact_phone == "05701234567"
    with pytest.raises(ValidationError):  # not before the case is closed
        rectification_record_callback(actor=county.handler_a, case=case)
    rectification_close(
        actor=county.handler_a,
        case=case,
        outcome="rectified",
        verification="查了",
        result="改了",
        now=at("2026-03-04"),
    )
    case = rectification_record_callback(
        actor=county.handler_a,
        case=case,
        note="已电话告知，评价人表示认可。",
        now=at("2026-03-04", 15),
    )
    assert case.rater_told_by == ToldBy.PHONE
    with pytest.raises(ValidationError):
        rectification_record_callback(actor=county.handler_a, case=case)


def test_no_callback_without_a_phone_number(county, matter):
    case = rate(
        county.a, matter, RatingLevel.DISSATISFIED, contact_email="x@example.com"
    ).rectification
    rectification_close(
        actor=county.handler_a,
        case=case,
        outcome="rectified",
        verification="查",
        result="改",
        now=at("2026-03-04"),
    )
    with pytest.raises(ValidationError):
        rectification_record_callback(actor=county.handler_a, case=case)


def test_every_look_at_the_contact_is_audited(county, matter):
    rating = rate(county.a, matter, RatingLevel.DISSATISFIED, **RATER)
    contact = rating_contact_view(actor=county.handler_a, rating=rating)
    assert contact == {"phone": "13912345678", "email": "rater@example.com"}
    event = Event.objects.get(action="rating.contact_view")
    assert event.actor == county.handler_a and event.object_id == str(rating.pk)


def test_a_case_cannot_be_closed_before_it_was_opened(county, matter):
    case = rate(county.a, matter, RatingLevel.DISSATISFIED, day="2026-03-10").rectification
    with pytest.raises(ValidationError):
        rectification_close(
            actor=county.handler_a,
            case=case,
            outcome="rectified",
            verification="查",
            result="改",
            now=at("2026-03-09"),
        )


def test_the_database_refuses_a_closed_case_without_a_result(county, matter):
    from django.db import IntegrityError, transaction

    case = rate(county.a, matter, RatingLevel.DISSATISFIED).rectification
    with pytest.raises(IntegrityError), transaction.atomic():
        Rectification.objects.filter(pk=case.pk).update(
            status=RectificationStatus.RECTIFIED, closed_on=dt.date(2026, 3, 3)
        )
