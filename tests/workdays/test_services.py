import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.accounts.models import Role
from gongkai.audit.models import Event
from gongkai.workdays import selectors
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.models import CalendarDay, CalendarSource, CalendarYear, DayKind
from gongkai.workdays.services import calendar_year_set
from tests.factories import staff

from .conftest import MAKE_UP_2027, REST_2027, D

pytestmark = pytest.mark.django_db


def set_2027(actor, **overrides):
    kwargs = {
        "actor": actor,
        "year": 2027,
        "holidays": REST_2027,
        "workdays": MAKE_UP_2027,
        "note": "国办发明电〔2026〕0号（测试用）",
    }
    kwargs.update(overrides)
    return calendar_year_set(**kwargs)


def test_entering_2027_makes_its_dates_computable(system_admin):
    with pytest.raises(CalendarMissing):
        selectors.add_working_days(D("2026-12-20"), 20)
    with pytest.raises(CalendarMissing):
        selectors.is_working_day(D("2027-03-03"))

    year = set_2027(system_admin)

    assert year.source == CalendarSource.MANUAL
    assert year.updated_by == system_admin
    assert CalendarDay.objects.filter(year_id=2027, kind=DayKind.HOLIDAY).count() == 17
    assert CalendarDay.objects.filter(year_id=2027, kind=DayKind.WORKDAY).count() == 3
    # 12/21–12/31 gives 9 days, 1/1 rests, then 1/4–1/8, 1/11–1/15 and 1/18.
    assert selectors.add_working_days(D("2026-12-20"), 20) == D("2027-01-18")
    assert selectors.add_working_days(D("2027-02-01"), 10) == D("2027-02-19")
    assert selectors.is_working_day(D("2027-02-14"))  # the invented make-up Sunday
    assert not selectors.is_working_day(D("2027-02-10"))
    assert selectors.count_working_days(D("2026-12-31"), D("2027-01-04")) == 1


def test_audit_event_written_with_the_diff(system_admin):
    set_2027(system_admin)
    event = Event.objects.get(action="workdays.year_set")
    assert event.actor == system_admin
    assert event.object_type == "workdays.calendaryear"
    assert event.object_id == "2027"
    assert event.data["created"] is True
    assert event.data["after"] == {"rest_days": 17, "rest_weekdays": 11, "make_up_days": 3}
    assert ["2027-02-14", "workday", "春节"] in event.data["days"]["added"]

    changed = dict(REST_2027)
    del changed[D("2027-10-07")]
    changed[D("2027-10-08")] = "国庆节"
    set_2027(system_admin, holidays=changed)
    event = Event.objects.filter(action="workdays.year_set").order_by("-pk").first()
    assert event.data["created"] is False
    assert event.data["days"]["added"] == [["2027-10-08", "holiday", "国庆节"]]
    assert event.data["days"]["removed"] == [["2027-10-07", "holiday", "国庆节"]]


def test_editing_a_package_year_changes_results_and_marks_it_manual(system_admin):
    assert selectors.add_working_days(D("2026-09-24"), 20) == D("2026-10-29")
    days = selectors.year_days(2026)
    rest = {d.date: d.name for d in days if d.kind == DayKind.HOLIDAY}
    make_up = {d.date: d.name for d in days if d.kind == DayKind.WORKDAY}
    del make_up[D("2026-10-10")]  # suppose the make-up Saturday were cancelled
    calendar_year_set(actor=system_admin, year=2026, holidays=rest, workdays=make_up, note="")
    assert selectors.add_working_days(D("2026-09-24"), 20) == D("2026-10-30")
    assert CalendarYear.objects.get(year=2026).source == CalendarSource.MANUAL


@pytest.mark.parametrize("role", [Role.DISCLOSURE_OFFICE, Role.AGENCY_ADMIN, Role.LEADER])
def test_only_a_system_admin_may_change_the_calendar(agency, role):
    user = staff(role, agency)
    with pytest.raises(PermissionDenied):
        set_2027(user)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not Event.objects.filter(action="workdays.year_set").exists()


def test_anonymous_actor_is_refused():
    with pytest.raises(PermissionDenied):
        set_2027(None)


@pytest.mark.parametrize(
    ("holidays", "workdays", "message"),
    [
        ({D("2026-12-31"): "元旦"}, {}, "2026-12-31不在2027年内。"),
        (
            REST_2027,
            {D("2027-02-10"): "春节"},
            "2027-02-10是星期三，调休上班日只能是星期六或星期日。",
        ),
        (
            {**REST_2027, D("2027-02-20"): "春节"},
            MAKE_UP_2027,
            "2027-02-20同时被填为放假日和调休上班日。",
        ),
        ({**REST_2027, D("2027-05-03"): " "}, {}, "放假日2027-05-03没有填写节假日名称。"),
        ({}, {}, "请至少填写一个放假日。"),
    ],
)
def test_validation(system_admin, holidays, workdays, message):
    with pytest.raises(ValidationError) as exc:
        set_2027(system_admin, holidays=holidays, workdays=workdays)
    assert message in exc.value.messages
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_failed_edit_leaves_the_year_unchanged(system_admin):
    set_2027(system_admin)
    with pytest.raises(ValidationError):
        set_2027(system_admin, workdays={D("2027-03-03"): "春节"})
    assert CalendarDay.objects.filter(year_id=2027).count() == 20
    assert Event.objects.filter(action="workdays.year_set").count() == 1


def test_year_out_of_range(system_admin):
    with pytest.raises(ValidationError):
        calendar_year_set(
            actor=system_admin, year=3000, holidays={dt.date(3000, 1, 1): "元旦"}, workdays={}
        )
