from __future__ import annotations

import pytest

from gongkai.agencies.models import AgencyKind
from tests.factories import AgencyFactory


@pytest.fixture
def county(db):
    """A county government with two bureaus and a town below it."""
    root = AgencyFactory(name="测试县人民政府", short_name="测试县", kind=AgencyKind.GOVERNMENT)
    return root


@pytest.fixture
def bureau(county):
    return AgencyFactory(name="测试县教育局", short_name="县教育局", parent=county)


@pytest.fixture
def other_bureau(county):
    return AgencyFactory(name="测试县财政局", short_name="县财政局", parent=county)
