import datetime as dt

import pytest
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.package import package_arrangement, package_years
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat

# An invented arrangement for 2027 (the real one is not published yet): only its shape matters.
REST_2027 = {
    **{D("2027-01-01") + dt.timedelta(days=i): "元旦" for i in range(3)},  # Fri–Sun
    **{D("2027-02-06") + dt.timedelta(days=i): "春节" for i in range(7)},  # Sat–Fri
    **{D("2027-10-01") + dt.timedelta(days=i): "国庆节" for i in range(7)},  # Fri–Thu
}
MAKE_UP_2027 = {D("2027-02-14"): "春节", D("2027-02-20"): "春节", D("2027-10-09"): "国庆节"}
REST_2027_TEXT = (
    "元旦 2027-01-01~2027-01-03\n春节 2027-02-06至2027-02-12\n国庆节 2027-10-01～2027-10-07\n"
)
MAKE_UP_2027_TEXT = "春节 2027-02-14、2027-02-20\n国庆节 2027-10-09\n"


def build_package_calendar() -> Calendar:
    rest, make_up, names = [], [], {}
    for year in package_years():
        arrangement = package_arrangement(year)
        rest += list(arrangement.rest_days)
        make_up += list(arrangement.make_up_days)
        names.update(arrangement.rest_days)
        names.update(arrangement.make_up_days)
    return Calendar.build(years=package_years(), rest_days=rest, make_up_days=make_up, names=names)


PACKAGE_CALENDAR = build_package_calendar()


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def agency(db):
    return AgencyFactory()


@pytest.fixture
def system_admin(db):
    return staff(Role.SYSTEM_ADMIN)


@pytest.fixture
def officer(agency):
    return staff(Role.OFFICER, agency)
