import pytest
from chinese_calendar import constants

from gongkai.workdays import selectors
from gongkai.workdays.calendar import CalendarMissing
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.package import package_years
from gongkai.workdays.services import calendar_year_set

from .conftest import MAKE_UP_2027, PACKAGE_CALENDAR, REST_2027, D

pytestmark = pytest.mark.django_db


def test_migration_seeded_every_package_year():
    assert list(CalendarYear.objects.order_by("year").values_list("year", flat=True)) == list(
        range(2004, 2027)
    )
    assert package_years() == list(range(2004, 2027))
    assert CalendarDay.objects.count() == len(constants.holidays) + len(constants.workdays)
    assert CalendarDay.objects.get(date=D("2026-02-17")).name == "春节"
    assert set(CalendarYear.objects.values_list("source", flat=True)) == {"package"}


def test_load_calendar_takes_two_queries(django_assert_num_queries):
    with django_assert_num_queries(2):
        cal = selectors.load_calendar([2025, 2026, 2027])
    assert cal.years == frozenset({2025, 2026})
    assert cal.is_make_up_day(D("2026-10-10"))


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2026-02-10", 20, "2026-03-16"),
        ("2026-02-10", 40, "2026-04-14"),
        ("2026-09-15", 20, "2026-10-19"),
        ("2026-09-15", 40, "2026-11-16"),
        ("2025-12-31", 20, "2026-01-29"),
        ("2026-09-24", 20, "2026-10-29"),
        ("2025-01-20", 20, "2025-02-21"),
        ("2025-09-26", 10, "2025-10-16"),
    ],
)
def test_add_working_days_from_the_database(start, n, due):
    assert selectors.add_working_days(D(start), n) == D(due)


def test_long_walks_load_further_years():
    # 1200 working days from 2004-01-02 end in 2008, past the first load of 2004–2006.
    due = selectors.add_working_days(D("2004-01-02"), 1200)
    assert due.year == 2008
    assert due == PACKAGE_CALENDAR.add_working_days(D("2004-01-02"), 1200)
    with pytest.raises(CalendarMissing) as exc:
        selectors.add_working_days(D("2026-01-05"), 400)
    assert exc.value.year == 2027


def test_count_start_day_setting(settings):
    settings.GONGKAI_COUNT_START_DAY = True
    assert selectors.add_working_days(D("2026-09-24"), 20) == D("2026-10-28")
    assert selectors.count_working_days(D("2026-09-24"), D("2026-10-28")) == 20
    settings.GONGKAI_COUNT_START_DAY = False
    assert selectors.add_working_days(D("2026-09-24"), 20) == D("2026-10-29")
    assert selectors.count_working_days(D("2026-09-24"), D("2026-10-28")) == 19


def test_is_working_day_and_next_working_day():
    assert selectors.is_working_day(D("2026-01-04"))  # make-up Sunday
    assert not selectors.is_working_day(D("2026-02-20"))  # 春节, a Friday
    assert selectors.next_working_day(D("2026-02-13")) == D("2026-02-14")
    assert selectors.count_working_days(D("2026-10-29"), D("2026-09-24")) == 0


def test_day_info():
    info = selectors.day_info(D("2026-09-20"))
    assert info.is_working_day and info.kind == "workday" and info.name == "国庆节"
    assert selectors.day_info(D("2026-10-13")).kind == ""


def test_years_overview_counts():
    row = selectors.years_overview().get(year=2026)
    assert row.make_up_count == 6
    assert row.holiday_count == 33
    assert row.rest_weekday_count == 19


class TestMissingCalendarWarning:
    def test_quiet_before_november(self):
        assert selectors.missing_calendar_warning(D("2026-10-31")) is None

    def test_warns_from_1_november_when_next_year_is_missing(self):
        warning = selectors.missing_calendar_warning(D("2026-11-01"))
        assert warning is not None and "2027年的节假日安排尚未录入" in warning
        assert selectors.missing_calendar_warning(D("2026-12-31")) is not None

    def test_quiet_once_next_year_is_entered(self, system_admin):
        calendar_year_set(actor=system_admin, year=2027, holidays=REST_2027, workdays=MAKE_UP_2027)
        assert selectors.missing_calendar_warning(D("2026-11-01")) is None
        assert selectors.missing_calendar_warning(D("2027-03-01")) is None

    def test_warns_when_the_current_year_is_missing(self):
        warning = selectors.missing_calendar_warning(D("2027-03-01"))
        assert warning is not None and "2027年" in warning

    def test_follows_the_setting(self, settings):
        settings.GONGKAI_CALENDAR_WARN_FROM = (12, 1)
        assert selectors.missing_calendar_warning(D("2026-11-15")) is None
        assert selectors.missing_calendar_warning(D("2026-12-01")) is not None

    def test_one_query(self, django_assert_num_queries):
        with django_assert_num_queries(1):
            selectors.missing_calendar_warning(D("2026-11-01"))
