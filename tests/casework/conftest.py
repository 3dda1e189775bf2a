"""Fixtures of the casework tests: the real 2026 calendar (seeded by workdays 0002 from the
chinese-calendar package) and a small county with staff for the recipients."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import translation

from gongkai.accounts.models import Role
from gongkai.agencies.models import AgencyKind
from gongkai.workdays.selectors import load_calendar
from tests.factories import AgencyFactory, staff

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def cal(db):
    """The working-day calendar of 2026 as entered in the database."""
    return load_calendar([2026])


@pytest.fixture
def county(db):
    """A county government with a bureau and a town below it, and staff of several roles."""
    government = AgencyFactory(name="示例县人民政府", kind=AgencyKind.GOVERNMENT)
    bureau = AgencyFactory(name="示例县民政局", parent=government)
    town = AgencyFactory(name="示例县东山镇", parent=government)
    return SimpleNamespace(
        government=government,
        bureau=bureau,
        town=town,
        office=staff(Role.DISCLOSURE_OFFICE, government, email="office@example.com"),
        handler=staff(Role.HANDLER, bureau, email="handler@example.com"),
        handler2=staff(Role.HANDLER, bureau, email="handler2@example.com"),
        leader=staff(Role.LEADER, bureau, email="leader@example.com"),
        town_handler=staff(Role.HANDLER, town, email="town@example.com"),
    )
